// The outlook adapter and its typed helpers against the emulator's Outlook
// sandbox (tools/emulator/sandbox/outlook.json).
#include <b44/adapters/outlook.hpp>

#include "graph_slack_support.hpp"

namespace b44::adapter_tests {
namespace {

using nlohmann::json;

constexpr const char* kInbox = "https://graph.microsoft.com/v1.0/me/mailFolders/inbox/messages";
constexpr const char* kInboxNext =
    "https://graph.microsoft.com/v1.0/me/mailFolders/inbox/messages?$top=2&$skip=2";
constexpr const char* kMessageId =
    "AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OABGAAAAAAAiQ8W967B7TKBjgx9rVEURBwAiIsqMbY"
    "j"
    "sT5e-T7KzowPTAAAAAAEMAAAiIsqMbYjsT5e-T7KzowPTAAAYd2BhAAA=";

class OutlookTest : public GraphSlackTest {
 protected:
  [[nodiscard]] outlook::Outlook outlook(ServiceOptions options = {},
                                         bool withUserToken = false) const {
    return outlook::Outlook(service("outlook", std::move(options), withUserToken));
  }
};

TEST_F(OutlookTest, ListInboxWalksEveryPageAskingForTextBodies) {
  outlook::ListMessagesRequest request;
  request.folderId = "inbox";
  request.top = 2;
  request.select = "subject,from,receivedDateTime";
  request.bodyContentType = "text";
  const auto messages = outlook().listMessages(request).all();

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].method, "GET");
  EXPECT_EQ(sent[0].url,
            std::string(kInbox) + "?%24top=2&%24select=subject%2Cfrom%2CreceivedDateTime");
  EXPECT_EQ(sent[1].url, kInboxNext);
  for (const auto& r : sent) {
    EXPECT_EQ(header(r, "authorization"), bearer(kOutlookToken));
    // The next link carries the query, not the headers: the preference goes
    // with every page.
    EXPECT_EQ(header(r, "prefer"), "outlook.body-content-type=\"text\"");
  }

  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(messages[0].id, kMessageId);
  EXPECT_EQ(messages[0].subject, "Quarterly report");
  EXPECT_EQ(messages[0].from.address, "alex@contoso.com");
  EXPECT_EQ(messages[0].from.name, "Alex Wilber");
  ASSERT_EQ(messages[0].toRecipients.size(), 2u);
  EXPECT_EQ(messages[0].toRecipients[1].address, "finance@contoso.com");
  EXPECT_EQ(messages[0].importance, "high");
  EXPECT_FALSE(messages[0].isRead);
  EXPECT_TRUE(messages[0].hasAttachments);
  EXPECT_EQ(messages[0].receivedDateTime, "2024-05-01T09:15:00Z");
  EXPECT_NE(messages[0].webLink.find("outlook.office365.com"), std::string::npos);
  EXPECT_EQ(messages[1].subject, "Welcome to the team");
  EXPECT_TRUE(messages[1].isRead);
  EXPECT_EQ(messages[2].subject, "Lunch on Friday?");
  EXPECT_EQ(messages[2].from.address, "megan@contoso.com");
}

TEST_F(OutlookTest, ListEveryFolderWithFilterAndOrder) {
  outlook::ListMessagesRequest request;
  request.filter = "isRead eq false";
  request.orderby = "receivedDateTime desc";
  const auto messages = outlook().listMessages(request).all();

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].url,
            "https://graph.microsoft.com/v1.0/me/messages?%24filter=isRead%20eq%20false"
            "&%24orderby=receivedDateTime%20desc");
  EXPECT_EQ(sent[1].url, "https://graph.microsoft.com/v1.0/me/messages?$skip=10");
  EXPECT_EQ(header(sent[0], "prefer"), "") << "no preference unless asked";
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[1].subject, "Draft: offsite agenda");
  EXPECT_TRUE(messages[1].toRecipients.empty());
}

TEST_F(OutlookTest, ListMessagesResumesFromASavedNextLink) {
  outlook::ListMessagesRequest request;
  request.folderId = "inbox";
  auto pager = outlook().listMessages(request);
  EXPECT_EQ(pager.nextPage().size(), 2u);
  EXPECT_EQ(onlyRequest().url, kInbox);
  ASSERT_TRUE(pager.cursor().has_value());
  EXPECT_EQ(*pager.cursor(), kInboxNext);

  clearRequests();
  request.nextLink = *pager.cursor();
  auto resumed = outlook().listMessages(request);
  const auto page = resumed.nextPage();
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].subject, "Lunch on Friday?");
  EXPECT_FALSE(resumed.hasNext());
  EXPECT_EQ(onlyRequest().url, kInboxNext);
}

