// The share_point adapter and its typed helpers against the emulator's
// SharePoint sandbox (tools/emulator/sandbox/share_point.json).
#include <b44/adapters/share_point.hpp>

#include "graph_slack_support.hpp"

namespace b44::adapter_tests {
namespace {

using nlohmann::json;

constexpr const char* kSiteId =
    "contoso.sharepoint.com,2C712604-1370-44E7-A1F5-426573FDA80A,2D2244C3-251A-49EA-93A8-"
    "39E1C3A060FE";
constexpr const char* kEncodedSiteId =
    "contoso.sharepoint.com%2C2C712604-1370-44E7-A1F5-426573FDA80A%2C2D2244C3-251A-49EA-93A8-"
    "39E1C3A060FE";
constexpr const char* kSearchNext =
    "https://graph.microsoft.com/v1.0/sites?search=marketing&$skiptoken=U2l0ZXNQYWdlMg";

class SharePointTest : public GraphSlackTest {
 protected:
  [[nodiscard]] share_point::SharePoint sharePoint(ServiceOptions options = {}) const {
    return share_point::SharePoint(service("share_point", std::move(options)));
  }
};

TEST_F(SharePointTest, SearchSitesWalksEveryPageAndStops) {
  const auto sites = sharePoint().searchSites("marketing").all();

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].method, "GET");
  EXPECT_EQ(sent[0].url, "https://graph.microsoft.com/v1.0/sites?search=marketing");
  EXPECT_EQ(sent[1].url, kSearchNext);
  for (const auto& request : sent) {
    EXPECT_EQ(header(request, "authorization"), bearer(kSharePointToken));
  }

  ASSERT_EQ(sites.size(), 3u);
  EXPECT_EQ(sites[0].id, kSiteId);
  EXPECT_EQ(sites[0].name, "marketing");
  EXPECT_EQ(sites[0].displayName, "Marketing");
  EXPECT_EQ(sites[0].description, "The marketing team's site");
  EXPECT_EQ(sites[0].webUrl, "https://contoso.sharepoint.com/sites/marketing");
  EXPECT_EQ(sites[0].hostname, "contoso.sharepoint.com");
  EXPECT_EQ(sites[1].displayName, "Marketing Events");
  EXPECT_EQ(sites[2].displayName, "Marketing Archive");
  EXPECT_EQ(sites[2].lastModifiedDateTime, "2022-12-20T17:00:00Z");
}

TEST_F(SharePointTest, SearchSitesResumesFromASavedNextLink) {
  auto pager = sharePoint().searchSites("marketing");
  EXPECT_EQ(pager.nextPage().size(), 2u);
  ASSERT_TRUE(pager.cursor().has_value());
  EXPECT_EQ(*pager.cursor(), kSearchNext);

  clearRequests();
  auto resumed = sharePoint().searchSites({.query = "marketing", .nextLink = *pager.cursor()});
  const auto page = resumed.nextPage();
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].name, "marketing-archive");
  EXPECT_FALSE(resumed.hasNext());
  EXPECT_EQ(onlyRequest().url, kSearchNext);
}

TEST_F(SharePointTest, SearchSitesEncodesTheKeywords) {
  const auto sites = sharePoint().searchSites("Q&A site #1").all();
  EXPECT_EQ(onlyRequest().url, "https://graph.microsoft.com/v1.0/sites?search=Q%26A%20site%20%231");
  EXPECT_TRUE(sites.empty());
}

TEST_F(SharePointTest, GetSiteByHostNameAndServerRelativePath) {
  const auto site = sharePoint().getSite("contoso.sharepoint.com", "sites/marketing");

  const auto request = onlyRequest();
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.url,
            "https://graph.microsoft.com/v1.0/sites/contoso.sharepoint.com:/sites/marketing");
  EXPECT_EQ(header(request, "authorization"), bearer(kSharePointToken));
  EXPECT_EQ(site.id, kSiteId);
  EXPECT_EQ(site.displayName, "Marketing");
}

TEST_F(SharePointTest, GetSiteEncodesEachSegmentAndLowercasesTheHost) {
  const auto site =
      sharePoint().getSite("Contoso.SharePoint.com", "/sites/marketing/Campaign 2024");
  EXPECT_EQ(onlyRequest().url,
            "https://graph.microsoft.com/v1.0/sites/contoso.sharepoint.com:/sites/marketing/"
            "Campaign%202024");
  EXPECT_EQ(site.name, "Campaign 2024");
}

