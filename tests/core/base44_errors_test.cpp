// How Base44's answers become results and errors, against a scripted server.
#include <b44/client.hpp>
#include <b44/errors.hpp>

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "scripted_server.hpp"

namespace b44 {
namespace {

using testing::ScriptedAnswer;
using testing::ScriptedServer;

class Base44Answers : public ::testing::Test {
 protected:
  Client client() {
    ClientOptions options;
    options.serverUrl = server.url();
    options.appId = "app-1";
    options.serviceToken = Secret("svc-secret-token");
    options.userToken = Secret("user-secret-token");
    options.retry.maxAttempts = 1;
    return Client(options);
  }
  Base44Error errorFor(ScriptedAnswer answer) {
    server.push(std::move(answer));
    try {
      client().connectors().getConnection("slack");
    } catch (const Base44Error& e) {
      return e;
    }
    throw std::runtime_error("no Base44Error");
  }
  ScriptedServer server;
};

TEST_F(Base44Answers, RequestCarriesTheSdkHeadersAndPath) {
  server.push(
      {200, {}, R"({"access_token":"tok","integration_type":"slack","connection_config":null})"});
  const auto connection = client().connectors().getConnection("slack");
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].target, "/api/apps/app-1/external-auth/tokens/slack");
  EXPECT_EQ(requests[0].headers.at("x-app-id"), "app-1");
  EXPECT_EQ(requests[0].headers.at("authorization"), "Bearer svc-secret-token");
  EXPECT_EQ(requests[0].headers.at("on-behalf-of"), "Bearer user-secret-token");
  EXPECT_EQ(requests[0].headers.at("content-type"), "application/json");
  EXPECT_EQ(requests[0].headers.at("accept"), "application/json");
  EXPECT_EQ(connection.accessToken.reveal(), "tok");
  EXPECT_FALSE(connection.connectionConfig.has_value());
}

TEST_F(Base44Answers, TypeIsEncodedAsOnePathSegment) {
  server.setFallback({200, {}, R"({"access_token":"tok"})"});
  client().connectors().getConnection("a/b?c d");
  client().connectors().getWorkspaceConnection("../x");
  const auto requests = server.requests();
  EXPECT_EQ(requests[0].target, "/api/apps/app-1/external-auth/tokens/a%2Fb%3Fc%20d");
  EXPECT_EQ(requests[1].target, "/api/apps/app-1/external-auth/tokens/connectors/..%2Fx");
}

TEST_F(Base44Answers, MessagePrecedenceIsErrorMessageThenMessageThenDetail) {
  auto e = errorFor(
      {404,
       {},
       R"({"error":{"message":"m1","code":"c1"},"message":"m2","detail":"m3","code":"c2"})"});
  EXPECT_EQ(e.status(), 404);
  EXPECT_EQ(e.message(), "m1");
  EXPECT_EQ(e.code(), "c1");
  EXPECT_EQ(e.data()["detail"], "m3");
  e = errorFor({400, {}, R"({"message":"m2","detail":"m3","code":"c2"})"});
  EXPECT_EQ(e.message(), "m2");
  EXPECT_EQ(e.code(), "c2");
  e = errorFor({403, {{"x-base44-connector-error", "metered_connector"}}, R"({"detail":"m3"})"});
  EXPECT_EQ(e.message(), "m3");
  EXPECT_EQ(e.code(), "metered_connector");
  e = errorFor({502, {}, "<html>bad gateway</html>"});
  EXPECT_EQ(e.message(), "Request failed with status code 502");
  EXPECT_EQ(e.data(), "<html>bad gateway</html>");
}

TEST_F(Base44Answers, MalformedSuccessIsAProtocolErrorWithoutTheToken) {
  for (const char* body : {"not json", R"({"integration_type":"slack"})", R"({"access_token":""})",
                           R"([1,2])", R"({"access_token":"tok-123","connection_config":"x"})",
                           R"({"access_token":"tok-123","connection_config":{"a":{"b":1}}})"}) {
    server.push({200, {}, body});
    try {
      client().connectors().getConnection("slack");
      FAIL() << body;
    } catch (const ProtocolError& e) {
      EXPECT_NE(std::string(e.what()).find("getConnection(slack)"), std::string::npos);
      EXPECT_EQ(std::string(e.what()).find("tok-123"), std::string::npos);
    }
  }
}

TEST_F(Base44Answers, ConnectionConfigValuesAreStrings) {
  server.push(
      {200,
       {},
       R"({"access_token":"t","connection_config":{"subdomain":"acme","port":8,"x":null}})"});
  const auto connection = client().connectors().getConnection("zendesk");
  ASSERT_TRUE(connection.connectionConfig);
  EXPECT_EQ(connection.connectionConfig->at("subdomain"), "acme");
  EXPECT_EQ(connection.connectionConfig->at("port"), "8");
  EXPECT_EQ(connection.connectionConfig->count("x"), 0u);
  EXPECT_EQ(connection.integrationType, "zendesk");
}

