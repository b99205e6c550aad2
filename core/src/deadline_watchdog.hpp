#pragma once
// A thread that shuts a socket down when the exchange on it outlives its
// deadline. Per-operation socket timeouts cannot bound a TLS read: inside one
// SSL_read OpenSSL waits for a whole record, and a peer that trickles its
// bytes restarts the wait with each one. Shutting the socket down makes the
// blocked read return at once, whatever layer it is in.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace b44::detail {

class DeadlineWatchdog {
 public:
  using SteadyClock = std::chrono::steady_clock;

  DeadlineWatchdog() = default;
  DeadlineWatchdog(const DeadlineWatchdog&) = delete;
  DeadlineWatchdog& operator=(const DeadlineWatchdog&) = delete;
  ~DeadlineWatchdog();

  // Cancels its watch when destroyed; once that returns, the expiry action
  // has either run to its end or never will, so the socket it names may be
  // closed or handed to another exchange.
  class Guard {
   public:
    Guard() = default;
    Guard(Guard&& other) noexcept;
    Guard& operator=(Guard&& other) noexcept;
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;
    ~Guard() { cancel(); }
    void cancel();

   private:
    friend class DeadlineWatchdog;
    Guard(DeadlineWatchdog* owner, std::uint64_t id) : owner_(owner), id_(id) {}
    DeadlineWatchdog* owner_ = nullptr;
    std::uint64_t id_ = 0;
  };

  // Runs `onExpiry` (on the watchdog's thread, under its lock: keep it to a
  // flag and a shutdown(2)) if the guard still lives at `deadline`. The
  // thread starts with the first watch.
  [[nodiscard]] Guard watch(SteadyClock::time_point deadline, std::function<void()> onExpiry);

 private:
  void run();
  void cancel(std::uint64_t id);

  struct Watch {
    SteadyClock::time_point deadline;
    std::function<void()> onExpiry;
  };
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::uint64_t, Watch> watches_;
  std::uint64_t nextId_ = 1;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace b44::detail
