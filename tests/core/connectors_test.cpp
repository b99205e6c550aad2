// The connectors module against the real emulator on loopback.
#include <b44/client.hpp>
#include <b44/emulator.hpp>
#include <b44/errors.hpp>

#include <b44/http.hpp>

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
    "app_user_connectors": {"conn_user": {"integration_type": "notion", "access_token": "ntn-user"}},
    "app_user_tokens": ["user-jwt", "other-user-jwt"]
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

// The app user's own calls, as the SDK's base44.connectors makes them.
TEST_F(ConnectorsAgainstEmulator,
       ConnectAppUserSendsOnlyTheUsersTokenAndAnswersAnAuthorizationUrl) {
  const std::string url = client("", "user-jwt").connectors().connectAppUser("conn_user");
  EXPECT_TRUE(
      url.starts_with(emulator_->base44Url() +
                      "/api/apps/app-42/app-user-auth/connectors/conn_user/authorize?state="))
      << url;
  const auto requests = emulator_->base44Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_TRUE(
      requests[0].url.ends_with("/api/apps/app-42/app-user-auth/connectors/conn_user/initiate"))
      << requests[0].url;
  EXPECT_EQ(requests[0].headers.at("authorization"), "Bearer user-jwt");
  EXPECT_EQ(requests[0].headers.at("x-app-id"), "app-42");
  EXPECT_FALSE(requests[0].headers.contains("on-behalf-of"));
}

TEST_F(ConnectorsAgainstEmulator, DisconnectedAppUserHasNoConnectionUntilTheyAuthorizeAgain) {
  const auto asUser = client("svc-emulated-token", "user-jwt").connectors();
  EXPECT_EQ(asUser.cached(ConnectionSource::appUser("conn_user")).accessToken.reveal(), "ntn-user");
  asUser.disconnectAppUser("conn_user");
  const auto disconnect = emulator_->base44Requests().back();
  EXPECT_EQ(disconnect.method, "DELETE");
  EXPECT_TRUE(disconnect.url.ends_with("/api/apps/app-42/app-user-auth/connectors/conn_user"));
  EXPECT_EQ(disconnect.headers.at("authorization"), "Bearer user-jwt");
  // Gone from the client's cache too: the next use asks Base44, which says 404.
  try {
    (void)asUser.cached(ConnectionSource::appUser("conn_user"));
    FAIL() << "a disconnected app user still had a connection";
  } catch (const Base44Error& e) {
    EXPECT_EQ(e.status(), 404);
    EXPECT_NE(std::string(e.what()).find("not connected to connector 'conn_user'"),
              std::string::npos)
        << e.what();
  }
  // Another user of the app keeps theirs.
  EXPECT_EQ(client("svc-emulated-token", "other-user-jwt")
                .connectors()
                .getCurrentAppUserConnection("conn_user")
                .accessToken.reveal(),
            "ntn-user");
  // Following the authorization URL (the user's browser) connects them again.
  const std::string url = asUser.connectAppUser("conn_user");
  HttpRequest follow;
  follow.url = url;
  const auto browser = makePocoTransport({});
  const auto visit = [&] {
    return browser->send(follow, Destination::Base44, std::chrono::seconds(10)).status;
  };
  EXPECT_EQ(visit(), 200);
  EXPECT_EQ(asUser.getCurrentAppUserConnection("conn_user").accessToken.reveal(), "ntn-user");
  // A state is used once.
  EXPECT_EQ(visit(), 400);
}

TEST_F(ConnectorsAgainstEmulator, AppUserCallsNeedTheUsersOwnValidToken) {
  try {
    (void)client().connectors().connectAppUser("conn_user");
    FAIL() << "connectAppUser went without a user token";
  } catch (const InvalidArgumentError& e) {
    EXPECT_NE(std::string(e.what()).find("BASE44_USER_TOKEN"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(emulator_->base44Requests().empty());  // refused before sending
  for (const char* token : {"not-a-user", "svc-emulated-token"}) {
    try {
      client("", token).connectors().disconnectAppUser("conn_user");
      FAIL() << token << " was accepted as an app user's token";
    } catch (const Base44Error& e) {
      EXPECT_EQ(e.status(), 401);
      EXPECT_EQ(std::string(e.what()).find(token), std::string::npos) << e.what();
    }
  }
  try {
    (void)client("", "user-jwt").connectors().connectAppUser("conn_nobody");
    FAIL() << "an unknown connector was initiated";
  } catch (const Base44Error& e) {
    EXPECT_EQ(e.status(), 404);
    EXPECT_EQ(e.code(), "connector_not_found");
  }
  // The service-role read of an app user's connection checks the user too.
  try {
    (void)client("svc-emulated-token", "not-a-user")
        .connectors()
        .getCurrentAppUserConnection("conn_user");
    FAIL() << "an unknown app user read a connection";
  } catch (const Base44Error& e) {
    EXPECT_EQ(e.status(), 401);
  }
}

TEST_F(ConnectorsAgainstEmulator, DeprecatedGetCurrentAppUserAccessTokenReturnsTheToken) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  EXPECT_EQ(client("svc-emulated-token", "user-jwt")
                .connectors()
                .getCurrentAppUserAccessToken("conn_user")
                .reveal(),
            "ntn-user");
#pragma GCC diagnostic pop
}

}  // namespace
}  // namespace b44
