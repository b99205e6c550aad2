#pragma once
// Typed helpers for the "googledocs" adapter. Header-only: each helper builds
// the action's JSON arguments, calls ServiceClient::invoke and converts the
// JSON result; the host never links the adapter.
//
//   b44::googledocs::Docs docs(registry.service("googledocs", client));
//   auto created = docs.createDocument("Meeting notes");
//   docs.appendText(created.documentId, "Agenda\n");
//   std::string text = docs.getDocument(created.documentId).text;
//
// Every result keeps the Docs JSON in `raw`.
#include <b44/service_client.hpp>
#include <b44/typed.hpp>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace b44::googledocs {

// --- Requests -----------------------------------------------------------------

struct GetDocumentRequest {
  std::optional<std::string> suggestionsViewMode;
  std::optional<bool> includeTabsContent;
};

struct BatchUpdateRequest {
  std::string documentId;
  nlohmann::json requests = nlohmann::json::array();  // Docs Request objects
  std::optional<std::string> requiredRevisionId;
  std::optional<std::string> targetRevisionId;
};

// --- Results ------------------------------------------------------------------

struct Document {
  std::string documentId;
  std::string title;
  std::string revisionId;
  std::string text;  // the body's text runs, in order
  nlohmann::json raw;
};

struct BatchUpdateResult {
  std::string documentId;
  nlohmann::json replies;  // one per request
  std::string revisionId;  // writeControl.requiredRevisionId after the update
  nlohmann::json raw;
};

// --- JSON conversion ----------------------------------------------------------

inline nlohmann::json toJson(const BatchUpdateRequest& request) {
  nlohmann::json args = {{"document_id", request.documentId}, {"requests", request.requests}};
  typed::setIf(args, "required_revision_id", request.requiredRevisionId);
  typed::setIf(args, "target_revision_id", request.targetRevisionId);
  return args;
}

// The text of structural elements: paragraphs' text runs, and tables' cells.
inline void appendText(const nlohmann::json& content, std::string& out) {
  for (const auto& element : content) {
    const auto& paragraph = typed::objectField(element, "paragraph");
    for (const auto& run : typed::arrayField(paragraph, "elements")) {
      out += typed::stringField(typed::objectField(run, "textRun"), "content");
    }
    for (const auto& row : typed::arrayField(typed::objectField(element, "table"), "tableRows")) {
      for (const auto& cell : typed::arrayField(row, "tableCells")) {
        appendText(typed::arrayField(cell, "content"), out);
      }
    }
  }
}

inline Document documentFromJson(const nlohmann::json& json) {
  Document document;
  document.documentId = typed::stringField(json, "documentId");
  document.title = typed::stringField(json, "title");
  document.revisionId = typed::stringField(json, "revisionId");
  appendText(typed::arrayField(typed::objectField(json, "body"), "content"), document.text);
  document.raw = json;
  return document;
}

inline BatchUpdateResult batchUpdateResultFromJson(const nlohmann::json& json) {
  return BatchUpdateResult{.documentId = typed::stringField(json, "documentId"),
                           .replies = typed::arrayField(json, "replies"),
                           .revisionId = typed::stringField(
                               typed::objectField(json, "writeControl"), "requiredRevisionId"),
                           .raw = json};
}

// --- The client ---------------------------------------------------------------

class Docs {
 public:
  // `client` comes from registry.service("googledocs", client[, options]).
  explicit Docs(ServiceClient client) : client_(std::move(client)) {}

  Document getDocument(const std::string& documentId,
                       const GetDocumentRequest& request = {}) const {
    nlohmann::json args = {{"document_id", documentId}};
    typed::setIf(args, "suggestions_view_mode", request.suggestionsViewMode);
    typed::setIf(args, "include_tabs_content", request.includeTabsContent);
    return documentFromJson(client_.invoke("get_document", args));
  }

  Document createDocument(const std::string& title) const {
    return documentFromJson(client_.invoke("create_document", {{"title", title}}));
  }

  BatchUpdateResult batchUpdate(const BatchUpdateRequest& request) const {
    return batchUpdateResultFromJson(client_.invoke("batch_update", toJson(request)));
  }

  // Inserts text at the end of the document's body.
  BatchUpdateResult appendText(const std::string& documentId, const std::string& text) const {
    BatchUpdateRequest request;
    request.documentId = documentId;
    request.requests.push_back(
        {{"insertText", {{"text", text}, {"endOfSegmentLocation", nlohmann::json::object()}}}});
    return batchUpdate(request);
  }

  [[nodiscard]] const ServiceClient& client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace b44::googledocs
