// Hostile input, one test per class, against the real adapters, the real
// emulator and real HTTP: every value is rejected with an error naming what
// was wrong, or encoded so that it cannot change the request's shape — and no
// message carries a token.
#include <b44/emulator.hpp>
#include <b44/errors.hpp>
#include <b44/plugin/basic_adapter.hpp>
#include <b44/registry.hpp>

#include <test_registry.hpp>

#include <gtest/gtest.h>

#include <cstdlib>

namespace b44 {
namespace {

constexpr const char* kWrikeToken = "wrike-token-must-not-leak";

Registry& registry() { return testing::testRegistry(); }

// One workspace connector per hostile Wrike host value.
const std::vector<std::pair<std::string, std::string>>& hostileHosts() {
  static const std::vector<std::pair<std::string, std::string>> values = {
      {"injection", "evil.com"},
      {"injection_suffix", "www.wrike.com.evil.com"},
      {"userinfo", "www.wrike.com@evil.com"},
      {"fragment", "evil.com#.wrike.com"},
      {"slash", "evil.com/.wrike.com"},
      {"backslash", "evil.com\\.wrike.com"},
      {"percent", "evil%2ecom.wrike.com"},
      {"percent_slash", "www.wrike.com%2F..%2Fevil"},
      {"idn_lookalike", "www.wr\xc4\xb1ke.com"},
      {"punycode_elsewhere", "www.xn--wrke-9za.com"},
      {"crlf", "www.wrike.com\r\nX-Injected: 1"},
      {"nul", std::string("www.wrike.com\0.evil.com", 23)},
      {"dotdot", "..wrike.com"},
      {"port", "www.wrike.com:8443"},
      {"empty", ""},
      {"overlong", std::string(300, 'a') + ".wrike.com"},
  };
  return values;
}

class HostileInput : public ::testing::Test {
 protected:
  void SetUp() override {
    nlohmann::json connections = {{"app_id", "app"},
                                  {"service_token", "svc"},
                                  {"connections",
                                   {{"slack", {{"access_token", "xoxp-t"}}},
                                    {"googlecalendar", {{"access_token", "ya29.t"}}}}},
                                  {"workspace_connectors", nlohmann::json::object()}};
    for (const auto& [id, host] : hostileHosts()) {
      connections["workspace_connectors"]["wrike_" + id] = {
          {"integration_type", "wrike"},
          {"access_token", kWrikeToken},
          {"connection_config", {{"host", host}}}};
    }
    emulator::EmulatorOptions options;
    options.connections = connections;
    options.routeFiles = {emulator::defaultRouteDirectory()};
    emulator_ = std::make_unique<emulator::Emulator>(options);
    emulator_->start();
  }
  Client client() const {
    ClientOptions options;
    options.serverUrl = emulator_->base44Url();
    options.appId = "app";
    options.serviceToken = Secret("svc");
    options.transport.connectTo = emulator_->sandboxUrl();
    options.retry.maxAttempts = 1;
    return Client(options);
  }
  std::unique_ptr<emulator::Emulator> emulator_;
};

TEST_F(HostileInput, ConnectionConfigValuesAimedAtTheUrl) {
  for (const auto& [id, host] : hostileHosts()) {
    SCOPED_TRACE(id);
    ServiceOptions options;
    options.source = ConnectionSource::workspace("wrike_" + id);
    const auto wrike = registry().service("wrike", client(), options);
    try {
      wrike.invoke("list_tasks");
      ADD_FAILURE() << "accepted host value " << id;
    } catch (const ProtocolError& e) {
      // The value came from Base44: its answer is unusable, the caller's
      // input was fine (exit 5, not 2).
      EXPECT_NE(std::string(e.what()).find("connectionConfig.host"), std::string::npos) << e.what();
      EXPECT_EQ(std::string(e.what()).find(kWrikeToken), std::string::npos);
      EXPECT_EQ(std::string(e.what()).find('\r'), std::string::npos);
    }
  }
  EXPECT_TRUE(emulator_->sandboxRequests().empty()) << "a request left for a hostile host";
}

TEST_F(HostileInput, TypesAndConnectorIdsAimedAtTheBase44Path) {
  const auto connectors = client().connectors();
  for (const std::string id : {"../slack", "..%2Fslack", "a/b", "a b", "a?x=1", "a#f"}) {
    SCOPED_TRACE(id);
    EXPECT_THROW(connectors.getConnection(id), Base44Error);  // encoded: an unknown type, 404
    EXPECT_THROW(connectors.getWorkspaceConnection(id), Base44Error);
  }
  const auto requests = emulator_->base44Requests();
  ASSERT_EQ(requests.size(), 12u);
  EXPECT_TRUE(requests[0].url.ends_with("/api/apps/app/external-auth/tokens/..%2Fslack"))
      << requests[0].url;
  EXPECT_TRUE(requests[2].url.ends_with("/api/apps/app/external-auth/tokens/..%252Fslack"))
      << requests[2].url;
  EXPECT_TRUE(requests[8].url.ends_with("/tokens/a%3Fx%3D1")) << requests[8].url;
  for (const std::string& id :
       std::vector<std::string>{"", ".", "..", "a\r\nb", std::string("a\0b", 3)}) {
    EXPECT_THROW(connectors.getConnection(id), InvalidArgumentError);
    EXPECT_THROW(connectors.getCurrentAppUserConnection(id), InvalidArgumentError);
  }
  EXPECT_EQ(emulator_->base44Requests().size(), 12u);  // none of those was sent
  for (const std::string type : {"", "../slack", "slack/..", "Slack", "sl ack", "slack\n"}) {
    EXPECT_THROW((void)registry().adapter(type), InvalidArgumentError) << type;
  }
}

// An adapter that passes an argument into a header, as Dropbox-API-Arg does.
class HeaderEcho final : public plugin::BasicAdapter {
 public:
  HeaderEcho() : BasicAdapter(makeSpec()) {
    addAction(plugin::ActionSpec{"tag",
                                 "Sends a tag header",
                                 "GET",
                                 true,
                                 {{"tag", plugin::Parameter::Type::String, true, "header value"}},
                                 {},
                                 {}},
              [](const plugin::Args& args) {
                plugin::ServiceRequest request;
                request.path = "/x";
                request.headers.set("X-Tag", args.string("tag"));
                return request;
              });
  }

