// Several processes of one app: calls per second of 1, 2 and 4 processes
// (b44_fleet_worker, real processes) against the in-process emulator, each
// process on its own (no Redis) and sharing a real redis-server, with the
// Base44 connection fetches each run made. Each run starts its processes
// together (they wait for "go" on stdin once set up) and starts from an
// empty Redis. Run from an optimised build tree (the medians of 5):
//   B44_TEST_ADAPTER_DIR=$PWD/lib/b44/adapters bin/b44_fleet_bench
//       --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "fleet_support.hpp"
#include "redis_server.hpp"

namespace {

constexpr int kCallsPerProcess = 2000;

// The emulator and the redis-server, made once for the whole run.
struct Backends {
  b44::testing::RedisServer redis;
  std::unique_ptr<b44::emulator::Emulator> emulator = b44::fleet::startEmulator();
};

Backends& backends() {
  static Backends instance;
  return instance;
}

// state.range(0): processes; state.range(1): 1 = sharing through Redis.
void BM_Fleet_CallsPerSecond(benchmark::State& state) {
  auto& b = backends();
  const int processes = static_cast<int>(state.range(0));
  const bool shared = state.range(1) == 1;
  auto env = b44::fleet::environment(*b.emulator, shared ? b.redis.url() : "");
  env["B44_FLEET_START"] = "stdin";
  const std::vector<std::string> args{std::to_string(kCallsPerProcess),
                                      "slack,googlecalendar,notion,wrike"};
  double fetches = 0;
  for (auto _ : state) {
    b.redis.command({"FLUSHALL"});
    b.emulator->clearRecords();
    std::vector<std::unique_ptr<b44::fleet::Worker>> fleet;
    for (int i = 0; i < processes; ++i) {
      fleet.push_back(std::make_unique<b44::fleet::Worker>(args, env));
      if (!fleet.back()->reached("ready")) state.SkipWithError("a worker did not start");
    }
    const auto started = std::chrono::steady_clock::now();
    for (auto& worker : fleet) worker->go();
    for (auto& worker : fleet) {
      const auto result = worker->result();
      if (result.is_null() || result["ok"] != kCallsPerProcess) {
        state.SkipWithError(("calls failed: " + result.dump()).c_str());
      }
    }
    state.SetIterationTime(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    fetches += static_cast<double>(b.emulator->base44Requests().size());
  }
  state.counters["calls_per_s"] = benchmark::Counter(
      static_cast<double>(processes * kCallsPerProcess) * static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate);
  state.counters["base44_fetches"] = fetches / static_cast<double>(state.iterations());
}
BENCHMARK(BM_Fleet_CallsPerSecond)
    ->ArgNames({"processes", "redis"})
    ->ArgsProduct({{1, 2, 4}, {0, 1}})
    ->UseManualTime()
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
