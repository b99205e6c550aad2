#include <b44/errors.hpp>
#include <b44/plugin/url.hpp>
#include <b44/service_client.hpp>

#include <Poco/Base64Decoder.h>

#include <exception>
#include <sstream>
#include <stdexcept>

namespace b44 {
namespace {

using plugin::ActionSpec;
using plugin::AdapterSpec;
using plugin::ApiHost;
using plugin::Pagination;
using plugin::ServiceRequest;
using plugin::ServiceResponse;

const ApiHost& declaredHost(const AdapterSpec& spec, const std::string& name) {
  const ApiHost* host = spec.findHost(name);
  if (host == nullptr) {
    throw InvalidArgumentError("request.host",
                               spec.type + " declares no host named '" + name + "'");
  }
  return *host;
}

// The template's path ("/api/v4" of "https://{host}/api/v4").
std::string templatePath(const ApiHost& host) {
  const auto& tmpl = host.baseUrlTemplate;
  const auto scheme = tmpl.find("://");
  const auto slash = tmpl.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  std::string path = slash == std::string::npos ? "" : tmpl.substr(slash);
  if (path.find('{') != std::string::npos) {
    throw InvalidArgumentError("request.host",
                               "a base URL with a placeholder in its path cannot be proxied");
  }
  while (!path.empty() && path.back() == '/') path.pop_back();
  return path;
}

// The literal host name of a template, or empty when it is filled from config.
std::string templateHostName(const ApiHost& host) {
  const auto& tmpl = host.baseUrlTemplate;
  if (tmpl.find('{') != std::string::npos) return {};
  return splitUrl(tmpl).host;
}

std::string decodeBase64(const std::string& text) {
  std::istringstream in(text);
  Poco::Base64Decoder decoder(in);
  return std::string(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
}

std::string queryValue(const std::string& url, const std::string& name) {
  const auto question = url.find('?');
  if (question == std::string::npos) return {};
  std::string_view query(url);
  query.remove_prefix(question + 1);
  query = query.substr(0, query.find('#'));
  std::size_t start = 0;
  while (start <= query.size()) {
    const auto amp = std::min(query.find('&', start), query.size());
    const auto pair = query.substr(start, amp - start);
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
      return percentDecode(pair.substr(eq + 1), /*plusIsSpace=*/true);
    }
    start = amp + 1;
  }
  return {};
}

// The URL of the Link header's rel="next" entry (RFC 8288), if any.
std::string nextLink(const std::string& header) {
  std::size_t pos = 0;
  while ((pos = header.find('<', pos)) != std::string::npos) {
    const auto close = header.find('>', pos);
    if (close == std::string::npos) break;
    const auto nextEntry = header.find('<', close);
    const auto params = header.substr(
        close + 1, nextEntry == std::string::npos ? std::string::npos : nextEntry - close - 1);
    if (params.find("rel=\"next\"") != std::string::npos ||
        params.find("rel=next") != std::string::npos) {
      return header.substr(pos + 1, close - pos - 1);
    }
    pos = close;
  }
  return {};
}

std::optional<std::string> cursorText(const nlohmann::json& value) {
  if (value.is_string() && !value.get_ref<const std::string&>().empty())
    return value.get<std::string>();
  if (value.is_number_integer()) return value.dump();
  return std::nullopt;
}

std::optional<std::string> nextCursor(const Pagination& pagination, const nlohmann::json& result,
                                      const ServiceResponse& response) {
  using Pointer = nlohmann::json::json_pointer;
  if (!pagination.hasMorePointer.empty()) {
    const Pointer hasMore(pagination.hasMorePointer);
    if (!result.contains(hasMore) || result.at(hasMore) != true) return std::nullopt;
  }
  if (pagination.style == Pagination::Style::LinkHeader) {
    const auto link = nextLink(response.headers.get("Link").value_or(""));
    if (link.empty()) return std::nullopt;
    auto value = queryValue(link, pagination.cursorArgument);
    if (value.empty()) return std::nullopt;
    return value;
  }
  const Pointer pointer(pagination.cursorPointer);
  if (!result.contains(pointer)) return std::nullopt;
  return cursorText(result.at(pointer));
}

}  // namespace

ServiceClient::ServiceClient(std::shared_ptr<const plugin::Adapter> adapter, Client client,
                             ServiceOptions options)
    : adapter_(std::move(adapter)), client_(std::move(client)), options_(std::move(options)) {
  if (!adapter_) throw InvalidArgumentError("adapter", "ServiceClient needs an adapter");
  if (!options_.source) options_.source = ConnectionSource::app(adapter_->spec().type);
}

std::string ServiceClient::resolveUrl(const ServiceRequest& request,
                                      const ConnectionConfig& config) const {
  const ApiHost& host = declaredHost(spec(), request.host);
  const std::string base = plugin::resolveBaseUrl(spec(), host, config);
  if (!request.absoluteUrl.empty()) {
    // A next-page URL handed out by the service must stay under the same base.
    if (!request.absoluteUrl.starts_with(base + "/") &&
        !request.absoluteUrl.starts_with(base + "?")) {
      throw InvalidArgumentError("request.absoluteUrl",
                                 spec().type + ": a next-page URL must lie under " + base);
    }
    return request.absoluteUrl;
  }
  if (request.path.empty() || request.path.front() != '/') {
    throw InvalidArgumentError("request.path",
                               spec().type + ": a request path must start with '/'");
  }
  std::string url = base + request.path;
  if (!request.query.empty()) url += "?" + encodeQuery(request.query);
  return url;
}

namespace {

// A failure to get the connection from Base44, carried out of the pipeline
// past the retry policy: the Base44 request has had its own retries, and the
// service request was never sent. sendDirect turns it back into a b44 error.
struct ConnectionUnavailable : std::exception {
  explicit ConnectionUnavailable(std::exception_ptr cause) : error(std::move(cause)) {}
  [[nodiscard]] const char* what() const noexcept override {
    return "could not get the connection from Base44";
  }
  std::exception_ptr error;
};

// Authentication, inside retry: every attempt takes the current connection
// from the cache and builds URL and token header from it; a 401 drops that
// connection and the request is sent once more with a fresh one. Concurrent
// callers that hit the same 401 drop it once and share one refresh (the cache
// drops an entry only while it still holds the failed token).
class ConnectionAuthPolicy final : public HttpPolicy {
 public:
  using Authorize = std::function<void(HttpRequest&, const Connection&)>;
  ConnectionAuthPolicy(Connectors connectors, ConnectionSource source, Authorize authorize)
      : connectors_(std::move(connectors)),
        source_(std::move(source)),
        authorize_(std::move(authorize)) {}

