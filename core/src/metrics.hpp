#pragma once
// The counters behind Client::metrics(), bumped from any thread.
#include <b44/log.hpp>
#include <b44/shared_backend.hpp>

#include <atomic>
#include <cstdint>
#include <string>

namespace b44::detail {

struct Metrics {
  std::atomic<std::uint64_t> base44Fetches{0};
  std::atomic<std::uint64_t> localCacheHits{0};
  std::atomic<std::uint64_t> sharedCacheHits{0};
  std::atomic<std::uint64_t> lockWaits{0};
  std::atomic<std::uint64_t> sharedInvalidations{0};
  std::atomic<std::uint64_t> redisFallbacks{0};
  std::atomic<std::uint64_t> rateLimitWaits{0};

  [[nodiscard]] ClientMetrics snapshot() const;
  // Adds one to `counter` and, when `log` is set, says so at debug level:
  // "b44 metrics: <event> (<what>)".
  static void count(std::atomic<std::uint64_t>& counter, const LogSink& log, std::string_view event,
                    std::string_view what);
};

}  // namespace b44::detail
