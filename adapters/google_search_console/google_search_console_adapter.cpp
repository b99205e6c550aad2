// The Google Search Console adapter (integration type "google_search_console").
//
// Checked against Google's official Search Console API reference:
//   https://developers.google.com/webmaster-tools/v1/sites/list
//       GET https://www.googleapis.com/webmasters/v3/sites; answers
//       {siteEntry [{siteUrl, permissionLevel}]} (no paging).
//   https://developers.google.com/webmaster-tools/v1/searchanalytics/query
//       POST https://www.googleapis.com/webmasters/v3/sites/{siteUrl}/searchAnalytics/query;
//       siteUrl is the property as Search Console names it,
//       "https://www.example.com/" (URL-prefix property) or
//       "sc-domain:example.com" (Domain property), URL-encoded as one path
//       segment (the reference's example:
//       /sites/https%3A%2F%2Fwww.example.com%2F/searchAnalytics/query); body
//       {startDate, endDate (YYYY-MM-DD, required), dimensions (date, query,
//       page, country, device, searchAppearance, hour), type (web, image,
//       video, news, discover, googleNews), dimensionFilterGroups,
//       aggregationType, rowLimit (1-25,000, default 1,000), startRow
//       (0-based), dataState (final, all, hourly_all)}; answers {rows [{keys,
//       clicks, impressions, ctr, position}], responseAggregationType}.
//   *verify* settled: the host is www.googleapis.com/webmasters/v3, the one
//       the reference documents for these methods (searchconsole.googleapis.com
//       serves the same paths, and URL inspection under /v1).
//   *verify* settled, paging (the query page's rowLimit and startRow): repeat the query with
//       startRow increased by the rows received until a page holds fewer than
//       rowLimit rows. The answer carries no cursor, so the adapter adds
//       "nextOffset" to a full page's result.
//   https://developers.google.com/webmaster-tools/limits
//       load and QPS quotas; a "quota exceeded" error (429) means "slow down".
// The site URL is an action argument, not connection config: one connection
// may manage many properties.
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

constexpr std::int64_t kDefaultRowLimit = 1000;

// The property as one path segment: "https://www.example.com/" ->
// "https%3A%2F%2Fwww.example.com%2F".
std::string sitePath(const Args& args) {
  const std::string site = args.string("site_url");
  static const std::regex property(R"(^(https?://[^\s/?#]+(/[^\s?#]*)?|sc-domain:[^\s/?#@]+)$)");
  if (site.size() > 2048 || !std::regex_match(site, property)) {
    family::rejectArgument(args, "site_url",
                           "must be a Search Console property: \"https://www.example.com/\" or "
                           "\"sc-domain:example.com\"");
  }
  return "/sites/" + b44::plugin::pathSegment(site, "site_url");
}

std::string date(const Args& args, std::string_view name) {
  std::string value = args.string(name);
  static const std::regex day(R"(^\d{4}-\d{2}-\d{2}$)");
  if (!std::regex_match(value, day))
    family::rejectArgument(args, name, "must be a date, YYYY-MM-DD");
  return value;
}

ServiceRequest buildListSites(const Args& /*args*/) {
  ServiceRequest request;
  request.path = "/sites";
  return request;
}

ServiceRequest buildQuery(const Args& args) {
  json body = {{"startDate", date(args, "start_date")}, {"endDate", date(args, "end_date")}};
  args.toBody(body, "dimensions");
  if (auto type = args.optionalChoice(
          "type", {"web", "image", "video", "news", "discover", "googleNews"})) {
    body["type"] = *type;
  }
  args.toBody(body, "dimension_filter_groups", "dimensionFilterGroups");
  args.toBody(body, "aggregation_type", "aggregationType");
  if (auto limit = args.optionalInteger("row_limit")) {
    if (*limit < 1 || *limit > 25000)
      family::rejectArgument(args, "row_limit", "must be 1 to 25000");
    body["rowLimit"] = *limit;
  }
  if (auto start = family::optionalOffset(args, "start_row")) body["startRow"] = *start;
  if (auto state = args.optionalChoice("data_state", {"final", "all", "hourly_all"})) {
    body["dataState"] = *state;
  }
  ServiceRequest request;
  request.method = "POST";
  request.path = sitePath(args) + "/searchAnalytics/query";
  request.setJsonBody(body);
  return request;
}

