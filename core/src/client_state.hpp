#pragma once
// What every copy of a Client shares.
#include <b44/client.hpp>

#include "cache_crypto.hpp"
#include "connection_cache.hpp"
#include "metrics.hpp"
#include "redis_link.hpp"
#include "shared_connections.hpp"
#include "shared_rate_limit.hpp"

namespace b44::detail {

struct ClientState {
  explicit ClientState(ClientOptions opts);

  ClientOptions options;    // clock, transport and log filled in
  mutable Metrics metrics;  // counted from const paths
  // With a Redis URL (ClientOptions::shared), else null.
  std::unique_ptr<CacheCrypto> cacheCrypto;
  std::unique_ptr<RedisLink> redis;
  std::unique_ptr<SharedConnections> sharedConnections;
  std::unique_ptr<SharedBudgets> sharedBudgets;  // with a rate limit too
  ConnectionCache cache;
  std::shared_ptr<HttpPolicy> rateLimiter;  // shared by every pipeline; null when off
  // transport: default the client's own.
  [[nodiscard]] HttpPipeline pipeline(std::vector<std::shared_ptr<HttpPolicy>> inner,
                                      std::shared_ptr<HttpTransport> transport = nullptr) const;
  [[nodiscard]] CallContext callContext(Destination destination, bool retrySafe,
                                        std::string operation) const;
  // Who a Base44 request speaks for: the service role (the service token,
  // and the user's as on-behalf-of when set), or the app user alone (the
  // SDK's user-scoped `base44.connectors` calls).
  enum class Role { Service, AppUser };
  // The Base44 API: {serverUrl}/api + path, with the role's headers.
  // `deadline` bounds the whole request (default: now + retry.callDeadline).
  [[nodiscard]] HttpResponse sendToBase44(const std::string& method, const std::string& path,
                                          const std::string& body, bool retrySafe,
                                          const std::string& operation,
                                          std::optional<Clock::TimePoint> deadline = std::nullopt,
                                          Role role = Role::Service) const;
};

}  // namespace b44::detail
