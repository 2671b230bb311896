#!/bin/sh
# OVL_TRACE transcript test (docs/trace.md). Runs trace_transcript (a fixed sequence of calls)
#   1. with OVL_TRACE=1 OVL_TRACE_FILE: the normalised trace must equal the expected transcript;
#   2. without OVL_TRACE: nothing is written, not even the file;
#   3. with OVL_TRACE=iocp: exactly the iocp lines of the transcript;
#   4. with OVL_TRACE=+apc,bogus and no OVL_TRACE_FILE: the apc lines on stderr, after one
#      warning about the unknown family.
# The engine comes from OVL_ENGINE (set per test by CMake); the transcript is the same for both.
# Normalised fields: thread IDs (TID), pointers of 9+ hex digits (PTR: stack, heap, code),
# ephemeral ports (PORT) and socket numbers (S1, S2, ... in order of first appearance: the fd
# numbers depend on what the engine and the test runner hold open).
#
# usage: trace_transcript.sh <trace_transcript binary> <expected transcript> <work dir>
# Exit: 0 pass, 1 fail.
set -u
prog=$1
expected=$2
work=$3
mkdir -p "$work" || exit 1
log=$work/trace.log
fail=0

normalise() {
  sed -e 's/^ovl: [0-9][0-9]* /ovl: TID /' \
      -e 's/0x[0-9a-f]\{9,\}/PTR/g' \
      -e 's/\(127\.0\.0\.1\):[1-9][0-9]*/\1:PORT/g' |
  awk '
    function sock(n) { if (!(n in map)) map[n] = "S" (++count); return map[n] }
    {
      line = $0; out = ""
      # s=5, listen=5, accept=6: socket arguments
      while (match(line, /[ (](s|listen|accept)=[0-9]+/)) {
        tok = substr(line, RSTART, RLENGTH); eq = index(tok, "=")
        out = out substr(line, 1, RSTART - 1) substr(tok, 1, eq) sock(substr(tok, eq + 1))
        line = substr(line, RSTART + RLENGTH)
      }
      line = out line
      # the SOCKET a call returned
      if (line ~ / (socket|accept|WSASocketA|WSASocketW|WSAAccept)\(.*\) -> [0-9]+$/) {
        match(line, / -> [0-9]+$/)
        line = substr(line, 1, RSTART + 3) sock(substr(line, RSTART + 4))
      }
      print line
    }'
}

check() {  # check <description> <expected file> <actual file>
  if diff -u "$2" "$3" > "$work/diff.txt"; then
    echo "ok: $1"
  else
    echo "FAIL: $1"
    cat "$work/diff.txt"
    fail=1
  fi
}

run() {  # run <name> [VAR=value...]: runs the program with that environment, stdout/stderr to files
  name=$1
  shift
  rm -f "$log"
  env -u OVL_TRACE -u OVL_TRACE_FILE "$@" "$prog" > "$work/$name.out" 2> "$work/$name.err"
  rc=$?
  if [ $rc -ne 0 ]; then
    echo "FAIL: $name: the program exited with $rc"
    cat "$work/$name.out" "$work/$name.err"
    fail=1
  fi
}

# 1. The full transcript.
run all OVL_TRACE=1 OVL_TRACE_FILE="$log"
normalise < "$log" > "$work/all.txt" 2>/dev/null
check "OVL_TRACE=1 transcript" "$expected" "$work/all.txt"

# 2. Off: no file, nothing on stderr.
run off OVL_TRACE_FILE="$log"
if [ -e "$log" ] || [ -s "$work/off.err" ]; then
  echo "FAIL: tracing off wrote something"
  cat "$work/off.err"
  fail=1
else
  echo "ok: OVL_TRACE unset writes nothing"
fi

# 3. One family.
run iocp OVL_TRACE=iocp OVL_TRACE_FILE="$log"
grep '^ovl: TID iocp ' "$expected" > "$work/iocp.expected"
normalise < "$log" > "$work/iocp.txt"
check "OVL_TRACE=iocp prints only the iocp lines" "$work/iocp.expected" "$work/iocp.txt"

# 4. A list with an unknown name, to stderr.
run stderr OVL_TRACE=+apc,bogus
{
  echo "ovl: OVL_TRACE: unknown family 'bogus' ignored (known: all,winsock,iocp,event,apc,user32)"
  grep '^ovl: TID apc ' "$expected"
} > "$work/stderr.expected"
normalise < "$work/stderr.err" > "$work/stderr.txt"
check "OVL_TRACE=+apc,bogus: one warning, then the apc lines on stderr" "$work/stderr.expected" "$work/stderr.txt"

exit $fail
