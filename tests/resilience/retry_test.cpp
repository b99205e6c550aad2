// Retrying only what is safe, waiting as long as the service asks (Retry-After
// in both forms, the adapter's reset header in each format), never longer
// than maxDelay or past the deadline; unsafe actions never re-sent once they
// may have arrived. Faults are injected by the emulator; time is a ManualClock.
#include "fixture.hpp"

namespace b44::resilience {
namespace {

class Retrying : public ResilienceTest {
 protected:
  nlohmann::json getItem(const std::string& id = "a1") {
    return flaky().invoke("get_item", {{"id", id}});
  }
  nlohmann::json createItem(ServiceClient service) {
    return service.invoke("create_item", {{"name", "widget"}});
  }
  static RateLimitSignals githubLike(RateLimitSignals::ResetFormat format) {
    return RateLimitSignals{.extraStatuses = {403},
                            .remainingHeader = "X-RateLimit-Remaining",
                            .resetHeader = "X-RateLimit-Reset",
                            .resetFormat = format};
  }
};

TEST_F(Retrying, SafeActionRetries5xxWithExponentialBackoff) {
  auto unavailable = fault(FaultKind::Status, "/v1/items/*");
  unavailable.status = 503;
  unavailable.times = 2;
  auto gateway = unavailable;
  gateway.status = 504;
  gateway.times = 1;
  addFault(unavailable);
  addFault(gateway);
  EXPECT_EQ(getItem()["id"], "a1");
  EXPECT_EQ(sandboxCount(), 4u);
  EXPECT_EQ(clock_->totalSlept(), 100ms + 200ms + 400ms);
  EXPECT_EQ(emulator().firedFaultCounts().at("status"), 3u);
}

TEST_F(Retrying, AGetIsRetriedEvenWhenItsActionIsNotDeclaredSafe) {
  auto unavailable = fault(FaultKind::Status, "/v1/items/*");
  unavailable.status = 502;
  unavailable.times = 1;
  addFault(unavailable);
  EXPECT_EQ(flaky().invoke("peek_item", {{"id", "p"}})["id"], "p");
  EXPECT_EQ(sandboxCount(), 2u);
}

TEST_F(Retrying, EveryRetryableStatusAndTheLastAnswerWhenAttemptsRunOut) {
  for (const int status : {408, 429, 500, 502, 503, 504}) {
    SCOPED_TRACE(status);
    emulator().clearFaults();
    emulator().clearRecords();
    auto failing = fault(FaultKind::Status, "/v1/items/*");
    failing.status = status;
    addFault(failing);
    const auto error = expectThrow<ServiceError>([&] { getItem(); });
    EXPECT_EQ(error.status(), status);
    EXPECT_EQ(error.integrationType(), "flaky");
    EXPECT_EQ(error.action(), "get_item");
    EXPECT_EQ(sandboxCount(), 4u);  // maxAttempts
  }
}

TEST_F(Retrying, ClientErrorsAreNotRetried) {
  for (const int status : {400, 403, 404}) {
    emulator().clearFaults();
    emulator().clearRecords();
    auto failing = fault(FaultKind::Status, "/v1/items/*");
    failing.status = status;
    addFault(failing);
    EXPECT_EQ(expectThrow<ServiceError>([&] { getItem(); }).status(), status);
    EXPECT_EQ(sandboxCount(), 1u);
  }
  EXPECT_EQ(clock_->totalSlept(), 0ms);
}

TEST_F(Retrying, RetryAfterInSecondsAndAsAnHttpDateIsWaitedExactly) {
  auto seconds = fault(FaultKind::RateLimit, "/v1/items/*");
  seconds.retryAfter = "3";
  seconds.times = 1;
  auto date = fault(FaultKind::RateLimit, "/v1/items/*");
  date.retryAfterHttpDate = 7s;
  date.times = 1;
  addFault(seconds);
  addFault(date);
  EXPECT_EQ(getItem()["id"], "a1");
  EXPECT_EQ(clock_->totalSlept(), 3s + 7s);
  EXPECT_EQ(emulator().firedFaultCounts().at("rate_limit"), 2u);
}

TEST_F(Retrying, TheAdaptersResetHeaderIsHonouredInEachFormat) {
  using Format = RateLimitSignals::ResetFormat;
  for (const auto format :
       {Format::DeltaSeconds, Format::EpochSeconds, Format::EpochMilliseconds}) {
    SCOPED_TRACE(static_cast<int>(format));
    flaky_ = std::make_shared<FlakyAdapter>(githubLike(format));
    emulator().clearFaults();
    const auto before = clock_->totalSlept();
    auto limited = fault(FaultKind::RateLimit, "/v1/items/*");
    limited.remaining = 0;
    limited.reset = 9s;  // no Retry-After: only the adapter's reset header says how long
    limited.resetFormat = format;
    limited.times = 1;
    addFault(limited);
    EXPECT_EQ(getItem()["id"], "a1");
    EXPECT_EQ(clock_->totalSlept() - before, 9s);
  }
}

TEST_F(Retrying, WithoutDeclaredSignalsAResetHeaderIsIgnored) {
  auto limited = fault(FaultKind::RateLimit, "/v1/items/*");
  limited.remaining = 0;
  limited.reset = 9s;
  limited.times = 1;
  addFault(limited);
  EXPECT_EQ(getItem()["id"], "a1");
  EXPECT_EQ(clock_->totalSlept(), 100ms);  // plain back-off
}

TEST_F(Retrying, AnExtraStatusIsARateLimitOnlyWhenTheBudgetIsSpent) {
  flaky_ = std::make_shared<FlakyAdapter>(githubLike(RateLimitSignals::ResetFormat::EpochSeconds));
  auto spent = fault(FaultKind::RateLimit, "/v1/items/*");
  spent.status = 403;
  spent.remaining = 0;
  spent.reset = 4s;
  spent.resetFormat = RateLimitSignals::ResetFormat::EpochSeconds;
  spent.times = 1;
  addFault(spent);
  EXPECT_EQ(getItem()["id"], "a1");  // 403 with remaining 0: waited for the reset, retried
  EXPECT_EQ(clock_->totalSlept(), 4s);

  // A 403 with budget left is a real refusal (a missing permission).
  emulator().clearFaults();
  emulator().clearRecords();
  auto refused = fault(FaultKind::Status, "/v1/items/*");
  refused.status = 403;
  refused.headers = {{"X-RateLimit-Remaining", "4999"}};
  addFault(refused);
  EXPECT_EQ(expectThrow<ServiceError>([&] { getItem(); }).status(), 403);
  EXPECT_EQ(sandboxCount(), 1u);
}

TEST_F(Retrying, AWaitLongerThanMaxDelayEndsTheCallAtOnceWithTheWaitAsked) {
  auto options = clientOptions();
  options.retry.maxDelay = 5s;
  auto limited = fault(FaultKind::RateLimit, "/v1/items/*");
  limited.retryAfter = "3600";
  limited.times = 2;
  addFault(limited);
  // Never re-sent sooner than the service asked, and never waited longer
  // than maxDelay: the call ends now, saying how long the service asked.
  const auto error = expectThrow<RateLimitError>([&] {
    flaky(options).invoke("get_item", {{"id", "x"}});
  });
  EXPECT_EQ(error.retryAfter(), std::chrono::milliseconds(3600s));
  EXPECT_TRUE(contains(error.what(), "retry after 1 h")) << error.what();
  EXPECT_TRUE(contains(error.what(), "maxDelay")) << error.what();
  EXPECT_EQ(clock_->totalSlept(), 0s);
  EXPECT_EQ(sandboxCount(), 1u);
}

TEST_F(Retrying, NoWaitPassesTheCallDeadlineAndTheErrorSaysWhy) {
  auto options = clientOptions();
  options.retry.callDeadline = 10s;
  auto limited = fault(FaultKind::RateLimit, "/v1/items/*");
  limited.retryAfter = "6";
  addFault(limited);
  const auto error = expectThrow<RateLimitError>([&] {
    flaky(options).invoke("get_item", {{"id", "x"}});
  });
  EXPECT_EQ(error.retryAfter(), std::chrono::milliseconds(6s));
  EXPECT_TRUE(contains(error.what(), "flaky.get_item failed with HTTP 429")) << error.what();
  EXPECT_TRUE(contains(error.what(), "retry after 6 s")) << error.what();
  EXPECT_TRUE(contains(error.what(), "deadline")) << error.what();
  EXPECT_EQ(clock_->totalSlept(), 6s);  // one wait fitted, the second would not
  EXPECT_EQ(sandboxCount(), 2u);
}

TEST_F(Retrying, AnUnsafeActionIsNeverResentAfterAnAnswer) {
  for (const int status : {429, 500, 502, 503, 504}) {
    SCOPED_TRACE(status);
    emulator().clearFaults();
    emulator().clearRecords();
    auto failing = fault(FaultKind::Status, "/v1/items");
    failing.status = status;
    failing.method = "POST";
    addFault(failing);
    EXPECT_EQ(expectThrow<ServiceError>([&] { createItem(flaky()); }).status(), status);
    EXPECT_EQ(sandboxCount(), 1u);
  }
}

TEST_F(Retrying, AnUnsafeActionRefusedWithARateLimitIsResentOnlyWhenAllowed) {
  auto limited = fault(FaultKind::RateLimit, "/v1/items");
  limited.retryAfter = "2";
  limited.times = 1;
  addFault(limited);
  auto options = clientOptions();
  options.retry.retryUnsafeWhenRateLimited = true;
  EXPECT_EQ(createItem(flaky(options))["name"], "widget");
  EXPECT_EQ(clock_->totalSlept(), 2s);
  const auto records = emulator().sandboxRequests();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].fault, "rate_limit#1");  // refused, not acted on
  EXPECT_EQ(records[1].fault, "");              // created once
}

