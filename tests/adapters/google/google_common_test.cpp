// What the Google family guarantees to its members: googleapis.com hosts and
// the connection's own token, app or workspace. What every adapter must
// satisfy is checked once, for all 46, in ../common_test.cpp.
#include "google_support.hpp"

namespace b44::adapter_tests {
namespace {

using nlohmann::json;

class GoogleCommonTest : public GoogleAdapterTest,
                         public ::testing::WithParamInterface<std::string> {};

TEST_P(GoogleCommonTest, EveryHostIsOneGoogleApisHost) {
  const auto& spec = registry().adapter(GetParam())->spec();
  for (const auto& host : spec.hosts) {
    SCOPED_TRACE(host.name);
    ASSERT_EQ(host.allowedHosts.size(), 1u);
    EXPECT_TRUE(host.allowedHosts[0].ends_with("googleapis.com")) << host.allowedHosts[0];
    EXPECT_NE(host.baseUrlTemplate.find("https://" + host.allowedHosts[0] + "/"),
              std::string::npos);
  }
  EXPECT_TRUE(spec.configFields.empty()) << "Google URLs do not depend on the account";
}

TEST_P(GoogleCommonTest, TheAppConnectionsTokenIsSent) {
  const auto client = service(GetParam());
  const auto& action = client.spec().actions.front();
  (void)client.invoke(action.name, action.example);
  EXPECT_EQ(header(onlyRequest(), "authorization"), bearer(appToken(GetParam())));
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