// A full page means there may be more: continue after its last row.
json parseQuery(const Args& args, json body, const ServiceResponse& /*response*/) {
  if (!body.is_object() || !body.contains("rows") || !body["rows"].is_array()) return body;
  const auto rows = static_cast<std::int64_t>(body["rows"].size());
  const std::int64_t limit = args.optionalInteger("row_limit").value_or(kDefaultRowLimit);
  if (rows > 0 && rows >= limit) {
    family::setNextOffset(body, family::optionalOffset(args, "start_row").value_or(0) + rows);
  }
  return body;
}

class SearchConsoleAdapter final : public family::GoogleAdapter {
 public:
  SearchConsoleAdapter()
      : GoogleAdapter(family::googleSpec(
            "google_search_console", "Google Search Console",
            "Search Console API: list the user's properties, query their search traffic "
            "(Search Analytics).",
            "https://developers.google.com/webmaster-tools/v1/api_reference_index",
            // Raw requests page as searchAnalytics.query does, the only method
            // here that pages: "startRow" in the JSON body, rows in "rows",
            // until a page has no rows:
            // https://developers.google.com/webmaster-tools/v1/how-tos/all-your-data
            {family::apiHost(
                "default", "https://www.googleapis.com/webmasters/v3",
                b44::plugin::Pagination{.style = b44::plugin::Pagination::Style::Offset,
                                        .cursorArgument = "startRow",
                                        .itemsPointer = "/rows",
                                        .cursorInBody = true})},
            family::QuotaSignals::Status429)) {
    addAction(
        ActionSpec{
            .name = "list_sites",
            .description = "Lists the Search Console properties the user has access to "
                           "(sites.list), with the user's permission level on each.",
            .method = "GET",
            .retrySafe = true,
            .parameters = {},
            .example = json::object(),
            .pagination = std::nullopt,
        },
        buildListSites);
    addAction(
        ActionSpec{
            .name = "query_search_analytics",
            .description = "Queries a property's search traffic (searchanalytics.query): "
                           "clicks, impressions, CTR and position, grouped by dimensions, page "
                           "by page (startRow). Read-only, so retried safely.",
            .method = "POST",
            .retrySafe = true,
            .parameters =
                {
                    {"site_url", Type::String, true,
                     "The property: \"https://www.example.com/\" (URL prefix) or "
                     "\"sc-domain:example.com\" (domain), as list_sites names it."},
                    {"start_date", Type::String, true, "First day, YYYY-MM-DD (Pacific time)."},
                    {"end_date", Type::String, true, "Last day, YYYY-MM-DD."},
                    {"dimensions", Type::Array, false,
                     "Group by: date, query, page, country, device, searchAppearance, hour."},
                    {"type", Type::String, false,
                     "Search type: web (default), image, video, news, discover, googleNews."},
                    {"dimension_filter_groups", Type::Array, false,
                     "Filter groups, e.g. [{\"filters\": [{\"dimension\": \"country\", "
                     "\"operator\": \"equals\", \"expression\": \"deu\"}]}]."},
                    {"aggregation_type", Type::String, false,
                     "auto (default), byPage, byProperty or byNewsShowcasePanel."},
                    {"row_limit", Type::Integer, false,
                     "Rows per page (Google's default 1,000, at most 25,000)."},
                    family::offsetParameter("start_row",
                                            "Row to start at (0-based); a page's nextOffset."),
                    {"data_state", Type::String, false,
                     "final (default), all (include fresh data) or hourly_all."},
                },
            .example = {{"site_url", "https://www.example.com/"},
                        {"start_date", "2024-04-01"},
                        {"end_date", "2024-04-30"},
                        {"dimensions", {"query"}},
                        {"row_limit", 2}},
            .pagination = family::offsetPagination("start_row", "/rows"),
        },
        buildQuery, parseQuery);
  }
};

std::unique_ptr<b44::plugin::Adapter> makeSearchConsoleAdapter(std::string_view /*type*/) {
  return std::make_unique<SearchConsoleAdapter>();
}

}  // namespace

B44_PLUGIN("1.0.0", "google_search_console", makeSearchConsoleAdapter)
