// The Google Docs adapter (integration type "googledocs").
//
// Checked against Google's official Docs API v1 reference:
//   https://developers.google.com/workspace/docs/api/reference/rest/v1/documents/get
//       GET https://docs.googleapis.com/v1/documents/{documentId};
//       suggestionsViewMode (DEFAULT_FOR_CURRENT_ACCESS, SUGGESTIONS_INLINE,
//       PREVIEW_SUGGESTIONS_ACCEPTED, PREVIEW_WITHOUT_SUGGESTIONS),
//       includeTabsContent; answers a Document {documentId, title, body
//       {content [StructuralElement]}, revisionId, tabs, ...}.
//   https://developers.google.com/workspace/docs/api/reference/rest/v1/documents/create
//       POST .../v1/documents with a Document body; only the title is used,
//       every other field is ignored; answers the created Document.
//   https://developers.google.com/workspace/docs/api/reference/rest/v1/documents/batchUpdate
//       POST .../v1/documents/{documentId}:batchUpdate with {requests
//       [Request], writeControl {requiredRevisionId | targetRevisionId}};
//       all requests are applied atomically; answers {documentId, replies,
//       writeControl}.
//   https://developers.google.com/workspace/docs/api/limits
//       quota errors are 429 RESOURCE_EXHAUSTED.
#include "google_family.hpp"

#include <b44/plugin/export.hpp>
#include <b44/plugin/url.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace {

namespace family = b44::google_family;
using b44::plugin::ActionSpec;
using b44::plugin::Args;
using b44::plugin::ServiceRequest;
using Type = b44::plugin::Parameter::Type;
using nlohmann::json;

std::string documentPath(const Args& args) {
  return "/documents/" + b44::plugin::pathSegment(args.string("document_id"), "document_id");
}

ServiceRequest buildGetDocument(const Args& args) {
  ServiceRequest request;
  request.path = documentPath(args);
  if (auto mode =
          args.optionalChoice("suggestions_view_mode",
                              {"DEFAULT_FOR_CURRENT_ACCESS", "SUGGESTIONS_INLINE",
                               "PREVIEW_SUGGESTIONS_ACCEPTED", "PREVIEW_WITHOUT_SUGGESTIONS"})) {
    request.query.emplace_back("suggestionsViewMode", *mode);
  }
  args.toQuery(request, "include_tabs_content", "includeTabsContent");
  return request;
}

ServiceRequest buildCreateDocument(const Args& args) {
  ServiceRequest request;
  request.method = "POST";
  request.path = "/documents";
  request.setJsonBody({{"title", args.string("title")}});
  return request;
}

ServiceRequest buildBatchUpdate(const Args& args) {
  return family::batchUpdateRequest(args, documentPath(args));
}

b44::plugin::Parameter documentParameter() {
  return {"document_id", Type::String, true,
          "The document's ID, from its URL docs.google.com/document/d/<ID>/edit."};
}

class DocsAdapter final : public family::GoogleAdapter {
 public:
  DocsAdapter()
      : GoogleAdapter(family::googleSpec(
            "googledocs", "Google Docs",
            "Google Docs API v1: read documents, create documents, apply batch updates.",
            "https://developers.google.com/workspace/docs/api/reference/rest",
            // No pagination: the Docs API has no list methods (documents get,
            // create, batchUpdate only):
            // https://developers.google.com/workspace/docs/api/reference/rest
            {family::apiHost("default", "https://docs.googleapis.com/v1")},
            family::QuotaSignals::Status429)) {
    addAction(
        ActionSpec{
            .name = "get_document",
            .description = "Gets a document with its content (documents.get).",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    documentParameter(),
                    {"suggestions_view_mode", Type::String, false,
                     "How suggestions show: DEFAULT_FOR_CURRENT_ACCESS, SUGGESTIONS_INLINE, "
                     "PREVIEW_SUGGESTIONS_ACCEPTED or PREVIEW_WITHOUT_SUGGESTIONS."},
                    {"include_tabs_content", Type::Boolean, false,
                     "Fill the 'tabs' field with every tab's content."},
                },
            .example = {{"document_id", "1C8ykbVhQ6e8HqzdHnwGzG8aPj1kXwV5bZrS0tO9mN2s"}},
            .pagination = std::nullopt,
        },
        buildGetDocument);
    addAction(
        ActionSpec{
            .name = "create_document",
            .description = "Creates an empty document with a title (documents.create); add "
                           "content with batch_update. Not retried once it may have arrived.",
            .method = "POST",
            .retrySafe = false,
            .parameters = {{"title", Type::String, true, "The new document's title."}},
            .example = {{"title", "Meeting notes"}},
            .pagination = std::nullopt,
        },
        buildCreateDocument);
    addAction(family::batchUpdateAction(
                  "documents.batchUpdate", documentParameter(),
                  "insertText, replaceAllText, deleteContentRange, updateTextStyle",
                  /*targetRevision=*/true,
                  {{"document_id", "1C8ykbVhQ6e8HqzdHnwGzG8aPj1kXwV5bZrS0tO9mN2s"},
                   {"requests",
                    {{{"insertText",
                       {{"text", "Hello from Base44\n"}, {"location", {{"index", 1}}}}}}}}}),
              buildBatchUpdate);
  }
};

std::unique_ptr<b44::plugin::Adapter> makeDocsAdapter(std::string_view /*type*/) {
  return std::make_unique<DocsAdapter>();
}

}  // namespace

B44_PLUGIN("1.0.0", "googledocs", makeDocsAdapter)
