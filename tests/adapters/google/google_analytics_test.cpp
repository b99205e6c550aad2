// The google_analytics adapter and its typed helpers against the emulator's
// Analytics Data and Admin sandboxes.
#include "google_support.hpp"

#include <b44/adapters/google_analytics.hpp>

namespace b44::adapter_tests {
namespace {

using nlohmann::json;

constexpr const char* kRunReport =
    "https://analyticsdata.googleapis.com/v1beta/properties/123456789:runReport";
constexpr const char* kSummaries = "https://analyticsadmin.googleapis.com/v1beta/accountSummaries";
constexpr const char* kSummariesPage2 = "AHJ6Yy1hY2NvdW50U3VtbWFyaWVzLzIwMDA";

// A row's dimension or metric values, as text.
std::vector<std::string> values(const std::vector<google_analytics::ReportValue>& list) {
  std::vector<std::string> out;
  for (const auto& each : list) out.push_back(each.value);
  return out;
}

class AnalyticsTest : public GoogleAdapterTest {
 protected:
  [[nodiscard]] google_analytics::Analytics analytics(ServiceOptions options = {}) const {
    return google_analytics::Analytics(service("google_analytics", std::move(options)));
  }

  static google_analytics::ReportRowsRequest countries() {
    google_analytics::ReportRowsRequest request;
    request.propertyId = "123456789";
    request.metrics = json::array({"activeUsers"});
    request.dimensions = json::array({"country"});
    request.startDate = "2024-04-01";
    request.endDate = "2024-04-30";
    request.limit = 2;
    return request;
  }

  static json countriesBody() {
    return {{"dimensions", {{{"name", "country"}}}},
            {"metrics", {{{"name", "activeUsers"}}}},
            {"dateRanges", {{{"startDate", "2024-04-01"}, {"endDate", "2024-04-30"}}}},
            {"limit", 2}};
  }
};

TEST_F(AnalyticsTest, ReportRowsWalkEveryPageByOffset) {
  const auto rows = analytics().reportRows(countries()).all();

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  for (const auto& r : sent) {
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.url, kRunReport);
    EXPECT_EQ(header(r, "authorization"), bearer(appToken("google_analytics")));
    EXPECT_EQ(header(r, "content-type"), "application/json");
  }
  EXPECT_EQ(jsonBody(sent[0]), countriesBody());
  json second = countriesBody();
  second["offset"] = 2;
  EXPECT_EQ(jsonBody(sent[1]), second);

  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(values(rows[0].dimensionValues), std::vector<std::string>{"United States"});
  EXPECT_EQ(values(rows[0].metricValues), std::vector<std::string>{"1204"});
  EXPECT_EQ(values(rows[1].dimensionValues), std::vector<std::string>{"Germany"});
  EXPECT_EQ(values(rows[2].dimensionValues), std::vector<std::string>{"France"});
  EXPECT_EQ(values(rows[2].metricValues), std::vector<std::string>{"87"});
}

// One page as a Report: the action's result, converted (the typed client walks
// rows only).
TEST_F(AnalyticsTest, RunReportGivesOnePageAndWhereTheNextStarts) {
  const auto client = analytics().client();
  const auto report =
      client.invoke("run_report", toJson(countries())).get<google_analytics::Report>();
  ASSERT_EQ(report.dimensionHeaders.size(), 1u);
  EXPECT_EQ(report.dimensionHeaders[0].name, "country");
  ASSERT_EQ(report.metricHeaders.size(), 1u);
  EXPECT_EQ(report.metricHeaders[0].name, "activeUsers");
  EXPECT_EQ(report.metricHeaders[0].type, "TYPE_INTEGER");
  EXPECT_EQ(report.rowCount, 3);
  ASSERT_EQ(report.rows.size(), 2u);
  EXPECT_EQ(report.nextOffset, 2);

  clearRequests();
  auto args = toJson(countries());
  args["offset"] = report.nextOffset;
  const auto last = client.invoke("run_report", args).get<google_analytics::Report>();
  EXPECT_EQ(last.rows.size(), 1u);
  EXPECT_EQ(last.nextOffset, 0);  // none: the last page
  EXPECT_EQ(jsonBody(onlyRequest())["offset"], 2);
}

TEST_F(AnalyticsTest, ReportRowsResumeFromASavedOffset) {
  auto pager = analytics().reportRows(countries());
  EXPECT_EQ(pager.nextPage().size(), 2u);
  ASSERT_TRUE(pager.cursor().has_value());
  EXPECT_EQ(*pager.cursor(), "2");

  clearRequests();
  auto resume = countries();
  resume.offset = *pager.cursor();
  auto resumed = analytics().reportRows(resume);
  const auto page = resumed.nextPage();
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(values(page[0].dimensionValues), std::vector<std::string>{"France"});
  EXPECT_FALSE(resumed.hasNext());
  EXPECT_EQ(jsonBody(onlyRequest())["offset"], 2);

  // The raw cursor (decimal text) works as the offset argument too.
  clearRequests();
  auto raw = service("google_analytics")
                 .pages("run_report",
                        {{"property_id", "123456789"},
                         {"metrics", {"activeUsers"}},
                         {"dimensions", {"country"}},
                         {"start_date", "2024-04-01"},
                         {"end_date", "2024-04-30"},
                         {"limit", 2}},
                        std::string("2"));
  EXPECT_EQ(raw.nextPage().items.size(), 1u);
  EXPECT_EQ(jsonBody(onlyRequest())["offset"], 2);
}

TEST_F(AnalyticsTest, FiltersOrderAndDateRangesPassThrough) {
  auto request = countries();
  request.propertyId = "properties/123456789";
  request.startDate.reset();
  request.endDate.reset();
  request.dateRanges = json::array({{{"startDate", "7daysAgo"}, {"endDate", "yesterday"}}});
  request.dimensionFilter = {
      {"filter", {{"fieldName", "country"}, {"stringFilter", {{"value", "Germany"}}}}}};
  request.orderBys = json::array({{{"metric", {{"metricName", "activeUsers"}}}, {"desc", true}}});
  request.metricAggregations = json::array({"TOTAL"});
  request.keepEmptyRows = true;
  (void)analytics().reportRows(request).nextPage();

  const auto sent = onlyRequest();
  EXPECT_EQ(sent.url, kRunReport);
  const auto body = jsonBody(sent);
  EXPECT_EQ(body["dateRanges"], request.dateRanges);
  EXPECT_EQ(body["dimensionFilter"], request.dimensionFilter);
  EXPECT_EQ(body["orderBys"], request.orderBys);
  EXPECT_EQ(body["metricAggregations"], json::array({"TOTAL"}));
  EXPECT_EQ(body["keepEmptyRows"], true);
  EXPECT_FALSE(body.contains("property"));
}

TEST_F(AnalyticsTest, RunReportChecksItsInput) {
  const auto service = this->service("google_analytics");
  const json base = {{"property_id", "123456789"},
                     {"metrics", {"activeUsers"}},
                     {"start_date", "today"},
                     {"end_date", "today"}};
  for (const std::string bad : {"12a", "../123", "123/456", "properties/", "accounts/1", ""}) {
    SCOPED_TRACE(bad);
    json args = base;
    args["property_id"] = bad;
    expectInvalidArgument(*emulator_, "args.property_id",
                          [&] { (void)service.invoke("run_report", args); });
  }
  json noMetrics = base;
  noMetrics.erase("metrics");
  expectInvalidArgument(*emulator_, "args.metrics",
                        [&] { (void)service.invoke("run_report", noMetrics); });
  json noDates = base;
  noDates.erase("end_date");
  expectInvalidArgument(*emulator_, "args.start_date",
                        [&] { (void)service.invoke("run_report", noDates); });
  for (const json& bad : {json(-1), json("abc"), json("2x"), json(1.5)}) {
    json args = base;
    args["offset"] = bad;
    expectInvalidArgument(*emulator_, "args.offset",
                          [&] { (void)service.invoke("run_report", args); });
  }
}

TEST_F(AnalyticsTest, AnalyticsErrorsBecomeServiceErrors) {
  auto request = countries();
  request.propertyId = "999999999";
  try {
    (void)analytics().reportRows(request).nextPage();
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.integrationType(), "google_analytics");
    EXPECT_EQ(error.action(), "run_report");
    EXPECT_EQ(error.status(), 403);
    EXPECT_EQ(error.code(), "PERMISSION_DENIED");
    EXPECT_NE(error.detail().find("sufficient permissions"), std::string::npos);
  }
}

