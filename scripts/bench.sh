#!/usr/bin/env bash
# Runs the micro-benchmarks (bench/) in an optimised build of their own
# (${B44_BENCH_BUILD_DIR:-build-bench}), five repetitions each, and prints
# the medians. Extra arguments go to Google Benchmark, e.g.
#   scripts/bench.sh --benchmark_filter=Manifest
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
B44_BUILD_DIR=${B44_BENCH_BUILD_DIR:-$root/build-bench} B44_BUILD_TYPE=Release \
  "$root/scripts/build.sh" b44_bench
"${B44_BENCH_BUILD_DIR:-$root/build-bench}/bin/b44_bench" --benchmark_repetitions=5 \
  --benchmark_report_aggregates_only=true "$@" | grep -E "^(Benchmark|-|.*_median)"
