#!/usr/bin/env bash
# Writes docs/adapters/<type>.md from each adapter's declaration, or with
# --check fails when a page is stale (a test runs that).
#   scripts/adapter-docs.sh [--check] [path/to/b44-declare]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
check=()
if [ "${1:-}" = --check ]; then
  check=(--check)
  shift
fi
declare_tool=${1:-${B44_BUILD_DIR:-$root/build}/bin/b44-declare}
mkdir -p "$root/docs/adapters"
status=0
for declaration in "$root"/adapters/*/*.json; do
  type=$(basename "$declaration" .json)
  # A family's shared base is not an adapter.
  [ "$(basename "$(dirname "$declaration")")" = "$type" ] || continue
  "$declare_tool" docs "$declaration" "$root/docs/adapters/$type.md" "${check[@]}" || status=1
done
exit $status
