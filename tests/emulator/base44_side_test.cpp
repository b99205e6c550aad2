// The Base44 side over real HTTP: the four endpoints, Base44's checks, and
// callApi forwarding into the sandbox.
#include "fixture.hpp"

#include <b44/errors.hpp>

using b44::emulator::testing::EmulatorTest;
using b44::emulator::testing::HeaderList;
using nlohmann::json;

namespace {

void expectBase44Error(const b44::emulator::testing::HttpAnswer& answer, int status,
                       const std::string& code) {
  EXPECT_EQ(answer.status, status) << answer.body;
  const json body = answer.json();
  EXPECT_EQ(body.at("error").at("code"), code) << answer.body;
  EXPECT_TRUE(body.at("message").is_string());
  EXPECT_EQ(body.at("message"), body.at("error").at("message"));
  EXPECT_EQ(answer.headers.at("content-type"), "application/json");
}

}  // namespace

TEST_F(EmulatorTest, GetConnectionAnswersTokenTypeAndConfig) {
  const auto answer = base44("GET", "/api/apps/demo-app/external-auth/tokens/example");
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.json(), json::parse(R"({"access_token": "ex-token", "integration_type":
      "example", "connection_config": {"region": "eu"}})"));

  const auto noConfig = base44("GET", "/api/apps/demo-app/external-auth/tokens/rawkey");
  ASSERT_EQ(noConfig.status, 200);
  EXPECT_TRUE(noConfig.json().at("connection_config").is_null());
}

TEST_F(EmulatorTest, WorkspaceConnectionAnswersItsIntegrationType) {
  const auto answer = base44("GET", "/api/apps/demo-app/external-auth/tokens/connectors/conn_ws_1");
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.json(), json::parse(R"({"access_token": "xoxp-ws", "integration_type":
      "slack", "connection_config": null})"));
  expectBase44Error(base44("GET", "/api/apps/demo-app/external-auth/tokens/connectors/nope"), 404,
                    "connection_not_found");
}

TEST_F(EmulatorTest, AppUserConnectionNeedsTheUserToken) {
  const std::string path = "/api/apps/demo-app/app-user-auth/connectors/conn_user_1/token";
  expectBase44Error(base44("GET", path), 401, "unauthorized");
  auto headers = serviceHeaders();
  headers["on-behalf-of"] = "Bearer";  // no token
  expectBase44Error(base44("GET", path, headers), 401, "unauthorized");

  headers["on-behalf-of"] = "Bearer user-token-1";
  const auto answer = base44("GET", path, headers);
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.json(), json::parse(R"({"access_token": "xoxp-user", "integration_type":
      "slack", "connection_config": {"team": "T1"}})"));
}

TEST_F(EmulatorTest, PathSegmentsAreDecoded) {
  const auto answer = base44("GET", "/api/apps/demo%2Dapp/external-auth/tokens/ex%61mple");
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.json().at("integration_type"), "example");
}

TEST_F(EmulatorTest, WrongOrMissingServiceTokenIs401WithoutEchoingIt) {
  const std::string path = "/api/apps/demo-app/external-auth/tokens/example";
  auto headers = serviceHeaders();
  headers.erase("Authorization");
  expectBase44Error(base44("GET", path, headers), 401, "unauthorized");

  for (const std::string value : {"Bearer guessed-secret-42", "svc-demo-token",
                                  "Bearer  svc-demo-token", "bearer svc-demo-token"}) {
    headers["Authorization"] = value;
    const auto answer = base44("GET", path, headers);
    expectBase44Error(answer, 401, "unauthorized");
    EXPECT_EQ(answer.body.find("guessed-secret-42"), std::string::npos);
    EXPECT_EQ(answer.body.find("svc-demo-token"), std::string::npos);
  }
}

TEST_F(EmulatorTest, WrongAppIdIs403) {
  auto headers = serviceHeaders();
  headers["X-App-Id"] = "other-app";
  expectBase44Error(base44("GET", "/api/apps/demo-app/external-auth/tokens/example", headers), 403,
                    "app_mismatch");
  // Header and path agree, but it is not the configured app.
  expectBase44Error(base44("GET", "/api/apps/other-app/external-auth/tokens/example", headers), 403,
                    "app_mismatch");
  headers.erase("X-App-Id");
  expectBase44Error(base44("GET", "/api/apps/demo-app/external-auth/tokens/example", headers), 403,
                    "app_mismatch");
}

TEST_F(EmulatorTest, UnknownTypeIs404NamingIt) {
  const auto answer = base44("GET", "/api/apps/demo-app/external-auth/tokens/airtable");
  expectBase44Error(answer, 404, "connection_not_found");
  EXPECT_NE(answer.json().at("message").get<std::string>().find("airtable"), std::string::npos);
}

