// The b44 core client and ServiceClient against the emulator: the emulator
// speaks the wire protocol the client expects, both directly and via callApi.
#include "fixture.hpp"

#include <b44/client.hpp>
#include <b44/errors.hpp>
#include <b44/service_client.hpp>

using b44::emulator::testing::EmulatorTest;
using b44::emulator::testing::ExampleAdapter;
using nlohmann::json;

namespace {

b44::ClientOptions clientOptions(const b44::emulator::Emulator& emulator) {
  b44::ClientOptions options;
  options.serverUrl = emulator.base44Url();
  options.appId = emulator.appId();
  options.serviceToken = b44::Secret(emulator.serviceToken());
  options.transport.connectTo = emulator.sandboxUrl();
  options.retry.maxAttempts = 1;
  return options;
}

}  // namespace

TEST_F(EmulatorTest, CoreClientGetsConnections) {
  const b44::Client client(clientOptions(emulator()));
  const auto connection = client.connectors().getConnection("example");
  EXPECT_EQ(connection.accessToken.reveal(), "ex-token");
  EXPECT_EQ(connection.integrationType, "example");
  ASSERT_TRUE(connection.connectionConfig);
  EXPECT_EQ(connection.connectionConfig->at("region"), "eu");

  const auto workspace = client.connectors().getWorkspaceConnection("conn_ws_1");
  EXPECT_EQ(workspace.accessToken.reveal(), "xoxp-ws");
  EXPECT_FALSE(workspace.connectionConfig);

  try {
    (void)client.connectors().getConnection("hubspot");
    FAIL() << "a metered connector handed out its token";
  } catch (const b44::Base44Error& error) {
    EXPECT_EQ(error.status(), 403);
    EXPECT_EQ(error.code(), "metered_connector");
  }
}

TEST_F(EmulatorTest, ServiceClientDirectAndProxiedReachTheSandbox) {
  const b44::Client client(clientOptions(emulator()));
  const auto adapter = std::make_shared<ExampleAdapter>("example");

  const b44::ServiceClient direct(adapter, client);
  const json viaDirect = direct.invoke("create_thing", {{"name", "direct"}});
  EXPECT_EQ(viaDirect.at("name"), "direct");

  b44::ServiceOptions proxied;
  proxied.route = b44::Route::Base44Proxy;
  const b44::ServiceClient proxy(adapter, client, proxied);
  const json viaProxy = proxy.invoke("create_thing", {{"name", "proxied"}});
  EXPECT_EQ(viaProxy.at("name"), "proxied");

  // Both arrive at the same upstream URL with the connection's token.
  const auto records = emulator().sandboxRequests();
  ASSERT_EQ(records.size(), 2u);
  for (const auto& record : records) {
    EXPECT_EQ(record.method, "POST");
    EXPECT_EQ(record.url, "https://api.example.test/v1/things");
    EXPECT_EQ(record.headers.at("authorization"), "Bearer ex-token");
  }
}