TEST_F(OutlookTest, SearchGoesAloneAsOutlookRequires) {
  outlook::ListMessagesRequest request;
  request.search = "\"budget\"";
  auto pager = outlook().listMessages(request);
  (void)pager.nextPage();
  EXPECT_EQ(onlyRequest().url,
            "https://graph.microsoft.com/v1.0/me/messages?%24search=%22budget%22");

  clearRequests();
  const auto service = this->service("outlook");
  expectInvalidArgument(*emulator_, "args.search", [&] {
    (void)service.invoke("list_messages",
                         {{"search", "\"budget\""}, {"filter", "isRead eq false"}});
  });
  expectInvalidArgument(*emulator_, "args.search", [&] {
    (void)service.invoke("list_messages", {{"search", "\"budget\""}, {"orderby", "subject"}});
  });
  expectInvalidArgument(*emulator_, "args.body_content_type", [&] {
    (void)service.invoke("list_messages", {{"body_content_type", "markdown"}});
  });
  expectInvalidArgument(*emulator_, "args.folder_id", [&] {
    (void)service.invoke("list_messages", {{"folder_id", ".."}});
  });
}

TEST_F(OutlookTest, GetMessageAsksForTheBodyFormat) {
  const auto message = outlook().getMessage(
      {.messageId = kMessageId, .select = std::nullopt, .bodyContentType = "html"});

  const auto request = onlyRequest();
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(
      request.url,
      "https://graph.microsoft.com/v1.0/me/messages/"
      "AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OABGAAAAAAAiQ8W967B7TKBjgx9rVEURBwAiIs"
      "qMbYjsT5e-T7KzowPTAAAAAAEMAAAiIsqMbYjsT5e-T7KzowPTAAAYd2BhAAA%3D");
  EXPECT_EQ(header(request, "prefer"), "outlook.body-content-type=\"html\"");
  EXPECT_EQ(header(request, "authorization"), bearer(kOutlookToken));

  EXPECT_EQ(message.id, kMessageId);
  EXPECT_EQ(message.body.contentType, "text");
  EXPECT_EQ(message.body.content, "The report is ready for review.\r\n\r\nAlex");
  EXPECT_EQ(message.conversationId,
            "AAQkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OAAQAFKQvGBoZ1RNh3hnBHi0Wys=");
}

TEST_F(OutlookTest, AMissingMessageIsAServiceErrorNamingTheRequestId) {
  try {
    (void)outlook().getMessage("AAMkMISSING");
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.integrationType(), "outlook");
    EXPECT_EQ(error.action(), "get_message");
    EXPECT_EQ(error.status(), 404);
    EXPECT_EQ(error.code(), "ErrorItemNotFound");
    EXPECT_EQ(error.detail(),
              "The specified object was not found in the store. (request-id "
              "c4b3a291-8f7e-4d6c-b5a4-93827160f5e4)");
  }
}

TEST_F(OutlookTest, SendMailPostsTheMessageAndReportsItAccepted) {
  outlook::SendMailRequest mail;
  mail.to =
      json::array({"adele@contoso.com", {{"address", "finance@contoso.com"}, {"name", "Finance"}}});
  mail.cc = json::array({{{"address", "alex@contoso.com"}, {"name", "Alex Wilber"}}});
  mail.subject = "Quarterly report";
  mail.body = "<p>The report is <b>ready</b>.</p>";
  mail.bodyContentType = "html";
  mail.importance = "high";
  mail.saveToSentItems = false;
  const auto sent = outlook().sendMail(mail);

  const auto request = onlyRequest();
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, "https://graph.microsoft.com/v1.0/me/sendMail");
  EXPECT_EQ(header(request, "authorization"), bearer(kOutlookToken));
  EXPECT_EQ(header(request, "content-type"), "application/json");
  EXPECT_EQ(
      jsonBody(request),
      json(
          {{"message",
            {{"subject", "Quarterly report"},
             {"body", {{"contentType", "html"}, {"content", "<p>The report is <b>ready</b>.</p>"}}},
             {"toRecipients",
              {{{"emailAddress", {{"address", "adele@contoso.com"}}}},
               {{"emailAddress", {{"address", "finance@contoso.com"}, {"name", "Finance"}}}}}},
             {"ccRecipients",
              {{{"emailAddress", {{"address", "alex@contoso.com"}, {"name", "Alex Wilber"}}}}}},
             {"importance", "high"}}},
           {"saveToSentItems", false}}));

  EXPECT_TRUE(sent.accepted);
  EXPECT_EQ(sent.status, 202);
}

