// The gmail adapter and its typed helpers against the emulator's Gmail sandbox.
#include "google_support.hpp"

#include <b44/adapters/gmail.hpp>

#include <algorithm>
#include <cctype>
#include <sstream>
#include <string_view>

namespace b44::adapter_tests {
namespace {

using nlohmann::json;

constexpr const char* kMessages = "https://gmail.googleapis.com/gmail/v1/users/me/messages";
constexpr const char* kPage2 = "01234567890123456789";

class GmailTest : public GoogleAdapterTest {
 protected:
  [[nodiscard]] gmail::Gmail gmail(ServiceOptions options = {}) const {
    return gmail::Gmail(service("gmail", std::move(options)));
  }

  // The RFC 2822 text of the one send request made.
  [[nodiscard]] std::string sentMessage() const {
    const auto sent = onlyRequest();
    EXPECT_EQ(sent.method, "POST");
    EXPECT_EQ(sent.url, std::string(kMessages) + "/send");
    EXPECT_EQ(header(sent, "authorization"), bearer(appToken("gmail")));
    EXPECT_EQ(header(sent, "content-type"), "application/json");
    const auto body = jsonBody(sent);
    const std::string raw = body.value("raw", "");
    EXPECT_EQ(raw.find_first_of("+/"), std::string::npos) << "raw must be base64url";
    return decodeBase64(raw);
  }
};

// The first header of that name (case-insensitive), or "".
std::string headerOf(const gmail::Message& message, std::string_view name) {
  for (const auto& h : message.headers) {
    if (h.name.size() == name.size() &&
        std::equal(h.name.begin(), h.name.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      return h.value;
    }
  }
  return {};
}

std::vector<std::string> lines(const std::string& message) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < message.size()) {
    const auto end = message.find("\r\n", start);
    EXPECT_NE(end, std::string::npos) << "every line ends with CRLF";
    if (end == std::string::npos) break;
    out.push_back(message.substr(start, end - start));
    start = end + 2;
  }
  return out;
}

TEST_F(GmailTest, ListMessagesWalksEveryPageAndStops) {
  gmail::ListMessagesRequest request;
  request.q = "is:unread from:grace@example.com";
  request.labelIds = json::array({"INBOX", "UNREAD"});
  request.maxResults = 2;
  const auto messages = gmail().listMessages(request).all();

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  const std::string first = std::string(kMessages) +
                            "?q=is%3Aunread%20from%3Agrace%40example.com"
                            "&labelIds=INBOX&labelIds=UNREAD&maxResults=2";
  EXPECT_EQ(sent[0].method, "GET");
  EXPECT_EQ(sent[0].url, first);
  EXPECT_EQ(sent[1].url, first + "&pageToken=" + kPage2);
  for (const auto& r : sent) EXPECT_EQ(header(r, "authorization"), bearer(appToken("gmail")));
  EXPECT_FALSE(sent[0].body.has_value());

  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(messages[0].id, "18c1f2a3b4c5d6e7");
  EXPECT_EQ(messages[1].threadId, "18c1f2a3b4c5d6e7");
  EXPECT_EQ(messages[2].id, "18c1f2a3b4c5d6e9");
}

TEST_F(GmailTest, ListMessagesResumesFromASavedPageToken) {
  auto pager = gmail().listMessages();
  EXPECT_EQ(pager.nextPage().size(), 2u);
  ASSERT_TRUE(pager.cursor().has_value());
  const std::string saved = *pager.cursor();
  EXPECT_EQ(saved, kPage2);

  clearRequests();
  gmail::ListMessagesRequest resume;
  resume.pageToken = saved;
  auto resumed = gmail().listMessages(resume);
  const auto page = resumed.nextPage();
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].id, "18c1f2a3b4c5d6e9");
  EXPECT_FALSE(resumed.hasNext());
  EXPECT_EQ(onlyRequest().url, std::string(kMessages) + "?pageToken=" + kPage2);
}

