#!/usr/bin/env bash
# The test suite under sanitizers, built with clang in its own build tree.
#   scripts/sanitize.sh asan   AddressSanitizer + UndefinedBehaviorSanitizer: the
#                              whole suite (and the fuzz targets, for fuzz.sh)
#   scripts/sanitize.sh tsan   ThreadSanitizer: the concurrency tests
# Any sanitizer report fails the run.
set -euo pipefail
mode=${1:?usage: sanitize.sh asan|tsan}
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh" --sanitizers

configure() {  # build-dir optimisation sanitizers [extra cmake args]
  local dir=$1 optimisation=$2 sanitizers=$3
  shift 3
  if [ ! -f "$dir/build.ninja" ]; then
    # Line tables only: readable sanitizer stacks at little build cost.
    CC=clang CXX=clang++ cmake -S "$root" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
      -DCMAKE_CXX_FLAGS_DEBUG="$optimisation -gline-tables-only" \
      -DB44_SANITIZE="$sanitizers" -DB44_BUILD_BENCHMARKS=OFF "$@" >/dev/null
  fi
}

case "$mode" in
  asan)
    # -O0: the whole tree builds in half the time of -O1, and the suite is
    # bound by I/O, not by the instrumented code's speed.
    build=${B44_ASAN_BUILD_DIR:-$root/build-asan}
    configure "$build" -O0 address,undefined -DB44_FUZZ=ON
    cmake --build "$build" -j"$(nproc)"
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    # third_party_adapter builds an example against the installed (sanitized)
    # package with a plain compiler; it runs in the normal suite.
    (cd "$build" && ctest --output-on-failure -j"$(nproc)" --timeout 600 -E '^third_party_adapter$')
    ;;
  tsan)
    # The suites whose tests run threads against shared state: the connection
    # cache, the registry, the emulator, retries, 401 refreshes, rate limits
    # and the load test, the TLS deadline watchdog, the shared cache and budget
    # on Redis, whole, with the adapters
    # they load.
    build=${B44_TSAN_BUILD_DIR:-$root/build-tsan}
    configure "$build" -O1 thread -DB44_BUILD_EXAMPLES=OFF
    suites=(b44_core_tests b44_plugin_tests b44_registry_tests b44_emulator_tests
      b44_resilience_tests b44_hostile_input_tests b44_hostile_peer_tests b44_redis_tests)
    args=()
    for target in "${suites[@]}"; do args+=(--target "$target"); done
    cmake --build "$build" -j"$(nproc)" "${args[@]}"
    export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$root/scripts/sanitizers/tsan.supp"
    label=$(IFS='|'; echo "^(${suites[*]})\$")
    (cd "$build" && ctest --output-on-failure -j"$(nproc)" --timeout 600 -L "$label")
    ;;
  *) echo "usage: sanitize.sh asan|tsan" >&2; exit 2 ;;
esac
