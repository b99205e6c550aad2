#!/usr/bin/env bash
# Configures and builds the tree (all targets, or the ones named) in
# ${B44_BUILD_DIR:-build}. Used by demo.sh and test.sh.
#
# The default is an unoptimised build without debug info: it builds in about
# half the time, which is what the test suite and CI need. For debugging or
# benchmarks: B44_BUILD_TYPE=RelWithDebInfo (or Release) with another
# B44_BUILD_DIR.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${B44_BUILD_DIR:-$root/build}
"$root/scripts/install-deps.sh"
if [ ! -f "$build/build.ninja" ]; then
  build_type=${B44_BUILD_TYPE:-Quick}
  flags=()
  if [ "$build_type" = Quick ]; then
    build_type=Debug
    flags=(-DCMAKE_CXX_FLAGS_DEBUG=-O0)
  fi
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE="$build_type" "${flags[@]}" >/dev/null
fi
targets=()
for target in "$@"; do targets+=(--target "$target"); done
cmake --build "$build" -j"$(nproc)" "${targets[@]}"
