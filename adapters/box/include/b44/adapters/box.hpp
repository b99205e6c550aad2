#pragma once
// Typed helpers for the "box" adapter. Header-only: each helper builds the
// action's JSON arguments, calls ServiceClient::invoke (or pages) and converts
// the JSON result; the host never links the adapter.
//
//   b44::box::Box box(registry.service("box", client));
//   for (auto& item : box.listFolderItems({.folderId = "0"}).all()) ...
//   auto file = box.getFile("12345");
//   auto uploaded = box.uploadFile({.folderId = "0", .name = "a.txt", .content = "Hi"});
//
// Every result keeps Box's JSON object in `raw`.
#include <b44/errors.hpp>
#include <b44/service_client.hpp>
#include <b44/typed.hpp>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace b44::box {

// --- Requests -----------------------------------------------------------------

struct ListFolderItemsRequest {
  std::string folderId = "0";            // "0" is the root
  std::vector<std::string> fields;       // empty = Box's standard fields
  std::optional<int> limit;              // at most 1000
  std::optional<std::string> sort;       // id, name, date, size
  std::optional<std::string> direction;  // ASC, DESC
  std::optional<std::string> marker;     // resume a saved walk
};

struct UploadFileRequest {
  std::string folderId = "0";
  std::string name;
  std::string content;                           // the file's bytes
  std::optional<std::string> contentCreatedAt;   // RFC 3339
  std::optional<std::string> contentModifiedAt;  // RFC 3339
};

// --- Results ------------------------------------------------------------------

// A file, folder or web link.
struct Item {
  std::string type;  // file, folder, web_link
  std::string id;
  std::string name;
  std::string etag;
  std::string sequenceId;
  std::int64_t size = 0;
  std::string sha1;  // files
  std::string description;
  std::string createdAt;
  std::string modifiedAt;
  std::string parentId;  // empty unless the answer carries the parent
  nlohmann::json raw;
};
using File = Item;

// --- JSON conversion ----------------------------------------------------------

inline nlohmann::json toJson(const ListFolderItemsRequest& request) {
  nlohmann::json args = {{"folder_id", request.folderId}};
  typed::setIfNotEmpty(args, "fields", request.fields);
  typed::setIf(args, "limit", request.limit);
  typed::setIf(args, "sort", request.sort);
  typed::setIf(args, "direction", request.direction);
  return args;
}

inline nlohmann::json toJson(const UploadFileRequest& request) {
  nlohmann::json args = {
      {"folder_id", request.folderId}, {"name", request.name}, {"content", request.content}};
  typed::setIf(args, "content_created_at", request.contentCreatedAt);
  typed::setIf(args, "content_modified_at", request.contentModifiedAt);
  return args;
}

inline Item itemFromJson(const nlohmann::json& json) {
  Item item;
  item.type = typed::stringField(json, "type");
  item.id = typed::stringField(json, "id");
  item.name = typed::stringField(json, "name");
  item.etag = typed::stringField(json, "etag");
  item.sequenceId = typed::stringField(json, "sequence_id");
  item.size = typed::intField(json, "size");
  item.sha1 = typed::stringField(json, "sha1");
  item.description = typed::stringField(json, "description");
  item.createdAt = typed::stringField(json, "created_at");
  item.modifiedAt = typed::stringField(json, "modified_at");
  item.parentId = typed::stringField(typed::objectField(json, "parent"), "id");
  item.raw = json;
  return item;
}

// --- The client ---------------------------------------------------------------

class Box {
 public:
  // `client` comes from registry.service("box", client[, options]).
  explicit Box(ServiceClient client) : client_(std::move(client)) {}

  // Pages through a folder's items with marker pagination; request.marker
  // resumes a saved walk.
  [[nodiscard]] ItemPager<Item> listFolderItems(ListFolderItemsRequest request = {}) const {
    return ItemPager<Item>(client_.pages("list_folder_items", toJson(request), request.marker),
                           &itemFromJson);
  }

  [[nodiscard]] File getFile(const std::string& fileId,
                             const std::vector<std::string>& fields = {}) const {
    nlohmann::json args = {{"file_id", fileId}};
    typed::setIfNotEmpty(args, "fields", fields);
    return itemFromJson(client_.invoke("get_file", args));
  }

  // Box answers {total_count, entries: [file]}; this returns the file.
  [[nodiscard]] File uploadFile(const UploadFileRequest& request) const {
    const auto answer = client_.invoke("upload_file", toJson(request));
    const auto& entries = typed::arrayField(answer, "entries");
    return itemFromJson(entries.empty() ? nlohmann::json::object() : entries.front());
  }

  [[nodiscard]] const ServiceClient& client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace b44::box
