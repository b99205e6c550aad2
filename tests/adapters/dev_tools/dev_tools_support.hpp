#pragma once
// The dev_tools group's fixture: the emulator hands out one connection per
// type (and a workspace connector for some), each with its own fake token so a
// test can tell which connection a request used.
#include "support.hpp"

#include <string>
#include <vector>

namespace b44::adapter_tests {

inline constexpr const char* kAirtableToken = "patAirtable.app-airtable-token";
inline constexpr const char* kBoxToken = "box-app-token-T9kq";
inline constexpr const char* kClickUpToken = "clickup-oauth-app-token-81";
inline constexpr const char* kDropboxToken = "sl.app-dropbox-token";
inline constexpr const char* kGitHubToken = "gho_appGitHubToken16";
inline constexpr const char* kGitHubWorkspaceToken = "gho_workspaceGitHubToken";
inline constexpr const char* kHubSpotToken = "CJSP-app-hubspot-token";
inline constexpr const char* kHubSpotPortalToken = "CJSP-portal-config-hubspot-token";
inline constexpr const char* kLinearToken = "lin_oauth_app-linear-token";

// The seven types of this group.
inline const std::vector<std::string>& devToolsTypes() {
  static const std::vector<std::string> types = {"airtable", "box",     "clickup", "dropbox",
                                                 "github",   "hubspot", "linear"};
  return types;
}

inline nlohmann::json devToolsConnections() {
  return {
      {"app_id", "app_dev_tools_test"},
      {"service_token", "service-token-for-dev-tools-tests"},
      {"connections",
       {
           {"airtable", {{"access_token", kAirtableToken}, {"connection_config", nullptr}}},
           {"box", {{"access_token", kBoxToken}}},
           {"clickup", {{"access_token", kClickUpToken}}},
           {"dropbox", {{"access_token", kDropboxToken}}},
           {"github", {{"access_token", kGitHubToken}}},
           {"hubspot", {{"access_token", kHubSpotToken}}},
           {"linear", {{"access_token", kLinearToken}}},
       }},
      {"workspace_connectors",
       {
           {"github_ws", {{"integration_type", "github"}, {"access_token", kGitHubWorkspaceToken}}},
           // HubSpot may send the portal id in the connection config; it is not
           // part of any URL, so even a hostile value changes nothing.
           {"hubspot_portal",
            {{"integration_type", "hubspot"},
             {"access_token", kHubSpotPortalToken},
             {"connection_config", {{"portalId", "evil.com/../x#"}}}}},
       }},
  };
}

class DevToolsTest : public AdapterTest {
 protected:
  [[nodiscard]] nlohmann::json connections() const override { return devToolsConnections(); }

  // The one upstream request, checked for method, full URL and token header.
  [[nodiscard]] emulator::RecordedRequest expectOnly(const std::string& method,
                                                     const std::string& url,
                                                     const std::string& authorization) const {
    const auto sent = onlyRequest();
    EXPECT_EQ(sent.method, method);
    EXPECT_EQ(sent.url, url);
    EXPECT_EQ(header(sent, "authorization"), authorization);
    return sent;
  }

  // Runs the same calls directly and through Base44's proxy and compares the
  // upstream requests pairwise.
  template <class Calls>
  void expectProxySendsTheSame(Calls&& calls, std::size_t count,
                               const std::vector<std::string>& extraHeaders = {}) {
    calls(ServiceOptions{});
    const auto direct = requests();
    clearRequests();
    calls(viaProxy());
    const auto proxied = requests();
    ASSERT_EQ(direct.size(), count);
    ASSERT_EQ(proxied.size(), count);
    for (std::size_t i = 0; i < count; ++i) {
      SCOPED_TRACE(direct[i].url);
      expectSameUpstreamRequest(direct[i], proxied[i], extraHeaders);
    }
  }
};

// Runs `call` and expects a ServiceError with this status and code.
template <class Call>
ServiceError expectServiceError(Call&& call, int status, const std::string& code) {
  const ServiceError error = serviceError(std::forward<Call>(call));
  EXPECT_EQ(error.status(), status) << error.what();
  EXPECT_EQ(error.code(), code) << error.what();
  return error;
}

}  // namespace b44::adapter_tests
