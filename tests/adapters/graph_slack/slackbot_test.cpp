// The slackbot adapter (a bot token) through Slack's own typed helpers
// (b44::slack::Slack), against the Slack sandbox routes it shares with the
// slack adapter (tools/emulator/sandbox/slack.json: same host, same methods).
#include <b44/adapters/slack.hpp>

#include "graph_slack_support.hpp"

namespace b44::adapter_tests {
namespace {

using nlohmann::json;

class SlackbotTest : public GraphSlackTest {
 protected:
  [[nodiscard]] slack::Slack bot(ServiceOptions options = {}, bool withUserToken = false) const {
    return slack::Slack(service("slackbot", std::move(options), withUserToken));
  }
};

TEST_F(SlackbotTest, IsSlacksWebApiUnderItsOwnType) {
  const auto& bot = registry().adapter("slackbot")->spec();
  const auto& user = registry().adapter("slack")->spec();
  EXPECT_EQ(bot.type, "slackbot");
  EXPECT_NE(bot.displayName, user.displayName);
  EXPECT_NE(bot.description, user.description);
  EXPECT_NE(bot.description.find("bot token"), std::string::npos);
  ASSERT_EQ(bot.hosts.size(), 2u);  // the Web API, and files.slack.com for files' bytes
  ASSERT_EQ(user.hosts.size(), bot.hosts.size());
  for (std::size_t i = 0; i < bot.hosts.size(); ++i) {
    EXPECT_EQ(bot.hosts[i].baseUrlTemplate, user.hosts[i].baseUrlTemplate);
    EXPECT_EQ(bot.hosts[i].allowedHosts, user.hosts[i].allowedHosts);
  }
  EXPECT_EQ(bot.token.header, user.token.header);
  EXPECT_EQ(bot.token.scheme, user.token.scheme);

  // The same actions with the same parameters, examples and paging; only
  // post_message says whose name a message carries. search.messages takes
  // user tokens only: the user type has it last, the bot type not at all.
  ASSERT_EQ(bot.actions.size() + 1, user.actions.size());
  EXPECT_EQ(user.actions.back().name, "search_messages");
  for (const auto& action : bot.actions) EXPECT_NE(action.name, "search_messages");
  for (std::size_t i = 0; i < bot.actions.size(); ++i) {
    const auto& a = bot.actions[i];
    const auto& b = user.actions[i];
    SCOPED_TRACE(a.name);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.method, b.method);
    EXPECT_EQ(a.retrySafe, b.retrySafe);
    EXPECT_EQ(a.example, b.example);
    EXPECT_EQ(a.pagination.has_value(), b.pagination.has_value());
    ASSERT_EQ(a.parameters.size(), b.parameters.size());
    for (std::size_t p = 0; p < a.parameters.size(); ++p) {
      EXPECT_EQ(a.parameters[p].name, b.parameters[p].name);
      EXPECT_EQ(a.parameters[p].required, b.parameters[p].required);
    }
    if (a.name == "post_message") {
      EXPECT_NE(a.description.find("bot user"), std::string::npos) << a.description;
      EXPECT_NE(a.description, b.description);
    } else {
      EXPECT_EQ(a.description, b.description);
    }
  }
}

TEST_F(SlackbotTest, PostMessageSendsOneJsonPostWithTheBotToken) {
  const auto posted = bot().postMessage("C0123456789", "Deploy finished");

  const auto request = onlyRequest();
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, "https://slack.com/api/chat.postMessage");
  EXPECT_EQ(header(request, "authorization"), bearer(kSlackbotToken));
  EXPECT_EQ(header(request, "content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(jsonBody(request), json({{"channel", "C0123456789"}, {"text", "Deploy finished"}}));

  EXPECT_EQ(posted.channel, "C0123456789");
  EXPECT_EQ(posted.ts, "1700000400.000200");
  EXPECT_EQ(posted.message.text, "Deploy finished");
}

TEST_F(SlackbotTest, BothSlackTypesSendTheSameRequestsButTheToken) {
  slack::PostMessageRequest message;
  message.channel = "C0123456789";
  message.text = "Fallback";
  message.threadTs = "1700000000.000100";
  message.blocks =
      json::array({{{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", "*Done*"}}}}});
  (void)bot().postMessage(message);
  (void)bot().getUserInfo("U0123456789");
  const auto asBot = requests();
  clearRequests();
  const slack::Slack asUserHelper(service("slack"));
  (void)asUserHelper.postMessage(message);
  (void)asUserHelper.getUserInfo("U0123456789");
  const auto asUser = requests();

  ASSERT_EQ(asBot.size(), 2u);
  ASSERT_EQ(asUser.size(), 2u);
  for (std::size_t i = 0; i < asBot.size(); ++i) {
    EXPECT_EQ(asBot[i].method, asUser[i].method);
    EXPECT_EQ(asBot[i].url, asUser[i].url);
    EXPECT_EQ(asBot[i].body, asUser[i].body);
    EXPECT_EQ(header(asBot[i], "content-type"), header(asUser[i], "content-type"));
    EXPECT_EQ(header(asBot[i], "authorization"), bearer(kSlackbotToken));
    EXPECT_EQ(header(asUser[i], "authorization"), bearer(kSlackUserToken));
  }
}

TEST_F(SlackbotTest, ListConversationsWalksEveryPageAndResumes) {
  slack::ListConversationsRequest request;
  request.types = "public_channel,private_channel";
  request.limit = 2;
  const auto all = bot().listConversations(request).all();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[2].name, "project-x");
  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  const std::string base =
      "https://slack.com/api/conversations.list?types=public_channel%2Cprivate_channel&limit=2";
  EXPECT_EQ(sent[0].url, base);
  EXPECT_EQ(sent[1].url, base + "&cursor=dGVhbTpDMDEyMzQ1Njc5MQ%3D%3D");
  for (const auto& r : sent) EXPECT_EQ(header(r, "authorization"), bearer(kSlackbotToken));

  clearRequests();
  auto pager = bot().listConversations();
  EXPECT_EQ(pager.nextPage().size(), 2u);
  ASSERT_TRUE(pager.cursor().has_value());
  slack::ListConversationsRequest resume;
  resume.cursor = *pager.cursor();
  clearRequests();
  auto resumed = bot().listConversations(resume);
  EXPECT_EQ(resumed.nextPage().size(), 1u);
  EXPECT_FALSE(resumed.hasNext());
  EXPECT_EQ(onlyRequest().url,
            "https://slack.com/api/conversations.list?cursor=dGVhbTpDMDEyMzQ1Njc5MQ%3D%3D");
}

TEST_F(SlackbotTest, GetUserInfo) {
  const auto user = bot().getUserInfo("U0123456789");
  EXPECT_EQ(onlyRequest().url, "https://slack.com/api/users.info?user=U0123456789");
  EXPECT_EQ(user.id, "U0123456789");
  EXPECT_EQ(user.realName, "Ada Lovelace");
}

TEST_F(SlackbotTest, AnAnswerWithoutTheUserIsAProtocolErrorOfTheBotType) {
  emulator::FaultRule answer;
  answer.kind = emulator::FaultKind::Status;
  answer.path = "/api/users.info";
  answer.status = 200;
  answer.body = {{"ok", true}};
  emulator_->addFault(answer);
  try {
    (void)bot().getUserInfo("U0123456789");
    FAIL() << "expected a ProtocolError";
  } catch (const ProtocolError& error) {
    EXPECT_EQ(std::string(error.what()),
              "slackbot.get_user_info: the answer has no object at /user");
  }
}

TEST_F(SlackbotTest, OkFalseBecomesAServiceErrorOfTheBotType) {
  try {
    (void)bot().getUserInfo("U_MISSING");
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.integrationType(), "slackbot");
    EXPECT_EQ(error.action(), "get_user_info");
    EXPECT_EQ(error.status(), 200);
    EXPECT_EQ(error.code(), "user_not_found");
    EXPECT_EQ(std::string(error.what()).find(kSlackbotToken), std::string::npos);
  }
}

TEST_F(SlackbotTest, MissingScopeNamesTheNeededScope) {
  slack::ListConversationsRequest request;
  request.types = "im";
  auto pager = bot().listConversations(request);
  try {
    (void)pager.nextPage();
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.code(), "missing_scope");
    EXPECT_NE(error.detail().find("im:read"), std::string::npos);
  }
}

TEST_F(SlackbotTest, PostMessageChecksItsInput) {
  const auto service = this->service("slackbot");
  expectInvalidArgument(*emulator_, "args.channel", [&] {
    (void)service.invoke("post_message", {{"text", "hi"}});
  });
  expectInvalidArgument(*emulator_, "args.text", [&] { (void)bot().postMessage("C1", ""); });
  expectInvalidArgument(*emulator_, "args.user",
                        [&] { (void)service.invoke("get_user_info", json::object()); });
}

TEST_F(SlackbotTest, Base44ProxySendsTheSameUpstreamRequests) {
  slack::ListConversationsRequest list;
  list.types = "public_channel";
  list.limit = 2;
  (void)bot().postMessage("C0123456789", "Via Base44");
  (void)bot().listConversations(list).all();
  const auto direct = requests();
  clearRequests();
  const auto posted = bot(viaProxy()).postMessage("C0123456789", "Via Base44");
  (void)bot(viaProxy()).listConversations(list).all();
  const auto proxied = requests();

  ASSERT_EQ(direct.size(), 3u);
  ASSERT_EQ(proxied.size(), 3u);
  for (std::size_t i = 0; i < direct.size(); ++i) {
    SCOPED_TRACE(direct[i].url);
    expectSameUpstreamRequest(direct[i], proxied[i]);
  }
  EXPECT_EQ(header(proxied[0], "authorization"), bearer(kSlackbotToken));
  EXPECT_EQ(posted.message.text, "Via Base44");
}

TEST_F(SlackbotTest, HistoryWalksEveryPageWithTheBotToken) {
  slack::GetConversationHistoryRequest request;
  request.channel = "C0123456789";
  request.limit = 2;
  const auto messages = bot().getConversationHistory(request).all();
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(messages[0].ts, "1700000300.000100");
  EXPECT_EQ(messages[1].threadTs, "1700000200.000300");
  EXPECT_EQ(messages[2].text, "Kick-off notes are in the doc.");
  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].url, "https://slack.com/api/conversations.history?channel=C0123456789&limit=2");
  EXPECT_EQ(sent[1].url,
            "https://slack.com/api/conversations.history?channel=C0123456789&limit=2"
            "&cursor=bmV4dF90czoxNzAwMDAwMTAwMDAwMTAw");
  for (const auto& r : sent) EXPECT_EQ(header(r, "authorization"), bearer(kSlackbotToken));
}

TEST_F(SlackbotTest, UploadSteps1And3AreFormThenJson) {
  const auto url = bot().getUploadUrlExternal("report.csv", 2048);
  EXPECT_EQ(url.fileId, "F07ABCDE123");
  auto request = onlyRequest();
  EXPECT_EQ(request.url, "https://slack.com/api/files.getUploadURLExternal");
  EXPECT_EQ(header(request, "content-type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(request.body, "filename=report.csv&length=2048");
  clearRequests();

  slack::CompleteUploadExternalRequest complete;
  complete.files = json::array({{{"id", url.fileId}, {"title", "Q3"}}});
  complete.channelId = "C0123456789";
  const auto done = bot().completeUploadExternal(complete);
  request = onlyRequest();
  EXPECT_EQ(header(request, "content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(jsonBody(request), json({{"files", {{{"id", "F07ABCDE123"}, {"title", "Q3"}}}},
                                     {"channel_id", "C0123456789"}}));
  ASSERT_EQ(done.files.size(), 1u);
  EXPECT_EQ(done.files[0].id, "F07ABCDE123");
  EXPECT_EQ(done.files[0].title, "Q3");
}

TEST_F(SlackbotTest, SearchIsNotABotAction) {
  try {
    (void)service("slackbot").invoke("search_messages", {{"query", "launch"}});
    FAIL() << "expected an error";
  } catch (const Error&) {
  }
  EXPECT_TRUE(requests().empty());
}

TEST_F(SlackbotTest, WorkspaceAndAppUserConnectorsUseTheirTokens) {
  (void)bot(fromWorkspace("slackbot_ws")).getUserInfo("U0123456789");
  EXPECT_EQ(header(onlyRequest(), "authorization"), bearer(kSlackbotWorkspaceToken));
  clearRequests();
  (void)bot(fromAppUser("slackbot_me"), /*withUserToken=*/true).postMessage("D0123", "Hi me");
  EXPECT_EQ(header(onlyRequest(), "authorization"), bearer(kSlackbotAppUserToken));
}

}  // namespace
}  // namespace b44::adapter_tests