TEST_F(EmulatorTest, ConfiguredErrorIsAnswered) {
  const auto answer = base44("GET", "/api/apps/demo-app/external-auth/tokens/broken");
  expectBase44Error(answer, 500, "boom");
  EXPECT_EQ(answer.json().at("message"), "exploded");
}

TEST_F(EmulatorTest, MeteredConnectorRefusesGetConnectionButProxies) {
  expectBase44Error(base44("GET", "/api/apps/demo-app/external-auth/tokens/hubspot"), 403,
                    "metered_connector");
  const auto answer = callApi(
      "hubspot", {{"method", "POST"}, {"path", "/v1/things"}, {"body", {{"name", "via proxy"}}}});
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.json().at("success"), true);
  EXPECT_EQ(answer.json().at("data").at("name"), "via proxy");
  const auto records = emulator().sandboxRequests();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].headers.at("authorization"), "Bearer hub-token");
}

TEST_F(EmulatorTest, UnknownEndpointAndWrongMethod) {
  expectBase44Error(base44("GET", "/api/apps/demo-app/nothing/here"), 404, "not_found");
  expectBase44Error(base44("POST", "/api/apps/demo-app/external-auth/tokens/example"), 405,
                    "method_not_allowed");
  expectBase44Error(base44("GET", "/api/apps/demo-app/connectors/example/call"), 405,
                    "method_not_allowed");
}

TEST_F(EmulatorTest, Base44RequestsAreRecorded) {
  base44("GET", "/api/apps/demo-app/external-auth/tokens/example");
  const auto records = emulator().base44Requests();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].method, "GET");
  EXPECT_EQ(records[0].url,
            emulator().base44Url() + "/api/apps/demo-app/external-auth/tokens/example");
  EXPECT_EQ(records[0].headers.at("authorization"), "Bearer svc-demo-token");
  EXPECT_EQ(records[0].toJson(true).at("headers").at("authorization"), "Bearer <redacted>");
  EXPECT_TRUE(emulator().sandboxRequests().empty());
  emulator().clearRecords();
  EXPECT_TRUE(emulator().base44Requests().empty());
}

TEST_F(EmulatorTest, AppIdAndServiceTokenAreExposed) {
  EXPECT_EQ(emulator().appId(), "demo-app");
  EXPECT_EQ(emulator().serviceToken(), "svc-demo-token");
  EXPECT_EQ(emulator().base44Url().rfind("http://127.0.0.1:", 0), 0u);
  EXPECT_EQ(emulator().sandboxUrl().rfind("http://127.0.0.1:", 0), 0u);
  EXPECT_NE(emulator().base44Port(), emulator().sandboxPort());
}

// ---- callApi ----

TEST_F(EmulatorTest, CallApiValidatesTheRequest) {
  const std::vector<json> invalid = {
      {{"method", "TRACE"}, {"path", "/v1/things"}},
      {{"method", 7}, {"path", "/v1/things"}},
      {{"path", "https://evil.test/v1/things"}},
      {{"path", "//evil.test/v1/things"}},
      {{"path", "v1/things"}},
      {{"method", "GET"}},
      {{"path", ""}},
      {{"path", "/v1/things"}, {"query", "a=1"}},
      {{"path", "/v1/things"}, {"headers", json::array()}},
      {{"path", "/v1/things"}, {"headers", {{"X-Bad", "a\r\nInjected: 1"}}}},
      {{"path", "/v1/things"}, {"host", 3}},
      json::array(),
  };
  for (const auto& body : invalid) {
    SCOPED_TRACE(body.dump());
    expectBase44Error(callApi("example", body), 400, "invalid_request");
  }
  expectBase44Error(
      base44("POST", "/api/apps/demo-app/connectors/example/call", serviceHeaders(), "not json"),
      400, "invalid_request");
  EXPECT_TRUE(emulator().sandboxRequests().empty());
}

TEST_F(EmulatorTest, CallApiForwardsToTheSandboxWithTheToken) {
  const auto answer = callApi("example", {{"method", "POST"},
                                          {"path", "/v1/things"},
                                          {"query", {{"q", "a b"}, {"n", 2}}},
                                          {"headers", {{"X-Trace", "t-1"}}},
                                          {"body", {{"name", "widget"}}}});
  ASSERT_EQ(answer.status, 200) << answer.body;
  const json body = answer.json();
  EXPECT_EQ(body.at("success"), true);
  EXPECT_EQ(body.at("phase"), "responded");
  EXPECT_EQ(body.at("status_code"), 201);
  EXPECT_EQ(body.at("data"), json::parse(R"({"id": "th_1", "name": "widget", "trace": "t-1"})"));
  EXPECT_TRUE(body.at("data_base64").is_null());
  EXPECT_EQ(body.at("content_type"), "application/json");
  EXPECT_EQ(body.at("headers").at("x-request-id"), "req-1");
  EXPECT_EQ(body.at("headers").at("content-type"), "application/json");
  EXPECT_EQ(body.at("credits_charged"), 1);

  const auto records = emulator().sandboxRequests();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].method, "POST");
  EXPECT_EQ(records[0].url, "https://api.example.test/v1/things?n=2&q=a%20b");
  EXPECT_EQ(records[0].headers.at("host"), "api.example.test");
  EXPECT_EQ(records[0].headers.at("authorization"), "Bearer ex-token");
  EXPECT_EQ(records[0].headers.at("x-trace"), "t-1");
  EXPECT_EQ(records[0].headers.at("content-type"), "application/json");
  ASSERT_TRUE(records[0].body);
  EXPECT_EQ(json::parse(*records[0].body), json::parse(R"({"name": "widget"})"));
}

