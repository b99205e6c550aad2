#include <b44/errors.hpp>
#include <b44/http.hpp>
#include <b44/plugin/url.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <optional>
#include <regex>

namespace b44::plugin {
namespace {

const ConfigField* findField(const AdapterSpec& spec, std::string_view name) {
  for (const auto& field : spec.configFields) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

bool validHostName(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  std::size_t start = 0;
  while (start <= host.size()) {
    const auto dot = std::min(host.find('.', start), host.size());
    const auto label = host.substr(start, dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
      return false;
    for (char c : label) {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    }
    start = dot + 1;
  }
  return true;
}

// An IPv4 literal (its last label all digits): never a name a "*" rule admits.
bool looksLikeAddress(std::string_view host) {
  const auto last =
      host.substr(host.rfind('.') == std::string_view::npos ? 0 : host.rfind('.') + 1);
  return std::all_of(last.begin(), last.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool hostAllowed(std::string_view host, const std::vector<std::string>& allowed) {
  return std::any_of(allowed.begin(), allowed.end(), [&](const std::string& rule) {
    if (rule == kAnyConfiguredHost) return !looksLikeAddress(host);
    if (!rule.empty() && rule.front() == '.') {
      return host.size() > rule.size() && host.ends_with(rule);
    }
    return host == rule;
  });
}

// The literal path of a template ("/api/v4" of "https://{host}/api/v4", or of
// "{instance_url}/api/v4"): from the first '/' outside a placeholder.
std::string literalPath(const std::string& tmpl) {
  const auto scheme = tmpl.find("://");
  int depth = 0;
  for (std::size_t i = scheme == std::string::npos ? 0 : scheme + 3; i < tmpl.size(); ++i) {
    if (tmpl[i] == '{') ++depth;
    if (tmpl[i] == '}') --depth;
    if (tmpl[i] == '/' && depth == 0) return tmpl.substr(i);
  }
  return "";
}

// Each pattern is compiled once per process: every request validates its
// connection-config values, and compiling a std::regex costs far more than
// matching one. Patterns come from adapter specs, so the set stays small.
const std::regex& compiledPattern(const std::string& pattern) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<const std::regex>, std::less<>> compiled;
  const std::lock_guard lock(mutex);
  auto& slot = compiled[pattern];
  if (!slot) slot = std::make_unique<const std::regex>(pattern, std::regex::ECMAScript);
  return *slot;
}

// The checked value of config field `name`: given, or its default; nullopt
// for an optional field with neither. A required field missing is an
// InvalidArgumentError naming it; `where` names the template that asked.
std::optional<std::string> configValue(const AdapterSpec& spec, const std::string& name,
                                       const ConnectionConfig& config, const std::string& where) {
  const ConfigField* field = findField(spec, name);
  if (field == nullptr) {
    throw InvalidArgumentError(where,
                               spec.type + ": placeholder {" + name + "} names no config field");
  }
  const auto it = config.find(name);
  std::string value;
  if (it != config.end() && !it->second.empty()) {
    value = it->second;
  } else if (!field->required && !field->defaultValue.empty()) {
    value = field->defaultValue;
  } else if (!field->required) {
    return std::nullopt;
  } else {
    throw InvalidArgumentError("connectionConfig." + name,
                               spec.type + " needs '" + name +
                                   "' in the connection config (e.g. \"" + field->example + "\")");
  }
  validateConfigValue(*field, value);
  return value;
}

// `text` with each {placeholder} filled by configValue; nullopt (and the
// field's name in `missing`) when an optional field without a default is
// absent. `where` names the template in errors.
std::optional<std::string> fillFromConfig(const AdapterSpec& spec, const std::string& text,
                                          const ConnectionConfig& config, const std::string& where,
                                          std::string& missing) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] != '{') {
      out += text[i++];
      continue;
    }
    const auto close = text.find('}', i);
    if (close == std::string::npos) {
      throw InvalidArgumentError(where, spec.type + ": unterminated placeholder in " + text);
    }
    const std::string name = text.substr(i + 1, close - i - 1);
    const auto value = configValue(spec, name, config, where);
    if (!value) {
      missing = name;
      return std::nullopt;
    }
    out += *value;
    i = close + 1;
  }
  return out;
}

}  // namespace

bool isConfiguredHeader(const Header& header) {
  return header.value.find('{') != std::string::npos;
}

std::vector<Header> configuredHeaders(const AdapterSpec& spec, const ConnectionConfig& config) {
  std::vector<Header> out;
  for (const auto& header : spec.defaultHeaders) {
    if (!isConfiguredHeader(header)) continue;
    std::string missing;  // an optional field left out: so is the header
    if (auto value =
            fillFromConfig(spec, header.value, config, "headers." + header.name, missing)) {
      out.push_back({header.name, std::move(*value)});
    }
  }
  return out;
}

