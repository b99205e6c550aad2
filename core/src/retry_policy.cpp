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

bool isRetryableStatus(int status) { return status == 408 || status == 429 || status >= 500; }

double randomJitter() {
  thread_local std::mt19937 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.5, 1.0)(engine);
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
      try {
        HttpRequest copy = request;  // inner policies may rewrite it per attempt
        HttpResponse response = next(copy, context);
        // An unsafe request that got an answer was received: never re-send.
        if (lastAttempt || !context.retrySafe || !isRetryableStatus(response.status))
          return response;
        wait = delayFor(attempt, response);
      } catch (const TransportError& e) {
        const bool provenNotSent = e.phase() == TransportError::Phase::NotSent;
        if (lastAttempt || !(context.retrySafe || provenNotSent)) {
          if (!context.retrySafe && !provenNotSent) {
            throw TransportError(TransportError::Kind::OutcomeUnknown, e.phase(),
                                 context.operation +
                                     ": the outcome is unknown (the request may have reached the "
                                     "service and is not safe to retry): " +
                                     e.what());
          }
          throw;
        }
        wait = backoff(attempt);
      }
      if (clock_->now() + wait >= context.deadline) {
        throw TransportError(TransportError::Kind::Timeout, TransportError::Phase::NotSent,
                             context.operation + ": giving up after " + std::to_string(attempt) +
                                 " attempt(s); the next wait would pass the call deadline");
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

  std::chrono::milliseconds delayFor(int attempt, const HttpResponse& response) const {
    if (const auto header = response.headers.get("Retry-After")) {
      if (const auto asked = parseRetryAfter(*header, std::chrono::system_clock::now())) {
        return std::min(*asked, options_.maxDelay);
      }
    }
    return backoff(attempt);
  }

  RetryOptions options_;
  std::shared_ptr<Clock> clock_;
};

}  // namespace

std::shared_ptr<HttpPolicy> makeRetryPolicy(RetryOptions options, std::shared_ptr<Clock> clock) {
  return std::make_shared<RetryPolicy>(std::move(options), std::move(clock));
}

}  // namespace b44
