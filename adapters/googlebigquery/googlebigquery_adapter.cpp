// The BigQuery adapter (integration type "googlebigquery").
//
// Checked against Google's official BigQuery API v2 reference:
//   https://cloud.google.com/bigquery/docs/reference/rest/v2/jobs/query
//       POST https://bigquery.googleapis.com/bigquery/v2/projects/{projectId}/queries
//       with a QueryRequest body; answers {kind, schema {fields [{name, type,
//       mode, fields}]}, jobReference {projectId, jobId, location}, totalRows
//       (text), pageToken, rows [{f: [{v}]}], totalBytesProcessed,
//       jobComplete, errors, cacheHit, numDmlAffectedRows}. Only the first
//       page of rows comes back; the rest through jobs.getQueryResults.
//   https://cloud.google.com/bigquery/docs/reference/rest/v2/QueryRequest
//       query (required), useLegacySql (Google's default is true: legacy SQL;
//       this adapter sends false unless told otherwise, so GoogleSQL is the
//       default as in the console), maxResults, timeoutMs, location,
//       defaultDataset {projectId, datasetId}, dryRun, useQueryCache,
//       parameterMode (NAMED or POSITIONAL) with queryParameters, labels,
//       requestId.
//   https://cloud.google.com/bigquery/docs/reference/rest/v2/jobs/getQueryResults
//       GET .../projects/{projectId}/queries/{jobId}; startIndex, pageToken,
//       maxResults, timeoutMs, location; answers like jobs.query, the next
//       page's token in "pageToken" (not nextPageToken).
//   https://cloud.google.com/bigquery/docs/reference/rest/v2/datasets/list
//       GET .../projects/{projectId}/datasets; all, filter (labels.<name>[:<value>]),
//       maxResults, pageToken; answers {kind, etag, nextPageToken, datasets
//       [{kind, id, datasetReference {datasetId, projectId}, labels,
//       friendlyName, location}], unreachable}.
//   https://cloud.google.com/bigquery/docs/error-messages
//       errors carry errors[{reason}]; 403 rateLimitExceeded / quotaExceeded
//       and 429 mean "slow down".
// The project ID is an action argument, not connection config: one
// connection may query several projects.
#include "google_family.hpp"

#include <b44/plugin/export.hpp>
#include <b44/plugin/url.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace {

namespace family = b44::google_family;
using b44::plugin::ActionSpec;
using b44::plugin::Args;
using b44::plugin::ServiceRequest;
using Type = b44::plugin::Parameter::Type;
using nlohmann::json;

std::string projectPath(const Args& args) {
  return "/projects/" + b44::plugin::pathSegment(args.string("project_id"), "project_id");
}

// "dataset" or "project.dataset" -> a DatasetReference.
json datasetReference(const Args& args, const std::string& text) {
  const auto dot = text.rfind('.');
  const std::string project =
      dot == std::string::npos ? args.string("project_id") : text.substr(0, dot);
  const std::string dataset = dot == std::string::npos ? text : text.substr(dot + 1);
  if (project.empty() || dataset.empty()) {
    family::rejectArgument(args, "default_dataset", "must be \"dataset\" or \"project.dataset\"");
  }
  return {{"projectId", project}, {"datasetId", dataset}};
}

ServiceRequest buildRunQuery(const Args& args) {
  json body = {{"query", args.string("query")},
               {"useLegacySql", args.optionalBoolean("use_legacy_sql").value_or(false)}};
  args.toBody(body, "max_results", "maxResults");
  args.toBody(body, "timeout_ms", "timeoutMs");
  args.toBody(body, "location");
  if (auto dataset = args.optionalString("default_dataset")) {
    body["defaultDataset"] = datasetReference(args, *dataset);
  }
  args.toBody(body, "dry_run", "dryRun");
  args.toBody(body, "use_query_cache", "useQueryCache");
  if (args.has("query_parameters")) {
    const json& parameters = args.value("query_parameters");
    body["queryParameters"] = parameters;
    // Named parameters (@name) carry a name; positional ones (?) do not.
    const bool named =
        !parameters.empty() && parameters[0].is_object() && parameters[0].contains("name");
    body["parameterMode"] = args.optionalChoice("parameter_mode", {"NAMED", "POSITIONAL"})
                                .value_or(named ? "NAMED" : "POSITIONAL");
  }
  args.toBody(body, "labels");
  args.toBody(body, "request_id", "requestId");
  ServiceRequest request;
  request.method = "POST";
  request.path = projectPath(args) + "/queries";
  request.setJsonBody(body);
  return request;
}

ServiceRequest buildGetQueryResults(const Args& args) {
  ServiceRequest request;
  request.path =
      projectPath(args) + "/queries/" + b44::plugin::pathSegment(args.string("job_id"), "job_id");
  args.toQuery(request, "location");
  args.toQuery(request, "start_index", "startIndex");
  args.toQuery(request, "max_results", "maxResults");
  args.toQuery(request, "timeout_ms", "timeoutMs");
  family::pageQuery(args, request);
  return request;
}

ServiceRequest buildListDatasets(const Args& args) {
  ServiceRequest request;
  request.path = projectPath(args) + "/datasets";
  args.toQuery(request, "all");
  args.toQuery(request, "filter");
  args.toQuery(request, "max_results", "maxResults");
  family::pageQuery(args, request);
  return request;
}

b44::plugin::Parameter projectParameter() {
  return {"project_id", Type::String, true, "Google Cloud project ID, e.g. my-project."};
}

