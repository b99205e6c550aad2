// Fault injection: every kind over real loopback HTTP, on both sides, with
// counters, matching, token rotation, barriers and the JSON form. Time-based
// faults (quota windows, reset headers, HTTP dates) run on a ManualClock
// shared with the test; nothing here sleeps.
#include "fixture.hpp"

#include <b44/clock.hpp>
#include <b44/errors.hpp>

#include <Poco/Exception.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace b44::emulator::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

constexpr const char* kThings = "/v1/things";

class Faults : public EmulatorTest {
 protected:
  Faults() { options_.clock = clock_; }

  HttpAnswer postThing(const std::string& token = "ex-token") {
    return sandbox("POST", "api.example.test", kThings,
                   {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}},
                   R"({"name":"widget"})");
  }

  static FaultRule rule(FaultKind kind, std::string path = kThings) {
    FaultRule rule;
    rule.kind = kind;
    rule.path = std::move(path);
    return rule;
  }

  std::shared_ptr<ManualClock> clock_ = std::make_shared<ManualClock>();
};

TEST_F(Faults, StatusFiresNTimesThenStopsAndIsRecorded) {
  auto fault = rule(FaultKind::Status);
  fault.name = "things-503";
  fault.status = 503;
  fault.times = 2;
  emulator().addFault(fault);
  EXPECT_EQ(postThing().status, 503);
  const auto second = postThing();
  EXPECT_EQ(second.status, 503);
  EXPECT_EQ(second.json()["error"], "service_unavailable");
  EXPECT_EQ(postThing().status, 201);  // used up: the route answers

  const auto fired = emulator().firedFaults();
  ASSERT_EQ(fired.size(), 2u);
  EXPECT_EQ(fired[0].rule, "things-503");
  EXPECT_EQ(fired[0].kind, FaultKind::Status);
  EXPECT_EQ(fired[0].side, FaultSide::Sandbox);
  EXPECT_EQ(fired[0].url, "https://api.example.test/v1/things");
  EXPECT_EQ(fired[0].integrationType, "example");  // by the token the request carried
  EXPECT_EQ(emulator().firedFaultCounts(), (std::map<std::string, std::size_t>{{"status", 2}}));

  // Every request reached the sandbox; the record says which a fault answered.
  const auto records = emulator().sandboxRequests();
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].fault, "things-503");
  EXPECT_EQ(records[2].fault, "");
  EXPECT_EQ(records[0].toJson(true)["fault"], "things-503");
  EXPECT_FALSE(records[2].toJson(true).contains("fault"));
}

TEST_F(Faults, EveryStatusOfTheBrief) {
  for (const int status : {401, 403, 404, 500, 502, 503, 504}) {
    emulator().clearFaults();
    auto fault = rule(FaultKind::Status);
    fault.status = status;
    emulator().addFault(fault);
    EXPECT_EQ(postThing().status, status);
  }
  EXPECT_EQ(emulator().firedFaultCounts().at("status"), 7u);
}

TEST_F(Faults, MatchingByMethodHostPatternTypeAndSkip) {
  auto fault = rule(FaultKind::Status, "/v1/*");
  fault.status = 500;
  fault.method = "POST";
  fault.host = "*.example.test";
  fault.integrationType = "example";
  fault.skip = 1;
  emulator().addFault(fault);
  EXPECT_EQ(postThing().status, 201);  // skipped
  EXPECT_EQ(postThing().status, 500);
  EXPECT_EQ(postThing("raw-token").status, 201);  // another connection's token: rawkey
  EXPECT_EQ(sandbox("GET", "api.example.test", "/v1/text?word=x").status, 200);  // method
  EXPECT_EQ(sandbox("POST", "slack.com", "/v1/things", {{"Authorization", "Bearer ex-token"}}, "{}")
                .status,
            404);  // host: no fault, and no route either
  EXPECT_EQ(emulator().firedFaults().size(), 1u);
}