TEST_F(GmailTest, GetMessageWithMetadataHeaders) {
  gmail::GetMessageRequest request;
  request.id = "18c1f2a3b4c5d6e7";
  request.format = "metadata";
  request.metadataHeaders = json::array({"Subject", "From"});
  const auto message = gmail().getMessage(request);

  EXPECT_EQ(onlyRequest().url, std::string(kMessages) +
                                   "/18c1f2a3b4c5d6e7?format=metadata"
                                   "&metadataHeaders=Subject&metadataHeaders=From");
  EXPECT_EQ(message.id, "18c1f2a3b4c5d6e7");
  EXPECT_EQ(message.threadId, "18c1f2a3b4c5d6e7");
  EXPECT_EQ(message.labelIds, (std::vector<std::string>{"INBOX", "UNREAD", "CATEGORY_PERSONAL"}));
  EXPECT_EQ(message.snippet, "Shall we meet on Thursday to go through the launch plan?");
  EXPECT_EQ(message.internalDate, "1714550400000");
  EXPECT_EQ(message.sizeEstimate, 4821);
  EXPECT_EQ(message.mimeType, "multipart/alternative");
  EXPECT_EQ(headerOf(message, "subject"), "Launch plan");
  EXPECT_EQ(headerOf(message, "FROM"), "Grace Hopper <grace@example.com>");
  EXPECT_EQ(headerOf(message, "X-Missing"), "");
}

TEST_F(GmailTest, GetMessageRaw) {
  gmail::GetMessageRequest request;
  request.id = "18c1f2a3b4c5d6e8";
  request.format = "raw";
  request.userId = "ada@example.com";
  const auto message = gmail().getMessage(request);
  EXPECT_EQ(onlyRequest().url,
            "https://gmail.googleapis.com/gmail/v1/users/ada%40example.com/messages/"
            "18c1f2a3b4c5d6e8?format=raw");
  EXPECT_EQ(decodeBase64(message.rawMessage),
            "From: Grace <grace@example.com>\r\nTo: ada@example.com\r\nSubject: Hi\r\n\r\nHi Ada");
}

TEST_F(GmailTest, GetMessageChecksItsInput) {
  const auto service = this->service("gmail");
  expectInvalidArgument(*emulator_, "args.id",
                        [&] { (void)service.invoke("get_message", json::object()); });
  expectInvalidArgument(*emulator_, "args.id", [&] {
    (void)service.invoke("get_message", {{"id", ".."}});
  });
  expectInvalidArgument(*emulator_, "args.format", [&] {
    (void)service.invoke("get_message", {{"id", "x"}, {"format", "html"}});
  });
  expectInvalidArgument(*emulator_, "args.user_id", [&] {
    (void)service.invoke("list_messages", {{"user_id", ".."}});
  });
}

TEST_F(GmailTest, SendPlainTextBuildsAnRfc2822Message) {
  gmail::SendMessageRequest request;
  request.from = "Ada Lovelace <ada@example.com>";
  request.to = json::array({"grace@example.com", "\"Hopper, Grace\" <grace.h@example.com>"});
  request.cc = json::array({"alan@example.com"});
  request.subject = "Launch plan";
  request.text = "Hi Grace,\nsee you Thursday.\n";
  const auto sent = gmail().sendMessage(request);

  EXPECT_EQ(sentMessage(),
            "From: Ada Lovelace <ada@example.com>\r\n"
            "To: grace@example.com, \"Hopper, Grace\" <grace.h@example.com>\r\n"
            "Cc: alan@example.com\r\n"
            "Subject: Launch plan\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=\"UTF-8\"\r\n"
            "Content-Transfer-Encoding: 7bit\r\n"
            "\r\n"
            "Hi Grace,\r\nsee you Thursday.\r\n");
  EXPECT_FALSE(jsonBody(onlyRequest()).contains("threadId"));
  EXPECT_EQ(sent.id, "18c2a0b1c2d3e4f6");
  EXPECT_EQ(sent.threadId, "18c2a0b1c2d3e4f6");
  EXPECT_EQ(sent.labelIds, std::vector<std::string>{"SENT"});
}