TEST_F(Base44Answers, BadInputIsRejectedBeforeAnyRequest) {
  EXPECT_THROW(client().connectors().getConnection(""), InvalidArgumentError);
  EXPECT_THROW(client().connectors().getConnection(".."), InvalidArgumentError);
  EXPECT_THROW(client().connectors().getWorkspaceConnection(""), InvalidArgumentError);
  EXPECT_THROW(client().connectors().getCurrentAppUserConnection("a\r\nb"), InvalidArgumentError);
  CallApiRequest call;
  call.method = "TRACE";
  call.path = "/x";
  EXPECT_THROW(client().connectors().callApi("slack", call), InvalidArgumentError);
  call.method = "GET";
  for (const char* path : {"", "x", "https://evil.com/x", "//evil.com/x", "/a b"}) {
    call.path = path;
    EXPECT_THROW(client().connectors().callApi("slack", call), InvalidArgumentError) << path;
  }
  ClientOptions options;
  options.serverUrl = server.url();
  options.appId = "app-1";
  try {
    Client(options).connectors().getConnection("slack");
    FAIL();
  } catch (const InvalidArgumentError& e) {
    EXPECT_NE(std::string(e.what()).find("Service token is required"), std::string::npos);
  }
  EXPECT_TRUE(server.requests().empty());
}

TEST_F(Base44Answers, CallApiMapsEveryResponseField) {
  server.push({200, {}, R"({"success":false,"phase":"responded","status_code":404,
    "data":{"error":"nope"},"data_base64":null,"content_type":"application/json",
    "headers":{"x-a":"1"},"credits_charged":2.5})"});
  CallApiRequest call;
  call.method = "POST";
  call.host = "upload.box.com";
  call.path = "/files";
  call.query = {{"a", "1"}};
  call.body = {{"k", "v"}};
  const auto answer = client().connectors().callApi("box", call);
  EXPECT_FALSE(answer.success);
  EXPECT_EQ(answer.phase, CallApiResponse::Phase::Responded);
  EXPECT_EQ(answer.statusCode, 404);
  EXPECT_EQ(answer.data["error"], "nope");
  EXPECT_EQ(answer.headers.at("x-a"), "1");
  EXPECT_DOUBLE_EQ(answer.creditsCharged, 2.5);
  const auto sent = nlohmann::json::parse(server.requests().at(0).body);
  EXPECT_EQ(server.requests().at(0).target, "/api/apps/app-1/connectors/box/call");
  EXPECT_EQ(sent, (nlohmann::json{{"method", "POST"},
                                  {"host", "upload.box.com"},
                                  {"path", "/files"},
                                  {"query", {{"a", "1"}}},
                                  {"headers", nlohmann::json::object()},
                                  {"body", {{"k", "v"}}}}));
  server.push({200, {}, R"({"success":true,"phase":"teleported"})"});
  EXPECT_THROW(client().connectors().callApi("box", call), ProtocolError);
}

// Found by base44_response_fuzz: a field of the wrong type made the JSON
// library throw its own exception out of callApi.
TEST_F(Base44Answers, CallApiFieldsOfTheWrongTypeAreAProtocolErrorNamingTheField) {
  const std::vector<std::pair<std::string, std::string>> answers = {
      {R"({"success":{"a":"b"},"creditsed":1})", "'success' is not a boolean"},
      {R"({"success":true,"phase":7})", "'phase' is not a string"},
      {R"({"success":true,"phase":"responded","status_code":"200"})",
       "'status_code' is not an integer"},
      {R"({"success":true,"phase":"responded","status_code":99999999999})",
       "'status_code' 99999999999 is not an HTTP status"},
      {R"({"success":true,"phase":"responded","data_base64":[1]})",
       "'data_base64' is not a string"},
      {R"({"success":true,"phase":"responded","headers":"x-a: 1"})", "'headers' is not an object"},
      {R"({"success":true,"phase":"responded","credits_charged":"2"})",
       "'credits_charged' is not a number"},
  };
  CallApiRequest call;
  call.method = "GET";
  call.path = "/files";
  for (const auto& [body, expected] : answers) {
    server.push({200, {}, body});
    try {
      client().connectors().callApi("box", call);
      ADD_FAILURE() << "accepted " << body;
    } catch (const ProtocolError& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
  }
  // Null stands for absent, as the contract allows for the optional fields.
  server.push({200, {}, R"({"success":true,"phase":"responded","status_code":null,
    "data":null,"data_base64":null,"content_type":null,"headers":null})"});
  const auto answer = client().connectors().callApi("box", call);
  EXPECT_TRUE(answer.success);
  EXPECT_FALSE(answer.statusCode.has_value());
}

}  // namespace
}  // namespace b44
