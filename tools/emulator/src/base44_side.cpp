// The Base44 side: the connector endpoints of base44-api.md, with the checks
// Base44 makes (service token, app id, the app user's token), answering from
// the connections document. callApi resolves the upstream URL from the adapter's spec and
// dispatches in-process to the sandbox.
#include "detail.hpp"

#include <b44/base64.hpp>
#include <b44/connectors.hpp>
#include <b44/errors.hpp>
#include <b44/json.hpp>
#include <b44/plugin/url.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <random>
#include <set>

namespace b44::emulator::detail {
namespace {

using nlohmann::json;

const json* findEntry(const json& document, const char* section, const std::string& key) {
  if (!document.contains(section)) return nullptr;
  const auto& entries = document.at(section);
  const auto found = entries.find(key);
  return found == entries.end() ? nullptr : &*found;
}

Reply configuredError(const json& error) {
  const int status = error.at("status").get<int>();
  const std::string code = error.value("code", "error");
  const std::string message = error.value("message", "the connection is configured to fail");
  return base44Error(status, code, message);
}

Reply connectionAnswer(const json& entry, const std::string& integrationType,
                       const std::string& token) {
  json config = entry.contains("connection_config") ? entry.at("connection_config") : json(nullptr);
  return jsonReply(200, {{"access_token", token},
                         {"integration_type", integrationType},
                         {"connection_config", std::move(config)}});
}

std::string header(const HeaderMap& headers, const char* name) {
  const auto found = headers.find(name);
  return found == headers.end() ? std::string() : found->second;
}

// "Bearer <token>" with a non-empty token and exactly one space.
bool isBearer(const std::string& value) {
  return value.starts_with("Bearer ") && value.size() > 7 &&
         value.find(' ', 7) == std::string::npos;
}

bool hasControlCharacters(std::string_view text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
  }
  return false;
}

bool isHeaderName(std::string_view name) {
  if (name.empty()) return false;
  static const std::string kSeparators = "()<>@,;:\\\"/[]?={} \t";
  for (const char c : name) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f ||
        kSeparators.find(c) != std::string::npos) {
      return false;
    }
  }
  return true;
}

// A query or header value as text; nullopt when it is not a scalar.
std::optional<std::string> scalarText(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number() || value.is_boolean()) return value.dump();
  return std::nullopt;
}

struct CallRequest {
  std::string method;
  std::string host;
  std::string path;
  QueryList query;
  HeaderMap headers;
  json body;
};

// Validates a callApi body like Base44 does; returns the error message or "".
// Throws ProtocolError when the body nests deeper than kDefaultMaxJsonDepth.
std::string parseCallRequest(const std::string& text, CallRequest& out) {
  const json body = b44::parseUntrustedJson(text, "the callApi body");
  if (body.is_discarded() || !body.is_object()) return "the callApi body must be a JSON object";
  static const std::set<std::string> kMethods = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"};
  out.method = "GET";
  if (body.contains("method") && !body.at("method").is_null()) {
    if (!body.at("method").is_string() ||
        !kMethods.contains(body.at("method").get<std::string>())) {
      return "method must be one of GET, POST, PUT, PATCH, DELETE, HEAD";
    }
    out.method = body.at("method").get<std::string>();
  }
  if (body.contains("host") && !body.at("host").is_null()) {
    if (!body.at("host").is_string()) return "host must be a string";
    out.host = body.at("host").get<std::string>();
  }
  if (!body.contains("path") || !body.at("path").is_string() ||
      body.at("path").get_ref<const std::string&>().empty()) {
    return "path is required";
  }
  out.path = body.at("path").get<std::string>();
  if (!out.path.starts_with("/") || out.path.starts_with("//") ||
      out.path.find("://") != std::string::npos) {
    return "path must start with \"/\" and be relative to the connector's host, not an absolute "
           "URL";
  }
  if (hasControlCharacters(out.path) || out.path.find(' ') != std::string::npos ||
      out.path.find('#') != std::string::npos) {
    return "path must not contain spaces, control characters or a fragment";
  }
  if (body.contains("query") && !body.at("query").is_null()) {
    const auto& query = body.at("query");
    if (!query.is_object()) return "query must be an object";
    for (const auto& [name, value] : query.items()) {
      if (value.is_null()) continue;
      if (value.is_array()) {
        for (const auto& item : value) {
          auto text = scalarText(item);
          if (!text) return "query." + name + " must hold strings, numbers or booleans";
          out.query.emplace_back(name, *text);
        }
        continue;
      }
      auto text = scalarText(value);
      if (!text) return "query." + name + " must be a string, number or boolean";
      out.query.emplace_back(name, *text);
    }
  }
  if (body.contains("headers") && !body.at("headers").is_null()) {
    const auto& headers = body.at("headers");
    if (!headers.is_object()) return "headers must be an object";
    for (const auto& [name, value] : headers.items()) {
      auto text = scalarText(value);
      if (!isHeaderName(name) || !text || hasControlCharacters(*text)) {
        return "headers." + name + " must be a valid header name with a string value";
      }
      out.headers[toLower(name)] = *text;
    }
  }
  out.body = body.contains("body") ? body.at("body") : json(nullptr);
  return {};
}

