// Reading a service's rate-limit signals, and the client-side limiter: one
// budget per (integration type, connection), paced by a token bucket and,
// when adaptive, by the service's own remaining/reset headers and 429 waits.
#include <b44/errors.hpp>
#include <b44/pipeline.hpp>
#include <b44/rate_limit.hpp>

#include "shared_rate_limit.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <condition_variable>
#include <map>
#include <mutex>

namespace b44 {
namespace {

std::string_view trimmed(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  return value;
}

std::optional<double> parseNumber(std::string_view text) {
  text = trimmed(text);
  if (text.empty()) return std::nullopt;
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::chrono::milliseconds nonNegativeMillis(double ms) {
  if (ms <= 0) return std::chrono::milliseconds::zero();
  // Beyond kLongestAskedWait the value only means "not any time soon".
  constexpr auto kMax = static_cast<double>(kLongestAskedWait.count());
  return std::chrono::milliseconds(static_cast<long long>(std::ceil(std::min(ms, kMax))));
}

std::optional<std::chrono::milliseconds> parseReset(std::string_view text,
                                                    RateLimitSignals::ResetFormat format,
                                                    std::chrono::system_clock::time_point wallNow) {
  const auto value = parseNumber(text);
  if (!value || *value < 0) return std::nullopt;
  const double nowMs = static_cast<double>(
      std::chrono::duration_cast<std::chrono::milliseconds>(wallNow.time_since_epoch()).count());
  switch (format) {
    case RateLimitSignals::ResetFormat::DeltaSeconds:
      return nonNegativeMillis(*value * 1000);
    case RateLimitSignals::ResetFormat::EpochSeconds:
      return nonNegativeMillis(*value * 1000 - nowMs);
    case RateLimitSignals::ResetFormat::EpochMilliseconds:
      return nonNegativeMillis(*value - nowMs);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::chrono::milliseconds> RateLimitReading::holdOff() const {
  std::optional<std::chrono::milliseconds> wait = retryAfter;
  if (resetIn && (limited || (remaining && *remaining <= 0))) {
    wait = std::max(wait.value_or(std::chrono::milliseconds::zero()), *resetIn);
  }
  return wait;
}

RateLimitReading readRateLimit(const HttpResponse& response, const RateLimitSignals& signals,
                               std::chrono::system_clock::time_point wallNow) {
  RateLimitReading reading;
  if (const auto header = response.headers.get("Retry-After")) {
    reading.retryAfter = parseRetryAfter(*header, wallNow);
  }
  if (!signals.remainingHeader.empty()) {
    if (const auto header = response.headers.get(signals.remainingHeader)) {
      if (const auto value = parseNumber(*header)) {
        reading.remaining = static_cast<long long>(std::floor(*value));
      }
    }
  }
  if (!signals.resetHeader.empty()) {
    if (const auto header = response.headers.get(signals.resetHeader)) {
      reading.resetIn = parseReset(*header, signals.resetFormat, wallNow);
    }
  }
  const bool extra = std::find(signals.extraStatuses.begin(), signals.extraStatuses.end(),
                               response.status) != signals.extraStatuses.end();
  // An extra status is a rate limit only with evidence in the answer (see
  // RateLimitSignals::extraStatuses).
  const auto marked = [&] {
    return std::any_of(
        signals.extraStatusBodyMarkers.begin(), signals.extraStatusBodyMarkers.end(),
        [&](const std::string& marker) { return response.body.find(marker) != std::string::npos; });
  };
  reading.limited = response.status == 429 ||
                    (extra && (reading.retryAfter.has_value() ||
                               (reading.remaining && *reading.remaining <= 0) || marked()));
  return reading;
}

namespace {

// One budget: a token bucket plus what the service last said.
struct Budget {
  double tokens = 0;
  Clock::TimePoint refilledAt{};
  bool started = false;
  // The service's own numbers: `remaining` requests until `resetAt`, as of
  // its latest answer; requests sent since are `inFlight`.
  std::optional<long long> remaining;
  Clock::TimePoint resetAt{};
  std::size_t inFlight = 0;
  // Until an answer tells the budget (at the start, and after a reset), one
  // request at a time: a burst must not spend a budget nobody knows.
  bool probing = true;
  Clock::TimePoint holdUntil{};  // after a 429: nothing before this
};

class RateLimitPolicy final : public HttpPolicy {
 public:
  RateLimitPolicy(RateLimitOptions options, std::shared_ptr<Clock> clock,
                  detail::SharedBudgets* shared, std::atomic<std::uint64_t>* waits)
      : options_(options), clock_(std::move(clock)), shared_(shared), waits_(waits) {
    options_.burst = std::max<std::size_t>(options_.burst, 1);
  }

  HttpResponse send(HttpRequest& request, CallContext& context, const NextPolicy& next) override {
    if (context.rateLimitKey.empty()) return next(request, context);
    const Taken taken = acquire(context);
    HttpResponse response;
    try {
      response = next(request, context);
    } catch (...) {
      finish(context, taken, nullptr);
      throw;
    }
    finish(context, taken, &response);
    return response;
  }

 private:
  // Which budget a request was taken from.
  struct Taken {
    bool shared = false;
    bool probe = false;  // shared: the request that learns the budget
  };

  Taken acquire(const CallContext& context) {
    bool waited = false;
    const auto wait = [&](Clock::Duration duration) {
      const auto now = clock_->now();
      if (now + duration > context.deadline) {
        const auto waitMs = std::chrono::ceil<std::chrono::milliseconds>(duration);
        throw TransportError(TransportError::Kind::Timeout, TransportError::Phase::NotSent,
                             context.operation + ": the client-side rate limit would hold the " +
                                 "call " + std::to_string(waitMs.count()) +
                                 " ms, past its deadline");
      }
      if (!waited && waits_ != nullptr) ++*waits_;
      waited = true;
    };
    while (shared_ != nullptr) {
      // A probe unanswered for as long as the call may last is a crashed one.
      const auto lease = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::clamp<Clock::Duration>(context.deadline - clock_->now(),
                                      std::chrono::milliseconds(1), std::chrono::minutes(1)));
      const auto grant = shared_->acquire(context.rateLimitKey, lease);
      if (!grant) break;  // Redis unavailable: this process's own budget
      if (grant->wait <= Clock::Duration::zero()) return {true, grant->probe};
      wait(grant->wait);
      clock_->sleepFor(grant->wait);
    }
    std::unique_lock lock(mutex_);
    for (;;) {
      const auto now = clock_->now();
      Budget& budget = budgets_[context.rateLimitKey];
      refill(budget, now);
      if (options_.adaptive && budget.remaining && now >= budget.resetAt) {
        budget.remaining.reset();  // a new window: learn it again
        budget.probing = true;
      }
      const Clock::Duration until = waitFor(budget, now);
      if (until > Clock::Duration::zero()) {
        wait(until);
        lock.unlock();
        clock_->sleepFor(until);
        lock.lock();
        continue;
      }
      if (options_.adaptive && budget.probing && budget.inFlight > 0) {
        // Wait for the answer that tells the budget (requests in flight end
        // within their own timeouts).
        answered_.wait(lock);
        continue;
      }
      if (options_.requestsPerSecond > 0) budget.tokens -= 1;
      ++budget.inFlight;
      return {};
    }
  }

  void refill(Budget& budget, Clock::TimePoint now) const {
    const double capacity = static_cast<double>(options_.burst);
    if (!budget.started) {
      budget.started = true;
      budget.tokens = capacity;
      budget.refilledAt = now;
      budget.probing = options_.adaptive;
      return;
    }
    if (options_.requestsPerSecond <= 0) return;
    const double elapsed = std::chrono::duration<double>(now - budget.refilledAt).count();
    budget.tokens = std::min(capacity, budget.tokens + elapsed * options_.requestsPerSecond);
    budget.refilledAt = now;
  }

  // How long before this budget may send (zero: now).
  Clock::Duration waitFor(const Budget& budget, Clock::TimePoint now) const {
    Clock::Duration wait{};
    if (now < budget.holdUntil) wait = budget.holdUntil - now;
    if (budget.remaining && *budget.remaining - static_cast<long long>(budget.inFlight) <= 0) {
      wait = std::max(wait, budget.resetAt - now);
    }
    if (options_.requestsPerSecond > 0 && budget.tokens < 1) {
      const double seconds = (1 - budget.tokens) / options_.requestsPerSecond;
      wait = std::max(wait, std::chrono::duration_cast<Clock::Duration>(
                                std::chrono::duration<double>(seconds)));
    }
    return wait;
  }

  // A request has ended; its answer (if any) tells the service's numbers.
  void finish(const CallContext& context, Taken taken, const HttpResponse* response) {
    std::optional<RateLimitReading> reading;
    if (response != nullptr && options_.adaptive) {
      reading = readRateLimit(*response, context.rateLimit, clock_->wallNow());
    }
    if (taken.shared) {
      shared_->finish(context.rateLimitKey, taken.probe, reading);
      return;
    }
    {
      std::lock_guard lock(mutex_);
      const auto now = clock_->now();
      Budget& budget = budgets_[context.rateLimitKey];
      if (budget.inFlight > 0) --budget.inFlight;
      if (reading) {
        if (reading->remaining && reading->resetIn) {
          const auto resetAt = now + *reading->resetIn;
          // Answers arrive out of order: within one window the lowest count
          // is the latest; a later reset time starts a new window.
          const bool newWindow = !budget.remaining || budget.probing ||
                                 resetAt > budget.resetAt + std::chrono::seconds(1);
          budget.remaining =
              newWindow ? *reading->remaining : std::min(*budget.remaining, *reading->remaining);
          if (newWindow) budget.resetAt = resetAt;
        }
        budget.probing = false;
        if (reading->limited) {
          // Hold every caller of this budget off for as long as the service asks.
          const auto asked = reading->holdOff().value_or(std::chrono::milliseconds(0));
          budget.holdUntil = std::max(budget.holdUntil, now + asked);
        }
      }
    }
    answered_.notify_all();
  }

  RateLimitOptions options_;
  std::shared_ptr<Clock> clock_;
  detail::SharedBudgets* shared_;
  std::atomic<std::uint64_t>* waits_;
  std::mutex mutex_;
  std::condition_variable answered_;
  std::map<std::string, Budget> budgets_;
};

}  // namespace

std::shared_ptr<HttpPolicy> makeRateLimitPolicy(RateLimitOptions options,
                                                std::shared_ptr<Clock> clock) {
  return std::make_shared<RateLimitPolicy>(options, std::move(clock), nullptr, nullptr);
}

std::shared_ptr<HttpPolicy> detail::makeRateLimitPolicy(RateLimitOptions options,
                                                        std::shared_ptr<Clock> clock,
                                                        SharedBudgets* shared,
                                                        std::atomic<std::uint64_t>* waits) {
  return std::make_shared<RateLimitPolicy>(options, std::move(clock), shared, waits);
}

}  // namespace b44
