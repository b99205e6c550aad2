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
};

// The real steady clock.
std::shared_ptr<Clock> systemClock();

// A clock that only moves when told to. sleepFor() advances it instantly and
// records the total time slept, so a test can assert on back-off delays.
class ManualClock : public Clock {
 public:
  [[nodiscard]] TimePoint now() const override;
  void sleepFor(Duration duration) override;
  void advance(Duration duration);
  [[nodiscard]] Duration totalSlept() const;

 private:
  mutable std::mutex mutex_;
  TimePoint now_{};
  Duration slept_{};
};

}  // namespace b44
