#!/bin/sh
# ovl_cc_test.sh OVL_CXX OVL_CC WINSRC WORKDIR
# Builds the unmodified Windows project in WINSRC with ovl-c++ / ovl-cc and checks what each
# program prints and returns. Exit 0 pass, 1 fail.
set -u
cxx=$1 cc=$2 src=$3 work=$4
rm -rf "$work" && mkdir -p "$work" || exit 1
cd "$work" || exit 1
fail=0
check() {  # check NAME EXPECTED_FILE ACTUAL_FILE
  if diff -u "$2" "$3"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi
}

# 1. The WinMain server: several files, include-map spellings, -I for the project's include dir.
"$cxx" -Wall -Werror=return-type -I "$src/Server" "$src/Server/Src/Server.cpp" "$src/Server/Src/Log.cpp" \
  -o server || { echo "FAIL: ovl-c++ could not build the server"; exit 1; }
./server hello "two words" >server.out 2>&1
echo "exit=$?" >>server.out
cat >server.expected <<'OUT'
[log] winsrc v3 (9 chars)
[log] cmdline=[hello "two words"] show=10 inst=yes (44 chars)
StringCchCopyA: insufficient "tru"
_stricmp: 0
gmtime_s: 1970
listening: yes
exit=7
OUT
check "WinMain server" server.expected server.out

# 2. void main in C++ (a second program).
"$cxx" "$src/Client/Client.cpp" -o client || { echo "FAIL: ovl-c++ could not build void main"; exit 1; }
./client >client.out 2>&1
echo "exit=$?" >>client.out
printf 'void main: client-42 (9) nicmp-ok v5\nexit=0\n' >client.expected
check "C++ void main" client.expected client.out

# 3. void main(argc, argv) in C, compiled separately (-c) and then linked, as make would.
"$cc" -c "$src/Client/Legacy.c" -o legacy.o && "$cc" legacy.o -o legacy \
  || { echo "FAIL: ovl-cc could not build the C void main"; exit 1; }
./legacy a b >legacy.out 2>&1
echo "exit=$?" >>legacy.out
printf 'legacy C void main: LEGACY argc=3\nexit=0\n' >legacy.expected
check "C void main (-c, then link)" legacy.expected legacy.out

exit $fail
