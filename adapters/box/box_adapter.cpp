// The Box adapter (integration type "box": an OAuth 2 user token on the
// Content API).
//
// Checked against Box's official developer documentation:
//   https://developer.box.com/guides/authentication/tokens/api-calls/
//       every call carries "Authorization: Bearer <token>".
//   https://developer.box.com/reference/get-folders-id-items/
//       GET https://api.box.com/2.0/folders/{folder_id}/items ("0" is the
//       root); fields (comma-separated), usemarker, marker, offset, limit (at
//       most 1000), sort (id, name, date, size; not with marker pagination on
//       the root folder), direction (ASC, DESC); answers {entries, limit,
//       next_marker} with marker pagination.
//   https://developer.box.com/guides/api-calls/pagination/marker-based/
//       usemarker=true, then each page's next_marker as marker; an empty or
//       absent next_marker ends the list.
//   https://developer.box.com/reference/get-files-id/
//       GET /files/{file_id}; fields; answers the file object.
//   https://developer.box.com/reference/post-files-content/
//   https://developer.box.com/guides/uploads/direct/file/
//       POST https://upload.box.com/api/2.0/files/content as
//       multipart/form-data: first the part "attributes" (JSON {name, parent:
//       {id}, content_created_at?, content_modified_at?}), then the part
//       "file" (the order matters: otherwise 400 metadata_after_file_contents);
//       for files up to 50 MB; answers {total_count, entries: [file]}.
//   https://developer.box.com/reference/resources/client-error/
//       errors are {type: "error", status, code, message, request_id}, which
//       the SDK's default check reads; 429 comes with Retry-After.
#include <b44/errors.hpp>
#include <b44/plugin/basic_adapter.hpp>
#include <b44/plugin/export.hpp>
#include <b44/plugin/url.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace {

using b44::plugin::ActionSpec;
using b44::plugin::AdapterSpec;
using b44::plugin::Args;
using b44::plugin::ServiceRequest;
using Type = b44::plugin::Parameter::Type;
using nlohmann::json;

// A boundary that does not occur in the body's parts.
std::string multipartBoundary(const std::string& parts) {
  std::string boundary = "b44-box-upload-7MA4YWxkTrZu0gW";
  while (parts.find(boundary) != std::string::npos) boundary += "x";
  return boundary;
}

// A quoted-string parameter value for Content-Disposition: no quotes,
// backslashes or line breaks (Box takes the name from the attributes part).
std::string dispositionFilename(std::string name) {
  for (char& c : name) {
    if (c == '"' || c == '\\' || c == '\r' || c == '\n') c = '_';
  }
  return name;
}

ServiceRequest buildListFolderItems(const Args& args) {
  ServiceRequest request;
  request.path =
      "/folders/" + b44::plugin::pathSegment(args.string("folder_id"), "folder_id") + "/items";
  args.toQuery(request, "fields");
  request.query.emplace_back("usemarker", "true");
  args.toQuery(request, "limit");
  if (auto sort = args.optionalChoice("sort", {"id", "name", "date", "size"})) {
    request.query.emplace_back("sort", *sort);
  }
  if (auto direction = args.optionalChoice("direction", {"ASC", "DESC"})) {
    request.query.emplace_back("direction", *direction);
  }
  args.toQuery(request, "marker");
  return request;
}

ServiceRequest buildGetFile(const Args& args) {
  ServiceRequest request;
  request.path = "/files/" + b44::plugin::pathSegment(args.string("file_id"), "file_id");
  args.toQuery(request, "fields");
  return request;
}

ServiceRequest buildUploadFile(const Args& args) {
  json attributes = {{"name", args.string("name")}, {"parent", {{"id", args.string("folder_id")}}}};
  args.toBody(attributes, "content_created_at");
  args.toBody(attributes, "content_modified_at");
  const std::string content = args.string("content");
  const std::string attributesJson = attributes.dump();
  const std::string boundary = multipartBoundary(attributesJson + content);
  std::string body;
  body += "--" + boundary + "\r\n";
  body += "Content-Disposition: form-data; name=\"attributes\"\r\n\r\n";
  body += attributesJson + "\r\n";
  body += "--" + boundary + "\r\n";
  body += "Content-Disposition: form-data; name=\"file\"; filename=\"" +
          dispositionFilename(args.string("name")) + "\"\r\n";
  body += "Content-Type: application/octet-stream\r\n\r\n";
  body += content + "\r\n";
  body += "--" + boundary + "--\r\n";

  ServiceRequest request;
  request.host = "upload";
  request.method = "POST";
  request.path = "/files/content";
  args.toQuery(request, "fields");
  request.body = std::move(body);
  request.contentType = "multipart/form-data; boundary=" + boundary;
  return request;
}