TEST_F(Faults, RateLimitWithRetryAfterInBothFormsAndBudgetHeaders) {
  auto seconds = rule(FaultKind::RateLimit);
  seconds.retryAfter = "2";
  seconds.times = 1;
  auto date = rule(FaultKind::RateLimit);
  date.retryAfterHttpDate = 3s;
  date.times = 1;
  auto budget = rule(FaultKind::RateLimit);
  budget.remaining = 0;
  budget.reset = 30s;
  budget.resetFormat = RateLimitSignals::ResetFormat::EpochSeconds;
  budget.times = 1;
  emulator().addFault(seconds);
  emulator().addFault(date);
  emulator().addFault(budget);
  clock_->advance(10s);

  const auto first = postThing();
  EXPECT_EQ(first.status, 429);
  EXPECT_EQ(first.headers.at("retry-after"), "2");
  // The ManualClock's wall time starts at 2026-01-01T00:00:00Z.
  EXPECT_EQ(postThing().headers.at("retry-after"), "Thu, 01 Jan 2026 00:00:13 GMT");
  const auto third = postThing();
  EXPECT_EQ(third.headers.at("x-ratelimit-remaining"), "0");
  EXPECT_EQ(third.headers.at("x-ratelimit-reset"), std::to_string(1767225600 + 10 + 30));
  EXPECT_EQ(postThing().status, 201);
  EXPECT_EQ(emulator().firedFaultCounts().at("rate_limit"), 3u);
}

TEST_F(Faults, RateLimitHeadersDecorateTheNormalAnswer) {
  auto fault = rule(FaultKind::RateLimitHeaders);
  fault.remainingHeader = "X-Custom-Left";
  fault.resetHeader = "X-Custom-Reset";
  fault.resetFormat = RateLimitSignals::ResetFormat::EpochMilliseconds;
  fault.remaining = 7;
  fault.reset = 2s;
  emulator().addFault(fault);
  const auto answer = postThing();
  EXPECT_EQ(answer.status, 201);
  EXPECT_EQ(answer.json()["name"], "widget");
  EXPECT_EQ(answer.headers.at("x-custom-left"), "7");
  EXPECT_EQ(answer.headers.at("x-custom-reset"), std::to_string(1767225602000LL));
}

TEST_F(Faults, QuotaCountsRequestsPerWindowOnTheSharedClock) {
  auto fault = rule(FaultKind::Quota);
  fault.limit = 2;
  fault.window = 10s;
  emulator().addFault(fault);
  const auto first = postThing();
  EXPECT_EQ(first.status, 201);
  EXPECT_EQ(first.headers.at("x-ratelimit-remaining"), "1");
  EXPECT_EQ(first.headers.at("x-ratelimit-reset"), "10");
  clock_->advance(4s);
  EXPECT_EQ(postThing().headers.at("x-ratelimit-remaining"), "0");
  const auto over = postThing();
  EXPECT_EQ(over.status, 429);
  EXPECT_EQ(over.headers.at("retry-after"), "6");
  EXPECT_EQ(over.headers.at("x-ratelimit-reset"), "6");
  clock_->advance(6s);  // a new window
  EXPECT_EQ(postThing().status, 201);
  EXPECT_EQ(emulator().firedFaultCounts(), (std::map<std::string, std::size_t>{{"quota", 1}}));
}