TEST_F(GmailTest, SendUnicodeTextAndHtmlAsMultipartAlternative) {
  gmail::SendMessageRequest request;
  request.to = json::array({"Jürgen Müller <juergen@example.com>"});
  request.bcc = json::array({"audit@example.com"});
  request.subject = "Grüße aus Zürich";
  request.text = "Grüße!";
  request.html = "<p>Grüße!</p>";
  (void)gmail().sendMessage(request);

  const std::string message = sentMessage();
  const std::string headers = message.substr(0, message.find("\r\n\r\n") + 2);
  EXPECT_EQ(headers,
            "To: =?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <juergen@example.com>\r\n"
            "Bcc: audit@example.com\r\n"
            "Subject: =?UTF-8?B?R3LDvMOfZSBhdXMgWsO8cmljaA==?=\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: multipart/alternative; boundary=\"b44-alternative-1\"\r\n");
  EXPECT_EQ(message.substr(headers.size()),
            "\r\n"
            "--b44-alternative-1\r\n"
            "Content-Type: text/plain; charset=\"UTF-8\"\r\n"
            "Content-Transfer-Encoding: base64\r\n"
            "\r\n"
            "R3LDvMOfZSE=\r\n"
            "\r\n--b44-alternative-1\r\n"
            "Content-Type: text/html; charset=\"UTF-8\"\r\n"
            "Content-Transfer-Encoding: base64\r\n"
            "\r\n"
            "PHA+R3LDvMOfZSE8L3A+\r\n"
            "\r\n--b44-alternative-1--\r\n");
}

TEST_F(GmailTest, BoundaryAvoidsTheBodies) {
  gmail::SendMessageRequest request;
  request.to = json::array({"grace@example.com"});
  request.text = "--b44-alternative-1 is in the text";
  request.html = "<p>plain</p>";
  (void)gmail().sendMessage(request);
  EXPECT_NE(sentMessage().find("boundary=\"b44-alternative-2\""), std::string::npos);
}

// RFC 2047: encoded-words of at most 75 characters; RFC 5322: folded lines.
TEST_F(GmailTest, LongUnicodeSubjectIsEncodedAndFolded) {
  std::string subject;
  for (int i = 0; i < 12; ++i) subject += "Überprüfung der Änderungen ";
  gmail::SendMessageRequest request;
  request.to = json::array({"grace@example.com"});
  request.subject = subject;
  request.text = "x";
  (void)gmail().sendMessage(request);

  const std::string message = sentMessage();
  const auto all = lines(message.substr(0, message.find("\r\n\r\n") + 2));
  std::string decoded;
  bool inSubject = false;
  for (const auto& line : all) {
    if (line.empty()) break;
    EXPECT_LE(line.size(), 78u) << line;
    if (line.starts_with("Subject: "))
      inSubject = true;
    else if (line.front() != ' ')
      inSubject = false;
    if (!inSubject) continue;
    std::istringstream words(line.substr(line.starts_with("Subject: ") ? 9 : 0));
    std::string word;
    while (words >> word) {
      EXPECT_LE(word.size(), 75u);
      ASSERT_TRUE(word.starts_with("=?UTF-8?B?") && word.ends_with("?=")) << word;
      decoded += decodeBase64(word.substr(10, word.size() - 12));
    }
  }
  EXPECT_EQ(decoded, subject);
}

TEST_F(GmailTest, ReplyInAThread) {
  gmail::SendMessageRequest request;
  request.to = json::array({"grace@example.com"});
  request.subject = "Re: Launch plan";
  request.text = "Thursday works.";
  request.threadId = "18c1f2a3b4c5d6e7";
  request.inReplyTo = "<CAF1234567890@mail.gmail.com>";
  const auto sent = gmail().sendMessage(request);

  const std::string message = sentMessage();
  EXPECT_NE(message.find("\r\nIn-Reply-To: <CAF1234567890@mail.gmail.com>\r\n"
                         "References: <CAF1234567890@mail.gmail.com>\r\n"),
            std::string::npos);
  EXPECT_EQ(jsonBody(onlyRequest())["threadId"], "18c1f2a3b4c5d6e7");
  EXPECT_EQ(sent.threadId, "18c1f2a3b4c5d6e7");
}