 private:
  static plugin::AdapterSpec makeSpec() {
    plugin::AdapterSpec spec;
    spec.type = "slack";  // reuses the emulator's slack connection
    spec.hosts = {{"default", "https://slack.com/api", {}}};
    return spec;
  }
};

TEST_F(HostileInput, HeaderValuesWithLineBreaks) {
  const ServiceClient echo(std::make_shared<HeaderEcho>(), client());
  for (const std::string& value :
       std::vector<std::string>{"a\r\nX-Injected: 1", "a\nb", std::string("a\0b", 3)}) {
    EXPECT_THROW(echo.invoke("tag", {{"tag", value}}), InvalidArgumentError);
  }
  Headers incoming{{"Base44-App-Id", "app"}};
  EXPECT_THROW(incoming.set("Base44-State", "s\r\nX-Injected: 1"), InvalidArgumentError);
  ClientOptions options;
  EXPECT_THROW(options.extraHeaders.set("X-Custom", "v\r\n"), InvalidArgumentError);
  EXPECT_TRUE(emulator_->sandboxRequests().empty());
}

TEST_F(HostileInput, ArgumentsThatWouldBreakThePathOrQueryAreEncoded) {
  const auto calendar = registry().service("googlecalendar", client());
  // Whatever the sandbox answers, what matters is the request that left.
  const auto send = [](const ServiceClient& service, const char* action,
                       const nlohmann::json& args) {
    try {
      service.invoke(action, args);
    } catch (const ServiceError&) {
    }
  };
  send(calendar, "list_events", {{"calendar_id", "a/b?c#d"}});
  EXPECT_TRUE(emulator_->sandboxRequests().back().url.starts_with(
      "https://www.googleapis.com/calendar/v3/calendars/a%2Fb%3Fc%23d/events"))
      << emulator_->sandboxRequests().back().url;
  for (const std::string bad : {"..", ".", ""}) {
    EXPECT_THROW(calendar.invoke("list_events", {{"calendar_id", bad}}), InvalidArgumentError)
        << bad;
  }
  const auto slack = registry().service("slack", client());
  emulator_->clearRecords();
  send(slack, "get_user_info", {{"user", "U1&admin=true#x"}});
  const auto url = emulator_->sandboxRequests().at(0).url;
  EXPECT_NE(url.find("user=U1%26admin%3Dtrue%23x"), std::string::npos) << url;
  EXPECT_EQ(url.find("&admin"), std::string::npos);
}

}  // namespace
}  // namespace b44
