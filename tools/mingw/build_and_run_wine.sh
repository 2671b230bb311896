#!/usr/bin/env bash
# build_and_run_wine.sh: builds the plain-Win32 tests (tests/win32/*.c) and the examples
# (examples/*.c) with mingw-w64, runs each .exe under Wine, and prints the native result next
# to Wine's, one line per test, with the checks that fail under Wine. It is how we confirm that
# a test's expectations are Windows', not ours (docs/wine.md says what it shows today).
#
#   tools/mingw/build_and_run_wine.sh [test-name ...]     (default: all)
#
# Native results come from running the binaries of the native build (build/, or OVL_BUILD_DIR)
# with OVL_ENGINE=epoll (or OVL_NATIVE_ENGINE); missing binaries are built first.
# Environment: OVL_WINE_TIMEOUT (seconds per test, default 60), OVL_WINEPREFIX (default
# /tmp/ovl-wine-$UID, kept between runs: Wine's first-run setup takes ~30 s), OVL_WINE_OUT
# (build and log directory, default /tmp/ovl-wine-out-$UID).
# Exit: 0 when the comparison ran (differences are expected and listed) or when wine or mingw
# is missing; 1 when a source fails to build with mingw or a test fails natively.
#
# Not built: headers_compile*.c/.cpp. They check overlapped's own headers (mixed-case names,
# our LLP64 static asserts) and cannot see mingw's lower-case headers on a case-sensitive
# file system.
set -u
cd "$(dirname "$0")/../.."
root=$PWD

CC=${MINGW_CC:-x86_64-w64-mingw32-gcc}
WINE=""
for w in wine64 /usr/lib/wine/wine64 wine; do
  if command -v "$w" >/dev/null 2>&1; then WINE=$(command -v "$w"); break; fi
done
if [ -z "$WINE" ] || ! command -v "$CC" >/dev/null 2>&1; then
  echo "wine not installed: skipped (needs wine and $CC: apt-get install wine mingw-w64)"
  exit 0
fi
WINESERVER=$(command -v wineserver || echo /usr/lib/wine/wineserver)

build_dir=${OVL_BUILD_DIR:-$root/build}
native_engine=${OVL_NATIVE_ENGINE:-epoll}
tmo=${OVL_WINE_TIMEOUT:-60}
out=${OVL_WINE_OUT:-/tmp/ovl-wine-out-$(id -u)}
export WINEPREFIX=${OVL_WINEPREFIX:-/tmp/ovl-wine-$(id -u)}
export WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml="   # no Mono/Gecko install prompts
mkdir -p "$out"

cleanup() { "$WINESERVER" -k >/dev/null 2>&1 || true; }
trap cleanup EXIT

