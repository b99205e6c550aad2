// Malformed or oversized answers from a service are errors with context (the
// adapter, the action, the status), never crashes or hangs; the size of an
// answer is bounded by TransportOptions::maxResponseBytes.
#include "fixture.hpp"

namespace b44::resilience {
namespace {

class Answers : public ResilienceTest {
 protected:
  ProtocolError malformed(FaultRule rule, const std::string& action = "get_item",
                          const ClientOptions* options = nullptr) {
    addFault(std::move(rule));
    const nlohmann::json args =
        action == "get_item" ? nlohmann::json{{"id", "x"}} : nlohmann::json{{"name", "n"}};
    return expectThrow<ProtocolError>(
        [&] { flaky(options ? *options : clientOptions()).invoke(action, args); });
  }
};

TEST_F(Answers, InvalidJsonNamesAdapterActionAndStatus) {
  const std::string what = malformed(fault(FaultKind::InvalidJson, "/v1/items/*")).what();
  EXPECT_TRUE(contains(what, "flaky.get_item")) << what;
  EXPECT_TRUE(contains(what, "HTTP 200")) << what;
  EXPECT_TRUE(contains(what, "not valid JSON")) << what;
  EXPECT_EQ(sandboxCount(), 1u);  // a malformed answer is not retried
}

TEST_F(Answers, ATruncatedBodyIsMalformed) {
  const std::string what =
      malformed(fault(FaultKind::TruncatedBody, "/v1/items"), "create_item").what();
  EXPECT_TRUE(contains(what, "flaky.create_item")) << what;
  EXPECT_TRUE(contains(what, "HTTP 201")) << what;
}

TEST_F(Answers, AnEmptyBodyThatClaimsToBeJsonIsMalformed) {
  const std::string what = malformed(fault(FaultKind::EmptyBody, "/v1/items/*")).what();
  EXPECT_TRUE(contains(what, "flaky.get_item")) << what;
  EXPECT_TRUE(contains(what, "HTTP 200")) << what;
  EXPECT_TRUE(contains(what, "empty body")) << what;
}

TEST_F(Answers, AWrongContentTypeIsNamed) {
  const std::string what = malformed(fault(FaultKind::WrongContentType, "/v1/items/*")).what();
  EXPECT_TRUE(contains(what, "flaky.get_item")) << what;
  EXPECT_TRUE(contains(what, "content type text/html")) << what;
}

TEST_F(Answers, AnAnswerOverTheSizeLimitIsRefusedBeforeOrWhileReading) {
  auto options = clientOptions();
  options.transport.maxResponseBytes = 256u << 10;
  for (const bool chunked : {false, true}) {
    SCOPED_TRACE(chunked ? "chunked" : "with Content-Length");
    emulator().clearFaults();
    auto huge = fault(FaultKind::HugeBody, "/v1/items/*");
    huge.size = 64u << 20;  // far more than the limit; the client stops early
    huge.chunked = chunked;
    const std::string what = malformed(huge, "get_item", &options).what();
    EXPECT_TRUE(contains(what, "flaky.get_item")) << what;
    EXPECT_TRUE(contains(what, "HTTP 200")) << what;
    EXPECT_TRUE(contains(what, "response size limit of 262144 bytes")) << what;
  }
}

TEST_F(Answers, ACutOffAnswerNamesTheActionAndHowMuchArrived) {
  auto cut = fault(FaultKind::Disconnect, "/v1/items/*");
  addFault(cut);
  auto options = clientOptions();
  options.retry.maxAttempts = 2;
  const auto error = expectThrow<TransportError>([&] {
    flaky(options).invoke("get_item", {{"id", "x"}});
  });
  EXPECT_EQ(error.kind(), TransportError::Kind::Io);
  const std::string what = error.what();
  EXPECT_TRUE(contains(what, "flaky.get_item")) << what;
  EXPECT_TRUE(contains(what, "closed mid-response")) << what;
  EXPECT_TRUE(contains(what, "HTTP 200")) << what;
  EXPECT_EQ(sandboxCount(), 2u);
}

TEST_F(Answers, TheRealAdaptersReportMalformedAnswersWithContext) {
  struct Call {
    const char* type;
    const char* action;
    nlohmann::json args;
  };
  const std::vector<Call> calls = {
      {"slack", "post_message", {{"channel", "C1"}, {"text", "hi"}}},
      {"googlecalendar", "list_calendars", nlohmann::json::object()},
      {"notion", "search", {{"query", "x"}}},
      {"wrike", "list_tasks", nlohmann::json::object()},
  };
  for (const auto kind : {FaultKind::InvalidJson, FaultKind::EmptyBody, FaultKind::TruncatedBody,
                          FaultKind::WrongContentType}) {
    for (const auto& call : calls) {
      SCOPED_TRACE(emulator::toString(kind) + " " + call.type);
      emulator().clearFaults();
      auto broken = fault(kind);
      broken.integrationType = call.type;
      addFault(broken);
      const auto service = registry().service(call.type, Client(clientOptions()));
      const std::string what =
          expectThrow<ProtocolError>([&] { service.invoke(call.action, call.args); }).what();
      EXPECT_TRUE(contains(what, std::string(call.type) + "." + call.action)) << what;
      EXPECT_TRUE(contains(what, "HTTP ")) << what;
    }
  }
}

}  // namespace
}  // namespace b44::resilience