TEST_F(GmailTest, HeaderInjectionIsRejected) {
  const auto service = this->service("gmail");
  const json base = {{"to", "grace@example.com"}, {"subject", "Hi"}, {"text", "x"}};
  const std::vector<std::pair<std::string, json>> attacks = {
      {"subject", "Hi\r\nBcc: everyone@example.com"},
      {"subject", "Hi\nX-Injected: 1"},
      {"to", "grace@example.com\r\nBcc: everyone@example.com"},
      {"to", json::array({"grace@example.com", "eve@example.com\n"})},
      {"cc", "Eve <eve@example.com>\r\n"},
      {"from", "ada@example.com\rX: 1"},
      {"reply_to", std::string("ada@example.com\0", 16)},
      {"in_reply_to", "<a@b>\r\nBcc: x@example.com"},
  };
  for (const auto& [field, value] : attacks) {
    SCOPED_TRACE(field + ": " + value.dump());
    json args = base;
    args[field] = value;
    expectInvalidArgument(*emulator_, "args." + field,
                          [&] { (void)service.invoke("send_message", args); }, {appToken("gmail")});
  }
}

TEST_F(GmailTest, SendChecksItsInput) {
  const auto service = this->service("gmail");
  expectInvalidArgument(*emulator_, "args.to", [&] {
    (void)service.invoke("send_message", {{"text", "x"}});
  });
  expectInvalidArgument(*emulator_, "args.to", [&] {
    (void)service.invoke("send_message", {{"to", json::array()}, {"text", "x"}});
  });
  expectInvalidArgument(*emulator_, "args.text", [&] {
    (void)service.invoke("send_message", {{"to", "grace@example.com"}});
  });
  for (const std::string bad :
       {"grace", "grace@", "<grace@example.com", "a@b@c", "a b@example.com", "grüße@example.com"}) {
    SCOPED_TRACE(bad);
    expectInvalidArgument(*emulator_, "args.to", [&] {
      (void)service.invoke("send_message", {{"to", bad}, {"text", "x"}});
    });
  }
  expectInvalidArgument(*emulator_, "args.in_reply_to", [&] {
    (void)service.invoke("send_message",
                         {{"to", "grace@example.com"}, {"text", "x"}, {"in_reply_to", "abc"}});
  });
}

TEST_F(GmailTest, CreateDraftBuildsTheSameMessageInsideTheDraft) {
  gmail::CreateDraftRequest request;
  request.to = json::array({"grace@example.com"});
  request.subject = "Re: Launch plan";
  request.text = "Thursday works.";
  request.threadId = "18c1f2a3b4c5d6e7";
  request.inReplyTo = "<CAF1234567890@mail.gmail.com>";
  const auto draft = gmail().createDraft(request);

  const auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, "https://gmail.googleapis.com/gmail/v1/users/me/drafts");
  const auto body = jsonBody(sent);
  ASSERT_TRUE(body.contains("message"));
  EXPECT_EQ(body.size(), 1u) << "a Draft holds only its message";
  EXPECT_EQ(body["message"]["threadId"], "18c1f2a3b4c5d6e7");
  const std::string message = decodeBase64(body["message"].value("raw", ""));
  EXPECT_NE(message.find("To: grace@example.com\r\n"), std::string::npos);
  EXPECT_NE(message.find("In-Reply-To: <CAF1234567890@mail.gmail.com>\r\n"), std::string::npos);
  EXPECT_NE(message.find("\r\n\r\nThursday works."), std::string::npos);
  EXPECT_EQ(draft.id, "r-5819163526487641729");
  EXPECT_EQ(draft.message.labelIds, std::vector<std::string>{"DRAFT"});
}

TEST_F(GmailTest, LabelsThreadsAndDeletes) {
  const auto labels = gmail().listLabels();
  ASSERT_EQ(labels.labels.size(), 4u);
  EXPECT_EQ(labels.labels[3].backgroundColor, "#16a765");

  clearRequests();
  gmail::ModifyMessageRequest modify;
  modify.id = "18c1f2a3b4c5d6e7";
  modify.removeLabelIds = json::array({"UNREAD"});
  (void)gmail().modifyMessage(modify);
  EXPECT_EQ(jsonBody(onlyRequest()), json({{"removeLabelIds", {"UNREAD"}}}));
  clearRequests();
  expectInvalidArgument(*emulator_, "args.add_label_ids", [&] {
    (void)service("gmail").invoke("modify_message", {{"id", "18c1f2a3b4c5d6e7"}});
  });

  const auto threads = gmail().listThreads({}).all();
  ASSERT_EQ(threads.size(), 3u);
  EXPECT_EQ(threads[2].snippet, "Minutes of Monday's meeting");
  EXPECT_EQ(
      requests().back().url,
      "https://gmail.googleapis.com/gmail/v1/users/me/threads?pageToken=09876543210987654321");

  clearRequests();
  EXPECT_TRUE(service("gmail").invoke("delete_message", {{"id", "18c1f2a3b4c5d6e8"}}).is_null());
  EXPECT_EQ(onlyRequest().method, "DELETE");
}

