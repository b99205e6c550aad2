// Sandbox route files: parsing (with errors naming file and field), matching
// and response templating. The format is documented in tools/emulator/README.md.
#include "detail.hpp"

#include <b44/base64.hpp>
#include <b44/errors.hpp>
#include <b44/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>

namespace b44::emulator::detail {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& source, const std::string& field,
                       const std::string& what) {
  throw InvalidArgumentError(field, source + ": " + field + " " + what);
}

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

// The expression of a string that is exactly one placeholder, e.g. "body.channel".
std::optional<std::string> wholePlaceholder(std::string_view text) {
  if (text.size() < 4 || !text.starts_with("{{") || !text.ends_with("}}")) return std::nullopt;
  const std::string_view inner = text.substr(2, text.size() - 4);
  if (inner.find("{{") != std::string_view::npos || inner.find("}}") != std::string_view::npos) {
    return std::nullopt;
  }
  return trim(inner);
}

// Every placeholder expression inside a text.
std::vector<std::string> placeholders(std::string_view text) {
  std::vector<std::string> out;
  std::size_t position = 0;
  while ((position = text.find("{{", position)) != std::string_view::npos) {
    const auto close = text.find("}}", position + 2);
    if (close == std::string_view::npos) break;
    out.push_back(trim(text.substr(position + 2, close - position - 2)));
    position = close + 2;
  }
  return out;
}

// Checks an expression against the known sources; returns an error or "".
std::string checkExpression(const std::string& expression, const std::set<std::string>& pathNames) {
  if (expression == "body" || expression.starts_with("body.")) return {};
  for (const char* prefix : {"query.", "header."}) {
    if (expression.starts_with(prefix) && expression.size() > std::strlen(prefix)) return {};
  }
  if (expression.starts_with("path.")) {
    const std::string name = expression.substr(5);
    if (pathNames.contains(name)) return {};
    return "uses {{" + expression + "}} but the path has no {" + name + "} segment";
  }
  return "has an unknown placeholder {{" + expression +
         "}} (expected body.<field>, query.<name>, path.<name> or header.<name>)";
}

void checkTemplates(const json& value, const std::set<std::string>& pathNames,
                    const std::string& source, const std::string& field) {
  if (value.is_string()) {
    for (const auto& expression : placeholders(value.get_ref<const std::string&>())) {
      if (auto error = checkExpression(expression, pathNames); !error.empty()) {
        fail(source, field, error);
      }
    }
  } else if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      checkTemplates(item, pathNames, source, field + "." + key);
    }
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      checkTemplates(value[i], pathNames, source, field + "[" + std::to_string(i) + "]");
    }
  }
}

const std::set<std::string> kRouteKeys = {
    "method",       "host",        "path",    "query",     "body_match",
    "status",       "headers",     "body",    "body_text", "body_base64",
    "content_type", "description", "comment", "name",      "secret"};
constexpr std::array<const char*, 3> kBodyKeys = {"body", "body_text", "body_base64"};

std::string requireString(const json& route, const char* key, const std::string& source,
                          const std::string& where) {
  const auto& value = route.at(key);
  if (!value.is_string()) fail(source, where + "." + key, "must be a string");
  return value.get<std::string>();
}

