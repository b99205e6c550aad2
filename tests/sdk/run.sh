#!/usr/bin/env bash
# Runs official_sdk_check.mjs (every connectors call of the official JS SDK)
# against a b44-emulator started here with examples/emulator/connections.json.
#   tests/sdk/run.sh EMULATOR_BINARY [SDK_DIR]
# SDK_DIR holds node_modules/@base44/sdk (default: $B44_SDK_DIR). Without node
# or the SDK the check is skipped (exit 77): CI installs nothing from npm.
# To set one up: mkdir /tmp/sdk && cd /tmp/sdk && npm install @base44/sdk@0.8.50
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
emulator=$1
sdk=${2:-${B44_SDK_DIR:-}}
if ! command -v node >/dev/null || [ -z "$sdk" ] || [ ! -d "$sdk/node_modules/@base44/sdk" ]; then
  echo "skipped: needs node and @base44/sdk (B44_SDK_DIR=<dir with node_modules/@base44/sdk>)"
  exit 77
fi
trap '[ -n "${EMULATOR_PID:-}" ] && kill "$EMULATOR_PID" 2>/dev/null; wait 2>/dev/null || true' EXIT
coproc EMULATOR { exec "$emulator" --connections "$root/examples/emulator/connections.json"; }
read -r -t 60 ready <&"${EMULATOR[0]}" || { echo "the emulator did not start" >&2; exit 1; }
base44_url=$(sed -E 's/.*"base44_url":"([^"]*)".*/\1/' <<<"$ready")
# An ES module resolves packages from its own location: run a copy beside the SDK.
cp "$here/official_sdk_check.mjs" "$sdk/official_sdk_check.mjs"
node "$sdk/official_sdk_check.mjs" "$base44_url"
