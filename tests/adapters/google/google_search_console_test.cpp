// The google_search_console adapter and its typed helpers against the
// emulator's Search Console sandbox.
#include "google_support.hpp"

#include <b44/adapters/google_search_console.hpp>

namespace b44::adapter_tests {
namespace {

using nlohmann::json;

constexpr const char* kSites = "https://www.googleapis.com/webmasters/v3/sites";

class SearchConsoleTest : public GoogleAdapterTest {
 protected:
  [[nodiscard]] google_search_console::SearchConsole console(ServiceOptions options = {}) const {
    return google_search_console::SearchConsole(
        service("google_search_console", std::move(options)));
  }
  static google_search_console::QuerySearchAnalyticsRequest topQueries(std::string site) {
    google_search_console::QuerySearchAnalyticsRequest request;
    request.siteUrl = std::move(site);
    request.startDate = "2024-04-01";
    request.endDate = "2024-04-30";
    request.dimensions = json::array({"query"});
    request.rowLimit = 2;
    return request;
  }
};

TEST_F(SearchConsoleTest, ListSites) {
  const auto sites = console().listSites().sites;
  const auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "GET");
  EXPECT_EQ(sent.url, kSites);
  EXPECT_EQ(header(sent, "authorization"), bearer(appToken("google_search_console")));
  ASSERT_EQ(sites.size(), 2u);
  EXPECT_EQ(sites[0].siteUrl, "https://www.example.com/");
  EXPECT_EQ(sites[0].permissionLevel, "siteOwner");
  EXPECT_EQ(sites[1].siteUrl, "sc-domain:example.com");
}

TEST_F(SearchConsoleTest, SiteUrlIsEncodedAsOnePathSegmentAndRowsArePagedByStartRow) {
  const auto rows = console().querySearchAnalytics(topQueries("https://www.example.com/")).all();

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  const std::string url =
      std::string(kSites) + "/https%3A%2F%2Fwww.example.com%2F/searchAnalytics/query";
  const json first = {{"startDate", "2024-04-01"},
                      {"endDate", "2024-04-30"},
                      {"dimensions", {"query"}},
                      {"rowLimit", 2}};
  json second = first;
  second["startRow"] = 2;
  for (const auto& r : sent) {
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.url, url);
    EXPECT_EQ(header(r, "content-type"), "application/json");
  }
  EXPECT_EQ(jsonBody(sent[0]), first);
  EXPECT_EQ(jsonBody(sent[1]), second);

  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].keys, std::vector<std::string>{"base44"});
  EXPECT_DOUBLE_EQ(rows[0].clicks, 1520);
  EXPECT_DOUBLE_EQ(rows[0].impressions, 20311);
  EXPECT_DOUBLE_EQ(rows[0].position, 1.3);
  EXPECT_EQ(rows[2].keys, std::vector<std::string>{"base44 sdk"});
}

TEST_F(SearchConsoleTest, DomainPropertyAndResumeFromASavedStartRow) {
  auto pager = console().querySearchAnalytics(topQueries("sc-domain:example.com"));
  EXPECT_EQ(pager.nextPage().size(), 2u);
  ASSERT_TRUE(pager.cursor().has_value());
  EXPECT_EQ(*pager.cursor(), "2");
  EXPECT_EQ(onlyRequest().url,
            std::string(kSites) + "/sc-domain%3Aexample.com/searchAnalytics/query");

  clearRequests();
  auto resume = topQueries("sc-domain:example.com");
  resume.startRow = "2";
  auto resumed = console().querySearchAnalytics(resume);
  EXPECT_EQ(resumed.nextPage().size(), 1u);
  EXPECT_FALSE(resumed.hasNext());
  EXPECT_EQ(jsonBody(onlyRequest())["startRow"], 2);
}

TEST_F(SearchConsoleTest, AShortPageIsTheLast) {
  auto request = topQueries("https://www.example.com/");
  request.rowLimit.reset();  // Google's default 1,000: two rows are all there is
  request.type = "web";
  request.dataState = "all";
  request.dimensionFilterGroups = json::array(
      {{{"filters", {{{"dimension", "country"}, {"operator", "equals"}, {"expression", "deu"}}}}}});
  auto pager = console().querySearchAnalytics(request);
  EXPECT_EQ(pager.all().size(), 2u);
  const auto body = jsonBody(onlyRequest());
  EXPECT_EQ(body["type"], "web");
  EXPECT_EQ(body["dataState"], "all");
  EXPECT_EQ(body["dimensionFilterGroups"], request.dimensionFilterGroups);
  EXPECT_FALSE(body.contains("rowLimit"));
}

