// The wix adapter and its typed helpers against the emulator's Wix sandbox:
// the raw token in Authorization, cursor paging in a POST body, offset paging
// of contacts.
#include "accounts_support.hpp"

#include <b44/adapters/wix.hpp>

namespace b44::adapter_tests::accounts {
namespace {

using nlohmann::json;

constexpr const char* kNextCursor = "eyJmaWx0ZXIiOnsiaW5TdG9jayI6dHJ1ZX0sInNraXAiOjJ9";
constexpr const char* kSiteId = "1b6b3a1e-6f1e-4c1a-9b1e-2d3c4b5a6f70";

class WixTest : public AccountsTest {
 protected:
  [[nodiscard]] wix::Wix wix(ServiceOptions options = {}) const {
    return wix::Wix(service("wix", std::move(options)));
  }
  static wix::QueryDataItemsRequest products() {
    wix::QueryDataItemsRequest request;
    request.collectionId = "Products";
    request.filter = {{"inStock", {{"$eq", true}}}};
    request.sort = json::array({{{"fieldName", "title"}, {"order", "ASC"}}});
    request.limit = 2;
    return request;
  }
};

TEST_F(WixTest, QueryDataItemsWalksEveryPageWithTheRawToken) {
  const auto items = wix().queryDataItems(products()).all();

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  for (const auto& r : sent) {
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.url, "https://www.wixapis.com/wix-data/v2/items/query");
    // Wix takes the access token as it is, without a scheme.
    EXPECT_EQ(header(r, "authorization"), kWixToken);
    EXPECT_EQ(header(r, "content-type"), "application/json");
    EXPECT_EQ(header(r, "wix-site-id"), "");
  }
  EXPECT_EQ(jsonBody(sent[0]),
            json({{"dataCollectionId", "Products"},
                  {"query",
                   {{"filter", {{"inStock", {{"$eq", true}}}}},
                    {"sort", json::array({{{"fieldName", "title"}, {"order", "ASC"}}})},
                    {"cursorPaging", {{"limit", 2}}}}}}));
  // With a cursor only cursorPaging goes: the cursor carries filter and sort.
  EXPECT_EQ(jsonBody(sent[1]),
            json({{"dataCollectionId", "Products"},
                  {"query", {{"cursorPaging", {{"limit", 2}, {"cursor", kNextCursor}}}}}}));

  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].id, "1a9e4f7c-0b2d-4c8e-8f3a-5d6b7c8d9e01");
  EXPECT_EQ(items[0].dataCollectionId, "Products");
  EXPECT_EQ(items[0].data.at("title"), "Oak chair");
  EXPECT_EQ(items[2].data.at("price"), 39.5);
}

TEST_F(WixTest, QueryDataItemsResumesFromASavedCursor) {
  auto pager = wix().queryDataItems(products());
  EXPECT_EQ(pager.nextPage().size(), 2u);
  ASSERT_TRUE(pager.cursor().has_value());
  EXPECT_EQ(*pager.cursor(), kNextCursor);

  clearRequests();
  auto resume = products();
  resume.cursor = *pager.cursor();
  const auto rest = wix().queryDataItems(resume).all();
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].data.at("title"), "Desk lamp");
  EXPECT_EQ(jsonBody(onlyRequest()).at("query").at("cursorPaging").at("cursor"), kNextCursor);
}

