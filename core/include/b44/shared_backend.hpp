#pragma once
// Several processes of one app (replicas, workers, cron jobs) can share their
// connection cache and their client-side rate budgets through Redis, so that
// N processes make one Base44 fetch per connection per time-to-live and spend
// one rate budget, not N. Off unless a Redis URL is given
// (SharedBackendOptions::redisUrl, B44_REDIS_URL). Design and threat model:
// docs/adr/0009-shared-cache-on-redis.md.
#include <b44/secret.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace b44 {

/// Where the processes share their state (ClientOptions::shared).
struct SharedBackendOptions {
  /// redis://[[user]:password@]host:port[/db]; empty: no sharing, each
  /// process keeps its own cache and limiter. rediss:// is refused: Poco
  /// 1.11's Redis client has no TLS. A Secret: it may hold a password.
  Secret redisUrl;
  /// The key that encrypts (AES-256-GCM) and fingerprints the tokens stored
  /// in Redis: 64 hexadecimal characters (32 random bytes, e.g.
  /// `openssl rand -hex 32`), the same in every process. Required with a
  /// Redis URL (B44_CACHE_KEY).
  Secret cacheKey;
  /// Bound on connecting to Redis and on waiting for each of its answers; a
  /// slower Redis counts as down.
  std::chrono::milliseconds timeout{200};
  /// After a Redis failure: how long the client works on its own before
  /// trying Redis again, and the least time between two warnings.
  std::chrono::milliseconds retryInterval{1000};
  /// Lifetime of the lock a process holds while it fetches a connection for
  /// the others: a crashed holder blocks them at most this long.
  std::chrono::milliseconds lockTtl{10000};
  /// First part of every Redis key this client writes.
  std::string keyPrefix = "b44";
};

/// A parsed redis:// URL.
struct RedisEndpoint {
  /// Host name or address.
  std::string host;
  /// TCP port (default 6379).
  int port = 6379;
  /// ACL user name; empty: the default user.
  std::string user;
  /// AUTH password; empty: none.
  Secret password;
  /// Database number selected after connecting.
  int database = 0;
};

/// Parses redis://[[user]:password@]host[:port][/db]. InvalidArgumentError
/// naming `name` (e.g. "B44_REDIS_URL") for anything else, and for rediss://
/// (no TLS in Poco 1.11's Redis client). The message never quotes the
/// password.
RedisEndpoint parseRedisUrl(std::string_view name, std::string_view url);

/// What a client did, counted since it was made (Client::metrics()).
struct ClientMetrics {
  /// Connection fetches this process sent to Base44.
  std::uint64_t base44Fetches = 0;
  /// Connections served from this process's own cache.
  std::uint64_t localCacheHits = 0;
  /// Connections found in Redis (fetched by this or another process).
  std::uint64_t sharedCacheHits = 0;
  /// Fetches that waited for another process holding the fetch lock.
  std::uint64_t lockWaits = 0;
  /// Cached connections dropped fleet-wide after a 401.
  std::uint64_t sharedInvalidations = 0;
  /// Redis operations skipped or failed, where the client went on with its
  /// in-process cache and limiter.
  std::uint64_t redisFallbacks = 0;
  /// Calls the rate limiter held back before sending.
  std::uint64_t rateLimitWaits = 0;
};

}  // namespace b44
