#!/usr/bin/env bash
# Runs each libFuzzer target for a while (default 60 s each) from the seed
# corpus in fuzz/corpus/<target>. Uses the asan build of sanitize.sh (built
# there with B44_FUZZ=ON). A crash fails the run and leaves the input in
# build-asan/fuzz-findings/; turn each into a regression test.
set -euo pipefail
seconds=${1:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${B44_ASAN_BUILD_DIR:-$root/build-asan}
targets=(url_template_fuzz base44_response_fuzz request_headers_fuzz action_args_fuzz
  adapter_response_fuzz cli_args_fuzz)
if [ ! -x "$build/bin/url_template_fuzz" ]; then
  echo "no fuzz targets in $build: run scripts/sanitize.sh asan first" >&2
  exit 1
fi
findings="$build/fuzz-findings"
mkdir -p "$findings"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export B44_FUZZ_ADAPTER_DIR="$build/lib/b44/adapters"
for target in "${targets[@]}"; do
  work=$(mktemp -d)
  cp -r "$root/fuzz/corpus/$target/." "$work/" 2>/dev/null || true
  echo "== $target (${seconds}s)"
  "$build/bin/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$findings/$target-" -print_final_stats=1 "$work" 2>"$findings/$target.log" ||
    { tail -40 "$findings/$target.log"; exit 1; }
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$findings/$target.log" | sed "s/^/  /"
  rm -rf "$work"
done
