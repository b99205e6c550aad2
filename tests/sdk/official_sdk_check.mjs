// Every connectors call of the official JavaScript SDK (@base44/sdk), run
// against our emulator: the wire contract checked from the other side.
//
//   node tests/sdk/official_sdk_check.mjs BASE44_URL
//
// BASE44_URL is the emulator's Base44 URL, started with
// examples/emulator/connections.json. @base44/sdk must be resolvable
// (NODE_PATH or a node_modules above this file); tests/sdk/run.sh sets that up.
// Exits 0 when every check passes, 1 with the failures listed otherwise.
import { createClient } from "@base44/sdk";

const serverUrl = process.argv[2];
if (!serverUrl) {
  console.error("usage: node official_sdk_check.mjs BASE44_URL");
  process.exit(2);
}
const appId = "demo-app";
const service = createClient({ serverUrl, appId, serviceToken: "svc-demo-token" });
const user = createClient({ serverUrl, appId, token: "demo-user-token", serviceToken: "svc-demo-token" });
const stranger = createClient({ serverUrl, appId, token: "not-a-user" });

const failures = [];
let checks = 0;
async function check(name, body) {
  checks += 1;
  try {
    await body();
  } catch (error) {
    failures.push(`${name}: ${error && error.message ? error.message : error}`);
  }
}
function expect(condition, what) {
  if (!condition) throw new Error(what);
}
async function expectStatus(promise, status) {
  try {
    await promise;
  } catch (error) {
    const got = error.status ?? error.response?.status;
    expect(got === status, `expected HTTP ${status}, got ${got} (${error.message})`);
    return;
  }
  throw new Error(`expected HTTP ${status}, the call succeeded`);
}

const sr = service.asServiceRole.connectors;
await check("getConnection", async () => {
  const wrike = await sr.getConnection("wrike");
  expect(wrike.accessToken === "wrike-demo-token", "wrong token");
  expect(wrike.connectionConfig && wrike.connectionConfig.host === "app-eu.wrike.com", "no config");
  const slack = await sr.getConnection("slack");
  expect(slack.connectionConfig === null, "config should be null");
});
await check("getAccessToken (deprecated)", async () => {
  expect((await sr.getAccessToken("slack")).length > 0, "no token");
});
await check("getWorkspaceConnection", async () => {
  const ws = await sr.getWorkspaceConnection("conn_workspace_slack");
  expect(typeof ws.accessToken === "string" && ws.accessToken.length > 0, "no token");
});
await check("getCurrentAppUserConnection", async () => {
  const conn = await user.asServiceRole.connectors.getCurrentAppUserConnection("conn_user_notion");
  expect(conn.accessToken === "ntn-demo-user-token", "wrong token");
});
await check("getCurrentAppUserAccessToken (deprecated)", async () => {
  const token = await user.asServiceRole.connectors.getCurrentAppUserAccessToken("conn_user_notion");
  expect(token === "ntn-demo-user-token", "wrong token");
});
await check("callApi", async () => {
  const answer = await sr.callApi("slack", {
    method: "POST",
    path: "/api/chat.postMessage", // below the host: Base44 adds no base path
    body: { channel: "C0123456789", text: "Hello from the official SDK" },
  });
  expect(answer.success === true && answer.phase === "responded", JSON.stringify(answer));
  expect(answer.status === 200 && answer.data.ok === true, JSON.stringify(answer.data));
});
await check("connectAppUser", async () => {
  const url = await user.connectors.connectAppUser("conn_user_notion");
  expect(
    typeof url === "string" &&
      url.startsWith(`${serverUrl}/api/apps/${appId}/app-user-auth/connectors/conn_user_notion/authorize?state=`),
    `unexpected URL ${url}`,
  );
});
await check("disconnectAppUser, then the connection is gone until authorized again", async () => {
  await user.connectors.disconnectAppUser("conn_user_notion");
  await expectStatus(user.asServiceRole.connectors.getCurrentAppUserConnection("conn_user_notion"), 404);
  const url = await user.connectors.connectAppUser("conn_user_notion");
  const page = await fetch(url);
  expect(page.status === 200, `authorization page answered ${page.status}`);
  const conn = await user.asServiceRole.connectors.getCurrentAppUserConnection("conn_user_notion");
  expect(conn.accessToken === "ntn-demo-user-token", "not connected again");
});
await check("a wrong user token is 401", async () => {
  await expectStatus(stranger.connectors.connectAppUser("conn_user_notion"), 401);
  await expectStatus(stranger.connectors.disconnectAppUser("conn_user_notion"), 401);
});

if (failures.length > 0) {
  console.error(`official SDK check: ${failures.length} of ${checks} failed`);
  for (const failure of failures) console.error(`  ${failure}`);
  process.exit(1);
}
console.log(`official SDK check: all ${checks} connectors checks passed`);
