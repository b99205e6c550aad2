// The Airtable adapter (integration type "airtable": an OAuth access token on
// the Web API).
//
// Checked against Airtable's official Web API reference:
//   https://airtable.com/developers/web/api/introduction
//       base URL https://api.airtable.com/v0; "Authorization: Bearer <token>"
//       (OAuth access tokens and personal access tokens alike); JSON bodies.
//   https://airtable.com/developers/web/api/list-records
//       GET /v0/{baseId}/{tableIdOrName}; the table name or ID is one path
//       segment (URL-encoded); query timeZone, userLocale, pageSize (at most
//       100), maxRecords, offset, view, sort (sort[0][field],
//       sort[0][direction]), filterByFormula, cellFormat (json, string; string
//       needs timeZone and userLocale), fields (fields[]=...),
//       returnFieldsByFieldId; answers {records: [{id, createdTime, fields}],
//       offset?}; a present offset means there are more records, passed back
//       as the offset query parameter.
//   https://airtable.com/developers/web/api/create-records
//       POST /v0/{baseId}/{tableIdOrName}; {records: [{fields}], typecast?,
//       returnFieldsByFieldId?}, at most 10 records per request; answers
//       {records: [...]}.
//   https://airtable.com/developers/web/api/list-bases
//       GET /v0/meta/bases; query offset; answers {bases: [{id, name,
//       permissionLevel}], offset?}.
//   https://airtable.com/developers/web/api/rate-limits
//       5 requests per second per base; over it, 429 and a wait of 30 seconds.
//   https://airtable.com/developers/web/api/errors
//       errors are {error: {type, message}} (or {error: "NOT_FOUND"}) with a
//       4xx/5xx status; the type is the code.
#include <b44/errors.hpp>
#include <b44/plugin/basic_adapter.hpp>
#include <b44/plugin/export.hpp>
#include <b44/plugin/url.hpp>
#include <b44/typed.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace {

using b44::plugin::ActionSpec;
using b44::plugin::AdapterSpec;
using b44::plugin::Args;
using b44::plugin::ServiceRequest;
using Type = b44::plugin::Parameter::Type;
using nlohmann::json;

constexpr std::size_t kMaxRecordsPerCreate = 10;

std::string tablePath(const Args& args) {
  return "/" + b44::plugin::pathSegment(args.string("base_id"), "base_id") + "/" +
         b44::plugin::pathSegment(args.string("table"), "table");
}

[[noreturn]] void invalid(const Args& args, const std::string& name, const std::string& what) {
  throw b44::InvalidArgumentError("args." + name,
                                  args.operation() + ": argument '" + name + "' " + what);
}

// fields[]=A&fields[]=B, as Airtable reads repeated array parameters.
void addFields(const Args& args, ServiceRequest& request) {
  for (const auto& field : args.value("fields")) {
    if (!field.is_string()) invalid(args, "fields", "must be an array of field names or IDs");
    request.query.emplace_back("fields[]", field.get<std::string>());
  }
}

// sort[0][field]=Name&sort[0][direction]=desc ...
void addSort(const Args& args, ServiceRequest& request) {
  std::size_t index = 0;
  for (const auto& entry : args.value("sort")) {
    const std::string prefix = "sort[" + std::to_string(index++) + "]";
    const auto field = entry.is_object() ? entry.value("field", json()) : json();
    const auto direction = entry.is_object() ? entry.value("direction", json("asc")) : json();
    if (!field.is_string() || (direction != "asc" && direction != "desc")) {
      invalid(args, "sort",
              "must be an array of {\"field\": name, \"direction\": \"asc\"|\"desc\"}");
    }
    request.query.emplace_back(prefix + "[field]", field.get<std::string>());
    request.query.emplace_back(prefix + "[direction]", direction.get<std::string>());
  }
}

