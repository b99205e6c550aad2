#include "adapter_connection.hpp"

#include "download.hpp"
#include "paging.hpp"
#include "proxy_transport.hpp"

#include <b44/errors.hpp>
#include <b44/json.hpp>
#include <b44/plugin/url.hpp>

#include <exception>

namespace b44::detail {
namespace {

using plugin::ActionSpec;
using plugin::AdapterSpec;
using plugin::ApiHost;
using plugin::configuredHeaders;
using plugin::isConfiguredHeader;
using plugin::ServiceRequest;
using plugin::ServiceResponse;

// What every request asks the service for, on either route, unless the
// adapter's own headers say otherwise (GitHub's vnd.github+json, say).
constexpr const char* kAcceptJson = "application/json";

const ApiHost& declaredHost(const AdapterSpec& spec, const std::string& name) {
  const ApiHost* host = spec.findHost(name);
  if (host == nullptr) {
    std::vector<std::string> names;
    for (const auto& h : spec.hosts) names.push_back(h.name);
    std::string message = spec.type + " declares no host named '" + name + "'";
    if (auto guess = plugin::closestMatch(name, names); !guess.empty()) {
      message += " (did you mean '" + guess + "'?)";
    }
    throw InvalidArgumentError("request.host", message);
  }
  return *host;
}

bool under(const std::string& url, const std::string& base) {
  return url.starts_with(base + "/") || url.starts_with(base + "?") || url == base;
}

// The absolute URL of an assembled request's target (a path below the
// host's base URL, or an absolute URL that must lie under it), with this
// attempt's connection config. `hostName` "*": under any declared host.
std::string absoluteUrl(const AdapterSpec& spec, const std::string& hostName,
                        const std::string& target, const ConnectionConfig& config) {
  if (hostName == "*") {
    for (const auto& host : spec.hosts) {
      std::string base;
      try {
        base = plugin::resolveBaseUrl(spec, host, config);
      } catch (const InvalidArgumentError&) {
        continue;  // a host this connection's config cannot fill
      }
      if (under(target, base)) return target;
    }
    throw InvalidArgumentError("request.path", spec.type +
                                                   ": the URL lies under none of the "
                                                   "adapter's declared hosts");
  }
  const ApiHost& host = declaredHost(spec, hostName);
  const std::string base = plugin::resolveBaseUrl(spec, host, config);
  if (target.starts_with("/")) return base + target;
  if (!under(target, base)) {
    throw InvalidArgumentError("request.absoluteUrl",
                               spec.type + ": a next-page URL must lie under " + base);
  }
  return target;
}

}  // namespace

bool isRedirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

std::optional<std::string> redirectTarget(const std::string& requestUrl,
                                          const HttpResponse& response) {
  const auto location = response.headers.get("Location");
  if (!location || location->empty()) return std::nullopt;
  if (location->find("://") != std::string::npos) return *location;
  if (location->starts_with("/") && !location->starts_with("//") &&
      requestUrl.find("://") != std::string::npos) {
    const UrlParts from = splitUrl(requestUrl);
    return from.scheme + "://" + from.authority() + *location;
  }
  return std::nullopt;
}

namespace {

// A failure to get the connection from Base44, carried out of the pipeline
// past the retry policy: the Base44 request has had its own retries, and the
// service request was never sent. send() turns it back into a b44 error.
struct ConnectionUnavailable : std::exception {
  explicit ConnectionUnavailable(std::exception_ptr cause) : error(std::move(cause)) {}
  [[nodiscard]] const char* what() const noexcept override {
    return "could not get the connection from Base44";
  }
  std::exception_ptr error;
};

// The connection of `source` from the cache, checked to be one of `type`; a
// Base44 failure is carried out as ConnectionUnavailable.
Connection cachedConnection(const Connectors& connectors, const ConnectionSource& source,
                            const std::string& type, const CallContext& context) {
  Connection connection;
  try {
    connection = connectors.cached(source, context.deadline);
  } catch (const Base44Error&) {
    throw ConnectionUnavailable(std::current_exception());
  } catch (const TransportError&) {
    throw ConnectionUnavailable(std::current_exception());
  } catch (const ProtocolError&) {
    throw ConnectionUnavailable(std::current_exception());
  }
  if (!connection.integrationType.empty() && connection.integrationType != type) {
    // A token for another service must never reach this one.
    if (source.scope == ConnectionSource::Scope::App) {
      throw ProtocolError(context.operation +
                          ": not sent, Base44 answered with a connection for '" +
                          inertText(connection.integrationType, 100) + "', not '" + type + "'");
    }
    throw InvalidArgumentError("source", context.operation + ": connector " + source.key +
                                             " is a '" +
                                             inertText(connection.integrationType, 100) +
                                             "' connection, not '" + type + "'");
  }
  return connection;
}

// `use` applied to the connection's config: the config came from Base44, not
// from the caller, so bad data there is Base44's answer being unusable, not
// invalid input.
template <class Use>
auto withBase44Config(const CallContext& context, Use&& use) {
  try {
    return use();
  } catch (const InvalidArgumentError& e) {
    if (!e.field().starts_with("connectionConfig")) throw;
    throw ProtocolError(context.operation +
                        ": not sent, the connection config Base44 holds is unusable: " + e.what());
  }
}

// Direct route, inside retry: every attempt takes the current connection
// from the cache, makes the URL absolute with its config and presents its
// token; a 401 drops that connection and the request is sent once more with
// a fresh one. Concurrent callers that hit the same 401 share one refresh
// (the cache drops an entry only while it still holds the failed token).
class ConnectionAuthPolicy final : public HttpPolicy {
 public:
  ConnectionAuthPolicy(std::shared_ptr<const plugin::Adapter> adapter, Connectors connectors,
                       ConnectionSource source)
      : adapter_(std::move(adapter)),
        connectors_(std::move(connectors)),
        source_(std::move(source)) {}

