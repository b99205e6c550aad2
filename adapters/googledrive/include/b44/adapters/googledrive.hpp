#pragma once
// Typed helpers for the "googledrive" adapter. Header-only: each helper builds
// the action's JSON arguments, calls ServiceClient::invoke (or pages) and
// converts the JSON result; the host never links the adapter.
//
//   b44::googledrive::Drive drive(registry.service("googledrive", client));
//   for (auto& file : drive.listFiles({.q = "trashed = false"}).all()) ...
//   auto uploaded = drive.uploadFile({.name = "notes.txt", .content = "Hello"});
//
// Every result keeps Drive's JSON File resource in `raw`.
#include <b44/service_client.hpp>
#include <b44/typed.hpp>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace b44::googledrive {

// --- Requests -----------------------------------------------------------------

struct ListFilesRequest {
  std::optional<std::string> q;  // Drive search syntax
  std::optional<std::string> orderBy;
  std::optional<std::string> fields;  // must name nextPageToken to page on
  std::optional<std::string> spaces;
  std::optional<std::string> corpora;  // user, domain, drive, allDrives
  std::optional<std::string> driveId;
  std::optional<bool> includeItemsFromAllDrives;
  std::optional<bool> supportsAllDrives;
  std::optional<int> pageSize;
  std::optional<std::string> pageToken;  // resume a saved walk
};

struct GetFileRequest {
  std::optional<std::string> fields;
  std::optional<bool> supportsAllDrives;
};

// With name, parents or description: a multipart upload; else a media upload.
struct UploadFileRequest {
  std::optional<std::string> name;
  std::optional<std::string> mimeType;
  std::vector<std::string> parents;
  std::optional<std::string> description;
  std::optional<std::string> content;        // text (UTF-8) ...
  std::optional<std::string> contentBase64;  // ... or base64-encoded bytes
  std::optional<std::string> fields;
  std::optional<bool> supportsAllDrives;
};

// --- Results ------------------------------------------------------------------

struct File {
  std::string id;
  std::string name;
  std::string mimeType;
  std::vector<std::string> parents;
  std::int64_t size = 0;  // bytes (Drive sends it as text), when asked for
  std::string createdTime;
  std::string modifiedTime;
  std::string webViewLink;
  bool trashed = false;
  nlohmann::json raw;
};

// --- JSON conversion ----------------------------------------------------------

inline nlohmann::json toJson(const ListFilesRequest& request) {
  nlohmann::json args = nlohmann::json::object();
  typed::setIf(args, "q", request.q);
  typed::setIf(args, "order_by", request.orderBy);
  typed::setIf(args, "fields", request.fields);
  typed::setIf(args, "spaces", request.spaces);
  typed::setIf(args, "corpora", request.corpora);
  typed::setIf(args, "drive_id", request.driveId);
  typed::setIf(args, "include_items_from_all_drives", request.includeItemsFromAllDrives);
  typed::setIf(args, "supports_all_drives", request.supportsAllDrives);
  typed::setIf(args, "page_size", request.pageSize);
  return args;
}

inline nlohmann::json toJson(const UploadFileRequest& request) {
  nlohmann::json args = nlohmann::json::object();
  typed::setIf(args, "name", request.name);
  typed::setIf(args, "mime_type", request.mimeType);
  typed::setIfNotEmpty(args, "parents", request.parents);
  typed::setIf(args, "description", request.description);
  typed::setIf(args, "content", request.content);
  typed::setIf(args, "content_base64", request.contentBase64);
  typed::setIf(args, "fields", request.fields);
  typed::setIf(args, "supports_all_drives", request.supportsAllDrives);
  return args;
}

inline File fileFromJson(const nlohmann::json& json) {
  File file;
  file.id = typed::stringField(json, "id");
  file.name = typed::stringField(json, "name");
  file.mimeType = typed::stringField(json, "mimeType");
  file.parents = typed::stringsField(json, "parents");
  const std::string size = typed::stringField(json, "size");
  if (!size.empty() && size.find_first_not_of("0123456789") == std::string::npos &&
      size.size() < 19) {
    file.size = std::stoll(size);
  }
  file.createdTime = typed::stringField(json, "createdTime");
  file.modifiedTime = typed::stringField(json, "modifiedTime");
  file.webViewLink = typed::stringField(json, "webViewLink");
  file.trashed = typed::boolField(json, "trashed");
  file.raw = json;
  return file;
}

// --- The client ---------------------------------------------------------------

class Drive {
 public:
  // `client` comes from registry.service("googledrive", client[, options]).
  explicit Drive(ServiceClient client) : client_(std::move(client)) {}

  ItemPager<File> listFiles(ListFilesRequest request = {}) const {
    return ItemPager<File>(client_.pages("list_files", toJson(request), request.pageToken),
                           &fileFromJson);
  }

  File getFile(const std::string& fileId, const GetFileRequest& request = {}) const {
    nlohmann::json args = {{"file_id", fileId}};
    typed::setIf(args, "fields", request.fields);
    typed::setIf(args, "supports_all_drives", request.supportsAllDrives);
    return fileFromJson(client_.invoke("get_file", args));
  }

  File uploadFile(const UploadFileRequest& request) const {
    return fileFromJson(client_.invoke("upload_file", toJson(request)));
  }

  [[nodiscard]] const ServiceClient& client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace b44::googledrive
