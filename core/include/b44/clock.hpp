#pragma once
// Time as a dependency: the connection cache and the retry policy read the time
// and wait through a Clock, so tests drive them with ManualClock and never sleep.
#include <chrono>
#include <memory>
#include <mutex>

namespace b44 {

// Where the framework reads the time and waits. systemClock() is the real one;
// tests pass a ManualClock.
class Clock {
 public:
  // A span of steady time.
  using Duration = std::chrono::steady_clock::duration;
  // A point in steady time (for deadlines and expiry, never shown to people).
  using TimePoint = std::chrono::steady_clock::time_point;
  virtual ~Clock() = default;
  // The current steady time.
  [[nodiscard]] virtual TimePoint now() const = 0;
  // Blocks the calling thread for `duration` (retry back-off, rate-limit waits).
  virtual void sleepFor(Duration duration) = 0;
  // Wall-clock time, for HTTP dates (Retry-After) and epoch-based rate-limit
  // reset headers. Default: the system clock.
  [[nodiscard]] virtual std::chrono::system_clock::time_point wallNow() const;
};

// The real steady clock.
std::shared_ptr<Clock> systemClock();

// A clock that only moves when told to. sleepFor() advances it instantly and
// records the total time slept, so a test can assert on back-off delays. Its
// wall time starts at kManualWallStart (or setWallTime) and moves with it.
class ManualClock : public Clock {
 public:
  // The time set so far: zero plus every advance() and sleepFor().
  [[nodiscard]] TimePoint now() const override;
  // Returns at once, having moved the clock by `duration` and added it to
  // totalSlept().
  void sleepFor(Duration duration) override;
  // The wall time, moving with now().
  [[nodiscard]] std::chrono::system_clock::time_point wallNow() const override;
  // Moves the clock by `duration` without counting it as slept.
  void advance(Duration duration);
  // The sum of every sleepFor() so far.
  [[nodiscard]] Duration totalSlept() const;
  // What wallNow() answers at the current now().
  void setWallTime(std::chrono::system_clock::time_point wall);

  // 2026-01-01T00:00:00Z: a whole second, so HTTP dates are exact.
  static constexpr std::chrono::seconds kManualWallStart{1767225600};

 private:
  mutable std::mutex mutex_;
  TimePoint now_{};
  Duration slept_{};
  std::chrono::system_clock::time_point wallAtZero_{kManualWallStart};
};

}  // namespace b44