# ---- which tests ----------------------------------------------------------------------------
tests=()
for f in tests/win32/*.c; do
  n=$(basename "$f" .c)
  case "$n" in headers_compile*) continue ;; esac
  tests+=("$n")
done
examples=()
for f in examples/*.c; do examples+=("$(basename "$f" .c)"); done
if [ $# -gt 0 ]; then
  want=" $* "
  sel=(); for n in "${tests[@]}"; do [[ $want == *" $n "* ]] && sel+=("$n"); done; tests=("${sel[@]}")
  sel=(); for n in "${examples[@]}"; do [[ $want == *" $n "* ]] && sel+=("$n"); done; examples=("${sel[@]}")
fi

# ---- build with mingw-w64 ---------------------------------------------------------------------
status=0
mingw_build() {  # mingw_build NAME SOURCE
  if ! "$CC" -O1 -g -Wall -Wno-unknown-pragmas -Wno-format -Itests/harness \
       -include tools/mingw/mingw_compat.h "$2" -o "$out/$1.exe" -lws2_32 -lmswsock \
       >"$out/$1.build.log" 2>&1; then
    echo "$1: mingw build FAILED:"; sed 's/^/    /' "$out/$1.build.log" | head -20
    status=1
    return 1
  fi
}
built=()
for n in "${tests[@]}"; do mingw_build "$n" "tests/win32/$n.c" && built+=("$n"); done
ex_built=()
for n in "${examples[@]}"; do mingw_build "$n" "examples/$n.c" && ex_built+=("$n"); done

# ---- native binaries ----------------------------------------------------------------------------
native_bin() {  # native_bin NAME -> path or empty
  for p in "$build_dir/tests/win32/$1" "$build_dir/bin/$1"; do
    [ -x "$p" ] && { echo "$p"; return; }
  done
}
missing=()
for n in "${tests[@]}" "${examples[@]}" ovl-bench; do [ -z "$(native_bin "$n")" ] && missing+=("$n"); done
if [ ${#missing[@]} -gt 0 ] && [ -f "$build_dir/CMakeCache.txt" ]; then
  cmake --build "$build_dir" -j"$(nproc)" --target "${missing[@]}" >"$out/native-build.log" 2>&1 || true
fi

# ---- Wine prefix (first run: ~30 s) -----------------------------------------------------------
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  echo "== creating the Wine prefix $WINEPREFIX (first run takes ~30 s)"
fi
timeout 300 "$WINE" wineboot --init >"$out/wineboot.log" 2>&1 || true
# Wine 8.0 reports Windows 7 by default; the semantics we compare against are Windows 10's.
timeout 60 "$WINE" reg add 'HKEY_CURRENT_USER\Software\Wine' /v Version /t REG_SZ /d win10 /f \
  >>"$out/wineboot.log" 2>&1 || true
wine_version=$("$WINE" --version 2>/dev/null | tr -d '\r')

# ---- results ------------------------------------------------------------------------------------
# summarize LOG RC -> "PASS 24/24" style: checks passing / checks executed (todo excluded).
summarize() {
  local log=$1 rc=$2 line exec todo fail
  line=$(tr -d '\r' <"$log" | grep -E '^[0-9]+ tests executed' | tail -n1)
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    echo "TIMEOUT"; return
  fi
  if [ -z "$line" ]; then
    echo "CRASH(rc=$rc)"; return
  fi
  exec=$(sed -E 's/^([0-9]+) tests executed \(([0-9]+) marked as todo, ([0-9]+) failures\).*/\1/' <<<"$line")
  todo=$(sed -E 's/^([0-9]+) tests executed \(([0-9]+) marked as todo, ([0-9]+) failures\).*/\2/' <<<"$line")
  fail=$(sed -E 's/^([0-9]+) tests executed \(([0-9]+) marked as todo, ([0-9]+) failures\).*/\3/' <<<"$line")
  local word=PASS
  [ "$rc" = 77 ] && word=SKIP
  [ "$fail" != 0 ] || [ "$rc" = 1 ] && word=FAIL
  local s="$word $((exec - todo - fail))/$((exec - todo))"
  [ "$todo" != 0 ] && s="$s +${todo}todo"
  echo "$s"
}
# A todo_ovl check that passes under Wine is not a Wine failure: it marks a known divergence of
# overlapped from Windows, and Wine there agrees with Windows.
failing_lines() {
  tr -d '\r' <"$1" | grep -E 'Test failed|Test succeeded inside todo' |
    sed -e 's/Test succeeded inside todo block (remove todo_ovl):/todo_ovl check holds here (overlapped diverges, this run agrees with Windows):/' \
        -e 's/^/    /'
}

printf '%-30s %-22s %s\n' "test" "native ($native_engine)" "$wine_version"
for n in "${built[@]}"; do
  nat="not built"
  nb=$(native_bin "$n")
  if [ -n "$nb" ]; then
    OVL_ENGINE=$native_engine timeout -k 5 "$tmo" "$nb" >"$out/$n.native.log" 2>&1
    nrc=$?
    nat=$(summarize "$out/$n.native.log" $nrc)
    [[ $nat == PASS* || $nat == SKIP* ]] || status=1
  fi
  (cd "$out" && timeout -k 5 "$tmo" "$WINE" "./$n.exe" >"$out/$n.wine.log" 2>&1)
  wrc=$?
  win=$(summarize "$out/$n.wine.log" $wrc)
  printf '%-30s %-22s %s\n' "$n" "$nat" "$win"
  if [[ $nat != PASS* && $nat != SKIP* && $nat != "not built" ]]; then
    echo "  native:"; failing_lines "$out/$n.native.log"
  fi
  if [[ $win != PASS* && $win != SKIP* ]]; then
    echo "  wine:"; failing_lines "$out/$n.wine.log"
    if [[ $win == CRASH* ]]; then  # where it died: the exception and the first frames
      tr -d '\r' <"$out/$n.wine.log" | grep -E '^Unhandled exception|^(=>| ) [0-3] 0x' | head -n 5 | sed 's/^/    /'
    elif [[ $win == TIMEOUT ]]; then
      tr -d '\r' <"$out/$n.wine.log" | tail -n 5 | sed 's/^/    /'
    fi
  fi
