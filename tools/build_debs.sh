#!/bin/sh
# build_debs.sh: build the liboverlapped0 and liboverlapped-dev .debs from debian/.
#   tools/build_debs.sh [--worktree] [--check [--keep-installed]] [OUTDIR]
# Copies the tree into a temp directory (the committed HEAD, or with --worktree the working
# tree's tracked and untracked files, never build directories), installs the build
# dependencies named in debian/control with apt-get, runs dpkg-buildpackage -us -uc -b there
# and copies the .debs to OUTDIR (default: ./debs).
# --check then installs them (dpkg -i; this changes the system) and builds and runs consumers
# against the installed packages only: find_package, pkg-config and ovl-c++ on the Windows
# test project (tests/ecosystem), and removes them again (dpkg -r) unless --keep-installed:
# a stale /usr/lib/.../liboverlapped.so.0 would otherwise shadow a build tree's library for
# programs linked without an rpath. Needs root or sudo for apt-get and dpkg.
# Takes about 5 minutes on 2 cores (dpkg-buildpackage ~290 s, apt-get ~60 s the first time).
set -eu
cd "$(dirname "$0")/.."
src=$(pwd)
worktree=0 check=0 keep=0 out=
for a in "$@"; do
  case $a in
    --worktree) worktree=1 ;;
    --check) check=1 ;;
    --keep-installed) keep=1 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) out=$a ;;
  esac
done
out=$(mkdir -p "${out:-debs}" && cd "${out:-debs}" && pwd)
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
version=$(dpkg-parsechangelog -l debian/changelog -S Version 2>/dev/null || sed -n '1s/.*(\(.*\)).*/\1/p' debian/changelog)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ovl-debs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
tree=$tmp/overlapped-$version
mkdir -p "$tree"
if [ $worktree -eq 1 ]; then
  git ls-files -co --exclude-standard -z | grep -zv '^build[^/]*/' | xargs -0 cp -a --parents -t "$tree"
else
  git archive HEAD | tar -x -C "$tree"
fi

start=$(date +%s)
echo "== build dependencies (apt-get)"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends dpkg-dev fakeroot >/dev/null
DEBIAN_FRONTEND=noninteractive $sudo apt-get build-dep -y -qq "$tree" >/dev/null
deps=$(date +%s)

echo "== dpkg-buildpackage -us -uc -b ($tree)"
(cd "$tree" && dpkg-buildpackage -us -uc -b) >"$tmp/build.log" 2>&1 || { tail -n 60 "$tmp/build.log"; exit 1; }
done_=$(date +%s)
cp "$tmp"/*.deb "$out"/
echo "== built in $((done_ - deps))s (dependencies: $((deps - start))s):"
ls -l "$out"/*.deb

[ $check -eq 1 ] || exit 0
echo "== dpkg -i"
$sudo dpkg -i "$out"/liboverlapped0_"$version"_*.deb "$out"/liboverlapped-dev_"$version"_*.deb
dpkg -L liboverlapped-dev | grep -E 'ovl-c|overlapped.pc|overlappedConfig.cmake$|win32/windows.h$'
work=$tmp/check
mkdir -p "$work"
fail=0
echo "== find_package(overlapped) consumer"
cmake -S tests/ecosystem/consumer -B "$work/cmake" >/dev/null && cmake --build "$work/cmake" >/dev/null \
  && "$work/cmake/consumer_winmain" installed || fail=1
echo "== pkg-config consumer"
# shellcheck disable=SC2046
cc tests/ecosystem/consumer/consumer_main.c $(pkg-config --cflags --libs overlapped) -o "$work/pc" \
  && "$work/pc" || fail=1
echo "== /usr/bin/ovl-c++ on tests/ecosystem/winsrc"
tests/ecosystem/ovl_cc_test.sh /usr/bin/ovl-c++ /usr/bin/ovl-cc "$src/tests/ecosystem/winsrc" "$work/winsrc" || fail=1
[ $fail -eq 0 ] && echo "== installed packages: consumers build and run" || echo "== FAIL"
if [ $keep -eq 0 ]; then
  echo "== dpkg -r (--keep-installed keeps them)"
  $sudo dpkg -r liboverlapped-dev liboverlapped0 >/dev/null
fi
exit $fail