TEST_F(Faults, MalformedBodies) {
  auto truncated = rule(FaultKind::TruncatedBody);
  truncated.times = 1;
  auto invalid = rule(FaultKind::InvalidJson);
  invalid.times = 1;
  auto empty = rule(FaultKind::EmptyBody);
  empty.times = 1;
  auto html = rule(FaultKind::WrongContentType);
  html.times = 1;
  for (const auto& fault : {truncated, invalid, empty, html}) emulator().addFault(fault);

  const auto cut = postThing();
  EXPECT_EQ(cut.status, 201);
  EXPECT_EQ(cut.headers.at("content-length"), std::to_string(cut.body.size()));
  EXPECT_TRUE(json::parse(cut.body, nullptr, false).is_discarded());
  EXPECT_EQ(cut.body.front(), '{');

  const auto garbage = postThing();
  EXPECT_EQ(garbage.status, 200);
  EXPECT_EQ(garbage.headers.at("content-type"), "application/json");
  EXPECT_TRUE(json::parse(garbage.body, nullptr, false).is_discarded());

  const auto nothing = postThing();
  EXPECT_EQ(nothing.status, 201);
  EXPECT_EQ(nothing.headers.at("content-type"), "application/json");
  EXPECT_TRUE(nothing.body.empty());

  const auto page = postThing();
  EXPECT_EQ(page.headers.at("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("<html>"), std::string::npos);

  EXPECT_EQ(postThing().json()["name"], "widget");
}

TEST_F(Faults, HugeBodyWithAndWithoutContentLength) {
  auto declared = rule(FaultKind::HugeBody);
  declared.size = 3u << 20;
  declared.times = 1;
  auto chunked = declared;
  chunked.chunked = true;
  emulator().addFault(declared);
  emulator().addFault(chunked);
  const auto first = postThing();
  EXPECT_EQ(first.headers.at("content-length"), std::to_string(3u << 20));
  EXPECT_EQ(first.body.size(), 3u << 20);
  EXPECT_TRUE(json::parse(first.body)["padding"].is_string());
  const auto second = postThing();
  EXPECT_FALSE(second.headers.contains("content-length"));
  EXPECT_EQ(second.body.size(), 3u << 20);
}

TEST_F(Faults, DisconnectClosesMidBody) {
  auto fault = rule(FaultKind::Disconnect);
  fault.times = 1;
  emulator().addFault(fault);
  // Either the client notices the early end, or it gets less than declared.
  try {
    const auto answer = postThing();
    ASSERT_TRUE(answer.headers.contains("content-length"));
    EXPECT_LT(answer.body.size(), std::stoul(answer.headers.at("content-length")));
  } catch (const Poco::Exception&) {
    SUCCEED();
  }
  EXPECT_EQ(postThing().status, 201);  // a fresh connection works
  EXPECT_EQ(emulator().firedFaultCounts().at("disconnect"), 1u);
}

TEST_F(Faults, SlowAnswerArrivesAfterItsDelay) {
  auto fault = rule(FaultKind::Slow);
  fault.delay = 150ms;
  emulator().addFault(fault);
  const auto started = std::chrono::steady_clock::now();
  const auto answer = postThing();
  EXPECT_EQ(answer.status, 201);
  EXPECT_GE(std::chrono::steady_clock::now() - started, 150ms);
}

TEST_F(Faults, SlowAnswerPastTheClientTimeoutAndTheEmulatorStillStopsPromptly) {
  auto fault = rule(FaultKind::Slow);
  fault.delay = kMaxFaultDelay;
  emulator().addFault(fault);
  HttpConnection impatient(emulator().sandboxUrl(), 200ms);
  EXPECT_THROW(impatient.send("POST", kThings,
                              {{"Host", "api.example.test"},
                               {"Authorization", "Bearer ex-token"},
                               {"Content-Type", "application/json"}},
                              "{}"),
               Poco::TimeoutException);
  // A second request is held while the emulator stops: stop() releases it.
  std::thread held([&] {
    try {
      postThing();
    } catch (const std::exception&) {
      // the connection is aborted by stop(): expected
    }
  });
  const auto waitFor = std::chrono::steady_clock::now() + 10s;
  while (emulator().firedFaults().size() < 2 && std::chrono::steady_clock::now() < waitFor) {
    std::this_thread::yield();
  }
  ASSERT_EQ(emulator().firedFaults().size(), 2u);
  const auto started = std::chrono::steady_clock::now();
  emulator().stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  held.join();
}

TEST_F(Faults, RotateTokenAnswers401OnceAndTheOldTokenKeepsFailing) {
  auto fault = rule(FaultKind::RotateToken);
  fault.integrationType = "example";
  fault.times = 1;
  emulator().addFault(fault);
  const auto refused = postThing();
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(refused.json()["error"], "token_expired");

  const auto again = postThing();  // the old token is dead for good
  EXPECT_EQ(again.status, 401);
  EXPECT_EQ(again.json()["error"], "invalid_auth");
  EXPECT_EQ(emulator().sandboxRequests().back().fault, "revoked_token");

  const auto connection = base44("GET", "/api/apps/demo-app/external-auth/tokens/example").json();
  const std::string fresh = connection["access_token"];
  EXPECT_EQ(fresh, "ex-token.rotated1");
  EXPECT_EQ(postThing(fresh).status, 201);
  // callApi uses the new token too.
  const auto proxied =
      callApi("example", {{"method", "POST"}, {"path", "/v1/things"}, {"body", {{"name", "p"}}}})
          .json();
  EXPECT_EQ(proxied["status_code"], 201);
  EXPECT_EQ(emulator().sandboxRequests().back().headers.at("authorization"),
            "Bearer ex-token.rotated1");
  const auto counts = emulator().firedFaultCounts();
  EXPECT_EQ(counts.at("rotate_token"), 1u);
  EXPECT_EQ(counts.at("status"), 1u);  // the revoked token's 401
}

TEST_F(Faults, CallApiMeetingARotationSendsAgainOnceWithTheNewToken) {
  // As Base44 would: it holds the refresh token, so a proxied call never
  // reports the 401 of a token that rotated while the call was on its way.
  auto fault = rule(FaultKind::RotateToken);
  fault.integrationType = "example";
  fault.times = 1;
  emulator().addFault(fault);
  const auto proxied =
      callApi("example", {{"method", "POST"}, {"path", "/v1/things"}, {"body", {{"name", "p"}}}})
          .json();
  EXPECT_EQ(proxied["status_code"], 201) << proxied.dump();
  const auto sent = emulator().sandboxRequests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].headers.at("authorization"), "Bearer ex-token");
  EXPECT_EQ(sent[1].headers.at("authorization"), "Bearer ex-token.rotated1");
}

