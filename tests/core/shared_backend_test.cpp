// The shared backend's configuration: redis:// URLs (rediss:// refused, with
// the reason), the cache key it requires, and what the environment sets. No
// Redis runs here (tests/redis has the ones against a real redis-server).
#include <b44/client.hpp>
#include <b44/errors.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

namespace b44 {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kKey(64, 'a');

TEST(RedisUrl, ReadsHostPortPasswordAndDatabase) {
  auto endpoint = parseRedisUrl("url", "redis://:s3cret@cache.internal:6380/2");
  EXPECT_EQ(endpoint.host, "cache.internal");
  EXPECT_EQ(endpoint.port, 6380);
  EXPECT_EQ(endpoint.password.reveal(), "s3cret");
  EXPECT_EQ(endpoint.user, "");
  EXPECT_EQ(endpoint.database, 2);

  endpoint = parseRedisUrl("url", "redis://127.0.0.1");
  EXPECT_EQ(endpoint.host, "127.0.0.1");
  EXPECT_EQ(endpoint.port, 6379);
  EXPECT_TRUE(endpoint.password.empty());
  EXPECT_EQ(endpoint.database, 0);

  endpoint = parseRedisUrl("url", "redis://worker:p%40ss@[::1]:7000/");
  EXPECT_EQ(endpoint.host, "::1");
  EXPECT_EQ(endpoint.port, 7000);
  EXPECT_EQ(endpoint.user, "worker");
  EXPECT_EQ(endpoint.password.reveal(), "p@ss");
}

TEST(RedisUrl, RefusesTlsSayingWhy) {
  try {
    parseRedisUrl("B44_REDIS_URL", "rediss://:pw@cache:6380");
    FAIL() << "rediss:// was accepted";
  } catch (const InvalidArgumentError& e) {
    EXPECT_EQ(e.field(), "B44_REDIS_URL");
    EXPECT_THAT(std::string(e.what()), AllOf(HasSubstr("TLS"), HasSubstr("Poco 1.11")));
  }
}

TEST(RedisUrl, RefusesMalformedUrlsWithoutQuotingThePassword) {
  for (const char* url :
       {"http://cache:6379", "redis://", "redis://:hunter2@:6379", "redis://cache:0",
        "redis://cache:70000", "redis://cache:port", "redis://cache:6379/db",
        "redis://cache:6379?x=1", "redis://hunter2@cache", "redis://[::1:6379"}) {
    try {
      parseRedisUrl("B44_REDIS_URL", url);
      ADD_FAILURE() << url << " was accepted";
    } catch (const InvalidArgumentError& e) {
      EXPECT_EQ(e.field(), "B44_REDIS_URL") << url;
      EXPECT_THAT(std::string(e.what()), Not(HasSubstr("hunter2"))) << url;
    }
  }
}

ClientOptions sharedOptions(std::string url, std::string key) {
  ClientOptions options;
  options.serverUrl = "http://127.0.0.1:1";
  options.appId = "app";
  options.shared.redisUrl = Secret(std::move(url));
  options.shared.cacheKey = Secret(std::move(key));
  return options;
}

TEST(SharedBackend, RedisWithoutACacheKeyIsAnErrorNamingIt) {
  try {
    Client client(sharedOptions("redis://127.0.0.1:6379", ""));
    FAIL() << "no cache key was accepted";
  } catch (const InvalidArgumentError& e) {
    EXPECT_THAT(e.field(), HasSubstr("B44_CACHE_KEY"));
    EXPECT_THAT(std::string(e.what()), HasSubstr("encrypted"));
  }
}

TEST(SharedBackend, ACacheKeyMustBe32HexBytesAndIsNeverQuoted) {
  for (std::string key : {std::string(63, 'a'), std::string(65, 'a'), std::string(63, 'a') + "g",
                          std::string("not-a-key-at-all")}) {
    try {
      Client client(sharedOptions("redis://127.0.0.1:6379", key));
      ADD_FAILURE() << key << " was accepted";
    } catch (const InvalidArgumentError& e) {
      EXPECT_THAT(e.field(), HasSubstr("B44_CACHE_KEY"));
      EXPECT_THAT(std::string(e.what()), Not(HasSubstr(key)));
    }
  }
}

TEST(SharedBackend, NoRedisUrlMeansNoRedisAndNoKeyNeeded) {
  Client client(sharedOptions("", ""));
  EXPECT_EQ(client.metrics().redisFallbacks, 0u);
}

TEST(SharedBackend, EnvironmentSelectsRedisAndItsKey) {
  ::setenv("BASE44_APP_ID", "app", 1);
  ::setenv("B44_REDIS_URL", "rediss://cache:6380", 1);
  EXPECT_THROW(Client::fromEnvironment(), InvalidArgumentError);
  ::setenv("B44_REDIS_URL", "redis://127.0.0.1:1", 1);
  ::unsetenv("B44_CACHE_KEY");
  EXPECT_THROW(Client::fromEnvironment(), InvalidArgumentError);
  ::setenv("B44_CACHE_KEY", kKey.c_str(), 1);
  ::setenv("B44_REDIS_TIMEOUT", "0.05", 1);
  const auto client = Client::fromEnvironment();
  EXPECT_EQ(client.options().shared.redisUrl.reveal(), "redis://127.0.0.1:1");
  EXPECT_EQ(client.options().shared.cacheKey.reveal(), kKey);
  EXPECT_EQ(client.options().shared.timeout, std::chrono::milliseconds(50));
  for (const char* name :
       {"BASE44_APP_ID", "B44_REDIS_URL", "B44_CACHE_KEY", "B44_REDIS_TIMEOUT"}) {
    ::unsetenv(name);
  }
}

}  // namespace
}  // namespace b44
