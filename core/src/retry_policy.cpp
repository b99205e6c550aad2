#include <b44/errors.hpp>
#include <b44/pipeline.hpp>

#include <Poco/DateTimeParser.h>
#include <Poco/Exception.h>

#include <algorithm>
#include <charconv>
#include <random>

namespace b44 {

std::optional<std::chrono::milliseconds> parseRetryAfter(
    std::string_view value, std::chrono::system_clock::time_point now) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  long long seconds = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec == std::errc{} && end == value.data() + value.size()) {
    if (seconds < 0) return std::nullopt;
    return std::chrono::seconds(seconds);
  }
  try {
    int tzd = 0;
    const Poco::DateTime date = Poco::DateTimeParser::parse(std::string(value), tzd);
    const auto at = std::chrono::system_clock::from_time_t(date.timestamp().epochTime());
    return std::max(std::chrono::milliseconds::zero(),
                    std::chrono::duration_cast<std::chrono::milliseconds>(at - now));
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
}

namespace {

bool isTransientStatus(int status) { return status == 408 || status == 429 || status >= 500; }

double randomJitter() {
  thread_local std::mt19937 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.5, 1.0)(engine);
}

std::string millis(std::chrono::milliseconds ms) { return std::to_string(ms.count()) + " ms"; }

class RetryPolicy final : public HttpPolicy {
 public:
  RetryPolicy(RetryOptions options, std::shared_ptr<Clock> clock)
      : options_(std::move(options)), clock_(std::move(clock)) {
    if (!options_.jitter) options_.jitter = randomJitter;
  }

  HttpResponse send(HttpRequest& request, CallContext& context, const NextPolicy& next) override {
    for (int attempt = 1;; ++attempt) {
      const bool lastAttempt = attempt >= options_.maxAttempts;
      std::chrono::milliseconds wait{};
      std::optional<std::chrono::milliseconds> asked;  // what the service asked for
      std::string failure;                             // what went wrong, for the error
      try {
        HttpRequest copy = request;  // inner policies may rewrite it per attempt
        HttpResponse response = next(copy, context);
        const RateLimitReading reading =
            readRateLimit(response, context.rateLimit, clock_->wallNow());
        const bool retryable = isTransientStatus(response.status) || reading.limited;
        // An unsafe request that got an answer was received: never re-send,
        // unless the service refused it with a rate limit and the options
        // allow re-sending those.
        const bool mayResend =
            context.retrySafe || (reading.limited && options_.retryUnsafeWhenRateLimited);
        if (lastAttempt || !retryable || !mayResend) return response;
        asked = reading.holdOff();
        wait = asked ? std::min(*asked, options_.maxDelay) : backoff(attempt);
        failure = "HTTP " + std::to_string(response.status);
      } catch (const TransportError& e) {
        if (context.bodyDelivered) {
          throw TransportError(e.kind(), e.phase(),
                               std::string(e.what()) +
                                   "; part of the body was already handed to the sink, so the "
                                   "download is not retried");
        }
        const bool provenNotSent = e.phase() == TransportError::Phase::NotSent;
        if (lastAttempt || !(context.retrySafe || provenNotSent)) {
          if (!context.retrySafe && !provenNotSent) {
            throw TransportError(TransportError::Kind::OutcomeUnknown, e.phase(),
                                 std::string(e.what()) +
                                     "; the outcome is unknown: the request may have reached the "
                                     "service, and it is not safe to retry");
          }
          throw;
        }
        wait = backoff(attempt);
        failure = e.what();
      }
      if (clock_->now() + wait >= context.deadline) {
        std::string why = "the next wait (" + millis(wait) + ")";
        if (asked) why = "the wait the service asks for (" + millis(*asked) + ")";
        throw TransportError(TransportError::Kind::Timeout, TransportError::Phase::NotSent,
                             context.operation + ": giving up after " + std::to_string(attempt) +
                                 " attempt(s); " + why +
                                 " would pass the call deadline (last attempt: " + failure + ")");
      }
      clock_->sleepFor(wait);
    }
  }

 private:
  std::chrono::milliseconds backoff(int attempt) const {
    double delay = static_cast<double>(options_.initialDelay.count());
    for (int i = 1; i < attempt; ++i) delay *= options_.multiplier;
    delay = std::min(delay, static_cast<double>(options_.maxDelay.count()));
    return std::chrono::milliseconds(static_cast<long long>(delay * options_.jitter()));
  }

  RetryOptions options_;
  std::shared_ptr<Clock> clock_;
};

}  // namespace

std::shared_ptr<HttpPolicy> makeRetryPolicy(RetryOptions options, std::shared_ptr<Clock> clock) {
  return std::make_shared<RetryPolicy>(std::move(options), std::move(clock));
}

}  // namespace b44
