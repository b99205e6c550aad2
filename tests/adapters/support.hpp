#pragma once
// Shared set-up of the adapter integration tests: the adapters are loaded by a
// real Registry from B44_TEST_ADAPTER_DIR, an in-process Emulator answers both
// the Base44 connector endpoints and the services (from the sandbox route
// files), and every upstream request is recorded for exact assertions.
#include <b44/client.hpp>
#include <b44/emulator.hpp>
#include <b44/errors.hpp>
#include <b44/registry.hpp>
#include <b44/service_client.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace b44::adapter_tests {

// The tokens the emulator hands out, one per connection, so a test can tell
// which connection a request used.
inline constexpr const char* kSlackToken = "xoxp-1111-app-slack-token";
inline constexpr const char* kSlackWorkspaceToken = "xoxp-2222-workspace-slack-token";
inline constexpr const char* kSlackAppUserToken = "xoxp-3333-app-user-slack-token";
inline constexpr const char* kCalendarToken = "ya29.app-calendar-token";
inline constexpr const char* kCalendarAppUserToken = "ya29.app-user-calendar-token";
inline constexpr const char* kWrikeToken = "eyJ0dCI6InAi.app-wrike-token";
inline constexpr const char* kWrikeBadHostToken = "eyJ0dCI6InAi.bad-host-wrike-token";
inline constexpr const char* kNotionToken = "secret_app-notion-token";
inline constexpr const char* kNotionWorkspaceToken = "secret_workspace-notion-token";
inline constexpr const char* kUserToken = "base44-user-session-token";

// Bad Wrike host values, one per class of attack, keyed by the workspace
// connector that hands each out.
inline const std::vector<std::pair<std::string, std::string>>& badWrikeHosts() {
  static const std::vector<std::pair<std::string, std::string>> hosts = {
      {"wrike_path", "evil.com/"},
      {"wrike_userinfo", "a@b"},
      {"wrike_fragment", "x#"},
      {"wrike_dotdot", ".."},
      {"wrike_crlf", "www.wrike.com\r\nX-Injected: 1"},
      {"wrike_empty", ""},
      {"wrike_overlong", std::string(300, 'a') + ".wrike.com"},
      {"wrike_suffix", "wrike.com.evil.com"},
      {"wrike_lookalike", "www.wrike.com.evil.com"},
      {"wrike_port", "www.wrike.com:8443"},
      {"wrike_query", "www.wrike.com?x=1"},
      {"wrike_other_domain", "evil.com"},
  };
  return hosts;
}

inline nlohmann::json connectionsDocument() {
  nlohmann::json workspace = {
      {"slack_ws", {{"integration_type", "slack"}, {"access_token", kSlackWorkspaceToken}}},
      {"notion_ws", {{"integration_type", "notion"}, {"access_token", kNotionWorkspaceToken}}},
      {"wrike_us",
       {{"integration_type", "wrike"},
        {"access_token", kWrikeToken},
        {"connection_config", {{"host", "www.wrike.com"}}}}},
      {"wrike_no_config", {{"integration_type", "wrike"}, {"access_token", kWrikeBadHostToken}}},
  };
  for (const auto& [connector, host] : badWrikeHosts()) {
    workspace[connector] = {{"integration_type", "wrike"},
                            {"access_token", kWrikeBadHostToken},
                            {"connection_config", {{"host", host}}}};
  }
  return {
      {"app_id", "app_adapters_test"},
      {"service_token", "service-token-for-adapter-tests"},
      {"connections",
       {
           {"slack", {{"access_token", kSlackToken}}},
           {"googlecalendar", {{"access_token", kCalendarToken}, {"connection_config", nullptr}}},
           {"wrike",
            {{"access_token", kWrikeToken}, {"connection_config", {{"host", "app-eu.wrike.com"}}}}},
           {"notion", {{"access_token", kNotionToken}}},
       }},
      {"workspace_connectors", workspace},
      {"app_user_connectors",
       {
           {"slack_me", {{"integration_type", "slack"}, {"access_token", kSlackAppUserToken}}},
           {"calendar_me",
            {{"integration_type", "googlecalendar"}, {"access_token", kCalendarAppUserToken}}},
       }},
  };
}

