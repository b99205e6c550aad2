#pragma once
// Typed helpers for the "airtable" adapter. Header-only: each helper builds the
// action's JSON arguments, calls ServiceClient::invoke (or pages) and converts
// the JSON result; the host never links the adapter.
//
//   b44::airtable::Airtable airtable(registry.service("airtable", client));
//   for (auto& base : airtable.listBases().all()) ...
//   for (auto& record : airtable.listRecords({.baseId = "app...", .table = "Tasks"}).all())
//     record.fields["Name"] ...
//   auto created = airtable.createRecords({.baseId = "app...", .table = "Tasks",
//                                          .records = {{{"Name", "Ship it"}}}});
//
// Field values depend on each table's schema, so records keep them as JSON.
#include <b44/errors.hpp>
#include <b44/service_client.hpp>
#include <b44/typed.hpp>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace b44::airtable {

// --- Requests -----------------------------------------------------------------

struct Sort {
  std::string field;
  std::string direction = "asc";  // or "desc"
};

struct ListRecordsRequest {
  std::string baseId;               // app...
  std::string table;                // tbl... or the table's name
  std::optional<std::string> view;  // name or ID
  std::vector<std::string> fields;  // empty = all
  std::optional<std::string> filterByFormula;
  std::vector<Sort> sort;
  std::optional<int> maxRecords;
  std::optional<int> pageSize;            // at most 100
  std::optional<std::string> cellFormat;  // json, string
  std::optional<std::string> timeZone;
  std::optional<std::string> userLocale;
  std::optional<bool> returnFieldsByFieldId;
  std::optional<std::string> offset;  // resume a saved walk
};

struct CreateRecordsRequest {
  std::string baseId;
  std::string table;
  std::vector<nlohmann::json> records;  // each one record's field values (1 to 10)
  std::optional<bool> typecast;
  std::optional<bool> returnFieldsByFieldId;
};

struct ListBasesRequest {
  std::optional<std::string> offset;  // resume a saved walk
};

// --- Results ------------------------------------------------------------------

struct Record {
  std::string id;  // rec...
  std::string createdTime;
  nlohmann::json fields;  // by field name (or ID), as the table's schema has them
  nlohmann::json raw;
};

struct Base {
  std::string id;  // app...
  std::string name;
  std::string permissionLevel;  // none, read, comment, edit, create
  nlohmann::json raw;
};

// --- JSON conversion ----------------------------------------------------------

inline nlohmann::json toJson(const ListRecordsRequest& request) {
  nlohmann::json args = {{"base_id", request.baseId}, {"table", request.table}};
  typed::setIf(args, "view", request.view);
  typed::setIfNotEmpty(args, "fields", request.fields);
  typed::setIf(args, "filter_by_formula", request.filterByFormula);
  if (!request.sort.empty()) {
    auto& sort = args["sort"] = nlohmann::json::array();
    for (const auto& s : request.sort) {
      sort.push_back({{"field", s.field}, {"direction", s.direction}});
    }
  }
  typed::setIf(args, "max_records", request.maxRecords);
  typed::setIf(args, "page_size", request.pageSize);
  typed::setIf(args, "cell_format", request.cellFormat);
  typed::setIf(args, "time_zone", request.timeZone);
  typed::setIf(args, "user_locale", request.userLocale);
  typed::setIf(args, "return_fields_by_field_id", request.returnFieldsByFieldId);
  return args;
}

inline nlohmann::json toJson(const CreateRecordsRequest& request) {
  nlohmann::json records = nlohmann::json::array();
  for (const auto& fields : request.records) records.push_back({{"fields", fields}});
  nlohmann::json args = {
      {"base_id", request.baseId}, {"table", request.table}, {"records", records}};
  typed::setIf(args, "typecast", request.typecast);
  typed::setIf(args, "return_fields_by_field_id", request.returnFieldsByFieldId);
  return args;
}

inline Record recordFromJson(const nlohmann::json& json) {
  return Record{.id = typed::stringField(json, "id"),
                .createdTime = typed::stringField(json, "createdTime"),
                .fields = typed::objectField(json, "fields"),
                .raw = json};
}

inline Base baseFromJson(const nlohmann::json& json) {
  return Base{.id = typed::stringField(json, "id"),
              .name = typed::stringField(json, "name"),
              .permissionLevel = typed::stringField(json, "permissionLevel"),
              .raw = json};
}

// --- The client ---------------------------------------------------------------

class Airtable {
 public:
  // `client` comes from registry.service("airtable", client[, options]).
  explicit Airtable(ServiceClient client) : client_(std::move(client)) {}

  // Pages through a table's records; request.offset resumes a saved walk.
  [[nodiscard]] ItemPager<Record> listRecords(const ListRecordsRequest& request) const {
    return ItemPager<Record>(client_.pages("list_records", toJson(request), request.offset),
                             &recordFromJson);
  }

  // The created records, in the order given.
  [[nodiscard]] std::vector<Record> createRecords(const CreateRecordsRequest& request) const {
    const auto answer = client_.invoke("create_records", toJson(request));
    std::vector<Record> records;
    for (const auto& record : typed::arrayField(answer, "records")) {
      records.push_back(recordFromJson(record));
    }
    return records;
  }

  [[nodiscard]] ItemPager<Base> listBases(ListBasesRequest request = {}) const {
    return ItemPager<Base>(client_.pages("list_bases", nlohmann::json::object(), request.offset),
                           &baseFromJson);
  }

  [[nodiscard]] const ServiceClient& client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace b44::airtable