  HttpResponse send(HttpRequest& request, CallContext& context, const NextPolicy& next) override {
    Connection connection = current(context);
    HttpRequest attempt = authorized(request, context, connection);
    HttpResponse response = next(attempt, context);
    if (response.status == 401) {
      // The service refused the token, so it did not act on the request:
      // re-sending after one refresh is safe for every request. A second 401
      // is returned as it is (an error, never a loop).
      connectors_.invalidate(source_, connection.accessToken);
      connection = current(context);
      attempt = authorized(request, context, connection);
      response = next(attempt, context);
    }
    if (const auto target = followableRedirect(attempt, response, connection)) {
      attempt.url = *target;  // a declared host: the token belongs there too
      response = next(attempt, context);
    } else if (const auto link = foreignRedirect(attempt, response, context)) {
      // A pre-signed link elsewhere: it needs no credentials, and gets none.
      // Its query is its signature (a bearer credential for the file): never
      // in a log line or an error.
      if (const auto query = link->find('?'); query != std::string::npos) {
        context.requestSecrets.emplace_back(link->substr(query + 1));
      }
      HttpRequest plain;
      plain.method = "GET";
      plain.url = *link;
      plain.headers.set("Accept", "*/*");
      plain.maxResponseBytes = attempt.maxResponseBytes;
      plain.bodySink = attempt.bodySink;
      response = next(plain, context);
    }
    return response;
  }

 private:
  HttpRequest authorized(const HttpRequest& request, CallContext& context,
                         const Connection& connection) const {
    const AdapterSpec& spec = adapter_->spec();
    HttpRequest attempt = request;
    withBase44Config(context, [&] {
      const auto config = connection.connectionConfig.value_or(ConnectionConfig{});
      attempt.url = absoluteUrl(spec, context.upstreamHost, request.url, config);
      for (const auto& header : configuredHeaders(spec, config)) {
        // A caller's own value (a raw request's header) wins, as for the
        // constant headers.
        if (!request.headers.get(header.name)) attempt.headers.set(header.name, header.value);
      }
    });
    const auto& token = connection.accessToken.reveal();
    attempt.headers.set(spec.token.header,
                        spec.token.scheme.empty() ? token : spec.token.scheme + " " + token);
    context.presentedTokens.push_back(connection.accessToken);
    return attempt;
  }

