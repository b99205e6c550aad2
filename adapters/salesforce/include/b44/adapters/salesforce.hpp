#pragma once
// Typed helpers for the "salesforce" adapter. Header-only: each helper builds
// the action's JSON arguments, calls ServiceClient::invoke (or pages) and
// converts the JSON result; the host never links the adapter.
//
//   b44::salesforce::Salesforce sf(registry.service("salesforce", client));
//   for (auto& account : sf.query({.soql = "SELECT Id, Name FROM Account"}).all()) ...
//   auto created = sf.createRecord("Account", {{"Name", "Acme"}});
//
// The instance URL comes from the connection's config ("instance_url"); the
// adapter checks it, so nothing here deals with URLs.
#include <b44/errors.hpp>
#include <b44/service_client.hpp>
#include <b44/typed.hpp>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace b44::salesforce {

// --- Requests -----------------------------------------------------------------

struct QueryRequest {
  std::string soql;                           // SELECT Id, Name FROM Account ...
  std::optional<bool> includeDeleted;         // queryAll
  std::optional<int> batchSize;               // 200..2000
  std::optional<std::string> nextRecordsUrl;  // resume a saved walk
};

// --- Results ------------------------------------------------------------------

// One record of a query: its type and URL from "attributes", its Id, and every
// selected field as Salesforce returned it (relationship fields are objects).
struct Record {
  std::string type;  // attributes.type, e.g. "Account"
  std::string url;   // attributes.url
  std::string id;    // the Id field, when selected
  nlohmann::json fields;
  nlohmann::json raw;
};

struct CreatedRecord {
  std::string id;
  bool success = false;
  std::vector<std::string> errors;  // messages, when Salesforce lists any
  nlohmann::json raw;
};

// --- JSON conversion ----------------------------------------------------------

inline nlohmann::json toJson(const QueryRequest& request) {
  nlohmann::json args = {{"q", request.soql}};
  typed::setIf(args, "include_deleted", request.includeDeleted);
  typed::setIf(args, "batch_size", request.batchSize);
  return args;
}

inline Record recordFromJson(const nlohmann::json& json) {
  Record record;
  const auto& attributes = typed::objectField(json, "attributes");
  record.type = typed::stringField(attributes, "type");
  record.url = typed::stringField(attributes, "url");
  record.id = typed::stringField(json, "Id");
  record.fields = nlohmann::json::object();
  if (json.is_object()) {
    for (const auto& [name, value] : json.items()) {
      if (name != "attributes") record.fields[name] = value;
    }
  }
  record.raw = json;
  return record;
}

inline CreatedRecord createdRecordFromJson(const nlohmann::json& json) {
  CreatedRecord created;
  created.id = typed::stringField(json, "id");
  created.success = typed::boolField(json, "success");
  for (const auto& error : typed::arrayField(json, "errors")) {
    created.errors.push_back(error.is_string() ? error.get<std::string>()
                                               : typed::stringField(error, "message"));
  }
  created.raw = json;
  return created;
}

// --- The client ---------------------------------------------------------------

class Salesforce {
 public:
  // `client` comes from registry.service("salesforce", client[, options]).
  explicit Salesforce(ServiceClient client) : client_(std::move(client)) {}

  // Pages through a SOQL query's records; request.nextRecordsUrl resumes a
  // saved walk (ItemPager::cursor() of an earlier one).
  ItemPager<Record> query(const QueryRequest& request) const {
    return ItemPager<Record>(client_.pages("query", toJson(request), request.nextRecordsUrl),
                             &recordFromJson);
  }

  // Creates a record of `sobject` (Account, Contact, Invoice__c, ...).
  CreatedRecord createRecord(const std::string& sobject, const nlohmann::json& fields) const {
    return createdRecordFromJson(
        client_.invoke("create_record", {{"sobject", sobject}, {"fields", fields}}));
  }

  [[nodiscard]] const ServiceClient& client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace b44::salesforce
