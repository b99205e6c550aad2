#!/usr/bin/env bash
# The main job, offline: start the Base44 emulator, run a C++ program that
# loads the Slack adapter at run time, gets the Slack connection from the
# (emulated) Base44 and posts a message with the typed helper postMessage;
# then print the upstream request the emulator's sandbox recorded.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${B44_BUILD_DIR:-$root/build}
"$root/scripts/build.sh" b44-emulator b44_adapter_slack slack_post_message b44_sandbox_routes >&2

record=$(mktemp --suffix=.jsonl)
trap 'rm -f "$record"; [ -n "${EMULATOR_PID:-}" ] && kill "$EMULATOR_PID" 2>/dev/null; wait 2>/dev/null || true' EXIT
coproc EMULATOR { exec "$build/bin/b44-emulator" --connections "$root/examples/emulator/connections.json" --record "$record"; }
# The emulator prints one JSON line once both servers listen.
read -r -t 60 ready <&"${EMULATOR[0]}" || { echo "the emulator did not start" >&2; exit 1; }
field() { sed -E "s/.*\"$1\":\"([^\"]*)\".*/\1/" <<<"$ready"; }

echo "Emulator: Base44 API at $(field base44_url), service sandbox at $(field sandbox_url)"
echo
BASE44_API_URL=$(field base44_url) BASE44_APP_ID=demo-app BASE44_SERVICE_TOKEN=svc-demo-token \
  B44_CONNECT_TO=$(field sandbox_url) \
  "$build/bin/slack_post_message" C0123456789 "Hello from C++ through Base44"
echo
echo "Upstream request recorded by the sandbox (credentials redacted):"
cat "$record"
