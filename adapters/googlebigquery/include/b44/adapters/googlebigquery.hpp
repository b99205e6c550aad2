#pragma once
// Typed helpers for the "googlebigquery" adapter. Header-only: each helper
// builds the action's JSON arguments, calls ServiceClient::invoke (or pages)
// and converts the JSON result; the host never links the adapter.
//
//   b44::googlebigquery::BigQuery bigquery(registry.service("googlebigquery", client));
//   auto result = bigquery.runQuery({.projectId = "my-project",
//                                    .query = "SELECT name FROM `my-project.shop.customers`"});
//   // result.rows is the first page; the rest, page by page:
//   for (auto& row : bigquery.queryRows(result).all()) ... row.values[0] ...
//
// Every result keeps BigQuery's JSON in `raw`. Cell values are BigQuery's
// JSON as sent: text for scalars ("42", "true"), arrays/objects for REPEATED
// and RECORD columns, null for NULL.
#include <b44/service_client.hpp>
#include <b44/typed.hpp>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace b44::googlebigquery {

// --- Requests -----------------------------------------------------------------

struct RunQueryRequest {
  std::string projectId;
  std::string query;
  std::optional<bool> useLegacySql;  // default false (GoogleSQL)
  std::optional<int> maxResults;     // rows in the first page
  std::optional<int> timeoutMs;
  std::optional<std::string> location;
  std::optional<std::string> defaultDataset;  // "dataset" or "project.dataset"
  std::optional<bool> dryRun;
  std::optional<bool> useQueryCache;
  nlohmann::json queryParameters;  // array of QueryParameter; null = none
  std::optional<std::string> parameterMode;
  std::optional<std::string> requestId;  // makes retries idempotent
};

struct GetQueryResultsRequest {
  std::string projectId;
  std::string jobId;
  std::optional<std::string> location;
  std::optional<std::int64_t> startIndex;  // zero-based row
  std::optional<int> maxResults;
  std::optional<int> timeoutMs;
  std::optional<std::string> pageToken;  // from run_query, or a saved cursor
};

struct ListDatasetsRequest {
  std::string projectId;
  std::optional<bool> all;
  std::optional<std::string> filter;
  std::optional<int> maxResults;
  std::optional<std::string> pageToken;
};

// --- Results ------------------------------------------------------------------

struct Field {
  std::string name;
  std::string type;  // STRING, INTEGER, FLOAT, BOOLEAN, TIMESTAMP, RECORD, ...
  std::string mode;  // NULLABLE, REQUIRED, REPEATED
};

struct TableRow {
  std::vector<nlohmann::json> values;  // f[].v, in schema order
  nlohmann::json raw;
};

struct QueryResult {
  bool jobComplete = false;
  std::string projectId;  // jobReference
  std::string jobId;
  std::string location;
  std::int64_t totalRows = 0;
  std::vector<Field> schema;
  std::vector<TableRow> rows;  // the first page
  std::string pageToken;       // more rows: get_query_results from here
  std::int64_t totalBytesProcessed = 0;
  bool cacheHit = false;
  nlohmann::json raw;
};

struct Dataset {
  std::string id;  // "project:dataset"
  std::string projectId;
  std::string datasetId;
  std::string friendlyName;
  std::string location;
  nlohmann::json labels;
  nlohmann::json raw;
};

// --- JSON conversion ----------------------------------------------------------

inline nlohmann::json toJson(const RunQueryRequest& request) {
  nlohmann::json args = {{"project_id", request.projectId}, {"query", request.query}};
  typed::setIf(args, "use_legacy_sql", request.useLegacySql);
  typed::setIf(args, "max_results", request.maxResults);
  typed::setIf(args, "timeout_ms", request.timeoutMs);
  typed::setIf(args, "location", request.location);
  typed::setIf(args, "default_dataset", request.defaultDataset);
  typed::setIf(args, "dry_run", request.dryRun);
  typed::setIf(args, "use_query_cache", request.useQueryCache);
  if (!request.queryParameters.is_null()) args["query_parameters"] = request.queryParameters;
  typed::setIf(args, "parameter_mode", request.parameterMode);
  typed::setIf(args, "request_id", request.requestId);
  return args;
}

inline nlohmann::json toJson(const GetQueryResultsRequest& request) {
  nlohmann::json args = {{"project_id", request.projectId}, {"job_id", request.jobId}};
  typed::setIf(args, "location", request.location);
  typed::setIf(args, "start_index", request.startIndex);
  typed::setIf(args, "max_results", request.maxResults);
  typed::setIf(args, "timeout_ms", request.timeoutMs);
  return args;
}

