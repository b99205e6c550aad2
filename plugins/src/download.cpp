#include "download.hpp"

#include <b44/base64.hpp>
#include <b44/errors.hpp>

#include <algorithm>
#include <cctype>

namespace b44::detail {
namespace {

bool equalsLower(std::string_view text, std::string_view lower) {
  return text.size() == lower.size() &&
         std::equal(text.begin(), text.end(), lower.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == b;
         });
}

// The value of parameter `name` (lowercase) in a header such as
// `attachment; filename="a.pdf"`: a token or a quoted string, unquoted.
std::optional<std::string> parameterValue(std::string_view header, std::string_view name) {
  std::size_t at = 0;
  while (at < header.size()) {
    // One parameter: name=value, up to the next ';' outside quotes.
    while (at < header.size() && (header[at] == ';' || header[at] == ' ' || header[at] == '\t')) {
      ++at;
    }
    const auto equals = header.find('=', at);
    const auto semicolon = header.find(';', at);
    if (equals == std::string_view::npos ||
        (semicolon != std::string_view::npos && semicolon < equals)) {
      if (semicolon == std::string_view::npos) return std::nullopt;
      at = semicolon + 1;  // a bare word ("attachment")
      continue;
    }
    std::string_view key = header.substr(at, equals - at);
    while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.remove_suffix(1);
    std::size_t i = equals + 1;
    while (i < header.size() && (header[i] == ' ' || header[i] == '\t')) ++i;
    std::string value;
    if (i < header.size() && header[i] == '"') {
      for (++i; i < header.size() && header[i] != '"'; ++i) {
        if (header[i] == '\\' && i + 1 < header.size()) ++i;
        value += header[i];
      }
      ++i;
    } else {
      while (i < header.size() && header[i] != ';') value += header[i++];
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.pop_back();
    }
    if (equalsLower(key, name)) return value;
    at = header.find(';', i);
    if (at == std::string_view::npos) return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

std::string contentDispositionFileName(const Headers& headers) {
  const auto header = headers.get("Content-Disposition");
  if (!header) return {};
  std::string name;
  if (auto extended = parameterValue(*header, "filename*")) {
    // RFC 8187: charset'language'percent-encoded; only UTF-8 is taken.
    const auto first = extended->find('\'');
    const auto second = first == std::string::npos ? first : extended->find('\'', first + 1);
    if (second != std::string::npos && equalsLower(extended->substr(0, first), "utf-8")) {
      name = percentDecode(extended->substr(second + 1));
    }
  }
  if (name.empty()) name = parameterValue(*header, "filename").value_or("");
  if (const auto slash = name.find_last_of("/\\"); slash != std::string::npos) {
    name.erase(0, slash + 1);
  }
  const bool control = std::any_of(name.begin(), name.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
  });
  if (control || name.size() > 255 || name == "." || name == "..") return {};
  return name;
}

void refuseNotReady(const std::string& type, const std::string& action,
                    const plugin::ServiceResponse& response) {
  if (response.status != 202) return;
  std::string when = "later";
  if (const auto retryAfter = response.headers.get("Retry-After")) {
    when = "after " + inertText(*retryAfter, 40) + " s (Retry-After)";
  }
  throw ServiceError(type, action, 202, "not_ready",
                     "the file is not ready to download yet (HTTP 202); ask again " + when);
}

nlohmann::json downloadJson(const Headers& headers, const std::string& bytes) {
  nlohmann::json result = {{"content_type", headers.get("Content-Type").value_or("")}};
  if (auto name = contentDispositionFileName(headers); !name.empty()) result["file_name"] = name;
  result["size"] = bytes.size();
  result["content_base64"] = base64Encode(bytes);
  return result;
}

Download downloadFromJson(const nlohmann::json& result, const std::string& operation) {
  const auto text = [&](const char* key) {
    return result.is_object() && result.contains(key) && result[key].is_string()
               ? result[key].get<std::string>()
               : std::string();
  };
  if (!result.is_object() || !result.contains("content_base64") ||
      !result["content_base64"].is_string()) {
    throw ProtocolError(operation + ": the download's result has no content_base64");
  }
  auto bytes = base64Decode(result["content_base64"].get<std::string>());
  if (!bytes) throw ProtocolError(operation + ": the download's content_base64 is not base64");
  Download download;
  download.status = 200;
  download.contentType = text("content_type");
  download.fileName = text("file_name");
  download.size = bytes->size();
  download.bytes = std::move(*bytes);
  return download;
}

}  // namespace b44::detail
