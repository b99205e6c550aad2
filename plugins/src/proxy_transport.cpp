#include "proxy_transport.hpp"

#include <b44/base64.hpp>
#include <b44/errors.hpp>
#include <b44/json.hpp>
#include <b44/plugin/url.hpp>

#include <algorithm>
#include <sstream>

namespace b44::detail {
namespace {

// The base URL's path ("/api/v4" of "https://{host}/api/v4"), no trailing '/'.
// Placeholders in the path are filled from `config` (Base44 fills only the
// host); without a config such a path cannot be proxied.
std::string basePath(const plugin::AdapterSpec& spec, const plugin::ApiHost& host,
                     const ConnectionConfig* config) {
  std::string path;
  if (plugin::basePathIsConfigured(host)) {
    if (config == nullptr) {
      throw InvalidArgumentError("request.host",
                                 "a base URL with a placeholder in its path cannot be proxied "
                                 "without the connection's config");
    }
    path = splitUrl(plugin::resolveBaseUrl(spec, host, *config)).path();
  } else {
    const auto& tmpl = host.baseUrlTemplate;
    const auto scheme = tmpl.find("://");
    const auto slash = tmpl.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    path = slash == std::string::npos ? "" : tmpl.substr(slash);
  }
  while (!path.empty() && path.back() == '/') path.pop_back();
  return path;
}

// The literal host name of a base URL, or empty when it is filled from config.
std::string literalHost(const plugin::ApiHost& host) {
  if (host.baseUrlTemplate.find('{') != std::string::npos) return {};
  return splitUrl(host.baseUrlTemplate).host;
}

std::string hostKey(const plugin::ApiHost& host) {
  const auto literal = literalHost(host);
  return literal.empty() ? host.name : literal;
}

// "a=1&b=2&b=3" as callApi's query object (repeated keys become arrays);
// keys and values decoded once ('+' kept: RFC 3986 gives it no meaning).
nlohmann::json queryObject(std::string_view query) {
  nlohmann::json object = nlohmann::json::object();
  for (auto& [key, value] : parseQuery(query, /*plusIsSpace=*/false)) {
    auto& slot = object[key];
    if (slot.is_null()) {
      slot = std::move(value);
    } else {
      if (!slot.is_array()) slot = nlohmann::json::array({slot});
      slot.push_back(std::move(value));
    }
  }
  return object;
}

class ProxyTransport final : public HttpTransport {
 public:
  ProxyTransport(Client client, plugin::AdapterSpec spec)
      : client_(std::move(client)), spec_(std::move(spec)) {}

  HttpResponse send(const HttpRequest& request, Destination /*destination*/,
                    std::chrono::milliseconds timeout) override {
    const UrlParts url = splitUrl(request.url);
    CallApiRequest call;
    call.method = request.method;
    if (url.host != hostKey(spec_.hosts.front())) call.host = url.host;
    const std::string target = url.target;
    const auto question = target.find('?');
    call.path = target.substr(0, question);
    if (question != std::string::npos) call.query = queryObject(target.substr(question + 1));
    for (const auto& [name, value] : request.headers.entries()) call.headers[name] = value;
    call.body = body(request);

    const auto deadline = client_.options().clock->now() + timeout;
    const CallApiResponse answer =
        client_.connectors().callApi(spec_.type, call, /*retrySafe=*/false, deadline);
    switch (answer.phase) {
      case CallApiResponse::Phase::NotSent:
        notSent(answer);
      case CallApiResponse::Phase::TimedOut:
      case CallApiResponse::Phase::SentUnconfirmed:
        throw TransportError(TransportError::Kind::OutcomeUnknown, TransportError::Phase::MaybeSent,
                             "Base44 sent the request but got no answer; the outcome is unknown");
      case CallApiResponse::Phase::Responded:
        break;
    }
    return response(request, answer);
  }