  // A redirect this policy follows: once, for GET and HEAD, to a URL under
  // one of the adapter's declared hosts (where its token belongs). Anything
  // else is returned as it is, and the service layer explains it.
  std::optional<std::string> followableRedirect(const HttpRequest& attempt,
                                                const HttpResponse& response,
                                                const Connection& connection) const {
    if (!isRedirect(response.status)) return std::nullopt;
    if (attempt.method != "GET" && attempt.method != "HEAD") return std::nullopt;
    const auto target = redirectTarget(attempt.url, response);
    if (!target) return std::nullopt;
    try {
      return absoluteUrl(adapter_->spec(), "*", *target,
                         connection.connectionConfig.value_or(ConnectionConfig{}));
    } catch (const InvalidArgumentError&) {
      return std::nullopt;
    }
  }

  // A download's GET redirected off the declared hosts, to a link such as
  // services hand out: https and a DNS name. Not an address, "localhost" or
  // plain http, so a hostile Location cannot aim the GET inside the network.
  static std::optional<std::string> foreignRedirect(const HttpRequest& attempt,
                                                    const HttpResponse& response,
                                                    const CallContext& context) {
    if (!context.followForeignRedirect || attempt.method != "GET") return std::nullopt;
    if (!isRedirect(response.status)) return std::nullopt;
    auto target = redirectTarget(attempt.url, response);
    if (!target) return std::nullopt;
    try {
      const UrlParts url = splitUrl(*target);
      const bool address = url.host.find(':') != std::string::npos ||
                           url.host.find_first_not_of("0123456789.") == std::string::npos;
      if (url.scheme != "https" || address || isLoopbackHost(url.host) || !url.userInfo.empty()) {
        return std::nullopt;
      }
    } catch (const InvalidArgumentError&) {
      return std::nullopt;
    }
    return target;
  }

  Connection current(const CallContext& context) const {
    return cachedConnection(connectors_, source_, adapter_->spec().type, context);
  }

  std::shared_ptr<const plugin::Adapter> adapter_;
  Connectors connectors_;
  ConnectionSource source_;
};

// The credits the proxy transport reports on an answer, added to the call's
// sum (every attempt that Base44 answered is charged).
HttpResponse withCredits(HttpResponse response, CallContext& context) {
  if (const auto credits = response.headers.get(kProxyCreditsHeader)) {
    try {
      context.creditsCharged += std::stod(*credits);
    } catch (const std::exception&) {
      // written by our own transport from a number: cannot happen
    }
    response.headers.remove(kProxyCreditsHeader);
  }
  return response;
}

// Proxy route, inside retry: the URL becomes the proxy transport's form; the
// token stays with Base44. A base URL with placeholders in its path
// (QuickBooks' realm) needs the connection's config, which Base44 does not
// fill: the connection is then had from the cache, as on the direct route (a
// metered connector, whose connection Base44 does not hand out, cannot).
class ProxyAddressPolicy final : public HttpPolicy {
 public:
  ProxyAddressPolicy(std::shared_ptr<const plugin::Adapter> adapter, Connectors connectors,
                     ConnectionSource source)
      : adapter_(std::move(adapter)),
        connectors_(std::move(connectors)),
        source_(std::move(source)) {}

  HttpResponse send(HttpRequest& request, CallContext& context, const NextPolicy& next) override {
    if (source_.scope != ConnectionSource::Scope::App) {
      throw InvalidArgumentError("route",
                                 "the Base44 proxy (callApi) works with the app's connection "
                                 "by integration type, not with a connector id");
    }
    const AdapterSpec& spec = adapter_->spec();
    HttpRequest attempt = request;
    if (context.upstreamHost == "*") {
      for (const auto& host : spec.hosts) {
        try {
          attempt.url = addressed(host, request.url, context);
          return withCredits(next(attempt, context), context);
        } catch (const InvalidArgumentError& e) {
          if (e.field() != "request.absoluteUrl") throw;
        }
      }
      throw InvalidArgumentError("request.path", spec.type +
                                                     ": the URL lies under none of the "
                                                     "adapter's declared hosts");
    }
    attempt.url = addressed(declaredHost(spec, context.upstreamHost), request.url, context);
    return withCredits(next(attempt, context), context);
  }

