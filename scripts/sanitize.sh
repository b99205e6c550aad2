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

configure() {  # build-dir sanitizers [extra cmake args]
  local dir=$1 sanitizers=$2
  shift 2
  if [ ! -f "$dir/build.ninja" ]; then
    # -O1 with line tables only: fast to build, readable sanitizer stacks.
    CC=clang CXX=clang++ cmake -S "$root" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
      -DCMAKE_CXX_FLAGS_DEBUG="-O1 -gline-tables-only" \
      -DB44_SANITIZE="$sanitizers" "$@" >/dev/null
  fi
}

case "$mode" in
  asan)
    build=${B44_ASAN_BUILD_DIR:-$root/build-asan}
    configure "$build" address,undefined -DB44_FUZZ=ON
    cmake --build "$build" -j"$(nproc)"
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    # third_party_adapter builds an example against the installed (sanitized)
    # package with plain flags, and the CLI's every-action sweep spawns ~200
    # sanitized processes (6 min); both run in the normal suite.
    (cd "$build" && ctest --output-on-failure -j"$(nproc)" --timeout 600 \
      -E '^(third_party_adapter|Cli\.EveryActionsExampleRunsDirectlyAndThroughTheProxy)$')
    ;;
  tsan)
    build=${B44_TSAN_BUILD_DIR:-$root/build-tsan}
    configure "$build" thread -DB44_BUILD_EXAMPLES=OFF
    targets=(b44_core_tests b44_registry_tests b44_emulator_tests b44_plugin_tests)
    [ -d "$root/tests/resilience" ] && grep -q b44_resilience_tests "$root/tests/resilience/CMakeLists.txt" &&
      targets+=(b44_resilience_tests)
    args=()
    for target in "${targets[@]}" b44_adapter_slack b44_adapter_googlecalendar b44_adapter_notion \
      b44_adapter_wrike b44_sandbox_routes b44-emulator; do args+=(--target "$target"); done
    cmake --build "$build" -j"$(nproc)" "${args[@]}"
    export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
    # The tests that run threads against shared state.
    (cd "$build" && ctest --output-on-failure -j"$(nproc)" --timeout 600 \
      -R 'Concurrent|Cache\.|Load|Parallel|Threads|Registry\.|Emulator.*Concurr|Resilience')
    ;;
  *) echo "usage: sanitize.sh asan|tsan" >&2; exit 2 ;;
esac
