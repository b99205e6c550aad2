// The googlebigquery adapter and its typed helpers against the emulator's
// BigQuery sandbox.
#include "google_support.hpp"

#include <b44/adapters/googlebigquery.hpp>

namespace b44::adapter_tests {
namespace {

using nlohmann::json;

constexpr const char* kProject = "https://bigquery.googleapis.com/bigquery/v2/projects/my-project";
constexpr const char* kJob = "job_4uYqT1m2x8KfLp0aZ3cV";
constexpr const char* kPageToken = "BFQ2GOIKUQAQAASA4EAAEEAQCAAKGQEBCBAKXAQ";
constexpr const char* kSql = "SELECT name, SUM(number) AS total FROM t GROUP BY name";

// A row's cell values, in schema order.
std::vector<json> cells(const googlebigquery::TableRow& row) {
  std::vector<json> out;
  for (const auto& cell : row.values) out.push_back(cell.value);
  return out;
}

// The rows run_query's answer did not hold yet: after its pageToken, or from
// the first row not returned (all of them when the job had not completed).
googlebigquery::QueryResultsRequest restOf(const googlebigquery::QueryResult& result) {
  googlebigquery::QueryResultsRequest request;
  request.projectId = result.projectId;
  request.jobId = result.jobId;
  if (!result.location.empty()) request.location = result.location;
  if (!result.pageToken.empty()) {
    request.pageToken = result.pageToken;
  } else {
    request.startIndex = static_cast<std::int64_t>(result.rows.size());
  }
  return request;
}

class BigQueryTest : public GoogleAdapterTest {
 protected:
  [[nodiscard]] googlebigquery::BigQuery bigquery(ServiceOptions options = {}) const {
    return googlebigquery::BigQuery(service("googlebigquery", std::move(options)));
  }
  static googlebigquery::RunQueryRequest topNames() {
    googlebigquery::RunQueryRequest request;
    request.projectId = "my-project";
    request.query = kSql;
    request.maxResults = 2;
    return request;
  }
};

TEST_F(BigQueryTest, RunQuerySendsGoogleSqlAndParsesTheFirstPage) {
  const auto result = bigquery().runQuery(topNames());

  const auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, std::string(kProject) + "/queries");
  EXPECT_EQ(header(sent, "authorization"), bearer(appToken("googlebigquery")));
  EXPECT_EQ(header(sent, "content-type"), "application/json");
  EXPECT_EQ(jsonBody(sent), json({{"query", kSql}, {"useLegacySql", false}, {"maxResults", 2}}));

