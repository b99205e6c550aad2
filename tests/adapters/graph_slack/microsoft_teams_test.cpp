// The microsoft_teams adapter and its typed helpers against the emulator's
// Teams sandbox (tools/emulator/sandbox/microsoft_teams.json).
#include <b44/adapters/microsoft_teams.hpp>

#include "graph_slack_support.hpp"

namespace b44::adapter_tests {
namespace {

using nlohmann::json;

constexpr const char* kTeam = "172b0cce-e65d-44ce-9a49-91d9f2e8493a";
constexpr const char* kChannel = "19:561fbdbbfca848a484f0a6f00ce9dbbd@thread.tacv2";
constexpr const char* kEncodedChannel = "19%3A561fbdbbfca848a484f0a6f00ce9dbbd%40thread.tacv2";
constexpr const char* kJoinedTeams = "https://graph.microsoft.com/v1.0/me/joinedTeams";
constexpr const char* kJoinedTeamsNext =
    "https://graph.microsoft.com/v1.0/me/joinedTeams?$skiptoken=Sm9pbmVkVGVhbXNQYWdlMg";

class MicrosoftTeamsTest : public GraphSlackTest {
 protected:
  [[nodiscard]] microsoft_teams::MicrosoftTeams teams(ServiceOptions options = {}) const {
    return microsoft_teams::MicrosoftTeams(service("microsoft_teams", std::move(options)));
  }
};

TEST_F(MicrosoftTeamsTest, ListJoinedTeamsWalksEveryPageAndStops) {
  const auto joined = teams().listJoinedTeams().all();

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].method, "GET");
  EXPECT_EQ(sent[0].url, kJoinedTeams);
  EXPECT_EQ(sent[1].url, kJoinedTeamsNext);
  for (const auto& request : sent) {
    EXPECT_EQ(header(request, "authorization"), bearer(kTeamsToken));
    EXPECT_FALSE(request.body.has_value());
  }

  ASSERT_EQ(joined.size(), 3u);
  EXPECT_EQ(joined[0].id, kTeam);
  EXPECT_EQ(joined[0].displayName, "Contoso Team");
  EXPECT_FALSE(joined[0].isArchived);
  EXPECT_EQ(joined[0].tenantId, "dcd219dd-bc68-4b9b-bf0b-4a33a796be35");
  EXPECT_EQ(joined[1].displayName, "Mark 8 Project Team");
  EXPECT_EQ(joined[2].displayName, "HR Taskforce");
  EXPECT_TRUE(joined[2].isArchived);
  EXPECT_TRUE(joined[2].raw.at("webUrl").is_null());
}

TEST_F(MicrosoftTeamsTest, ListJoinedTeamsResumesFromASavedNextLink) {
  auto pager = teams().listJoinedTeams();
  EXPECT_EQ(pager.nextPage().size(), 2u);
  ASSERT_TRUE(pager.cursor().has_value());
  EXPECT_EQ(*pager.cursor(), kJoinedTeamsNext);

  clearRequests();
  auto resumed = teams().listJoinedTeams({.user = std::nullopt, .nextLink = *pager.cursor()});
  const auto page = resumed.nextPage();
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].displayName, "HR Taskforce");
  EXPECT_FALSE(resumed.hasNext());
  EXPECT_EQ(onlyRequest().url, kJoinedTeamsNext);
}

TEST_F(MicrosoftTeamsTest, ListJoinedTeamsOfAnotherUser) {
  const auto joined = teams().listJoinedTeams("adele@contoso.com").all();
  EXPECT_EQ(onlyRequest().url,
            "https://graph.microsoft.com/v1.0/users/adele%40contoso.com/joinedTeams");
  ASSERT_EQ(joined.size(), 1u);
  EXPECT_EQ(joined[0].id, kTeam);
}

TEST_F(MicrosoftTeamsTest, ListChannelsWithFilterAndSelectWalksEveryPage) {
  microsoft_teams::ListChannelsRequest request;
  request.teamId = kTeam;
  request.filter = "membershipType eq 'standard'";
  request.select = "id,displayName,membershipType";
  const auto channels = teams().listChannels(request).all();

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].url, std::string("https://graph.microsoft.com/v1.0/teams/") + kTeam +
                             "/channels?%24filter=membershipType%20eq%20%27standard%27"
                             "&%24select=id%2CdisplayName%2CmembershipType");
  EXPECT_EQ(sent[1].url, std::string("https://graph.microsoft.com/v1.0/teams/") + kTeam +
                             "/channels?$skiptoken=Q2hhbm5lbHNQYWdlMg");

  ASSERT_EQ(channels.size(), 3u);
  EXPECT_EQ(channels[0].id, kChannel);
  EXPECT_EQ(channels[0].displayName, "General");
  EXPECT_EQ(channels[0].membershipType, "standard");
  EXPECT_EQ(channels[0].email, "team.general@contoso.com");
  EXPECT_EQ(channels[0].createdDateTime, "2020-05-27T19:22:25.692Z");
  EXPECT_NE(channels[0].webUrl.find(std::string("groupId=") + kTeam), std::string::npos);
  EXPECT_EQ(channels[1].displayName, "Launch");
  EXPECT_EQ(channels[2].membershipType, "private");
}

