#include "connection_cache.hpp"

namespace b44::detail {

ConnectionCache::ConnectionCache(std::chrono::nanoseconds ttl, std::shared_ptr<Clock> clock,
                                 Metrics& metrics)
    : ttl_(ttl), clock_(std::move(clock)), metrics_(metrics) {}

Connection ConnectionCache::get(const ConnectionSource& source,
                                const std::function<AgedConnection()>& fetch) {
  std::promise<Connection> promise;
  std::shared_future<Connection> future;
  bool fetchHere = false;
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(mutex_);
    const auto now = clock_->now();
    auto it = entries_.find(source);
    if (it != entries_.end() && now - it->second.fetchedAt < ttl_) {
      future = it->second.value;  // fresh, or being fetched by another caller
      ++metrics_.localCacheHits;
    } else {
      future = promise.get_future().share();
      generation = ++generations_;
      entries_[source] = Entry{future, now, generation};
      fetchHere = true;
    }
  }
  if (fetchHere) {
    try {
      AgedConnection fetched = fetch();
      if (fetched.age > Clock::Duration::zero()) {
        std::lock_guard lock(mutex_);
        auto it = entries_.find(source);
        if (it != entries_.end() && it->second.generation == generation) {
          it->second.fetchedAt = clock_->now() - fetched.age;
        }
      }
      promise.set_value(std::move(fetched.connection));
    } catch (...) {
      promise.set_exception(std::current_exception());
      // A failure is not cached: the next caller tries again.
      std::lock_guard lock(mutex_);
      auto it = entries_.find(source);
      if (it != entries_.end() && it->second.generation == generation) entries_.erase(it);
    }
  }
  return future.get();
}

void ConnectionCache::invalidate(const ConnectionSource& source, const Secret& staleToken) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(source);
  if (it == entries_.end()) return;
  auto& future = it->second.value;
  if (future.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;  // refreshing
  try {
    if (future.get().accessToken == staleToken) entries_.erase(it);
  } catch (...) {
    entries_.erase(it);
  }
}

void ConnectionCache::drop(const ConnectionSource& source) {
  std::lock_guard lock(mutex_);
  entries_.erase(source);
}

}  // namespace b44::detail