inline nlohmann::json toJson(const ListDatasetsRequest& request) {
  nlohmann::json args = {{"project_id", request.projectId}};
  typed::setIf(args, "all", request.all);
  typed::setIf(args, "filter", request.filter);
  typed::setIf(args, "max_results", request.maxResults);
  return args;
}

// BigQuery sends 64-bit counts as decimal text.
inline std::int64_t countField(const nlohmann::json& json, const char* name) {
  const auto* value = typed::field(json, name);
  if (value == nullptr) return 0;
  if (value->is_number_integer()) return value->get<std::int64_t>();
  if (value->is_string()) {
    try {
      return std::stoll(value->get<std::string>());
    } catch (const std::exception&) {
      return 0;
    }
  }
  return 0;
}

inline TableRow tableRowFromJson(const nlohmann::json& json) {
  TableRow row;
  for (const auto& cell : typed::arrayField(json, "f")) {
    const auto* value = typed::field(cell, "v");
    row.values.push_back(value == nullptr ? nlohmann::json() : *value);
  }
  row.raw = json;
  return row;
}

inline QueryResult queryResultFromJson(const nlohmann::json& json) {
  QueryResult result;
  result.jobComplete = typed::boolField(json, "jobComplete");
  const auto& job = typed::objectField(json, "jobReference");
  result.projectId = typed::stringField(job, "projectId");
  result.jobId = typed::stringField(job, "jobId");
  result.location = typed::stringField(job, "location");
  result.totalRows = countField(json, "totalRows");
  for (const auto& field : typed::arrayField(typed::objectField(json, "schema"), "fields")) {
    result.schema.push_back(Field{typed::stringField(field, "name"),
                                  typed::stringField(field, "type"),
                                  typed::stringField(field, "mode")});
  }
  for (const auto& row : typed::arrayField(json, "rows"))
    result.rows.push_back(tableRowFromJson(row));
  result.pageToken = typed::stringField(json, "pageToken");
  result.totalBytesProcessed = countField(json, "totalBytesProcessed");
  result.cacheHit = typed::boolField(json, "cacheHit");
  result.raw = json;
  return result;
}

inline Dataset datasetFromJson(const nlohmann::json& json) {
  Dataset dataset;
  dataset.id = typed::stringField(json, "id");
  const auto& reference = typed::objectField(json, "datasetReference");
  dataset.projectId = typed::stringField(reference, "projectId");
  dataset.datasetId = typed::stringField(reference, "datasetId");
  dataset.friendlyName = typed::stringField(json, "friendlyName");
  dataset.location = typed::stringField(json, "location");
  dataset.labels = typed::objectField(json, "labels");
  dataset.raw = json;
  return dataset;
}

// --- The client ---------------------------------------------------------------

class BigQuery {
 public:
  // `client` comes from registry.service("googlebigquery", client[, options]).
  explicit BigQuery(ServiceClient client) : client_(std::move(client)) {}

  QueryResult runQuery(const RunQueryRequest& request) const {
    return queryResultFromJson(client_.invoke("run_query", toJson(request)));
  }

  // A job's rows page by page; request.pageToken starts after the rows
  // already read (run_query's pageToken) or resumes a saved walk.
  ItemPager<TableRow> queryResults(GetQueryResultsRequest request) const {
    return ItemPager<TableRow>(
        client_.pages("get_query_results", toJson(request), request.pageToken), &tableRowFromJson);
  }

  // The rows of a query that run_query's answer did not hold yet: after its
  // pageToken, or from the first row not returned (all of them when the job
  // had not completed).
  ItemPager<TableRow> queryRows(const QueryResult& result) const {
    GetQueryResultsRequest request;
    request.projectId = result.projectId;
    request.jobId = result.jobId;
    if (!result.location.empty()) request.location = result.location;
    if (!result.pageToken.empty()) {
      request.pageToken = result.pageToken;
    } else {
      request.startIndex = static_cast<std::int64_t>(result.rows.size());
    }
    return queryResults(request);
  }

  ItemPager<Dataset> listDatasets(ListDatasetsRequest request) const {
    return ItemPager<Dataset>(client_.pages("list_datasets", toJson(request), request.pageToken),
                              &datasetFromJson);
  }

  [[nodiscard]] const ServiceClient& client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace b44::googlebigquery