Route parseRoute(const json& item, const std::string& source, const std::string& where) {
  if (!item.is_object()) fail(source, where, "must be an object");
  for (const auto& [key, value] : item.items()) {
    if (!kRouteKeys.contains(key)) {
      fail(source, where + "." + key,
           "is not a route field (known: method, host, path, query, body_match, status, headers, "
           "body, body_text, body_base64, content_type, secret, description)");
    }
  }
  Route route;
  route.where = source + ": " + where;

  if (item.contains("method")) {
    route.method = toUpper(requireString(item, "method", source, where));
    if (route.method == "*") route.method.clear();
  }
  if (item.contains("host")) {
    std::string host = requireString(item, "host", source, where);
    route.host = host == "*" ? std::string() : hostWithoutPort(host);
    if (route.host.starts_with("*") && (!route.host.starts_with("*.") || route.host.size() < 3)) {
      fail(source, where + ".host", "must be a hostname or a \"*.suffix\" wildcard");
    }
  }

  if (!item.contains("path")) fail(source, where + ".path", "is required");
  const std::string path = requireString(item, "path", source, where);
  if (!path.starts_with("/")) fail(source, where + ".path", "must start with \"/\"");
  if (path.find_first_of("?#") != std::string::npos) {
    fail(source, where + ".path", "must not contain a query or fragment (use \"query\")");
  }
  std::set<std::string> pathNames;
  const auto segments = splitPath(path);
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const auto& segment = segments[i];
    if (segment.size() >= 2 && segment.front() == '{' && segment.back() == '}') {
      std::string name = segment.substr(1, segment.size() - 2);
      if (name.ends_with('*')) {
        // {name*}: the rest of the path, one segment or more.
        if (i + 1 != segments.size()) {
          fail(source, where + ".path", "has {" + name + "} before its last segment");
        }
        name.pop_back();
      }
      if (name.empty() || !pathNames.insert(name).second) {
        fail(source, where + ".path", "has an empty or repeated parameter {" + name + "}");
      }
      route.pathSegments.push_back(segment);
    } else {
      route.pathSegments.push_back(percentDecode(segment));
    }
  }

  if (item.contains("secret")) {
    const auto& secret = item.at("secret");
    if (!secret.is_array()) fail(source, where + ".secret", "must be an array of path parameters");
    for (const auto& name : secret) {
      if (!name.is_string() || !pathNames.contains(name.get<std::string>())) {
        fail(source, where + ".secret", "must name {parameters} of the path");
      }
      route.secret.push_back(name.get<std::string>());
    }
  }

  if (item.contains("query")) {
    const auto& query = item.at("query");
    if (!query.is_object()) fail(source, where + ".query", "must be an object");
    for (const auto& [name, value] : query.items()) {
      QueryCondition condition{name, QueryCondition::Kind::Equals, {}};
      if (value.is_null()) {
        condition.kind = QueryCondition::Kind::Absent;
      } else if (value.is_string()) {
        condition.value = value.get<std::string>();
        if (condition.value == "*") condition.kind = QueryCondition::Kind::Present;
      } else if (value.is_number() || value.is_boolean()) {
        condition.value = value.dump();
      } else {
        fail(source, where + ".query." + name, "must be a string, \"*\" or null");
      }
      route.query.push_back(std::move(condition));
    }
  }

  if (item.contains("status")) {
    const auto& status = item.at("status");
    if (!status.is_number_integer() || status.get<int>() < 100 || status.get<int>() > 599) {
      fail(source, where + ".status", "must be an integer HTTP status (100-599)");
    }
    route.status = status.get<int>();
  }
  if (item.contains("headers")) {
    const auto& headers = item.at("headers");
    if (!headers.is_object()) fail(source, where + ".headers", "must be an object");
    for (const auto& [name, value] : headers.items()) {
      if (!value.is_string()) fail(source, where + ".headers." + name, "must be a string");
      checkTemplates(value, pathNames, source, where + ".headers." + name);
      if (toLower(name) == "content-type") {
        route.contentType = value.get<std::string>();
      } else {
        route.headers.emplace_back(toLower(name), value.get<std::string>());
      }
    }
  }
  if (item.contains("content_type")) {
    route.contentType = requireString(item, "content_type", source, where);
  }
  if (item.contains("body_match")) {
    const auto& match = item.at("body_match");
    if (!match.is_object()) fail(source, where + ".body_match", "must be an object");
    for (const auto& [name, value] : match.items()) {
      BodyCondition condition;
      std::string_view rest = name;
      while (!rest.empty()) {
        const auto dot = rest.find('.');
        condition.path.emplace_back(rest.substr(0, dot));
        rest = dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
      }
      if (condition.path.empty() || std::any_of(condition.path.begin(), condition.path.end(),
                                                [](const std::string& p) { return p.empty(); })) {
        fail(source, where + ".body_match." + name, "is not a dotted field path");
      }
      if (value.is_null()) {
        condition.kind = BodyCondition::Kind::Absent;
      } else if (value == "*") {
        condition.kind = BodyCondition::Kind::Present;
      } else if (value.is_string() && value.get_ref<const std::string&>().starts_with("~")) {
        condition.kind = BodyCondition::Kind::Contains;
        condition.value = value.get<std::string>().substr(1);
      } else {
        condition.value = value;
      }
      route.bodyMatch.push_back(std::move(condition));
    }
  }
  const auto bodies = std::count_if(kBodyKeys.begin(), kBodyKeys.end(),
                                    [&item](const char* key) { return item.contains(key); });
  if (bodies > 1) {
    fail(source, where, "has more than one of \"body\", \"body_text\" and \"body_base64\"");
  }
  if (item.contains("body") && !item.at("body").is_null()) {
    route.body = item.at("body");
    checkTemplates(*route.body, pathNames, source, where + ".body");
    if (route.contentType.empty()) route.contentType = "application/json";
  }
  if (item.contains("body_text")) {
    route.bodyText = requireString(item, "body_text", source, where);
    checkTemplates(*route.bodyText, pathNames, source, where + ".body_text");
    if (route.contentType.empty()) route.contentType = "text/plain; charset=utf-8";
  }
  if (item.contains("body_base64")) {
    route.bodyBytes = b44::base64Decode(requireString(item, "body_base64", source, where));
    if (!route.bodyBytes) {
      fail(source, where + ".body_base64",
           "is not valid base64 (RFC 4648, no spaces or line breaks)");
    }
    if (route.contentType.empty()) route.contentType = "application/octet-stream";
  }
  return route;
}