  EXPECT_TRUE(result.jobComplete);
  EXPECT_EQ(result.projectId, "my-project");
  EXPECT_EQ(result.jobId, kJob);
  EXPECT_EQ(result.location, "US");
  EXPECT_EQ(result.totalRows, "3");
  EXPECT_EQ(result.totalBytesProcessed, "115375270");
  ASSERT_EQ(result.schema.size(), 2u);
  EXPECT_EQ(result.schema[0].name, "name");
  EXPECT_EQ(result.schema[1].type, "INTEGER");
  ASSERT_EQ(result.rows.size(), 2u);
  EXPECT_EQ(cells(result.rows[0]), (std::vector<json>{"James", "4942431"}));
  EXPECT_EQ(result.pageToken, kPageToken);
}

TEST_F(BigQueryTest, RunQueryOptionsAndParameters) {
  auto request = topNames();
  request.useLegacySql = false;
  request.location = "EU";
  request.timeoutMs = 20000;
  request.defaultDataset = "shop";
  request.dryRun = true;
  request.requestId = "3f1c2b9e-8a7d-4c6b-9e5f-1a2b3c4d5e6f";
  request.queryParameters = json::array({{{"name", "min"},
                                          {"parameterType", {{"type", "INT64"}}},
                                          {"parameterValue", {{"value", "5"}}}}});
  (void)bigquery().runQuery(request);
  const auto body = jsonBody(onlyRequest());
  EXPECT_EQ(body["location"], "EU");
  EXPECT_EQ(body["timeoutMs"], 20000);
  EXPECT_EQ(body["defaultDataset"], json({{"projectId", "my-project"}, {"datasetId", "shop"}}));
  EXPECT_EQ(body["dryRun"], true);
  EXPECT_EQ(body["requestId"], "3f1c2b9e-8a7d-4c6b-9e5f-1a2b3c4d5e6f");
  EXPECT_EQ(body["queryParameters"], request.queryParameters);
  EXPECT_EQ(body["parameterMode"], "NAMED");

  clearRequests();
  request.defaultDataset = "other-project.sales";
  request.queryParameters = json::array(
      {{{"parameterType", {{"type", "STRING"}}}, {"parameterValue", {{"value", "x"}}}}});
  (void)bigquery().runQuery(request);
  const auto positional = jsonBody(onlyRequest());
  EXPECT_EQ(positional["defaultDataset"],
            json({{"projectId", "other-project"}, {"datasetId", "sales"}}));
  EXPECT_EQ(positional["parameterMode"], "POSITIONAL");
}

TEST_F(BigQueryTest, QueryRowsContinueAfterTheFirstPageAndStop) {
  const auto result = bigquery().runQuery(topNames());
  clearRequests();
  const auto rest = bigquery().queryResults(restOf(result)).all();
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(cells(rest[0]), (std::vector<json>{"Robert", "4718787"}));
  EXPECT_EQ(onlyRequest().url,
            std::string(kProject) + "/queries/" + kJob + "?location=US&pageToken=" + kPageToken);
}

TEST_F(BigQueryTest, QueryResultsWalkEveryPageAndResume) {
  googlebigquery::QueryResultsRequest request;
  request.projectId = "my-project";
  request.jobId = kJob;
  request.location = "US";
  request.maxResults = 2;
  auto pager = bigquery().queryResults(request);
  EXPECT_EQ(pager.nextPage().size(), 2u);
  ASSERT_TRUE(pager.cursor().has_value());
  EXPECT_EQ(*pager.cursor(), kPageToken);
  EXPECT_EQ(pager.all().size(), 1u);
  EXPECT_FALSE(pager.hasNext());

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  const std::string first =
      std::string(kProject) + "/queries/" + kJob + "?location=US&maxResults=2";
  EXPECT_EQ(sent[0].method, "GET");
  EXPECT_EQ(sent[0].url, first);
  EXPECT_EQ(sent[1].url, first + "&pageToken=" + kPageToken);

  clearRequests();
  request.pageToken = kPageToken;
  EXPECT_EQ(bigquery().queryResults(request).all().size(), 1u);
  EXPECT_EQ(onlyRequest().url, first + "&pageToken=" + kPageToken);
}

TEST_F(BigQueryTest, QueryRowsOfAResultWithoutPageTokenStartAfterItsRows) {
  googlebigquery::QueryResult result;
  result.projectId = "my-project";
  result.jobId = kJob;
  result.rows.resize(2);
  EXPECT_EQ(bigquery().queryResults(restOf(result)).all().size(), 1u);
  EXPECT_EQ(onlyRequest().url, std::string(kProject) + "/queries/" + kJob + "?startIndex=2");
}

TEST_F(BigQueryTest, ListDatasetsWalksEveryPageAndResumes) {
  googlebigquery::ListDatasetsRequest request;
  request.projectId = "my-project";
  request.maxResults = 2;
  request.filter = "labels.team:data";
  auto pager = bigquery().listDatasets(request);
  const auto first = pager.nextPage();
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].id, "my-project:analytics");
  EXPECT_EQ(first[0].datasetId, "analytics");
  EXPECT_EQ(first[0].projectId, "my-project");
  EXPECT_EQ(first[0].friendlyName, "Analytics");
  EXPECT_EQ(first[0].labels, json({{"team", "data"}}));
  EXPECT_EQ(first[1].location, "US");
  const auto rest = pager.all();
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].datasetId, "staging");

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  const std::string base =
      std::string(kProject) + "/datasets?filter=labels.team%3Adata&maxResults=2";
  EXPECT_EQ(sent[0].url, base);
  EXPECT_EQ(sent[1].url, base + "&pageToken=c2hvcA");

  clearRequests();
  request.pageToken = "c2hvcA";
  EXPECT_EQ(bigquery().listDatasets(request).all().size(), 1u);
  EXPECT_EQ(onlyRequest().url, base + "&pageToken=c2hvcA");
}

