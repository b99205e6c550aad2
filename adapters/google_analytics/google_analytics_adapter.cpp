// The Google Analytics adapter (integration type "google_analytics"): the GA4
// Data API for reports, the Admin API for the accounts and properties a user
// can see.
//
// Checked against Google's official Analytics API references:
//   https://developers.google.com/analytics/devguides/reporting/data/v1/rest/v1beta/properties/runReport
//       POST https://analyticsdata.googleapis.com/v1beta/{property=properties/*}:runReport;
//       the property ID is in the path, not the body; body RunReportRequest
//       {dimensions [{name}], metrics [{name}], dateRanges [{startDate,
//       endDate}] (YYYY-MM-DD, NdaysAgo, yesterday or today), dimensionFilter,
//       metricFilter, offset, limit (default 10,000, at most 250,000),
//       metricAggregations, orderBys, currencyCode, keepEmptyRows,
//       returnPropertyQuota}.
//   https://developers.google.com/analytics/devguides/reporting/data/v1/rest/v1beta/RunReportResponse
//       {dimensionHeaders, metricHeaders, rows [{dimensionValues [{value}],
//       metricValues [{value}]}], totals, maximums, minimums, rowCount (all
//       rows, independent of limit/offset), metadata, propertyQuota, kind}.
//   https://developers.google.com/analytics/devguides/reporting/data/v1/basics#pagination
//       *verify* settled: runReport pages by row offset, not pageToken: the
//       second request sets offset to the first one's limit; rowCount says
//       how many rows there are. The adapter adds "nextOffset" to a page's
//       result while offset + rows < rowCount.
//   https://developers.google.com/analytics/devguides/config/admin/v1/rest/v1beta/accountSummaries/list
//       GET https://analyticsadmin.googleapis.com/v1beta/accountSummaries;
//       pageSize (default 50, at most 200), pageToken; answers
//       {accountSummaries [{name, account, displayName, propertySummaries
//       [{property, displayName, propertyType, parent}]}], nextPageToken}.
//   https://developers.google.com/analytics/devguides/reporting/data/v1/quotas
//       quota errors are 429 RESOURCE_EXHAUSTED.
// The property ID is an action argument (digits, or "properties/<digits>"),
// not connection config: one connection may read many properties.
#include "google_family.hpp"

#include <b44/plugin/export.hpp>
#include <b44/plugin/url.hpp>

#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>