bool hostMatches(const std::string& pattern, const std::string& host) {
  if (pattern.empty()) return true;
  if (pattern.starts_with("*.")) {
    const std::string_view suffix = std::string_view(pattern).substr(1);  // ".wrike.com"
    return host.size() > suffix.size() && host.ends_with(suffix);
  }
  return pattern == host;
}

std::optional<std::string> queryValue(const QueryList& query, std::string_view name) {
  for (const auto& [key, value] : query) {
    if (key == name) return value;
  }
  return std::nullopt;
}

// The member `key` of an object, or the element of an array at the index
// `key` spells ("requests.0.insertText"); null when there is none.
const json* member(const json& node, const std::string& key) {
  if (node.is_object()) {
    const auto found = node.find(key);
    return found == node.end() ? nullptr : &*found;
  }
  if (node.is_array() && !key.empty() && key.size() <= 9 &&
      std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    const auto index = std::stoul(key);
    return index < node.size() ? &node[index] : nullptr;
  }
  return nullptr;
}

json lookup(const std::string& expression, const TemplateContext& context) {
  if (expression == "body") return context.body;
  if (expression.starts_with("body.")) {
    const json* node = &context.body;
    std::string_view rest = std::string_view(expression).substr(5);
    while (true) {
      const auto dot = rest.find('.');
      node = member(*node, std::string(rest.substr(0, dot)));
      if (node == nullptr) return nullptr;
      if (dot == std::string_view::npos) break;
      rest.remove_prefix(dot + 1);
    }
    return *node;
  }
  if (expression.starts_with("query.")) {
    auto value = queryValue(context.query, std::string_view(expression).substr(6));
    return value ? json(*value) : json(nullptr);
  }
  if (expression.starts_with("path.")) {
    const auto found = context.path.find(expression.substr(5));
    return found == context.path.end() ? json(nullptr) : json(found->second);
  }
  if (expression.starts_with("header.")) {
    const auto found = context.headers.find(toLower(expression.substr(7)));
    return found == context.headers.end() ? json(nullptr) : json(found->second);
  }
  return nullptr;
}

bool knownExpression(const std::string& expression) {
  return expression == "body" || expression.starts_with("body.") ||
         expression.starts_with("query.") || expression.starts_with("path.") ||
         expression.starts_with("header.");
}

std::vector<std::filesystem::path> expandRoutePaths(
    const std::vector<std::filesystem::path>& paths) {
  std::vector<std::filesystem::path> files;
  for (const auto& path : paths) {
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) {
      std::vector<std::filesystem::path> inDirectory;
      for (const auto& entry : std::filesystem::directory_iterator(path)) {
        if (entry.is_regular_file() && entry.path().extension() == ".json") {
          inDirectory.push_back(entry.path());
        }
      }
      std::sort(inDirectory.begin(), inDirectory.end());
      files.insert(files.end(), inDirectory.begin(), inDirectory.end());
    } else if (std::filesystem::is_regular_file(path, error)) {
      files.push_back(path);
    } else {
      throw InvalidArgumentError("routeFiles",
                                 "route file or directory not found: " + path.string());
    }
  }
  return files;
}

}  // namespace

std::vector<Route> parseRoutes(const json& document, const std::string& source) {
  if (!document.is_object() || !document.contains("routes")) {
    fail(source, "routes", "is required: a route file is {\"routes\": [...]}");
  }
  const auto& routes = document.at("routes");
  if (!routes.is_array()) fail(source, "routes", "must be an array");
  std::vector<Route> out;
  for (std::size_t i = 0; i < routes.size(); ++i) {
    out.push_back(parseRoute(routes[i], source, "routes[" + std::to_string(i) + "]"));
  }
  return out;
}

