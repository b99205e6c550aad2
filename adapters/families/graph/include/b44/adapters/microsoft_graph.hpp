#pragma once
// Typed pieces shared by the Microsoft Graph helpers (b44/adapters/one_drive.hpp,
// share_point.hpp, outlook.hpp, microsoft_teams.hpp): Graph's driveItem and
// itemBody resources and the options of a "list a folder's children" action.
// Header-only, target b44::microsoft_graph; each result keeps Graph's JSON in
// `raw`.
//
// Resource shapes from Microsoft's reference:
//   https://learn.microsoft.com/en-us/graph/api/resources/driveitem
//   https://learn.microsoft.com/en-us/graph/api/resources/itembody
#include <b44/typed.hpp>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace b44::microsoft_graph {

// Comma-separated, as $select and similar options take lists.
inline std::string commaSeparated(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& value : values) out += (out.empty() ? "" : ",") + value;
  return out;
}

// --- Listing a folder (OneDrive, a SharePoint document library) ----------------

struct ListChildrenOptions {
  std::optional<std::string> itemId;   // the folder; absent = the drive's root
  std::optional<int> top;              // items per page
  std::vector<std::string> select;     // properties to return
  std::optional<std::string> orderby;  // e.g. "name" or "lastModifiedDateTime desc"
  // Resume a saved walk: ItemPager::cursor() of an earlier one (an @odata.nextLink).
  std::optional<std::string> nextLink;
};

// The action arguments for `options` (the cursor travels separately).
inline void addChildrenArguments(nlohmann::json& args, const ListChildrenOptions& options) {
  typed::setIf(args, "item_id", options.itemId);
  typed::setIf(args, "top", options.top);
  if (!options.select.empty()) args["select"] = commaSeparated(options.select);
  typed::setIf(args, "orderby", options.orderby);
}

// --- driveItem ------------------------------------------------------------------

struct DriveItem {
  std::string id;
  std::string name;
  std::int64_t size = 0;  // bytes (for a folder: of everything in it)
  std::string webUrl;
  std::string eTag;
  std::string createdDateTime;
  std::string lastModifiedDateTime;
  bool isFolder = false;        // has the folder facet
  std::int64_t childCount = 0;  // folders only
  std::string mimeType;         // files only
  std::string parentId;
  std::string parentPath;  // e.g. "/drive/root:/Documents"
  std::string driveId;
  std::string downloadUrl;  // "@microsoft.graph.downloadUrl", short-lived, files only
  nlohmann::json raw;
};

inline DriveItem driveItemFromJson(const nlohmann::json& json) {
  DriveItem item;
  item.id = typed::stringField(json, "id");
  item.name = typed::stringField(json, "name");
  item.size = typed::intField(json, "size");
  item.webUrl = typed::stringField(json, "webUrl");
  item.eTag = typed::stringField(json, "eTag");
  item.createdDateTime = typed::stringField(json, "createdDateTime");
  item.lastModifiedDateTime = typed::stringField(json, "lastModifiedDateTime");
  if (const auto* folder = typed::field(json, "folder"); folder != nullptr && folder->is_object()) {
    item.isFolder = true;
    item.childCount = typed::intField(*folder, "childCount");
  }
  item.mimeType = typed::stringField(typed::objectField(json, "file"), "mimeType");
  const auto& parent = typed::objectField(json, "parentReference");
  item.parentId = typed::stringField(parent, "id");
  item.parentPath = typed::stringField(parent, "path");
  item.driveId = typed::stringField(parent, "driveId");
  item.downloadUrl = typed::stringField(json, "@microsoft.graph.downloadUrl");
  item.raw = json;
  return item;
}

// --- itemBody -------------------------------------------------------------------

struct ItemBody {
  std::string contentType;  // "text" or "html"
  std::string content;
};

inline ItemBody itemBodyFromJson(const nlohmann::json& json) {
  return {typed::stringField(json, "contentType"), typed::stringField(json, "content")};
}

}  // namespace b44::microsoft_graph