TEST_F(AnalyticsTest, AccountSummariesOnTheAdminHostWalkEveryPageAndResume) {
  google_analytics::ListAccountSummariesRequest request;
  request.pageSize = 2;
  auto pager = analytics().listAccountSummaries(request);
  const auto first = pager.nextPage();
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].name, "accountSummaries/1000");
  EXPECT_EQ(first[0].account, "accounts/1000");
  EXPECT_EQ(first[0].displayName, "Acme Inc.");
  ASSERT_EQ(first[0].propertySummaries.size(), 2u);
  EXPECT_EQ(first[0].propertySummaries[0].property, "properties/123456789");
  EXPECT_EQ(first[0].propertySummaries[1].displayName, "Acme app");
  EXPECT_EQ(first[0].propertySummaries[1].propertyType, "PROPERTY_TYPE_ORDINARY");
  ASSERT_TRUE(pager.cursor().has_value());
  const auto rest = pager.all();
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].displayName, "Side project");
  EXPECT_FALSE(pager.hasNext());

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].method, "GET");
  EXPECT_EQ(sent[0].url, std::string(kSummaries) + "?pageSize=2");
  EXPECT_EQ(sent[1].url, std::string(kSummaries) + "?pageSize=2&pageToken=" + kSummariesPage2);
  EXPECT_EQ(header(sent[0], "authorization"), bearer(appToken("google_analytics")));

  clearRequests();
  google_analytics::ListAccountSummariesRequest resume;
  resume.pageToken = kSummariesPage2;
  EXPECT_EQ(analytics().listAccountSummaries(resume).all().size(), 1u);
  EXPECT_EQ(onlyRequest().url, std::string(kSummaries) + "?pageToken=" + kSummariesPage2);
}

TEST_F(AnalyticsTest, Base44ProxySendsTheSameUpstreamRequests) {
  (void)analytics().reportRows(countries()).all();
  (void)analytics().listAccountSummaries({.pageSize = 2, .pageToken = {}}).all();
  const auto direct = requests();
  clearRequests();
  const auto rows = analytics(viaProxy()).reportRows(countries()).all();
  const auto summaries =
      analytics(viaProxy()).listAccountSummaries({.pageSize = 2, .pageToken = {}}).all();
  const auto proxied = requests();

  ASSERT_EQ(direct.size(), 4u);
  ASSERT_EQ(proxied.size(), 4u);
  for (std::size_t i = 0; i < direct.size(); ++i) {
    SCOPED_TRACE(direct[i].url);
    expectSameUpstreamRequest(direct[i], proxied[i]);
  }
  EXPECT_EQ(rows.size(), 3u);
  EXPECT_EQ(summaries.size(), 3u);
}

}  // namespace
}  // namespace b44::adapter_tests