Reply notSentReply(const std::string& code, const std::string& message) {
  return jsonReply(200, {{"success", false},
                         {"phase", "not_sent"},
                         {"status_code", nullptr},
                         {"data", {{"error", code}, {"message", message}}},
                         {"data_base64", nullptr},
                         {"content_type", nullptr},
                         {"headers", json::object()},
                         {"credits_charged", 0}});
}

// `bytes` random bytes as hex: an authorization's state, unguessable.
std::string randomHex(std::size_t bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::random_device device;
  std::string out;
  for (std::size_t i = 0; i < bytes; ++i) {
    const auto byte = static_cast<unsigned>(device()) & 0xffU;
    out += kDigits[byte >> 4U];
    out += kDigits[byte & 0xfU];
  }
  return out;
}

// "https://host:port/base/path" -> {"host:port", "/base/path"}.
std::pair<std::string, std::string> splitBaseUrl(const std::string& url) {
  const auto schemeEnd = url.find("://");
  const auto authorityStart = schemeEnd == std::string::npos ? 0 : schemeEnd + 3;
  const auto pathStart = url.find('/', authorityStart);
  if (pathStart == std::string::npos) return {url.substr(authorityStart), ""};
  std::string path = url.substr(pathStart);
  while (!path.empty() && path.back() == '/') path.pop_back();
  return {url.substr(authorityStart, pathStart - authorityStart), path};
}

}  // namespace

Base44Side::Base44Side(json connections, Dispatch dispatch, AdapterLookup adapterLookup,
                       TokenBook& tokens, FaultInjector& faults, const Redactor& redactor)
    : document_(std::move(connections)),
      appId_(document_.at("app_id").get<std::string>()),
      serviceToken_(document_.at("service_token").get<std::string>()),
      dispatch_(std::move(dispatch)),
      adapterLookup_(std::move(adapterLookup)),
      tokens_(tokens),
      faults_(faults),
      redactor_(redactor) {
  for (const auto& token : document_.value("app_user_tokens", json::array())) {
    appUserTokens_.insert(token.get<std::string>());
  }
}

std::string Base44Side::integrationTypeOf(const Incoming& request) const {
  const auto [rawPath, query] = splitTarget(request.target);
  std::vector<std::string> segments;
  for (const auto& segment : splitPath(rawPath)) segments.push_back(percentDecode(segment));
  if (segments.size() < 4 || segments[0] != "api" || segments[1] != "apps") return {};
  const std::vector<std::string> rest(segments.begin() + 3, segments.end());
  const auto typeOf = [&](const char* section, const std::string& connector) -> std::string {
    const json* entry = findEntry(document_, section, connector);
    if (entry == nullptr || !entry->contains("integration_type")) return {};
    return entry->at("integration_type").get<std::string>();
  };
  if (rest.size() == 3 && rest[0] == "external-auth" && rest[1] == "tokens") return rest[2];
  if (rest.size() == 4 && rest[0] == "external-auth" && rest[2] == "connectors") {
    return typeOf("workspace_connectors", rest[3]);
  }
  if (rest.size() >= 3 && rest[0] == "app-user-auth" && rest[1] == "connectors") {
    return typeOf("app_user_connectors", rest[2]);
  }
  if (rest.size() == 3 && rest[0] == "connectors" && rest[2] == "call") return rest[1];
  return {};
}

