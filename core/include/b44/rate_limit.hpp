#pragma once
// Rate limits: how a service signals them (declared by its adapter, carried by
// each call's CallContext), what one answer says about them, and the options
// of the optional client-side limiter (makeRateLimitPolicy in pipeline.hpp).
#include <b44/http.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace b44 {

// How the service signals its rate limits, so waits and client-side pacing
// follow the service's own numbers. Retry-After is always honoured.
// (b44::plugin::RateLimitSignals, the name adapters use, is this type.)
struct RateLimitSignals {
  // Statuses that may mean "slow down" besides 429 (GitHub's 403, Google's
  // 403 rateLimitExceeded, Linear's 400 RATELIMITED). Such an answer is a rate
  // limit only with evidence: a Retry-After, the remaining header at 0, or a
  // body containing one of extraStatusBodyMarkers. Otherwise it is an ordinary
  // error (a 403 for a missing permission is never retried as a limit).
  std::vector<int> extraStatuses;
  std::string remainingHeader;  // e.g. "X-RateLimit-Remaining"
  std::string resetHeader;      // e.g. "X-RateLimit-Reset"
  // What the reset header holds: seconds from now (DeltaSeconds), or the reset
  // time as Unix seconds (EpochSeconds) or milliseconds (EpochMilliseconds).
  enum class ResetFormat { DeltaSeconds, EpochSeconds, EpochMilliseconds };
  // How to read resetHeader.
  ResetFormat resetFormat = ResetFormat::DeltaSeconds;
  // Text in the body of an extra-status answer that marks it as a rate limit,
  // e.g. "rateLimitExceeded", "REQUEST_LIMIT_EXCEEDED", "RATELIMITED".
  std::vector<std::string> extraStatusBodyMarkers;
};

// The reset formats' names in JSON (`describe`, the emulator's fault rules):
// "delta_seconds", "epoch_seconds", "epoch_milliseconds". nlohmann reads an
// unknown name as the first; a reader that must refuse one checks that the
// value converts back to the same name.
NLOHMANN_JSON_SERIALIZE_ENUM(RateLimitSignals::ResetFormat,
                             {{RateLimitSignals::ResetFormat::DeltaSeconds, "delta_seconds"},
                              {RateLimitSignals::ResetFormat::EpochSeconds, "epoch_seconds"},
                              {RateLimitSignals::ResetFormat::EpochMilliseconds,
                               "epoch_milliseconds"}})

// What one answer says about the rate limit.
struct RateLimitReading {
  bool limited = false;                // 429, or a declared extra status taken as a rate limit
  std::optional<long long> remaining;  // the remaining header
  std::optional<std::chrono::milliseconds> resetIn;     // the reset header, from now
  std::optional<std::chrono::milliseconds> retryAfter;  // Retry-After, from now

  // How long the service asks the client to hold off before the next request:
  // Retry-After, or the reset time when the answer is a rate limit or the
  // remaining budget is 0; the larger when both are given.
  [[nodiscard]] std::optional<std::chrono::milliseconds> holdOff() const;
};

// Reads status, Retry-After and the declared remaining/reset headers. Epoch
// and HTTP-date values are measured from `wallNow`; unparsable values are
// ignored.
RateLimitReading readRateLimit(const HttpResponse& response, const RateLimitSignals& signals,
                               std::chrono::system_clock::time_point wallNow);

// The optional client-side limiter (ClientOptions::rateLimit): one budget per
// (integration type, connection), shared by every ServiceClient of a Client,
// so that a burst does not earn a 429 in the first place. Off by default.
struct RateLimitOptions {
  // Turns the limiter on; the other options apply only then.
  bool enabled = false;
  // A steady pace per budget (token bucket); 0 = no pace of its own, only
  // the service's signals.
  double requestsPerSecond = 0;
  std::size_t burst = 1;  // requests that may go at once before the pace applies
  // Follow the service: hold off until the reset time when the remaining
  // header reaches 0, and after a 429 for as long as it asks.
  bool adaptive = true;
};

}  // namespace b44
