// What the Google Analytics declaration (google_analytics.json) cannot say as
// data: run_report's property path, its {name} lists and date range.
#include "google_family.hpp"

#include <b44/plugin/declared_adapter.hpp>
#include <b44/plugin/url.hpp>

#include <regex>
#include <string>
#include <string_view>

namespace {

namespace family = b44::google_family;
using b44::plugin::Args;
using b44::plugin::ServiceRequest;
using nlohmann::json;

std::string propertyId(const Args& args) {
  std::string id = args.string("property_id");
  if (id.starts_with("properties/")) id.erase(0, std::string_view("properties/").size());
  static const std::regex digits("^[0-9]{1,20}$");
  if (!std::regex_match(id, digits)) {
    family::rejectArgument(args, "property_id", "must be a GA4 property ID such as 123456789");
  }
  return id;
}

// ["country", {"name": "city"}] -> [{"name": "country"}, {"name": "city"}].
json namedList(const Args& args, std::string_view field) {
  json list = json::array();
  for (const auto& item : args.value(field)) {
    if (item.is_string()) {
      list.push_back({{"name", item}});
    } else if (item.is_object() && item.contains("name")) {
      list.push_back(item);
    } else {
      family::rejectArgument(args, field, "must hold names (strings) or objects with 'name'");
    }
  }
  return list;
}

void buildRunReport(const Args& args, ServiceRequest& request) {
  json body = family::jsonBody(request);
  if (args.has("dimensions")) body["dimensions"] = namedList(args, "dimensions");
  body["metrics"] = namedList(args, "metrics");
  if (body["metrics"].empty()) family::rejectArgument(args, "metrics", "needs at least one metric");
  // date_ranges, when given, is in the body already.
  if (!args.has("date_ranges")) {
    const auto start = args.optionalString("start_date");
    const auto end = args.optionalString("end_date");
    if (!start || !end) {
      family::rejectArgument(
          args, "start_date",
          "and 'end_date' (or 'date_ranges') are required, e.g. 2024-04-01 or 7daysAgo");
    }
    body["dateRanges"] = json::array({{{"startDate", *start}, {"endDate", *end}}});
  }
  request.path.insert(std::string_view("/properties").size(),
                      "/" + b44::plugin::pathSegment(propertyId(args), "property_id"));
  request.setJsonBody(body);
}

}  // namespace

B44_ADAPTER_HOOKS(hooks) { hooks.build("run_report", buildRunReport); }
