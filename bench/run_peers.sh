#!/usr/bin/env bash
# Run ovl-bench against each peer echo server (raw epoll, raw io_uring, and Asio / libuv when
# built) on loopback. For the full comparison with overlapped's servers and Wine: bench/compare.
#   bench/run_peers.sh BUILD_DIR [conns=50] [size=64] [seconds=3]
# Environment: DEPTH (default 1), WARMUP (default 1), THREADS (ovl-bench threads, default 1),
#              BENCH_ARGS (extra ovl-bench arguments, e.g. --json).
# Builds nothing. Each server is started on port 0, its "listening on PORT" line is read, it is
# killed by PID afterwards (also on exit/interrupt). Prints one ovl-bench line per peer.
# Exit status: non-zero if any run failed.
set -euo pipefail

if [[ $# -lt 1 || $1 == -h || $1 == --help ]]; then
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
build=$1
conns=${2:-50}
size=${3:-64}
seconds=${4:-3}
depth=${DEPTH:-1}
warmup=${WARMUP:-1}
threads=${THREADS:-1}
bin=$build/bin
bench=$bin/ovl-bench
[[ -x $bench ]] || { echo "run_peers: $bench not found (build the ovl-bench target)" >&2; exit 2; }

# Enough descriptors for the client side (the servers inherit the same limit).
want=$((conns + 256))
if (( $(ulimit -n) < want )); then ulimit -n "$want" 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true; fi

tmp=$(mktemp -d)
server_pid=
# shellcheck disable=SC2317  # called via trap
cleanup() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_server NAME CMD... : sets server_pid and port
start_server() {
  local name=$1; shift
  local out=$tmp/$name.out
  "$@" --port 0 >"$out" 2>"$tmp/$name.err" &
  server_pid=$!
  port=
  for _ in $(seq 1 100); do  # up to 5 s
    if [[ -s $out ]] && read -r _ _ port <"$out" && [[ $port =~ ^[0-9]+$ ]]; then return 0; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
    sleep 0.05
  done
  echo "run_peers: $name did not report its port" >&2
  cat "$tmp/$name.err" >&2 || true
  return 1
}

stop_server() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=
}

status=0
for peer in epoll_echo_server uring_echo_server asio_echo_server asio_uring_echo_server \
            libuv_echo_server; do
  if [[ ! -x $bin/$peer ]]; then
    case $peer in
      epoll_*|uring_*) echo "$peer: not built" >&2; status=1 ;;
      *) echo "$peer: not built (its library is missing): skipped" >&2 ;;  # optional peers
    esac
    continue
  fi
  if ! start_server "$peer" "$bin/$peer"; then status=1; stop_server; continue; fi
  # shellcheck disable=SC2086
  if line=$("$bench" --port "$port" --conns "$conns" --size "$size" --depth "$depth" \
              --seconds "$seconds" --warmup "$warmup" --threads "$threads" --quiet ${BENCH_ARGS:-}); then
    printf '%-18s %s\n' "${peer%_echo_server}" "$line"
  else
    printf '%-18s FAILED %s\n' "${peer%_echo_server}" "$line"
    status=1
  fi
  stop_server
done
exit $status
