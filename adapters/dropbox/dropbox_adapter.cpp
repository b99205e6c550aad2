// The Dropbox adapter (integration type "dropbox": an OAuth 2 user token on
// the API v2).
//
// Checked against Dropbox's official HTTP API documentation:
//   https://www.dropbox.com/developers/documentation/http/documentation
//       RPC endpoints live on https://api.dropboxapi.com/2 and take POST with a
//       JSON body (an endpoint without parameters takes no body); content-upload
//       endpoints live on https://content.dropboxapi.com/2, take the file as the
//       body (application/octet-stream) and their arguments as JSON in the
//       Dropbox-API-Arg header; "Authorization: Bearer <token>"; errors are 409
//       with {error_summary, error, user_message?}, 400 with a plain-text
//       message, 429 with Retry-After for rate limits.
//   https://www.dropbox.com/developers/reference/json-encoding
//       JSON in an HTTP header must be "HTTP header safe": every character
//       0x7F and above escaped as \uXXXX (UTF-16 surrogate pairs beyond the
//       BMP).
//   .../documentation#users-get_current_account
//       POST /users/get_current_account, no parameters; answers
//       {account_id, name {given_name, surname, display_name, ...}, email,
//       email_verified, country, locale, account_type {".tag"}, ...}.
//   .../documentation#files-list_folder
//       POST /files/list_folder; path ("" for the root, "/folder", "id:...")
//       required, recursive, include_deleted, include_has_explicit_shared_members,
//       include_mounted_folders, include_non_downloadable_files, limit (1-2000,
//       approximate); answers {entries, cursor, has_more}.
//   .../documentation#files-list_folder-continue
//       POST /files/list_folder/continue with {cursor} only; same answer.
//   .../documentation#files-upload
//       POST content host /files/upload (at most 150 MB); Dropbox-API-Arg
//       {path (required), mode "add"|"overwrite"|{".tag":"update","update":rev},
//       autorename, client_modified, mute, strict_conflict}; answers the
//       FileMetadata.
#include <b44/errors.hpp>
#include <b44/plugin/basic_adapter.hpp>
#include <b44/plugin/export.hpp>
#include <b44/typed.hpp>

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

// The Dropbox-API-Arg header value: compact JSON with every non-ASCII code
// point escaped (nlohmann's ensure_ascii escapes 0x7F and above as \uXXXX,
// with surrogate pairs, and control characters as usual).
std::string headerSafeJson(const json& value, const Args& args) {
  try {
    return value.dump(-1, ' ', /*ensure_ascii=*/true, json::error_handler_t::strict);
  } catch (const json::type_error&) {
    throw b44::InvalidArgumentError("args.path",
                                    args.operation() + ": the arguments must be valid UTF-8");
  }
}

ServiceRequest buildGetCurrentAccount(const Args& /*args*/) {
  ServiceRequest request;
  request.method = "POST";
  request.path = "/users/get_current_account";
  return request;  // no parameters: no body, as in Dropbox's own example
}

// The first page lists a folder; with a cursor it continues an earlier
// listing, on Dropbox's separate /continue endpoint that takes only the cursor.
ServiceRequest buildListFolder(const Args& args) {
  ServiceRequest request;
  request.method = "POST";
  if (auto cursor = args.optionalString("cursor")) {
    request.path = "/files/list_folder/continue";
    request.setJsonBody({{"cursor", *cursor}});
    return request;
  }
  json body = {{"path", args.string("path")}};
  for (const char* name : {"recursive", "include_deleted", "include_has_explicit_shared_members",
                           "include_mounted_folders", "include_non_downloadable_files", "limit"}) {
    args.toBody(body, name);
  }
  request.path = "/files/list_folder";
  request.setJsonBody(body);
  return request;
}

ServiceRequest buildUploadFile(const Args& args) {
  json arg = {{"path", args.string("path")}};
  if (auto rev = args.optionalString("update_rev")) {
    if (args.has("mode")) {
      throw b44::InvalidArgumentError("args.mode",
                                      args.operation() + ": give 'mode' or 'update_rev', not both");
    }
    arg["mode"] = {{".tag", "update"}, {"update", *rev}};
  } else if (auto mode = args.optionalChoice("mode", {"add", "overwrite"})) {
    arg["mode"] = *mode;
  }
  for (const char* name : {"autorename", "client_modified", "mute", "strict_conflict"}) {
    args.toBody(arg, name);
  }
  ServiceRequest request;
  request.host = "content";
  request.method = "POST";
  request.path = "/files/upload";
  request.headers.set("Dropbox-API-Arg", headerSafeJson(arg, args));
  request.body = args.string("content");
  request.contentType = "application/octet-stream";
  return request;
}