 private:
  std::string addressed(const ApiHost& host, const std::string& target,
                        const CallContext& context) const {
    const AdapterSpec& spec = adapter_->spec();
    if (!plugin::basePathIsConfigured(host)) return proxyUrl(spec, host, target);
    const auto config = cachedConnection(connectors_, source_, spec.type, context)
                            .connectionConfig.value_or(ConnectionConfig{});
    return withBase44Config(context, [&] { return proxyUrl(spec, host, target, &config); });
  }

  std::shared_ptr<const plugin::Adapter> adapter_;
  Connectors connectors_;
  ConnectionSource source_;
};

// Safe to send twice: declared so by the action, or a GET/HEAD (no side
// effects by HTTP's definition, whatever the adapter forgot to declare).
bool actionRetrySafe(const ActionSpec& action, const std::string& method) {
  return action.retrySafe || method == "GET" || method == "HEAD";
}

// Raw requests follow HTTP: the idempotent methods may be sent twice.
bool methodRetrySafe(const std::string& method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS" || method == "PUT" ||
         method == "DELETE";
}

// A Base44 failure while getting the connection, as the error of the call.
[[noreturn]] void rethrowConnectionFailure(const ConnectionUnavailable& failure,
                                           const std::string& operation) {
  try {
    std::rethrow_exception(failure.error);
  } catch (const TransportError& e) {
    throw TransportError(
        e.kind(), TransportError::Phase::NotSent,
        operation + ": not sent, the connection could not be had from Base44: " + e.what());
  } catch (const ProtocolError& e) {
    throw ProtocolError(operation +
                        ": not sent, Base44's answer for the connection is unusable: " + e.what());
  }
  // Base44Error (and anything else) as it is: it carries Base44's own status
  // and code.
}

HttpPipeline buildPipeline(const std::shared_ptr<const plugin::Adapter>& adapter,
                           const Client& client, const ServiceOptions& options,
                           const ConnectionSource& source) {
  if (options.route == Route::Base44Proxy) {
    return client.pipeline(
        {std::make_shared<ProxyAddressPolicy>(adapter, client.connectors(), source)},
        makeProxyTransport(client, adapter->spec()));
  }
  return client.pipeline(
      {std::make_shared<ConnectionAuthPolicy>(adapter, client.connectors(), source)});
}

bool isJsonType(const std::string& contentType) {
  return contentType.find("json") != std::string::npos;
}

bool hasControl(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f || c == ' ' || c == '#' || c == '\\') return true;
  }
  return false;
}

}  // namespace

const plugin::ActionSpec& knownAction(const plugin::AdapterSpec& spec, std::string_view action) {
  if (const auto* declared = spec.findAction(action)) return *declared;
  std::vector<std::string> names;
  for (const auto& a : spec.actions) names.push_back(a.name);
  std::string message = spec.type + " has no action '" + std::string(action) + "'";
  if (auto guess = plugin::closestMatch(action, names); !guess.empty()) {
    message += " (did you mean '" + guess + "'?)";
  }
  throw InvalidArgumentError("action", message);
}

bool checkRawPath(const std::string& type, const std::string& path, bool allowAbsoluteUrl) {
  auto refuse = [&](const std::string& why) -> bool {
    throw InvalidArgumentError("request.path", type + ": " + why);
  };
  if (path.empty()) return refuse("the path is empty");
  std::string pathPart;
  bool absolute = false;
  if (path.front() != '/') {
    if (path.find("://") == std::string::npos) {
      return refuse("a path must start with '/'");
    }
    if (!allowAbsoluteUrl) {
      return refuse("a full URL is accepted only with RequestOptions::allowAbsoluteUrl");
    }
    const UrlParts url = splitUrl(path);
    if (!url.userInfo.empty() || !url.fragment.empty() || path.find('#') != std::string::npos) {
      return refuse("a URL with user info or a fragment is refused");
    }
    pathPart = url.path();
    absolute = true;
  } else {
    if (path.starts_with("//")) return refuse("a path must not name an authority ('//')");
    pathPart = path.substr(0, path.find('?'));
  }
  if (hasControl(path)) {
    return refuse("the path has a space, control character, '#' or '\\'");
  }
  std::size_t start = 0;
  while (start <= pathPart.size()) {
    const auto slash = std::min(pathPart.find('/', start), pathPart.size());
    const std::string segment = percentDecode(pathPart.substr(start, slash - start));
    if (segment == "." || segment == "..") return refuse("'.' and '..' segments are refused");
    start = slash + 1;
  }
  return absolute;
}

