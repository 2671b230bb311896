#!/bin/sh
# install_test.sh BUILD_DIR SOURCE_DIR WORKDIR
# Installs the build into a temp prefix, then builds and runs programs against the installed
# tree only: a CMake project using find_package(overlapped) + overlapped::win32 (WinMain), a
# plain C program built with pkg-config, and the Windows test project with the installed
# ovl-c++. Exit 0 pass, 1 fail.
set -u
build=$1 src=$2 work=$3
prefix=$work/prefix
rm -rf "$work" && mkdir -p "$work" || exit 1
fail=0
step() { echo "== $*"; }
bad() { echo "FAIL: $*"; fail=1; }

step "cmake --install $build --prefix $prefix"
cmake --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1 || { cat "$work/install.log"; bad "install"; exit 1; }
for f in include/overlapped/win32/windows.h include/overlapped/win32/WinSock2.h include/overlapped/win32/strsafe.h \
         bin/ovl-cc bin/ovl-c++; do
  [ -e "$prefix/$f" ] || bad "$f not installed"
done
pc=$(find "$prefix" -name overlapped.pc | head -n1)
cfg=$(find "$prefix" -name overlappedConfig.cmake | head -n1)
[ -n "$pc" ] || bad "overlapped.pc not installed"
[ -n "$cfg" ] || bad "overlappedConfig.cmake not installed"
libdir=$(dirname "$(dirname "$pc")")
for f in liboverlapped.so liboverlapped.a liboverlapped_winmain.a; do
  [ -e "$libdir/$f" ] || bad "$libdir/$f not installed"
done
[ $fail -eq 0 ] || exit 1

step "find_package(overlapped) consumer"
cmake -S "$src/tests/ecosystem/consumer" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_BUILD_RPATH="$libdir" >"$work/consumer.log" 2>&1 \
  && cmake --build "$work/consumer" >>"$work/consumer.log" 2>&1 \
  || { cat "$work/consumer.log"; bad "CMake consumer did not build"; }
if [ -x "$work/consumer/consumer_winmain" ]; then
  out=$("$work/consumer/consumer_winmain" from-cmake)
  [ "$out" = "consumer from-cmake socket=ok" ] && echo "ok: $out" || bad "consumer_winmain printed '$out'"
fi
# The consumer must not have picked up the source tree's headers.
if grep -rq -- "$src/include" "$work/consumer/CMakeFiles" 2>/dev/null; then bad "consumer used the source tree's headers"; fi

step "pkg-config consumer"
export PKG_CONFIG_PATH="$(dirname "$pc")"
flags=$(pkg-config --cflags --libs overlapped) || bad "pkg-config overlapped"
echo "pkg-config: $flags"
case "$flags" in *"-I$prefix/include/overlapped/win32"*|*"/win32 "*) ;; *) bad "Cflags lack the win32 include dir" ;; esac
# shellcheck disable=SC2086
cc "$src/tests/ecosystem/consumer/consumer_main.c" $flags -Wl,-rpath,"$libdir" -o "$work/consumer_pc" \
  || bad "pkg-config consumer did not build"
if [ -x "$work/consumer_pc" ]; then
  out=$("$work/consumer_pc")
  [ "$out" = "consumer main socket=ok version=2.2" ] && echo "ok: $out" || bad "consumer_pc printed '$out'"
fi

step "installed ovl-c++ / ovl-cc on the Windows test project"
"$src/tests/ecosystem/ovl_cc_test.sh" "$prefix/bin/ovl-c++" "$prefix/bin/ovl-cc" "$src/tests/ecosystem/winsrc" \
  "$work/winsrc" || bad "installed drivers"
# And they use the installed headers, not the source tree's.
"$prefix/bin/ovl-c++" --ovl-print-cflags | grep -q "$prefix" || bad "installed ovl-c++ does not use the prefix"

exit $fail