ServiceRequest buildListRecords(const Args& args) {
  ServiceRequest request;
  request.path = tablePath(args);
  args.toQuery(request, "time_zone", "timeZone");
  args.toQuery(request, "user_locale", "userLocale");
  args.toQuery(request, "page_size", "pageSize");
  args.toQuery(request, "max_records", "maxRecords");
  args.toQuery(request, "view");
  addSort(args, request);
  args.toQuery(request, "filter_by_formula", "filterByFormula");
  if (auto format = args.optionalChoice("cell_format", {"json", "string"})) {
    if (*format == "string" && (!args.has("time_zone") || !args.has("user_locale"))) {
      invalid(args, "cell_format", "\"string\" needs 'time_zone' and 'user_locale' as well");
    }
    request.query.emplace_back("cellFormat", *format);
  }
  addFields(args, request);
  args.toQuery(request, "return_fields_by_field_id", "returnFieldsByFieldId");
  args.toQuery(request, "offset");
  return request;
}

// Exactly one of `records` (Airtable's [{fields}] shape) or `fields` (one
// record's field values).
json recordsToCreate(const Args& args) {
  if (args.has("records") == args.has("fields")) {
    invalid(args, "records", "or 'fields' must be given, not both");
  }
  if (args.has("fields")) return json::array({{{"fields", args.value("fields")}}});
  const json& records = args.value("records");
  if (records.empty() || records.size() > kMaxRecordsPerCreate) {
    invalid(args, "records", "must hold 1 to 10 records (Airtable's limit per request)");
  }
  for (const auto& record : records) {
    if (!record.is_object() || !record.contains("fields") || !record["fields"].is_object()) {
      invalid(args, "records", "must be an array of {\"fields\": {...}} objects");
    }
  }
  return records;
}

ServiceRequest buildCreateRecords(const Args& args) {
  json body = {{"records", recordsToCreate(args)}};
  args.toBody(body, "typecast");
  args.toBody(body, "return_fields_by_field_id", "returnFieldsByFieldId");
  ServiceRequest request;
  request.method = "POST";
  request.path = tablePath(args);
  request.setJsonBody(body);
  return request;
}

ServiceRequest buildListBases(const Args& args) {
  ServiceRequest request;
  request.path = "/meta/bases";
  args.toQuery(request, "offset");
  return request;
}

AdapterSpec airtableSpec() {
  AdapterSpec spec;
  spec.type = "airtable";
  spec.displayName = "Airtable";
  spec.description =
      "Airtable Web API: list and create records, list the bases the token can "
      "reach.";
  spec.documentationUrl = "https://airtable.com/developers/web/api/introduction";
  // Raw requests page as list records does: the answer's "offset" goes back as
  // the offset query parameter; no offset ends the list. Items are in
  // "records" (list bases answers "bases", list tables "tables": callers of
  // those pass their own RawPagination):
  // https://airtable.com/developers/web/api/list-records
  spec.hosts = {
      b44::plugin::ApiHost{.name = "default",
                           .baseUrlTemplate = "https://api.airtable.com/v0",
                           .allowedHosts = {"api.airtable.com"},
                           .pagination = b44::plugin::bodyCursor("/offset", "offset", "/records")}};
  spec.token = {.header = "Authorization", .scheme = "Bearer"};
  return spec;  // rate limits: 429 (then wait 30 s); no limit headers
}

