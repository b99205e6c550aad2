#include <b44/log.hpp>

#include <iostream>
#include <mutex>

namespace b44 {

LogSink stderrLogSink() {
  return [](LogLevel level, std::string_view message) {
    static std::mutex mutex;
    const char* tag = level == LogLevel::Debug  ? "debug"
                      : level == LogLevel::Info ? "info"
                                                : "warn";
    std::lock_guard lock(mutex);
    std::cerr << "[b44 " << tag << "] " << message << '\n';
  };
}

}  // namespace b44
