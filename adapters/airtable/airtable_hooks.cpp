// What the Airtable declaration (airtable.json) cannot say as data.
#include <b44/errors.hpp>
#include <b44/plugin/declared_adapter.hpp>

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

namespace {

using b44::plugin::Args;
using b44::plugin::ServiceRequest;
using nlohmann::json;

constexpr std::size_t kMaxRecordsPerCreate = 10;

[[noreturn]] void invalid(const Args& args, const std::string& name, const std::string& what) {
  throw b44::InvalidArgumentError("args." + name,
                                  args.operation() + ": argument '" + name + "' " + what);
}

// Where a query pair goes: list_records has always sent them in this order.
std::size_t queryRank(std::string_view name) {
  static constexpr std::array<std::string_view, 11> kOrder = {
      "timeZone", "userLocale",      "pageSize",   "maxRecords", "view",
      "sort[",    "filterByFormula", "cellFormat", "fields[]",   "returnFieldsByFieldId",
      "offset"};
  for (std::size_t i = 0; i < kOrder.size(); ++i) {
    if (name.starts_with(kOrder[i])) return i;
  }
  return kOrder.size();
}

// sort[0][field]=Name&sort[0][direction]=desc ..., cellFormat=string only
// with its time zone and locale.
void listRecordsQuery(const Args& args, ServiceRequest& request) {
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
  if (args.value("cell_format") == "string" &&
      (!args.has("time_zone") || !args.has("user_locale"))) {
    invalid(args, "cell_format", "\"string\" needs 'time_zone' and 'user_locale' as well");
  }
  std::stable_sort(request.query.begin(), request.query.end(), [](const auto& a, const auto& b) {
    return queryRank(a.first) < queryRank(b.first);
  });
}

void checkRecords(const Args& args, ServiceRequest& /*request*/) {
  if (!args.has("records")) return;
  const json& records = args.value("records");
  if (records.empty() || records.size() > kMaxRecordsPerCreate) {
    invalid(args, "records", "must hold 1 to 10 records (Airtable's limit per request)");
  }
  for (const auto& record : records) {
    if (!record.is_object() || !record.contains("fields") || !record["fields"].is_object()) {
      invalid(args, "records", "must be an array of {\"fields\": {...}} objects");
    }
  }
}

}  // namespace

B44_ADAPTER_HOOKS(hooks) {
  hooks.build("list_records_query", listRecordsQuery);
  hooks.build("check_records", checkRecords);
}
