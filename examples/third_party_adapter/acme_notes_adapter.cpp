// Acme Notes: a made-up notes service, as a third party would add it.
//
//   GET  https://api.acme-notes.example/v1/notes?limit=&cursor=
//        -> {"notes": [...], "next_cursor": "..." | null}
//   POST https://api.acme-notes.example/v1/notes  {"title", "body", "tags"}
//        -> {"note": {...}}
//   X-Acme-Key: <token>   (a header of its own: nothing guesses it from its name)
//
// The adapter is data (the spec) plus one small function per action that
// builds the request; the SDK does the rest: argument checks, the token,
// retries, pagination, errors, and the Base44 proxy route.
#include <b44/errors.hpp>
#include <b44/plugin/basic_adapter.hpp>
#include <b44/plugin/export.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace {

using b44::plugin::ActionSpec;
using b44::plugin::AdapterSpec;
using b44::plugin::Args;
using b44::plugin::Pagination;
using b44::plugin::ServiceRequest;
using Type = b44::plugin::Parameter::Type;
using nlohmann::json;

AdapterSpec acmeSpec() {
  AdapterSpec spec;
  spec.type = "acme_notes";
  spec.displayName = "Acme Notes";
  spec.description = "Acme Notes: list and create notes.";
  spec.documentationUrl = "https://api.acme-notes.example/docs";
  spec.hosts = {b44::plugin::ApiHost{.name = "default",
                                     .baseUrlTemplate = "https://api.acme-notes.example/v1",
                                     .allowedHosts = {"api.acme-notes.example"}}};
  spec.token = {.header = "X-Acme-Key", .scheme = ""};
  return spec;
}

ServiceRequest buildListNotes(const Args& args) {
  ServiceRequest request;
  request.path = "/notes";
  if (auto limit = args.optionalInteger("limit")) {
    request.query.emplace_back("limit", std::to_string(*limit));
  }
  if (auto cursor = args.optionalString("cursor")) request.query.emplace_back("cursor", *cursor);
  return request;
}

ServiceRequest buildCreateNote(const Args& args) {
  json note = {{"title", args.string("title")}};
  if (auto body = args.optionalString("body")) note["body"] = *body;
  if (args.has("tags")) note["tags"] = args.value("tags");
  ServiceRequest request;
  request.method = "POST";
  request.path = "/notes";
  request.setJsonBody(note);
  return request;
}

// The service wraps the created note; callers get the note itself.
json unwrapNote(const Args& args, json body, const b44::plugin::ServiceResponse& /*response*/) {
  if (!body.is_object() || !body.contains("note") || !body["note"].is_object()) {
    throw b44::ProtocolError(args.operation() + ": the answer has no 'note' object");
  }
  return body["note"];
}

class AcmeNotesAdapter final : public b44::plugin::BasicAdapter {
 public:
  AcmeNotesAdapter() : BasicAdapter(acmeSpec()) {
    addAction(
        ActionSpec{
            .name = "list_notes",
            .description = "Lists the notes, newest first, page by page.",
            .method = "GET",
            .retrySafe = true,
            .parameters = {{"limit", Type::Integer, false, "Notes per page (default 50)."},
                           {"cursor", Type::String, false,
                            "Where to continue: next_cursor of the previous page."}},
            .example = {{"limit", 2}},
            .pagination = Pagination{.style = Pagination::Style::BodyCursor,
                                     .cursorPointer = "/next_cursor",
                                     .cursorArgument = "cursor",
                                     .itemsPointer = "/notes",
                                     .hasMorePointer = ""},
        },
        buildListNotes);
    addAction(
        ActionSpec{
            .name = "create_note",
            .description = "Creates a note. Not retried once it may have arrived.",
            .method = "POST",
            .retrySafe = false,
            .parameters = {{"title", Type::String, true, "The note's title."},
                           {"body", Type::String, false, "The note's text (Markdown)."},
                           {"tags", Type::Array, false, "Tags, as strings."}},
            .example = {{"title", "Groceries"}, {"body", "- milk\n- bread"}},
            .pagination = std::nullopt,
        },
        buildCreateNote, unwrapNote);
  }
};

std::unique_ptr<b44::plugin::Adapter> makeAcmeNotesAdapter(std::string_view /*type*/) {
  return std::make_unique<AcmeNotesAdapter>();
}

}  // namespace

// Adapter version "1.0.0", providing the integration type "acme_notes".
B44_PLUGIN("1.0.0", "acme_notes", makeAcmeNotesAdapter)
