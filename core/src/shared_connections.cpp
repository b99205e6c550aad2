#include "shared_connections.hpp"

#include <b44/errors.hpp>
#include <b44/http.hpp>

#include "metrics.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace b44::detail {
namespace {

using namespace std::chrono_literals;

// The value and its remaining lifetime, in one step.
constexpr const char* kGetWithTtl = R"lua(
local value = redis.call('GET', KEYS[1])
if not value then return false end
return {value, redis.call('PTTL', KEYS[1])}
)lua";

// Deletes the key only if it still holds ARGV[1] (the lock's owner).
constexpr const char* kReleaseLock = R"lua(
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
)lua";

// Deletes the entry only if its token's fingerprint (the value's first 32
// characters) is ARGV[1]: a newer connection is kept.
constexpr const char* kInvalidate = R"lua(
local value = redis.call('GET', KEYS[1])
if value and string.sub(value, 1, 32) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
)lua";

constexpr std::size_t kFingerprintSize = 32;

std::string describe(const ConnectionSource& source) {
  return std::string(source.scopeName()) + ":" + source.key;
}

std::string serialize(const Connection& connection) {
  nlohmann::json out{
      {"t", connection.accessToken.reveal()}, {"i", connection.integrationType}, {"c", nullptr}};
  if (connection.connectionConfig) out["c"] = *connection.connectionConfig;
  return out.dump();
}

std::optional<Connection> deserialize(const std::string& text) {
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (!json.is_object() || !json.contains("t") || !json["t"].is_string() || !json.contains("i") ||
      !json["i"].is_string() || !json.contains("c")) {
    return std::nullopt;
  }
  Connection connection;
  connection.accessToken = Secret(json["t"].get<std::string>());
  connection.integrationType = json["i"].get<std::string>();
  if (!json["c"].is_null()) {
    if (!json["c"].is_object()) return std::nullopt;
    ConnectionConfig config;
    for (const auto& [name, value] : json["c"].items()) {
      if (!value.is_string()) return std::nullopt;
      config[name] = value.get<std::string>();
    }
    connection.connectionConfig = std::move(config);
  }
  return connection;
}

}  // namespace

SharedConnections::SharedConnections(RedisLink& link, const CacheCrypto& crypto,
                                     std::string namespacePrefix, std::chrono::nanoseconds ttl,
                                     std::chrono::milliseconds lockTtl,
                                     std::shared_ptr<Clock> clock, LogSink log, Metrics& metrics)
    : link_(link),
      crypto_(crypto),
      prefix_(std::move(namespacePrefix)),
      ttl_(ttl),
      lockTtl_(lockTtl),
      clock_(std::move(clock)),
      log_(std::move(log)),
      metrics_(metrics) {}

std::string SharedConnections::keyOf(std::string_view kind, const ConnectionSource& source) const {
  return prefix_ + std::string(kind) + ":" + std::string(source.scopeName()) + ":" +
         percentEncode(source.key);
}

std::optional<AgedConnection> SharedConnections::read(const std::string& key,
                                                      const ConnectionSource& source) {
  // Called only after a successful exchange shows Redis is there; an
  // unavailable Redis reads as a miss and the caller's next step falls back.
  const auto reply = link_.eval(kGetWithTtl, {key}, {}, "read the shared connection");
  if (!reply || replyIsNil(*reply)) return std::nullopt;
  const auto* pair = replyArray(*reply);
  std::optional<std::string> value;
  std::optional<long long> remainingMs;
  if (pair != nullptr && pair->size() == 2) {
    value = replyText(*pair->begin());
    remainingMs = replyInteger(*(pair->begin() + 1));
  }
  if (!value || !remainingMs) {
    link_.garbage("read the shared connection");
    return std::nullopt;
  }
  const auto sealedAt = value->find(':');
  std::optional<Connection> connection;
  if (sealedAt == kFingerprintSize) {
    if (const auto plaintext = crypto_.open(value->substr(sealedAt + 1), key)) {
      connection = deserialize(*plaintext);
    }
  }
  if (!connection) {
    // Written by no process holding this key: tampered, or corrupted.
    if (log_) {
      log_(LogLevel::Warning, "b44: the shared cache entry for " + describe(source) +
                                  " does not open with this cache key; fetching it anew");
    }
    return std::nullopt;
  }
  const auto ttlMs = std::chrono::duration_cast<std::chrono::milliseconds>(ttl_);
  const auto remaining = std::clamp(std::chrono::milliseconds(*remainingMs), 0ms, ttlMs);
  return AgedConnection{std::move(*connection), ttlMs - remaining};
}