TEST_F(Retrying, AnUnsafeActionCutOffMidAnswerHasAnUnknownOutcome) {
  auto cut = fault(FaultKind::Disconnect, "/v1/items");
  addFault(cut);
  const auto error = expectThrow<TransportError>([&] { createItem(flaky()); });
  EXPECT_EQ(error.kind(), TransportError::Kind::OutcomeUnknown);
  EXPECT_EQ(error.phase(), TransportError::Phase::MaybeSent);
  EXPECT_TRUE(contains(error.what(), "flaky.create_item")) << error.what();
  EXPECT_TRUE(contains(error.what(), "closed mid-response")) << error.what();
  EXPECT_TRUE(contains(error.what(), "outcome is unknown")) << error.what();
  // It reached the service exactly once, and was not sent again.
  const auto records = emulator().sandboxRequests();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].fault, "disconnect#1");
}

TEST_F(Retrying, ASafeActionCutOffMidAnswerIsRetried) {
  auto cut = fault(FaultKind::Disconnect, "/v1/items/*");
  cut.times = 2;
  addFault(cut);
  EXPECT_EQ(getItem("b2")["id"], "b2");
  EXPECT_EQ(sandboxCount(), 3u);
  EXPECT_EQ(clock_->totalSlept(), 100ms + 200ms);
}

}  // namespace
}  // namespace b44::resilience

