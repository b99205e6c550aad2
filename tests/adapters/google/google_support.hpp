#pragma once
// Shared set-up of the Google adapters' tests: a connections document with a
// distinctive token per type and per source, and checks every adapter of the
// group gets (complete description, working examples).
#include "support.hpp"

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

// The standard base64 / base64url decoder the tests check adapters' encodings
// with (written here, independently of the adapters' own encoder).
inline std::string decodeBase64(const std::string& text) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=' || c == '\r' || c == '\n') continue;
    const int v = value(c);
    if (v < 0) {
      ADD_FAILURE() << "not base64: " << c;
      return out;
    }
    buffer = (buffer << 6U) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> static_cast<unsigned>(bits)) & 0xFFU);
    }
  }
  return out;
}

}  // namespace b44::adapter_tests