Reply Base44Side::handle(const Incoming& request) {
  // Every error is the emulator's own (a callApi answer is a 200), and may
  // quote the path, a header or the body.
  Reply reply = route(request);
  if (reply.status >= 400) redactor_.errorReply(reply);
  return reply;
}

Reply Base44Side::notSent(const std::string& code, const std::string& message) const {
  return notSentReply(code, redactor_.text(message));
}

Reply Base44Side::route(const Incoming& request) {
  const auto [rawPath, query] = splitTarget(request.target);
  std::vector<std::string> segments;
  for (const auto& segment : splitPath(rawPath)) segments.push_back(percentDecode(segment));
  if (segments.size() < 3 || segments[0] != "api" || segments[1] != "apps") {
    return base44Error(404, "not_found", "no such endpoint: " + request.method + " " + rawPath);
  }

  const std::string& pathApp = segments[2];
  const std::vector<std::string> rest(segments.begin() + 3, segments.end());
  // The app user's own calls carry the user's token, not the service token.
  if ((rest.size() == 3 ||
       (rest.size() == 4 && (rest[3] == "initiate" || rest[3] == "authorize"))) &&
      rest[0] == "app-user-auth" && rest[1] == "connectors") {
    return appUserCall(request, pathApp, rest[2], rest.size() == 3 ? "" : rest[3], query);
  }

  // The service token, never echoed.
  if (header(request.headers, "authorization") != "Bearer " + serviceToken_) {
    const bool missing = !request.headers.contains("authorization");
    return base44Error(401, "unauthorized",
                       missing ? "missing Authorization header: a service token is required"
                               : "invalid service token");
  }
  if (auto refused = checkApp(request, pathApp, "service token")) return *refused;

  const auto expect = [&](const char* method) { return request.method == method; };
  const auto wrongMethod = [&](const char* method) {
    return base44Error(405, "method_not_allowed",
                       request.method + " not allowed here (use " + method + ")");
  };
  if (rest.size() == 3 && rest[0] == "external-auth" && rest[1] == "tokens") {
    return expect("GET") ? getConnection(rest[2]) : wrongMethod("GET");
  }
  if (rest.size() == 4 && rest[0] == "external-auth" && rest[1] == "tokens" &&
      rest[2] == "connectors") {
    return expect("GET") ? getScopedConnection("workspace_connectors", rest[3], "workspace")
                         : wrongMethod("GET");
  }
  if (rest.size() == 4 && rest[0] == "app-user-auth" && rest[1] == "connectors" &&
      rest[3] == "token") {
    if (!expect("GET")) return wrongMethod("GET");
    const std::string onBehalfOf = header(request.headers, "on-behalf-of");
    if (auto refused = checkAppUser(onBehalfOf, "on-behalf-of")) return *refused;
    if (isDisconnected(onBehalfOf.substr(7), rest[2])) {
      return base44Error(404, "connection_not_found",
                         "the app user is not connected to connector '" + rest[2] +
                             "' (connectAppUser starts the authorization)");
    }
    return getScopedConnection("app_user_connectors", rest[2], "app user");
  }
  if (rest.size() == 3 && rest[0] == "connectors" && rest[2] == "call") {
    return expect("POST") ? callApi(rest[1], request) : wrongMethod("POST");
  }
  return base44Error(404, "not_found", "no such endpoint: " + request.method + " " + rawPath);
}

std::optional<Reply> Base44Side::checkApp(const Incoming& request, const std::string& pathApp,
                                          const char* token) const {
  const auto appHeader = request.headers.find("x-app-id");
  if (appHeader == request.headers.end()) {
    return base44Error(403, "app_mismatch", "missing X-App-Id header");
  }
  if (appHeader->second != pathApp) {
    return base44Error(403, "app_mismatch",
                       "X-App-Id '" + appHeader->second + "' does not match the app in the path '" +
                           pathApp + "'");
  }
  if (pathApp != appId_) {
    return base44Error(403, "app_mismatch",
                       std::string("the ") + token + " does not belong to app '" + pathApp + "'");
  }
  return std::nullopt;
}

std::optional<Reply> Base44Side::checkAppUser(const std::string& authorization,
                                              const char* name) const {
  if (!isBearer(authorization)) {
    return base44Error(
        401, "unauthorized",
        std::string("an app user call needs the user's token (") + name + ": Bearer <user token>)");
  }
  const std::string token = authorization.substr(7);
  if (token == serviceToken_) {
    return base44Error(401, "unauthorized",
                       std::string(name) + " carries the service token, not an app user's token");
  }
  if (!appUserTokens_.empty() && !appUserTokens_.contains(token)) {
    return base44Error(401, "unauthorized", "invalid user token");
  }
  return std::nullopt;
}

