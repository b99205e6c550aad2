#pragma once
// Connections per source for a time-to-live. Concurrent callers for one source
// share a single in-flight fetch; a 401 drops the entry only if it still holds
// the token that failed, so N callers hitting one 401 cause one refresh.
#include <b44/clock.hpp>
#include <b44/connectors.hpp>

#include "metrics.hpp"
#include "shared_connections.hpp"

#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>

namespace b44::detail {

class ConnectionCache {
 public:
  ConnectionCache(std::chrono::nanoseconds ttl, std::shared_ptr<Clock> clock, Metrics& metrics);
  // `fetch` tells how old its connection is (one from the shared cache was
  // fetched earlier), so that the entry expires with the shared one.
  Connection get(const ConnectionSource& source, const std::function<AgedConnection()>& fetch);
  void invalidate(const ConnectionSource& source, const Secret& staleToken);
  // Forgets the source's connection whatever it holds (it was disconnected).
  void drop(const ConnectionSource& source);

 private:
  struct Entry {
    std::shared_future<Connection> value;
    Clock::TimePoint fetchedAt;
    std::uint64_t generation = 0;
  };
  std::uint64_t generations_ = 0;
  std::chrono::nanoseconds ttl_;
  std::shared_ptr<Clock> clock_;
  Metrics& metrics_;
  std::mutex mutex_;
  std::map<ConnectionSource, Entry> entries_;
};

}  // namespace b44::detail