void validateConfigValue(const ConfigField& field, std::string_view value) {
  const std::string name = "connectionConfig." + field.name;
  // Messages describe the problem without echoing the value: a config value is
  // not a secret, but it can be arbitrarily long or carry control characters.
  if (value.empty()) throw InvalidArgumentError(name, "must not be empty");
  if (value.size() > field.maxLength) {
    throw InvalidArgumentError(name,
                               "is longer than " + std::to_string(field.maxLength) + " characters");
  }
  for (char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f)
      throw InvalidArgumentError(name, "contains a control character (CR, LF, NUL, ...)");
    if (c >= 0x80) throw InvalidArgumentError(name, "contains a non-ASCII character");
    if (c == ' ') throw InvalidArgumentError(name, "contains whitespace");
    if (c == '@' || c == '#' || c == '?' || c == '\\' || c == '%') {
      throw InvalidArgumentError(name, std::string("contains the character '") + ch + "'");
    }
  }
  if (value.find("..") != std::string_view::npos) throw InvalidArgumentError(name, "contains '..'");
  if (!field.pattern.empty()) {
    if (!std::regex_match(value.begin(), value.end(), compiledPattern(field.pattern))) {
      throw InvalidArgumentError(name, field.validationError.empty()
                                           ? "does not match the pattern " + field.pattern
                                           : field.validationError);
    }
  }
}

std::string resolveBaseUrl(const AdapterSpec& spec, const ApiHost& host,
                           const ConnectionConfig& config) {
  const std::string& tmpl = host.baseUrlTemplate;
  std::string missing;
  auto filled = fillFromConfig(spec, tmpl, config, "hosts." + host.name, missing);
  if (!filled) {
    throw InvalidArgumentError("connectionConfig." + missing,
                               spec.type + " needs '" + missing + "' in the connection config");
  }
  std::string url = std::move(*filled);

  const std::string field = "connectionConfig";
  UrlParts parts;
  try {
    parts = splitUrl(url);
  } catch (const InvalidArgumentError&) {
    throw InvalidArgumentError(field, spec.type + ": the configured base URL does not parse");
  }
  if (parts.scheme != "https")
    throw InvalidArgumentError(field, spec.type + ": the base URL must use https");
  if (!parts.userInfo.empty())
    throw InvalidArgumentError(field, spec.type + ": the base URL must not carry user info");
  if (!parts.fragment.empty() || parts.target.find('?') != std::string::npos) {
    throw InvalidArgumentError(field,
                               spec.type + ": the base URL must not carry a query or fragment");
  }
  if (!validHostName(parts.host))
    throw InvalidArgumentError(field, spec.type + ": the base URL's host is not a valid host name");
  // A configured value names a host as it is (lowercase, as validHostName
  // wants it before splitUrl folds case) and adds no port of its own.
  if (url.find("://" + parts.host) == std::string::npos) {
    throw InvalidArgumentError(field, spec.type + ": the configured host must be lowercase");
  }
  const bool templated = tmpl.find('{') != std::string::npos;
  if (templated && parts.explicitPort &&
      tmpl.find(":" + std::to_string(parts.port)) == std::string::npos) {
    throw InvalidArgumentError(field, spec.type + ": the configured host must not carry a port");
  }
  const auto path = parts.path();
  if (path.find("/./") != std::string::npos || path.find("/../") != std::string::npos ||
      path.ends_with("/.") || path.ends_with("/..") || path.find("//") != std::string::npos) {
    throw InvalidArgumentError(field, spec.type + ": the base URL's path is not canonical");
  }
  // A value must not move the path either (a loose pattern letting "x.com/y"
  // in); a placeholder in the path fills exactly one segment.
  if (basePathIsConfigured(host)) {
    const auto slashes = [](std::string_view text) {
      return std::count(text.begin(), text.end(), '/');
    };
    const std::string expected = literalPath(tmpl);
    if (slashes(path) != slashes(expected)) {
      std::string names;  // the path's placeholders, to name the culprit
      for (auto open = expected.find('{'); open != std::string::npos;
           open = expected.find('{', open + 1)) {
        names += (names.empty() ? "" : ", ") +
                 expected.substr(open + 1, expected.find('}', open) - open - 1);
      }
      throw InvalidArgumentError(field, spec.type + ": a configured value (" + names +
                                            ") must fill one segment of the base URL's path");
    }
  } else {
    std::string expected = literalPath(tmpl);
    while (expected.size() > 1 && expected.back() == '/') expected.pop_back();
    std::string actual = path;
    while (actual.size() > 1 && actual.back() == '/') actual.pop_back();
    if (actual != (expected.empty() ? "/" : expected)) {
      throw InvalidArgumentError(field,
                                 spec.type + ": the configured value changes the base URL's path");
    }
  }
  std::vector<std::string> allowed = host.allowedHosts;
  if (allowed.empty()) {
    if (tmpl.find('{') != std::string::npos) {
      throw InvalidArgumentError(
          "hosts." + host.name,
          spec.type + ": a templated base URL must declare its allowed hosts");
    }
    allowed.push_back(parts.host);
  }
  if (!hostAllowed(parts.host, allowed)) {
    throw InvalidArgumentError(field, spec.type + ": the configured host " + parts.host +
                                          " is not one of the service's hosts");
  }
  while (url.size() > 1 && url.back() == '/') url.pop_back();
  return url;
}

bool basePathIsConfigured(const ApiHost& host) {
  return literalPath(host.baseUrlTemplate).find('{') != std::string::npos;
}

std::string pathSegment(std::string_view value, std::string_view argument) {
  const std::string name = "args." + std::string(argument);
  if (value.empty()) throw InvalidArgumentError(name, "must not be empty");
  if (value == "." || value == "..") throw InvalidArgumentError(name, "must not be '.' or '..'");
  return percentEncode(value);
}

std::size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), 0);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string closestMatch(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t bestDistance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& candidate : candidates) {
    const auto distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  return best;
}

}  // namespace b44::plugin