void SharedConnections::store(const std::string& key, const Connection& connection) {
  const std::string value = crypto_.fingerprint(connection.accessToken.reveal()) + ":" +
                            crypto_.seal(serialize(connection), key);
  Poco::Redis::Array command;
  const auto ttlMs =
      std::max<long long>(1, std::chrono::duration_cast<std::chrono::milliseconds>(ttl_).count());
  command << "SET" << key << value << "PX" << std::to_string(ttlMs);
  link_.run(command, "store the shared connection");
}

AgedConnection SharedConnections::get(const ConnectionSource& source,
                                      const std::function<Connection()>& fetch,
                                      Clock::TimePoint deadline) {
  const std::string key = keyOf("conn", source);
  const std::string lockKey = keyOf("lock", source);
  const std::string owner = CacheCrypto::randomHex(16);
  bool waited = false;
  Clock::Duration backoff = 2ms;
  for (;;) {
    if (auto found = read(key, source)) {
      Metrics::count(metrics_.sharedCacheHits, log_, "shared cache hit", describe(source));
      return std::move(*found);
    }
    Poco::Redis::Array setLock;
    setLock << "SET" << lockKey << owner << "NX"
            << "PX" << std::to_string(lockTtl_.count());
    const auto locked = link_.run(setLock, "take the fetch lock");
    if (!locked) return {fetch(), {}};  // Redis unavailable: as without it
    if (!replyIsNil(*locked)) {
      if (replyText(*locked) != "OK") {
        link_.garbage("take the fetch lock");
        return {fetch(), {}};
      }
      const auto release = [&] {
        link_.eval(kReleaseLock, {lockKey}, {owner}, "release the fetch lock");
      };
      // Stored by a holder that released just before this process asked.
      if (auto found = read(key, source)) {
        release();
        Metrics::count(metrics_.sharedCacheHits, log_, "shared cache hit", describe(source));
        return std::move(*found);
      }
      Connection connection;
      try {
        connection = fetch();
      } catch (...) {
        release();  // the next process tries; failures are not cached
        throw;
      }
      store(key, connection);
      release();
      return {std::move(connection), {}};
    }
    // Another process is fetching it: wait for its connection, or for its
    // lock to go (released after a failure, or expired after a crash).
    if (!waited) {
      waited = true;
      Metrics::count(metrics_.lockWaits, log_, "waiting for another process's fetch",
                     describe(source));
    }
    const auto now = clock_->now();
    if (now >= deadline) {
      throw TransportError(TransportError::Kind::Timeout, TransportError::Phase::NotSent,
                           "connection " + describe(source) +
                               ": another process was still fetching it from Base44 at the "
                               "call's deadline");
    }
    clock_->sleepFor(std::min(backoff, deadline - now));
    backoff = std::min<Clock::Duration>(backoff * 2, 50ms);
  }
}

void SharedConnections::invalidate(const ConnectionSource& source, const Secret& staleToken) {
  const auto reply =
      link_.eval(kInvalidate, {keyOf("conn", source)}, {crypto_.fingerprint(staleToken.reveal())},
                 "invalidate the shared connection");
  if (reply && replyInteger(*reply).value_or(0) > 0) {
    Metrics::count(metrics_.sharedInvalidations, log_, "shared connection dropped after a 401",
                   describe(source));
  }
}

void SharedConnections::drop(const ConnectionSource& source) {
  Poco::Redis::Array command;
  command << "DEL" << keyOf("conn", source);
  link_.run(command, "drop the shared connection");
}

}  // namespace b44::detail
