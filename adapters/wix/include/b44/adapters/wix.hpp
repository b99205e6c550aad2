#pragma once
// Typed helpers for the "wix" adapter. Header-only: each helper builds the
// action's JSON arguments, calls ServiceClient::pages and converts the JSON
// items; the host never links the adapter.
//
//   b44::wix::Wix wix(registry.service("wix", client));
//   for (auto& item : wix.queryDataItems({.collectionId = "Products"}).all()) ...
//   for (auto& contact : wix.listContacts().all()) ...
#include <b44/service_client.hpp>
#include <b44/typed.hpp>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace b44::wix {

// --- Requests -----------------------------------------------------------------

struct QueryDataItemsRequest {
  std::string collectionId;
  nlohmann::json filter;  // Wix API Query Language object, or null
  nlohmann::json sort;    // [{fieldName, order}], or null
  std::vector<std::string> fields;
  std::optional<int> limit;  // per page, at most 1000
  std::optional<bool> returnTotalCount;
  std::optional<bool> consistentRead;
  std::optional<std::string> siteId;  // only for tokens not bound to one site
  std::optional<std::string> cursor;  // resume a saved walk
};

struct ListContactsRequest {
  std::optional<int> limit;              // per page, at most 1000
  std::optional<std::string> sortField;  // createdDate, info.name.last, ...
  std::optional<std::string> sortOrder;  // ASC, DESC
  std::vector<std::string> fieldsets;    // BASIC, COMMUNICATION, EXTENDED, FULL
  std::optional<std::string> siteId;     // only for tokens not bound to one site
  std::optional<std::string> offset;     // resume a saved walk ("100")
};

// --- Results ------------------------------------------------------------------

struct DataItem {
  std::string id;
  std::string dataCollectionId;
  nlohmann::json data;  // the item's fields, including _id, _createdDate, ...
  nlohmann::json raw;
};

struct Contact {
  std::string id;
  std::int64_t revision = 0;
  std::string firstName;  // info.name.first
  std::string lastName;   // info.name.last
  std::string email;      // primaryInfo.email
  std::string phone;      // primaryInfo.phone
  std::string company;    // info.company
  std::string createdDate;
  std::string updatedDate;
  std::vector<std::string> labelKeys;  // info.labelKeys.items
  nlohmann::json raw;
};

// --- JSON conversion ----------------------------------------------------------

inline nlohmann::json toJson(const QueryDataItemsRequest& request) {
  nlohmann::json args = {{"collection_id", request.collectionId}};
  if (!request.filter.is_null()) args["filter"] = request.filter;
  if (!request.sort.is_null()) args["sort"] = request.sort;
  typed::setIfNotEmpty(args, "fields", request.fields);
  typed::setIf(args, "limit", request.limit);
  typed::setIf(args, "return_total_count", request.returnTotalCount);
  typed::setIf(args, "consistent_read", request.consistentRead);
  typed::setIf(args, "site_id", request.siteId);
  return args;
}

inline nlohmann::json toJson(const ListContactsRequest& request) {
  nlohmann::json args = nlohmann::json::object();
  typed::setIf(args, "limit", request.limit);
  typed::setIf(args, "sort_field", request.sortField);
  typed::setIf(args, "sort_order", request.sortOrder);
  typed::setIfNotEmpty(args, "fieldsets", request.fieldsets);
  typed::setIf(args, "site_id", request.siteId);
  return args;
}

inline DataItem dataItemFromJson(const nlohmann::json& json) {
  DataItem item;
  item.id = typed::stringField(json, "id");
  item.dataCollectionId = typed::stringField(json, "dataCollectionId");
  item.data = typed::objectField(json, "data");
  item.raw = json;
  return item;
}

inline Contact contactFromJson(const nlohmann::json& json) {
  Contact contact;
  contact.id = typed::stringField(json, "id");
  contact.revision = typed::intField(json, "revision");
  const auto& info = typed::objectField(json, "info");
  const auto& name = typed::objectField(info, "name");
  contact.firstName = typed::stringField(name, "first");
  contact.lastName = typed::stringField(name, "last");
  contact.company = typed::stringField(info, "company");
  const auto& primary = typed::objectField(json, "primaryInfo");
  contact.email = typed::stringField(primary, "email");
  contact.phone = typed::stringField(primary, "phone");
  contact.createdDate = typed::stringField(json, "createdDate");
  contact.updatedDate = typed::stringField(json, "updatedDate");
  contact.labelKeys = typed::stringsField(typed::objectField(info, "labelKeys"), "items");
  contact.raw = json;
  return contact;
}

// --- The client ---------------------------------------------------------------

class Wix {
 public:
  // `client` comes from registry.service("wix", client[, options]).
  explicit Wix(ServiceClient client) : client_(std::move(client)) {}

  // Pages through a collection's items; request.cursor resumes a saved walk.
  ItemPager<DataItem> queryDataItems(const QueryDataItemsRequest& request) const {
    return ItemPager<DataItem>(client_.pages("query_data_items", toJson(request), request.cursor),
                               &dataItemFromJson);
  }

  // Pages through the site's contacts; request.offset resumes a saved walk.
  ItemPager<Contact> listContacts(const ListContactsRequest& request = {}) const {
    return ItemPager<Contact>(client_.pages("list_contacts", toJson(request), request.offset),
                              &contactFromJson);
  }

  [[nodiscard]] const ServiceClient& client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace b44::wix
