#pragma once
// Typed helpers for the "google_search_console" adapter. Header-only: each
// helper builds the action's JSON arguments, calls ServiceClient::invoke (or
// pages) and converts the JSON result; the host never links the adapter.
//
//   b44::google_search_console::SearchConsole console(
//       registry.service("google_search_console", client));
//   for (auto& site : console.listSites()) ...
//   b44::google_search_console::SearchAnalyticsRequest query;
//   query.siteUrl = "sc-domain:example.com";
//   query.startDate = "2024-04-01";
//   query.endDate = "2024-04-30";
//   query.dimensions = {"query"};
//   for (auto& row : console.querySearchAnalytics(query).all()) ...  // every page
//
// Every result keeps Search Console's JSON in `raw`.
#include <b44/service_client.hpp>
#include <b44/typed.hpp>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace b44::google_search_console {

// --- Requests -----------------------------------------------------------------

struct SearchAnalyticsRequest {
  std::string siteUrl;    // "https://www.example.com/" or "sc-domain:example.com"
  std::string startDate;  // YYYY-MM-DD
  std::string endDate;
  std::vector<std::string> dimensions;   // date, query, page, country, device, ...
  std::optional<std::string> type;       // web, image, video, news, discover, googleNews
  nlohmann::json dimensionFilterGroups;  // null = none
  std::optional<std::string> aggregationType;
  std::optional<int> rowLimit;           // rows per page
  std::optional<std::int64_t> startRow;  // resume from a saved nextOffset
  std::optional<std::string> dataState;  // final, all, hourly_all
};

// --- Results ------------------------------------------------------------------

struct Site {
  std::string siteUrl;
  std::string permissionLevel;  // siteOwner, siteFullUser, siteRestrictedUser, ...
  nlohmann::json raw;
};

struct SearchAnalyticsRow {
  std::vector<std::string> keys;  // one per requested dimension
  double clicks = 0;
  double impressions = 0;
  double ctr = 0;
  double position = 0;
  nlohmann::json raw;
};

// --- JSON conversion ----------------------------------------------------------

inline nlohmann::json toJson(const SearchAnalyticsRequest& request) {
  nlohmann::json args = {{"site_url", request.siteUrl},
                         {"start_date", request.startDate},
                         {"end_date", request.endDate}};
  typed::setIfNotEmpty(args, "dimensions", request.dimensions);
  typed::setIf(args, "type", request.type);
  if (!request.dimensionFilterGroups.is_null()) {
    args["dimension_filter_groups"] = request.dimensionFilterGroups;
  }
  typed::setIf(args, "aggregation_type", request.aggregationType);
  typed::setIf(args, "row_limit", request.rowLimit);
  typed::setIf(args, "data_state", request.dataState);
  return args;
}

inline Site siteFromJson(const nlohmann::json& json) {
  return Site{.siteUrl = typed::stringField(json, "siteUrl"),
              .permissionLevel = typed::stringField(json, "permissionLevel"),
              .raw = json};
}

inline SearchAnalyticsRow searchAnalyticsRowFromJson(const nlohmann::json& json) {
  return SearchAnalyticsRow{.keys = typed::stringsField(json, "keys"),
                            .clicks = typed::numberField(json, "clicks"),
                            .impressions = typed::numberField(json, "impressions"),
                            .ctr = typed::numberField(json, "ctr"),
                            .position = typed::numberField(json, "position"),
                            .raw = json};
}

// --- The client ---------------------------------------------------------------

class SearchConsole {
 public:
  // `client` comes from registry.service("google_search_console", client[, options]).
  explicit SearchConsole(ServiceClient client) : client_(std::move(client)) {}

  std::vector<Site> listSites() const {
    std::vector<Site> sites;
    const auto result = client_.invoke("list_sites");
    for (const auto& entry : typed::arrayField(result, "siteEntry")) {
      sites.push_back(siteFromJson(entry));
    }
    return sites;
  }

  // The query's rows, page by page (startRow); request.startRow resumes.
  ItemPager<SearchAnalyticsRow> querySearchAnalytics(const SearchAnalyticsRequest& request) const {
    std::optional<std::string> resume;
    if (request.startRow) resume = std::to_string(*request.startRow);
    return ItemPager<SearchAnalyticsRow>(
        client_.pages("query_search_analytics", toJson(request), resume),
        &searchAnalyticsRowFromJson);
  }

  [[nodiscard]] const ServiceClient& client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace b44::google_search_console
