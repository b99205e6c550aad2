// What the Microsoft Graph family guarantees to all four of its members (host,
// token, @odata.nextLink paging, checked next links). What every adapter must
// satisfy is checked once, for all 46, in ../common_test.cpp.
#include <b44/plugin/args.hpp>
#include <b44/plugin/spec.hpp>
#include <b44/plugin/url.hpp>

#include <algorithm>

#include "graph_slack_support.hpp"

namespace b44::adapter_tests {
namespace {

using nlohmann::json;

// --- The Microsoft Graph family -------------------------------------------------

class GraphFamilyTest : public GraphSlackTest, public ::testing::WithParamInterface<std::string> {};

TEST_P(GraphFamilyTest, SharesHostTokenAndPaging) {
  const plugin::AdapterSpec& spec = registry().adapter(GetParam())->spec();
  EXPECT_EQ(spec.hosts[0].baseUrlTemplate, "https://graph.microsoft.com/v1.0");
  EXPECT_EQ(spec.hosts[0].allowedHosts, std::vector<std::string>{"graph.microsoft.com"});
  EXPECT_TRUE(spec.documentationUrl.starts_with("https://learn.microsoft.com/"));
  int paginated = 0;
  for (const auto& action : spec.actions) {
    if (!action.pagination) continue;
    SCOPED_TRACE(action.name);
    ++paginated;
    EXPECT_EQ(action.pagination->style, plugin::Pagination::Style::NextUrl);
    EXPECT_EQ(action.pagination->cursorPointer, "/@odata.nextLink");
    EXPECT_EQ(action.pagination->cursorArgument, "next_link");
    EXPECT_EQ(action.pagination->itemsPointer, "/value");
  }
  EXPECT_GE(paginated, 1);
}

TEST_P(GraphFamilyTest, DeclaresItsThrottlingSignals) {
  const auto& limits = registry().adapter(GetParam())->spec().rateLimit;
  const bool sharePointBacked = GetParam() == "one_drive" || GetParam() == "share_point";
  if (sharePointBacked) {
    EXPECT_EQ(limits.extraStatuses, std::vector<int>{503});
    EXPECT_EQ(limits.remainingHeader, "RateLimit-Remaining");
    EXPECT_EQ(limits.resetHeader, "RateLimit-Reset");
    EXPECT_EQ(limits.resetFormat, plugin::RateLimitSignals::ResetFormat::DeltaSeconds);
  } else {
    EXPECT_TRUE(limits.extraStatuses.empty());
    EXPECT_TRUE(limits.remainingHeader.empty());
  }
}

// A next link comes back from the caller, so it is checked like any input:
// only a Graph v1.0 URL is sent, on either route.
TEST_P(GraphFamilyTest, ANextLinkMustBeAGraphV1Url) {
  const std::vector<std::string> hostile = {
      "https://evil.com/v1.0/me/drive/root/children",
      "https://graph.microsoft.com.evil.com/v1.0/me/messages",
      "https://graph.microsoft.com@evil.com/v1.0/me/messages",
      "http://graph.microsoft.com/v1.0/me/messages",
      "https://graph.microsoft.com/beta/me/messages",
      "https://graph.microsoft.com/v1.0/../beta/me/messages",
      "https://graph.microsoft.com/v1.0/me/%2E%2E/%2e%2e/beta/users",
      "https://graph.microsoft.com/v1.0/me/messages#x",
      "https://graph.microsoft.com/v1.0/me/messages\r\nX-Injected: 1",
      "https://graph.microsoft.com/v1.0/me/messages?$skip=10 HTTP/1.1",
      "/v1.0/me/messages?$skip=10",
      "",
  };
  for (const bool proxy : {false, true}) {
    const auto service = this->service(GetParam(), proxy ? viaProxy() : ServiceOptions{});
    for (const auto& action : service.spec().actions) {
      if (!action.pagination) continue;
      for (const auto& link : hostile) {
        SCOPED_TRACE(action.name + (proxy ? " (proxy) " : " ") + link);
        json args = action.example;
        args["next_link"] = link;
        expectInvalidArgument(
            *emulator_, "args.next_link", [&] { (void)service.invoke(action.name, args); },
            allGroupTokens());
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Graph, GraphFamilyTest,
                         ::testing::Values("microsoft_teams", "one_drive", "outlook",
                                           "share_point"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace b44::adapter_tests