TEST_F(SharePointTest, GetSiteWithoutAPathIsTheHostsRootSite) {
  const auto site =
      sharePoint().getSite({.hostname = "contoso.sharepoint.com", .path = std::nullopt});
  EXPECT_EQ(onlyRequest().url, "https://graph.microsoft.com/v1.0/sites/contoso.sharepoint.com");
  EXPECT_EQ(site.displayName, "Communication site");
  EXPECT_TRUE(site.raw.contains("root"));
}

// The host name and the path are arguments placed in the URL's path: every
// hostile value is refused before anything is sent, and no token leaks.
TEST_F(SharePointTest, GetSiteRefusesHostileHostNames) {
  const auto service = this->service("share_point");
  for (const std::string& host : std::vector<std::string>{
           "evil.com/", "a@b", "x#", "..", "contoso.sharepoint.com\r\nX-Injected: 1", "",
           std::string(250, 'a') + ".com", std::string(64, 'a') + ".sharepoint.com",
           "contoso.sharepoint.com:443", "contoso.sharepoint.com/sites/x",
           "contoso.sharepoint.com?x", "localhost", "-contoso.sharepoint.com",
           "contoso..sharepoint.com", "contoso.sharepoint.com.", "cöntoso.sharepoint.com",
           "contoso_sp.sharepoint.com", "contoso%2esharepoint.com"}) {
    SCOPED_TRACE(host);
    expectInvalidArgument(
        *emulator_, "args.hostname",
        [&] {
          (void)service.invoke("get_site", {{"hostname", host}, {"path", "sites/marketing"}});
        },
        allGroupTokens());
  }
}

TEST_F(SharePointTest, GetSiteRefusesHostilePaths) {
  const auto service = this->service("share_point");
  for (const std::string& path : std::vector<std::string>{
           "", "/", "..", "sites/../admin", "sites/./marketing", "sites//marketing",
           "sites/marketing/", "sites:/marketing", "sites/marketing:/drive", "sites\\marketing",
           "sites/marketing\r\nX: 1", std::string("sites/\x7f", 7)}) {
    SCOPED_TRACE(path);
    expectInvalidArgument(
        *emulator_, "args.path",
        [&] {
          (void)service.invoke("get_site",
                               {{"hostname", "contoso.sharepoint.com"}, {"path", path}});
        },
        allGroupTokens());
  }
}

TEST_F(SharePointTest, ListDriveItemsWalksEveryPage) {
  share_point::ListDriveItemsRequest options;
  options.siteId = kSiteId;
  options.top = 2;
  const auto items = sharePoint().listDriveItems(options).all();

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].url, std::string("https://graph.microsoft.com/v1.0/sites/") + kEncodedSiteId +
                             "/drive/root/children?%24top=2");
  // Graph's own next link names the site with plain commas; it is sent as given.
  EXPECT_EQ(sent[1].url, std::string("https://graph.microsoft.com/v1.0/sites/") + kSiteId +
                             "/drive/root/children?$skiptoken=RHJpdmVQYWdlMg");

  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].name, "Campaigns");
  EXPECT_TRUE(items[0].isFolder);
  EXPECT_EQ(items[0].childCount, 12);
  EXPECT_EQ(items[1].name, "Launch plan.docx");
  EXPECT_EQ(items[1].raw.at("parentReference").at("siteId"), kSiteId);
  EXPECT_EQ(items[2].name, "Brand guidelines.pdf");
  EXPECT_EQ(items[2].mimeType, "application/pdf");
  EXPECT_EQ(items[2].size, 1048576);
}

TEST_F(SharePointTest, ListDriveItemsOfAFolderResumesAndSelects) {
  share_point::ListDriveItemsRequest options;
  options.siteId = kSiteId;
  options.itemId = "01NKDM7HK3WQ5EJUVVQRDJ4JM3G6CUFYQX";
  options.select = "id,name,file";
  const auto items = sharePoint().listDriveItems(options).all();
  EXPECT_EQ(onlyRequest().url, std::string("https://graph.microsoft.com/v1.0/sites/") +
                                   kEncodedSiteId +
                                   "/drive/items/01NKDM7HK3WQ5EJUVVQRDJ4JM3G6CUFYQX/children"
                                   "?%24select=id%2Cname%2Cfile");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].name, "Spring 2024.pptx");
  EXPECT_EQ(items[0].parentId, "01NKDM7HK3WQ5EJUVVQRDJ4JM3G6CUFYQX");
}

TEST_F(SharePointTest, MissingArgumentsAreNamed) {
  const auto service = this->service("share_point");
  expectInvalidArgument(*emulator_, "args.query",
                        [&] { (void)service.invoke("search_sites", json::object()); });
  expectInvalidArgument(*emulator_, "args.hostname", [&] {
    (void)service.invoke("get_site", {{"path", "sites/marketing"}});
  });
  expectInvalidArgument(*emulator_, "args.site_id", [&] {
    (void)service.invoke("list_drive_items", {{"top", 2}});
  });
  expectInvalidArgument(*emulator_, "args.site_id", [&] {
    (void)service.invoke("list_drive_items", {{"site_id", ".."}});
  });
}