TEST_F(WixTest, ListContactsWalksEveryOffset) {
  wix::ListContactsRequest request;
  request.limit = 2;
  request.fieldsets = json::array({"FULL"});
  request.sortField = "info.name.last";
  request.sortOrder = "ASC";
  const auto contacts = wix().listContacts(request).all();

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  const std::string base = "https://www.wixapis.com/contacts/v4/contacts?paging.limit=2";
  const std::string rest = "&sort.fieldName=info.name.last&sort.order=ASC&fieldsets=FULL";
  EXPECT_EQ(sent[0].method, "GET");
  EXPECT_EQ(sent[0].url, base + rest);
  EXPECT_EQ(sent[1].url, base + "&paging.offset=2" + rest);
  for (const auto& r : sent) EXPECT_EQ(header(r, "authorization"), kWixToken);

  ASSERT_EQ(contacts.size(), 3u);
  EXPECT_EQ(contacts[0].id, "8046df3c-7575-4098-a5ab-c91ad8f33c47");
  EXPECT_EQ(contacts[0].firstName, "Ada");
  EXPECT_EQ(contacts[0].lastName, "Lovelace");
  EXPECT_EQ(contacts[0].email, "ada@example.com");
  EXPECT_EQ(contacts[0].phone, "+44 20 7946 0018");
  EXPECT_EQ(contacts[0].company, "Analytical Engines");
  EXPECT_EQ(contacts[0].revision, 3);
  EXPECT_EQ(contacts[0].labelKeys,
            (std::vector<std::string>{"custom.vip", "contacts.contacted-me"}));
  EXPECT_EQ(contacts[2].lastName, "Hopper");
}

TEST_F(WixTest, ListContactsResumesFromASavedOffset) {
  auto pager = wix().listContacts();
  (void)pager.nextPage();
  ASSERT_TRUE(pager.cursor().has_value());
  EXPECT_EQ(*pager.cursor(), "2");

  clearRequests();
  wix::ListContactsRequest resume;
  resume.offset = *pager.cursor();
  EXPECT_EQ(wix().listContacts(resume).all().size(), 1u);
  EXPECT_EQ(onlyRequest().url, "https://www.wixapis.com/contacts/v4/contacts?paging.offset=2");
}

TEST_F(WixTest, ASiteIdTravelsAsTheWixSiteIdHeader) {
  auto request = products();
  request.siteId = kSiteId;
  (void)wix().queryDataItems(request).nextPage();
  auto sent = onlyRequest();
  EXPECT_EQ(header(sent, "wix-site-id"), kSiteId);
  EXPECT_FALSE(jsonBody(sent).contains("site_id"));

  clearRequests();
  wix::ListContactsRequest contacts;
  contacts.siteId = kSiteId;
  (void)wix().listContacts(contacts).nextPage();
  EXPECT_EQ(header(onlyRequest(), "wix-site-id"), kSiteId);

  clearRequests();
  const auto service = this->service("wix");
  for (const std::string bad : {"not-a-guid", "1b6b3a1e-6f1e-4c1a-9b1e-2d3c4b5a6f70\r\nX: 1"}) {
    expectInvalidArgument(*emulator_, "args.site_id", [&] {
      (void)service.invoke("list_contacts", {{"site_id", bad}});
    });
  }
  expectInvalidArgument(*emulator_, "args.offset", [&] {
    (void)service.invoke("list_contacts", {{"offset", "-5"}});
  });
  expectInvalidArgument(*emulator_, "args.sort_order", [&] {
    (void)service.invoke("list_contacts", {{"sort_order", "UP"}});
  });
}

TEST_F(WixTest, WixErrorsBecomeServiceErrors) {
  auto request = products();
  request.collectionId = "Missing";
  try {
    (void)wix().queryDataItems(request).nextPage();
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.integrationType(), "wix");
    EXPECT_EQ(error.status(), 404);
    EXPECT_EQ(error.code(), "WDE0025");
    EXPECT_NE(error.detail().find("The Missing collection does not exist"), std::string::npos);
    EXPECT_EQ(std::string(error.what()).find(kWixToken), std::string::npos);
  }
}

TEST_F(WixTest, Base44ProxySendsTheSameUpstreamRequests) {
  expectProxyMatchesDirect(
      [&](ServiceOptions options) {
        const auto client = wix(std::move(options));
        auto request = products();
        request.siteId = kSiteId;
        EXPECT_EQ(client.queryDataItems(request).all().size(), 3u);
        wix::ListContactsRequest contacts;
        contacts.limit = 2;
        EXPECT_EQ(client.listContacts(contacts).all().size(), 3u);
      },
      {"wix-site-id"});
}

}  // namespace
}  // namespace b44::adapter_tests::accounts
