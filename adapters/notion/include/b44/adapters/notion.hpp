#pragma once
// Typed helpers for the "notion" adapter. Header-only: each helper builds the
// action's JSON arguments, calls ServiceClient::invoke (or pages) and converts
// the JSON result; the host never links the adapter.
//
//   b44::notion::Notion notion(registry.service("notion", client));
//   for (auto& page : notion.search({.query = "Roadmap"}).all()) ...
//   auto page = notion.createPage({.parentPageId = id, .title = "Meeting notes"});
//
// Pages and databases keep Notion's JSON object in `raw`, and their property
// values in `properties`, since those depend on each database's schema.
#include <b44/errors.hpp>
#include <b44/service_client.hpp>
#include <b44/typed.hpp>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>

namespace b44::notion {

namespace detail {
// The plain text of a rich-text array.
inline std::string plainText(const nlohmann::json& richText) {
  std::string text;
  if (!richText.is_array()) return text;
  for (const auto& part : richText) text += typed::stringField(part, "plain_text");
  return text;
}
}  // namespace detail

// --- Requests -----------------------------------------------------------------

struct SearchRequest {
  std::optional<std::string> query;
  std::optional<std::string> objectType;     // "page" or "database"
  std::optional<std::string> sortDirection;  // by last_edited_time: "ascending"/"descending"
  std::optional<int> pageSize;               // at most 100
  std::optional<std::string> startCursor;    // resume a saved walk
};

struct CreatePageRequest {
  std::optional<std::string> parentPageId;  // exactly one of these two
  std::optional<std::string> parentDatabaseId;
  std::optional<std::string> title;
  std::optional<std::string> titleProperty;  // default "title" (page) / "Name" (database)
  nlohmann::json properties;                 // object or null
  nlohmann::json children;                   // array of blocks or null
};

// --- Results ------------------------------------------------------------------

struct Parent {
  std::string type;  // page_id, database_id, workspace, block_id
  std::string id;    // empty for the workspace
};

// A page or a database, as search and create_page return them.
struct Object {
  std::string object;  // "page" or "database"
  std::string id;
  std::string url;
  std::string title;  // plain text of the title
  std::string createdTime;
  std::string lastEditedTime;
  bool archived = false;
  Parent parent;
  nlohmann::json properties;
  nlohmann::json raw;
};
using Page = Object;

// --- JSON conversion ----------------------------------------------------------

inline nlohmann::json toJson(const SearchRequest& request) {
  nlohmann::json args = nlohmann::json::object();
  if (request.query) args["query"] = *request.query;
  if (request.objectType) {
    args["filter"] = {{"property", "object"}, {"value", *request.objectType}};
  }
  if (request.sortDirection) {
    args["sort"] = {{"direction", *request.sortDirection}, {"timestamp", "last_edited_time"}};
  }
  if (request.pageSize) args["page_size"] = *request.pageSize;
  return args;
}

inline nlohmann::json toJson(const CreatePageRequest& request) {
  nlohmann::json args = nlohmann::json::object();
  if (request.parentPageId) args["parent_page_id"] = *request.parentPageId;
  if (request.parentDatabaseId) args["parent_database_id"] = *request.parentDatabaseId;
  if (request.title) args["title"] = *request.title;
  if (request.titleProperty) args["title_property"] = *request.titleProperty;
  if (!request.properties.is_null()) args["properties"] = request.properties;
  if (!request.children.is_null()) args["children"] = request.children;
  return args;
}

inline Parent parentFromJson(const nlohmann::json& json) {
  Parent parent{.type = typed::stringField(json, "type"), .id = {}};
  if (parent.type.empty()) {  // a parent as sent, without its "type"
    for (const char* key : {"page_id", "database_id", "block_id", "workspace"}) {
      if (json.is_object() && json.contains(key)) parent.type = key;
    }
  }
  if (!parent.type.empty()) parent.id = typed::stringField(json, parent.type.c_str());
  return parent;
}

// The title: a database's "title" array, or a page's property of type "title".
inline std::string titleOf(const nlohmann::json& json) {
  if (json.is_object() && json.contains("title") && json["title"].is_array()) {
    return detail::plainText(json["title"]);
  }
  const auto& properties = typed::objectField(json, "properties");
  for (const auto& [name, property] : properties.items()) {
    if (typed::stringField(property, "type") == "title") {
      return detail::plainText(property["title"]);
    }
  }
  return {};
}

inline Object objectFromJson(const nlohmann::json& json) {
  Object object;
  object.object = typed::stringField(json, "object");
  object.id = typed::stringField(json, "id");
  object.url = typed::stringField(json, "url");
  object.title = titleOf(json);
  object.createdTime = typed::stringField(json, "created_time");
  object.lastEditedTime = typed::stringField(json, "last_edited_time");
  object.archived = typed::boolField(json, "archived");
  object.parent = parentFromJson(typed::objectField(json, "parent"));
  object.properties = typed::objectField(json, "properties");
  object.raw = json;
  return object;
}

// --- The client ---------------------------------------------------------------

class Notion {
 public:
  // `client` comes from registry.service("notion", client[, options]).
  explicit Notion(ServiceClient client) : client_(std::move(client)) {}

  // Pages through search results; request.startCursor resumes a saved walk.
  ItemPager<Object> search(SearchRequest request = {}) const {
    return ItemPager<Object>(client_.pages("search", toJson(request), request.startCursor),
                             &objectFromJson);
  }

  Page createPage(const CreatePageRequest& request) const {
    return objectFromJson(client_.invoke("create_page", toJson(request)));
  }

  [[nodiscard]] const ServiceClient& client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace b44::notion