TEST_F(OutlookTest, SendMailInTheSimplestForm) {
  const auto service = this->service("outlook");
  const auto result = service.invoke(
      "send_mail", {{"to", {"adele@contoso.com"}}, {"subject", "Hi"}, {"body", "Hello"}});
  EXPECT_EQ(result, json({{"accepted", true}, {"status", 202}}));
  EXPECT_EQ(jsonBody(onlyRequest()),
            json({{"message",
                   {{"subject", "Hi"},
                    {"body", {{"contentType", "text"}, {"content", "Hello"}}},
                    {"toRecipients", {{{"emailAddress", {{"address", "adele@contoso.com"}}}}}}}}}));
}

TEST_F(OutlookTest, SendMailChecksItsInput) {
  const auto service = this->service("outlook");
  expectEachArgumentRefused(*emulator_, service, "send_mail",
                            {{"to", {"adele@contoso.com"}}, {"subject", "Hi"}, {"body", "Hello"}},
                            {{"to", nullptr},
                             {"subject", nullptr},
                             {"body", nullptr},
                             {"to", json::array()},
                             {"to", {"not-an-address"}},
                             {"to", {"@x"}},
                             {"to", {"a@"}},
                             {"to", {"a b@contoso.com"}},
                             {"to", {"adele@contoso.com\r\nBcc: x@evil.com"}},
                             {"to", {42}},
                             {"to", json::array({{{"name", "No address"}}})},
                             {"cc", {"nobody"}},
                             {"importance", "urgent"},
                             {"body_content_type", "markdown"}});
  expectEachArgumentRefused(*emulator_, service, "get_message", {{"message_id", "AAMk"}},
                            {{"message_id", nullptr}, {"message_id", ".."}});
}

TEST_F(OutlookTest, ARejectedRecipientIsAServiceError) {
  outlook::SendMailRequest mail;
  mail.to = json::array({"nobody@invalid.example"});
  mail.subject = "Hello";
  mail.body = "Anyone?";
  try {
    (void)outlook().sendMail(mail);
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.status(), 400);
    EXPECT_EQ(error.code(), "ErrorInvalidRecipients");
    EXPECT_NE(error.detail().find("request-id 1b2c3d4e"), std::string::npos) << error.detail();
  }
  EXPECT_EQ(requests().size(), 1u) << "sendMail is not retried";
}

TEST_F(OutlookTest, ThrottlingIsRetriedThenReported) {
  outlook::ListMessagesRequest request;
  request.folderId = "throttled";
  auto pager = outlook().listMessages(request);
  try {
    (void)pager.nextPage();
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.status(), 429);
    EXPECT_EQ(error.code(), "ApplicationThrottled");
  }
  const auto sent = requests();
  ASSERT_GT(sent.size(), 1u) << "a throttled read is retried after Retry-After";
  for (const auto& r : sent) EXPECT_EQ(r.url, sent[0].url);
}

TEST_F(OutlookTest, Base44ProxySendsTheSameUpstreamRequests) {
  outlook::ListMessagesRequest list;
  list.folderId = "inbox";
  list.top = 2;
  list.bodyContentType = "text";
  outlook::SendMailRequest mail;
  mail.to = json::array({{{"address", "adele@contoso.com"}, {"name", "Adele Vance"}}});
  mail.subject = "Via Base44";
  mail.body = "Hello";
  const auto directMessages = outlook().listMessages(list).all();
  const auto directMessage = outlook().getMessage(
      {.messageId = kMessageId, .select = std::nullopt, .bodyContentType = "text"});
  const auto directSent = outlook().sendMail(mail);
  const auto direct = requests();
  clearRequests();

  const auto proxiedMessages = outlook(viaProxy()).listMessages(list).all();
  const auto proxiedMessage =
      outlook(viaProxy())
          .getMessage({.messageId = kMessageId, .select = std::nullopt, .bodyContentType = "text"});
  const auto proxiedSent = outlook(viaProxy()).sendMail(mail);
  const auto proxied = requests();

  ASSERT_EQ(direct.size(), 4u);
  ASSERT_EQ(proxied.size(), 4u);
  expectSameUpstreamRequest(direct[0], proxied[0], {"prefer"});
  expectSameNextPageRequest(direct[1], proxied[1]);
  EXPECT_EQ(header(proxied[1], "prefer"), "outlook.body-content-type=\"text\"");
  expectSameUpstreamRequest(direct[2], proxied[2], {"prefer"});
  expectSameUpstreamRequest(direct[3], proxied[3]);
  EXPECT_EQ(proxiedMessages.size(), directMessages.size());
  EXPECT_EQ(proxiedMessage.body.content, directMessage.body.content);
  EXPECT_TRUE(proxiedSent.accepted);
  EXPECT_EQ(proxiedSent.status, directSent.status);
}

