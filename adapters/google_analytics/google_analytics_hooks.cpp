// What the Google Analytics declaration (google_analytics.json) cannot say as
// data: the report methods' property path (digits or properties/<digits>),
// their {name} lists, and run_report's date range.
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

// The property's digits as one segment after "/properties" (the declared
// path is "/properties:<verb>").
void insertProperty(const Args& args, ServiceRequest& request) {
  request.path.insert(std::string_view("/properties").size(),
                      "/" + b44::plugin::pathSegment(propertyId(args), "property_id"));
}

// The {name} lists; metrics, when the action requires them, not empty.
void putNamedLists(const Args& args, json& body, bool metricsRequired) {
  if (args.has("dimensions")) body["dimensions"] = namedList(args, "dimensions");
  if (args.has("metrics")) body["metrics"] = namedList(args, "metrics");
  if (metricsRequired && (!body.contains("metrics") || body["metrics"].empty())) {
    family::rejectArgument(args, "metrics", "needs at least one metric");
  }
}

// run_realtime_report, check_compatibility: no dates; metrics, when given (the
// declaration says where they are required), not empty.
void buildPropertyReport(const Args& args, ServiceRequest& request) {
  json body = family::jsonBody(request);
  putNamedLists(args, body, /*metricsRequired=*/args.has("metrics"));
  insertProperty(args, request);
  request.setJsonBody(body);
}

void buildRunReport(const Args& args, ServiceRequest& request) {
  json body = family::jsonBody(request);
  putNamedLists(args, body, /*metricsRequired=*/true);
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
  insertProperty(args, request);
  request.setJsonBody(body);
}

}  // namespace

B44_ADAPTER_HOOKS(hooks) {
  hooks.build("run_report", buildRunReport);
  hooks.build("property_report", buildPropertyReport);
}
