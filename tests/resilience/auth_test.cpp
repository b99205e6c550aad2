// A 401 from the service: one refresh of the connection from Base44 and one
// retry, for every action; a second 401 is an error, never a loop; callers
// that hit the 401 together cause one refresh, not one each.
#include "fixture.hpp"

#include <atomic>
#include <thread>

namespace b44::resilience {
namespace {

class Auth : public ResilienceTest {
 protected:
  std::size_t tokenRequests(const std::string& type) {
    std::size_t count = 0;
    for (const auto& request : emulator().base44Requests()) {
      if (request.url.ends_with("/external-auth/tokens/" + type)) ++count;
    }
    return count;
  }
  FaultRule rotation(const std::string& type) {
    FaultRule rule = fault(FaultKind::RotateToken);
    rule.integrationType = type;
    rule.times = 1;
    return rule;
  }
};

TEST_F(Auth, ARotatedTokenCostsOneRefreshAndOneRetryEvenForAnUnsafeAction) {
  addFault(rotation("flaky"));
  auto service = flaky();
  EXPECT_EQ(service.invoke("create_item", {{"name", "once"}})["name"], "once");
  const auto records = emulator().sandboxRequests();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].fault, "rotate_token#1");  // refused: the service did not act
  EXPECT_EQ(records[0].headers.at("authorization"), std::string("Bearer ") + kFlakyToken);
  EXPECT_EQ(records[1].fault, "");
  EXPECT_EQ(records[1].headers.at("authorization"),
            std::string("Bearer ") + kFlakyToken + ".rotated1");
  EXPECT_EQ(tokenRequests("flaky"), 2u);
  // The new connection is cached: no more Base44 requests.
  service.invoke("get_item", {{"id", "a"}});
  EXPECT_EQ(tokenRequests("flaky"), 2u);
}

TEST_F(Auth, ASecond401IsAnErrorNotALoop) {
  auto always = fault(FaultKind::Status, "/v1/items/*");
  always.status = 401;
  addFault(always);
  const auto error = expectThrow<ServiceError>([&] { flaky().invoke("get_item", {{"id", "x"}}); });
  EXPECT_EQ(error.status(), 401);
  EXPECT_EQ(error.code(), "invalid_auth");
  EXPECT_EQ(error.integrationType(), "flaky");
  EXPECT_EQ(error.action(), "get_item");
  EXPECT_FALSE(contains(error.what(), kFlakyToken));
  EXPECT_EQ(sandboxCount(), 2u);
  EXPECT_EQ(tokenRequests("flaky"), 2u);
  EXPECT_EQ(clock_->totalSlept(), 0ms);  // a 401 is not a retryable status
}

TEST_F(Auth, ForbiddenAndNotFoundAreErrorsWithoutARefresh) {
  for (const int status : {403, 404}) {
    emulator().clearFaults();
    emulator().clearRecords();
    auto refused = fault(FaultKind::Status, "/v1/items/*");
    refused.status = status;
    addFault(refused);
    EXPECT_EQ(expectThrow<ServiceError>([&] {
                flaky().invoke("get_item", {{"id", "x"}});
              }).status(),
              status);
    EXPECT_EQ(sandboxCount(), 1u);
    EXPECT_EQ(tokenRequests("flaky"), 1u);
  }
}

TEST_F(Auth, AWorkspaceConnectionIsRefreshedFromItsOwnEndpoint) {
  addFault(rotation("flaky"));
  ServiceOptions fromWorkspace;
  fromWorkspace.source = ConnectionSource::workspace("flaky_ws");
  auto service = flaky(clientOptions(), fromWorkspace);
  EXPECT_EQ(service.invoke("get_item", {{"id", "w"}})["id"], "w");
  EXPECT_EQ(emulator().sandboxRequests().back().headers.at("authorization"),
            std::string("Bearer ") + kFlakyWorkspaceToken + ".rotated1");
  std::size_t refreshes = 0;
  for (const auto& request : emulator().base44Requests()) {
    if (request.url.ends_with("/external-auth/tokens/connectors/flaky_ws")) ++refreshes;
  }
  EXPECT_EQ(refreshes, 2u);
}

TEST_F(Auth, ConcurrentCallersHittingThe401TogetherCauseOneRefresh) {
  constexpr std::size_t kCallers = 8;
  auto service = flaky();                        // one Client: one connection cache
  service.invoke("get_item", {{"id", "warm"}});  // every caller starts from the cached token
  emulator().clearRecords();

  // All callers send with the old token, held at the service until all have
  // arrived; then the first is refused and the token rotated, the others are
  // refused with the now revoked token.
  auto meet = fault(FaultKind::Barrier, "/v1/items/*");
  meet.count = kCallers;
  meet.delay = 30s;
  addFault(meet);
  addFault(rotation("flaky"));

  std::atomic<std::size_t> succeeded{0};
  std::vector<std::thread> callers;
  for (std::size_t i = 0; i < kCallers; ++i) {
    callers.emplace_back([&, i] {
      try {
        const auto id = "c" + std::to_string(i);
        if (service.invoke("get_item", {{"id", id}})["id"] == id) ++succeeded;
      } catch (const std::exception& e) {
        ADD_FAILURE() << e.what();
      }
    });
  }
  for (auto& caller : callers) caller.join();

  EXPECT_EQ(succeeded, kCallers);
  EXPECT_EQ(tokenRequests("flaky"), 1u);  // one refresh for eight 401s
  const auto fired = emulator().firedFaultCounts();
  EXPECT_EQ(fired.at("barrier"), kCallers);  // all met with the old token
  EXPECT_EQ(fired.at("rotate_token"), 1u);
  EXPECT_EQ(fired.at("status"), kCallers - 1);  // the revoked token, refused
  EXPECT_EQ(sandboxCount(), 2 * kCallers);
}

TEST_F(Auth, TheRealSlackAdapterRecoversFromARotatedToken) {
  addFault(rotation("slack"));
  auto slack = registry().service("slack", Client(clientOptions()));
  const auto posted = slack.invoke("post_message", {{"channel", "C1"}, {"text", "after 401"}});
  EXPECT_EQ(posted["ok"], true);
  EXPECT_EQ(tokenRequests("slack"), 2u);
  std::size_t acted = 0;
  for (const auto& request : emulator().sandboxRequests()) {
    if (request.fault.empty()) ++acted;
  }
  EXPECT_EQ(acted, 1u);  // posted once
}

}  // namespace
}  // namespace b44::resilience