class BigQueryAdapter final : public family::GoogleAdapter {
 public:
  BigQueryAdapter()
      : GoogleAdapter(family::googleSpec(
            "googlebigquery", "Google BigQuery",
            "BigQuery API v2: run SQL queries and page through their results, list a project's "
            "datasets.",
            "https://cloud.google.com/bigquery/docs/reference/rest",
            // Raw requests page as the *.list collection methods do (pageToken /
            // nextPageToken): https://cloud.google.com/bigquery/docs/paging-results
            // Items are in "datasets" for datasets.list; tables, jobs, models,
            // routines answer under their own names, and tabledata.list and
            // jobs.getQueryResults answer the token as "pageToken" with the rows
            // in "rows": bodyCursor("/pageToken", "pageToken", "/rows").
            {family::apiHost("default", "https://bigquery.googleapis.com/bigquery/v2",
                             family::rawPageTokenPagination("/datasets"))},
            family::QuotaSignals::Status429And403)) {
    addAction(
        ActionSpec{
            .name = "run_query",
            .description = "Runs a SQL query and waits up to timeout_ms for it (jobs.query); "
                           "answers the first rows, the job reference and, when more rows "
                           "remain, a pageToken for get_query_results. GoogleSQL unless "
                           "use_legacy_sql. Not retried once it may have arrived (DML and "
                           "billing), unless the caller gives a request_id.",
            .method = "POST",
            .retrySafe = false,
            .parameters =
                {
                    projectParameter(),
                    {"query", Type::String, true,
                     "The SQL, e.g. SELECT name FROM `my-project.shop.customers` LIMIT 10."},
                    {"use_legacy_sql", Type::Boolean, false,
                     "true for legacy SQL; default false (GoogleSQL)."},
                    {"max_results", Type::Integer, false, "Rows in the first page."},
                    {"timeout_ms", Type::Integer, false,
                     "How long to wait for the query (Google's default 10,000 ms); when it "
                     "runs longer jobComplete is false: poll get_query_results."},
                    {"location", Type::String, false,
                     "Where the job runs, e.g. US, EU or europe-west3."},
                    {"default_dataset", Type::String, false,
                     "Dataset for unqualified table names: \"dataset\" or \"project.dataset\"."},
                    {"dry_run", Type::Boolean, false,
                     "Only validate and estimate the bytes processed."},
                    {"use_query_cache", Type::Boolean, false,
                     "Use cached results (Google's default true)."},
                    {"query_parameters", Type::Array, false,
                     "QueryParameter objects, e.g. [{\"name\": \"min\", \"parameterType\": "
                     "{\"type\": \"INT64\"}, \"parameterValue\": {\"value\": \"5\"}}]."},
                    {"parameter_mode", Type::String, false,
                     "NAMED (@name) or POSITIONAL (?); default: NAMED when the parameters "
                     "have names."},
                    {"labels", Type::Object, false, "Labels for the job, {key: value}."},
                    {"request_id", Type::String, false,
                     "A unique ID that makes retries of this query idempotent."},
                },
            .example = {{"project_id", "my-project"},
                        {"query",
                         "SELECT name, SUM(number) AS total FROM "
                         "`bigquery-public-data.usa_names.usa_1910_2013` GROUP BY name "
                         "ORDER BY total DESC LIMIT 3"},
                        {"max_results", 2}},
            .pagination = std::nullopt,
        },
        buildRunQuery);
    addAction(
        ActionSpec{
            .name = "get_query_results",
            .description = "Reads the rows of a query job (jobs.getQueryResults), page by page; "
                           "also says whether the job is complete.",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    projectParameter(),
                    {"job_id", Type::String, true,
                     "The job's ID, jobReference.jobId of run_query."},
                    {"location", Type::String, false,
                     "The job's location (jobReference.location); needed outside US and EU."},
                    {"start_index", Type::Integer, false, "Zero-based row to start at."},
                    {"max_results", Type::Integer, false, "Rows per page."},
                    {"timeout_ms", Type::Integer, false,
                     "How long to wait for an unfinished job (Google's default 10,000 ms)."},
                    {"page_token", Type::String, false,
                     "Where to continue: pageToken of run_query or of the previous page."},
                },
            .example = {{"project_id", "my-project"},
                        {"job_id", "job_4uYqT1m2x8KfLp0aZ3cV"},
                        {"location", "US"},
                        {"max_results", 2}},
            .pagination = family::pageTokenPagination("/pageToken", "/rows"),
        },
        buildGetQueryResults);
    addAction(
        ActionSpec{
            .name = "list_datasets",
            .description = "Lists the datasets of a project the user can read (datasets.list), "
                           "page by page.",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    projectParameter(),
                    {"all", Type::Boolean, false, "Include hidden datasets."},
                    {"filter", Type::String, false,
                     "Label filter, e.g. \"labels.department:receiving labels.active\"."},
                    {"max_results", Type::Integer, false, "Datasets per page."},
                    family::pageTokenParameter(),
                },
            .example = {{"project_id", "my-project"}, {"max_results", 2}},
            .pagination = family::pageTokenPagination("/datasets"),
        },
        buildListDatasets);
  }
};

std::unique_ptr<b44::plugin::Adapter> makeBigQueryAdapter(std::string_view /*type*/) {
  return std::make_unique<BigQueryAdapter>();
}

}  // namespace

B44_PLUGIN("1.0.0", "googlebigquery", makeBigQueryAdapter)
