#pragma once
// The fleet-wide layer of the connection cache (docs/adr/0009): connections
// sealed in Redis for the time-to-live, one Base44 fetch per key across all
// processes (a lock with a lifetime: SET NX PX, released by compare-and-
// delete), and 401 invalidation by token fingerprint. When Redis is
// unavailable each call fetches here, as without Redis.
#include <b44/clock.hpp>
#include <b44/connectors.hpp>

#include "cache_crypto.hpp"
#include "redis_link.hpp"

#include <functional>

namespace b44::detail {

struct Metrics;

// A connection and how long ago Base44 handed it out.
struct AgedConnection {
  Connection connection;
  Clock::Duration age{};
};

class SharedConnections {
 public:
  // `namespacePrefix`: the part of every Redis key naming the app and the
  // credentials asking (see the ADR's key format).
  SharedConnections(RedisLink& link, const CacheCrypto& crypto, std::string namespacePrefix,
                    std::chrono::nanoseconds ttl, std::chrono::milliseconds lockTtl,
                    std::shared_ptr<Clock> clock, LogSink log, Metrics& metrics);

  // From Redis; or fetched here under the fleet lock and stored; or, while
  // another process holds the lock, that process's connection once stored.
  // Waiting past `deadline` is a TransportError (Timeout, NotSent).
  AgedConnection get(const ConnectionSource& source, const std::function<Connection()>& fetch,
                     Clock::TimePoint deadline);
  // Deletes the stored connection if it still holds `staleToken` (by
  // fingerprint).
  void invalidate(const ConnectionSource& source, const Secret& staleToken);
  // Deletes the stored connection whatever it holds.
  void drop(const ConnectionSource& source);

 private:
  // {prefix}{kind}:{scope}:{source}, kind "conn" or "lock".
  [[nodiscard]] std::string keyOf(std::string_view kind, const ConnectionSource& source) const;
  std::optional<AgedConnection> read(const std::string& key, const ConnectionSource& source);
  void store(const std::string& key, const Connection& connection);

  RedisLink& link_;
  const CacheCrypto& crypto_;
  std::string prefix_;
  std::chrono::nanoseconds ttl_;
  std::chrono::milliseconds lockTtl_;
  std::shared_ptr<Clock> clock_;
  LogSink log_;
  Metrics& metrics_;
};

}  // namespace b44::detail