  HttpResponse send(HttpRequest& request, CallContext& context, const NextPolicy& next) override {
    Connection connection = current(context);
    HttpRequest attempt = request;
    authorize_(attempt, connection);
    HttpResponse response = next(attempt, context);
    if (response.status != 401) return response;
    // The service refused the token, so it did not act on the request:
    // re-sending after one refresh is safe for every action. A second 401 is
    // returned as it is (an error, never a loop).
    connectors_.invalidate(source_, connection.accessToken);
    connection = current(context);
    attempt = request;
    authorize_(attempt, connection);
    return next(attempt, context);
  }

 private:
  Connection current(const CallContext& context) const {
    try {
      return connectors_.cached(source_, context.deadline);
    } catch (const Base44Error&) {
      throw ConnectionUnavailable(std::current_exception());
    } catch (const TransportError&) {
      throw ConnectionUnavailable(std::current_exception());
    } catch (const ProtocolError&) {
      throw ConnectionUnavailable(std::current_exception());
    }
  }

  Connectors connectors_;
  ConnectionSource source_;
  Authorize authorize_;
};

// Safe to send twice: declared so by the action, or a GET/HEAD (no side
// effects by HTTP's definition, whatever the adapter forgot to declare).
bool retrySafe(const ActionSpec& action, const std::string& method) {
  return action.retrySafe || method == "GET" || method == "HEAD";
}

std::string scopeName(ConnectionSource::Scope scope) {
  switch (scope) {
    case ConnectionSource::Scope::App:
      return "app";
    case ConnectionSource::Scope::Workspace:
      return "workspace";
    case ConnectionSource::Scope::AppUser:
      return "app-user";
  }
  return "?";
}

// A Base44 failure while getting the connection, as the error of the action.
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

// What every request asks the service for, on either route, unless the
// adapter's own headers say otherwise (GitHub's vnd.github+json, say).
constexpr const char* kAcceptJson = "application/json";

}  // namespace

ServiceResponse ServiceClient::sendDirect(const ServiceRequest& request,
                                          const ActionSpec& action) const {
  const AdapterSpec& adapterSpec = spec();
  auto authorize = [this, &request, &adapterSpec](HttpRequest& http, const Connection& connection) {
    http.url = resolveUrl(request, connection.connectionConfig.value_or(ConnectionConfig{}));
    for (const auto& header : adapterSpec.defaultHeaders)
      http.headers.set(header.name, header.value);
    for (const auto& [name, value] : request.headers.entries()) http.headers.set(name, value);
    if (!request.contentType.empty()) http.headers.set("Content-Type", request.contentType);
    const auto& token = connection.accessToken.reveal();
    http.headers.set(adapterSpec.token.header, adapterSpec.token.scheme.empty()
                                                   ? token
                                                   : adapterSpec.token.scheme + " " + token);
  };
  auto auth =
      std::make_shared<ConnectionAuthPolicy>(client_.connectors(), *options_.source, authorize);
  HttpRequest http;
  http.method = request.method;
  http.body = request.body;
  http.headers.set("Accept", kAcceptJson);
  const std::string operation = adapterSpec.type + "." + action.name;
  auto context =
      client_.callContext(Destination::Upstream, retrySafe(action, request.method), operation);
  context.rateLimit = adapterSpec.rateLimit;
  context.rateLimitKey =
      adapterSpec.type + "|" + scopeName(options_.source->scope) + ":" + options_.source->key;
  try {
    const HttpResponse response = client_.pipeline({auth}).send(std::move(http), context);
    return ServiceResponse{response.status, response.headers, response.body};
  } catch (const ConnectionUnavailable& failure) {
    rethrowConnectionFailure(failure, operation);
  }
}

ServiceResponse ServiceClient::sendViaProxy(const ServiceRequest& request,
                                            const ActionSpec& action) const {
  const AdapterSpec& adapterSpec = spec();
  if (options_.source->scope != ConnectionSource::Scope::App) {
    throw InvalidArgumentError("route",
                               "the Base44 proxy (callApi) works with the app's connection "
                               "by integration type, not with a connector id");
  }
  const ApiHost& host = declaredHost(adapterSpec, request.host);
  CallApiRequest call;
  call.method = request.method;
  if (&host != &adapterSpec.hosts.front()) {
    const auto name = templateHostName(host);
    call.host = name.empty() ? host.name : name;
  }
  std::string pathAndQuery;
  if (!request.absoluteUrl.empty()) {
    // A next-page URL must stay on the host's base, as on the direct route.
    const UrlParts next = splitUrl(request.absoluteUrl);
    const auto literalHost = templateHostName(host);
    const auto basePath = templatePath(host);
    if (next.scheme != "https" || !next.userInfo.empty() ||
        (!literalHost.empty() && next.host != literalHost) ||
        !(next.path() == basePath || next.path().starts_with(basePath + "/"))) {
      throw InvalidArgumentError(
          "request.absoluteUrl",
          adapterSpec.type + ": a next-page URL must lie under " + host.baseUrlTemplate);
    }
    pathAndQuery = next.target;
  } else {
    pathAndQuery = templatePath(host) + request.path;
    for (const auto& [key, value] : request.query) {
      auto& slot = call.query[key];
      if (slot.is_null()) {
        slot = value;
      } else {
        if (!slot.is_array()) slot = nlohmann::json::array({slot});
        slot.push_back(value);
      }
    }
  }
  call.path = pathAndQuery.substr(0, pathAndQuery.find('?'));
  if (const auto q = pathAndQuery.find('?');
      q != std::string::npos && !request.absoluteUrl.empty()) {
    // The next-page URL's own query becomes the proxy's query object, keys and
    // values decoded ('+' kept: RFC 3986 gives it no special meaning).
    const std::string rest = pathAndQuery.substr(q + 1);
    std::size_t start = 0;
    while (start <= rest.size()) {
      const auto amp = std::min(rest.find('&', start), rest.size());
      const auto pair = rest.substr(start, amp - start);
      if (!pair.empty()) {
        const auto eq = pair.find('=');
        const auto key = percentDecode(pair.substr(0, eq));
        call.query[key] = eq == std::string::npos ? "" : percentDecode(pair.substr(eq + 1));
      }
      start = amp + 1;
    }
  }
  call.headers["Accept"] = kAcceptJson;
  for (const auto& header : adapterSpec.defaultHeaders) call.headers[header.name] = header.value;
  for (const auto& [name, value] : request.headers.entries()) call.headers[name] = value;
  if (!request.contentType.empty()) call.headers["Content-Type"] = request.contentType;
  if (!request.body.empty()) {
    auto parsed = nlohmann::json::parse(request.body, nullptr, false);
    const bool json =
        request.contentType.find("json") != std::string::npos && !parsed.is_discarded();
    call.body = json ? parsed : nlohmann::json(request.body);
    try {
      (void)call.body.dump();
    } catch (const nlohmann::json::type_error&) {
      // callApi carries the body inside JSON, which holds only UTF-8 text.
      throw InvalidArgumentError("request.body",
                                 adapterSpec.type + "." + action.name +
                                     ": a binary body cannot travel through Base44's callApi "
                                     "proxy; use Route::Direct");
    }
  }

  const CallApiResponse answer =
      client_.connectors().callApi(adapterSpec.type, call, retrySafe(action, request.method));
  const std::string operation = adapterSpec.type + "." + action.name;
  switch (answer.phase) {
    case CallApiResponse::Phase::NotSent:
      throw TransportError(TransportError::Kind::Io, TransportError::Phase::NotSent,
                           operation + ": Base44 did not send the request to the service");
    case CallApiResponse::Phase::TimedOut:
    case CallApiResponse::Phase::SentUnconfirmed:
      throw TransportError(
          TransportError::Kind::OutcomeUnknown, TransportError::Phase::MaybeSent,
          operation + ": Base44 sent the request but got no answer; the outcome is unknown");
    case CallApiResponse::Phase::Responded:
      break;
  }
  ServiceResponse response;
  response.status = answer.statusCode.value_or(0);
  for (const auto& [name, value] : answer.headers) response.headers.add(name, value);
  if (answer.contentType) response.headers.set("Content-Type", *answer.contentType);
  if (answer.dataBase64) {
    response.body = decodeBase64(*answer.dataBase64);
  } else if (answer.data.is_string()) {
    response.body = answer.data.get<std::string>();
  } else if (!answer.data.is_null()) {
    response.body = answer.data.dump();
  }
  return response;
}

Page ServiceClient::invokePage(std::string_view action, const nlohmann::json& args) const {
  const ActionSpec* declared = spec().findAction(action);
  if (declared == nullptr) {
    std::vector<std::string> names;
    for (const auto& a : spec().actions) names.push_back(a.name);
    std::string message = integrationType() + " has no action '" + std::string(action) + "'";
    if (auto guess = plugin::closestMatch(action, names); !guess.empty()) {
      message += " (did you mean '" + guess + "'?)";
    }
    throw InvalidArgumentError("action", message);
  }
  ServiceRequest request = adapter_->buildRequest(action, args);
  if (request.method.empty()) request.method = declared->method;
  const ServiceResponse response = options_.route == Route::Direct
                                       ? sendDirect(request, *declared)
                                       : sendViaProxy(request, *declared);
  Page page;
  page.result = parseAnswer(*declared, request, args, response);
  page.items = nlohmann::json::array();
  if (const auto& pagination = declared->pagination) {
    if (!pagination->itemsPointer.empty()) {
      const nlohmann::json::json_pointer pointer(pagination->itemsPointer);
      if (page.result.contains(pointer) && page.result.at(pointer).is_array()) {
        page.items = page.result.at(pointer);
      }
    }
    page.nextCursor = nextCursor(*pagination, page.result, response);
    // A service that hands back the cursor it was given would loop for ever.
    const auto sent = args.find(pagination->cursorArgument);
    if (page.nextCursor && sent != args.end() && sent->is_string() && *sent == *page.nextCursor) {
      page.nextCursor.reset();
    }
  }
  return page;
}

nlohmann::json ServiceClient::parseAnswer(const ActionSpec& action, const ServiceRequest& request,
                                          const nlohmann::json& args,
                                          const ServiceResponse& response) const {
  const std::string operation = integrationType() + "." + action.name;
  const std::string contentType = response.headers.get("Content-Type").value_or("");
  // An answer that declares JSON and carries nothing is malformed, whatever
  // the adapter would make of it (204 and HEAD answers have no body).
  if (response.body.empty() && response.status >= 200 && response.status < 300 &&
      response.status != 204 && response.status != 205 && request.method != "HEAD" &&
      contentType.find("json") != std::string::npos) {
    throw ProtocolError(operation + ": the answer (HTTP " + std::to_string(response.status) +
                        ", content type " + contentType + ") has an empty body");
  }
  try {
    return adapter_->parseResponse(action.name, args, response);
  } catch (const ProtocolError& e) {
    if (contentType.empty() || contentType.find("json") != std::string::npos) throw;
    throw ProtocolError(std::string(e.what()) + " (content type " + contentType + ")");
  }
}

nlohmann::json ServiceClient::invoke(std::string_view action, const nlohmann::json& args) const {
  return invokePage(action, args).result;
}

Pager ServiceClient::pages(std::string_view action, nlohmann::json args,
                           std::optional<std::string> resumeCursor) const {
  const ActionSpec* declared = spec().findAction(action);
  if (declared != nullptr && !declared->pagination) {
    throw InvalidArgumentError("action",
                               integrationType() + "." + std::string(action) + " is not paginated");
  }
  return Pager(*this, std::string(action), std::move(args), std::move(resumeCursor));
}

Pager::Pager(const ServiceClient& client, std::string action, nlohmann::json args,
             std::optional<std::string> startCursor)
    : client_(std::make_shared<const ServiceClient>(client)),
      action_(std::move(action)),
      args_(std::move(args)),
      cursor_(std::move(startCursor)) {}

Page Pager::nextPage() {
  if (done_) throw std::out_of_range("Pager: no more pages");
  nlohmann::json args = args_;
  const auto* declared = client_->spec().findAction(action_);
  const auto& argument = declared->pagination->cursorArgument;
  if (cursor_) args[argument] = *cursor_;
  Page page = client_->invokePage(action_, args);
  cursor_ = page.nextCursor;
  done_ = !cursor_.has_value();
  return page;
}

nlohmann::json Pager::collectItems(std::size_t maxItems) {
  nlohmann::json items = nlohmann::json::array();
  while (hasNext() && items.size() < maxItems) {
    for (auto& item : nextPage().items) {
      if (items.size() >= maxItems) break;
      items.push_back(std::move(item));
    }
  }
  return items;
}

}  // namespace b44
