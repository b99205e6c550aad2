// What every adapter of the graph_slack group must satisfy (it loads, it
// describes itself completely, every example works directly and through
// Base44's proxy), and what the Microsoft Graph family guarantees to all four
// of its members (host, token, @odata.nextLink paging, checked next links).
#include <b44/plugin/args.hpp>
#include <b44/plugin/spec.hpp>
#include <b44/plugin/url.hpp>

#include <algorithm>

#include "graph_slack_support.hpp"

namespace b44::adapter_tests {
namespace {

using nlohmann::json;

class GroupAdapterTest : public GraphSlackTest,
                         public ::testing::WithParamInterface<std::string> {};

TEST_P(GroupAdapterTest, LoadsThroughTheRegistry) {
  ASSERT_TRUE(registry().contains(GetParam()));
  bool found = false;
  for (const auto& loaded : registry().adapters()) {
    if (loaded.integrationType != GetParam()) continue;
    found = true;
    EXPECT_EQ(loaded.adapterVersion, "1.0.0");
    EXPECT_NE(loaded.path.find("libb44_adapter_" + GetParam() + ".so"), std::string::npos);
    ASSERT_NE(loaded.adapter, nullptr);
    EXPECT_EQ(loaded.adapter->spec().type, GetParam());
  }
  EXPECT_TRUE(found);
}

TEST_P(GroupAdapterTest, DescribesItselfCompletely) {
  const plugin::AdapterSpec& spec = registry().adapter(GetParam())->spec();
  EXPECT_FALSE(spec.displayName.empty());
  EXPECT_FALSE(spec.description.empty());
  EXPECT_TRUE(spec.documentationUrl.starts_with("https://")) << spec.documentationUrl;
  ASSERT_EQ(spec.hosts.size(), 1u);
  EXPECT_FALSE(spec.hosts[0].allowedHosts.empty());
  EXPECT_TRUE(spec.configFields.empty()) << "the URL of these types never depends on the account";
  EXPECT_EQ(spec.token.header, "Authorization");
  EXPECT_EQ(spec.token.scheme, "Bearer");
  ASSERT_FALSE(spec.actions.empty());
  for (const auto& action : spec.actions) {
    SCOPED_TRACE(action.name);
    EXPECT_FALSE(action.description.empty());
    EXPECT_TRUE(action.method == "GET" || action.method == "POST" || action.method == "PUT")
        << action.method;
    if (action.method == "GET") {
      EXPECT_TRUE(action.retrySafe) << "a GET is a read";
    }
    if (action.method == "POST") {
      EXPECT_FALSE(action.retrySafe) << "these POSTs create things";
    }
    EXPECT_FALSE(action.parameters.empty());
    for (const auto& parameter : action.parameters) {
      EXPECT_FALSE(parameter.description.empty()) << parameter.name;
    }
    ASSERT_TRUE(action.example.is_object());
    EXPECT_FALSE(action.example.empty());
    EXPECT_NO_THROW(
        plugin::validateArguments(action, action.example, spec.type + "." + action.name));
    if (action.pagination) {
      const auto& cursor = action.pagination->cursorArgument;
      EXPECT_TRUE(std::any_of(action.parameters.begin(), action.parameters.end(),
                              [&](const auto& p) { return p.name == cursor; }))
          << "the cursor argument '" << cursor << "' is not a parameter";
      EXPECT_FALSE(action.pagination->itemsPointer.empty());
      EXPECT_TRUE(action.retrySafe);
    }
  }
  const auto described = plugin::toJson(spec);
  EXPECT_EQ(described.at("type"), GetParam());
  EXPECT_EQ(described.at("actions").size(), spec.actions.size());
}

// What `describe --json` gives is enough to call every action, directly and
// through Base44's proxy, and both routes send the service the same request.
TEST_P(GroupAdapterTest, EveryExampleWorksDirectlyAndThroughTheProxy) {
  const auto direct = service(GetParam());
  const auto proxied = service(GetParam(), viaProxy());
  for (const auto& action : direct.spec().actions) {
    SCOPED_TRACE(action.name);
    clearRequests();
    const auto result = direct.invoke(action.name, action.example);
    EXPECT_TRUE(result.is_object());
    const auto first = requests();
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(first[0].method, action.method);

    clearRequests();
    EXPECT_EQ(proxied.invoke(action.name, action.example), result);
    const auto second = requests();
    ASSERT_EQ(second.size(), 1u);
    expectSameUpstreamRequest(first[0], second[0]);
  }
}

TEST_P(GroupAdapterTest, UnknownActionsSuggestTheClosestName) {
  const auto service = this->service(GetParam());
  const auto& first = service.spec().actions.front().name;
  try {
    (void)service.invoke(first + "x");
    FAIL() << "expected InvalidArgumentError";
  } catch (const InvalidArgumentError& error) {
    EXPECT_NE(std::string(error.what()).find("did you mean '" + first + "'"), std::string::npos)
        << error.what();
  }
}

INSTANTIATE_TEST_SUITE_P(GraphSlack, GroupAdapterTest, ::testing::ValuesIn(groupTypes()),
                         [](const auto& info) { return info.param; });

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
