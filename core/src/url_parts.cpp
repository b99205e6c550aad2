#include <b44/errors.hpp>
#include <b44/http.hpp>

#include <Poco/Net/IPAddress.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace b44 {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

[[noreturn]] void reject(const std::string& why) { throw InvalidArgumentError("url", why); }

}  // namespace

std::string UrlParts::authority() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  std::string out = ipv6 ? "[" + host + "]" : host;
  if (explicitPort) out += ":" + std::to_string(port);
  return out;
}

std::string UrlParts::path() const { return target.substr(0, target.find('?')); }

UrlParts splitUrl(std::string_view url) {
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '\\') {
      reject("contains a control character, space or backslash");
    }
  }
  UrlParts parts;
  const auto schemeEnd = url.find("://");
  if (schemeEnd == std::string_view::npos) reject("is not an absolute URL");
  parts.scheme = lower(url.substr(0, schemeEnd));
  if (parts.scheme != "http" && parts.scheme != "https") reject("scheme must be http or https");
  std::string_view rest = url.substr(schemeEnd + 3);

  if (const auto hash = rest.find('#'); hash != std::string_view::npos) {
    parts.fragment = std::string(rest.substr(hash + 1));
    rest = rest.substr(0, hash);
  }
  const auto authorityEnd = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, authorityEnd);
  parts.target =
      authorityEnd == std::string_view::npos ? "/" : std::string(rest.substr(authorityEnd));
  if (parts.target.front() == '?') parts.target.insert(0, "/");

  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    parts.userInfo = std::string(authority.substr(0, at));
    authority = authority.substr(at + 1);
  }
  std::string_view portText;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) reject("has an unterminated IPv6 address");
    parts.host = lower(authority.substr(1, close - 1));
    const auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') reject("has junk after the IPv6 address");
      portText = after.substr(1);
    }
  } else {
    const auto colon = authority.rfind(':');
    parts.host = lower(authority.substr(0, colon));
    if (colon != std::string_view::npos) portText = authority.substr(colon + 1);
  }
  if (parts.host.empty()) reject("has no host");
  if (!portText.empty()) {
    unsigned value = 0;
    const auto [end, ec] =
        std::from_chars(portText.data(), portText.data() + portText.size(), value);
    if (ec != std::errc{} || end != portText.data() + portText.size() || value == 0 ||
        value > 65535) {
      reject("has an invalid port");
    }
    parts.port = static_cast<std::uint16_t>(value);
    parts.explicitPort = true;
  } else {
    parts.port = parts.scheme == "https" ? 443 : 80;
  }
  return parts;
}

bool isLoopbackHost(std::string_view host) {
  if (host == "localhost") return true;
  // An address literal in 127.0.0.0/8 or ::1. A name is never loopback here,
  // whatever it resolves to (no lookup).
  Poco::Net::IPAddress address;
  return Poco::Net::IPAddress::tryParse(std::string(host), address) && address.isLoopback();
}

}  // namespace b44
