#pragma once
// HTTP value types and the transport seam. A transport sends one request and
// returns whatever status came back: a 4xx/5xx is a successful send that the
// caller interprets; only the absence of an answer is a TransportError.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace b44 {

// An ordered, case-insensitive header list (names keep their spelling).
class Headers {
 public:
  // One header: name and value.
  using Entry = std::pair<std::string, std::string>;
  // No headers.
  Headers() = default;
  // The entries in order, each checked as add() does.
  Headers(std::initializer_list<Entry> entries);

  // Replaces every header of that name. Throws InvalidArgumentError when the
  // name or value would break the HTTP framing (CR, LF, NUL, bad name).
  void set(std::string name, std::string value);
  // Appends a header, keeping any of the same name (checked as set() does).
  void add(std::string name, std::string value);
  // Removes every header of that name (any case).
  void remove(std::string_view name);
  // The first value of that name (any case), if there is one.
  [[nodiscard]] std::optional<std::string> get(std::string_view name) const;
  // True if a header of that name (any case) is present.
  [[nodiscard]] bool contains(std::string_view name) const { return get(name).has_value(); }
  // Every header, in the order added.
  [[nodiscard]] const std::vector<Entry>& entries() const { return entries_; }
  // True when there are no headers.
  [[nodiscard]] bool empty() const { return entries_.empty(); }

 private:
  std::vector<Entry> entries_;
};

// True when `a` and `b` are equal up to ASCII case (header names).
bool equalsIgnoreCase(std::string_view a, std::string_view b);

// True for header names whose values are credentials and must never be logged.
bool isCredentialHeader(std::string_view name);

// One HTTP request, as the send path and a transport see it.
struct HttpRequest {
  // The HTTP method, upper case.
  std::string method = "GET";
  std::string url;  // absolute: scheme://host[:port]/path?query
  // The request headers (the send path adds credentials to these).
  Headers headers;
  // The request body, sent as it is; empty for none.
  std::string body;
  // A 2xx answer's body is handed here in chunks instead of being kept in
  // HttpResponse::body (downloads larger than memory).
  std::function<void(std::string_view chunk)> bodySink;
  // The largest body accepted; 0 = the transport's maxResponseBytes.
  std::size_t maxResponseBytes = 0;
};

// One HTTP answer, whatever its status.
struct HttpResponse {
  // The HTTP status code.
  int status = 0;
  // The reason phrase of the status line, e.g. "Not Found".
  std::string reason;
  // The answer headers, in the order received.
  Headers headers;
  // The whole body (empty when HttpRequest::bodySink took a 2xx body).
  std::string body;
};

// Which side a request is for. Upstream (service) requests are the ones that
// `connectTo` redirects; Base44 requests always go where the server URL says.
enum class Destination { Base44, Upstream };

// Settings of the Poco transport (makePocoTransport).
struct TransportOptions {
  // The longest wait for a connection (and TLS handshake) to open.
  std::chrono::milliseconds connectTimeout{10'000};
  // The longest any one read or write may block once connected; the call's
  // deadline still bounds the whole exchange.
  std::chrono::milliseconds readTimeout{30'000};
  std::size_t maxResponseBytes = 32u << 20;  // larger bodies are a ProtocolError
  // Deeper JSON in any answer (a service's, Base44's) is a ProtocolError
  // (b44/json.hpp); nothing parses or walks an answer before this check.
  std::size_t maxJsonDepth = 256;
  // Like curl's --connect-to: send every upstream request over plain HTTP to
  // this origin ("http://127.0.0.1:PORT"), keeping Host, path and query.
  // Environment: B44_CONNECT_TO. Only a loopback origin is accepted: the
  // requests carry tokens over plain HTTP.
  std::string connectTo;
  // Accept any host in connectTo (tokens then cross the network in clear).
  // Environment: B44_CONNECT_TO_ANY_HOST_INSECURE=1.
  bool connectToAnyHostInsecure = false;
  // Plain http:// is refused for non-loopback hosts unless this is set.
  bool allowInsecureHttp = false;
  // TLS peer verification against the system CA store. Turning it off is for
  // debugging only and is never the default.
  bool verifyTls = true;
  std::string caFile;  // extra CA bundle (PEM); empty = system store only
};

// The transport seam: sends one request (see the top of this header).
class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // `timeout` is what is left of the call: it bounds the whole exchange
  // (connect, send, headers, body), however slowly the peer sends.
  virtual HttpResponse send(const HttpRequest& request, Destination destination,
                            std::chrono::milliseconds timeout) = 0;
};

// The Poco transport: keep-alive sessions pooled per origin, TLS verified.
std::shared_ptr<HttpTransport> makePocoTransport(TransportOptions options);

// An absolute http(s) URL split into parts, nothing decoded (so "%2F" in a path
// segment stays one segment).
struct UrlParts {
  std::string scheme;      // lowercase "http" or "https"
  std::string userInfo;    // whatever preceded '@' in the authority (should be empty)
  std::string host;        // lowercase; IPv6 without brackets
  std::uint16_t port = 0;  // explicit, or 80/443 by scheme
  // True when the URL spelled out its port.
  bool explicitPort = false;
  std::string target;  // path and query, raw; "/" when empty
  // What followed '#', raw; empty if none (never sent).
  std::string fragment;
  // "host" or "host:port" as sent in a Host header.
  [[nodiscard]] std::string authority() const;
  [[nodiscard]] std::string path() const;  // target without the query
};

// Throws InvalidArgumentError (field "url") for anything that is not an
// absolute http or https URL with a host.
UrlParts splitUrl(std::string_view url);

// True for "localhost", "::1" and 127.0.0.0/8 literals (a lowercase host, as
// UrlParts::host).
bool isLoopbackHost(std::string_view host);

// Percent-encodes one path segment or query component (RFC 3986 unreserved
// characters are kept, everything else is encoded, '/' included).
std::string percentEncode(std::string_view text);

// Decodes %XX escapes (invalid ones are kept as they are); with plusIsSpace,
// '+' becomes ' ' as in form-encoded query strings.
std::string percentDecode(std::string_view text, bool plusIsSpace = false);

// "a=1&b=two%20words" from ordered pairs.
std::string encodeQuery(const std::vector<std::pair<std::string, std::string>>& query);

// The ordered, decoded pairs of a query string (without '?'): "a=1&b&c=x%2By"
// -> {a,1}, {b,""}, {c,"x+y"}. Empty pairs are skipped, malformed escapes kept;
// with plusIsSpace, '+' is ' ' (form encoding; RFC 3986 gives '+' no meaning).
std::vector<std::pair<std::string, std::string>> parseQuery(std::string_view query,
                                                            bool plusIsSpace);

}  // namespace b44
