#!/usr/bin/env bash
# Secrets stay secret: runs the example programs, the CLI (successes, service
# errors, Base44 errors, bad input) and the emulator with debug logging and
# known token values, then fails if any token appears in anything printed, in
# the emulator's output or in its request record (which redacts credentials
# unless --record-credentials). A positive control (--show-token) proves the
# scan can see a token when one is printed.
#   leak_check.sh <build dir> <source dir>
set -euo pipefail
build=$1
source=$2
bin=$build/bin
work=$(mktemp -d)
emulator_pid=""
cleanup() {
  [ -n "$emulator_pid" ] && kill "$emulator_pid" 2>/dev/null
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Every token of the demo connections, made recognisable.
sed -E 's/("(access_token|service_token)": ")([^"]*)"/\1SECRET-\3"/' \
  "$source/examples/emulator/connections.json" >"$work/connections.json"
grep -oE 'SECRET-[^"]+' "$work/connections.json" | sort -u >"$work/secrets"
echo "SECRET-wrong-service-token" >>"$work/secrets"
# A secret the request itself carries: Discord's webhook token, in the path.
webhook_token=SECRET-webhook-token-leak
echo "$webhook_token" >>"$work/secrets"
service_token=$(sed -nE 's/.*"service_token": "([^"]*)".*/\1/p' "$work/connections.json")
[ "$(wc -l <"$work/secrets")" -ge 10 ] || { echo "too few secrets to check" >&2; exit 1; }

coproc EMULATOR { exec "$bin/b44-emulator" --connections "$work/connections.json" \
  --record "$work/record.jsonl" 2>"$work/emulator.err"; }
# Bash unsets EMULATOR_PID once the coprocess has been reaped: keep our own copy.
emulator_pid=$EMULATOR_PID
read -r -t 60 ready <&"${EMULATOR[0]}" || { echo "emulator did not start" >&2; exit 1; }
echo "$ready" >"$work/emulator.out"
field() { sed -E "s/.*\"$1\":\"([^\"]*)\".*/\1/" <<<"$ready"; }
export BASE44_API_URL=$(field base44_url) B44_CONNECT_TO=$(field sandbox_url)
export BASE44_APP_ID=demo-app BASE44_SERVICE_TOKEN=$service_token B44_LOG=debug
export B44_PLUGIN_PATH=$build/lib/b44/adapters

runs=0
run() {  # name, command... ; any exit status is fine, output is what matters
  runs=$((runs + 1))
  "${@:2}" >"$work/$1.out" 2>"$work/$1.err" || true
}
cli=$bin/b44-connectors
run demo "$bin/slack_post_message" C0123456789 "leak check"
run host-list "$bin/b44-plugin-host" --list
run host-call "$bin/b44-plugin-host" notion search '{"query":"x"}'
run list "$cli" list-available --json
run describe "$cli" describe slack
run connection "$cli" get-connection slack
run connection-json "$cli" get-connection wrike --json
run connection-ws "$cli" get-connection slack --workspace conn_workspace_slack
run post "$cli" call slack post_message --args '{"channel":"C1","text":"hi"}'
run post-proxy "$cli" call slack post_message --proxy --args '{"channel":"C1","text":"hi"}'
run pages "$cli" call slack list_conversations --all-pages
run service-error "$cli" call slack get_user_info --args '{"user":"U_MISSING"}'
run events "$cli" call googlecalendar list_events --all-pages
run tasks "$cli" call wrike list_tasks
run bad-args "$cli" call slack post_message --args '{"text":"no channel"}'
run unknown-type "$cli" call slak post_message
run no-adapter-conn "$cli" get-connection salesforce_x
BASE44_SERVICE_TOKEN=SECRET-wrong-service-token run wrong-service-token "$cli" get-connection slack
BASE44_SERVICE_TOKEN=SECRET-wrong-service-token run wrong-service-token-call "$cli" call slack post_message --args '{"channel":"C1","text":"hi"}'
# The webhook token: sent, echoed by the answer (get_webhook), shown with
# --include and --json, and in an error (no route without ?wait=true).
webhook="{\"webhook_id\":\"223704706495545344\",\"webhook_token\":\"$webhook_token\""
run webhook-post "$cli" call discord execute_webhook --args "$webhook,\"content\":\"hi\"}"
run webhook-get "$cli" call discord get_webhook --args "$webhook}"
run webhook-get-json "$cli" call discord get_webhook --json --args "$webhook}"
run webhook-request "$cli" request discord GET "/webhooks/223704706495545344/$webhook_token" --include --json
run webhook-request-error "$cli" request discord POST "/webhooks/223704706495545344/$webhook_token" --include
B44_CONNECT_TO=http://127.0.0.1:1 run webhook-network-error "$cli" call discord get_webhook --args "$webhook}"
B44_CONNECT_TO=http://127.0.0.1:1 run network-error "$cli" call slack get_user_info --args '{"user":"U1"}'

# Positive control: asked explicitly, the token is shown, and the scan sees it.
"$cli" get-connection slack --show-token >"$work/control.txt"
grep -qF -- "SECRET-" "$work/control.txt" || { echo "positive control failed: --show-token printed no token" >&2; exit 1; }
rm "$work/control.txt"

if ! kill "$emulator_pid" 2>/dev/null; then
  wait "$emulator_pid" && status=0 || status=$?
  echo "the emulator was no longer running at the end (exit status $status); its stderr:" >&2
  cat "$work/emulator.err" >&2
  exit 1
fi
wait "$emulator_pid" 2>/dev/null || true
emulator_pid=""
[ -s "$work/record.jsonl" ] || { echo "the emulator recorded nothing" >&2; exit 1; }
grep -q '"authorization":"Bearer <redacted>"' "$work/record.jsonl" || {
  echo "the record file shows no redacted credential: nothing was checked" >&2; exit 1; }
grep -q '/webhooks/223704706495545344/<redacted>' "$work/record.jsonl" || {
  echo "the record file shows no redacted webhook token: nothing was checked" >&2; exit 1; }
grep -q '"token": "\*\*\*\*"' "$work/webhook-get.out" || {
  echo "get_webhook printed no redacted token: nothing was checked" >&2; exit 1; }

leaks=0
while read -r secret; do
  if hits=$(grep -lF -- "$secret" "$work"/*.out "$work"/*.err "$work/record.jsonl" 2>/dev/null); then
    echo "LEAK: a token appears in: $(echo "$hits" | xargs -n1 basename | tr '\n' ' ')" >&2
    leaks=$((leaks + 1))
  fi
done <"$work/secrets"
lines=$(cat "$work"/*.out "$work"/*.err "$work/record.jsonl" | wc -l)
echo "checked $(wc -l <"$work/secrets") tokens against $runs runs ($lines lines of output, emulator log and request record)"
[ "$leaks" -eq 0 ] || { echo "$leaks token(s) leaked" >&2; exit 1; }
echo "no token leaked"
