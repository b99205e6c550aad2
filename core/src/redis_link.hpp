#pragma once
// One connection to Redis shared by a client's threads, every wait on it
// bounded (SharedBackendOptions::timeout). When Redis is down, slow or answers
// garbage, run() answers nothing at once for retryInterval (the callers go on
// with their in-process state), warns once per interval, and tries again
// after it.
#include <b44/clock.hpp>
#include <b44/log.hpp>
#include <b44/shared_backend.hpp>

#include <Poco/Redis/Array.h>
#include <Poco/Redis/Type.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace Poco::Redis {
class Client;
}

namespace b44::detail {

struct Metrics;

// Readers of a reply: its value when it has that shape, else nullopt/null.
std::optional<std::string> replyText(const Poco::Redis::RedisType::Ptr& reply);  // bulk or simple
bool replyIsNil(const Poco::Redis::RedisType::Ptr& reply);
std::optional<long long> replyInteger(const Poco::Redis::RedisType::Ptr& reply);
const Poco::Redis::Array* replyArray(const Poco::Redis::RedisType::Ptr& reply);

class RedisLink {
 public:
  RedisLink(RedisEndpoint endpoint, const SharedBackendOptions& options,
            std::shared_ptr<Clock> clock, LogSink log, Metrics& metrics);
  ~RedisLink();
  RedisLink(const RedisLink&) = delete;
  RedisLink& operator=(const RedisLink&) = delete;

  // The reply to `command`, or nullopt when Redis is unavailable (counted as
  // a fallback). `what` names the operation in the warning. `onNoScript`:
  // sent instead when `command` (an EVALSHA) meets a server without the
  // script.
  std::optional<Poco::Redis::RedisType::Ptr> run(const Poco::Redis::Array& command,
                                                 std::string_view what,
                                                 const Poco::Redis::Array* onNoScript = nullptr);
  // EVAL of `script` with `keys` and `args`.
  std::optional<Poco::Redis::RedisType::Ptr> eval(const std::string& script,
                                                  const std::vector<std::string>& keys,
                                                  const std::vector<std::string>& args,
                                                  std::string_view what);
  // A reply the caller cannot use: Redis counts as down, as for a failure.
  void garbage(std::string_view what);

 private:
  void failLocked(std::string_view what, std::string_view why);
  void connectLocked();

  RedisEndpoint endpoint_;
  std::chrono::milliseconds timeout_;
  std::chrono::milliseconds retryInterval_;
  std::shared_ptr<Clock> clock_;
  LogSink log_;
  Metrics& metrics_;
  // One exchange at a time: `busy_` (under `gate_`) is held for the whole
  // exchange, and waiting for it is bounded by `timeout_`. (Not a
  // std::timed_mutex: its timed lock is invisible to ThreadSanitizer.)
  class Turn;
  std::mutex gate_;
  std::condition_variable freed_;
  bool busy_ = false;
  std::unique_ptr<Poco::Redis::Client> client_;  // null: not connected
  Clock::TimePoint downUntil_{};
  std::optional<Clock::TimePoint> lastWarning_;
  bool down_ = false;
};

}  // namespace b44::detail