namespace {

std::vector<Route> parseRouteFile(const std::filesystem::path& file, const std::string& text) {
  json document;
  try {
    if (b44::jsonDeeperThan(text, b44::kDefaultMaxJsonDepth)) {
      throw InvalidArgumentError("routeFiles", file.string() + ": nests deeper than the limit of " +
                                                   std::to_string(b44::kDefaultMaxJsonDepth) +
                                                   " levels");
    }
    document = json::parse(text);
  } catch (const json::parse_error& error) {
    throw InvalidArgumentError("routeFiles", file.string() + ": not valid JSON: " + error.what());
  }
  return parseRoutes(document, file.string());
}

// Parsed files by (path, content). Bounded: a process that keeps writing new
// route files (a test suite does) starts over rather than growing.
class ParsedRouteFiles {
 public:
  std::shared_ptr<const std::vector<Route>> get(const std::filesystem::path& file,
                                                std::string text) {
    std::string key = file.string();
    key += '\0';
    key += text;
    {
      const std::lock_guard lock(mutex_);
      if (const auto found = parsed_.find(key); found != parsed_.end()) return found->second;
    }
    // Parsed outside the lock; two threads meeting the same new file both parse it.
    auto routes = std::make_shared<const std::vector<Route>>(parseRouteFile(file, text));
    const std::lock_guard lock(mutex_);
    if (parsed_.size() >= kMaxFiles) parsed_.clear();
    parsed_.emplace(std::move(key), routes);
    return routes;
  }

 private:
  static constexpr std::size_t kMaxFiles = 256;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const std::vector<Route>>> parsed_;
};

}  // namespace

RouteTable loadRoutes(const std::vector<std::filesystem::path>& paths) {
  static ParsedRouteFiles parsed;
  RouteTable all;
  for (const auto& file : expandRoutePaths(paths)) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw InvalidArgumentError("routeFiles", "cannot read route file " + file.string());
    std::ostringstream text;
    text << in.rdbuf();
    all.push_back(parsed.get(file, std::move(text).str()));
  }
  return all;
}

std::optional<std::map<std::string, std::string>> matchPath(const Route& route,
                                                            const std::string& host,
                                                            const std::string& path) {
  if (!hostMatches(route.host, host)) return std::nullopt;
  const auto segments = splitPath(path);
  const bool rest = !route.pathSegments.empty() && route.pathSegments.back().ends_with("*}");
  if (rest ? segments.size() < route.pathSegments.size()
           : segments.size() != route.pathSegments.size()) {
    return std::nullopt;
  }
  std::map<std::string, std::string> params;
  for (std::size_t i = 0; i < route.pathSegments.size(); ++i) {
    const std::string& pattern = route.pathSegments[i];
    std::string value = percentDecode(segments[i]);
    if (rest && i + 1 == route.pathSegments.size()) {
      for (std::size_t j = i + 1; j < segments.size(); ++j) {
        value += "/" + percentDecode(segments[j]);
      }
      if (value.empty() || value.find("//") != std::string::npos) return std::nullopt;
      params[pattern.substr(1, pattern.size() - 3)] = value;
    } else if (pattern.size() >= 2 && pattern.front() == '{' && pattern.back() == '}') {
      if (value.empty()) return std::nullopt;
      params[pattern.substr(1, pattern.size() - 2)] = value;
    } else if (pattern != value) {
      return std::nullopt;
    }
  }
  return params;
}

