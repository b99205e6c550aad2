#pragma once
// Typed helpers for the "google_analytics" adapter. Header-only: each helper
// builds the action's JSON arguments, calls ServiceClient::invoke (or pages)
// and converts the JSON result; the host never links the adapter.
//
//   b44::google_analytics::Analytics analytics(registry.service("google_analytics", client));
//   b44::google_analytics::RunReportRequest report;
//   report.propertyId = "123456789";
//   report.metrics = {"activeUsers"};
//   report.dimensions = {"country"};
//   report.startDate = "7daysAgo";
//   report.endDate = "today";
//   for (auto& row : analytics.reportRows(report).all()) ...   // every page
//
// Every result keeps Google's JSON in `raw`.
#include <b44/service_client.hpp>
#include <b44/typed.hpp>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace b44::google_analytics {

// --- Requests -----------------------------------------------------------------

struct RunReportRequest {
  std::string propertyId;  // "123456789" or "properties/123456789"
  std::vector<std::string> metrics;
  std::vector<std::string> dimensions;
  std::optional<std::string> startDate;  // YYYY-MM-DD, NdaysAgo, yesterday, today
  std::optional<std::string> endDate;
  nlohmann::json dateRanges;       // instead of start/end: DateRange objects
  nlohmann::json dimensionFilter;  // FilterExpression; null = none
  nlohmann::json metricFilter;
  nlohmann::json orderBys;  // array of OrderBy
  std::vector<std::string> metricAggregations;
  std::optional<std::string> currencyCode;
  std::optional<bool> keepEmptyRows;
  std::optional<std::int64_t> limit;   // rows per page
  std::optional<std::int64_t> offset;  // resume from a saved nextOffset
};

struct ListAccountSummariesRequest {
  std::optional<int> pageSize;
  std::optional<std::string> pageToken;
};

// --- Results ------------------------------------------------------------------

struct ReportRow {
  std::vector<std::string> dimensionValues;
  std::vector<std::string> metricValues;  // as Google sends them: decimal text
  nlohmann::json raw;
};

struct Report {
  std::vector<std::string> dimensionHeaders;
  std::vector<std::string> metricHeaders;  // names
  std::vector<std::string> metricTypes;    // TYPE_INTEGER, TYPE_FLOAT, ...
  std::vector<ReportRow> rows;             // this page's rows
  std::int64_t rowCount = 0;               // all rows of the report
  std::optional<std::int64_t> nextOffset;  // where the next page starts
  nlohmann::json raw;
};

struct PropertySummary {
  std::string property;  // "properties/123456789"
  std::string displayName;
  std::string propertyType;
  std::string parent;
};

struct AccountSummary {
  std::string name;     // "accountSummaries/1000"
  std::string account;  // "accounts/1000"
  std::string displayName;
  std::vector<PropertySummary> propertySummaries;
  nlohmann::json raw;
};

// --- JSON conversion ----------------------------------------------------------

inline nlohmann::json toJson(const RunReportRequest& request) {
  nlohmann::json args = {{"property_id", request.propertyId}, {"metrics", request.metrics}};
  typed::setIfNotEmpty(args, "dimensions", request.dimensions);
  typed::setIf(args, "start_date", request.startDate);
  typed::setIf(args, "end_date", request.endDate);
  if (!request.dateRanges.is_null()) args["date_ranges"] = request.dateRanges;
  if (!request.dimensionFilter.is_null()) args["dimension_filter"] = request.dimensionFilter;
  if (!request.metricFilter.is_null()) args["metric_filter"] = request.metricFilter;
  if (!request.orderBys.is_null()) args["order_bys"] = request.orderBys;
  typed::setIfNotEmpty(args, "metric_aggregations", request.metricAggregations);
  typed::setIf(args, "currency_code", request.currencyCode);
  typed::setIf(args, "keep_empty_rows", request.keepEmptyRows);
  typed::setIf(args, "limit", request.limit);
  return args;
}

inline nlohmann::json toJson(const ListAccountSummariesRequest& request) {
  nlohmann::json args = nlohmann::json::object();
  typed::setIf(args, "page_size", request.pageSize);
  return args;
}

inline std::vector<std::string> valuesOf(const nlohmann::json& list, const char* field) {
  std::vector<std::string> out;
  for (const auto& item : list) out.push_back(typed::stringField(item, field));
  return out;
}

inline ReportRow reportRowFromJson(const nlohmann::json& json) {
  return ReportRow{.dimensionValues = valuesOf(typed::arrayField(json, "dimensionValues"), "value"),
                   .metricValues = valuesOf(typed::arrayField(json, "metricValues"), "value"),
                   .raw = json};
}

inline Report reportFromJson(const nlohmann::json& json) {
  Report report;
  report.dimensionHeaders = valuesOf(typed::arrayField(json, "dimensionHeaders"), "name");
  report.metricHeaders = valuesOf(typed::arrayField(json, "metricHeaders"), "name");
  report.metricTypes = valuesOf(typed::arrayField(json, "metricHeaders"), "type");
  for (const auto& row : typed::arrayField(json, "rows"))
    report.rows.push_back(reportRowFromJson(row));
  report.rowCount = typed::intField(json, "rowCount");
  if (const auto* next = typed::field(json, "nextOffset"); next && next->is_number_integer()) {
    report.nextOffset = next->get<std::int64_t>();
  }
  report.raw = json;
  return report;
}

inline AccountSummary accountSummaryFromJson(const nlohmann::json& json) {
  AccountSummary summary;
  summary.name = typed::stringField(json, "name");
  summary.account = typed::stringField(json, "account");
  summary.displayName = typed::stringField(json, "displayName");
  for (const auto& property : typed::arrayField(json, "propertySummaries")) {
    summary.propertySummaries.push_back(
        PropertySummary{.property = typed::stringField(property, "property"),
                        .displayName = typed::stringField(property, "displayName"),
                        .propertyType = typed::stringField(property, "propertyType"),
                        .parent = typed::stringField(property, "parent")});
  }
  summary.raw = json;
  return summary;
}

// --- The client ---------------------------------------------------------------

class Analytics {
 public:
  // `client` comes from registry.service("google_analytics", client[, options]).
  explicit Analytics(ServiceClient client) : client_(std::move(client)) {}

  // One page of the report (from request.offset, request.limit rows).
  Report runReport(const RunReportRequest& request) const {
    nlohmann::json args = toJson(request);
    typed::setIf(args, "offset", request.offset);
    return reportFromJson(client_.invoke("run_report", args));
  }

  // The report's rows, page by page; request.offset resumes a saved walk.
  ItemPager<ReportRow> reportRows(const RunReportRequest& request) const {
    std::optional<std::string> resume;
    if (request.offset) resume = std::to_string(*request.offset);
    return ItemPager<ReportRow>(client_.pages("run_report", toJson(request), resume),
                                &reportRowFromJson);
  }

  ItemPager<AccountSummary> listAccountSummaries(ListAccountSummariesRequest request = {}) const {
    return ItemPager<AccountSummary>(
        client_.pages("list_account_summaries", toJson(request), request.pageToken),
        &accountSummaryFromJson);
  }

  [[nodiscard]] const ServiceClient& client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace b44::google_analytics
