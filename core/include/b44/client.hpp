#pragma once
// The Base44 client: a cheap, copyable handle over shared state (HTTP pipeline,
// connection cache). Build it from code, from the environment, or from the
// headers Base44 forwards to a backend function.
#include <b44/clock.hpp>
#include <b44/connectors.hpp>
#include <b44/http.hpp>
#include <b44/log.hpp>
#include <b44/pipeline.hpp>
#include <b44/secret.hpp>
#include <b44/shared_backend.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace b44 {

// Base44's production server, the default ClientOptions::serverUrl.
inline constexpr const char* kDefaultServerUrl = "https://base44.app";

// Everything a Client is built from. The constructor requires only appId.
struct ClientOptions {
  std::string serverUrl = kDefaultServerUrl;  // requests go to {serverUrl}/api
  // The Base44 app the client acts for (BASE44_APP_ID, Base44-App-Id).
  std::string appId;
  Secret serviceToken;  // required for connectors (service role)
  Secret userToken;     // optional: sent as `on-behalf-of: Bearer ...`
  // Sent on every Base44 request, e.g. Base44-State and X-Data-Env.
  Headers extraHeaders;
  std::string functionsVersion;  // Base44-Functions-Version, kept for functions calls
  // Settings of the default Poco transport (unused when httpTransport is set).
  TransportOptions transport;
  // Retries and the whole call's deadline, for Base44 and service requests.
  RetryOptions retry;
  // Client-side pacing of service calls per (integration type, connection);
  // off by default.
  RateLimitOptions rateLimit;
  // Base44 returns no expiry; a cached connection is reused this long.
  std::chrono::seconds connectionTtl{300};
  // Several processes: the connection cache and rate budgets shared through
  // Redis (off unless shared.redisUrl is set; see b44/shared_backend.hpp).
  SharedBackendOptions shared;
  std::shared_ptr<Clock> clock;                  // default: the system clock
  std::shared_ptr<HttpTransport> httpTransport;  // default: Poco, from `transport`
  LogSink log;                                   // default: silent (B44_LOG=debug: stderr)
};

// "2.5" seconds as a duration; InvalidArgumentError naming `name` unless it
// is a number in (0, 86400]. For the CLI's --timeout and B44_TIMEOUT.
std::chrono::milliseconds parseSeconds(std::string_view name, std::string_view text);

// The Base44 client; see the top of this header. Copies share one state and
// may be used from several threads.
class Client {
 public:
  // Fills the defaults (clock, transport) and checks the options:
  // InvalidArgumentError for an empty appId, a serverUrl with user info, query
  // or fragment, or plain http to a host that is not loopback (unless
  // allowInsecureHttp).
  explicit Client(ClientOptions options);

  // BASE44_APP_ID (required), BASE44_SERVICE_TOKEN, BASE44_API_URL,
  // BASE44_USER_TOKEN, B44_CONNECT_TO (loopback only, unless
  // B44_CONNECT_TO_ANY_HOST_INSECURE=1), B44_LOG, B44_REDIS_URL,
  // B44_CACHE_KEY, B44_REDIS_TIMEOUT (seconds). `base` supplies the rest.
  static Client fromEnvironment(ClientOptions base = {});

  // The rules of the official SDK's createClientFromRequest: Base44-App-Id is
  // required; Base44-Service-Authorization and Authorization must each be
  // exactly "Bearer <token>" when present; Base44-Api-Url sets the server;
  // Base44-State is propagated; X-Data-Env only when it is "dev" or "prod".
  static Client fromRequestHeaders(const Headers& requestHeaders, ClientOptions base = {});

  // The connectors module, sharing this client's state.
  [[nodiscard]] Connectors connectors() const;
  // The options in use, defaults filled (serverUrl without a trailing slash).
  [[nodiscard]] const ClientOptions& options() const;
  // What this client (every copy of it) did so far: Base44 fetches, cache
  // hits, lock waits, Redis fallbacks, rate-limit waits.
  [[nodiscard]] ClientMetrics metrics() const;

  // The client's send path (retry -> inner... -> logging -> transport), for the
  // service calls made on top of this client; `inner` is typically the
  // authentication policy of a service call.
  [[nodiscard]] HttpPipeline pipeline(std::vector<std::shared_ptr<HttpPolicy>> inner = {}) const;
  // The same over another transport (Base44's callApi proxy, for one).
  [[nodiscard]] HttpPipeline pipeline(std::vector<std::shared_ptr<HttpPolicy>> inner,
                                      std::shared_ptr<HttpTransport> transport) const;
  // A context whose deadline is now + retry.callDeadline.
  [[nodiscard]] CallContext callContext(Destination destination, bool retrySafe,
                                        std::string operation) const;

 private:
  std::shared_ptr<detail::ClientState> state_;
};

}  // namespace b44
