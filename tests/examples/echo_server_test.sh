#!/usr/bin/env bash
# Starts an example echo server on a free port, drives it with ovl-bench (which checks every
# echoed byte), and stops the server by its PID whatever happens.
# usage: echo_server_test.sh SERVER OVL_BENCH CONNS MESSAGES SIZE [EXTRA OVL_BENCH ARGS...]
set -u
server=$1 bench=$2 conns=$3 messages=$4 size=$5
shift 5
# Many connections need many descriptors: raise the soft limit to the hard one (both the
# server and ovl-bench inherit it).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
out=$(mktemp)
"$server" 0 >"$out" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -f "$out"' EXIT
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's/^listening on port \([0-9]*\).*/\1/p' "$out" | head -n1)
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.05
done
if [ -z "$port" ]; then
  echo "server did not report its port:"; cat "$out"; exit 1
fi
echo "server pid $pid on port $port (engine ${OVL_ENGINE:-auto})"
timeout 100 "$bench" --port "$port" --conns "$conns" --messages "$messages" --size "$size" --depth 1 "$@"
rc=$?
kill -0 "$pid" 2>/dev/null || { echo "server died:"; cat "$out"; exit 1; }
echo "server log (last lines):"; tail -n 3 "$out"
exit $rc
