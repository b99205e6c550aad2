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
  // Every value is clamped to kLongestAskedWait before any arithmetic: a
  // header of 9223372036854776 seconds or a date in the year 9999 must not
  // overflow into "no wait at all".
  const long long longest =
      std::chrono::duration_cast<std::chrono::seconds>(kLongestAskedWait).count();
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    long long seconds = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec == std::errc::result_out_of_range || seconds > longest) return kLongestAskedWait;
    if (ec != std::errc{}) return std::nullopt;
    return std::chrono::seconds(seconds);
  }
  try {
    int tzd = 0;
    const Poco::DateTime date = Poco::DateTimeParser::parse(std::string(value), tzd);
    const long long at = date.timestamp().epochTime() - tzd;
    const long long nowSeconds = std::chrono::system_clock::to_time_t(now);
    const long long ahead = std::clamp(at - nowSeconds, 0LL, longest);
    return std::chrono::seconds(ahead);
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

void noteRateLimit(CallContext& context, std::optional<std::chrono::milliseconds> asked,
                   const std::string& why) {
  context.rateLimitRefusal.refused = true;
  context.rateLimitRefusal.retryAfter = asked;
  context.rateLimitRefusal.why = why;
}

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
        asked = reading.holdOff();
        if (lastAttempt || !retryable || !mayResend) {
          if (reading.limited || asked) {
            noteRateLimit(context, asked,
                          lastAttempt ? "the retries allowed are spent"
                                      : "a request that is not retry-safe is not re-sent");
          }
          return response;
        }
        // Never sooner than the service asked: a wait longer than the call
        // may spend ends the call now, with the wait it asked for.
        if (asked && (*asked > options_.maxDelay || clock_->now() + *asked >= context.deadline)) {
          noteRateLimit(context, asked,
                        *asked > options_.maxDelay
                            ? "more than the longest wait allowed (RetryOptions::maxDelay, " +
                                  humanDuration(options_.maxDelay) + ")"
                            : "more than the call's deadline leaves");
          return response;
        }
        wait = asked ? *asked : backoff(attempt);
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