AdapterConnection::AdapterConnection(std::shared_ptr<const plugin::Adapter> adapter, Client client,
                                     const ServiceOptions& options)
    : adapter_(std::move(adapter)),
      client_(std::move(client)),
      source_(options.source.value_or(ConnectionSource::app(adapter_->spec().type))),
      rateLimitKey_(adapter_->spec().type + "|" + std::string(source_.scopeName()) + ":" +
                    source_.key),
      pipeline_(buildPipeline(adapter_, client_, options, source_)) {}

namespace {

std::vector<std::string_view> toViews(const std::vector<std::string>& secrets) {
  return {secrets.begin(), secrets.end()};
}

// A redirect the send path did not follow, named by where it points.
[[noreturn]] void redirectNotFollowed(const std::string& type, const AdapterConnection::Call& call,
                                      const ServiceResponse& response) {
  const auto location = response.headers.get("Location").value_or("");
  std::string where = "a Location it does not give";
  if (location.find("://") != std::string::npos) {
    try {
      where = splitUrl(location).host;
    } catch (const InvalidArgumentError&) {
      where = "an unusable Location";
    }
  } else if (!location.empty()) {
    where = "a relative Location";
  }
  throw ServiceError(type, call.action, response.status, "redirect",
                     "the service redirects to " + inertText(where, 200) +
                         "; not followed: only a GET or HEAD follows a redirect, once, and only "
                         "to the adapter's declared hosts (where its token belongs)");
}

}  // namespace

AdapterConnection::Answer AdapterConnection::send(const Call& call) const {
  const AdapterSpec& spec = adapter_->spec();
  const ServiceRequest& request = call.request;
  (void)declaredHost(spec, request.host);  // an unknown host is refused before anything
  // Assembled once; the address step adds base URL and token per attempt.
  HttpRequest http;
  http.method = request.method;
  http.body = request.body;
  http.headers.set("Accept", call.download ? "*/*" : kAcceptJson);
  for (const auto& header : spec.defaultHeaders) {
    // Those filled from connectionConfig are set per attempt (authorized).
    if (!isConfiguredHeader(header)) http.headers.set(header.name, header.value);
  }
  for (const auto& [name, value] : request.headers.entries()) http.headers.set(name, value);
  if (!request.contentType.empty()) http.headers.set("Content-Type", request.contentType);
  if (!request.absoluteUrl.empty()) {
    http.url = request.absoluteUrl;
  } else {
    if (request.path.empty() || request.path.front() != '/') {
      throw InvalidArgumentError("request.path",
                                 spec.type + ": a request path must start with '/'");
    }
    http.url = request.path;
    if (!request.query.empty()) {
      http.url +=
          (request.path.find('?') == std::string::npos ? "?" : "&") + encodeQuery(request.query);
    }
  }
  http.maxResponseBytes = call.maxResponseBytes;

  auto context = client_.callContext(Destination::Upstream, call.retrySafe, call.operation);
  context.rateLimit = spec.rateLimit;
  context.rateLimitKey = rateLimitKey_;
  context.upstreamHost = call.anyHost ? "*" : request.host;
  context.followForeignRedirect = call.download;
  if (call.sink) {
    // Bytes handed to the caller's sink cannot be taken back: from the first
    // one on, the call is not retried.
    http.bodySink = [&context, sink = call.sink](std::string_view chunk) {
      context.bodyDelivered = true;
      sink(chunk);
    };
  }
  // The secrets the request carries in its path or query (declared secret
  // parameters, e.g. a webhook token): never in a log line.
  const auto carried = spec.secretValues(
      request.host, request.absoluteUrl.empty() ? request.path : "", request.query);
  for (const auto& value : carried) context.requestSecrets.emplace_back(value);
  // The tokens this call held, and those secrets: scrubbed from any error
  // that leaves it.
  const auto heldSecrets = [&] {
    auto secrets = clientSecrets();
    for (const auto& token : context.presentedTokens) secrets.push_back(token.reveal());
    for (const auto& secret : context.requestSecrets) secrets.push_back(secret.reveal());
    return secrets;
  };
  Answer answer;
  try {
    try {
      HttpResponse response = pipeline_.send(std::move(http), context);
      answer.response =
          ServiceResponse{response.status, std::move(response.headers), std::move(response.body),
                          client_.options().transport.maxJsonDepth};
    } catch (const ConnectionUnavailable& failure) {
      rethrowConnectionFailure(failure, call.operation);
    }
  } catch (Error& e) {
    e.redact(toViews(heldSecrets()));
    throw;
  }
  answer.secrets = heldSecrets();
  answer.rateLimitRefusal = context.rateLimitRefusal;
  answer.creditsCharged = context.creditsCharged;
  return answer;
}

