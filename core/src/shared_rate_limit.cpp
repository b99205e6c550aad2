#include "shared_rate_limit.hpp"

#include <b44/http.hpp>

#include <cmath>

namespace b44::detail {
namespace {

// A budget's fields (a Redis hash): tokens and at (the bucket and when it was
// last filled), remaining and resetAt (the service's numbers, as for the
// in-process limiter), probing (1 until an answer tells the budget),
// probeUntil (the probe's lease), holdUntil (after a 429). Times are ms on
// Redis's clock, so the processes' clocks do not matter.
constexpr const char* kAcquire = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local adaptive, lease, keep = ARGV[3] == '1', tonumber(ARGV[4]), tonumber(ARGV[5])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at', 'remaining', 'resetAt', 'holdUntil',
                     'probeUntil', 'probing')
local tokens, at = tonumber(b[1]) or burst, tonumber(b[2]) or now
local remaining, resetAt = tonumber(b[3]), tonumber(b[4]) or 0
local holdUntil, probeUntil = tonumber(b[5]) or 0, tonumber(b[6]) or 0
local probing = b[7] == '1' or (b[7] == false and adaptive)
if rate > 0 then tokens = math.min(burst, tokens + (now - at) * rate / 1000) end
if adaptive and remaining and now >= resetAt then
  remaining = nil
  probing = true
end
local wait = 0
if now < holdUntil then wait = holdUntil - now end
if remaining and remaining <= 0 then wait = math.max(wait, resetAt - now) end
if rate > 0 and tokens < 1 then wait = math.max(wait, math.ceil((1 - tokens) * 1000 / rate)) end
local probe = 0
if wait == 0 and adaptive and probing then
  if probeUntil > now then
    wait = math.max(1, math.min(20, probeUntil - now))
  else
    probe = 1
    probeUntil = now + lease
  end
end
if wait == 0 then
  if rate > 0 then tokens = tokens - 1 end
  if remaining then remaining = remaining - 1 end
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now),
           'probing', probing and '1' or '0', 'probeUntil', tostring(probeUntil))
if remaining then
  redis.call('HSET', KEYS[1], 'remaining', tostring(remaining))
else
  redis.call('HDEL', KEYS[1], 'remaining')
end
redis.call('PEXPIRE', KEYS[1], keep)
return {wait, probe}
)lua";

// ARGV: probe (0/1), remaining ('' = none), resetIn ms ('' = none),
// limited (0/1), holdOff ms, answered (0/1), keep ms.
constexpr const char* kFinish = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if ARGV[1] == '1' then redis.call('HSET', KEYS[1], 'probeUntil', '0') end
if ARGV[6] ~= '1' then return 0 end
local b = redis.call('HMGET', KEYS[1], 'remaining', 'resetAt', 'probing', 'holdUntil')
local current, resetAt, probing = tonumber(b[1]), tonumber(b[2]) or 0, b[3] == '1'
if ARGV[2] ~= '' and ARGV[3] ~= '' then
  local reported, newReset = tonumber(ARGV[2]), now + tonumber(ARGV[3])
  -- Within one window the lowest count is the latest; a later reset time
  -- starts a new window.
  if current == nil or probing or newReset > resetAt + 1000 then
    redis.call('HSET', KEYS[1], 'remaining', tostring(reported), 'resetAt', tostring(newReset))
  else
    redis.call('HSET', KEYS[1], 'remaining', tostring(math.min(current, reported)))
  end
end
redis.call('HSET', KEYS[1], 'probing', '0')
if ARGV[4] == '1' then
  local hold = math.max(tonumber(b[4]) or 0, now + tonumber(ARGV[5]))
  redis.call('HSET', KEYS[1], 'holdUntil', tostring(hold))
end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[7]))
return 1
)lua";

// A budget nobody used for this long is forgotten (it is learnt again).
constexpr std::chrono::milliseconds kKeep{10 * 60 * 1000};

std::string formatRate(double value) {
  std::string text = std::to_string(value);  // "%f": no exponent for Lua's tonumber
  return text;
}

}  // namespace

SharedBudgets::SharedBudgets(RedisLink& link, std::string namespacePrefix, RateLimitOptions options)
    : link_(link), prefix_(std::move(namespacePrefix)), options_(options) {
  options_.burst = std::max<std::size_t>(options_.burst, 1);
}

std::string SharedBudgets::budgetKey(const std::string& key) const {
  return prefix_ + "rate:" + percentEncode(key);
}

std::optional<SharedBudgets::Grant> SharedBudgets::acquire(const std::string& key,
                                                           std::chrono::milliseconds probeLease) {
  const auto reply = link_.eval(
      kAcquire, {budgetKey(key)},
      {formatRate(options_.requestsPerSecond), std::to_string(options_.burst),
       options_.adaptive ? "1" : "0", std::to_string(std::max<long long>(1, probeLease.count())),
       std::to_string(kKeep.count())},
      "take from the shared rate budget");
  if (!reply) return std::nullopt;
  const auto* pair = replyArray(*reply);
  std::optional<long long> wait;
  std::optional<long long> probe;
  if (pair != nullptr && pair->size() == 2) {
    wait = replyInteger(*pair->begin());
    probe = replyInteger(*(pair->begin() + 1));
  }
  if (!wait || !probe || *wait < 0) {
    link_.garbage("take from the shared rate budget");
    return std::nullopt;
  }
  return Grant{std::chrono::milliseconds(*wait), *probe == 1};
}

void SharedBudgets::finish(const std::string& key, bool probe,
                           const std::optional<RateLimitReading>& reading) {
  std::string remaining;
  std::string resetIn;
  bool limited = false;
  long long holdOff = 0;
  if (reading) {
    if (reading->remaining && reading->resetIn) {
      remaining = std::to_string(*reading->remaining);
      resetIn = std::to_string(reading->resetIn->count());
    }
    limited = reading->limited;
    holdOff = reading->holdOff().value_or(std::chrono::milliseconds(0)).count();
  }
  link_.eval(kFinish, {budgetKey(key)},
             {probe ? "1" : "0", remaining, resetIn, limited ? "1" : "0", std::to_string(holdOff),
              reading ? "1" : "0", std::to_string(kKeep.count())},
             "return to the shared rate budget");
}

}  // namespace b44::detail
