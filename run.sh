#!/usr/bin/env bash
# overlapped — one entry point for the README's quick start.
#   ./run.sh demo    install what is missing, build, run the overlapped echo server under load
#   ./run.sh test    install what is missing, build, run the whole test suite (both engines)
#   ./run.sh asan    the test suite under ASan+UBSan (build-asan/)
#   ./run.sh tsan    the test suite under ThreadSanitizer (build-tsan/)
#   ./run.sh build   install and build only
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(cmake g++ make pkg-config liburing-dev libgtest-dev libgmock-dev libbenchmark-dev libasio-dev libuv1-dev python3-matplotlib)

install_deps() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "== installing: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

build() {  # build DIR [cmake args...]
  local dir=$1; shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$dir" -j"$(nproc)" 2>&1 | grep -E "error|warning" || true
  cmake --build "$dir" -j"$(nproc)" >/dev/null  # fails loudly if the build is broken
}

start_server() {  # start_server BIN [ARGS...] (the args ask for port 0) -> sets SERVER_PID, SERVER_PORT
  local out; out=$(mktemp)
  "$@" >"$out" 2>&1 &
  SERVER_PID=$!
  SERVER_PORT=""
  for _ in $(seq 1 100); do
    SERVER_PORT=$(sed -n 's/^listening on \(port \)\{0,1\}\([0-9]*\).*/\2/p' "$out" | head -n1)
    [ -n "$SERVER_PORT" ] && break
    sleep 0.05
  done
  [ -n "$SERVER_PORT" ] || { echo "server did not start:"; cat "$out"; kill "$SERVER_PID"; exit 1; }
}

demo() {
  install_deps
  build build
  local b=build/bin conns=63 secs=${DEMO_SECONDS:-5}
  trap 'kill ${SERVER_PID:-} 2>/dev/null || true' EXIT
  echo "== overlapped: the Overlapped-model-I echo server (events + WSAWaitForMultipleEvents),"
  echo "   $conns concurrent clients x 64-byte messages for ${secs}s, every echoed byte verified"
  for engine in uring epoll; do
    OVL_ENGINE=$engine start_server $b/overlapped_event_echo_server 0
    printf '%-34s ' "overlapped_event_echo ($engine):"
    $b/ovl-bench --port "$SERVER_PORT" --conns $conns --size 64 --seconds "$secs" --warmup 1 --quiet
    kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  done
  start_server $b/epoll_echo_server --port 0
  printf '%-34s ' "peer: minimal epoll echo server:"
  $b/ovl-bench --port "$SERVER_PORT" --conns $conns --size 64 --seconds "$secs" --warmup 1 --quiet
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
}

run_tests() {  # run_tests DIR
  (cd "$1" && ctest --output-on-failure -j"$(nproc)" --timeout 180)
}

case "${1:-}" in
  demo) demo ;;
  test) install_deps; build build; run_tests build ;;
  asan) install_deps; build build-asan -DOVL_SANITIZE=address
        ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 run_tests build-asan ;;
  tsan) install_deps; build build-tsan -DOVL_SANITIZE=thread
        TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 run_tests build-tsan ;;
  build) install_deps; build build ;;
  *) echo "usage: $0 demo|test|asan|tsan|build"; exit 2 ;;
esac