AdapterSpec boxSpec() {
  AdapterSpec spec;
  spec.type = "box";
  spec.displayName = "Box";
  spec.description =
      "Box Content API: list folder items, get file information, upload small "
      "files.";
  spec.documentationUrl = "https://developer.box.com/reference/";
  // Raw requests page with Box's most common style, offset-based (offset and
  // limit; items in "entries"):
  // https://developer.box.com/guides/api-calls/pagination/offset-based/
  // Endpoints that page by marker instead (usemarker=true, next_marker) take
  // bodyCursor("/next_marker", "marker", "/entries"):
  // https://developer.box.com/guides/api-calls/pagination/marker-based/
  // The upload host's one list, an upload session's parts, is offset-based too:
  // https://developer.box.com/reference/get-files-upload-sessions-id-parts/
  spec.hosts = {b44::plugin::ApiHost{.name = "default",
                                     .baseUrlTemplate = "https://api.box.com/2.0",
                                     .allowedHosts = {"api.box.com"},
                                     .pagination = b44::plugin::offset("offset", "/entries")},
                b44::plugin::ApiHost{.name = "upload",
                                     .baseUrlTemplate = "https://upload.box.com/api/2.0",
                                     .allowedHosts = {"upload.box.com"},
                                     .pagination = b44::plugin::offset("offset", "/entries")}};
  spec.token = {.header = "Authorization", .scheme = "Bearer"};
  return spec;  // rate limits: 429 with Retry-After, which is always honoured
}

class BoxAdapter final : public b44::plugin::BasicAdapter {
 public:
  BoxAdapter() : BasicAdapter(boxSpec()) {
    addAction(
        ActionSpec{
            .name = "list_folder_items",
            .description = "Lists the files, folders and web links in a folder "
                           "(GET /folders/{id}/items), page by page with marker pagination.",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    {"folder_id", Type::String, true, "The folder's ID; \"0\" is the root."},
                    {"fields", Type::Any, false,
                     "Fields to return, comma-separated or an array (e.g. \"name,size\"); "
                     "then only these and the mini representation come back."},
                    {"limit", Type::Integer, false,
                     "Items per page (Box's default 100, at most "
                     "1000)."},
                    {"sort", Type::String, false,
                     "id, name, date or size (not for the root folder with marker pagination)."},
                    {"direction", Type::String, false, "ASC or DESC."},
                    {"marker", Type::String, false,
                     "Where to continue: next_marker of the previous page."},
                },
            .example = {{"folder_id", "0"}, {"limit", 2}},
            .pagination = b44::plugin::bodyCursor("/next_marker", "marker", "/entries"),
        },
        buildListFolderItems);
    addAction(
        ActionSpec{
            .name = "get_file",
            .description = "Gets a file's information (GET /files/{id}).",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    {"file_id", Type::String, true, "The file's ID, e.g. 12345."},
                    {"fields", Type::Any, false,
                     "Fields to return, comma-separated or an array (e.g. \"name,size,sha1\")."},
                },
            .example = {{"file_id", "12345"}},
            .pagination = std::nullopt,
        },
        buildGetFile);
    addAction(
        ActionSpec{
            .name = "upload_file",
            .description = "Uploads a small file (up to 50 MB) into a folder (POST /files/content "
                           "on upload.box.com, multipart). Not retried once it may have arrived.",
            .method = "POST",
            .retrySafe = false,
            .parameters =
                {
                    {"folder_id", Type::String, true, "The parent folder's ID; \"0\" is the root."},
                    {"name", Type::String, true, "The new file's name, e.g. report.txt."},
                    {"content", Type::String, true, "The file's content."},
                    {"content_created_at", Type::String, false,
                     "Creation time to record (RFC 3339); default: the upload time."},
                    {"content_modified_at", Type::String, false,
                     "Modification time to record (RFC 3339); default: the upload time."},
                    {"fields", Type::Any, false,
                     "Fields to return for the new file, comma-separated or an array."},
                },
            .example = {{"folder_id", "0"},
                        {"name", "hello.txt"},
                        {"content", "Hello from Base44"}},
            .pagination = std::nullopt,
        },
        buildUploadFile);
  }
};

std::unique_ptr<b44::plugin::Adapter> makeBoxAdapter(std::string_view /*type*/) {
  return std::make_unique<BoxAdapter>();
}

}  // namespace

B44_PLUGIN("1.0.0", "box", makeBoxAdapter)
