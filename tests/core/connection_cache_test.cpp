// The connection cache: time-to-live on a ManualClock, shared in-flight
// fetches, and targeted invalidation, against a scripted Base44.
#include <b44/client.hpp>
#include <b44/errors.hpp>

#include <gtest/gtest.h>

#include <thread>

#include "scripted_server.hpp"

namespace b44 {
namespace {

using namespace std::chrono_literals;
using testing::ScriptedServer;

class Cache : public ::testing::Test {
 protected:
  Cache() { server.setFallback({200, {}, R"({"access_token":"tok-1"})"}); }
  Client client() {
    ClientOptions options;
    options.serverUrl = server.url();
    options.appId = "app";
    options.serviceToken = Secret("svc");
    options.clock = clock;
    options.connectionTtl = 60s;
    options.retry.maxAttempts = 1;
    return Client(options);
  }
  ScriptedServer server;
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
};

TEST_F(Cache, OneFetchPerSourcePerTimeToLive) {
  const auto connectors = client().connectors();
  const auto source = ConnectionSource::app("slack");
  connectors.cached(source);
  connectors.cached(source);
  clock->advance(59s);
  connectors.cached(source);
  EXPECT_EQ(server.requests().size(), 1u);
  clock->advance(2s);
  connectors.cached(source);
  EXPECT_EQ(server.requests().size(), 2u);
  connectors.cached(ConnectionSource::workspace("slack"));  // another source, another key
  EXPECT_EQ(server.requests().size(), 3u);
}

TEST_F(Cache, ConcurrentCallersShareOneFetch) {
  constexpr std::size_t kCallers = 8;
  // The server holds its answer until all callers could have asked (bounded):
  // without sharing it would see kCallers requests and answer at once.
  server.holdUntil(kCallers, 300ms);
  const auto connectors = client().connectors();
  std::vector<std::thread> threads;
  std::vector<std::string> tokens(kCallers);
  for (std::size_t i = 0; i < kCallers; ++i) {
    threads.emplace_back([&, i] {
      tokens[i] = connectors.cached(ConnectionSource::app("slack")).accessToken.reveal();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(server.requests().size(), 1u);
  for (const auto& token : tokens) EXPECT_EQ(token, "tok-1");
}

TEST_F(Cache, InvalidateDropsOnlyTheStaleToken) {
  const auto connectors = client().connectors();
  const auto source = ConnectionSource::app("slack");
  connectors.cached(source);
  connectors.invalidate(source, Secret("some-older-token"));
  connectors.cached(source);
  EXPECT_EQ(server.requests().size(), 1u);
  connectors.invalidate(source, Secret("tok-1"));
  connectors.cached(source);
  EXPECT_EQ(server.requests().size(), 2u);
}

TEST_F(Cache, FailuresAreNotCached) {
  server.push({500, {}, R"({"message":"down"})"});
  const auto connectors = client().connectors();
  EXPECT_THROW(connectors.cached(ConnectionSource::app("slack")), Base44Error);
  EXPECT_EQ(connectors.cached(ConnectionSource::app("slack")).accessToken.reveal(), "tok-1");
  EXPECT_EQ(server.requests().size(), 2u);
}

}  // namespace
}  // namespace b44