bool Base44Side::isDisconnected(const std::string& userToken,
                                const std::string& connectorId) const {
  std::lock_guard lock(appUsersMutex_);
  return disconnected_.contains({userToken, connectorId});
}

Reply Base44Side::appUserCall(const Incoming& request, const std::string& pathApp,
                              const std::string& connectorId, const std::string& operation,
                              const std::string& query) {
  constexpr std::size_t kMaxPendingAuthorizations = 1000;
  if (operation == "authorize") {
    // The page connectAppUser's URL opens in the user's browser: following it
    // completes the authorization (the provider's consent screen, emulated).
    if (request.method != "GET") {
      return base44Error(405, "method_not_allowed", request.method + " not allowed here (use GET)");
    }
    std::string state;
    for (const auto& [name, value] : parseQuery(query, /*plusIsSpace=*/true)) {
      if (name == "state") state = value;
    }
    std::lock_guard lock(appUsersMutex_);
    const auto pending = pendingAuthorizations_.find(state);
    if (pending == pendingAuthorizations_.end() || pending->second.second != connectorId) {
      return base44Error(400, "invalid_state", "no authorization is pending for this state");
    }
    disconnected_.erase(pending->second);
    pendingAuthorizations_.erase(pending);
    Reply reply;
    reply.contentType = "text/html; charset=utf-8";
    reply.body =
        "<!doctype html><title>Connected</title><p>The connector is connected. You may "
        "close this page.</p>\n";
    return reply;
  }
  if (auto refused = checkApp(request, pathApp, "user token")) return *refused;
  const std::string authorization = header(request.headers, "authorization");
  if (auto refused = checkAppUser(authorization, "Authorization")) return *refused;
  const std::string userToken = authorization.substr(7);
  if (findEntry(document_, "app_user_connectors", connectorId) == nullptr) {
    return base44Error(404, "connector_not_found", "no app user connector '" + connectorId + "'");
  }
  if (operation == "initiate") {
    if (request.method != "POST") {
      return base44Error(405, "method_not_allowed",
                         request.method + " not allowed here (use POST)");
    }
    const std::string state = randomHex(16);
    // The URL is built from the Host the client used; anything odd in it
    // falls back to loopback rather than reaching the answer.
    std::string host = header(request.headers, "host");
    const bool plainHost = !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == ':' ||
             c == '[' || c == ']';
    });
    if (!plainHost) host = "127.0.0.1";
    {
      std::lock_guard lock(appUsersMutex_);
      if (pendingAuthorizations_.size() >= kMaxPendingAuthorizations) {
        pendingAuthorizations_.clear();  // abandoned flows: the emulator's memory stays bounded
      }
      pendingAuthorizations_[state] = {userToken, connectorId};
    }
    return jsonReply(
        200, {{"redirect_url", "http://" + host + "/api/apps/" + percentEncode(pathApp) +
                                   "/app-user-auth/connectors/" + percentEncode(connectorId) +
                                   "/authorize?state=" + state}});
  }
  if (request.method != "DELETE") {
    return base44Error(405, "method_not_allowed",
                       request.method + " not allowed here (use DELETE)");
  }
  {
    std::lock_guard lock(appUsersMutex_);
    disconnected_.insert({userToken, connectorId});
  }
  return jsonReply(200, {{"success", true}});
}

Reply Base44Side::getConnection(const std::string& type) const {
  const json* entry = findEntry(document_, "connections", type);
  if (entry == nullptr) {
    return base44Error(404, "connection_not_found",
                       "no connection for integration type '" + type + "' in this app");
  }
  if (entry->contains("error")) return configuredError(entry->at("error"));
  if (entry->value("metered", false)) {
    return base44Error(
        403, "metered_connector",
        "'" + type + "' is a metered connector: its token is not handed out, use callApi");
  }
  return connectionAnswer(*entry, entry->value("integration_type", type),
                          tokens_.current("connections/" + type));
}

