#pragma once
// The client-side limiter's budgets kept in Redis (docs/adr/0009), so that
// every process of an app spends one budget per (integration type,
// connection): the same token bucket and adaptive rules as the in-process
// limiter (rate_limit.cpp), each step one atomic Lua script on Redis's clock.
#include <b44/clock.hpp>
#include <b44/pipeline.hpp>
#include <b44/rate_limit.hpp>

#include "redis_link.hpp"

#include <optional>
#include <string>

namespace b44::detail {

class SharedBudgets {
 public:
  // `namespacePrefix`: as for the shared connections.
  SharedBudgets(RedisLink& link, std::string namespacePrefix, RateLimitOptions options);

  struct Grant {
    Clock::Duration wait{};  // zero: granted, send now
    bool probe = false;      // granted as the one request that learns the budget
  };
  // One try at taking a request from `key`'s budget. nullopt: Redis is
  // unavailable, use this process's budget. `probeLease`: how long a probe
  // may stay unanswered before another process may probe (a crashed prober).
  std::optional<Grant> acquire(const std::string& key, std::chrono::milliseconds probeLease);
  // The request ended; `reading` is its answer's rate-limit signals (none
  // when it failed without an answer).
  void finish(const std::string& key, bool probe, const std::optional<RateLimitReading>& reading);

 private:
  [[nodiscard]] std::string budgetKey(const std::string& key) const;
  RedisLink& link_;
  std::string prefix_;
  RateLimitOptions options_;
};

// The limiter of rate_limit.cpp over shared budgets (null: in-process only),
// falling back to its own budgets while Redis is unavailable. `waits`, if
// set, counts the calls it held back.
std::shared_ptr<HttpPolicy> makeRateLimitPolicy(RateLimitOptions options,
                                                std::shared_ptr<Clock> clock, SharedBudgets* shared,
                                                std::atomic<std::uint64_t>* waits);

}  // namespace b44::detail
