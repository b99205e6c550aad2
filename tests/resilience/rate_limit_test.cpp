// The optional client-side rate limiter: off by default; when on, one budget
// per (integration type, connection) paces requests and follows the service's
// remaining/reset headers, so a burst does not earn a 429 in the first place.
// The emulator's quota is a real limiter on the same ManualClock.
#include "fixture.hpp"

#include <atomic>
#include <thread>

namespace b44::resilience {
namespace {

class ClientRateLimit : public ResilienceTest {
 protected:
  void SetUp() override {
    ResilienceTest::SetUp();
    flaky_ = std::make_shared<FlakyAdapter>(
        RateLimitSignals{.extraStatuses = {},
                         .remainingHeader = "X-RateLimit-Remaining",
                         .resetHeader = "X-RateLimit-Reset",
                         .resetFormat = RateLimitSignals::ResetFormat::DeltaSeconds});
  }
  // The service allows 5 requests per 10 s per connection.
  void addQuota(const std::string& integrationType = "flaky") {
    auto quota = fault(FaultKind::Quota, "/v1/items*");
    quota.limit = 5;
    quota.window = 10s;
    quota.integrationType = integrationType;
    addFault(quota);
  }
  std::size_t quotaRefusals() {
    const auto counts = emulator().firedFaultCounts();
    return counts.contains("quota") ? counts.at("quota") : 0;
  }
  ClientOptions limited(RateLimitOptions limiter = {.enabled = true}) {
    auto options = clientOptions();
    options.rateLimit = limiter;
    return options;
  }
};

TEST_F(ClientRateLimit, OffByDefaultSoABurstEarns429s) {
  addQuota();
  auto service = flaky();
  for (int i = 0; i < 12; ++i) service.invoke("get_item", {{"id", std::to_string(i)}});
  // Retries with Retry-After got every read through, but the service refused some.
  EXPECT_GT(quotaRefusals(), 0u);
}

TEST_F(ClientRateLimit, FollowingTheServicesHeadersABurstEarnsNo429) {
  addQuota();
  auto service = flaky(limited());
  for (int i = 0; i < 12; ++i) {
    EXPECT_EQ(service.invoke("get_item", {{"id", std::to_string(i)}})["id"], std::to_string(i));
  }
  EXPECT_EQ(quotaRefusals(), 0u);
  EXPECT_EQ(sandboxCount(), 12u);
  EXPECT_EQ(clock_->totalSlept(), 10s + 10s);  // waited for two resets: 5 + 5 + 2
}

TEST_F(ClientRateLimit, UnsafeActionsAreProtectedToo) {
  addQuota();
  auto service = flaky(limited());
  for (int i = 0; i < 7; ++i) service.invoke("create_item", {{"name", "n" + std::to_string(i)}});
  EXPECT_EQ(quotaRefusals(), 0u);
  EXPECT_EQ(sandboxCount(), 7u);  // each created exactly once
}

TEST_F(ClientRateLimit, ConcurrentCallersShareOneBudget) {
  addQuota();
  auto options = limited();
  // Each caller's wait advances the shared manual clock by itself, so four
  // callers waiting out one reset move it four times as far: the deadline must
  // allow for the sum (it is not what this test is about).
  options.retry.callDeadline = 10min;
  auto service = flaky(options);  // one Client: one limiter
  std::atomic<int> done{0};
  std::vector<std::thread> callers;
  for (int t = 0; t < 4; ++t) {
    callers.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        try {
          service.invoke("get_item", {{"id", std::to_string(t) + "-" + std::to_string(i)}});
          ++done;
        } catch (const std::exception& e) {
          ADD_FAILURE() << e.what();
        }
      }
    });
  }
  for (auto& caller : callers) caller.join();
  EXPECT_EQ(done, 20);
  EXPECT_EQ(quotaRefusals(), 0u);
}

TEST_F(ClientRateLimit, ASteadyPaceOfItsOwn) {
  auto service =
      flaky(limited({.enabled = true, .requestsPerSecond = 2, .burst = 2, .adaptive = false}));
  for (int i = 0; i < 6; ++i) service.invoke("get_item", {{"id", std::to_string(i)}});
  EXPECT_EQ(clock_->totalSlept(), 2s);  // two at once, then one every 500 ms
}

TEST_F(ClientRateLimit, EachConnectionHasItsOwnBudget) {
  const auto options =
      limited({.enabled = true, .requestsPerSecond = 1, .burst = 1, .adaptive = false});
  const Client client(options);  // one limiter, two connections
  auto app = ServiceClient(flaky_, client);
  ServiceOptions workspace;
  workspace.source = ConnectionSource::workspace("flaky_ws");
  auto other = ServiceClient(flaky_, client, workspace);
  for (int i = 0; i < 5; ++i) {
    app.invoke("get_item", {{"id", "a"}});
    other.invoke("get_item", {{"id", "w"}});
  }
  // Alternating calls: one shared budget would wait before 9 of the 10; two
  // budgets wait 1 s before each app call after the first, and the workspace
  // budget has refilled meanwhile.
  EXPECT_EQ(clock_->totalSlept(), 4s);
  EXPECT_EQ(sandboxCount(), 10u);
}

TEST_F(ClientRateLimit, AHoldPastTheDeadlineIsAPreciseError) {
  auto spent = fault(FaultKind::RateLimitHeaders, "/v1/items/*");
  spent.remaining = 0;
  spent.reset = 120s;
  spent.times = 1;
  addFault(spent);
  auto options = limited();
  options.retry.callDeadline = 30s;
  auto service = flaky(options);
  service.invoke("get_item", {{"id", "1"}});  // answered, budget now 0 until the reset
  const auto error = expectThrow<TransportError>([&] {
    service.invoke("get_item", {{"id", "2"}});
  });
  EXPECT_EQ(error.kind(), TransportError::Kind::Timeout);
  EXPECT_EQ(error.phase(), TransportError::Phase::NotSent);
  EXPECT_TRUE(contains(error.what(), "flaky.get_item: the client-side rate limit would hold"))
      << error.what();
  EXPECT_EQ(sandboxCount(), 1u);
  clock_->advance(120s);  // after the reset the budget is back
  EXPECT_EQ(service.invoke("get_item", {{"id", "3"}})["id"], "3");
}

TEST_F(ClientRateLimit, A429HoldsOffEveryCallerOfTheBudget) {
  auto limitedOnce = fault(FaultKind::RateLimit, "/v1/items/*");
  limitedOnce.retryAfter = "4";
  limitedOnce.times = 1;
  addFault(limitedOnce);
  auto options = limited();
  options.retry.maxAttempts = 1;  // no retry: the limiter alone must wait
  auto service = flaky(options);
  EXPECT_EQ(expectThrow<ServiceError>([&] {
              service.invoke("get_item", {{"id", "1"}});
            }).status(),
            429);
  EXPECT_EQ(service.invoke("get_item", {{"id", "2"}})["id"], "2");
  EXPECT_EQ(clock_->totalSlept(), 4s);
}

}  // namespace
}  // namespace b44::resilience
