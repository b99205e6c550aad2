#include "deadline_watchdog.hpp"

#include <algorithm>
#include <utility>

namespace b44::detail {

DeadlineWatchdog::~DeadlineWatchdog() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

DeadlineWatchdog::Guard::Guard(Guard&& other) noexcept
    : owner_(std::exchange(other.owner_, nullptr)), id_(std::exchange(other.id_, 0)) {}

DeadlineWatchdog::Guard& DeadlineWatchdog::Guard::operator=(Guard&& other) noexcept {
  if (this != &other) {
    cancel();
    owner_ = std::exchange(other.owner_, nullptr);
    id_ = std::exchange(other.id_, 0);
  }
  return *this;
}

void DeadlineWatchdog::Guard::cancel() {
  if (owner_ != nullptr) std::exchange(owner_, nullptr)->cancel(id_);
}

DeadlineWatchdog::Guard DeadlineWatchdog::watch(SteadyClock::time_point deadline,
                                                std::function<void()> onExpiry) {
  std::uint64_t id = 0;
  {
    const std::lock_guard lock(mutex_);
    id = nextId_++;
    watches_.emplace(id, Watch{deadline, std::move(onExpiry)});
    if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
  }
  changed_.notify_all();
  return Guard(this, id);
}

void DeadlineWatchdog::cancel(std::uint64_t id) {
  // Under the lock the expiry actions run under: after this, none runs.
  const std::lock_guard lock(mutex_);
  watches_.erase(id);
}

void DeadlineWatchdog::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (watches_.empty()) {
      changed_.wait(lock);
      continue;
    }
    const auto soonest = std::min_element(
        watches_.begin(), watches_.end(),
        [](const auto& a, const auto& b) { return a.second.deadline < b.second.deadline; });
    // A copy: the watch may be cancelled (and erased) while this waits.
    const auto deadline = soonest->second.deadline;
    if (SteadyClock::now() < deadline) {
      changed_.wait_until(lock, deadline);
      continue;
    }
    const auto onExpiry = std::move(soonest->second.onExpiry);
    watches_.erase(soonest);
    onExpiry();
  }
}

}  // namespace b44::detail
