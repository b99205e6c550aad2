#include <b44/clock.hpp>

#include <thread>

namespace b44 {
namespace {

class SystemClock final : public Clock {
 public:
  [[nodiscard]] TimePoint now() const override { return std::chrono::steady_clock::now(); }
  void sleepFor(Duration duration) override { std::this_thread::sleep_for(duration); }
};

}  // namespace

std::chrono::system_clock::time_point Clock::wallNow() const {
  return std::chrono::system_clock::now();
}

std::shared_ptr<Clock> systemClock() {
  static const auto clock = std::make_shared<SystemClock>();
  return clock;
}

Clock::TimePoint ManualClock::now() const {
  std::lock_guard lock(mutex_);
  return now_;
}

void ManualClock::sleepFor(Duration duration) {
  std::lock_guard lock(mutex_);
  now_ += duration;
  slept_ += duration;
}

void ManualClock::advance(Duration duration) {
  std::lock_guard lock(mutex_);
  now_ += duration;
}

std::chrono::system_clock::time_point ManualClock::wallNow() const {
  std::lock_guard lock(mutex_);
  return wallAtZero_ +
         std::chrono::duration_cast<std::chrono::system_clock::duration>(now_.time_since_epoch());
}

void ManualClock::setWallTime(std::chrono::system_clock::time_point wall) {
  std::lock_guard lock(mutex_);
  wallAtZero_ = wall - std::chrono::duration_cast<std::chrono::system_clock::duration>(
                           now_.time_since_epoch());
}

Clock::Duration ManualClock::totalSlept() const {
  std::lock_guard lock(mutex_);
  return slept_;
}

}  // namespace b44