class AirtableAdapter final : public b44::plugin::BasicAdapter {
 public:
  AirtableAdapter() : BasicAdapter(airtableSpec()) {
    addAction(
        ActionSpec{
            .name = "list_records",
            .description = "Lists a table's records (GET /v0/{base}/{table}), page by page.",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    {"base_id", Type::String, true, "The base's ID, e.g. appABC123def456."},
                    {"table", Type::String, true,
                     "The table's ID (tbl...) or name (IDs survive renames)."},
                    {"view", Type::String, false,
                     "Only the records of this view (name or ID), in its order."},
                    {"fields", Type::Array, false,
                     "Only these fields (names or IDs); default all."},
                    {"filter_by_formula", Type::String, false,
                     "A formula; only records for which it is truthy, e.g. "
                     "\"{Status} = 'Done'\"."},
                    {"sort", Type::Array, false,
                     "Sort order: [{\"field\": name, \"direction\": \"asc\"|\"desc\"}]."},
                    {"max_records", Type::Integer, false, "At most this many records in all."},
                    {"page_size", Type::Integer, false,
                     "Records per page (Airtable's default and maximum 100)."},
                    {"cell_format", Type::String, false,
                     "\"json\" (default) or \"string\" (needs time_zone and user_locale)."},
                    {"time_zone", Type::String, false, "IANA zone for string cell values."},
                    {"user_locale", Type::String, false,
                     "Locale for string cell values, e.g. "
                     "en-gb."},
                    {"return_fields_by_field_id", Type::Boolean, false,
                     "Key the fields by field ID instead of name."},
                    {"offset", Type::String, false,
                     "Where to continue: the offset of the previous page."},
                },
            .example = {{"base_id", "appABC123def456"},
                        {"table", "Tasks"},
                        {"view", "Grid view"},
                        {"page_size", 2}},
            .pagination = b44::plugin::bodyCursor("/offset", "offset", "/records"),
        },
        buildListRecords);
    addAction(
        ActionSpec{
            .name = "create_records",
            .description = "Creates up to 10 records in a table (POST /v0/{base}/{table}). Give "
                           "'records' ([{\"fields\": {...}}]) or, for one record, 'fields'. Not "
                           "retried once it may have arrived.",
            .method = "POST",
            .retrySafe = false,
            .parameters =
                {
                    {"base_id", Type::String, true, "The base's ID, e.g. appABC123def456."},
                    {"table", Type::String, true, "The table's ID (tbl...) or name."},
                    {"records", Type::Array, false,
                     "1 to 10 records, each {\"fields\": {\"Name\": value, ...}}."},
                    {"fields", Type::Object, false,
                     "The field values of a single record (instead of 'records')."},
                    {"typecast", Type::Boolean, false,
                     "Let Airtable convert string values (e.g. create select options)."},
                    {"return_fields_by_field_id", Type::Boolean, false,
                     "Key the answer's fields by field ID instead of name."},
                },
            .example = {{"base_id", "appABC123def456"},
                        {"table", "Tasks"},
                        {"records",
                         {{{"fields", {{"Name", "Write the launch post"}, {"Status", "Todo"}}}}}}},
            .pagination = std::nullopt,
        },
        buildCreateRecords);
    addAction(
        ActionSpec{
            .name = "list_bases",
            .description = "Lists the bases the token can access (GET /v0/meta/bases), page by "
                           "page.",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    {"offset", Type::String, false,
                     "Where to continue: the offset of the previous page."},
                },
            .example = json::object(),
            .pagination = b44::plugin::bodyCursor("/offset", "offset", "/bases"),
        },
        buildListBases);
  }

 protected:
  // Airtable's error code is error.type (or error itself when it is a string).
  void checkResponse(std::string_view action, const b44::plugin::ServiceResponse& response,
                     const json& body) const override {
    if (response.status >= 200 && response.status < 300) return;
    const json error = body.is_object() ? body.value("error", json()) : json();
    if (error.is_object() || error.is_string()) {
      const std::string code =
          error.is_string() ? error.get<std::string>() : b44::typed::stringField(error, "type");
      const std::string message = b44::typed::stringField(error, "message");
      throw b44::ServiceError(spec().type, std::string(action), response.status, code,
                              message.empty() ? code : message, body);
    }
    BasicAdapter::checkResponse(action, response, body);
  }
};

std::unique_ptr<b44::plugin::Adapter> makeAirtableAdapter(std::string_view /*type*/) {
  return std::make_unique<AirtableAdapter>();
}

}  // namespace

B44_PLUGIN("1.0.0", "airtable", makeAirtableAdapter)
