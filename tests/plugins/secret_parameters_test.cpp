// Secret parameters ("secret": true, a webhook token in the path) end to end:
// a declared adapter, the real emulator with a route that marks the segment
// secret, and a service that echoes the token in its error answers.
#include <b44/emulator.hpp>
#include <b44/errors.hpp>
#include <b44/plugin/declared_adapter.hpp>
#include <b44/service_client.hpp>

#include "emulated_service.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

namespace b44 {
namespace {

constexpr const char* kToken = "whk-0123456789-secret";

constexpr const char* kDeclaration = R"json({
  "type": "hooky",
  "displayName": "Hooky",
  "description": "Posts through webhooks.",
  "documentation": "https://hooky.example/docs",
  "hosts": [{"name": "default", "baseUrl": "https://api.hooky.example/v1",
             "allowedHosts": ["api.hooky.example"]}],
  "actions": [
    {"name": "execute", "description": "Posts a message.", "method": "POST",
     "path": "/hooks/{hook_id}/{hook_token}",
     "parameters": [
       {"name": "hook_id", "required": true, "in": "path", "description": "The hook."},
       {"name": "hook_token", "required": true, "in": "path", "secret": true,
        "description": "The hook's token."},
       {"name": "content", "in": "body", "description": "The text."}],
     "example": {"hook_id": "1", "hook_token": "t0ken-example", "content": "hi"}},
    {"name": "lookup", "description": "Looks a hook up by a key in the query.",
     "path": "/lookup",
     "parameters": [
       {"name": "key", "required": true, "in": "query", "as": "k", "secret": true,
        "description": "The lookup key."}],
     "example": {"key": "k3y-example"}}
  ]
})json";

// The service echoes the token of an unknown hook in its error, and a
// hook's token in its answer (as Discord's Get Webhook with Token does).
constexpr const char* kRoutes = R"({"routes": [
  {"method": "POST", "host": "api.hooky.example", "path": "/v1/hooks/404/{hook_token}",
   "secret": ["hook_token"], "status": 404,
   "body": {"message": "no hook with token {{path.hook_token}}"}},
  {"method": "POST", "host": "api.hooky.example", "path": "/v1/hooks/{hook_id}/{hook_token}",
   "secret": ["hook_token"],
   "body": {"id": "{{path.hook_id}}", "token": "{{path.hook_token}}"}}
]})";

class SecretParameterTest : public test_support::EmulatedServiceTest {
 protected:
  SecretParameterTest() {
    adapter_ = plugin::makeDeclaredAdapter(kDeclaration, "hooky.json", plugin::Hooks{});
    routes_ = kRoutes;
    connections_ = nlohmann::json::parse(R"({
      "app_id": "app", "service_token": "svc-token",
      "connections": {"hooky": {"access_token": "hooky-app-token"}}})");
  }
};

TEST_F(SecretParameterTest, AnErrorAnswerEchoingTheSecretShowsItRedacted) {
  try {
    (void)service().invoke("execute", {{"hook_id", "404"}, {"hook_token", kToken}});
    FAIL() << "the 404 was not an error";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.status(), 404);
    EXPECT_EQ(std::string(error.what()).find(kToken), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("no hook with token ****"), std::string::npos)
        << error.what();
    EXPECT_EQ(error.body().dump().find(kToken), std::string::npos) << error.body();
  }
  // It did reach the service, in full: only what is shown is redacted.
  ASSERT_EQ(emulator_->sandboxRequests().size(), 1u);
  EXPECT_EQ(emulator_->sandboxRequests()[0].url,
            std::string("https://api.hooky.example/v1/hooks/404/") + kToken);
}

TEST_F(SecretParameterTest, ARawRequestToADeclaredSecretPlaceIsScrubbedToo) {
  RawRequest request;
  request.method = "POST";
  request.path = std::string("/hooks/404/") + kToken;
  try {
    (void)service().request(request);
    FAIL() << "the 404 was not an error";
  } catch (const ServiceError& error) {
    EXPECT_EQ(std::string(error.what()).find(kToken), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("****"), std::string::npos) << error.what();
  }
}

TEST_F(SecretParameterTest, TheLogShowsTheUrlWithTheSecretRedacted) {
  (void)service().invoke("execute", {{"hook_id", "7"}, {"hook_token", kToken}});
  EXPECT_NE(log().find("hooky.execute: POST https://api.hooky.example/v1/hooks/7/****"),
            std::string::npos)
      << log();
  EXPECT_EQ(log().find(kToken), std::string::npos) << log();
}

TEST_F(SecretParameterTest, TheEmulatorsRecordOmitsTheSecret) {
  (void)service().invoke("execute", {{"hook_id", "7"}, {"hook_token", kToken}});
  const auto recorded = emulator_->sandboxRequests();
  ASSERT_EQ(recorded.size(), 1u);
  const std::string shown = emulator_->redactedJson(recorded[0]).dump();
  EXPECT_EQ(shown.find(kToken), std::string::npos) << shown;
  EXPECT_NE(shown.find("/v1/hooks/7/<redacted>"), std::string::npos) << shown;
  const std::string file = recordFile();
  EXPECT_NE(file.find("/v1/hooks/7/<redacted>"), std::string::npos) << file;
  EXPECT_EQ(file.find(kToken), std::string::npos) << file;
  // The emulator's own messages cut it as well, once a route named it secret.
  EXPECT_EQ(emulator_->redact(std::string("echo ") + kToken), "echo <redacted>");
}

TEST(SecretParameters, TheSpecFindsTheValuesInTheirPlaces) {
  const auto adapter = plugin::makeDeclaredAdapter(kDeclaration, "hooky.json", plugin::Hooks{});
  const auto& spec = adapter->spec();
  // Path segments, as sent and decoded, also of a raw request's path.
  EXPECT_EQ(spec.secretValues("", "/hooks/1/a%20b", {}),
            (std::vector<std::string>{"a%20b", "a b"}));
  EXPECT_EQ(spec.secretValues("default", "/hooks/1/abc?x=1", {}), std::vector<std::string>{"abc"});
  EXPECT_TRUE(spec.secretValues("", "/hooks/1", {}).empty());
  EXPECT_TRUE(spec.secretValues("", "/other/1/abc", {}).empty());
  EXPECT_TRUE(spec.secretValues("upload", "/hooks/1/abc", {}).empty());
  // Query values under the parameter's wire name, as given and encoded.
  EXPECT_EQ(spec.secretValues("", "/lookup", {{"k", "a/b"}, {"other", "x"}}),
            (std::vector<std::string>{"a/b", "a%2Fb"}));
  EXPECT_EQ(spec.secretArguments("execute", {{"hook_id", "1"}, {"hook_token", "abc"}}),
            std::vector<std::string>{"abc"});
  EXPECT_TRUE(spec.secretArguments("nope", {{"hook_token", "abc"}}).empty());
}

}  // namespace
}  // namespace b44
