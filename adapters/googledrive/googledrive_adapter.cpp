// The Google Drive adapter (integration type "googledrive").
//
// Checked against Google's official Drive API v3 reference:
//   https://developers.google.com/workspace/drive/api/reference/rest/v3/files/list
//       GET https://www.googleapis.com/drive/v3/files; q (search syntax),
//       pageSize (1-1000, default 100), pageToken, orderBy, fields, spaces,
//       corpora (user, domain, drive, allDrives), driveId,
//       includeItemsFromAllDrives, supportsAllDrives; answers {kind,
//       nextPageToken, incompleteSearch, files [File]}. A custom `fields`
//       must name nextPageToken for paging to continue.
//   https://developers.google.com/workspace/drive/api/reference/rest/v3/files/get
//       GET .../drive/v3/files/{fileId}; fields, supportsAllDrives; answers a
//       File (by default kind, id, name, mimeType, resourceKey).
//   https://developers.google.com/workspace/drive/api/guides/manage-uploads
//   https://developers.google.com/workspace/drive/api/reference/rest/v3/files/create
//       uploads go to the /upload URI: POST
//       https://www.googleapis.com/upload/drive/v3/files?uploadType=...
//       uploadType=media: the body is the file's bytes, Content-Type its MIME
//       type (no metadata; Drive names it "Untitled"); uploadType=multipart:
//       a multipart/related body (RFC 2387) of exactly two parts, first the
//       metadata as "application/json; charset=UTF-8", then the media with its
//       own Content-Type, parts separated by "--boundary" and closed by
//       "--boundary--"; both for files of at most 5 MB (larger ones need a
//       resumable upload, not offered here). Answers the created File.
//   https://developers.google.com/workspace/drive/api/guides/limits
//       403 userRateLimitExceeded / rateLimitExceeded and 429 mean "slow down".
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

constexpr std::size_t kMaxSimpleUpload = 5 * 1024 * 1024;

ServiceRequest buildListFiles(const Args& args) {
  ServiceRequest request;
  request.path = "/files";
  args.toQuery(request, "q");
  args.toQuery(request, "order_by", "orderBy");
  args.toQuery(request, "fields");
  args.toQuery(request, "spaces");
  if (auto corpora = args.optionalChoice("corpora", {"user", "domain", "drive", "allDrives"})) {
    request.query.emplace_back("corpora", *corpora);
  }
  args.toQuery(request, "drive_id", "driveId");
  args.toQuery(request, "include_items_from_all_drives", "includeItemsFromAllDrives");
  args.toQuery(request, "supports_all_drives", "supportsAllDrives");
  family::pageQuery(args, request);
  return request;
}

ServiceRequest buildGetFile(const Args& args) {
  ServiceRequest request;
  request.path = "/files/" + b44::plugin::pathSegment(args.string("file_id"), "file_id");
  args.toQuery(request, "fields");
  args.toQuery(request, "supports_all_drives", "supportsAllDrives");
  return request;
}

// The file's bytes: `content` as UTF-8 text, or `content_base64` decoded.
std::string uploadContent(const Args& args) {
  const auto text = args.optionalString("content");
  const auto encoded = args.optionalString("content_base64");
  if (text.has_value() == encoded.has_value()) {
    family::rejectArgument(args, "content", "or 'content_base64' is required (one of them)");
  }
  std::string bytes = text ? *text : family::base64Decode(*encoded, "args.content_base64");
  if (bytes.size() > kMaxSimpleUpload) {
    family::rejectArgument(args, text ? "content" : "content_base64",
                           "holds more than 5 MB, the limit of a single-request upload");
  }
  return bytes;
}

ServiceRequest buildUploadFile(const Args& args) {
  const std::string content = uploadContent(args);
  const std::string mediaType =
      args.optionalString("mime_type")
          .value_or(args.has("content") ? "text/plain; charset=UTF-8" : "application/octet-stream");
  json metadata = json::object();
  args.toBody(metadata, "name");
  args.toBody(metadata, "mime_type", "mimeType");
  args.toBody(metadata, "parents");
  args.toBody(metadata, "description");
  const bool multipart = args.has("name") || args.has("parents") || args.has("description");

  ServiceRequest request;
  request.method = "POST";
  request.host = "upload";
  request.path = "/files";
  request.query.emplace_back("uploadType", multipart ? "multipart" : "media");
  args.toQuery(request, "fields");
  args.toQuery(request, "supports_all_drives", "supportsAllDrives");
  if (!multipart) {
    request.body = content;
    request.contentType = mediaType;
    return request;
  }
  const std::string metadataJson = metadata.dump();
  const std::string boundary = family::mimeBoundary("related", {metadataJson, content});
  request.body = "--" + boundary + "\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n" +
                 metadataJson + "\r\n--" + boundary + "\r\nContent-Type: " + mediaType +
                 "\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
  request.contentType = "multipart/related; boundary=" + boundary;
  return request;
}