std::vector<std::string> AdapterConnection::clientSecrets() const {
  const auto& options = client_.options();
  return {options.serviceToken.reveal(), options.userToken.reveal()};
}

template <class Check>
auto AdapterConnection::checked(const Call& call, const Answer& answer, Check&& check) const {
  const auto& response = answer.response;
  try {
    if (isRedirect(response.status) && !call.returnErrorAnswers) {
      redirectNotFollowed(adapter_->spec().type, call, response);
    }
    return check();
  } catch (ServiceError& e) {
    const auto& refusal = answer.rateLimitRefusal;
    if (!refusal.refused || dynamic_cast<const RateLimitError*>(&e) != nullptr) {
      e.redact(toViews(answer.secrets));
      throw;
    }
    const bool saidHowLong = refusal.retryAfter && refusal.retryAfter->count() > 0;
    const std::string why = saidHowLong
                                ? "the service asks to retry after " +
                                      humanDuration(*refusal.retryAfter) + ", " + refusal.why
                                : "refused for the service's rate limit: " + refusal.why;
    RateLimitError error(e.integrationType(), e.action(), e.status(), e.code(), e.detail(),
                         e.body(), refusal.retryAfter, why);
    error.redact(toViews(answer.secrets));
    throw error;
  } catch (Error& e) {
    e.redact(toViews(answer.secrets));
    throw;
  }
}

AdapterConnection::Call AdapterConnection::actionCall(const ActionSpec& declared,
                                                      const nlohmann::json& args) const {
  Call call;
  call.request = adapter_->buildRequest(declared.name, args);
  if (call.request.method.empty()) call.request.method = declared.method;
  call.action = declared.name;
  call.operation = adapter_->spec().type + "." + declared.name;
  call.retrySafe = actionRetrySafe(declared, call.request.method);
  call.download = declared.download;
  return call;
}

Download AdapterConnection::download(std::string_view action, const nlohmann::json& args,
                                     const DownloadOptions& options) const {
  Call call = actionCall(downloadAction(adapter_->spec(), action), args);
  Download out;
  call.maxResponseBytes = options.maxBytes != 0 ? options.maxBytes
                          : options.sink        ? kDefaultMaxDownloadBytes
                                                : 0;
  if (options.sink) {
    call.sink = [&out, &options](std::string_view chunk) {
      out.size += chunk.size();
      options.sink(chunk);
    };
  }
  Answer answer = send(call);
  const ServiceResponse& response = answer.response;
  if (response.status < 200 || response.status >= 300 || response.status == 202) {
    // The adapter's error rules name the failure (and 202 is no file yet); a
    // redirect not followed is explained by checked().
    checked(call, answer, [&] { (void)adapter_->parseResponse(action, args, response); });
    throw ServiceError(adapter_->spec().type, call.action, response.status, "",
                       "the download answered HTTP " + std::to_string(response.status));
  }
  out.status = response.status;
  out.headers = response.headers;
  out.contentType = response.headers.get("Content-Type").value_or("");
  out.fileName = contentDispositionFileName(response.headers);
  if (!options.sink) {
    out.bytes = std::move(answer.response.body);
    out.size = out.bytes.size();
  }
  out.creditsCharged = answer.creditsCharged;
  return out;
}