TEST_F(BigQueryTest, IdsAreOnePathSegmentAndInputIsChecked) {
  const auto service = this->service("googlebigquery");
  (void)service.invoke("list_datasets", {{"project_id", "example.com:legacy-project"}});
  EXPECT_EQ(onlyRequest().url,
            "https://bigquery.googleapis.com/bigquery/v2/projects/"
            "example.com%3Alegacy-project/datasets");
  clearRequests();
  expectInvalidArgument(*emulator_, "args.project_id", [&] {
    (void)service.invoke("run_query", {{"project_id", ".."}, {"query", "SELECT 1"}});
  });
  expectInvalidArgument(*emulator_, "args.query", [&] {
    (void)service.invoke("run_query", {{"project_id", "p"}});
  });
  expectInvalidArgument(*emulator_, "args.job_id", [&] {
    (void)service.invoke("get_query_results", {{"project_id", "p"}});
  });
  expectInvalidArgument(*emulator_, "args.default_dataset", [&] {
    (void)service.invoke("run_query",
                         {{"project_id", "p"}, {"query", "SELECT 1"}, {"default_dataset", "p."}});
  });
  expectInvalidArgument(*emulator_, "args.parameter_mode", [&] {
    (void)service.invoke("run_query", {{"project_id", "p"},
                                       {"query", "SELECT 1"},
                                       {"query_parameters", json::array()},
                                       {"parameter_mode", "BOTH"}});
  });
}

TEST_F(BigQueryTest, BigQueryErrorsBecomeServiceErrors) {
  auto request = topNames();
  request.projectId = "forbidden-project";
  try {
    (void)bigquery().runQuery(request);
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.integrationType(), "googlebigquery");
    EXPECT_EQ(error.action(), "run_query");
    EXPECT_EQ(error.status(), 403);
    EXPECT_EQ(error.code(), "accessDenied");
    EXPECT_NE(error.detail().find("bigquery.jobs.create"), std::string::npos);
  }
}

TEST_F(BigQueryTest, Base44ProxySendsTheSameUpstreamRequests) {
  const auto result = bigquery().runQuery(topNames());
  (void)bigquery().queryResults(restOf(result)).all();
  (void)bigquery().listDatasets({.projectId = "my-project", .maxResults = 2}).all();
  const auto direct = requests();
  clearRequests();
  const auto proxiedResult = bigquery(viaProxy()).runQuery(topNames());
  const auto rows = bigquery(viaProxy()).queryResults(restOf(proxiedResult)).all();
  const auto datasets =
      bigquery(viaProxy()).listDatasets({.projectId = "my-project", .maxResults = 2}).all();
  const auto proxied = requests();

  ASSERT_EQ(direct.size(), 4u);
  ASSERT_EQ(proxied.size(), 4u);
  for (std::size_t i = 0; i < direct.size(); ++i) {
    SCOPED_TRACE(direct[i].url);
    expectSameUpstreamRequest(direct[i], proxied[i]);
  }
  EXPECT_EQ(proxiedResult.rows.size(), 2u);
  EXPECT_EQ(rows.size(), 1u);
  EXPECT_EQ(datasets.size(), 3u);
}

TEST_F(BigQueryTest, ListTableDataFollowsItsPageToken) {
  googlebigquery::ListTableDataRequest request;
  request.projectId = "my-project";
  request.datasetId = "shop";
  request.tableId = "orders";
  const auto rows = bigquery().listTableData(request).all();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[2].values[0].value, "ord_1003");
  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[1].url,
            "https://bigquery.googleapis.com/bigquery/v2/projects/my-project/datasets/shop/tables/"
            "orders/data?pageToken=BHKJZ2LLAQAASA4EAAEEAQCAAKGQEBCBAKXAQ");

  clearRequests();
  const auto job = bigquery().cancelJob("my-project", "job_7aXbQ2cR9dS4eT1fU6gV");
  EXPECT_EQ(job.state, "RUNNING");
  EXPECT_EQ(job.jobId, "job_7aXbQ2cR9dS4eT1fU6gV");
  EXPECT_EQ(onlyRequest().method, "POST");
}

}  // namespace
}  // namespace b44::adapter_tests
