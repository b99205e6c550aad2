#include <b44/client.hpp>
#include <b44/errors.hpp>

#include "client_state.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>

namespace b44 {
namespace {

ClientOptions completed(ClientOptions options) {
  if (!options.clock) options.clock = systemClock();
  if (!options.httpTransport) options.httpTransport = makePocoTransport(options.transport);
  while (!options.serverUrl.empty() && options.serverUrl.back() == '/')
    options.serverUrl.pop_back();
  const UrlParts server = splitUrl(options.serverUrl);
  // Requests go to {serverUrl}/api/...: a query or fragment would be glued
  // onto every path, and user info would travel in clear.
  if (!server.userInfo.empty() || !server.fragment.empty() ||
      server.target.find('?') != std::string::npos ||
      options.serverUrl.find('#') != std::string::npos) {
    throw InvalidArgumentError("serverUrl",
                               "must be a plain origin and path (no user info, query or fragment)");
  }
  if (server.scheme == "http" && !isLoopbackHost(server.host) &&
      !options.transport.allowInsecureHttp) {
    throw InvalidArgumentError("serverUrl", "plain http:// is refused for " + server.host +
                                                "; use https or allowInsecureHttp");
  }
  if (options.appId.empty()) throw InvalidArgumentError("appId", "is required");
  if (!options.shared.redisUrl.empty()) {
    if (options.shared.timeout <= std::chrono::milliseconds::zero() ||
        options.shared.lockTtl <= std::chrono::milliseconds::zero() ||
        options.shared.retryInterval < std::chrono::milliseconds::zero()) {
      throw InvalidArgumentError("shared",
                                 "timeout and lockTtl must be positive, retryInterval "
                                 "not negative");
    }
  }
  return options;
}

constexpr const char* kRedisUrlName = "shared.redisUrl (B44_REDIS_URL)";
constexpr const char* kCacheKeyName = "shared.cacheKey (B44_CACHE_KEY)";

// The part of every Redis key that keeps apart what must not be shared:
// another cache key, another app, other credentials (an app user's
// connections are theirs alone). Only fingerprints of the tokens appear.
std::string sharedNamespace(const ClientOptions& options, const detail::CacheCrypto& crypto) {
  const std::string principal = crypto.fingerprint("principal\n" + options.serviceToken.reveal() +
                                                   "\n" + options.userToken.reveal());
  return options.shared.keyPrefix + ":v1:" + crypto.keyId() + ":" + percentEncode(options.appId) +
         ":" + principal.substr(0, 16) + ":";
}

std::optional<std::string> environment(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

}  // namespace

std::chrono::milliseconds parseSeconds(std::string_view name, std::string_view text) {
  double seconds = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  // A day is far beyond any call; beyond it the value is a mistake.
  if (ec != std::errc{} || end != text.data() + text.size() || !(seconds > 0) || seconds > 86400) {
    throw InvalidArgumentError(std::string(name),
                               "must be a number of seconds greater than 0 and at most 86400");
  }
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

namespace {

// "Bearer <token>": exactly two space-separated parts, the first "Bearer".
Secret bearerToken(const std::string& header, const std::string& value) {
  const auto space = value.find(' ');
  const bool ok = space != std::string::npos && value.substr(0, space) == "Bearer" &&
                  space + 1 < value.size() && value.find(' ', space + 1) == std::string::npos;
  if (!ok) {
    throw InvalidArgumentError(header, "must be exactly 'Bearer <token>'");
  }
  return Secret(value.substr(space + 1));
}

}  // namespace

namespace detail {

ClientState::ClientState(ClientOptions opts)
    : options(completed(std::move(opts))), cache(options.connectionTtl, options.clock, metrics) {
  const auto& shared = options.shared;
  if (!shared.redisUrl.empty()) {
    auto endpoint = parseRedisUrl(kRedisUrlName, shared.redisUrl.reveal());
    cacheCrypto = std::make_unique<CacheCrypto>(kCacheKeyName, shared.cacheKey);
    redis = std::make_unique<RedisLink>(std::move(endpoint), shared, options.clock, options.log,
                                        metrics);
    const std::string space = sharedNamespace(options, *cacheCrypto);
    sharedConnections =
        std::make_unique<SharedConnections>(*redis, *cacheCrypto, space, options.connectionTtl,
                                            shared.lockTtl, options.clock, options.log, metrics);
    if (options.rateLimit.enabled) {
      sharedBudgets = std::make_unique<SharedBudgets>(*redis, space, options.rateLimit);
    }
  }
  if (options.rateLimit.enabled) {
    rateLimiter = makeRateLimitPolicy(options.rateLimit, options.clock, sharedBudgets.get(),
                                      &metrics.rateLimitWaits);
  }
}

HttpPipeline ClientState::pipeline(std::vector<std::shared_ptr<HttpPolicy>> inner,
                                   std::shared_ptr<HttpTransport> transport) const {
  std::vector<std::shared_ptr<HttpPolicy>> chain{makeRetryPolicy(options.retry, options.clock)};
  if (rateLimiter) chain.push_back(rateLimiter);  // acts only on calls with a rateLimitKey
  for (auto& policy : inner) chain.push_back(std::move(policy));
  chain.push_back(makeLoggingPolicy(options.log));
  return HttpPipeline(std::move(chain), transport ? std::move(transport) : options.httpTransport,
                      options.clock, options.transport.readTimeout);
}

CallContext ClientState::callContext(Destination destination, bool retrySafe,
                                     std::string operation) const {
  CallContext context;
  context.destination = destination;
  context.retrySafe = retrySafe;
  context.operation = std::move(operation);
  context.deadline = options.clock->now() + options.retry.callDeadline;
  return context;
}

HttpResponse ClientState::sendToBase44(const std::string& method, const std::string& path,
                                       const std::string& body, bool retrySafe,
                                       const std::string& operation,
                                       std::optional<Clock::TimePoint> deadline, Role role) const {
  HttpRequest request;
  request.method = method;
  request.url = options.serverUrl + "/api" + path;
  request.headers = options.extraHeaders;
  request.headers.set("X-App-Id", options.appId);
  request.headers.set("Content-Type", "application/json");
  request.headers.set("Accept", "application/json");
  if (role == Role::AppUser) {
    if (options.userToken.empty()) {
      throw InvalidArgumentError("userToken", "The app user's token is required for " + operation +
                                                  ": set ClientOptions::userToken or "
                                                  "BASE44_USER_TOKEN (Client::fromRequestHeaders "
                                                  "reads it from Authorization)");
    }
    request.headers.set("Authorization", "Bearer " + options.userToken.reveal());
  } else {
    if (options.serviceToken.empty()) {
      throw InvalidArgumentError("serviceToken",
                                 "Service token is required to use asServiceRole (connectors): "
                                 "set ClientOptions::serviceToken or BASE44_SERVICE_TOKEN");
    }
    request.headers.set("Authorization", "Bearer " + options.serviceToken.reveal());
    if (!options.userToken.empty()) {
      request.headers.set("on-behalf-of", "Bearer " + options.userToken.reveal());
    }
  }
  request.body = body;
  auto context = callContext(Destination::Base44, retrySafe, operation);
  if (deadline) context.deadline = std::min(context.deadline, *deadline);
  return pipeline({}).send(std::move(request), context);
}

}  // namespace detail

Client::Client(ClientOptions options)
    : state_(std::make_shared<detail::ClientState>(std::move(options))) {}

Client Client::fromEnvironment(ClientOptions base) {
  if (auto appId = environment("BASE44_APP_ID")) base.appId = *appId;
  if (base.appId.empty()) throw InvalidArgumentError("BASE44_APP_ID", "is not set");
  if (auto token = environment("BASE44_SERVICE_TOKEN")) base.serviceToken = Secret(*token);
  if (auto token = environment("BASE44_USER_TOKEN")) base.userToken = Secret(*token);
  if (auto url = environment("BASE44_API_URL")) base.serverUrl = *url;
  if (auto connectTo = environment("B44_CONNECT_TO")) base.transport.connectTo = *connectTo;
  if (auto anyHost = environment("B44_CONNECT_TO_ANY_HOST_INSECURE"); anyHost && *anyHost == "1") {
    base.transport.connectToAnyHostInsecure = true;
  }
  if (auto url = environment("B44_REDIS_URL")) base.shared.redisUrl = Secret(*url);
  if (auto key = environment("B44_CACHE_KEY")) base.shared.cacheKey = Secret(*key);
  if (auto timeout = environment("B44_REDIS_TIMEOUT")) {
    base.shared.timeout = parseSeconds("B44_REDIS_TIMEOUT", *timeout);
  }
  if (auto log = environment("B44_LOG"); log && *log == "debug" && !base.log) {
    base.log = stderrLogSink();
  }
  return Client(std::move(base));
}

Client Client::fromRequestHeaders(const Headers& requestHeaders, ClientOptions base) {
  const auto appId = requestHeaders.get("Base44-App-Id");
  if (!appId || appId->empty()) {
    throw InvalidArgumentError("Base44-App-Id", "header is required");
  }
  base.appId = *appId;
  if (auto value = requestHeaders.get("Base44-Service-Authorization")) {
    base.serviceToken = bearerToken("Base44-Service-Authorization", *value);
  }
  if (auto value = requestHeaders.get("Authorization")) {
    base.userToken = bearerToken("Authorization", *value);
  }
  if (auto url = requestHeaders.get("Base44-Api-Url"); url && !url->empty()) base.serverUrl = *url;
  if (auto version = requestHeaders.get("Base44-Functions-Version"))
    base.functionsVersion = *version;
  if (auto state = requestHeaders.get("Base44-State"))
    base.extraHeaders.set("Base44-State", *state);
  if (auto env = requestHeaders.get("X-Data-Env"); env && (*env == "dev" || *env == "prod")) {
    base.extraHeaders.set("X-Data-Env", *env);
  }
  return Client(std::move(base));
}

Connectors Client::connectors() const { return Connectors(state_); }
const ClientOptions& Client::options() const { return state_->options; }
ClientMetrics Client::metrics() const { return state_->metrics.snapshot(); }

HttpPipeline Client::pipeline(std::vector<std::shared_ptr<HttpPolicy>> inner) const {
  return state_->pipeline(std::move(inner));
}

HttpPipeline Client::pipeline(std::vector<std::shared_ptr<HttpPolicy>> inner,
                              std::shared_ptr<HttpTransport> transport) const {
  return state_->pipeline(std::move(inner), std::move(transport));
}

CallContext Client::callContext(Destination destination, bool retrySafe,
                                std::string operation) const {
  return state_->callContext(destination, retrySafe, std::move(operation));
}

}  // namespace b44