namespace {

namespace family = b44::google_family;
using b44::plugin::ActionSpec;
using b44::plugin::Args;
using b44::plugin::ServiceRequest;
using b44::plugin::ServiceResponse;
using Type = b44::plugin::Parameter::Type;
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

json dateRanges(const Args& args) {
  if (args.has("date_ranges")) return args.value("date_ranges");
  const auto start = args.optionalString("start_date");
  const auto end = args.optionalString("end_date");
  if (!start || !end) {
    family::rejectArgument(
        args, "start_date",
        "and 'end_date' (or 'date_ranges') are required, e.g. 2024-04-01 or 7daysAgo");
  }
  return json::array({{{"startDate", *start}, {"endDate", *end}}});
}

ServiceRequest buildRunReport(const Args& args) {
  json body = json::object();
  if (args.has("dimensions")) body["dimensions"] = namedList(args, "dimensions");
  body["metrics"] = namedList(args, "metrics");
  if (body["metrics"].empty()) family::rejectArgument(args, "metrics", "needs at least one metric");
  body["dateRanges"] = dateRanges(args);
  args.toBody(body, "dimension_filter", "dimensionFilter");
  args.toBody(body, "metric_filter", "metricFilter");
  args.toBody(body, "order_bys", "orderBys");
  args.toBody(body, "metric_aggregations", "metricAggregations");
  args.toBody(body, "currency_code", "currencyCode");
  args.toBody(body, "keep_empty_rows", "keepEmptyRows");
  args.toBody(body, "return_property_quota", "returnPropertyQuota");
  args.toBody(body, "limit");
  if (auto offset = family::optionalOffset(args, "offset")) body["offset"] = *offset;
  ServiceRequest request;
  request.method = "POST";
  request.path =
      "/properties/" + b44::plugin::pathSegment(propertyId(args), "property_id") + ":runReport";
  request.setJsonBody(body);
  return request;
}

json parseRunReport(const Args& args, json body, const ServiceResponse& /*response*/) {
  const std::int64_t offset = family::optionalOffset(args, "offset").value_or(0);
  if (!body.is_object()) return body;
  const auto rows = body.contains("rows") && body["rows"].is_array()
                        ? static_cast<std::int64_t>(body["rows"].size())
                        : 0;
  const auto count = body.find("rowCount");
  const std::int64_t total =
      count != body.end() && count->is_number_integer() ? count->get<std::int64_t>() : 0;
  if (rows > 0 && offset + rows < total) family::setNextOffset(body, offset + rows);
  return body;
}

ServiceRequest buildListAccountSummaries(const Args& args) {
  ServiceRequest request;
  request.host = "admin";
  request.path = "/accountSummaries";
  family::pageQuery(args, request);
  return request;
}

class AnalyticsAdapter final : public family::GoogleAdapter {
 public:
  AnalyticsAdapter()
      : GoogleAdapter(family::googleSpec(
            "google_analytics", "Google Analytics",
            "Google Analytics 4: run reports on a property (Data API v1beta), list the accounts "
            "and properties the user can see (Admin API v1beta).",
            "https://developers.google.com/analytics/devguides/reporting/data/v1",
            // Data API: reports page by row offset, "offset" in the JSON body
            // (runReport's limit/offset, rows in "rows"):
            // https://developers.google.com/analytics/devguides/reporting/data/v1/basics#pagination
            // Admin API: pageToken / nextPageToken; items are in
            // "accountSummaries" for accountSummaries.list (accounts, properties,
            // dataStreams, ... answer under their own names):
            // https://developers.google.com/analytics/devguides/config/admin/v1/rest/v1beta/accountSummaries/list
            {family::apiHost(
                 "default", "https://analyticsdata.googleapis.com/v1beta",
                 b44::plugin::Pagination{.style = b44::plugin::Pagination::Style::Offset,
                                         .cursorArgument = "offset",
                                         .itemsPointer = "/rows",
                                         .cursorInBody = true}),
             family::apiHost("admin", "https://analyticsadmin.googleapis.com/v1beta",
                             family::rawPageTokenPagination("/accountSummaries"))},
            family::QuotaSignals::Status429)) {
    addAction(
        ActionSpec{
            .name = "run_report",
            .description = "Runs a report on a GA4 property (properties.runReport), page by "
                           "page: rows of dimension and metric values. Read-only, so retried "
                           "safely.",
            .method = "POST",
            .retrySafe = true,
            .parameters =
                {
                    {"property_id", Type::String, true,
                     "GA4 property ID, e.g. 123456789 (or properties/123456789); see "
                     "list_account_summaries."},
                    {"metrics", Type::Array, true,
                     "Metric names, e.g. [\"activeUsers\", \"sessions\"], or Metric objects."},
                    {"dimensions", Type::Array, false,
                     "Dimension names, e.g. [\"country\", \"date\"], or Dimension objects."},
                    {"start_date", Type::String, false,
                     "First day: YYYY-MM-DD, NdaysAgo, yesterday or today (with end_date)."},
                    {"end_date", Type::String, false, "Last day, in the same forms."},
                    {"date_ranges", Type::Array, false,
                     "Instead of start/end: DateRange objects {startDate, endDate, name}."},
                    {"dimension_filter", Type::Object, false, "A FilterExpression on dimensions."},
                    {"metric_filter", Type::Object, false, "A FilterExpression on metrics."},
                    {"order_bys", Type::Array, false, "OrderBy objects."},
                    {"metric_aggregations", Type::Array, false,
                     "TOTAL, MAXIMUM and/or MINIMUM, for totals/maximums/minimums."},
                    {"currency_code", Type::String, false, "ISO 4217 code, e.g. EUR."},
                    {"keep_empty_rows", Type::Boolean, false,
                     "Also return rows whose metrics are all 0."},
                    {"return_property_quota", Type::Boolean, false,
                     "Include the property's quota state in the answer."},
                    {"limit", Type::Integer, false,
                     "Rows per page (Google's default 10,000, at most 250,000)."},
                    family::offsetParameter("offset",
                                            "Row to start at (0-based); a page's nextOffset."),
                },
            .example = {{"property_id", "123456789"},
                        {"metrics", {"activeUsers"}},
                        {"dimensions", {"country"}},
                        {"start_date", "7daysAgo"},
                        {"end_date", "today"},
                        {"limit", 2}},
            .pagination = family::offsetPagination("offset", "/rows"),
        },
        buildRunReport, parseRunReport);
    addAction(
        ActionSpec{
            .name = "list_account_summaries",
            .description = "Lists the Analytics accounts the user can access, each with its "
                           "properties (accountSummaries.list, Admin API), page by page.",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    family::pageSizeParameter("page_size", "Google's default 50, at most 200"),
                    family::pageTokenParameter(),
                },
            .example = {{"page_size", 2}},
            .pagination = family::pageTokenPagination("/accountSummaries"),
        },
        buildListAccountSummaries);
  }
};

std::unique_ptr<b44::plugin::Adapter> makeAnalyticsAdapter(std::string_view /*type*/) {
  return std::make_unique<AnalyticsAdapter>();
}

}  // namespace

B44_PLUGIN("1.0.0", "google_analytics", makeAnalyticsAdapter)