AdapterSpec dropboxSpec() {
  AdapterSpec spec;
  spec.type = "dropbox";
  spec.displayName = "Dropbox";
  spec.description = "Dropbox API v2: the current account, listing folders, uploading files.";
  spec.documentationUrl = "https://www.dropbox.com/developers/documentation/http/documentation";
  // No default pagination on either host. The API host's lists continue on a
  // different endpoint (files/list_folder -> files/list_folder/continue with
  // only {cursor}), which no RawPagination style expresses (they repeat the
  // same request):
  // https://www.dropbox.com/developers/documentation/http/documentation#files-list_folder-continue
  // The content host only uploads and downloads file content.
  spec.hosts = {b44::plugin::ApiHost{.name = "default",
                                     .baseUrlTemplate = "https://api.dropboxapi.com/2",
                                     .allowedHosts = {"api.dropboxapi.com"}},
                b44::plugin::ApiHost{.name = "content",
                                     .baseUrlTemplate = "https://content.dropboxapi.com/2",
                                     .allowedHosts = {"content.dropboxapi.com"}}};
  spec.token = {.header = "Authorization", .scheme = "Bearer"};
  return spec;  // rate limits: 429 with Retry-After, which is always honoured
}

class DropboxAdapter final : public b44::plugin::BasicAdapter {
 public:
  DropboxAdapter() : BasicAdapter(dropboxSpec()) {
    addAction(
        ActionSpec{
            .name = "get_current_account",
            .description = "Gets the account the token belongs to (users/get_current_account). "
                           "A read, so it is safe to retry.",
            .method = "POST",
            .retrySafe = true,
            .parameters = {},
            .example = json::object(),
            .pagination = std::nullopt,
        },
        buildGetCurrentAccount);
    addAction(
        ActionSpec{
            .name = "list_folder",
            .description = "Lists a folder's entries (files/list_folder), page by page; with "
                           "'cursor' it continues an earlier listing (files/list_folder/continue).",
            .method = "POST",
            .retrySafe = true,
            .parameters =
                {
                    {"path", Type::String, false,
                     "The folder: \"\" for the root, \"/Photos\", or \"id:...\". Required "
                     "unless 'cursor' is given."},
                    {"recursive", Type::Boolean, false, "Also list all subfolders' contents."},
                    {"include_deleted", Type::Boolean, false, "Include deleted entries."},
                    {"include_has_explicit_shared_members", Type::Boolean, false,
                     "Say for each file whether it has explicit shared members."},
                    {"include_mounted_folders", Type::Boolean, false,
                     "Include mounted folders (Dropbox's default true)."},
                    {"include_non_downloadable_files", Type::Boolean, false,
                     "Include files that cannot be downloaded (Dropbox's default true)."},
                    {"limit", Type::Integer, false,
                     "Approximate entries per page (1-2000; Dropbox may return fewer or more)."},
                    {"cursor", Type::String, false,
                     "Where to continue: the previous page's cursor (other arguments are then "
                     "ignored, as Dropbox's /continue endpoint takes only the cursor)."},
                },
            .example = {{"path", "/Documents"}, {"limit", 2}},
            .pagination = b44::plugin::bodyCursor("/cursor", "cursor", "/entries", "/has_more"),
        },
        buildListFolder);
    addAction(
        ActionSpec{
            .name = "upload_file",
            .description = "Uploads a small file (at most 150 MB) to a path (files/upload on the "
                           "content host). Not retried once it may have arrived.",
            .method = "POST",
            .retrySafe = false,
            .parameters =
                {
                    {"path", Type::String, true,
                     "Where to put the file, e.g. \"/Documents/notes.txt\"."},
                    {"content", Type::String, true, "The file's content."},
                    {"mode", Type::String, false,
                     "\"add\" (Dropbox's default: never overwrite) or \"overwrite\"."},
                    {"update_rev", Type::String, false,
                     "Overwrite only if the file's current revision is this one (mode update)."},
                    {"autorename", Type::Boolean, false,
                     "On a conflict, let Dropbox rename the new file instead of failing."},
                    {"client_modified", Type::String, false,
                     "Modification time to record, ISO 8601 UTC without fraction "
                     "(2024-05-01T10:00:00Z)."},
                    {"mute", Type::Boolean, false, "Do not notify the user's desktop clients."},
                    {"strict_conflict", Type::Boolean, false,
                     "Treat an identical existing file as a conflict too."},
                },
            .example = {{"path", "/Documents/hello.txt"},
                        {"content", "Hello from Base44"},
                        {"mode", "add"},
                        {"autorename", true}},
            .pagination = std::nullopt,
        },
        buildUploadFile);
  }

 protected:
  // Dropbox's endpoint-specific errors are 409 {error_summary, error,
  // user_message?}; error_summary ("path/not_found/..") is the stable code,
  // without its trailing dots.
  void checkResponse(std::string_view action, const b44::plugin::ServiceResponse& response,
                     const json& body) const override {
    if (response.status >= 200 && response.status < 300) return;
    if (body.is_object() && body.contains("error_summary") && body["error_summary"].is_string()) {
      std::string code = body["error_summary"];
      while (!code.empty() && (code.back() == '.' || code.back() == '/')) code.pop_back();
      std::string detail =
          b44::typed::stringField(b44::typed::objectField(body, "user_message"), "text");
      throw b44::ServiceError(spec().type, std::string(action), response.status, code,
                              detail.empty() ? code : detail, body);
    }
    BasicAdapter::checkResponse(action, response, body);
  }
};

std::unique_ptr<b44::plugin::Adapter> makeDropboxAdapter(std::string_view /*type*/) {
  return std::make_unique<DropboxAdapter>();
}

}  // namespace

B44_PLUGIN("1.0.0", "dropbox", makeDropboxAdapter)