TEST_F(Faults, ARotatedTokenDoesNotGrowWithEachRotation) {
  auto fault = rule(FaultKind::RotateToken);
  fault.integrationType = "example";
  emulator().addFault(fault);  // every request rotates
  std::string token = "ex-token";
  for (int n = 1; n <= 3; ++n) {
    EXPECT_EQ(postThing(token).status, 401);
    token = base44("GET", "/api/apps/demo-app/external-auth/tokens/example")
                .json()["access_token"]
                .get<std::string>();
    EXPECT_EQ(token, "ex-token.rotated" + std::to_string(n));
  }
}

TEST_F(Faults, Base44SideFaultsByTypeAndPath) {
  FaultRule down;
  down.side = FaultSide::Base44;
  down.kind = FaultKind::Status;
  down.status = 503;
  down.integrationType = "example";
  down.times = 1;
  FaultRule garbage;
  garbage.side = FaultSide::Base44;
  garbage.kind = FaultKind::InvalidJson;
  garbage.path = "/api/apps/*/external-auth/tokens/connectors/*";
  emulator().addFault(down);
  emulator().addFault(garbage);

  const auto failed = base44("GET", "/api/apps/demo-app/external-auth/tokens/example");
  EXPECT_EQ(failed.status, 503);
  EXPECT_EQ(failed.json()["error"]["code"], "service_unavailable");  // Base44's error shape
  EXPECT_EQ(base44("GET", "/api/apps/demo-app/external-auth/tokens/example").status, 200);
  EXPECT_EQ(base44("GET", "/api/apps/demo-app/external-auth/tokens/rawkey").status, 200);
  const auto broken = base44("GET", "/api/apps/demo-app/external-auth/tokens/connectors/conn_ws_1");
  EXPECT_TRUE(json::parse(broken.body, nullptr, false).is_discarded());

  const auto records = emulator().base44Requests();
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].fault, "status#1");  // the default name: kind and position
  EXPECT_EQ(records[1].fault, "");
  const auto fired = emulator().firedFaults();
  ASSERT_EQ(fired.size(), 2u);
  EXPECT_EQ(fired[1].side, FaultSide::Base44);
  EXPECT_EQ(fired[1].integrationType, "slack");  // the workspace connector's type
}

TEST_F(Faults, SandboxFaultsReachCallApiAsBase44WouldReportThem) {
  auto unavailable = rule(FaultKind::Status);
  unavailable.status = 503;
  unavailable.times = 1;
  auto cut = rule(FaultKind::Disconnect);
  cut.times = 1;
  emulator().addFault(unavailable);
  emulator().addFault(cut);
  const json call = {{"method", "POST"}, {"path", "/v1/things"}, {"body", {{"name", "p"}}}};
  const auto first = callApi("example", call).json();
  EXPECT_EQ(first["success"], false);
  EXPECT_EQ(first["phase"], "responded");
  EXPECT_EQ(first["status_code"], 503);
  const auto second = callApi("example", call).json();
  EXPECT_EQ(second["phase"], "sent_unconfirmed");
  EXPECT_EQ(callApi("example", call).json()["status_code"], 201);
}

