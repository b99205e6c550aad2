#pragma once
// Time as a dependency: the connection cache and the retry policy read the time
// and wait through a Clock, so tests drive them with ManualClock and never sleep.
#include <chrono>
#include <memory>
#include <mutex>

namespace b44 {

class Clock {
 public:
  using Duration = std::chrono::steady_clock::duration;
  using TimePoint = std::chrono::steady_clock::time_point;
  virtual ~Clock() = default;
  [[nodiscard]] virtual TimePoint now() const = 0;
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
  [[nodiscard]] TimePoint now() const override;
  void sleepFor(Duration duration) override;
  [[nodiscard]] std::chrono::system_clock::time_point wallNow() const override;
  void advance(Duration duration);
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