namespace b44::resilience {
namespace {

// An extra status is a rate limit only with evidence in the answer.
TEST(RateLimitReadingOfExtraStatuses, NeedEvidenceInTheAnswer) {
  RateLimitSignals signals{.extraStatuses = {403},
                           .remainingHeader = "X-RateLimit-Remaining",
                           .extraStatusBodyMarkers = {"rateLimitExceeded"}};
  const auto now = std::chrono::system_clock::now();
  const auto reading = [&](Headers headers, std::string body) {
    HttpResponse response;
    response.status = 403;
    response.headers = std::move(headers);
    response.body = std::move(body);
    return readRateLimit(response, signals, now).limited;
  };
  EXPECT_FALSE(reading({}, R"({"error":{"errors":[{"reason":"insufficientPermissions"}]}})"));
  EXPECT_FALSE(reading({{"X-RateLimit-Remaining", "42"}}, "{}"));
  EXPECT_TRUE(reading({{"X-RateLimit-Remaining", "0"}}, "{}"));
  EXPECT_TRUE(reading({{"Retry-After", "30"}}, "{}"));
  EXPECT_TRUE(reading({}, R"({"error":{"errors":[{"reason":"rateLimitExceeded"}]}})"));
  HttpResponse tooMany;
  tooMany.status = 429;
  EXPECT_TRUE(readRateLimit(tooMany, signals, now).limited);
}

}  // namespace
}  // namespace b44::resilience

namespace b44::resilience {

TEST_F(Retrying, AProxiedFailureIsRetriedLikeADirectOneAndItsCreditsAreSummed) {
  auto failing = fault(FaultKind::Status, "/v1/items/*");
  failing.status = 503;
  failing.times = 1;
  addFault(failing);
  ServiceOptions proxied;
  proxied.route = Route::Base44Proxy;
  const Page page = flaky(clientOptions(), proxied).invokePage("get_item", {{"id", "x"}});
  EXPECT_EQ(page.result["id"], "x");
  EXPECT_EQ(sandboxCount(), 2u);        // the 503, then the answer
  EXPECT_EQ(page.creditsCharged, 2.0);  // Base44 charged both attempts
  RawRequest request;
  request.method = "GET";
  request.path = "/items/y";
  EXPECT_EQ(flaky(clientOptions(), proxied).request(request).creditsCharged, 1.0);
}

}  // namespace b44::resilience