TEST_F(OutlookTest, ForwardAndDraftPutTheRecipientsWhereGraphReadsThem) {
  outlook::ForwardMessageRequest forward;
  forward.messageId = kMessageId;
  forward.to =
      json::array({"alexw@contoso.com", {{"address", "megan@contoso.com"}, {"name", "Megan"}}});
  forward.comment = "FYI";
  const auto accepted = outlook().forwardMessage(forward);
  EXPECT_TRUE(accepted.accepted);
  EXPECT_EQ(accepted.status, 202);
  EXPECT_EQ(jsonBody(onlyRequest()), json::parse(R"({"comment": "FYI", "message": {"toRecipients": [
              {"emailAddress": {"address": "alexw@contoso.com"}},
              {"emailAddress": {"address": "megan@contoso.com", "name": "Megan"}}]}})"));
  clearRequests();

  outlook::CreateDraftRequest draft;
  draft.subject = "Plan";
  draft.cc = json::array({"alexw@contoso.com"});
  const auto created = outlook().createDraft(draft);
  EXPECT_EQ(jsonBody(onlyRequest()), json::parse(R"({"subject": "Plan",
              "ccRecipients": [{"emailAddress": {"address": "alexw@contoso.com"}}]})"));
  EXPECT_EQ(created.subject, "Plan");
  clearRequests();

  // A draft with nothing but recipients still sends them; a bad address is
  // refused before anything is sent.
  (void)outlook().createDraft({.to = json::array({"alexw@contoso.com"})});
  EXPECT_EQ(
      jsonBody(onlyRequest()),
      json::parse(R"({"toRecipients": [{"emailAddress": {"address": "alexw@contoso.com"}}]})"));
  clearRequests();
  expectInvalidArgument(*emulator_, "args.bcc", [&] {
    (void)outlook().createDraft({.bcc = json::array({"not an address"})});
  });
}

TEST_F(OutlookTest, CalendarViewWalksEveryPageInTheAskedTimeZone) {
  outlook::CalendarViewRequest request;
  request.startDateTime = "2024-05-06T00:00:00Z";
  request.endDateTime = "2024-05-13T00:00:00Z";
  request.top = 2;
  request.timeZone = "Pacific Standard Time";
  const auto events = outlook().calendarView(request).all();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].subject, "Orientation");
  EXPECT_EQ(events[0].location, "Conf Room 3");
  EXPECT_EQ(events[1].subject, "Team stand-up");
  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[1].url,
            "https://graph.microsoft.com/v1.0/me/calendarView?startDateTime=2024-05-06T00:00:00Z"
            "&endDateTime=2024-05-13T00:00:00Z&$top=2&$skip=2");
  for (const auto& r : sent)
    EXPECT_EQ(header(r, "prefer"), "outlook.timezone=\"Pacific Standard Time\"");
}

TEST_F(OutlookTest, DeletesAnswerNoContentAndANullResult) {
  const auto service = this->service("outlook");
  EXPECT_TRUE(service.invoke("delete_message", {{"message_id", kMessageId}}).is_null());
  EXPECT_EQ(onlyRequest().method, "DELETE");
}

TEST_F(OutlookTest, AppUserConnectorUsesItsToken) {
  (void)outlook(fromAppUser("outlook_me"), /*withUserToken=*/true).getMessage(kMessageId);
  EXPECT_EQ(header(onlyRequest(), "authorization"), bearer(kOutlookAppUserToken));
}

}  // namespace
}  // namespace b44::adapter_tests
