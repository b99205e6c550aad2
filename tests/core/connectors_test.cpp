// The connectors module against the real emulator on loopback.
#include <b44/client.hpp>
#include <b44/emulator.hpp>
#include <b44/errors.hpp>

#include <gtest/gtest.h>

namespace b44 {
namespace {

nlohmann::json connectionsDocument() {
  return nlohmann::json::parse(R"({
    "app_id": "app-42", "service_token": "svc-emulated-token",
    "connections": {
      "slack": {"access_token": "xoxp-app", "connection_config": null},
      "wrike": {"access_token": "wr-app", "connection_config": {"host": "app-eu.wrike.com"}},
      "hubspot": {"access_token": "hs", "metered": true}
    },
    "workspace_connectors": {"conn_ws": {"integration_type": "slack", "access_token": "xoxp-ws"}},
    "app_user_connectors": {"conn_user": {"integration_type": "notion", "access_token": "ntn-user"}}
  })");
}

class ConnectorsAgainstEmulator : public ::testing::Test {
 protected:
  void SetUp() override {
    emulator::EmulatorOptions options;
    options.connections = connectionsDocument();
    emulator_ = std::make_unique<emulator::Emulator>(options);
    emulator_->start();
  }
  Client client(std::string serviceToken = "svc-emulated-token", std::string userToken = "") {
    ClientOptions options;
    options.serverUrl = emulator_->base44Url();
    options.appId = "app-42";
    options.serviceToken = Secret(std::move(serviceToken));
    options.userToken = Secret(std::move(userToken));
    return Client(options);
  }
  std::unique_ptr<emulator::Emulator> emulator_;
};

TEST_F(ConnectorsAgainstEmulator, GetConnectionWithAndWithoutConfig) {
  const auto slack = client().connectors().getConnection("slack");
  EXPECT_EQ(slack.accessToken.reveal(), "xoxp-app");
  EXPECT_EQ(slack.integrationType, "slack");
  EXPECT_FALSE(slack.connectionConfig.has_value());
  const auto wrike = client().connectors().getConnection("wrike");
  ASSERT_TRUE(wrike.connectionConfig.has_value());
  EXPECT_EQ(wrike.connectionConfig->at("host"), "app-eu.wrike.com");
}

TEST_F(ConnectorsAgainstEmulator, DeprecatedGetAccessTokenReturnsTheToken) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  EXPECT_EQ(client().connectors().getAccessToken("slack").reveal(), "xoxp-app");
#pragma GCC diagnostic pop
}

TEST_F(ConnectorsAgainstEmulator, WorkspaceAndAppUserConnections) {
  EXPECT_EQ(client().connectors().getWorkspaceConnection("conn_ws").accessToken.reveal(),
            "xoxp-ws");
  const auto user = client("svc-emulated-token", "user-jwt")
                        .connectors()
                        .getCurrentAppUserConnection("conn_user");
  EXPECT_EQ(user.accessToken.reveal(), "ntn-user");
  EXPECT_EQ(user.integrationType, "notion");
}

TEST_F(ConnectorsAgainstEmulator, WrongServiceTokenIs401WithoutEchoingIt) {
  try {
    client("wrong-service-token").connectors().getConnection("slack");
    FAIL();
  } catch (const Base44Error& e) {
    EXPECT_EQ(e.status(), 401);
    EXPECT_EQ(std::string(e.what()).find("wrong-service-token"), std::string::npos);
    EXPECT_EQ(e.data().dump().find("wrong-service-token"), std::string::npos);
  }
}

TEST_F(ConnectorsAgainstEmulator, UnknownTypeIs404NamingIt) {
  try {
    client().connectors().getConnection("salesforce");
    FAIL();
  } catch (const Base44Error& e) {
    EXPECT_EQ(e.status(), 404);
    EXPECT_EQ(e.code(), "connection_not_found");
    EXPECT_NE(e.message().find("salesforce"), std::string::npos);
  }
}

TEST_F(ConnectorsAgainstEmulator, MeteredConnectorRefusesTheToken) {
  try {
    client().connectors().getConnection("hubspot");
    FAIL();
  } catch (const Base44Error& e) {
    EXPECT_EQ(e.status(), 403);
    EXPECT_EQ(e.code(), "metered_connector");
  }
}

TEST_F(ConnectorsAgainstEmulator, WrongAppIdIsRefused) {
  ClientOptions options;
  options.serverUrl = emulator_->base44Url();
  options.appId = "other-app";
  options.serviceToken = Secret("svc-emulated-token");
  try {
    Client(options).connectors().getConnection("slack");
    FAIL();
  } catch (const Base44Error& e) {
    EXPECT_EQ(e.status(), 403);
  }
}

TEST_F(ConnectorsAgainstEmulator, StatePropagatesOnEveryRequest) {
  Headers incoming{{"Base44-App-Id", "app-42"},
                   {"Base44-Service-Authorization", "Bearer svc-emulated-token"},
                   {"Base44-Api-Url", emulator_->base44Url()},
                   {"Base44-State", "st-1"},
                   {"X-Data-Env", "dev"}};
  Client::fromRequestHeaders(incoming).connectors().getConnection("slack");
  const auto requests = emulator_->base44Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].headers.at("base44-state"), "st-1");
  EXPECT_EQ(requests[0].headers.at("x-data-env"), "dev");
  EXPECT_EQ(requests[0].headers.at("x-app-id"), "app-42");
}

}  // namespace
}  // namespace b44
