// The connections document: what the Base44 side hands out. Validated up front
// so a typo fails at start-up with the field named, not at the first request.
#include "detail.hpp"

#include <b44/errors.hpp>
#include <b44/json.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace b44::emulator {
namespace {

using nlohmann::json;

struct Checker {
  std::string source;  // "connections.json: " or ""

  [[noreturn]] void fail(const std::string& field, const std::string& what) const {
    throw InvalidArgumentError(field, source + field + " " + what);
  }

  void nonEmptyString(const json& parent, const char* key, const std::string& field) const {
    if (!parent.contains(key)) fail(field, "is required");
    const auto& value = parent.at(key);
    if (!value.is_string() || value.get_ref<const std::string&>().empty()) {
      fail(field, "must be a non-empty string");
    }
  }

  void error(const json& value, const std::string& field) const {
    if (!value.is_object()) fail(field, "must be an object {\"status\", \"code\", \"message\"}");
    if (!value.contains("status") || !value.at("status").is_number_integer() ||
        value.at("status").get<int>() < 400 || value.at("status").get<int>() > 599) {
      fail(field + ".status", "must be an integer HTTP error status (400-599)");
    }
    for (const char* key : {"code", "message"}) {
      if (value.contains(key) && !value.at(key).is_string()) {
        fail(field + "." + key, "must be a string");
      }
    }
  }

  void connection(const json& entry, const std::string& field, bool needsType) const {
    static const std::set<std::string> kKeys = {
        "access_token", "connection_config", "integration_type", "metered", "error", "description"};
    if (!entry.is_object()) fail(field, "must be an object");
    for (const auto& [key, value] : entry.items()) {
      if (!kKeys.contains(key)) {
        fail(field + "." + key,
             "is not a connection field (known: access_token, connection_config, "
             "integration_type, metered, error, description)");
      }
    }
    if (entry.contains("error")) {
      error(entry.at("error"), field + ".error");
      if (entry.contains("access_token"))
        nonEmptyString(entry, "access_token", field + ".access_token");
    } else {
      nonEmptyString(entry, "access_token", field + ".access_token");
    }
    if (needsType) {
      nonEmptyString(entry, "integration_type", field + ".integration_type");
    } else if (entry.contains("integration_type")) {
      nonEmptyString(entry, "integration_type", field + ".integration_type");
    }
    if (entry.contains("connection_config")) {
      const auto& config = entry.at("connection_config");
      if (!config.is_null() && !config.is_object()) {
        fail(field + ".connection_config", "must be an object of strings or null");
      }
      if (config.is_object()) {
        for (const auto& [key, value] : config.items()) {
          if (!value.is_string()) fail(field + ".connection_config." + key, "must be a string");
        }
      }
    }
    if (entry.contains("metered") && !entry.at("metered").is_boolean()) {
      fail(field + ".metered", "must be true or false");
    }
  }

  void section(const json& document, const char* key, bool needsType) const {
    if (!document.contains(key)) return;
    const auto& entries = document.at(key);
    if (!entries.is_object())
      fail(key, "must be an object keyed by integration type or connector id");
    for (const auto& [name, entry] : entries.items()) {
      if (name.empty()) fail(key, "has an empty key");
      connection(entry, std::string(key) + "." + name, needsType);
    }
  }

  void document(const json& document) const {
    if (!document.is_object()) fail("connections document", "must be a JSON object");
    nonEmptyString(document, "app_id", "app_id");
    nonEmptyString(document, "service_token", "service_token");
    section(document, "connections", false);
    section(document, "workspace_connectors", true);
    section(document, "app_user_connectors", true);
    if (document.contains("app_user_tokens")) appUserTokens(document);
  }

  // The app users the Base44 side knows, by their tokens: visible ASCII (a
  // header carries them), none the service token.
  void appUserTokens(const json& document) const {
    const auto& tokens = document.at("app_user_tokens");
    if (!tokens.is_array()) fail("app_user_tokens", "must be an array of user tokens");
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      const std::string field = "app_user_tokens[" + std::to_string(i) + "]";
      const auto& token = tokens[i];
      if (!token.is_string() || token.get_ref<const std::string&>().empty() ||
          !std::all_of(token.get_ref<const std::string&>().begin(),
                       token.get_ref<const std::string&>().end(),
                       [](char c) { return c > 0x20 && c < 0x7f; })) {
        fail(field, "must be a non-empty string of visible ASCII characters");
      }
      if (token == document.at("service_token")) fail(field, "must not be the service token");
    }
  }
};

}  // namespace

void validateConnections(const nlohmann::json& document) { Checker{}.document(document); }

nlohmann::json loadConnectionsFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw InvalidArgumentError("connections", "cannot read the connections file " + file.string());
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (b44::jsonDeeperThan(text.str(), b44::kDefaultMaxJsonDepth)) {
    throw InvalidArgumentError("connections", file.string() + ": nests deeper than the limit of " +
                                                  std::to_string(b44::kDefaultMaxJsonDepth) +
                                                  " levels");
  }
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::parse_error& error) {
    // Only the position: the parser's own message quotes the text it read,
    // which may be a token.
    const std::string content = text.str();
    const std::size_t end = std::min<std::size_t>(error.byte, content.size());
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i + 1 < end; ++i) {
      if (content[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    throw InvalidArgumentError("connections", file.string() + ": not valid JSON (line " +
                                                  std::to_string(line) + ", column " +
                                                  std::to_string(column) + ")");
  }
  Checker{file.string() + ": "}.document(document);
  return document;
}

}  // namespace b44::emulator