 private:
  // callApi carries the body inside JSON: JSON stays JSON, text is a string,
  // and bytes that are not UTF-8 cannot travel at all.
  nlohmann::json body(const HttpRequest& request) const {
    if (request.body.empty()) return nullptr;
    const auto type = request.headers.get("Content-Type").value_or("");
    auto parsed = parseUntrustedJson(request.body, "request.body");
    nlohmann::json out = type.find("json") != std::string::npos && !parsed.is_discarded()
                             ? std::move(parsed)
                             : nlohmann::json(request.body);
    try {
      (void)out.dump();
    } catch (const nlohmann::json::type_error&) {
      throw InvalidArgumentError("request.body",
                                 "a binary body cannot travel through Base44's callApi proxy; "
                                 "use Route::Direct");
    }
    return out;
  }

  // Base44 did not send it. With a reason (unknown host, a connection config
  // its rules reject), that is Base44's refusal, not worth retrying.
  [[noreturn]] static void notSent(const CallApiResponse& answer) {
    if (answer.data.is_object() && answer.data.contains("error") &&
        answer.data["error"].is_string()) {
      const std::string message = answer.data.value("message", std::string());
      throw Base44Error(400, answer.data["error"].get<std::string>(),
                        "Base44 did not send the request to the service: " + message, answer.data);
    }
    throw TransportError(TransportError::Kind::Io, TransportError::Phase::NotSent,
                         "Base44 did not send the request to the service");
  }

  static HttpResponse response(const HttpRequest& request, const CallApiResponse& answer) {
    HttpResponse response;
    response.status = answer.statusCode.value_or(0);
    for (const auto& [name, value] : answer.headers) response.headers.add(name, value);
    if (answer.contentType) response.headers.set("Content-Type", *answer.contentType);
    response.headers.set(kProxyCreditsHeader, std::to_string(answer.creditsCharged));
    if (answer.dataBase64) {
      auto bytes = base64Decode(*answer.dataBase64);
      if (!bytes) {
        throw ProtocolError("Base44's callApi answer has a data_base64 that is not base64");
      }
      response.body = std::move(*bytes);
    } else if (answer.data.is_string()) {
      response.body = answer.data.get<std::string>();
    } else if (!answer.data.is_null()) {
      response.body = answer.data.dump();
    }
    if (request.maxResponseBytes != 0 && response.body.size() > request.maxResponseBytes) {
      throw ProtocolError("the HTTP " + std::to_string(response.status) +
                          " answer relayed by Base44 exceeds the response size limit of " +
                          std::to_string(request.maxResponseBytes) + " bytes");
    }
    if (request.bodySink && response.status >= 200 && response.status < 300) {
      request.bodySink(response.body);
      response.body.clear();
    }
    return response;
  }

  Client client_;
  plugin::AdapterSpec spec_;
};

}  // namespace

std::string proxyUrl(const plugin::AdapterSpec& spec, const plugin::ApiHost& host,
                     const std::string& target, const ConnectionConfig* config) {
  const std::string base = basePath(spec, host, config);
  if (target.starts_with("/")) return "https://" + hostKey(host) + base + target;
  // An absolute URL handed out by the service must stay on the host's base,
  // as on the direct route.
  const UrlParts next = splitUrl(target);
  const auto literal = literalHost(host);
  // A host filled from connectionConfig is unknown here (Base44 fills it);
  // the URL's host must then be one the adapter allows for it.
  const bool hostAllowed =
      literal.empty() ? std::any_of(host.allowedHosts.begin(), host.allowedHosts.end(),
                                    [&](const std::string& allowed) {
                                      // Only the path is kept: Base44 sends it to
                                      // the host its connection config names.
                                      if (allowed == plugin::kAnyConfiguredHost) return true;
                                      return allowed.starts_with(".") ? next.host.ends_with(allowed)
                                                                      : next.host == allowed;
                                    })
                      : next.host == literal;
  if (next.scheme != "https" || !next.userInfo.empty() || !hostAllowed ||
      !(next.path() == base || next.path().starts_with(base + "/"))) {
    throw InvalidArgumentError(
        "request.absoluteUrl",
        spec.type + ": a next-page URL must lie under " + host.baseUrlTemplate);
  }
  return "https://" + hostKey(host) + next.target;
}

std::shared_ptr<HttpTransport> makeProxyTransport(Client client, plugin::AdapterSpec spec) {
  return std::make_shared<ProxyTransport>(std::move(client), std::move(spec));
}

}  // namespace b44::detail
