#pragma once
// The one send path. Every request, to Base44 or to a service, goes through an
// ordered chain of policies and then the transport:
//
//   retry  ->  [rate limit]  ->  (authentication, added by the caller)  ->  logging  ->  transport
//
// Authentication sits inside retry so that every attempt carries a current
// token, and a 401 can refresh the connection before the next attempt. The
// client-side rate limiter (off by default) paces every attempt.
#include <b44/clock.hpp>
#include <b44/http.hpp>
#include <b44/log.hpp>
#include <b44/rate_limit.hpp>
#include <b44/secret.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace b44 {

// Set by the retry policy when a call's final answer is a rate limit it did
// not wait out; the service layer turns the service's error into a
// RateLimitError carrying the wait.
struct RateLimitRefusal {
  // True when the final answer was such a rate limit.
  bool refused = false;
  std::optional<std::chrono::milliseconds> retryAfter;  // what the service asked for
  std::string why;  // why it was not waited out: "more than the call's deadline leaves"
};

// What the policies need to know about the call being made.
struct CallContext {
  // Whether the request is for Base44 or for a service.
  Destination destination = Destination::Upstream;
  // True when sending the request twice is harmless (GETs, actions declared
  // retry-safe). Unsafe requests are never re-sent once they may have arrived.
  bool retrySafe = false;
  std::string operation;      // for errors and logs: "slack.post_message"
  Clock::TimePoint deadline;  // the whole call, every attempt and wait included
  // The service's rate-limit signals (from its adapter), read by the retry
  // policy and the client-side limiter. Empty for Base44 requests.
  RateLimitSignals rateLimit;
  // The client-side limiter's budget for this call: integration type and
  // connection, e.g. "slack|app:slack". Empty = not limited.
  std::string rateLimitKey;
  // Service calls: the adapter's declared host the request is addressed to
  // while its URL is still relative ("/chat.postMessage"); the authentication
  // step makes it absolute for each attempt.
  std::string upstreamHost;
  // A file download: a GET redirected off the adapter's declared hosts (to a
  // pre-signed link) is followed once, without the token or any header of
  // the adapter's.
  bool followForeignRedirect = false;
  // Set once part of a body reached HttpRequest::bodySink: the call cannot be
  // retried any more (the bytes cannot be taken back).
  bool bodyDelivered = false;
  // Filled by the retry policy when it did not wait out a rate limit.
  RateLimitRefusal rateLimitRefusal;
  // The tokens the attempts presented, so that error texts can be scrubbed
  // of them (a service may echo the token it received).
  std::vector<Secret> presentedTokens;
  // Secrets the request itself carries besides a token (a webhook token in
  // its path): the logging step shows its URL with them, and the presented
  // tokens, replaced by "****".
  std::vector<Secret> requestSecrets;
  // Base44's proxy: the credits callApi charged, summed over the attempts.
  double creditsCharged = 0;
};

// How the retry policy retries (see makeRetryPolicy): the Nth retry waits
// initialDelay * multiplier^(N-1) times the jitter, at most maxDelay.
struct RetryOptions {
  int maxAttempts = 4;  // the first attempt included; 1 disables retries
  // The back-off before the first retry.
  std::chrono::milliseconds initialDelay{200};
  std::chrono::milliseconds maxDelay{10'000};  // cap for any single wait
  // Each further back-off is this many times the one before.
  double multiplier = 2.0;
  std::chrono::milliseconds callDeadline{60'000};  // the whole call
  // Scales each back-off delay; returns a factor in [0.5, 1.0]. Defaults to a
  // random one; tests inject a constant to make delays exact.
  std::function<double()> jitter;
  // An unsafe call that the service refused with a rate limit (429, or one of
  // the adapter's extra statuses) is re-sent only when this is set: by default
  // nothing unsafe is re-sent once it reached the service.
  bool retryUnsafeWhenRateLimited = false;
};

// The rest of the chain after a policy, down to the transport.
using NextPolicy = std::function<HttpResponse(HttpRequest&, CallContext&)>;

// One stage of the send path (retry, rate limit, authentication, logging).
class HttpPolicy {
 public:
  virtual ~HttpPolicy() = default;
  // Handles one request: may change it, call `next` (any number of times,
  // e.g. to retry) and return or replace its answer.
  virtual HttpResponse send(HttpRequest& request, CallContext& context, const NextPolicy& next) = 0;
};

// The send path: the policies in order, then the transport.
class HttpPipeline {
 public:
  // `policies` run first to last; `clock` gives the time left before the call's
  // deadline; `readTimeout` is the transport's, so that a timeout error can say
  // whether the call's deadline was the tighter bound.
  HttpPipeline(std::vector<std::shared_ptr<HttpPolicy>> policies,
               std::shared_ptr<HttpTransport> transport, std::shared_ptr<Clock> clock,
               std::chrono::milliseconds readTimeout);
  // Sends `request` through every policy and the transport. The transport gets
  // what is left of context.deadline; none left is a TransportError (Timeout,
  // NotSent) naming context.operation.
  HttpResponse send(HttpRequest request, CallContext& context) const;

 private:
  HttpResponse sendFrom(std::size_t index, HttpRequest& request, CallContext& context) const;
  std::vector<std::shared_ptr<HttpPolicy>> policies_;
  std::shared_ptr<HttpTransport> transport_;
  std::shared_ptr<Clock> clock_;
  std::chrono::milliseconds readTimeout_;
};

// Retries 408, 429, 5xx, the adapter's extra rate-limit statuses and transport
// failures with exponential back-off and jitter; honours Retry-After (seconds
// or HTTP date) and the adapter's reset header. No single wait exceeds
// maxDelay and none passes the call's deadline. Unsafe calls are retried only
// when the transport proves the request was not sent.
std::shared_ptr<HttpPolicy> makeRetryPolicy(RetryOptions options, std::shared_ptr<Clock> clock);

// The client-side rate limiter for calls with a rateLimitKey. Each budget
// paces requests (token bucket) and, when adaptive, holds off until the
// service's reset time once its remaining budget is 0 or after a 429. A wait
// that would pass the call's deadline is a TransportError (Timeout, NotSent).
// Every pipeline of a Client shares one limiter (ClientOptions::rateLimit).
std::shared_ptr<HttpPolicy> makeRateLimitPolicy(RateLimitOptions options,
                                                std::shared_ptr<Clock> clock);

// Logs method, URL and status at Debug; credential headers are never logged.
std::shared_ptr<HttpPolicy> makeLoggingPolicy(LogSink sink);

// The longest wait a header is taken to ask for; longer values are clamped
// to it before any arithmetic (they only mean "not any time soon").
inline constexpr std::chrono::milliseconds kLongestAskedWait = std::chrono::hours(24 * 366);

// The wait a Retry-After value asks for ("120" or an HTTP date), if it parses,
// at most kLongestAskedWait.
std::optional<std::chrono::milliseconds> parseRetryAfter(std::string_view value,
                                                         std::chrono::system_clock::time_point now);

}  // namespace b44