b44::plugin::Parameter fieldsParameter() {
  return {"fields", Type::String, false,
          "Partial response, e.g. \"id, name, mimeType, modifiedTime\" (Drive's default: "
          "kind, id, name, mimeType)."};
}

b44::plugin::Parameter allDrivesParameter() {
  return {"supports_all_drives", Type::Boolean, false,
          "The caller supports shared drives (needed for items in them)."};
}

class DriveAdapter final : public family::GoogleAdapter {
 public:
  DriveAdapter()
      : GoogleAdapter(family::googleSpec(
            "googledrive", "Google Drive",
            "Google Drive API v3: list and search files, get file metadata, upload small files.",
            "https://developers.google.com/workspace/drive/api/reference/rest/v3",
            // Raw requests page with pageToken / nextPageToken:
            // https://developers.google.com/workspace/drive/api/reference/rest/v3/files/list
            // Items are in "files" there; drives, permissions, comments,
            // revisions and changes answer under their own names, so callers
            // of those pass their own RawPagination. The upload host has no
            // list methods (uploads only), hence no pagination:
            // https://developers.google.com/workspace/drive/api/guides/manage-uploads
            {family::apiHost("default", "https://www.googleapis.com/drive/v3",
                             family::rawPageTokenPagination("/files")),
             family::apiHost("upload", "https://www.googleapis.com/upload/drive/v3")},
            family::QuotaSignals::Status429And403)) {
    addAction(
        ActionSpec{
            .name = "list_files",
            .description = "Lists or searches the user's files (files.list), page by page.",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    {"q", Type::String, false,
                     "Search query, e.g. \"name contains 'report' and trashed = false\" or "
                     "\"'<folderId>' in parents\"."},
                    {"order_by", Type::String, false,
                     "Sort keys, e.g. \"modifiedTime desc,name\"."},
                    {"fields", Type::String, false,
                     "Partial response, e.g. \"nextPageToken, files(id, name, mimeType)\"; it "
                     "must name nextPageToken for paging to continue."},
                    {"spaces", Type::String, false, "drive and/or appDataFolder."},
                    {"corpora", Type::String, false,
                     "Where to search: user (default), domain, drive (with drive_id) or "
                     "allDrives."},
                    {"drive_id", Type::String, false, "The shared drive to search."},
                    {"include_items_from_all_drives", Type::Boolean, false,
                     "Include items of shared drives."},
                    allDrivesParameter(),
                    family::pageSizeParameter("page_size", "Drive's default 100, 1 to 1000"),
                    family::pageTokenParameter(),
                },
            .example = {{"q", "trashed = false"},
                        {"order_by", "modifiedTime desc"},
                        {"page_size", 2}},
            .pagination = family::pageTokenPagination("/files"),
        },
        buildListFiles);
    addAction(
        ActionSpec{
            .name = "get_file",
            .description = "Gets a file's metadata (files.get).",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    {"file_id", Type::String, true, "The file's ID."},
                    fieldsParameter(),
                    allDrivesParameter(),
                },
            .example = {{"file_id", "1a2B3c4D5e6F7g8H9i0J"},
                        {"fields", "id, name, mimeType, size, modifiedTime, parents"}},
            .pagination = std::nullopt,
        },
        buildGetFile);
    addAction(
        ActionSpec{
            .name = "upload_file",
            .description = "Uploads a file of at most 5 MB in one request (files.create on the "
                           "upload URI): a multipart upload with its metadata when name, "
                           "parents or description is given, else a media upload. Not retried "
                           "once it may have arrived.",
            .method = "POST",
            .retrySafe = false,
            .parameters =
                {
                    {"name", Type::String, false, "The file's name, e.g. notes.txt."},
                    {"mime_type", Type::String, false,
                     "The content's MIME type (default text/plain for 'content', "
                     "application/octet-stream for 'content_base64')."},
                    {"parents", Type::Array, false, "The folder ID to put the file in, as [id]."},
                    {"description", Type::String, false, "A short description of the file."},
                    {"content", Type::String, false, "The file's content as text (UTF-8)."},
                    {"content_base64", Type::String, false,
                     "Instead of content: the file's bytes, base64-encoded. Bytes that are not "
                     "UTF-8 text need the direct route: Base44's proxy carries bodies as JSON "
                     "text."},
                    fieldsParameter(),
                    allDrivesParameter(),
                },
            .example = {{"name", "notes.txt"},
                        {"mime_type", "text/plain"},
                        {"content", "Hello from Base44\n"}},
            .pagination = std::nullopt,
        },
        buildUploadFile);
  }
};

std::unique_ptr<b44::plugin::Adapter> makeDriveAdapter(std::string_view /*type*/) {
  return std::make_unique<DriveAdapter>();
}

}  // namespace

B44_PLUGIN("1.0.0", "googledrive", makeDriveAdapter)
