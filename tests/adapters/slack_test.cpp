// The slack adapter and its typed helpers against the emulator's Slack sandbox.
#include "support.hpp"

#include <b44/adapters/slack.hpp>

namespace b44::adapter_tests {
namespace {

using nlohmann::json;

class SlackTest : public AdapterTest {
 protected:
  [[nodiscard]] slack::Slack slack(ServiceOptions options = {}, bool withUserToken = false) const {
    return slack::Slack(service("slack", std::move(options), withUserToken));
  }
};

TEST_F(SlackTest, PostMessageSendsOneJsonPostWithTheToken) {
  const auto posted = slack().postMessage("C0123456789", "Hello from Base44");

  const auto request = onlyRequest();
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, "https://slack.com/api/chat.postMessage");
  EXPECT_EQ(header(request, "authorization"), std::string("Bearer ") + kSlackToken);
  EXPECT_EQ(header(request, "content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(jsonBody(request), json({{"channel", "C0123456789"}, {"text", "Hello from Base44"}}));

  EXPECT_EQ(posted.channel, "C0123456789");
  EXPECT_EQ(posted.ts, "1700000400.000200");
  EXPECT_EQ(posted.message.text, "Hello from Base44");
  EXPECT_EQ(posted.message.user, "U0123456789");
  EXPECT_EQ(posted.raw.at("ok"), true);
}

TEST_F(SlackTest, PostMessageInAThreadWithBlocks) {
  slack::PostMessageRequest message;
  message.channel = "C0123456789";
  message.text = "Fallback";
  message.threadTs = "1700000000.000100";
  message.blocks = json::array(
      {{{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", "*Deployed* :rocket:"}}}}});
  message.replyBroadcast = true;
  const auto posted = slack().postMessage(message);

  EXPECT_EQ(jsonBody(onlyRequest()), json({{"channel", "C0123456789"},
                                           {"text", "Fallback"},
                                           {"thread_ts", "1700000000.000100"},
                                           {"blocks", message.blocks},
                                           {"reply_broadcast", true}}));
  EXPECT_EQ(posted.message.threadTs, "1700000000.000100");
  EXPECT_EQ(posted.message.raw.at("blocks"), message.blocks);
}

TEST_F(SlackTest, PostMessageNeedsAChannel) {
  const auto service = this->service("slack");
  expectInvalidArgument(*emulator_, "args.channel", [&] {
    (void)service.invoke("post_message", {{"text", "hi"}});
  });
}

TEST_F(SlackTest, PostMessageNeedsTextOrBlocks) {
  expectInvalidArgument(*emulator_, "args.text", [&] { (void)slack().postMessage("C1", ""); });
}

TEST_F(SlackTest, ListConversationsWalksEveryPageAndStops) {
  slack::ListConversationsRequest request;
  request.types = "public_channel,private_channel";
  request.limit = 2;
  request.excludeArchived = true;
  const auto conversations = slack().listConversations(request).all();

  ASSERT_EQ(conversations.size(), 3u);
  EXPECT_EQ(conversations[0].id, "C0123456789");
  EXPECT_EQ(conversations[0].name, "general");
  EXPECT_TRUE(conversations[0].isGeneral);
  EXPECT_TRUE(conversations[0].isMember);
  EXPECT_EQ(conversations[0].topic, "Company-wide announcements");
  EXPECT_EQ(conversations[0].numMembers, 42);
  EXPECT_EQ(conversations[1].name, "random");
  EXPECT_FALSE(conversations[1].isMember);
  EXPECT_EQ(conversations[2].name, "project-x");
  EXPECT_TRUE(conversations[2].isPrivate);
  EXPECT_EQ(conversations[2].purpose, "Private project channel");

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  const std::string base =
      "https://slack.com/api/conversations.list?types=public_channel%2Cprivate_channel"
      "&limit=2&exclude_archived=true";
  EXPECT_EQ(sent[0].method, "GET");
  EXPECT_EQ(sent[0].url, base);
  EXPECT_EQ(sent[1].url, base + "&cursor=dGVhbTpDMDEyMzQ1Njc5MQ%3D%3D");
  for (const auto& request : sent) {
    EXPECT_EQ(header(request, "authorization"), std::string("Bearer ") + kSlackToken);
    EXPECT_FALSE(request.body.has_value());
  }
}

TEST_F(SlackTest, ListConversationsResumesFromASavedCursor) {
  auto pager = slack().listConversations();
  ASSERT_TRUE(pager.hasNext());
  EXPECT_EQ(pager.nextPage().size(), 2u);
  ASSERT_TRUE(pager.cursor().has_value());
  const std::string saved = *pager.cursor();
  EXPECT_EQ(saved, "dGVhbTpDMDEyMzQ1Njc5MQ==");

  clearRequests();
  slack::ListConversationsRequest resume;
  resume.cursor = saved;
  auto resumed = slack().listConversations(resume);
  const auto page = resumed.nextPage();
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].name, "project-x");
  EXPECT_FALSE(resumed.hasNext());
  EXPECT_FALSE(resumed.cursor().has_value());
  EXPECT_EQ(onlyRequest().url,
            "https://slack.com/api/conversations.list?cursor=dGVhbTpDMDEyMzQ1Njc5MQ%3D%3D");
}

TEST_F(SlackTest, GetUserInfo) {
  const auto user = slack().getUserInfo("U0123456789");

  const auto request = onlyRequest();
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.url, "https://slack.com/api/users.info?user=U0123456789");
  EXPECT_EQ(header(request, "authorization"), std::string("Bearer ") + kSlackToken);

  EXPECT_EQ(user.id, "U0123456789");
  EXPECT_EQ(user.teamId, "T0123456789");
  EXPECT_EQ(user.name, "ada");
  EXPECT_EQ(user.realName, "Ada Lovelace");
  EXPECT_EQ(user.tz, "Europe/London");
  EXPECT_TRUE(user.isAdmin);
  EXPECT_FALSE(user.isBot);
  EXPECT_EQ(user.profile.displayName, "ada");
  EXPECT_EQ(user.profile.email, "ada@example.com");
  EXPECT_EQ(user.profile.image72, "https://avatars.slack-edge.com/ada_72.png");
  EXPECT_EQ(user.raw.at("has_2fa"), true);
}

TEST_F(SlackTest, OkFalseBecomesAServiceErrorWithSlacksCode) {
  try {
    (void)slack().getUserInfo("U_MISSING");
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.integrationType(), "slack");
    EXPECT_EQ(error.action(), "get_user_info");
    EXPECT_EQ(error.status(), 200);
    EXPECT_EQ(error.code(), "user_not_found");
    EXPECT_EQ(error.body().at("ok"), false);
    EXPECT_EQ(std::string(error.what()).find(kSlackToken), std::string::npos);
  }
}

TEST_F(SlackTest, MissingScopeNamesTheNeededScope) {
  slack::ListConversationsRequest request;
  request.types = "im";
  auto pager = slack().listConversations(request);
  try {
    (void)pager.nextPage();
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.code(), "missing_scope");
    EXPECT_NE(error.detail().find("im:read"), std::string::npos);
  }
}

TEST_F(SlackTest, Base44ProxySendsTheSameUpstreamRequests) {
  slack::ListConversationsRequest list;
  list.types = "public_channel";
  list.limit = 2;
  const auto directPosted = slack().postMessage("C0123456789", "Via Base44");
  const auto directPages = slack().listConversations(list).all();
  const auto direct = requests();
  clearRequests();

  const auto proxiedPosted = slack(viaProxy()).postMessage("C0123456789", "Via Base44");
  const auto proxiedPages = slack(viaProxy()).listConversations(list).all();
  const auto proxied = requests();

  ASSERT_EQ(direct.size(), 3u);
  ASSERT_EQ(proxied.size(), 3u);
  for (std::size_t i = 0; i < direct.size(); ++i) {
    SCOPED_TRACE(direct[i].url);
    expectSameUpstreamRequest(direct[i], proxied[i]);
  }
  EXPECT_EQ(proxiedPosted.ts, directPosted.ts);
  EXPECT_EQ(proxiedPosted.message.text, "Via Base44");
  ASSERT_EQ(proxiedPages.size(), directPages.size());
  EXPECT_EQ(proxiedPages.back().name, "project-x");
}

TEST_F(SlackTest, Base44ProxyReportsOkFalseToo) {
  try {
    (void)slack(viaProxy()).getUserInfo("U_MISSING");
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.code(), "user_not_found");
  }
}

TEST_F(SlackTest, WorkspaceConnectorUsesItsToken) {
  (void)slack(fromWorkspace("slack_ws")).getUserInfo("U0123456789");
  EXPECT_EQ(header(onlyRequest(), "authorization"), std::string("Bearer ") + kSlackWorkspaceToken);
}

TEST_F(SlackTest, AppUserConnectorUsesItsToken) {
  (void)slack(fromAppUser("slack_me"), /*withUserToken=*/true).postMessage("D0123", "Hi me");
  EXPECT_EQ(header(onlyRequest(), "authorization"), std::string("Bearer ") + kSlackAppUserToken);
}

TEST_F(SlackTest, SearchMessagesWalksNumberedPagesUntilTheLast) {
  slack::SearchMessagesRequest request;
  request.query = "launch checklist";
  request.count = 2;
  auto pager = slack().searchMessages(request);
  const auto first = pager.nextPage();
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].channelName, "general");
  EXPECT_EQ(first[1].user, "U0123456789");
  ASSERT_TRUE(pager.cursor().has_value());
  EXPECT_EQ(*pager.cursor(), "2");
  const auto second = pager.nextPage();
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].channelId, "C0123456791");
  EXPECT_FALSE(pager.hasNext());
  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].url, "https://slack.com/api/search.messages?query=launch%20checklist&count=2");
  EXPECT_EQ(sent[1].url,
            "https://slack.com/api/search.messages?query=launch%20checklist&count=2&page=2");
}

TEST_F(SlackTest, ScheduleMessageSendsPostAtAsANumber) {
  const auto scheduled = slack().scheduleMessage("C0123456789", 1900000000, "Stand-up");
  EXPECT_EQ(jsonBody(onlyRequest()),
            json({{"channel", "C0123456789"}, {"post_at", 1900000000}, {"text", "Stand-up"}}));
  EXPECT_EQ(scheduled.scheduledMessageId, "Q1298393284");
  EXPECT_EQ(scheduled.postAt, 1900000000);
  EXPECT_EQ(scheduled.message.text, "Stand-up");
}

}  // namespace
}  // namespace b44::adapter_tests