std::optional<std::map<std::string, std::string>> matchRoute(const Route& route,
                                                             const SandboxRequest& request) {
  // HEAD is answered by GET routes, as HTTP servers do.
  if (!route.method.empty() && route.method != request.method &&
      !(route.method == "GET" && request.method == "HEAD")) {
    return std::nullopt;
  }
  auto params = matchPath(route, request.host, request.path);
  if (!params) return std::nullopt;
  if (!route.bodyMatch.empty()) {
    for (const auto& condition : route.bodyMatch) {
      const json* node = &request.parsedBody;
      for (const auto& key : condition.path) {
        node = member(*node, key);
        if (node == nullptr) break;
      }
      const bool present = node != nullptr && !node->is_null();
      switch (condition.kind) {
        case BodyCondition::Kind::Absent:
          if (present) return std::nullopt;
          break;
        case BodyCondition::Kind::Present:
          if (!present) return std::nullopt;
          break;
        case BodyCondition::Kind::Contains:
          if (!present || !node->is_string() ||
              node->get_ref<const std::string&>().find(
                  condition.value.get_ref<const std::string&>()) == std::string::npos) {
            return std::nullopt;
          }
          break;
        case BodyCondition::Kind::Equals:
          // Form fields are strings: "5" in a form matches 5 in the route.
          if (!present || (*node != condition.value &&
                           !(node->is_string() && !condition.value.is_string() &&
                             node->get_ref<const std::string&>() == condition.value.dump()))) {
            return std::nullopt;
          }
          break;
      }
    }
  }
  for (const auto& condition : route.query) {
    const auto value = queryValue(request.query, condition.name);
    switch (condition.kind) {
      case QueryCondition::Kind::Absent:
        if (value) return std::nullopt;
        break;
      case QueryCondition::Kind::Present:
        if (!value) return std::nullopt;
        break;
      case QueryCondition::Kind::Equals:
        if (!value || *value != condition.value) return std::nullopt;
        break;
    }
  }
  return params;
}

std::string renderText(std::string_view text, const TemplateContext& context) {
  std::string out;
  std::size_t position = 0;
  while (true) {
    const auto open = text.find("{{", position);
    const auto close = open == std::string_view::npos ? open : text.find("}}", open + 2);
    if (open == std::string_view::npos || close == std::string_view::npos) {
      out.append(text.substr(position));
      return out;
    }
    out.append(text.substr(position, open - position));
    const std::string expression = trim(text.substr(open + 2, close - open - 2));
    if (knownExpression(expression)) {
      const json value = lookup(expression, context);
      if (value.is_string()) {
        out.append(value.get_ref<const std::string&>());
      } else if (!value.is_null()) {
        out.append(dumpJson(value));
      }
    } else {
      out.append(text.substr(open, close + 2 - open));  // not ours: keep verbatim
    }
    position = close + 2;
  }
}

json renderTemplate(const json& value, const TemplateContext& context) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (auto expression = wholePlaceholder(text); expression && knownExpression(*expression)) {
      return lookup(*expression, context);
    }
    return renderText(text, context);
  }
  if (value.is_object()) {
    json out = json::object();
    for (const auto& [key, item] : value.items()) out[key] = renderTemplate(item, context);
    return out;
  }
  if (value.is_array()) {
    json out = json::array();
    for (const auto& item : value) out.push_back(renderTemplate(item, context));
    return out;
  }
  return value;
}

json parseRequestBody(const std::string& body, const HeaderMap& headers) {
  if (body.empty()) return nullptr;
  const auto type = headers.find("content-type");
  if (type != headers.end() &&
      toLower(type->second).find("application/x-www-form-urlencoded") != std::string::npos) {
    json form = json::object();
    for (auto& [name, value] : parseQuery(body, /*plusIsSpace=*/true)) {
      if (!form.contains(name)) form[name] = value;  // the first value, as for query
    }
    return form;
  }
  // Bounded: a body nested deeper than any API uses would overflow the stack
  // of whatever walks it later (templating, comparisons). Text that is not
  // JSON at all (an upload whose bytes happen to hold many '[') is no JSON body,
  // not a too-deep one; accept() checks that without building a value.
  if (b44::jsonDeeperThan(body, b44::kDefaultMaxJsonDepth) && !json::accept(body)) return nullptr;
  json parsed = b44::parseUntrustedJson(body, "the request body");
  return parsed.is_discarded() ? json(nullptr) : parsed;
}

Reply renderRoute(const Route& route, const SandboxRequest& request,
                  const std::map<std::string, std::string>& pathParams) {
  const TemplateContext context{request.parsedBody, request.query, pathParams, request.headers};
  Reply reply;
  reply.status = route.status;
  for (const auto& [name, value] : route.headers) {
    reply.headers.emplace_back(name, renderText(value, context));
  }
  reply.contentType = renderText(route.contentType, context);
  if (route.body) {
    reply.body = dumpJson(renderTemplate(*route.body, context));
  } else if (route.bodyText) {
    reply.body = renderText(*route.bodyText, context);
  } else if (route.bodyBytes) {
    reply.body = *route.bodyBytes;
  }
  return reply;
}

}  // namespace b44::emulator::detail
