#pragma once
// The connections of the graph_slack test group (microsoft_teams, one_drive,
// outlook, share_point, slackbot) and what their tests share.
#include <b44/http.hpp>

#include <string>
#include <utility>
#include <vector>

#include "support.hpp"

namespace b44::adapter_tests {

// One distinctive token per type and per source, so a test can tell which
// connection a request used.
inline constexpr const char* kTeamsToken = "eyJ0eXAiOiJKV1QiLCJub25jZSI6.teams-app-token";
inline constexpr const char* kTeamsWorkspaceToken = "eyJ0eXAiOiJKV1QiLCJub25jZSI6.teams-ws-token";
inline constexpr const char* kOneDriveToken = "EwBwA8l6BAAUkj1.one-drive-app-token";
inline constexpr const char* kOneDriveSteeredToken = "EwBwA8l6BAAUkj1.one-drive-steered-token";
inline constexpr const char* kOutlookToken = "EwCQA8l6BAAUoutlook.outlook-app-token";
inline constexpr const char* kOutlookAppUserToken = "EwCQA8l6BAAUoutlook.outlook-app-user-token";
inline constexpr const char* kSharePointToken = "eyJ0eXAiOiJKV1QiLCJhbGciOi.share-point-app-token";
inline constexpr const char* kSlackbotToken = "xoxb-4444-1111-app-slackbot-token";
inline constexpr const char* kSlackbotWorkspaceToken = "xoxb-5555-2222-workspace-slackbot-token";
inline constexpr const char* kSlackbotAppUserToken = "xoxb-6666-3333-app-user-slackbot-token";
// Slack's user-token type, to show both Slack types send the same requests.
inline constexpr const char* kSlackUserToken = "xoxp-7777-4444-app-slack-user-token";

inline const std::vector<std::string>& groupTypes() {
  static const std::vector<std::string> types = {"microsoft_teams", "one_drive", "outlook",
                                                 "share_point", "slackbot"};
  return types;
}

inline std::vector<std::string> allGroupTokens() {
  return {kTeamsToken,           kTeamsWorkspaceToken, kOneDriveToken,
          kOneDriveSteeredToken, kOutlookToken,        kOutlookAppUserToken,
          kSharePointToken,      kSlackbotToken,       kSlackbotWorkspaceToken,
          kSlackbotAppUserToken};
}

inline nlohmann::json graphSlackConnections() {
  return {
      {"app_id", "app_graph_slack_test"},
      {"service_token", "service-token-for-graph-slack-tests"},
      {"connections",
       {
           {"microsoft_teams", {{"access_token", kTeamsToken}}},
           {"one_drive", {{"access_token", kOneDriveToken}, {"connection_config", nullptr}}},
           {"outlook", {{"access_token", kOutlookToken}}},
           {"share_point", {{"access_token", kSharePointToken}}},
           {"slackbot", {{"access_token", kSlackbotToken}}},
           {"slack", {{"access_token", kSlackUserToken}}},
       }},
      {"workspace_connectors",
       {
           {"teams_ws",
            {{"integration_type", "microsoft_teams"}, {"access_token", kTeamsWorkspaceToken}}},
           // A Graph type declares no config field, so nothing in a connection
           // config can move its requests off graph.microsoft.com.
           {"one_drive_steered",
            {{"integration_type", "one_drive"},
             {"access_token", kOneDriveSteeredToken},
             {"connection_config",
              {{"host", "evil.com/"}, {"baseUrl", "https://evil.com"}, {"tenant", "a@b"}}}}},
           {"slackbot_ws",
            {{"integration_type", "slackbot"}, {"access_token", kSlackbotWorkspaceToken}}},
       }},
      {"app_user_connectors",
       {
           {"outlook_me",
            {{"integration_type", "outlook"}, {"access_token", kOutlookAppUserToken}}},
           {"slackbot_me",
            {{"integration_type", "slackbot"}, {"access_token", kSlackbotAppUserToken}}},
       }},
  };
}

class GraphSlackTest : public AdapterTest {
 protected:
  [[nodiscard]] nlohmann::json connections() const override { return graphSlackConnections(); }
};

// Each {argument, value} replaces that argument of `valid` (a null value
// removes it); each call must be refused with an InvalidArgumentError naming
// args.<argument>, nothing sent and no token in the message.
inline void expectEachArgumentRefused(
    const emulator::Emulator& emulator, const ServiceClient& service, const std::string& action,
    const nlohmann::json& valid, const std::vector<std::pair<std::string, nlohmann::json>>& bad) {
  for (const auto& [name, value] : bad) {
    SCOPED_TRACE(name + " = " + value.dump());
    nlohmann::json args = valid;
    if (value.is_null()) {
      args.erase(name);
    } else {
      args[name] = value;
    }
    expectInvalidArgument(
        emulator, "args." + name, [&] { (void)service.invoke(action, args); }, allGroupTokens());
  }
}

inline std::string bearer(const char* token) { return std::string("Bearer ") + token; }

// A next page through Base44's proxy: callApi carries the next link's query
// as a JSON object, so the service receives it re-encoded ("$skiptoken"
// arrives as "%24skiptoken", which Graph reads the same). The method, the
// path, the decoded query, the token and the body must match.
inline void expectSameNextPageRequest(const emulator::RecordedRequest& direct,
                                      const emulator::RecordedRequest& proxied) {
  EXPECT_EQ(direct.method, proxied.method);
  auto decoded = [](const std::string& url) {
    auto split = splitRecordedUrl(url);
    for (auto& [key, value] : split.query) {
      key = percentDecode(key, true);
      value = percentDecode(value, true);
    }
    std::sort(split.query.begin(), split.query.end());
    return split;
  };
  const auto a = decoded(direct.url);
  const auto b = decoded(proxied.url);
  EXPECT_EQ(a.base, b.base);
  EXPECT_EQ(a.query, b.query);
  EXPECT_EQ(header(direct, "authorization"), header(proxied, "authorization"));
  EXPECT_EQ(direct.body.has_value(), proxied.body.has_value());
}

}  // namespace b44::adapter_tests
