#pragma once
// What the fleet tests and the fleet benchmark share: the emulator the
// worker processes call (in this process, on the system clock), the
// environment that points a worker at it and at Redis, and a worker process
// with its output.
#include <b44/emulator.hpp>
#include <b44/registry.hpp>

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>

#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace b44::fleet {

// The cache key every worker of a run shares.
inline constexpr const char* kCacheKey =
    "3f1c0e5a9b7d2c4e6f8a0b1c2d3e4f506172839405a6b7c8d9e0f1a2b3c4d5e6";

// The real adapters, from B44_TEST_ADAPTER_DIR, loaded once.
inline Registry& registry() {
  static Registry* loaded = [] {
    static Registry instance;
    if (const char* dir = std::getenv("B44_TEST_ADAPTER_DIR")) instance.loadDirectory(dir);
    return &instance;
  }();
  return *loaded;
}

// An emulator with connections for slack, googlecalendar, notion, wrike,
// github and calendly, started.
inline std::unique_ptr<emulator::Emulator> startEmulator() {
  emulator::EmulatorOptions options;
  options.connections = {{"app_id", "app_fleet"},
                         {"service_token", "service-token-fleet"},
                         {"connections",
                          {{"slack", {{"access_token", "xoxp-fleet-slack"}}},
                           {"googlecalendar", {{"access_token", "ya29.fleet-calendar"}}},
                           {"notion", {{"access_token", "secret_fleet-notion"}}},
                           {"wrike",
                            {{"access_token", "eyJ0.fleet-wrike"},
                             {"connection_config", {{"host", "app-eu.wrike.com"}}}}},
                           {"github", {{"access_token", "ghp_fleet-github"}}},
                           {"calendly", {{"access_token", "eyJ.fleet-calendly"}}}}}};
  options.routeFiles = {emulator::defaultRouteDirectory()};
  options.maxThreads = 48;
  options.maxRecords = 0;
  options.adapterLookup = [](std::string_view type) { return registry().adapter(type); };
  auto started = std::make_unique<emulator::Emulator>(std::move(options));
  started->start();
  return started;
}

// A worker's environment: the emulator's Base44 and sandbox, and Redis when
// `redisUrl` is not empty.
inline Poco::Process::Env environment(const emulator::Emulator& emulator,
                                      const std::string& redisUrl) {
  return {{"BASE44_APP_ID", emulator.appId()},
          {"BASE44_SERVICE_TOKEN", emulator.serviceToken()},
          {"BASE44_API_URL", emulator.base44Url()},
          {"B44_CONNECT_TO", emulator.sandboxUrl()},
          {"B44_REDIS_URL", redisUrl},
          {"B44_CACHE_KEY", redisUrl.empty() ? "" : kCacheKey},
          {"B44_LOG", std::getenv("FLEET_DEBUG") ? "debug" : ""}};
}

// One b44_fleet_worker process (see fleet_worker.cpp for its arguments and
// output); killed if still running when destroyed.
class Worker {
 public:
  Worker(const std::vector<std::string>& args, const Poco::Process::Env& env)
      : handle_(Poco::Process::launch(B44_FLEET_WORKER, args, &in_, &out_, nullptr, env)),
        lines_(out_) {}
  ~Worker() {
    try {
      if (exitCode_ < 0) {
        if (Poco::Process::isRunning(handle_)) Poco::Process::kill(handle_);
        handle_.wait();
      }
    } catch (...) {  // already reaped
    }
  }
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Reads until the line `wanted` (false: the worker ended first).
  bool reached(const std::string& wanted) {
    for (std::string line; std::getline(lines_, line);) {
      if (line == wanted) return true;
      if (line.starts_with("result ")) {
        result_ = nlohmann::json::parse(line.substr(7));
        return false;
      }
    }
    return false;
  }
  // For B44_FLEET_START=stdin: lets it start its calls.
  void go() {
    Poco::PipeOutputStream out(in_);
    out << "go" << std::endl;
  }
  // Its "result" line once it exited (null when it printed none).
  nlohmann::json result() {
    for (std::string line; result_.is_null() && std::getline(lines_, line);) {
      if (line.starts_with("result ")) result_ = nlohmann::json::parse(line.substr(7));
    }
    exitCode_ = handle_.wait();
    return result_;
  }
  [[nodiscard]] int exitCode() const { return exitCode_; }

 private:
  Poco::Pipe in_;
  Poco::Pipe out_;
  Poco::ProcessHandle handle_;
  Poco::PipeInputStream lines_;
  nlohmann::json result_;
  int exitCode_ = -1;
};

}  // namespace b44::fleet
