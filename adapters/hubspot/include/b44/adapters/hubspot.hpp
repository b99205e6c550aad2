#pragma once
// Typed helpers for the "hubspot" adapter. Header-only: each helper builds the
// action's JSON arguments, calls ServiceClient::invoke (or pages) and converts
// the JSON result; the host never links the adapter.
//
//   b44::hubspot::HubSpot hubspot(registry.service("hubspot", client));
//   auto contact = hubspot.createContact({.properties = {{"email", "ada@example.com"}}});
//   for (auto& c : hubspot.searchContacts({.query = "ada"}).all()) ...
//   auto again = hubspot.getContact({.contactId = contact.id});
//
// HubSpot property values are strings (or null); contacts keep them all in
// `properties`, the usual ones also as fields.
#include <b44/errors.hpp>
#include <b44/service_client.hpp>
#include <b44/typed.hpp>

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace b44::hubspot {

// --- Requests -----------------------------------------------------------------

struct CreateContactRequest {
  std::map<std::string, std::string> properties;  // e.g. {"email", "ada@example.com"}
  nlohmann::json associations;                    // array or null
};

struct Filter {
  std::string propertyName;
  std::string op = "EQ";  // EQ, NEQ, LT, GT, CONTAINS_TOKEN, HAS_PROPERTY, ...
  std::optional<std::string> value;
};

struct SearchContactsRequest {
  std::optional<std::string> query;
  std::vector<std::vector<Filter>> filterGroups;  // groups ORed, filters ANDed
  nlohmann::json sorts;                           // array or null
  std::vector<std::string> properties;
  std::optional<int> limit;          // at most 200
  std::optional<std::string> after;  // resume a saved walk
};

struct GetContactRequest {
  std::string contactId;
  std::vector<std::string> properties;
  std::optional<std::string> idProperty;  // e.g. "email"
  std::optional<bool> archived;
};

struct ListContactsRequest {
  std::optional<int> limit;  // at most 100
  std::vector<std::string> properties;
  std::optional<bool> archived;
  std::optional<std::string> after;  // resume a saved walk
};

// --- Results ------------------------------------------------------------------

struct Contact {
  std::string id;
  std::string email;
  std::string firstName;
  std::string lastName;
  std::string createdAt;
  std::string updatedAt;
  bool archived = false;
  nlohmann::json properties;  // every returned property (string values or null)
  nlohmann::json raw;
};

// --- JSON conversion ----------------------------------------------------------

inline nlohmann::json toJson(const CreateContactRequest& request) {
  nlohmann::json args = {{"properties", request.properties}};
  if (!request.associations.is_null()) args["associations"] = request.associations;
  return args;
}

inline nlohmann::json toJson(const SearchContactsRequest& request) {
  nlohmann::json args = nlohmann::json::object();
  typed::setIf(args, "query", request.query);
  if (!request.filterGroups.empty()) {
    auto& groups = args["filter_groups"] = nlohmann::json::array();
    for (const auto& group : request.filterGroups) {
      nlohmann::json filters = nlohmann::json::array();
      for (const auto& filter : group) {
        nlohmann::json f = {{"propertyName", filter.propertyName}, {"operator", filter.op}};
        typed::setIf(f, "value", filter.value);
        filters.push_back(std::move(f));
      }
      groups.push_back({{"filters", filters}});
    }
  }
  if (!request.sorts.is_null()) args["sorts"] = request.sorts;
  typed::setIfNotEmpty(args, "properties", request.properties);
  typed::setIf(args, "limit", request.limit);
  return args;
}

inline nlohmann::json toJson(const GetContactRequest& request) {
  nlohmann::json args = {{"contact_id", request.contactId}};
  typed::setIfNotEmpty(args, "properties", request.properties);  // sent comma-separated
  typed::setIf(args, "id_property", request.idProperty);
  typed::setIf(args, "archived", request.archived);
  return args;
}

inline nlohmann::json toJson(const ListContactsRequest& request) {
  nlohmann::json args = nlohmann::json::object();
  typed::setIf(args, "limit", request.limit);
  typed::setIfNotEmpty(args, "properties", request.properties);  // sent comma-separated
  typed::setIf(args, "archived", request.archived);
  return args;
}

inline Contact contactFromJson(const nlohmann::json& json) {
  Contact contact;
  contact.id = typed::stringField(json, "id");
  contact.properties = typed::objectField(json, "properties");
  contact.email = typed::stringField(contact.properties, "email");
  contact.firstName = typed::stringField(contact.properties, "firstname");
  contact.lastName = typed::stringField(contact.properties, "lastname");
  contact.createdAt = typed::stringField(json, "createdAt");
  contact.updatedAt = typed::stringField(json, "updatedAt");
  contact.archived = typed::boolField(json, "archived");
  contact.raw = json;
  return contact;
}

// --- The client ---------------------------------------------------------------

class HubSpot {
 public:
  // `client` comes from registry.service("hubspot", client[, options]).
  explicit HubSpot(ServiceClient client) : client_(std::move(client)) {}

  [[nodiscard]] Contact createContact(const CreateContactRequest& request) const {
    return contactFromJson(client_.invoke("create_contact", toJson(request)));
  }

  // Pages through search results; request.after resumes a saved walk.
  [[nodiscard]] ItemPager<Contact> searchContacts(SearchContactsRequest request = {}) const {
    return ItemPager<Contact>(client_.pages("search_contacts", toJson(request), request.after),
                              &contactFromJson);
  }

  [[nodiscard]] Contact getContact(const GetContactRequest& request) const {
    return contactFromJson(client_.invoke("get_contact", toJson(request)));
  }

  [[nodiscard]] ItemPager<Contact> listContacts(ListContactsRequest request = {}) const {
    return ItemPager<Contact>(client_.pages("list_contacts", toJson(request), request.after),
                              &contactFromJson);
  }

  [[nodiscard]] const ServiceClient& client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace b44::hubspot