// One registry per test process, loaded from the built adapter directory.
inline Registry& registry() {
  static Registry* loaded = [] {
    static Registry instance;
    const char* dir = std::getenv("B44_TEST_ADAPTER_DIR");
    if (dir != nullptr) {
      for (const auto& diagnostic : instance.loadDirectory(dir)) {
        ADD_FAILURE() << "adapter failed to load: " << diagnostic.path << ": " << diagnostic.reason;
      }
    } else {
      ADD_FAILURE() << "B44_TEST_ADAPTER_DIR is not set";
    }
    return &instance;
  }();
  return *loaded;
}

// A request URL split for comparison: everything before '?', and the query
// pairs in order (still percent-encoded, as sent).
struct SplitUrl {
  std::string base;
  std::vector<std::pair<std::string, std::string>> query;
};

inline SplitUrl splitRecordedUrl(const std::string& url) {
  SplitUrl out;
  const auto question = url.find('?');
  out.base = url.substr(0, question);
  if (question == std::string::npos) return out;
  std::string rest = url.substr(question + 1);
  std::size_t start = 0;
  while (start <= rest.size()) {
    const auto amp = std::min(rest.find('&', start), rest.size());
    const std::string pair = rest.substr(start, amp - start);
    if (!pair.empty()) {
      const auto eq = pair.find('=');
      out.query.emplace_back(pair.substr(0, eq),
                             eq == std::string::npos ? std::string() : pair.substr(eq + 1));
    }
    start = amp + 1;
  }
  return out;
}

inline std::string header(const emulator::RecordedRequest& request, const std::string& name) {
  const auto found = request.headers.find(name);
  return found == request.headers.end() ? std::string() : found->second;
}

inline nlohmann::json jsonBody(const emulator::RecordedRequest& request) {
  if (!request.body) return nullptr;
  return nlohmann::json::parse(*request.body);
}

class AdapterTest : public ::testing::Test {
 protected:
  // The emulator's connections document; a group of adapter tests overrides
  // it with the connections of its own types.
  [[nodiscard]] virtual nlohmann::json connections() const { return connectionsDocument(); }

  void SetUp() override {
    ASSERT_FALSE(registry().types().empty());
    emulator::EmulatorOptions options;
    options.connections = connections();
    options.routeFiles = {emulator::defaultRouteDirectory()};
    options.adapterLookup = [](std::string_view type) { return registry().adapter(type); };
    emulator_ = std::make_unique<emulator::Emulator>(std::move(options));
    emulator_->start();
  }

  // A client of the emulator. The manual clock means no test ever waits.
  [[nodiscard]] Client client(bool withUserToken = false) const {
    ClientOptions options;
    options.serverUrl = emulator_->base44Url();
    options.appId = emulator_->appId();
    options.serviceToken = Secret(emulator_->serviceToken());
    if (withUserToken) options.userToken = Secret(kUserToken);
    options.transport.connectTo = emulator_->sandboxUrl();
    options.clock = std::make_shared<ManualClock>();
    return Client(std::move(options));
  }

  [[nodiscard]] ServiceClient service(std::string_view type, ServiceOptions options = {},
                                      bool withUserToken = false) const {
    return registry().service(type, client(withUserToken), std::move(options));
  }

  [[nodiscard]] static ServiceOptions viaProxy() {
    ServiceOptions options;
    options.route = Route::Base44Proxy;
    return options;
  }
  [[nodiscard]] static ServiceOptions fromWorkspace(std::string connector) {
    ServiceOptions options;
    options.source = ConnectionSource::workspace(std::move(connector));
    return options;
  }
  [[nodiscard]] static ServiceOptions fromAppUser(std::string connector) {
    ServiceOptions options;
    options.source = ConnectionSource::appUser(std::move(connector));
    return options;
  }

