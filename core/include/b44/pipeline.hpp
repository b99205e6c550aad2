#pragma once
// The one send path. Every request, to Base44 or to a service, goes through an
// ordered chain of policies and then the transport:
//
//   retry  ->  (authentication, added by the caller)  ->  logging  ->  transport
//
// Authentication sits inside retry so that every attempt carries a current
// token, and a 401 can refresh the connection before the next attempt.
#include <b44/clock.hpp>
#include <b44/http.hpp>
#include <b44/log.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace b44 {

// What the policies need to know about the call being made.
struct CallContext {
  Destination destination = Destination::Upstream;
  // True when sending the request twice is harmless (GETs, actions declared
  // retry-safe). Unsafe requests are never re-sent once they may have arrived.
  bool retrySafe = false;
  std::string operation;      // for errors and logs: "slack.post_message"
  Clock::TimePoint deadline;  // the whole call, every attempt and wait included
};

struct RetryOptions {
  int maxAttempts = 4;  // the first attempt included; 1 disables retries
  std::chrono::milliseconds initialDelay{200};
  std::chrono::milliseconds maxDelay{10'000};  // cap for any single wait
  double multiplier = 2.0;
  std::chrono::milliseconds callDeadline{60'000};  // the whole call
  // Scales each back-off delay; returns a factor in [0.5, 1.0]. Defaults to a
  // random one; tests inject a constant to make delays exact.
  std::function<double()> jitter;
};

using NextPolicy = std::function<HttpResponse(HttpRequest&, CallContext&)>;

class HttpPolicy {
 public:
  virtual ~HttpPolicy() = default;
  virtual HttpResponse send(HttpRequest& request, CallContext& context, const NextPolicy& next) = 0;
};

class HttpPipeline {
 public:
  HttpPipeline(std::vector<std::shared_ptr<HttpPolicy>> policies,
               std::shared_ptr<HttpTransport> transport, std::shared_ptr<Clock> clock,
               std::chrono::milliseconds readTimeout);
  HttpResponse send(HttpRequest request, CallContext& context) const;

 private:
  HttpResponse sendFrom(std::size_t index, HttpRequest& request, CallContext& context) const;
  std::vector<std::shared_ptr<HttpPolicy>> policies_;
  std::shared_ptr<HttpTransport> transport_;
  std::shared_ptr<Clock> clock_;
  std::chrono::milliseconds readTimeout_;
};

// Retries 408, 429 and 5xx answers and transport failures with exponential
// back-off and jitter; honours Retry-After (seconds or HTTP date). Unsafe calls
// are retried only when the transport proves the request was not sent.
std::shared_ptr<HttpPolicy> makeRetryPolicy(RetryOptions options, std::shared_ptr<Clock> clock);

// Logs method, URL and status at Debug; credential headers are never logged.
std::shared_ptr<HttpPolicy> makeLoggingPolicy(LogSink sink);

// The wait a Retry-After value asks for ("120" or an HTTP date), if it parses.
std::optional<std::chrono::milliseconds> parseRetryAfter(std::string_view value,
                                                         std::chrono::system_clock::time_point now);

}  // namespace b44
