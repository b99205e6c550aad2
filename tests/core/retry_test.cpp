// The retry policy against a real scripted server; time is a ManualClock, so
// back-off waits are measured without sleeping.
#include <b44/client.hpp>
#include <b44/errors.hpp>

#include <gtest/gtest.h>

#include "scripted_server.hpp"

namespace b44 {
namespace {

using namespace std::chrono_literals;
using testing::ScriptedServer;

class Retries : public ::testing::Test {
 protected:
  Client client(std::string url = {}) {
    ClientOptions options;
    options.serverUrl = url.empty() ? server.url() : url;
    options.appId = "app-1";
    options.serviceToken = Secret("svc");
    options.clock = clock;
    options.retry.maxAttempts = 4;
    options.retry.initialDelay = 100ms;
    options.retry.maxDelay = 5s;
    options.retry.callDeadline = 30s;
    options.retry.jitter = [] { return 1.0; };
    return Client(options);
  }
  HttpResponse send(Client c, const std::string& method, bool retrySafe) {
    HttpRequest request;
    request.method = method;
    request.url = server.url() + "/thing";
    auto context = c.callContext(Destination::Upstream, retrySafe, "test.op");
    return c.pipeline().send(request, context);
  }
  ScriptedServer server;
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
};

TEST_F(Retries, SafeCallsRetry5xxWithExponentialBackoff) {
  server.push({500});
  server.push({502});
  server.push({200, {}, "{}"});
  EXPECT_EQ(send(client(), "GET", true).status, 200);
  EXPECT_EQ(server.requests().size(), 3u);
  EXPECT_EQ(clock->totalSlept(), 100ms + 200ms);
}

TEST_F(Retries, RetryAfterSecondsIsHonoured) {
  server.push({429, {{"Retry-After", "2"}}});
  server.push({200, {}, "{}"});
  EXPECT_EQ(send(client(), "GET", true).status, 200);
  EXPECT_EQ(clock->totalSlept(), 2s);
}

TEST_F(Retries, ARetryAfterBeyondMaxDelayIsNeitherWaitedNorCutShort) {
  server.push({503, {{"Retry-After", "3600"}}});
  server.push({200, {}, "{}"});
  // Waiting 5 s would re-send sooner than asked; waiting an hour is beyond
  // maxDelay: the answer is handed back at once.
  EXPECT_EQ(send(client(), "GET", true).status, 503);
  EXPECT_EQ(clock->totalSlept(), 0s);
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST_F(Retries, GivesUpAfterMaxAttemptsWithTheLastAnswer) {
  server.setFallback({503});
  EXPECT_EQ(send(client(), "GET", true).status, 503);
  EXPECT_EQ(server.requests().size(), 4u);
}

TEST_F(Retries, UnsafeCallsAreNotResentAfterAnAnswer) {
  server.setFallback({503});
  EXPECT_EQ(send(client(), "POST", false).status, 503);
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST_F(Retries, ClientErrorsAreNotRetried) {
  server.setFallback({404});
  EXPECT_EQ(send(client(), "GET", true).status, 404);
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST_F(Retries, UnsafeCallThatMayHaveArrivedReportsUnknownOutcome) {
  server.setFallback({200, {}, "", true});  // the server drops the connection
  try {
    send(client(), "POST", false);
    FAIL();
  } catch (const TransportError& e) {
    EXPECT_EQ(e.kind(), TransportError::Kind::OutcomeUnknown);
    EXPECT_EQ(e.phase(), TransportError::Phase::MaybeSent);
    EXPECT_NE(std::string(e.what()).find("outcome is unknown"), std::string::npos);
  }
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST_F(Retries, SafeCallRetriesADroppedConnection) {
  server.push({200, {}, "", true});
  server.push({200, {}, "{}"});
  EXPECT_EQ(send(client(), "GET", true).status, 200);
  EXPECT_EQ(server.requests().size(), 2u);
}

TEST_F(Retries, ConnectionRefusedIsRetriedEvenWhenUnsafe) {
  // Nothing listens there: the request provably never left.
  const std::string closed = "http://127.0.0.1:" + std::to_string(testing::closedPort());
  auto c = client();
  HttpRequest request;
  request.method = "POST";
  request.url = closed + "/x";
  auto context = c.callContext(Destination::Base44, false, "test.op");
  try {
    c.pipeline().send(request, context);
    FAIL();
  } catch (const TransportError& e) {
    EXPECT_EQ(e.phase(), TransportError::Phase::NotSent);
  }
  EXPECT_EQ(clock->totalSlept(), 100ms + 200ms + 400ms);  // three waits: four attempts
}

TEST_F(Retries, NoWaitPassesTheCallDeadline) {
  server.setFallback({503, {{"Retry-After", "4"}}});
  ClientOptions options;
  auto c = client();
  HttpRequest request;
  request.url = server.url() + "/x";
  auto context = c.callContext(Destination::Upstream, true, "test.op");
  context.deadline = clock->now() + 6s;
  // The second wait would pass the deadline: the answer is handed back at
  // once (never re-sent sooner than asked), with the wait it asked for.
  EXPECT_EQ(c.pipeline().send(request, context).status, 503);
  EXPECT_TRUE(context.rateLimitRefusal.refused);
  EXPECT_EQ(context.rateLimitRefusal.retryAfter, std::chrono::milliseconds(4s));
  EXPECT_NE(context.rateLimitRefusal.why.find("deadline"), std::string::npos);
  EXPECT_EQ(server.requests().size(), 2u);
  EXPECT_EQ(clock->totalSlept(), 4s);
}

}  // namespace
}  // namespace b44