TEST_F(SearchConsoleTest, HostileSiteUrlsAndBadInputAreRejected) {
  const auto service = this->service("google_search_console");
  const json base = {{"start_date", "2024-04-01"}, {"end_date", "2024-04-30"}};
  for (const std::string bad :
       {"example.com", "ftp://example.com/", "https://", "https://exa mple.com/",
        "https://example.com/?q=1", "https://example.com/#x", "sc-domain:", "sc-domain:a/b",
        "sc-domain:a@b", "..", "", "https://example.com/\r\nX: 1", "javascript:alert(1)"}) {
    SCOPED_TRACE(bad);
    json args = base;
    args["site_url"] = bad;
    expectInvalidArgument(*emulator_, "args.site_url",
                          [&] { (void)service.invoke("query_search_analytics", args); });
  }
  json args = base;
  args["site_url"] = "https://www.example.com/";
  args["start_date"] = "April 1";
  expectInvalidArgument(*emulator_, "args.start_date",
                        [&] { (void)service.invoke("query_search_analytics", args); });
  args["start_date"] = "2024-04-01";
  args["row_limit"] = 25001;
  expectInvalidArgument(*emulator_, "args.row_limit",
                        [&] { (void)service.invoke("query_search_analytics", args); });
  args.erase("row_limit");
  args["type"] = "shopping";
  expectInvalidArgument(*emulator_, "args.type",
                        [&] { (void)service.invoke("query_search_analytics", args); });
  args.erase("type");
  args.erase("end_date");
  expectInvalidArgument(*emulator_, "args.end_date",
                        [&] { (void)service.invoke("query_search_analytics", args); });
}

TEST_F(SearchConsoleTest, SearchConsoleErrorsBecomeServiceErrors) {
  try {
    (void)console().querySearchAnalytics(topQueries("https://not-mine.example/")).nextPage();
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.integrationType(), "google_search_console");
    EXPECT_EQ(error.action(), "query_search_analytics");
    EXPECT_EQ(error.status(), 403);
    EXPECT_EQ(error.code(), "forbidden");
    EXPECT_NE(error.detail().find("sufficient permission"), std::string::npos);
  }
}

TEST_F(SearchConsoleTest, Base44ProxySendsTheSameUpstreamRequests) {
  (void)console().listSites();
  (void)console().querySearchAnalytics(topQueries("https://www.example.com/")).all();
  const auto direct = requests();
  clearRequests();
  const auto sites = console(viaProxy()).listSites().sites;
  const auto rows =
      console(viaProxy()).querySearchAnalytics(topQueries("https://www.example.com/")).all();
  const auto proxied = requests();

  ASSERT_EQ(direct.size(), 3u);
  ASSERT_EQ(proxied.size(), 3u);
  for (std::size_t i = 0; i < direct.size(); ++i) {
    SCOPED_TRACE(direct[i].url);
    expectSameUpstreamRequest(direct[i], proxied[i]);
  }
  EXPECT_EQ(sites.size(), 2u);
  EXPECT_EQ(rows.size(), 3u);
}

TEST_F(SearchConsoleTest, InspectUrlGoesToTheSearchConsoleHostAndSitemapsAreSegments) {
  const auto result =
      console().inspectUrl("https://www.example.com/blog/launch", "https://www.example.com/");
  EXPECT_EQ(result["inspectionResult"]["indexStatusResult"]["verdict"], "PASS");
  auto sent = onlyRequest();
  EXPECT_EQ(sent.url, "https://searchconsole.googleapis.com/v1/urlInspection/index:inspect");
  EXPECT_EQ(jsonBody(sent), json({{"inspectionUrl", "https://www.example.com/blog/launch"},
                                  {"siteUrl", "https://www.example.com/"}}));

  clearRequests();
  EXPECT_TRUE(console()
                  .submitSitemap("https://www.example.com/", "https://www.example.com/sitemap.xml")
                  .is_null());
  sent = onlyRequest();
  EXPECT_EQ(sent.method, "PUT");
  EXPECT_EQ(
      sent.url,
      "https://www.googleapis.com/webmasters/v3/sites/https%3A%2F%2Fwww.example.com%2F/sitemaps/"
      "https%3A%2F%2Fwww.example.com%2Fsitemap.xml");
}

}  // namespace
}  // namespace b44::adapter_tests
