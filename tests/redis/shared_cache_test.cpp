// The connection cache shared through a real redis-server. Each Client here
// has its own state, as a separate process would (tests/fleet runs real
// processes); Base44 is a scripted loopback server that counts fetches.
#include <b44/client.hpp>
#include <b44/errors.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "redis_server.hpp"
#include "scripted_server.hpp"

namespace b44 {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::RedisServer;
using testing::ScriptedServer;

const std::string kKey = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
constexpr const char* kToken = "xoxb-shared-token-1";

// Warnings and debug lines a client logged.
struct Log {
  std::mutex mutex;
  std::vector<std::pair<LogLevel, std::string>> lines;
  LogSink sink() {
    return [this](LogLevel level, std::string_view text) {
      std::lock_guard lock(mutex);
      lines.emplace_back(level, std::string(text));
    };
  }
  std::size_t count(LogLevel level, std::string_view part) {
    std::lock_guard lock(mutex);
    std::size_t n = 0;
    for (const auto& [l, text] : lines) n += l == level && text.find(part) != std::string::npos;
    return n;
  }
  std::string all() {
    std::lock_guard lock(mutex);
    std::string out;
    for (const auto& line : lines) out += line.second + "\n";
    return out;
  }
};

class SharedCache : public ::testing::Test {
 protected:
  SharedCache() {
    base44.setFallback({200, {}, std::string(R"({"access_token":")") + kToken + R"("})"});
  }
  ClientOptions options(std::string redisUrl = "") {
    ClientOptions options;
    options.serverUrl = base44.url();
    options.appId = "app";
    options.serviceToken = Secret("svc");
    options.connectionTtl = 60s;
    options.retry.maxAttempts = 1;
    options.shared.redisUrl = Secret(redisUrl.empty() ? redis.url() : redisUrl);
    options.shared.cacheKey = Secret(kKey);
    options.log = log.sink();
    return options;
  }
  std::size_t fetches() const { return base44.requests().size(); }
  std::vector<std::string> redisKeys() const {
    const auto keys = redis.command({"KEYS", "*"});
    std::vector<std::string> out;
    std::string rest = keys.value_or("");
    for (std::size_t at = 0; !rest.empty();) {
      at = rest.find('\n');
      out.push_back(rest.substr(0, at));
      rest = at == std::string::npos ? "" : rest.substr(at + 1);
    }
    return out;
  }
  std::string connectionKey() const {
    for (const auto& key : redisKeys()) {
      if (key.find(":conn:app:slack") != std::string::npos) return key;
    }
    return "";
  }

  RedisServer redis;
  ScriptedServer base44;
  Log log;
};

TEST_F(SharedCache, ProcessesShareOneFetchPerTimeToLive) {
  Client first(options());
  Client second(options());
  EXPECT_EQ(first.connectors().cached(ConnectionSource::app("slack")).accessToken.reveal(), kToken);
  EXPECT_EQ(second.connectors().cached(ConnectionSource::app("slack")).accessToken.reveal(),
            kToken);
  EXPECT_EQ(fetches(), 1u);
  EXPECT_EQ(first.metrics().base44Fetches, 1u);
  EXPECT_EQ(second.metrics().base44Fetches, 0u);
  EXPECT_EQ(second.metrics().sharedCacheHits, 1u);
  second.connectors().cached(ConnectionSource::app("slack"));
  EXPECT_EQ(second.metrics().localCacheHits, 1u);
  // Another source is another key.
  second.connectors().cached(ConnectionSource::workspace("slack"));
  EXPECT_EQ(fetches(), 2u);
}

TEST_F(SharedCache, TheTokenIsNeverInRedisInClear) {
  Client(options()).connectors().cached(ConnectionSource::app("slack"));
  const auto key = connectionKey();
  ASSERT_FALSE(key.empty());
  for (const auto& name : redisKeys()) {
    EXPECT_THAT(name, Not(HasSubstr(kToken)));
    EXPECT_THAT(name, Not(HasSubstr("svc")));
  }
  const auto dump = redis.command({"GET", key});
  ASSERT_TRUE(dump);
  EXPECT_THAT(*dump, Not(HasSubstr(kToken)));
  EXPECT_THAT(*dump, Not(HasSubstr("xoxb")));
  // Expires with the time-to-live.
  const auto ttl = std::stoll(redis.command({"PTTL", key}).value_or("-1"));
  EXPECT_GT(ttl, 50'000);
  EXPECT_LE(ttl, 60'000);
}

TEST_F(SharedCache, AnotherKeyOrOtherCredentialsShareNothing) {
  Client(options()).connectors().cached(ConnectionSource::app("slack"));
  auto otherKey = options();
  otherKey.shared.cacheKey = Secret(std::string(64, 'f'));
  Client(otherKey).connectors().cached(ConnectionSource::app("slack"));
  auto otherUser = options();
  otherUser.userToken = Secret("user-2");
  Client(otherUser).connectors().cached(ConnectionSource::app("slack"));
  EXPECT_EQ(fetches(), 3u);
}

TEST_F(SharedCache, ATamperedEntryIsFetchedAnewNotTrusted) {
  Client(options()).connectors().cached(ConnectionSource::app("slack"));
  const auto key = connectionKey();
  auto value = redis.command({"GET", key}).value();
  value[value.size() / 2] = value[value.size() / 2] == 'A' ? 'B' : 'A';
  redis.command({"SET", key, value, "PX", "60000"});
  Client reader(options());
  EXPECT_EQ(reader.connectors().cached(ConnectionSource::app("slack")).accessToken.reveal(),
            kToken);
  EXPECT_EQ(fetches(), 2u);
  EXPECT_GE(log.count(LogLevel::Warning, "does not open with this cache key"), 1u);
}

TEST_F(SharedCache, ConcurrentProcessesMakeOneFetch) {
  constexpr std::size_t kClients = 6;
  // Base44 holds its answer until every client could have asked (bounded).
  base44.holdUntil(kClients, 300ms);
  std::vector<Client> clients;
  for (std::size_t i = 0; i < kClients; ++i) clients.emplace_back(options());
  std::vector<std::thread> threads;
  std::vector<std::string> tokens(kClients);
  for (std::size_t i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      tokens[i] =
          clients[i].connectors().cached(ConnectionSource::app("slack")).accessToken.reveal();
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(fetches(), 1u);
  std::uint64_t waits = 0;
  for (std::size_t i = 0; i < kClients; ++i) {
    EXPECT_EQ(tokens[i], kToken);
    waits += clients[i].metrics().lockWaits;
  }
  EXPECT_GE(waits, 1u);
}

TEST_F(SharedCache, ACrashedLockHolderBlocksOthersOnlyForTheLockLifetime) {
  Client(options()).connectors().cached(ConnectionSource::workspace("warmup"));
  // A holder that took the lock and died: its lock expires on its own.
  const auto lockKey = [&] {
    auto key = connectionKey();
    for (const auto& k : redisKeys()) {
      if (k.find(":conn:workspace:warmup") != std::string::npos) key = k;
    }
    return key.replace(key.find(":conn:workspace:warmup"), 22, ":lock:app:slack");
  }();
  redis.command({"SET", lockKey, "crashed-holder", "PX", "300"});
  Client waiter(options());
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(waiter.connectors().cached(ConnectionSource::app("slack")).accessToken.reveal(),
            kToken);
  const auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(waiter.metrics().lockWaits, 1u);
  EXPECT_EQ(waiter.metrics().base44Fetches, 1u);
  EXPECT_GE(waited, 250ms);
  EXPECT_LT(waited, 2s);
}

TEST_F(SharedCache, A401DropsTheSharedEntryOnlyWhileItHoldsTheFailedToken) {
  Client first(options());
  Client second(options());
  const auto source = ConnectionSource::app("slack");
  first.connectors().cached(source);
  second.connectors().cached(source);
  // An older token than the one stored: the entry is kept.
  second.connectors().invalidate(source, Secret("an-older-token"));
  EXPECT_FALSE(connectionKey().empty());
  EXPECT_EQ(second.metrics().sharedInvalidations, 0u);
  // The stored token failed: dropped fleet-wide, and one refresh follows.
  base44.setFallback({200, {}, R"({"access_token":"xoxb-shared-token-2"})"});
  first.connectors().invalidate(source, Secret(kToken));
  EXPECT_TRUE(connectionKey().empty());
  EXPECT_EQ(first.metrics().sharedInvalidations, 1u);
  EXPECT_EQ(first.connectors().cached(source).accessToken.reveal(), "xoxb-shared-token-2");
  // The second process meets the same 401 later: the new entry stays, and it
  // takes the new token from Redis instead of refreshing too.
  second.connectors().invalidate(source, Secret(kToken));
  EXPECT_EQ(second.connectors().cached(source).accessToken.reveal(), "xoxb-shared-token-2");
  EXPECT_EQ(fetches(), 2u);
  EXPECT_EQ(second.metrics().sharedInvalidations, 0u);
}

TEST_F(SharedCache, RedisDownFallsBackWarnsOnceAndRecovers) {
  auto opts = options();
  opts.shared.retryInterval = 60s;  // no second try within the test, unless told
  redis.kill();
  Client client(opts);
  for (const char* type : {"slack", "notion", "github"}) {
    EXPECT_EQ(client.connectors().cached(ConnectionSource::app(type)).accessToken.reveal(), kToken);
  }
  EXPECT_EQ(fetches(), 3u);
  EXPECT_GE(client.metrics().redisFallbacks, 3u);
  EXPECT_EQ(log.count(LogLevel::Warning, "Redis at 127.0.0.1"), 1u) << log.all();

  // Back: a client whose retry interval has passed shares again.
  redis.start();
  auto quick = options();
  quick.shared.retryInterval = 0ms;
  Client recovering(quick);
  recovering.connectors().cached(ConnectionSource::app("slack"));
  Client other(quick);
  other.connectors().cached(ConnectionSource::app("slack"));
  EXPECT_EQ(other.metrics().sharedCacheHits, 1u);
  EXPECT_EQ(fetches(), 4u);
}

TEST_F(SharedCache, ARedisThatStopsAnsweringCostsACallAtMostTheBound) {
  Client client(options());  // timeout 200 ms
  client.connectors().cached(ConnectionSource::app("warmup"));
  redis.freeze();
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(client.connectors().cached(ConnectionSource::app("slack")).accessToken.reveal(),
            kToken);
  const auto took = std::chrono::steady_clock::now() - started;
  redis.thaw();
  EXPECT_LT(took, 1s);
  EXPECT_GE(client.metrics().redisFallbacks, 1u);
  EXPECT_EQ(log.count(LogLevel::Warning, "is unavailable"), 1u) << log.all();
}

TEST_F(SharedCache, GarbageFromRedisIsAFallbackNotAFailure) {
  // Not Redis: answers every connection with a line no Redis sends.
  Poco::Net::ServerSocket listener(Poco::Net::SocketAddress("127.0.0.1", 0));
  std::atomic<bool> stop{false};
  std::thread server([&] {
    while (!stop) {
      if (!listener.poll(Poco::Timespan(0, 20'000), Poco::Net::Socket::SELECT_READ)) continue;
      Poco::Net::StreamSocket socket = listener.acceptConnection();
      char buffer[512];
      try {
        socket.setReceiveTimeout(Poco::Timespan(1, 0));
        socket.receiveBytes(buffer, sizeof buffer);
        socket.sendBytes("?garbage\r\n", 10);
      } catch (...) {
      }
    }
  });
  Client client(options("redis://127.0.0.1:" + std::to_string(listener.address().port())));
  EXPECT_EQ(client.connectors().cached(ConnectionSource::app("slack")).accessToken.reveal(),
            kToken);
  stop = true;
  server.join();
  EXPECT_GE(client.metrics().redisFallbacks, 1u);
  EXPECT_EQ(log.count(LogLevel::Warning, "is unavailable"), 1u) << log.all();
}

TEST_F(SharedCache, MetricsAreLoggedAtDebugLevel) {
  Client(options()).connectors().cached(ConnectionSource::app("slack"));
  Client(options()).connectors().cached(ConnectionSource::app("slack"));
  EXPECT_EQ(log.count(LogLevel::Debug, "b44 metrics: Base44 connection fetch"), 1u);
  EXPECT_EQ(log.count(LogLevel::Debug, "b44 metrics: shared cache hit (app:slack)"), 1u);
  EXPECT_THAT(log.all(), Not(HasSubstr(kToken)));
}

}  // namespace
}  // namespace b44
