// What every adapter of the Google group must do: load, describe itself
// completely, and run every action's example against the emulator, directly
// and through Base44's proxy, with the connection's own token.
#include "google_support.hpp"

namespace b44::adapter_tests {
namespace {

using nlohmann::json;

class GoogleCommonTest : public GoogleAdapterTest,
                         public ::testing::WithParamInterface<std::string> {};

TEST_P(GoogleCommonTest, LoadsAndDescribesItselfCompletely) {
  const std::string type = GetParam();
  const auto adapter = registry().adapter(type);
  ASSERT_NE(adapter, nullptr) << type << " did not load";
  const auto& spec = adapter->spec();
  EXPECT_EQ(spec.type, type);
  EXPECT_FALSE(spec.displayName.empty());
  EXPECT_FALSE(spec.description.empty());
  EXPECT_TRUE(spec.documentationUrl.starts_with("https://")) << spec.documentationUrl;
  ASSERT_FALSE(spec.hosts.empty());
  for (const auto& host : spec.hosts) {
    EXPECT_TRUE(host.baseUrlTemplate.starts_with("https://")) << host.baseUrlTemplate;
    ASSERT_EQ(host.allowedHosts.size(), 1u);
    EXPECT_TRUE(host.allowedHosts[0].ends_with("googleapis.com")) << host.allowedHosts[0];
    EXPECT_NE(host.baseUrlTemplate.find("://" + host.allowedHosts[0] + "/"), std::string::npos);
  }
  EXPECT_TRUE(spec.configFields.empty()) << "Google URLs do not depend on the account";
  EXPECT_EQ(spec.token.header, "Authorization");
  EXPECT_EQ(spec.token.scheme, "Bearer");
  ASSERT_FALSE(spec.actions.empty());
  for (const auto& action : spec.actions) {
    SCOPED_TRACE(type + "." + action.name);
    EXPECT_FALSE(action.description.empty());
    EXPECT_TRUE(action.example.is_object());
    EXPECT_TRUE(action.method == "GET" || action.method == "POST") << action.method;
    if (action.method == "GET") {
      EXPECT_TRUE(action.retrySafe) << "reads are safe to retry";
    }
    for (const auto& parameter : action.parameters) {
      EXPECT_FALSE(parameter.description.empty()) << parameter.name;
    }
    for (const auto& item : action.example.items()) {
      const std::string name = item.key();  // (clang 14: no lambda capture of a binding)
      EXPECT_TRUE(std::any_of(action.parameters.begin(), action.parameters.end(),
                              [&](const auto& p) { return p.name == name; }))
          << "the example uses an undeclared argument " << name;
    }
    if (action.pagination) {
      const auto& cursor = action.pagination->cursorArgument;
      EXPECT_TRUE(std::any_of(action.parameters.begin(), action.parameters.end(),
                              [&](const auto& p) { return p.name == cursor; }))
          << "the cursor must be an ordinary argument: " << cursor;
      EXPECT_FALSE(action.pagination->itemsPointer.empty());
    }
  }
  const auto described = plugin::toJson(spec);
  EXPECT_EQ(described["actions"].size(), spec.actions.size());
}

TEST_P(GoogleCommonTest, EveryExampleRunsDirectlyAndThroughTheProxyWithTheAppToken) {
  const std::string type = GetParam();
  const auto direct = service(type);
  const auto proxied = service(type, viaProxy());
  for (const auto& action : direct.spec().actions) {
    SCOPED_TRACE(type + "." + action.name);
    clearRequests();
    EXPECT_NO_THROW((void)direct.invoke(action.name, action.example));
    const auto first = requests();
    clearRequests();
    EXPECT_NO_THROW((void)proxied.invoke(action.name, action.example));
    const auto second = requests();
    ASSERT_EQ(first.size(), 1u);
    ASSERT_EQ(second.size(), 1u);
    EXPECT_EQ(header(first[0], "authorization"), bearer(appToken(type)));
    expectSameUpstreamRequest(first[0], second[0]);
  }
}

TEST_P(GoogleCommonTest, AWorkspaceConnectionUsesItsOwnToken) {
  const std::string type = GetParam();
  const auto client = service(type, fromWorkspace(type + "_ws"));
  const auto& action = client.spec().actions.front();
  (void)client.invoke(action.name, action.example);
  EXPECT_EQ(header(onlyRequest(), "authorization"), bearer(workspaceToken(type)));
}

INSTANTIATE_TEST_SUITE_P(Google, GoogleCommonTest, ::testing::ValuesIn(googleTypes()),
                         [](const auto& info) { return info.param; });

// googlecalendar takes its shared parts from the same family library.
TEST_F(GoogleAdapterTest, CalendarSharesTheFamilyParts) {
  const auto calendar = registry().adapter("googlecalendar");
  const auto gmail = registry().adapter("gmail");
  ASSERT_NE(calendar, nullptr);
  ASSERT_NE(gmail, nullptr);
  EXPECT_EQ(calendar->spec().token.scheme, gmail->spec().token.scheme);
  EXPECT_EQ(calendar->spec().rateLimit.extraStatuses, gmail->spec().rateLimit.extraStatuses);
  EXPECT_EQ(calendar->spec().rateLimit.extraStatuses, std::vector<int>{403});
  const auto* list = calendar->spec().findAction("list_events");
  ASSERT_NE(list, nullptr);
  ASSERT_TRUE(list->pagination);
  EXPECT_EQ(list->pagination->cursorPointer, "/nextPageToken");
  EXPECT_EQ(list->pagination->cursorArgument, "page_token");
}

}  // namespace
}  // namespace b44::adapter_tests