done

# ---- examples: each echo server driven by ovl-bench (every byte checked) and by the client ----
# start_server LOG CMD... -> sets SRV_PID, SRV_PORT
start_server() {
  local log=$1; shift
  "$@" 0 >"$log" 2>&1 &
  SRV_PID=$!
  SRV_PORT=""
  for _ in $(seq 1 400); do
    SRV_PORT=$(tr -d '\r' <"$log" | sed -n 's/^listening on port \([0-9]*\).*/\1/p' | head -n1)
    [ -n "$SRV_PORT" ] && return 0
    kill -0 "$SRV_PID" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}
stop_server() { kill "$SRV_PID" 2>/dev/null; wait "$SRV_PID" 2>/dev/null; }

# example_run KIND(native|wine) SERVER LOGPREFIX -> "PASS ..." / "FAIL ..."
example_run() {
  local kind=$1 name=$2 log=$3 server client bench res
  bench=$(native_bin ovl-bench)
  if [ "$kind" = native ]; then
    server=(env OVL_ENGINE="$native_engine" "$(native_bin "$name")")
    client=(env OVL_ENGINE="$native_engine" "$(native_bin tcp_echo_client)")
  else
    server=("$WINE" "$out/$name.exe")
    client=("$WINE" "$out/tcp_echo_client.exe")
  fi
  if ! start_server "$log.server.log" "${server[@]}"; then
    echo "FAIL (server did not start)"; stop_server; return
  fi
  res=""
  if [ -n "$bench" ]; then
    if timeout -k 5 "$tmo" "$bench" --port "$SRV_PORT" --conns 16 --messages 100 --size 100 --depth 1 \
         >"$log.bench.log" 2>&1; then
      res="ovl-bench 16x100 ok"
    else
      res="ovl-bench FAILED"
    fi
  fi
  printf 'one\ntwo\nthree\n' | timeout -k 5 "$tmo" "${client[@]}" 127.0.0.1 "$SRV_PORT" >"$log.client.log" 2>&1
  local echoes
  echoes=$(tr -d '\r' <"$log.client.log" | grep -c '^echo: ')
  stop_server
  if [[ $res != *FAILED* ]] && [ "$echoes" = 3 ]; then
    echo "PASS ($res, client 3/3)"
  else
    echo "FAIL ($res, client $echoes/3)"
  fi
}

# Every *_echo_server example, driven by ovl-bench and by tcp_echo_client.
have_ex=" ${ex_built[*]} "
for srv in "${ex_built[@]}"; do
  [[ $srv == *_echo_server ]] || continue
  [[ $have_ex == *" tcp_echo_client "* ]] || break
  nat="not built"
  if [ -n "$(native_bin "$srv")" ] && [ -n "$(native_bin tcp_echo_client)" ]; then
    nat=$(example_run native "$srv" "$out/$srv.native")
    [[ $nat == PASS* ]] || status=1
  fi
  win=$(example_run wine "$srv" "$out/$srv.wine")
  printf '%-30s %-22s %s\n' "$srv" "${nat%% (*}" "$win"
  [[ $nat == PASS* || $nat == "not built" ]] || echo "  native: $nat"
  if [[ $win != PASS* ]]; then
    for f in "$out/$srv".wine.*.log; do echo "  $(basename "$f"):"; tail -n 5 "$f" | tr -d '\r' | sed 's/^/    /'; done
  fi
done
echo "logs and .exe files: $out"
exit $status