TEST_F(SharePointTest, AMissingSiteIsAServiceErrorNamingTheRequestId) {
  try {
    (void)sharePoint().getSite("contoso.sharepoint.com", "sites/missing");
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.integrationType(), "share_point");
    EXPECT_EQ(error.action(), "get_site");
    EXPECT_EQ(error.status(), 404);
    EXPECT_EQ(error.code(), "itemNotFound");
    EXPECT_EQ(
        error.detail(),
        "Requested site could not be found (request-id 5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a)");
  }
}

TEST_F(SharePointTest, Base44ProxySendsTheSameUpstreamRequests) {
  const auto directSites = sharePoint().searchSites("marketing").all();
  const auto directSite = sharePoint().getSite("contoso.sharepoint.com", "sites/marketing");
  const auto directItems = sharePoint().listDriveItems(kSiteId).all();
  const auto direct = requests();
  clearRequests();

  const auto proxiedSites = sharePoint(viaProxy()).searchSites("marketing").all();
  const auto proxiedSite =
      sharePoint(viaProxy()).getSite("contoso.sharepoint.com", "sites/marketing");
  const auto proxiedItems = sharePoint(viaProxy()).listDriveItems(kSiteId).all();
  const auto proxied = requests();

  ASSERT_EQ(direct.size(), 5u);
  ASSERT_EQ(proxied.size(), 5u);
  expectSameUpstreamRequest(direct[0], proxied[0]);
  expectSameNextPageRequest(direct[1], proxied[1]);
  expectSameUpstreamRequest(direct[2], proxied[2]);
  expectSameUpstreamRequest(direct[3], proxied[3]);
  expectSameNextPageRequest(direct[4], proxied[4]);
  EXPECT_EQ(proxiedSites.size(), directSites.size());
  EXPECT_EQ(proxiedSite.id, directSite.id);
  EXPECT_EQ(proxiedItems.size(), directItems.size());
}

TEST_F(SharePointTest, ListItemsComeWithTheirFieldsAndAnUpdateSendsOnlyTheValues) {
  const std::string list = "4d6c8a3e-1b2f-4a5c-9d8e-7f6a5b4c3d2e";
  const auto items =
      sharePoint().listListItems({.siteId = kSiteId, .listId = list, .top = 2}).all();
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].fields.at("Title"), "Spring launch");
  EXPECT_EQ(items[2].fields.at("Budget"), 40000);
  auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].url, std::string("https://graph.microsoft.com/v1.0/sites/") + kEncodedSiteId +
                             "/lists/" + list + "/items?%24expand=fields&%24top=2");
  clearRequests();

  (void)sharePoint().updateListItem(kSiteId, list, "1", json({{"Status", "Done"}}));
  const auto request = onlyRequest();
  EXPECT_EQ(request.method, "PATCH");
  EXPECT_EQ(request.url, std::string("https://graph.microsoft.com/v1.0/sites/") + kEncodedSiteId +
                             "/lists/" + list + "/items/1/fields");
  EXPECT_EQ(jsonBody(request), json({{"Status", "Done"}}));
  clearRequests();
  expectInvalidArgument(*emulator_, "args.fields", [&] {
    (void)sharePoint().updateListItem(kSiteId, list, "1", json::object());
  });
}

TEST_F(SharePointTest, UploadAndSearchUseTheFamilysHooks) {
  const auto file =
      sharePoint().uploadSmallFile(kSiteId, "Briefs/brief.md", "# Spring launch brief");
  auto request = onlyRequest();
  EXPECT_EQ(request.url, std::string("https://graph.microsoft.com/v1.0/sites/") + kEncodedSiteId +
                             "/drive/root:/Briefs/brief.md:/content");
  EXPECT_EQ(header(request, "content-type"), "text/plain");
  EXPECT_EQ(request.body, "# Spring launch brief");
  EXPECT_EQ(file.name, "brief.md");
  clearRequests();

  const auto found =
      sharePoint().searchDriveItems({.siteId = kSiteId, .query = "brief", .top = 2}).all();
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[2].name, "Brief template.dotx");
  clearRequests();
  expectInvalidArgument(*emulator_, "args.path", [&] {
    (void)sharePoint().uploadSmallFile(kSiteId, "Briefs/../../x", "text");
  });
}

}  // namespace
}  // namespace b44::adapter_tests
