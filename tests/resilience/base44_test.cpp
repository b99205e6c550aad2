// Base44 itself failing while a service call needs the connection: 5xx,
// timeouts, garbage, oversized answers each give a precise error that names
// the action and says the service request was not sent; the Base44 request is
// retried once over (not again by the service call's own retries); a cached
// connection keeps working until its time-to-live ends.
#include "fixture.hpp"

namespace b44::resilience {
namespace {

class Base44Failing : public ResilienceTest {
 protected:
  FaultRule base44Fault(FaultKind kind) {
    FaultRule rule = fault(kind);
    rule.side = FaultSide::Base44;
    rule.integrationType = "flaky";
    return rule;
  }
  std::size_t tokenRequests() {
    std::size_t count = 0;
    for (const auto& request : emulator().base44Requests()) {
      if (contains(request.url, "/external-auth/tokens/flaky")) ++count;
    }
    return count;
  }
};

TEST_F(Base44Failing, A5xxIsABase44ErrorAfterItsOwnRetriesOnly) {
  auto down = base44Fault(FaultKind::Status);
  down.status = 503;
  addFault(down);
  for (const char* action : {"get_item", "create_item"}) {
    SCOPED_TRACE(action);
    emulator().clearRecords();
    const nlohmann::json args = std::string(action) == "get_item" ? nlohmann::json{{"id", "x"}}
                                                                  : nlohmann::json{{"name", "n"}};
    const auto error = expectThrow<Base44Error>([&] { flaky().invoke(action, args); });
    EXPECT_EQ(error.status(), 503);
    EXPECT_EQ(error.code(), "service_unavailable");
    EXPECT_TRUE(contains(error.what(), "Base44 error 503")) << error.what();
    EXPECT_EQ(tokenRequests(), 4u);  // getConnection's attempts, not 4 x 4
    EXPECT_EQ(sandboxCount(), 0u);   // the service was never called
  }
}

TEST_F(Base44Failing, ATimeoutSaysTheServiceRequestWasNotSent) {
  auto options = clientOptions();
  options.transport.readTimeout = 200ms;
  options.retry.maxAttempts = 2;
  auto slow = base44Fault(FaultKind::Slow);
  slow.delay = 20s;
  addFault(slow);
  // Even for an unsafe action the outcome is known: nothing reached the service.
  const auto error = expectThrow<TransportError>([&] {
    flaky(options).invoke("create_item", {{"name", "n"}});
  });
  EXPECT_EQ(error.kind(), TransportError::Kind::Timeout);
  EXPECT_EQ(error.phase(), TransportError::Phase::NotSent);
  const std::string what = error.what();
  EXPECT_TRUE(contains(what, "flaky.create_item: not sent")) << what;
  EXPECT_TRUE(contains(what, "getConnection(flaky)")) << what;
  EXPECT_TRUE(contains(what, "no answer within 200 ms")) << what;
  EXPECT_EQ(tokenRequests(), 2u);
  EXPECT_EQ(sandboxCount(), 0u);
}

TEST_F(Base44Failing, GarbageIsAProtocolErrorNamingTheCall) {
  auto options = clientOptions();
  options.transport.maxResponseBytes = 1u << 20;
  struct Case {
    FaultKind kind;
    const char* expected;
  };
  for (const auto& [kind, expected] :
       {Case{FaultKind::InvalidJson, "not valid JSON"},
        Case{FaultKind::EmptyBody, "not valid JSON"},
        Case{FaultKind::TruncatedBody, "not valid JSON"},
        Case{FaultKind::WrongContentType, "not valid JSON"},
        Case{FaultKind::HugeBody, "response size limit of 1048576 bytes"}}) {
    SCOPED_TRACE(emulator::toString(kind));
    emulator().clearFaults();
    emulator().clearRecords();
    auto garbage = base44Fault(kind);
    garbage.size = 4u << 20;
    addFault(garbage);
    const auto error = expectThrow<ProtocolError>([&] {
      flaky(options).invoke("get_item", {{"id", "x"}});
    });
    const std::string what = error.what();
    EXPECT_TRUE(contains(what, "flaky.get_item: not sent")) << what;
    EXPECT_TRUE(contains(what, "getConnection(flaky)")) << what;
    EXPECT_TRUE(contains(what, expected)) << what;
    EXPECT_FALSE(contains(what, kFlakyToken));
    EXPECT_EQ(sandboxCount(), 0u);
  }
}

TEST_F(Base44Failing, AnAnswerCutOffIsRetriedLikeAnyReadOfBase44) {
  auto cut = base44Fault(FaultKind::Disconnect);
  cut.times = 1;
  addFault(cut);
  EXPECT_EQ(flaky().invoke("get_item", {{"id", "x"}})["id"], "x");
  EXPECT_EQ(tokenRequests(), 2u);
}

TEST_F(Base44Failing, ARejectedServiceTokenIsNotRetried) {
  auto refused = base44Fault(FaultKind::Status);
  refused.status = 401;
  addFault(refused);
  EXPECT_EQ(expectThrow<Base44Error>([&] {
              flaky().invoke("get_item", {{"id", "x"}});
            }).status(),
            401);
  EXPECT_EQ(tokenRequests(), 1u);
}

TEST_F(Base44Failing, AConnectionFetchNeverOutlastsTheCallsDeadline) {
  auto options = clientOptions();
  options.retry.callDeadline = 10s;
  // t=0: connection fetched; the service asks to come back in 6 s.
  auto busy = fault(FaultKind::RateLimit, "/v1/items/*");
  busy.status = 503;
  busy.retryAfter = "6";
  busy.times = 1;
  // t=6: the token is refused; the refresh meets a Base44 asking for 5 s more,
  // which would end past the call's deadline (t=10).
  auto expired = fault(FaultKind::Status, "/v1/items/*");
  expired.status = 401;
  expired.times = 1;
  auto limited = base44Fault(FaultKind::RateLimit);
  limited.retryAfter = "5";
  limited.skip = 1;
  addFault(busy);
  addFault(expired);
  addFault(limited);
  // Base44's own answer ends the call: its wait is not started, and it is
  // not cut short either.
  const auto error = expectThrow<Base44Error>([&] {
    flaky(options).invoke("get_item", {{"id", "x"}});
  });
  EXPECT_EQ(error.status(), 429);
  EXPECT_EQ(clock_->totalSlept(), 6s);  // the 5 s wait was not started
  EXPECT_EQ(tokenRequests(), 2u);
}

TEST_F(Base44Failing, ACachedConnectionKeepsWorkingUntilItsTimeToLiveEnds) {
  auto options = clientOptions();
  options.connectionTtl = std::chrono::seconds(300);
  auto service = flaky(options);
  EXPECT_EQ(service.invoke("get_item", {{"id", "1"}})["id"], "1");
  EXPECT_EQ(tokenRequests(), 1u);

  auto down = base44Fault(FaultKind::Status);
  down.status = 500;
  addFault(down);
  for (int i = 0; i < 5; ++i) {
    clock_->advance(59s);  // 295 s after the fetch: still fresh
    EXPECT_EQ(service.invoke("get_item", {{"id", std::to_string(i)}})["id"], std::to_string(i));
  }
  EXPECT_EQ(tokenRequests(), 1u);  // Base44 was not asked again
  EXPECT_EQ(sandboxCount(), 6u);

  clock_->advance(5s);  // the time-to-live has ended, Base44 is still down
  const auto error = expectThrow<Base44Error>([&] {
    service.invoke("get_item", {{"id", "late"}});
  });
  EXPECT_EQ(error.status(), 500);
  EXPECT_EQ(sandboxCount(), 6u);

  emulator().clearFaults();  // Base44 is back: one fetch, then cached again
  EXPECT_EQ(service.invoke("get_item", {{"id", "back"}})["id"], "back");
  EXPECT_EQ(service.invoke("get_item", {{"id", "again"}})["id"], "again");
  EXPECT_EQ(tokenRequests(), 1u + 4u + 1u);
}

}  // namespace
}  // namespace b44::resilience
