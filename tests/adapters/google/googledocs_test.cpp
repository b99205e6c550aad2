// The googledocs adapter and its typed helpers against the emulator's Docs
// sandbox.
#include "google_support.hpp"

#include <b44/adapters/googledocs.hpp>

namespace b44::adapter_tests {
namespace {

using nlohmann::json;

constexpr const char* kDocId = "1C8ykbVhQ6e8HqzdHnwGzG8aPj1kXwV5bZrS0tO9mN2s";
constexpr const char* kDocuments = "https://docs.googleapis.com/v1/documents";

// The text of structural elements: paragraphs' text runs, and tables' cells.
void appendText(const json& content, std::string& out) {
  for (const auto& element : content) {
    for (const auto& run :
         element.value(json::json_pointer("/paragraph/elements"), json::array())) {
      out += run.value(json::json_pointer("/textRun/content"), "");
    }
    for (const auto& row : element.value(json::json_pointer("/table/tableRows"), json::array())) {
      for (const auto& cell : row.value("tableCells", json::array())) {
        appendText(cell.value("content", json::array()), out);
      }
    }
  }
}

// A document's body text, in order.
std::string textOf(const googledocs::Document& document) {
  std::string text;
  appendText(document.raw.value(json::json_pointer("/body/content"), json::array()), text);
  return text;
}

// The batch_update requests that insert text at the end of the body.
json appendRequests(const std::string& text) {
  return json::array(
      {{{"insertText", {{"text", text}, {"endOfSegmentLocation", json::object()}}}}});
}

class DocsTest : public GoogleAdapterTest {
 protected:
  [[nodiscard]] googledocs::Docs docs(ServiceOptions options = {}) const {
    return googledocs::Docs(service("googledocs", std::move(options)));
  }
};

TEST_F(DocsTest, GetDocumentReadsItsText) {
  googledocs::GetDocumentRequest request;
  request.documentId = kDocId;
  request.suggestionsViewMode = "SUGGESTIONS_INLINE";
  const auto document = docs().getDocument(request);

  const auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "GET");
  EXPECT_EQ(sent.url,
            std::string(kDocuments) + "/" + kDocId + "?suggestionsViewMode=SUGGESTIONS_INLINE");
  EXPECT_EQ(header(sent, "authorization"), bearer(appToken("googledocs")));
  EXPECT_FALSE(sent.body.has_value());

  EXPECT_EQ(document.documentId, kDocId);
  EXPECT_EQ(document.title, "Project plan");
  EXPECT_EQ(document.revisionId, "ALm37BVtO6Q1wZ2cF3kPq0");
  EXPECT_EQ(textOf(document), "Project plan\nLaunch: 3 May 2024\nOwner\nAda\n");
}

TEST_F(DocsTest, CreateDocumentSendsOnlyTheTitle) {
  const auto document = docs().createDocument("Meeting notes – Q2");
  const auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, kDocuments);
  EXPECT_EQ(header(sent, "content-type"), "application/json");
  EXPECT_EQ(jsonBody(sent), json({{"title", "Meeting notes – Q2"}}));
  EXPECT_EQ(document.documentId, "1NwZ3qXk7YbC2dE4fG6hJ8kL0mN2pQ4rS6tU8vW0xY2z");
  EXPECT_EQ(document.title, "Meeting notes – Q2");
  EXPECT_EQ(textOf(document), "\n");
}