TEST_F(Faults, BarrierGathersConcurrentRequests) {
  FaultRule barrier = rule(FaultKind::Barrier);
  barrier.count = 3;
  barrier.delay = 20s;
  emulator().addFault(barrier);
  std::atomic<int> created{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; ++i) {
    threads.emplace_back([&] {
      if (postThing().status == 201) ++created;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(created, 3);
  EXPECT_EQ(emulator().firedFaultCounts().at("barrier"), 3u);
  // Open now: later requests pass at once.
  EXPECT_EQ(postThing().status, 201);
  EXPECT_EQ(emulator().firedFaultCounts().at("barrier"), 3u);
}

TEST_F(Faults, ClearFaultsRemovesRules) {
  auto fault = rule(FaultKind::Status);
  fault.status = 500;
  emulator().addFault(fault);
  EXPECT_EQ(postThing().status, 500);
  emulator().clearFaults();
  EXPECT_EQ(postThing().status, 201);
  emulator().clearRecords();
  EXPECT_TRUE(emulator().firedFaults().empty());
}

TEST_F(Faults, JsonFormAndItsErrors) {
  const auto rules = faultsFromJson(json::parse(R"({"faults": [
    {"name": "down", "side": "base44", "fault": "status", "status": 502, "times": 3,
     "integration_type": "slack"},
    {"fault": "rate_limit", "retry_after": 2, "path": "/api/chat.*", "method": "post"},
    {"fault": "rate_limit", "retry_after_http_date": 5, "remaining": 0, "reset": 60,
     "reset_format": "epoch_seconds", "remaining_header": "X-Left", "reset_header": "X-Reset"},
    {"fault": "slow", "delay_ms": 2500, "host": "*.wrike.com"},
    {"fault": "huge_body", "size": 1048576, "chunked": true},
    {"fault": "barrier", "count": 4, "delay_ms": 1000},
    {"fault": "quota", "limit": 10, "window": 60, "skip": 1}
  ]})"));
  ASSERT_EQ(rules.size(), 7u);
  EXPECT_EQ(rules[0].side, FaultSide::Base44);
  EXPECT_EQ(rules[0].times, 3u);
  EXPECT_EQ(rules[1].retryAfter, "2");
  EXPECT_EQ(rules[2].retryAfterHttpDate, 5s);
  EXPECT_EQ(rules[2].resetFormat, RateLimitSignals::ResetFormat::EpochSeconds);
  EXPECT_EQ(rules[3].delay, 2500ms);
  EXPECT_TRUE(rules[4].chunked);
  EXPECT_EQ(rules[5].count, 4u);
  EXPECT_EQ(rules[6].skip, 1u);

  const auto fieldOf = [](const char* text) {
    try {
      faultsFromJson(json::parse(text), "f.json");
    } catch (const InvalidArgumentError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(fieldOf(R"({"faults": [{"fault": "status"}]})").find("f.json: faults[0].status"),
            std::string::npos);
  EXPECT_NE(fieldOf(R"({"faults": [{"fault": "explode"}]})").find("faults[0].fault"),
            std::string::npos);
  EXPECT_NE(fieldOf(R"({"faults": [{"fault": "slow", "delay_ms": 999999}]})").find("delay_ms"),
            std::string::npos);
  EXPECT_NE(fieldOf(R"({"faults": [{"fault": "status", "status": 500, "tiems": 1}]})")
                .find("faults[0].tiems"),
            std::string::npos);
  EXPECT_NE(fieldOf(R"({"faults": [{"fault": "rotate_token", "side": "base44"}]})").find("side"),
            std::string::npos);
  EXPECT_NE(fieldOf(R"({"rules": []})").find("rules"), std::string::npos);
  // An unknown name is refused, not read as the first format.
  EXPECT_NE(fieldOf(R"({"faults": [{"fault": "rate_limit", "reset_format": "minutes"}]})")
                .find("faults[0].reset_format"),
            std::string::npos);
  for (const char* name : {"status", "rate_limit", "rate_limit_headers", "quota", "slow",
                           "disconnect", "truncated_body", "invalid_json", "empty_body",
                           "huge_body", "wrong_content_type", "rotate_token", "barrier"}) {
    ASSERT_TRUE(faultKindFromString(name)) << name;
    EXPECT_EQ(toString(*faultKindFromString(name)), name);
  }
}

TEST_F(Faults, RulesFromOptionsAndFile) {
  const auto file = dir_.write("faults.json", R"({"faults": [
    {"name": "first-post-fails", "fault": "status", "status": 500, "times": 1, "method": "POST"}]})");
  options_.faults = loadFaultsFile(file);
  std::vector<std::string> seen;
  std::mutex mutex;
  options_.onFault = [&](const FiredFault& fired) {
    std::lock_guard lock(mutex);
    seen.push_back(fired.rule);
  };
  EXPECT_EQ(postThing().status, 500);
  EXPECT_EQ(postThing().status, 201);
  std::lock_guard lock(mutex);
  EXPECT_EQ(seen, std::vector<std::string>{"first-post-fails"});
}

}  // namespace
}  // namespace b44::emulator::testing