  [[nodiscard]] std::vector<emulator::RecordedRequest> requests() const {
    return emulator_->sandboxRequests();
  }

  // The one upstream request a call made.
  [[nodiscard]] emulator::RecordedRequest onlyRequest() const {
    auto all = requests();
    EXPECT_EQ(all.size(), 1u);
    if (all.empty()) return {};
    return all.front();
  }

  void clearRequests() { emulator_->clearRecords(); }

  // The parts of a request a service sees: method, URL (query order aside,
  // since Base44's callApi carries the query as a JSON object), the token, the
  // content type, the service's own headers and the body.
  static void expectSameUpstreamRequest(const emulator::RecordedRequest& direct,
                                        const emulator::RecordedRequest& proxied,
                                        const std::vector<std::string>& extraHeaders = {}) {
    EXPECT_EQ(direct.method, proxied.method);
    auto a = splitRecordedUrl(direct.url);
    auto b = splitRecordedUrl(proxied.url);
    EXPECT_EQ(a.base, b.base);
    std::sort(a.query.begin(), a.query.end());
    std::sort(b.query.begin(), b.query.end());
    EXPECT_EQ(a.query, b.query);
    for (const std::string name : {"authorization", "content-type"}) {
      EXPECT_EQ(header(direct, name), header(proxied, name)) << name;
    }
    for (const auto& name : extraHeaders) {
      EXPECT_EQ(header(direct, name), header(proxied, name)) << name;
    }
    ASSERT_EQ(direct.body.has_value(), proxied.body.has_value());
    if (direct.body) {
      const auto type = header(direct, "content-type");
      if (type.find("json") != std::string::npos) {
        EXPECT_EQ(jsonBody(direct), jsonBody(proxied));
      } else {
        EXPECT_EQ(*direct.body, *proxied.body);
      }
    }
  }

  std::unique_ptr<emulator::Emulator> emulator_;
};

// Runs `call`, expects InvalidArgumentError naming `field`, and checks that
// nothing reached the service and the message carries no token.
template <class Call>
void expectInvalidArgument(const emulator::Emulator& emulator, const std::string& field,
                           Call&& call, const std::vector<std::string>& secrets = {}) {
  try {
    call();
    ADD_FAILURE() << "expected InvalidArgumentError for " << field;
  } catch (const InvalidArgumentError& error) {
    EXPECT_EQ(error.field(), field) << error.what();
    for (const auto& secret : secrets) {
      EXPECT_EQ(std::string(error.what()).find(secret), std::string::npos)
          << "the message leaks a token: " << error.what();
    }
  }
  EXPECT_TRUE(emulator.sandboxRequests().empty()) << "a request was sent for bad input";
}

// Runs `call`, expects a ServiceError and returns it (for its fields).
template <class Call>
ServiceError serviceError(Call&& call) {
  try {
    call();
  } catch (const ServiceError& error) {
    return error;
  }
  ADD_FAILURE() << "expected a ServiceError";
  return ServiceError("", "", 0, "", "", nullptr);
}

// A connection config from Base44 that the adapter refuses: Base44's answer
// is unusable (ProtocolError naming the field), nothing is sent, no token is
// echoed.
template <class Call>
void expectUnusableConfig(const emulator::Emulator& emulator, const std::string& field, Call&& call,
                          const std::vector<std::string>& secrets = {}) {
  try {
    call();
    ADD_FAILURE() << "expected ProtocolError for " << field;
  } catch (const ProtocolError& error) {
    const std::string what = error.what();
    EXPECT_NE(what.find(field), std::string::npos) << what;
    EXPECT_NE(what.find("connection config Base44 holds is unusable"), std::string::npos) << what;
    for (const auto& secret : secrets) {
      EXPECT_EQ(what.find(secret), std::string::npos) << "the message leaks a token: " << what;
    }
  }
  EXPECT_TRUE(emulator.sandboxRequests().empty()) << "a request was sent for bad config";
}

}  // namespace b44::adapter_tests
