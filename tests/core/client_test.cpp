#include <b44/client.hpp>
#include <b44/errors.hpp>

#include <gtest/gtest.h>

#include <cstdlib>

namespace b44 {
namespace {

Headers functionHeaders() {
  return Headers{{"Base44-App-Id", "app-1"},
                 {"Base44-Service-Authorization", "Bearer svc-token"},
                 {"Authorization", "Bearer user-token"}};
}

TEST(ClientFromRequest, ReadsTokensServerAndPropagatedHeaders) {
  Headers headers = functionHeaders();
  headers.set("Base44-Api-Url", "http://127.0.0.1:1234");
  headers.set("Base44-State", "state-abc");
  headers.set("X-Data-Env", "dev");
  headers.set("Base44-Functions-Version", "v7");
  const Client client = Client::fromRequestHeaders(headers);
  const auto& options = client.options();
  EXPECT_EQ(options.appId, "app-1");
  EXPECT_EQ(options.serviceToken.reveal(), "svc-token");
  EXPECT_EQ(options.userToken.reveal(), "user-token");
  EXPECT_EQ(options.serverUrl, "http://127.0.0.1:1234");
  EXPECT_EQ(options.extraHeaders.get("Base44-State"), "state-abc");
  EXPECT_EQ(options.extraHeaders.get("X-Data-Env"), "dev");
  EXPECT_EQ(options.functionsVersion, "v7");
}

TEST(ClientFromRequest, DefaultsToBase44AndDropsUnknownDataEnv) {
  Headers headers = functionHeaders();
  headers.set("X-Data-Env", "staging");
  const Client client = Client::fromRequestHeaders(headers);
  EXPECT_EQ(client.options().serverUrl, "https://base44.app");
  EXPECT_FALSE(client.options().extraHeaders.contains("X-Data-Env"));
  headers.set("X-Data-Env", "prod");
  EXPECT_EQ(Client::fromRequestHeaders(headers).options().extraHeaders.get("X-Data-Env"), "prod");
}

TEST(ClientFromRequest, AppIdIsRequired) {
  Headers headers = functionHeaders();
  headers.remove("Base44-App-Id");
  try {
    Client::fromRequestHeaders(headers);
    FAIL();
  } catch (const InvalidArgumentError& e) {
    EXPECT_EQ(e.field(), "Base44-App-Id");
  }
}

TEST(ClientFromRequest, BearerFormatIsStrictAndTokensAreNotEchoed) {
  for (const char* bad :
       {"Bearer", "Bearer ", "Basic abc", "bearer abc", "Bearer  abc", "Bearer abc def", "abc"}) {
    for (const char* header : {"Base44-Service-Authorization", "Authorization"}) {
      Headers headers = functionHeaders();
      headers.set(header, bad);
      try {
        Client::fromRequestHeaders(headers);
        FAIL() << header << ": accepted '" << bad << "'";
      } catch (const InvalidArgumentError& e) {
        EXPECT_EQ(e.field(), header);
        EXPECT_EQ(std::string(e.what()).find("abc"), std::string::npos);
      }
    }
  }
}

TEST(ClientFromRequest, OptionalTokensMayBeAbsent) {
  const Client client = Client::fromRequestHeaders(Headers{{"Base44-App-Id", "app-1"}});
  EXPECT_TRUE(client.options().serviceToken.empty());
  EXPECT_TRUE(client.options().userToken.empty());
}

TEST(ClientFromEnvironment, ReadsTheDocumentedVariables) {
  ::setenv("BASE44_APP_ID", "env-app", 1);
  ::setenv("BASE44_SERVICE_TOKEN", "env-svc", 1);
  ::setenv("BASE44_API_URL", "http://127.0.0.1:9", 1);
  ::setenv("B44_CONNECT_TO", "http://127.0.0.1:10", 1);
  const Client client = Client::fromEnvironment();
  EXPECT_EQ(client.options().appId, "env-app");
  EXPECT_EQ(client.options().serviceToken.reveal(), "env-svc");
  EXPECT_EQ(client.options().serverUrl, "http://127.0.0.1:9");
  EXPECT_EQ(client.options().transport.connectTo, "http://127.0.0.1:10");
  ::unsetenv("BASE44_APP_ID");
  ::unsetenv("BASE44_SERVICE_TOKEN");
  ::unsetenv("BASE44_API_URL");
  ::unsetenv("B44_CONNECT_TO");
  EXPECT_THROW(Client::fromEnvironment(), InvalidArgumentError);
}

TEST(ClientOptionsCheck, PlainHttpOnlyForLoopback) {
  ClientOptions options;
  options.appId = "a";
  options.serverUrl = "http://base44.example.com";
  EXPECT_THROW(Client{options}, InvalidArgumentError);
  options.transport.allowInsecureHttp = true;
  EXPECT_NO_THROW(Client{options});
  options.serverUrl = "http://127.0.0.1:1/";
  options.transport.allowInsecureHttp = false;
  EXPECT_EQ(Client{options}.options().serverUrl, "http://127.0.0.1:1");
}

}  // namespace
}  // namespace b44
