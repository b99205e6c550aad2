#include "detail.hpp"

#include <Poco/UTF8Encoding.h>

#include <algorithm>
#include <cctype>

namespace b44::emulator::detail {

std::string toLower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string toUpper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

std::vector<std::string> splitPath(std::string_view path) {
  std::vector<std::string> segments;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) {
      segments.emplace_back(path.substr(start));
      break;
    }
    segments.emplace_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return segments;
}

std::pair<std::string, std::string> splitTarget(std::string_view target) {
  // A fragment never reaches a server, but drop one defensively.
  if (const auto hash = target.find('#'); hash != std::string_view::npos) {
    target = target.substr(0, hash);
  }
  const auto question = target.find('?');
  if (question == std::string_view::npos) return {std::string(target), {}};
  return {std::string(target.substr(0, question)), std::string(target.substr(question + 1))};
}

std::string hostWithoutPort(std::string_view hostHeader) {
  std::string_view host = hostHeader;
  if (!host.empty() && host.front() == '[') {  // [::1]:8080
    const auto close = host.find(']');
    host = close == std::string_view::npos ? host : host.substr(0, close + 1);
  } else if (const auto colon = host.rfind(':'); colon != std::string_view::npos) {
    host = host.substr(0, colon);
  }
  return toLower(host);
}

bool isValidUtf8(std::string_view text) {
  // Poco rejects malformed and truncated sequences, overlong forms, surrogates
  // and code points past U+10FFFF.
  static const Poco::UTF8Encoding utf8;
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t i = 0;
  while (i < text.size()) {
    const int left = static_cast<int>(std::min<std::size_t>(text.size() - i, 8));
    if (utf8.queryConvert(bytes + i, left) < 0) return false;
    i += static_cast<std::size_t>(utf8.sequenceLength(bytes + i, left));
  }
  return true;
}

std::string dumpJson(const nlohmann::json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string redactCredential(std::string_view value) {
  // Keep a leading auth scheme ("Bearer", "Basic", "token"): a short word of
  // letters and digits. Anything else ("a=b; c=d", "xoxp-1 2") is all secret.
  const auto space = value.find(' ');
  if (space == std::string_view::npos || space == 0 || space > 16) return "<redacted>";
  const std::string_view scheme = value.substr(0, space);
  const bool plainWord = std::isalpha(static_cast<unsigned char>(scheme.front())) &&
                         std::all_of(scheme.begin(), scheme.end(),
                                     [](unsigned char c) { return std::isalnum(c) != 0; });
  return plainWord ? std::string(scheme) + " <redacted>" : "<redacted>";
}

Reply jsonReply(int status, const nlohmann::json& body) {
  Reply reply;
  reply.status = status;
  reply.contentType = "application/json";
  reply.body = dumpJson(body);
  return reply;
}

Reply base44Error(int status, const std::string& code, const std::string& message) {
  return jsonReply(status,
                   {{"message", message}, {"error", {{"code", code}, {"message", message}}}});
}

}  // namespace b44::emulator::detail