Reply Base44Side::getScopedConnection(const char* section, const std::string& connectorId,
                                      const char* what) const {
  const json* entry = findEntry(document_, section, connectorId);
  if (entry == nullptr) {
    return base44Error(404, "connection_not_found",
                       std::string("no ") + what + " connector '" + connectorId + "'");
  }
  if (entry->contains("error")) return configuredError(entry->at("error"));
  const std::string type = entry->at("integration_type").get<std::string>();
  if (entry->value("metered", false)) {
    return base44Error(403, "metered_connector",
                       "'" + type + "' is a metered connector: its token is not handed out");
  }
  return connectionAnswer(*entry, type, tokens_.current(std::string(section) + "/" + connectorId));
}

Reply Base44Side::callApi(const std::string& type, const Incoming& request) const {
  const json* entry = findEntry(document_, "connections", type);
  if (entry == nullptr) {
    return base44Error(404, "connection_not_found",
                       "no connection for integration type '" + type + "' in this app");
  }
  if (!entry->contains("access_token")) return configuredError(entry->at("error"));

  CallRequest call;
  try {
    if (auto error = parseCallRequest(request.body, call); !error.empty()) {
      return base44Error(400, "invalid_request", error);
    }
  } catch (const ProtocolError& error) {
    return base44Error(400, "invalid_request", error.what());  // names the depth limit
  }

  std::shared_ptr<const plugin::Adapter> adapter;
  try {
    if (adapterLookup_) adapter = adapterLookup_(type);
  } catch (const std::exception&) {
    adapter = nullptr;  // an unknown type: answered below
  }
  if (!adapter) {
    return base44Error(400, "unsupported_connector",
                       "the emulator has no adapter for integration type '" + type +
                           "' (is its plugin on the search path?)");
  }
  const plugin::AdapterSpec& spec = adapter->spec();

  ConnectionConfig config;
  if (entry->contains("connection_config") && entry->at("connection_config").is_object()) {
    for (const auto& [key, value] : entry->at("connection_config").items()) {
      config[key] = value.get<std::string>();
    }
  }

  // The declared host named by `host` (by name or by its resolved hostname).
  std::string baseUrl;
  std::string resolveError;
  for (const auto& candidate : spec.hosts) {
    const bool byName =
        call.host.empty() ? &candidate == &spec.hosts.front() : candidate.name == call.host;
    std::string url;
    try {
      url = plugin::resolveBaseUrl(spec, candidate, config);
    } catch (const std::exception& error) {
      if (byName) resolveError = error.what();
      continue;
    }
    if (byName || hostWithoutPort(splitBaseUrl(url).first) == toLower(call.host)) {
      baseUrl = url;
      break;
    }
  }
  if (!resolveError.empty() && baseUrl.empty()) {
    return notSent("invalid_connection_config", resolveError);
  }
  if (baseUrl.empty()) {
    return notSent("unknown_host", "integration type '" + type + "' declares no host '" +
                                       (call.host.empty() ? "(default)" : call.host) + "'");
  }

  // Like Base44, the proxy knows the connector's hosts, not the adapter's base
  // paths: `path` is the full path on the chosen host.
  const std::string authority = splitBaseUrl(baseUrl).first;
  std::string target = call.path;
  if (!call.query.empty()) {
    target += target.find('?') == std::string::npos ? '?' : '&';
    target += encodeQuery(call.query);
  }

  HeaderMap headers = call.headers;
  for (const char* hopByHop : {"host", "content-length", "connection", "transfer-encoding"}) {
    headers.erase(hopByHop);
  }
  headers["host"] = authority;
  // Like the base URL, headers the connector fills from its connection config
  // (Google Ads' developer-token) are Base44's to add; the caller's win.
  try {
    for (const auto& header : plugin::configuredHeaders(spec, config)) {
      headers.emplace(toLower(header.name), header.value);
    }
  } catch (const std::exception& error) {
    return notSent("invalid_connection_config", error.what());
  }
  const std::string tokenEntry = "connections/" + type;
  const auto present = [&](const std::string& token) {
    headers[toLower(spec.token.header)] =
        spec.token.scheme.empty() ? token : spec.token.scheme + " " + token;
  };
  const std::string token = tokens_.current(tokenEntry);
  present(token);
  std::string body;
  if (call.body.is_string()) {
    body = call.body.get<std::string>();
  } else if (!call.body.is_null()) {
    body = dumpJson(call.body);
    if (!headers.contains("content-type")) headers["content-type"] = "application/json";
  }
  if (!body.empty()) headers["content-length"] = std::to_string(body.size());

  Reply upstream = dispatch_(call.method, authority, target, headers, body);
  if (upstream.status == 401 && tokens_.current(tokenEntry) != token) {
    // The token rotated while this call was on its way. Base44 holds the
    // refresh token: it sends the call again, once, with the new one.
    present(tokens_.current(tokenEntry));
    upstream = dispatch_(call.method, authority, target, headers, body);
  }
  // Like an HTTP client library with its defaults (fetch, axios), Base44
  // follows a GET's redirects, at most 5, and sends no credentials to
  // another host (a download's pre-signed link). An assumption: the wire
  // protocol does not say.
  const auto redirected = [&upstream] {
    const int status = upstream.status;
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  };
  std::string from = authority;
  for (int hops = 0; hops < 5 && (call.method == "GET" || call.method == "HEAD") && redirected();
       ++hops) {
    std::string location;
    for (const auto& [name, value] : upstream.headers) {
      if (toLower(name) == "location") location = value;
    }
    std::string nextAuthority = from;
    std::string nextTarget;
    if (location.find("://") != std::string::npos) {
      try {
        const UrlParts url = splitUrl(location);
        nextAuthority = url.authority();
        nextTarget = url.target;
      } catch (const InvalidArgumentError&) {
        break;
      }
    } else if (location.starts_with("/") && !location.starts_with("//")) {
      nextTarget = location;
    } else {
      break;  // nothing to follow: the redirect is the answer
    }
    if (toLower(nextAuthority) != toLower(from)) {
      headers.erase(toLower(spec.token.header));
      for (const auto& header : spec.defaultHeaders) headers.erase(toLower(header.name));
    }
    headers["host"] = nextAuthority;
    from = nextAuthority;
    upstream = dispatch_(call.method, nextAuthority, nextTarget, headers, "");
  }
  // Wire-level faults of the service, as Base44 would see them.
  if (upstream.delay > std::chrono::milliseconds::zero() && !faults_.pause(upstream.delay)) {
    return base44Error(503, "shutting_down", "the emulator is stopping");
  }
  if (upstream.cutAfter) {
    return jsonReply(200, {{"success", false},
                           {"phase", "sent_unconfirmed"},
                           {"status_code", nullptr},
                           {"data",
                            {{"error", "connection_closed"},
                             {"message", "the service closed the connection mid-response"}}},
                           {"data_base64", nullptr},
                           {"content_type", nullptr},
                           {"headers", json::object()},
                           {"credits_charged", 1}});
  }
  if (upstream.padding) {
    // The service's huge answer, as Base44 would relay it (capped: the point
    // is an answer over the client's limit, not exhausting the emulator).
    const std::size_t size = std::min<std::size_t>(*upstream.padding, 256u << 20);
    upstream.body = "{\"padding\":\"" + std::string(size > 15 ? size - 15 : 0, 'x') + "\"}";
    upstream.padding.reset();
  }

  json data = nullptr;
  json dataBase64 = nullptr;
  if (!upstream.body.empty() && call.method != "HEAD") {
    try {
      data = b44::parseUntrustedJson(upstream.body, "the service's answer");
    } catch (const ProtocolError&) {
      // Too deep to hand on as JSON (the route may echo a body inside its
      // own nesting): relayed like any answer that is not JSON, as text.
      data = json(json::value_t::discarded);
    }
    if (data.is_discarded()) {
      data = nullptr;
      if (isValidUtf8(upstream.body)) {
        data = upstream.body;
      } else {
        dataBase64 = b44::base64Encode(upstream.body);
      }
    }
  }
  json responseHeaders = json::object();
  for (const auto& [name, value] : upstream.headers) responseHeaders[name] = value;
  if (!upstream.contentType.empty()) responseHeaders["content-type"] = upstream.contentType;
  return jsonReply(
      200,
      {{"success", upstream.status < 400},
       {"phase", "responded"},
       {"status_code", upstream.status},
       {"data", std::move(data)},
       {"data_base64", std::move(dataBase64)},
       {"content_type", upstream.contentType.empty() ? json(nullptr) : json(upstream.contentType)},
       {"headers", std::move(responseHeaders)},
       {"credits_charged", 1}});
}

}  // namespace b44::emulator::detail