TEST_F(DocsTest, BatchUpdateAndAppendText) {
  googledocs::BatchUpdateRequest request;
  request.documentId = kDocId;
  request.requests = json::array({{{"replaceAllText",
                                    {{"containsText", {{"text", "{{name}}"}, {"matchCase", true}}},
                                     {"replaceText", "Ada"}}}}});
  request.requiredRevisionId = "ALm37BVtO6Q1wZ2cF3kPq0";
  const auto result = docs().batchUpdate(request);

  const auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, std::string(kDocuments) + "/" + kDocId + ":batchUpdate");
  EXPECT_EQ(jsonBody(sent),
            json({{"requests", request.requests},
                  {"writeControl", {{"requiredRevisionId", "ALm37BVtO6Q1wZ2cF3kPq0"}}}}));
  EXPECT_EQ(result.documentId, kDocId);
  EXPECT_EQ(result.replies, json::array({json::object()}));
  EXPECT_EQ(result.revisionId, "ALm37BVtO6Q1wZ2cF3kPq1");

  clearRequests();
  (void)docs().batchUpdate(kDocId, appendRequests("Next steps\n"));
  EXPECT_EQ(jsonBody(onlyRequest()),
            json({{"requests",
                   {{{"insertText",
                      {{"text", "Next steps\n"}, {"endOfSegmentLocation", json::object()}}}}}}}));

  clearRequests();
  request.requiredRevisionId.reset();
  request.targetRevisionId = "ALm37BVtO6Q1wZ2cF3kPq0";
  (void)docs().batchUpdate(request);
  EXPECT_EQ(jsonBody(onlyRequest())["writeControl"],
            json({{"targetRevisionId", "ALm37BVtO6Q1wZ2cF3kPq0"}}));
}

TEST_F(DocsTest, InputIsChecked) {
  const auto service = this->service("googledocs");
  expectInvalidArgument(*emulator_, "args.title",
                        [&] { (void)service.invoke("create_document", json::object()); });
  expectInvalidArgument(*emulator_, "args.document_id", [&] {
    (void)service.invoke("get_document", {{"document_id", ".."}});
  });
  expectInvalidArgument(*emulator_, "args.requests", [&] {
    (void)service.invoke("batch_update", {{"document_id", kDocId}, {"requests", json::array()}});
  });
  expectInvalidArgument(*emulator_, "args.target_revision_id", [&] {
    (void)service.invoke("batch_update", {{"document_id", kDocId},
                                          {"requests", {{{"insertText", json::object()}}}},
                                          {"required_revision_id", "a"},
                                          {"target_revision_id", "b"}});
  });
  expectInvalidArgument(*emulator_, "args.suggestions_view_mode", [&] {
    (void)service.invoke("get_document",
                         {{"document_id", kDocId}, {"suggestions_view_mode", "ALL"}});
  });
}

TEST_F(DocsTest, DocsErrorsBecomeServiceErrors) {
  try {
    (void)docs().getDocument("missing-document");
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.integrationType(), "googledocs");
    EXPECT_EQ(error.action(), "get_document");
    EXPECT_EQ(error.status(), 404);
    EXPECT_EQ(error.code(), "NOT_FOUND");
  }
  // An ErrorInfo reason in details[] is the more precise code.
  googledocs::BatchUpdateRequest stale;
  stale.documentId = kDocId;
  stale.requests = json::array({{{"insertText", json::object()}}});
  stale.requiredRevisionId = "stale-revision";
  try {
    (void)docs().batchUpdate(stale);
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.status(), 400);
    EXPECT_EQ(error.code(), "REVISION_MISMATCH");
    EXPECT_NE(error.detail().find("stale-revision"), std::string::npos);
  }
}

TEST_F(DocsTest, Base44ProxySendsTheSameUpstreamRequests) {
  (void)docs().getDocument(kDocId);
  (void)docs().createDocument("Notes");
  (void)docs().batchUpdate(kDocId, appendRequests("x"));
  const auto direct = requests();
  clearRequests();
  const auto document = docs(viaProxy()).getDocument(kDocId);
  const auto created = docs(viaProxy()).createDocument("Notes");
  const auto updated = docs(viaProxy()).batchUpdate(kDocId, appendRequests("x"));
  const auto proxied = requests();

  ASSERT_EQ(direct.size(), 3u);
  ASSERT_EQ(proxied.size(), 3u);
  for (std::size_t i = 0; i < direct.size(); ++i) {
    SCOPED_TRACE(direct[i].url);
    expectSameUpstreamRequest(direct[i], proxied[i]);
  }
  EXPECT_EQ(document.title, "Project plan");
  EXPECT_EQ(created.title, "Notes");
  EXPECT_EQ(updated.documentId, kDocId);
}

}  // namespace
}  // namespace b44::adapter_tests