TEST_F(MicrosoftTeamsTest, SendChannelMessagePostsTheBodyToTheEncodedChannel) {
  const auto posted = teams().sendChannelMessage(kTeam, kChannel, "Hello from Base44");

  const auto request = onlyRequest();
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, std::string("https://graph.microsoft.com/v1.0/teams/") + kTeam +
                             "/channels/" + kEncodedChannel + "/messages");
  EXPECT_EQ(header(request, "authorization"), bearer(kTeamsToken));
  EXPECT_EQ(header(request, "content-type"), "application/json");
  EXPECT_EQ(jsonBody(request),
            json({{"body", {{"contentType", "text"}, {"content", "Hello from Base44"}}}}));

  EXPECT_EQ(posted.id, "1714644000123");
  EXPECT_EQ(posted.body.contentType, "text");
  EXPECT_EQ(posted.body.content, "Hello from Base44");
  EXPECT_EQ(posted.importance, "normal");
  EXPECT_EQ(posted.subject, "");
  EXPECT_TRUE(posted.raw.at("subject").is_null());
  EXPECT_EQ(posted.fromDisplayName, "Adele Vance");
  EXPECT_EQ(posted.fromUserId, "87d349ed-44d7-43e1-9a83-5f2406dee5bd");
  EXPECT_EQ(posted.teamId, kTeam);
  EXPECT_EQ(posted.channelId, kChannel);
  EXPECT_EQ(posted.createdDateTime, "2024-05-02T10:00:00.123Z");
}

TEST_F(MicrosoftTeamsTest, SendAnHtmlMessageWithSubjectAndImportance) {
  microsoft_teams::SendChannelMessageRequest message;
  message.teamId = kTeam;
  message.channelId = kChannel;
  message.content = "<b>Release 2.0</b> is out";
  message.contentType = "html";
  message.subject = "Release";
  message.importance = "urgent";
  const auto posted = teams().sendChannelMessage(message);

  EXPECT_EQ(jsonBody(onlyRequest()),
            json({{"body", {{"contentType", "html"}, {"content", "<b>Release 2.0</b> is out"}}},
                  {"subject", "Release"},
                  {"importance", "urgent"}}));
  EXPECT_EQ(posted.body.contentType, "html");
  EXPECT_EQ(posted.subject, "Release");
  EXPECT_EQ(posted.importance, "urgent");
}

TEST_F(MicrosoftTeamsTest, SendChannelMessageChecksItsInput) {
  const auto service = this->service("microsoft_teams");
  expectEachArgumentRefused(*emulator_, service, "send_channel_message",
                            {{"team_id", kTeam}, {"channel_id", kChannel}, {"content", "hi"}},
                            {{"team_id", nullptr},
                             {"channel_id", nullptr},
                             {"content", nullptr},
                             {"content_type", "markdown"},
                             {"importance", "low"},
                             {"channel_id", ".."},
                             {"team_id", ""}});
  expectEachArgumentRefused(*emulator_, service, "list_channels", {{"team_id", kTeam}},
                            {{"team_id", nullptr}, {"team_id", "."}});
  expectEachArgumentRefused(*emulator_, service, "list_joined_teams", json::object(),
                            {{"user", "."}, {"user", ""}});
}

TEST_F(MicrosoftTeamsTest, AMissingTeamIsAServiceErrorNamingTheRequestId) {
  auto pager = teams().listChannels("00000000-0000-0000-0000-000000000000");
  try {
    (void)pager.nextPage();
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.integrationType(), "microsoft_teams");
    EXPECT_EQ(error.action(), "list_channels");
    EXPECT_EQ(error.status(), 404);
    EXPECT_EQ(error.code(), "NotFound");
    EXPECT_NE(error.detail().find("No team found"), std::string::npos);
    EXPECT_NE(error.detail().find("request-id e1d2c3b4-a5f6-4e7d-8c9b-0a1f2e3d4c5b"),
              std::string::npos);
  }
}

TEST_F(MicrosoftTeamsTest, PostingInAnArchivedChannelIsForbidden) {
  try {
    (void)teams().sendChannelMessage(kTeam, "19:archived@thread.tacv2", "hello?");
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.status(), 403);
    EXPECT_EQ(error.code(), "Forbidden");
    EXPECT_NE(error.detail().find("archived"), std::string::npos);
    EXPECT_NE(error.detail().find("request-id f0e1d2c3"), std::string::npos) << error.detail();
  }
  EXPECT_EQ(requests().size(), 1u) << "a POST is not retried";
}