TEST_F(EmulatorTest, CallApiPicksTheHostByNameOrHostname) {
  for (const std::string host : {"upload", "upload.example.test"}) {
    const auto answer = callApi("example", {{"host", host}, {"path", "/files"}});
    ASSERT_EQ(answer.status, 200) << answer.body;
    EXPECT_EQ(answer.json().at("data"), json::parse(R"({"uploaded": true})"));
  }
  // A host filled from connection config.
  for (const std::string host : {"regional", "eu.example.test"}) {
    const auto answer = callApi("regional", {{"host", host}, {"path", "/regional/r%201"}});
    ASSERT_EQ(answer.status, 200) << answer.body;
    EXPECT_EQ(answer.json().at("data"), json::parse(R"({"id": "r 1"})"));
  }
  const auto records = emulator().sandboxRequests();
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].url, "https://upload.example.test/files");
  EXPECT_EQ(records[1].url, "https://upload.example.test/files");
  EXPECT_EQ(records[2].url, "https://eu.example.test/regional/r%201");
  EXPECT_EQ(records[3].headers.at("authorization"), "Bearer reg-token");
}

TEST_F(EmulatorTest, CallApiWithAnUnknownHostIsNotSent) {
  const auto answer = callApi("example", {{"host", "elsewhere.test"}, {"path", "/v1/things"}});
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.json().at("success"), false);
  EXPECT_EQ(answer.json().at("phase"), "not_sent");
  EXPECT_TRUE(answer.json().at("status_code").is_null());

  // A connection config the adapter's host rules reject.
  const auto bad = callApi("badconfig", {{"host", "regional"}, {"path", "/x"}});
  EXPECT_EQ(bad.json().at("phase"), "not_sent");
  EXPECT_EQ(bad.json().at("data").at("error"), "invalid_connection_config");
  EXPECT_TRUE(emulator().sandboxRequests().empty());
}

TEST_F(EmulatorTest, CallApiPresentsARawToken) {
  const auto answer = callApi("rawkey", {{"method", "POST"}, {"path", "/v1/things"}});
  ASSERT_EQ(answer.status, 200) << answer.body;
  const auto records = emulator().sandboxRequests();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].headers.at("x-api-key"), "raw-token");
  EXPECT_FALSE(records[0].headers.contains("authorization"));
}

TEST_F(EmulatorTest, CallApiReportsUpstreamErrorsAndText) {
  const auto missing = callApi("example", {{"path", "/v1/missing"}});
  ASSERT_EQ(missing.status, 200);
  EXPECT_EQ(missing.json().at("success"), false);
  EXPECT_EQ(missing.json().at("phase"), "responded");
  EXPECT_EQ(missing.json().at("status_code"), 404);

  const auto noRoute = callApi("example", {{"path", "/v1/unrouted"}});
  EXPECT_EQ(noRoute.json().at("status_code"), 404);
  EXPECT_EQ(noRoute.json().at("data").at("error"), "no_sandbox_route");

  const auto text = callApi("example", {{"path", "/v1/text"}, {"query", {{"word", "hi"}}}});
  EXPECT_EQ(text.json().at("success"), true);
  EXPECT_EQ(text.json().at("data"), "plain hi");
  EXPECT_EQ(text.json().at("content_type"), "text/plain");

  const auto head = callApi("example", {{"method", "HEAD"}, {"path", "/v1/text"}});
  EXPECT_EQ(head.json().at("status_code"), 200);
  EXPECT_TRUE(head.json().at("data").is_null());
}

TEST_F(EmulatorTest, CallApiErrorsOfTheConnection) {
  expectBase44Error(callApi("airtable", {{"path", "/x"}}), 404, "connection_not_found");
  expectBase44Error(callApi("broken", {{"path", "/x"}}), 500, "boom");
  expectBase44Error(callApi("noadapter", {{"path", "/x"}}), 400, "unsupported_connector");
}

TEST_F(EmulatorTest, CallApiWithoutAnAdapterLookup) {
  options_.adapterLookup = nullptr;
  expectBase44Error(callApi("example", {{"path", "/x"}}), 400, "unsupported_connector");
}
