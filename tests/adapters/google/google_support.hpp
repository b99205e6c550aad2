#pragma once
// Shared set-up of the Google adapters' tests: a connections document with a
// distinctive token per type and per source, and checks every adapter of the
// group gets (complete description, working examples).
#include "support.hpp"

#include <b44/base64.hpp>
#include <b44/plugin/spec.hpp>

#include <string>
#include <vector>

namespace b44::adapter_tests {

// The Google types of this group, each with its app token ("ya29.<type>-app")
// and a workspace token ("ya29.<type>-workspace", connector "<type>_ws").
inline const std::vector<std::string>& googleTypes() {
  static const std::vector<std::string> types = {
      "gmail",       "google_analytics",      "googlebigquery", "google_classroom", "googledocs",
      "googledrive", "google_search_console", "googlesheets",   "googleslides"};
  return types;
}

inline std::string appToken(const std::string& type) { return "ya29." + type + "-app"; }
inline std::string workspaceToken(const std::string& type) { return "ya29." + type + "-workspace"; }
inline std::string bearer(const std::string& token) { return "Bearer " + token; }

inline nlohmann::json googleConnections() {
  nlohmann::json connections = nlohmann::json::object();
  nlohmann::json workspace = nlohmann::json::object();
  for (const auto& type : googleTypes()) {
    connections[type] = {{"access_token", appToken(type)}, {"connection_config", nullptr}};
    workspace[type + "_ws"] = {{"integration_type", type}, {"access_token", workspaceToken(type)}};
  }
  return {{"app_id", "app_google_adapters_test"},
          {"service_token", "service-token-for-google-adapter-tests"},
          {"connections", connections},
          {"workspace_connectors", workspace}};
}

class GoogleAdapterTest : public AdapterTest {
 protected:
  [[nodiscard]] nlohmann::json connections() const override { return googleConnections(); }

  // The request's query pairs as sent (still percent-encoded).
  static std::vector<std::pair<std::string, std::string>> queryOf(
      const emulator::RecordedRequest& request) {
    return splitRecordedUrl(request.url).query;
  }
};

// Base64 or base64url as the tests read adapters' encodings: core's decoder
// (checked against RFC 4648's vectors in tests/core/base64_test.cpp), with
// the line breaks of MIME bodies taken out first.
inline std::string decodeBase64(std::string text) {
  std::erase(text, '\r');
  std::erase(text, '\n');
  auto bytes = base64Decode(text);
  if (!bytes) ADD_FAILURE() << "not base64: " << text;
  return bytes.value_or("");
}

}  // namespace b44::adapter_tests