TEST_F(GmailTest, GmailErrorsBecomeServiceErrors) {
  try {
    (void)gmail().getMessage("does-not-exist");
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.integrationType(), "gmail");
    EXPECT_EQ(error.action(), "get_message");
    EXPECT_EQ(error.status(), 404);
    EXPECT_EQ(error.code(), "notFound");
    EXPECT_EQ(error.detail(), "Requested entity was not found.");
    EXPECT_EQ(std::string(error.what()).find(appToken("gmail")), std::string::npos);
  }
}

TEST_F(GmailTest, Base44ProxySendsTheSameUpstreamRequests) {
  gmail::SendMessageRequest send;
  send.to = json::array({"Jürgen <juergen@example.com>"});
  send.subject = "Grüße";
  send.text = "Hallo";
  gmail::ListMessagesRequest list;
  list.labelIds = json::array({"INBOX"});
  list.maxResults = 2;

  (void)gmail().sendMessage(send);
  (void)gmail().listMessages(list).all();
  (void)gmail().getMessage("18c1f2a3b4c5d6e7");
  const auto direct = requests();
  clearRequests();
  const auto sent = gmail(viaProxy()).sendMessage(send);
  const auto listed = gmail(viaProxy()).listMessages(list).all();
  const auto message = gmail(viaProxy()).getMessage("18c1f2a3b4c5d6e7");
  const auto proxied = requests();

  ASSERT_EQ(direct.size(), 4u);
  ASSERT_EQ(proxied.size(), 4u);
  for (std::size_t i = 0; i < direct.size(); ++i) {
    SCOPED_TRACE(direct[i].url);
    expectSameUpstreamRequest(direct[i], proxied[i]);
  }
  EXPECT_EQ(sent.id, "18c2a0b1c2d3e4f6");
  EXPECT_EQ(listed.size(), 3u);
  EXPECT_EQ(headerOf(message, "Subject"), "Launch plan");
}

TEST_F(GmailTest, BatchActionsTakeAnEmptyAnswerOfAnyStatus) {
  // batchModify's route answers 200 with no body, batchDelete's 204: both
  // are "the response body is empty", and the result is null.
  const auto gmail = service("gmail");
  EXPECT_TRUE(
      gmail
          .invoke("batch_modify_messages", {{"ids", {"18c1f2a3b4c5d6e7", "18c1f2a3b4c5d6e8"}},
                                            {"remove_label_ids", {"UNREAD"}}})
          .is_null());
  const auto sent = onlyRequest();
  EXPECT_EQ(sent.url, "https://gmail.googleapis.com/gmail/v1/users/me/messages/batchModify");
  EXPECT_EQ(jsonBody(sent), nlohmann::json::parse(
                                R"({"ids": ["18c1f2a3b4c5d6e7", "18c1f2a3b4c5d6e8"],
                                    "removeLabelIds": ["UNREAD"]})"));
  clearRequests();
  EXPECT_TRUE(gmail.invoke("batch_delete_messages", {{"ids", {"18c1f2a3b4c5d6e7"}}}).is_null());
  EXPECT_EQ(onlyRequest().method, "POST");
  // An empty list of IDs is refused before sending.
  clearRequests();
  EXPECT_THROW((void)gmail.invoke("batch_modify_messages", {{"ids", nlohmann::json::array()},
                                                            {"add_label_ids", {"STARRED"}}}),
               InvalidArgumentError);
  EXPECT_TRUE(requests().empty());
}

}  // namespace
}  // namespace b44::adapter_tests
