#pragma once
// Typed helpers for the "one_drive" adapter (the signed-in user's OneDrive
// through Microsoft Graph). Header-only: they build the action's JSON
// arguments, call ServiceClient::invoke (or pages) and convert the result.
//
//   b44::one_drive::OneDrive drive(registry.service("one_drive", client));
//   for (auto& item : drive.listRootChildren().all()) ...
//   auto file = drive.uploadSmallFile("Documents/notes.txt", "Hello");
//
// Every result keeps Graph's JSON in `raw`.
#include <b44/adapters/microsoft_graph.hpp>
#include <b44/service_client.hpp>
#include <b44/typed.hpp>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>

namespace b44::one_drive {

using microsoft_graph::DriveItem;
using microsoft_graph::ListChildrenOptions;

struct UploadSmallFileRequest {
  std::string path;                        // below the root, e.g. "Documents/notes.txt"
  std::string content;                     // text, at most 4 MiB
  std::optional<std::string> contentType;  // default text/plain
  // "replace" (Graph's default), "fail" or "rename".
  std::optional<std::string> conflictBehavior;
};

inline nlohmann::json toJson(const UploadSmallFileRequest& request) {
  nlohmann::json args = {{"path", request.path}, {"content", request.content}};
  typed::setIf(args, "content_type", request.contentType);
  typed::setIf(args, "conflict_behavior", request.conflictBehavior);
  return args;
}

class OneDrive {
 public:
  // `client` comes from registry.service("one_drive", client[, options]).
  explicit OneDrive(ServiceClient client) : client_(std::move(client)) {}

  // The files and folders of a folder (options.itemId; the root by default),
  // page by page; options.nextLink resumes a saved walk.
  ItemPager<DriveItem> listChildren(const ListChildrenOptions& options = {}) const {
    nlohmann::json args = nlohmann::json::object();
    microsoft_graph::addChildrenArguments(args, options);
    return ItemPager<DriveItem>(client_.pages("list_children", args, options.nextLink),
                                &microsoft_graph::driveItemFromJson);
  }
  ItemPager<DriveItem> listRootChildren(ListChildrenOptions options = {}) const {
    options.itemId.reset();
    return listChildren(options);
  }

  // Creates or replaces a small file (at most 4 MiB); the new driveItem.
  DriveItem uploadSmallFile(const UploadSmallFileRequest& request) const {
    return microsoft_graph::driveItemFromJson(client_.invoke("upload_small_file", toJson(request)));
  }
  DriveItem uploadSmallFile(std::string path, std::string content) const {
    UploadSmallFileRequest request;
    request.path = std::move(path);
    request.content = std::move(content);
    return uploadSmallFile(request);
  }

  [[nodiscard]] const ServiceClient& client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace b44::one_drive