TEST_F(MicrosoftTeamsTest, Base44ProxySendsTheSameUpstreamRequests) {
  const auto directTeams = teams().listJoinedTeams().all();
  const auto directPosted = teams().sendChannelMessage(kTeam, kChannel, "Via Base44");
  const auto direct = requests();
  clearRequests();

  const auto proxiedTeams = teams(viaProxy()).listJoinedTeams().all();
  const auto proxiedPosted = teams(viaProxy()).sendChannelMessage(kTeam, kChannel, "Via Base44");
  const auto proxied = requests();

  ASSERT_EQ(direct.size(), 3u);
  ASSERT_EQ(proxied.size(), 3u);
  expectSameUpstreamRequest(direct[0], proxied[0]);
  expectSameNextPageRequest(direct[1], proxied[1]);
  expectSameUpstreamRequest(direct[2], proxied[2]);
  EXPECT_EQ(proxiedTeams.size(), directTeams.size());
  EXPECT_EQ(proxiedPosted.body.content, "Via Base44");
  EXPECT_EQ(proxiedPosted.channelId, directPosted.channelId);
}

TEST_F(MicrosoftTeamsTest, WorkspaceConnectorUsesItsToken) {
  (void)teams(fromWorkspace("teams_ws")).listJoinedTeams("adele@contoso.com").all();
  EXPECT_EQ(header(onlyRequest(), "authorization"), bearer(kTeamsWorkspaceToken));
}

TEST_F(MicrosoftTeamsTest, ChatMessagesWalkEveryPage) {
  const std::string chat = "19:c8f8f5e3a4b24f6b8d1e2f3a4b5c6d7e@thread.v2";
  const auto messages = teams().listChatMessages({.chatId = chat, .top = 2}).all();
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0].chatId, chat);
  EXPECT_EQ(messages[1].body.content, "Morning! Agenda is in the doc.");
  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(
      sent[0].url,
      "https://graph.microsoft.com/v1.0/chats/19%3Ac8f8f5e3a4b24f6b8d1e2f3a4b5c6d7e%40thread.v2/"
      "messages?%24top=2");
  EXPECT_EQ(sent[1].url,
            "https://graph.microsoft.com/v1.0/chats/19:c8f8f5e3a4b24f6b8d1e2f3a4b5c6d7e@thread.v2/"
            "messages?$top=2&$skiptoken=Q2hhdE1lc3NhZ2VzUGFnZTI");
  clearRequests();
  expectInvalidArgument(*emulator_, "args.top", [&] {
    (void)teams().listChatMessages({.chatId = chat, .top = 51}).nextPage();
  });
}

TEST_F(MicrosoftTeamsTest, AddMemberBindsTheUserAndDefaultsToAMember) {
  const auto member = teams().addTeamMember(
      kTeam, "https://graph.microsoft.com/v1.0/users('8b081ef6-4792-4def-b2c9-c363a1bf41d5')");
  const std::string user =
      "https://graph.microsoft.com/v1.0/users('8b081ef6-4792-4def-b2c9-c363a1bf41d5')";
  EXPECT_EQ(jsonBody(onlyRequest()),
            json({{"@odata.type", "#microsoft.graph.aadUserConversationMember"},
                  {"roles", json::array()},
                  {"user@odata.bind", user}}));
  EXPECT_TRUE(member.roles.empty());
  EXPECT_EQ(member.userId, "8b081ef6-4792-4def-b2c9-c363a1bf41d5");
  clearRequests();
  expectInvalidArgument(*emulator_, "args.user", [&] {
    (void)teams().addTeamMember(kTeam, "https://evil.example/users('x')");
  });
}

TEST_F(MicrosoftTeamsTest, UpdateAndDeleteChannelAnswerNoContent) {
  const auto service = this->service("microsoft_teams");
  EXPECT_TRUE(
      service
          .invoke("update_channel",
                  {{"team_id", kTeam}, {"channel_id", kChannel}, {"display_name", "Releases"}})
          .is_null());
  EXPECT_EQ(jsonBody(onlyRequest()), json({{"displayName", "Releases"}}));
  clearRequests();
  EXPECT_TRUE(
      service.invoke("delete_channel", {{"team_id", kTeam}, {"channel_id", kChannel}}).is_null());
  EXPECT_EQ(onlyRequest().url, std::string("https://graph.microsoft.com/v1.0/teams/") + kTeam +
                                   "/channels/" + kEncodedChannel);
}

}  // namespace
}  // namespace b44::adapter_tests
