#include <b44/errors.hpp>
#include <b44/http.hpp>

#include <Poco/URI.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace b44 {
namespace {

bool isTokenChar(char c) {
  // RFC 9110 tchar
  static constexpr std::string_view kExtra = "!#$%&'*+-.^_`|~";
  return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
         kExtra.find(c) != std::string_view::npos;
}

void checkHeader(const std::string& name, const std::string& value) {
  if (name.empty() || !std::all_of(name.begin(), name.end(), isTokenChar)) {
    throw InvalidArgumentError("header", "invalid header name '" + name + "'");
  }
  for (char c : value) {
    if (c == '\r' || c == '\n' || c == '\0') {
      // The value is not echoed: it may be a credential.
      throw InvalidArgumentError("header " + name, "value contains CR, LF or NUL");
    }
  }
}

}  // namespace

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool isCredentialHeader(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static constexpr std::array<std::string_view, 7> kMarkers = {
      "authorization", "token", "cookie", "api-key", "apikey", "secret", "on-behalf-of"};
  return std::any_of(kMarkers.begin(), kMarkers.end(),
                     [&](std::string_view m) { return lower.find(m) != std::string::npos; });
}

Headers::Headers(std::initializer_list<Entry> entries) {
  for (const auto& [name, value] : entries) add(name, value);
}

void Headers::set(std::string name, std::string value) {
  checkHeader(name, value);
  remove(name);
  entries_.emplace_back(std::move(name), std::move(value));
}

void Headers::add(std::string name, std::string value) {
  checkHeader(name, value);
  entries_.emplace_back(std::move(name), std::move(value));
}

void Headers::remove(std::string_view name) {
  std::erase_if(entries_, [&](const Entry& e) { return equalsIgnoreCase(e.first, name); });
}

std::optional<std::string> Headers::get(std::string_view name) const {
  for (const auto& [key, value] : entries_) {
    if (equalsIgnoreCase(key, name)) return value;
  }
  return std::nullopt;
}

std::string percentEncode(std::string_view text) {
  // Poco encodes controls, non-ASCII and the characters illegal in a URI;
  // these are the rest of the reserved ones, so only RFC 3986's unreserved
  // characters stay as they are.
  static const std::string kAlsoEncoded = "!#$&'()*+,/:;=?@[]";
  std::string out;
  Poco::URI::encode(std::string(text), kAlsoEncoded, out);
  return out;
}

// Hand-written rather than Poco::URI::decode, which throws on a malformed
// escape: these strings come from services' answers and hostile requests, and
// a stray '%' must not fail a page or a parse.
std::string percentDecode(std::string_view text, bool plusIsSpace) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else {
      out += plusIsSpace && text[i] == '+' ? ' ' : text[i];
    }
  }
  return out;
}

std::string encodeQuery(const std::vector<std::pair<std::string, std::string>>& query) {
  std::string out;
  for (const auto& [key, value] : query) {
    if (!out.empty()) out += '&';
    out += percentEncode(key) + '=' + percentEncode(value);
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> parseQuery(std::string_view query,
                                                            bool plusIsSpace) {
  // Over percentDecode, not Poco::URI::getQueryParameters, for its leniency.
  std::vector<std::pair<std::string, std::string>> pairs;
  std::size_t start = 0;
  while (start <= query.size()) {
    const auto end = std::min(query.find('&', start), query.size());
    const std::string_view pair = query.substr(start, end - start);
    if (!pair.empty()) {
      const auto equals = std::min(pair.find('='), pair.size());
      pairs.emplace_back(percentDecode(pair.substr(0, equals), plusIsSpace),
                         equals < pair.size() ? percentDecode(pair.substr(equals + 1), plusIsSpace)
                                              : std::string());
    }
    start = end + 1;
  }
  return pairs;
}

}  // namespace b44
