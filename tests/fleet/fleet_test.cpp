// A fleet of real processes (b44_fleet_worker) sharing one redis-server, in
// front of the in-process emulator: one Base44 fetch per key per time-to-live
// across all of them, one refresh after a token rotation, one rate budget,
// and every call ending well while Redis is killed and started again.
//
//   B44_FLEET_CALLS=<n>  calls per process in the big run (default 500)
#include <gtest/gtest.h>

#include <iostream>

#include "fleet_support.hpp"
#include "redis_server.hpp"

namespace b44 {
namespace {

using namespace std::chrono_literals;
using emulator::FaultKind;
using emulator::FaultRule;
using fleet::Worker;

const std::vector<std::string> kTypes{"slack", "googlecalendar", "notion", "wrike"};

class Fleet : public ::testing::Test {
 protected:
  Fleet() : emulator_(fleet::startEmulator()) {}

  // Starts `processes` workers making `calls` calls each over `types`.
  std::vector<std::unique_ptr<Worker>> start(int processes, int calls,
                                             const std::vector<std::string>& types,
                                             bool rateLimited = false, bool shared = true) {
    std::string list;
    for (const auto& type : types) list += (list.empty() ? "" : ",") + type;
    const auto env = fleet::environment(*emulator_, shared ? redis_.url() : "");
    std::vector<std::string> args{std::to_string(calls), list};
    if (rateLimited) args.emplace_back("rate");
    std::vector<std::unique_ptr<Worker>> workers;
    for (int i = 0; i < processes; ++i) workers.push_back(std::make_unique<Worker>(args, env));
    return workers;
  }

  // Every worker's result; each must have ended normally with all its calls
  // accounted for.
  std::vector<nlohmann::json> results(std::vector<std::unique_ptr<Worker>>& workers) {
    std::vector<nlohmann::json> out;
    for (auto& worker : workers) {
      auto result = worker->result();
      EXPECT_EQ(worker->exitCode(), 0);
      EXPECT_FALSE(result.is_null()) << "a worker printed no result";
      if (!result.is_null()) out.push_back(result);
    }
    return out;
  }

  static std::uint64_t sum(const std::vector<nlohmann::json>& results, const char* field) {
    std::uint64_t total = 0;
    for (const auto& result : results) total += result[field].get<std::uint64_t>();
    return total;
  }

  // Base44 connection fetches (GET .../external-auth/tokens/<type>).
  std::size_t fetchesOf(const std::string& type) const {
    std::size_t n = 0;
    for (const auto& request : emulator_->base44Requests()) {
      n += request.url.ends_with("/external-auth/tokens/" + type);
    }
    return n;
  }

  testing::RedisServer redis_;
  std::unique_ptr<emulator::Emulator> emulator_;
};

int callsPerProcess() {
  const char* text = std::getenv("B44_FLEET_CALLS");
  return text != nullptr && std::atoi(text) > 0 ? std::atoi(text) : 500;
}

TEST_F(Fleet, EightProcessesMakeOneBase44FetchPerKey) {
  const int calls = callsPerProcess();
  auto workers = start(8, calls, kTypes);
  const auto all = results(workers);
  ASSERT_EQ(all.size(), 8u);
  for (const auto& result : all) {
    EXPECT_EQ(result["ok"], calls) << result.dump();
  }
  for (const auto& type : kTypes) EXPECT_EQ(fetchesOf(type), 1u) << type;
  EXPECT_EQ(sum(all, "base44Fetches"), kTypes.size());
  EXPECT_EQ(sum(all, "redisFallbacks"), 0u);
  std::cout << "[fleet] 8 processes x " << calls << " calls: Base44 fetches "
            << sum(all, "base44Fetches") << ", shared hits " << sum(all, "sharedCacheHits")
            << ", lock waits " << sum(all, "lockWaits") << "\n";
}

TEST_F(Fleet, ATokenRotationMidRunIsRefreshedOnceFleetWide) {
  FaultRule rotate;
  rotate.kind = FaultKind::RotateToken;
  rotate.integrationType = "slack";
  rotate.skip = 100;  // after 100 slack calls, by whichever process
  rotate.times = 1;
  emulator_->addFault(rotate);
  auto workers = start(4, 200, {"slack", "notion"});
  const auto all = results(workers);
  ASSERT_EQ(all.size(), 4u);
  for (const auto& result : all) EXPECT_EQ(result["ok"], 200) << result.dump();
  EXPECT_EQ(emulator_->firedFaultCounts()["rotate_token"], 1u);
  EXPECT_EQ(fetchesOf("slack"), 2u);  // the first, and one refresh
  EXPECT_EQ(fetchesOf("notion"), 1u);
  EXPECT_EQ(sum(all, "sharedInvalidations"), 1u);
}

// Calendly's signals (X-RateLimit-Remaining, X-RateLimit-Reset in seconds):
// the sandbox allows 4 calls per second and answers 429 beyond.
void addCalendlyQuota(emulator::Emulator& emulator) {
  FaultRule quota;
  quota.kind = FaultKind::Quota;
  quota.integrationType = "calendly";
  quota.limit = 4;
  quota.window = 1s;
  emulator.addFault(quota);
}

TEST_F(Fleet, ProcessesShareOneRateBudget) {
  addCalendlyQuota(*emulator_);
  auto workers = start(3, 4, {"calendly"}, /*rateLimited=*/true);
  const auto all = results(workers);
  ASSERT_EQ(all.size(), 3u);
  for (const auto& result : all) EXPECT_EQ(result["ok"], 4) << result.dump();
  // Never beyond the quota: no 429 was needed, and every call reached it once.
  EXPECT_EQ(emulator_->firedFaultCounts()["quota"], 0u) << nlohmann::json(all).dump();
  EXPECT_EQ(emulator_->sandboxRequests().size(), 12u);
  EXPECT_GE(sum(all, "rateLimitWaits"), 1u);
}

// The control: the same fleet without Redis spends the budget three times
// over, which the test above would catch.
TEST_F(Fleet, WithoutRedisEachProcessSpendsItsOwnBudget) {
  addCalendlyQuota(*emulator_);
  auto workers = start(3, 4, {"calendly"}, /*rateLimited=*/true, /*shared=*/false);
  const auto all = results(workers);
  ASSERT_EQ(all.size(), 3u);
  for (const auto& result : all) EXPECT_EQ(result["ok"], 4) << result.dump();
  EXPECT_GT(emulator_->firedFaultCounts()["quota"], 0u);
}

TEST_F(Fleet, RedisKilledMidRunCostsNoCall) {
  // With the limiter on, every call goes to Redis (its shared budget), not
  // only the first per connection.
  auto workers = start(4, 300, kTypes, /*rateLimited=*/true);
  ASSERT_TRUE(workers[0]->reached("progress 100"));
  redis_.kill();
  ASSERT_TRUE(workers[0]->reached("progress 200"));
  redis_.start();
  const auto all = results(workers);
  ASSERT_EQ(all.size(), 4u);
  for (const auto& result : all) {
    EXPECT_EQ(result["ok"], 300) << result.dump();
    // No call waited on Redis beyond its bound (200 ms per exchange).
    EXPECT_LT(result["slowestMs"].get<long long>(), 2000) << result.dump();
  }
  EXPECT_GE(sum(all, "redisFallbacks"), 1u);
  std::cout << "[fleet] Redis killed and restarted: " << nlohmann::json(all).dump() << "\n";
}

}  // namespace
}  // namespace b44