Page AdapterConnection::invokePage(std::string_view action, const nlohmann::json& args) const {
  const ActionSpec* declared = &knownAction(adapter_->spec(), action);
  const Call call = actionCall(*declared, args);
  const Answer answer = send(call);
  const ServiceResponse& response = answer.response;

  const std::string contentType = response.headers.get("Content-Type").value_or("");
  // An answer that declares JSON and carries nothing is malformed, whatever
  // the adapter would make of it (204 and HEAD answers have no body). An
  // empty body without a content type is the adapter's to judge
  // (BasicAdapter refuses it unless the action reads its answer itself).
  if (response.body.empty() && response.status >= 200 && response.status < 300 &&
      response.status != 204 && response.status != 205 && call.request.method != "HEAD" &&
      isJsonType(contentType) && !declared->download && !declared->resultEmpty) {
    throw ProtocolError(call.operation + ": the answer (HTTP " + std::to_string(response.status) +
                        ", content type " + contentType + ") has an empty body");
  }
  Page page;
  page.creditsCharged = answer.creditsCharged;
  page.result = checked(call, answer, [&] {
    try {
      return adapter_->parseResponse(action, args, response);
    } catch (const ProtocolError& e) {
      if (contentType.empty() || isJsonType(contentType)) throw;
      throw ProtocolError(std::string(e.what()) + " (content type " + contentType + ")");
    }
  });
  page.items = nlohmann::json::array();
  if (const auto& pagination = declared->pagination) {
    page.nextCursor = nextCursor(*pagination, page.result, response.headers);
    if (!pagination->itemsPointer.empty()) {
      const nlohmann::json::json_pointer pointer(pagination->itemsPointer);
      if (page.result.contains(pointer) && page.result.at(pointer).is_array()) {
        page.items = page.result.at(pointer);
      }
    }
  }
  return page;
}

RawResponse AdapterConnection::request(const RawRequest& raw, const RequestOptions& options) const {
  const AdapterSpec& spec = adapter_->spec();
  Call call;
  call.action = "request";
  call.operation = spec.type + ".request";
  call.returnErrorAnswers = options.returnErrorAnswers;
  const bool absolute = checkRawPath(spec.type, raw.path, options.allowAbsoluteUrl);
  if (raw.method.empty()) {
    throw InvalidArgumentError("request.method", spec.type + ": a method is required");
  }
  for (const char c : raw.method) {
    if (!(c >= 'A' && c <= 'Z')) {
      throw InvalidArgumentError(
          "request.method", spec.type + ": a method is upper-case letters only (GET, POST...)");
    }
  }
  ServiceRequest& request = call.request;
  request.method = raw.method;
  request.host = raw.host;
  if (absolute) {
    if (!raw.query.empty()) {
      throw InvalidArgumentError("request.query", spec.type + ": a full URL carries its own query");
    }
    request.absoluteUrl = raw.path;
    call.anyHost = raw.host.empty();
  } else {
    request.path = raw.path;
    request.query = raw.query;
  }
  request.headers = raw.headers;
  request.body = raw.body;
  request.contentType = raw.contentType;
  call.retrySafe = options.retrySafe.value_or(methodRetrySafe(raw.method));
  call.maxResponseBytes = options.maxResponseBytes != 0 ? options.maxResponseBytes
                          : options.sink                ? kDefaultMaxDownloadBytes
                                                        : 0;
  RawResponse out;
  if (options.sink) {
    call.sink = [&out, &options](std::string_view chunk) {
      out.bodyBytes += chunk.size();
      options.sink(chunk);
    };
  }
  const Answer answer = send(call);
  const ServiceResponse& response = answer.response;
  checked(call, answer, [&] {
    if (!options.returnErrorAnswers) adapter_->checkRawResponse(response);
    if (!response.body.empty() && isJsonType(response.headers.get("Content-Type").value_or(""))) {
      out.json = parseUntrustedJson(response.body, call.operation, response.maxJsonDepth);
    }
  });
  out.status = response.status;
  out.headers = response.headers;
  out.body = response.body;
  out.creditsCharged = answer.creditsCharged;
  if (!options.sink || out.body.size() > 0) out.bodyBytes = out.body.size();
  if (!out.body.empty() && isJsonType(out.contentType())) {
    if (out.json.is_discarded()) {
      out.json = nullptr;
      if (out.ok()) {
        throw ProtocolError(call.operation + ": the answer (HTTP " + std::to_string(out.status) +
                            ", " + std::to_string(out.body.size()) +
                            " bytes) declares JSON but is not valid JSON");
      }
    }
  }
  return out;
}

}  // namespace b44::detail
