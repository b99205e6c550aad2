#include "metrics.hpp"

namespace b44::detail {

ClientMetrics Metrics::snapshot() const {
  ClientMetrics out;
  out.base44Fetches = base44Fetches.load();
  out.localCacheHits = localCacheHits.load();
  out.sharedCacheHits = sharedCacheHits.load();
  out.lockWaits = lockWaits.load();
  out.sharedInvalidations = sharedInvalidations.load();
  out.redisFallbacks = redisFallbacks.load();
  out.rateLimitWaits = rateLimitWaits.load();
  return out;
}

void Metrics::count(std::atomic<std::uint64_t>& counter, const LogSink& log, std::string_view event,
                    std::string_view what) {
  const auto total = ++counter;
  if (log) {
    log(LogLevel::Debug, "b44 metrics: " + std::string(event) + " (" + std::string(what) + "), " +
                             std::to_string(total) + " so far");
  }
}

}  // namespace b44::detail
