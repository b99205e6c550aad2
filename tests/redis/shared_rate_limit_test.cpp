// The client-side limiter's budgets shared through a real redis-server: two
// Clients (each as a separate process would be) spend one token bucket and
// honour each other's 429; with Redis gone, each spends its own again.
#include <b44/client.hpp>

#include <gtest/gtest.h>

#include <chrono>

#include "redis_server.hpp"
#include "scripted_server.hpp"

namespace b44 {
namespace {

using namespace std::chrono_literals;
using testing::RedisServer;
using testing::ScriptedServer;

class SharedBudget : public ::testing::Test {
 protected:
  SharedBudget() { service.setFallback({200, {}, "{}"}); }
  Client client(const std::string& redisUrl) {
    ClientOptions options;
    options.serverUrl = service.url();
    options.appId = "app";
    options.serviceToken = Secret("svc");
    options.retry.maxAttempts = 1;
    options.rateLimit.enabled = true;
    options.rateLimit.requestsPerSecond = 10;
    options.rateLimit.burst = 2;
    options.shared.redisUrl = Secret(redisUrl);
    options.shared.cacheKey = Secret(std::string(64, 'c'));
    options.shared.retryInterval = 60s;
    return Client(options);
  }
  int send(const Client& c) {
    HttpRequest request;
    request.url = service.url() + "/items";
    auto context = c.callContext(Destination::Upstream, true, "budget.test");
    context.rateLimitKey = "flaky|app:flaky";
    return c.pipeline().send(request, context).status;
  }
  // Three calls each, taking turns.
  std::uint64_t waitsOfSixCalls(const Client& a, const Client& b) {
    for (int i = 0; i < 3; ++i) {
      EXPECT_EQ(send(a), 200);
      EXPECT_EQ(send(b), 200);
    }
    return a.metrics().rateLimitWaits + b.metrics().rateLimitWaits;
  }

  RedisServer redis;
  ScriptedServer service;
};

TEST_F(SharedBudget, ProcessesSpendOneTokenBucket) {
  // One bucket of 2: the first two calls go at once, the four others need a
  // token each (100 ms at 10 per second), so six calls take 400 ms at
  // least (two buckets would let them through in about 100 ms); on a quiet
  // machine all four wait.
  const auto started = std::chrono::steady_clock::now();
  EXPECT_GE(waitsOfSixCalls(client(redis.url()), client(redis.url())), 3u);
  EXPECT_GE(std::chrono::steady_clock::now() - started, 350ms);
  EXPECT_EQ(service.requests().size(), 6u);
}

TEST_F(SharedBudget, WithRedisDownEachProcessSpendsItsOwn) {
  redis.kill();
  // Two buckets of 2: each client's first two calls go at once, only the
  // third may wait (b's bucket may refill while a waits), not 4 as shared.
  const Client a = client(redis.url());
  const Client b = client(redis.url());
  const auto waits = waitsOfSixCalls(a, b);
  EXPECT_GE(waits, 1u);
  EXPECT_LE(waits, 2u);
  EXPECT_GE(a.metrics().redisFallbacks, 1u);
}

TEST_F(SharedBudget, A429HoldsEveryProcessOff) {
  const Client a = client(redis.url());
  const Client b = client(redis.url());
  service.push({429, {{"Retry-After", "1"}}, "{}"});
  EXPECT_EQ(send(a), 429);
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(send(b), 200);  // held off for the second the service asked of a
  EXPECT_GE(std::chrono::steady_clock::now() - started, 900ms);
  EXPECT_EQ(b.metrics().rateLimitWaits, 1u);
}

}  // namespace
}  // namespace b44
