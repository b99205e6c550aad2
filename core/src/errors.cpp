#include <b44/errors.hpp>

#include <Poco/UTF8Encoding.h>

#include <array>
#include <cstdint>

namespace b44 {
namespace {

std::string base44What(int status, const std::string& code, const std::string& message) {
  std::string what = "Base44 error " + std::to_string(status);
  if (!code.empty()) what += " [" + code + "]";
  return what + ": " + message;
}

std::string serviceWhat(const std::string& type, const std::string& action, int status,
                        const std::string& code, const std::string& detail) {
  std::string what = type + "." + action + " failed";
  if (status != 0) what += " with HTTP " + std::to_string(status);
  if (!code.empty()) what += " [" + code + "]";
  if (!detail.empty()) what += ": " + detail;
  return what;
}

// The length of the UTF-8 sequence starting at text[i], or 0 when it is not
// a well-formed one (overlong forms and surrogates included).
std::size_t utf8Length(std::string_view text, std::size_t i) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data()) + i;
  const unsigned char lead = bytes[0];
  const std::size_t length = lead < 0xC2   ? 0
                             : lead < 0xE0 ? 2
                             : lead < 0xF0 ? 3
                             : lead < 0xF5 ? 4
                                           : 0;
  if (length == 0 || length > text.size() - i) return 0;
  // Poco checks the continuation bytes, overlong forms, surrogates and the
  // U+10FFFF ceiling.
  return Poco::UTF8Encoding::isLegal(bytes, static_cast<int>(length)) ? length : 0;
}

void appendHex(std::string& out, unsigned char byte) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\x";
  out += kHex[byte >> 4];
  out += kHex[byte & 15];
}

// Secrets shorter than this are not searched for: real tokens are far longer,
// and replacing every "x" of a message would only garble it.
constexpr std::size_t kShortestRedactedSecret = 6;

}  // namespace

std::string inertText(std::string_view text, std::size_t maxBytes) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size() && out.size() < maxBytes) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c == '\n') {
        out += "\\n";
      } else if (c == '\r') {
        out += "\\r";
      } else if (c == '\t') {
        out += "\\t";
      } else if (c < 0x20 || c == 0x7f) {
        appendHex(out, c);
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    const std::size_t length = utf8Length(text, i);
    // C1 controls (U+0080..U+009F, CSI among them) act on some terminals.
    const bool c1 = length == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0;
    if (length == 0 || c1) {
      appendHex(out, c);
      ++i;
      continue;
    }
    out.append(text.substr(i, length));
    i += length;
  }
  if (i < text.size()) out += "... (" + std::to_string(text.size() - i) + " more bytes)";
  return out;
}

std::string redacted(std::string text, const std::vector<std::string_view>& secrets) {
  for (const auto secret : secrets) {
    if (secret.size() < kShortestRedactedSecret) continue;
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 4)) {
      text.replace(at, secret.size(), "****");
    }
  }
  return text;
}

void redactJson(nlohmann::json& value, const std::vector<std::string_view>& secrets) {
  // Iterative: a body is bounded in depth when parsed, but this walk does
  // not rely on it.
  std::vector<nlohmann::json*> pending{&value};
  while (!pending.empty()) {
    nlohmann::json* node = pending.back();
    pending.pop_back();
    if (node->is_string()) {
      *node = redacted(node->get<std::string>(), secrets);
    } else if (node->is_array()) {
      for (auto& item : *node) pending.push_back(&item);
    } else if (node->is_object()) {
      std::vector<std::string> leakingKeys;
      for (const auto& [key, item] : node->items()) {
        if (redacted(key, secrets) != key) leakingKeys.push_back(key);
      }
      for (const auto& key : leakingKeys) {
        nlohmann::json item = std::move((*node)[key]);
        node->erase(key);
        (*node)[redacted(key, secrets)] = std::move(item);
      }
      for (auto& item : *node) pending.push_back(&item);
    }
  }
}

Error::Error(const std::string& message) : std::runtime_error(""), message_(message) {}

void Error::redact(const std::vector<std::string_view>& secrets) {
  message_ = redacted(std::move(message_), secrets);
  redactFields(secrets);
}

void Error::redactFields(const std::vector<std::string_view>& /*secrets*/) {}

InvalidArgumentError::InvalidArgumentError(std::string field, const std::string& message)
    : Error(field.empty() ? message : field + ": " + message), field_(std::move(field)) {}

Base44Error::Base44Error(int status, std::string code, std::string message, nlohmann::json data)
    : Error(base44What(status, inertText(code), inertText(message))),
      status_(status),
      code_(inertText(code)),
      message_(inertText(message)),
      data_(std::move(data)) {}

void Base44Error::redactFields(const std::vector<std::string_view>& secrets) {
  code_ = redacted(std::move(code_), secrets);
  message_ = redacted(std::move(message_), secrets);
  redactJson(data_, secrets);
}

ServiceError::ServiceError(std::string integrationType, std::string action, int status,
                           std::string code, std::string detail, nlohmann::json body)
    : Error(serviceWhat(integrationType, action, status, inertText(code), inertText(detail))),
      type_(std::move(integrationType)),
      action_(std::move(action)),
      status_(status),
      code_(inertText(code)),
      detail_(inertText(detail)),
      body_(std::move(body)) {}

void ServiceError::redactFields(const std::vector<std::string_view>& secrets) {
  code_ = redacted(std::move(code_), secrets);
  detail_ = redacted(std::move(detail_), secrets);
  redactJson(body_, secrets);
}

std::string humanDuration(std::chrono::milliseconds wait) {
  using namespace std::chrono;
  if (wait < seconds(1)) return std::to_string(wait.count()) + " ms";
  struct Unit {
    long long seconds;
    const char* name;
  };
  static constexpr std::array<Unit, 4> kUnits{{{86400, "d"}, {3600, "h"}, {60, "min"}, {1, "s"}}};
  long long left = duration_cast<seconds>(wait).count();
  std::string out;
  int parts = 0;
  for (const auto& unit : kUnits) {
    // The two largest units say enough ("11 d 13 h").
    if (parts == 2) break;
    const long long count = left / unit.seconds;
    if (count == 0 && parts == 0) continue;
    if (count != 0) {
      out += (out.empty() ? "" : " ") + std::to_string(count) + " " + unit.name;
    }
    left -= count * unit.seconds;
    ++parts;
  }
  return out;
}

RateLimitError::RateLimitError(std::string integrationType, std::string action, int status,
                               std::string code, std::string detail, nlohmann::json body,
                               std::optional<std::chrono::milliseconds> retryAfter,
                               const std::string& why)
    : ServiceError(std::move(integrationType), std::move(action), status, std::move(code),
                   std::move(detail), std::move(body)),
      retryAfter_(retryAfter) {
  appendToMessage("; " + why);
}

TransportError::TransportError(Kind kind, Phase phase, const std::string& message)
    : Error(message), kind_(kind), phase_(phase) {}

PluginError::PluginError(std::string path, const std::string& reason)
    : Error(path + ": " + reason), path_(std::move(path)), reason_(reason) {}

}  // namespace b44
