// The salesforce adapter and its typed helpers against the emulator's
// Salesforce sandbox, including the instance URL taken from the connection
// config.
#include "accounts_support.hpp"

#include <b44/adapters/salesforce.hpp>

namespace b44::adapter_tests::accounts {
namespace {

using nlohmann::json;

constexpr const char* kSoql = "SELECT Id, Name, Owner.Name FROM Account ORDER BY Name";
constexpr const char* kNextRecords = "/services/data/v60.0/query/01gD0000002HU6KIAW-2000";

class SalesforceTest : public AccountsTest {
 protected:
  [[nodiscard]] salesforce::Salesforce salesforce(ServiceOptions options = {}) const {
    return salesforce::Salesforce(service("salesforce", std::move(options)));
  }
};

TEST_F(SalesforceTest, QueryWalksEveryPageOnTheConfiguredInstance) {
  const auto records = salesforce()
                           .query({.q = kSoql,
                                   .includeDeleted = std::nullopt,
                                   .batchSize = std::nullopt,
                                   .nextRecordsUrl = std::nullopt})
                           .all();

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].method, "GET");
  EXPECT_EQ(sent[0].url,
            "https://acme.my.salesforce.com/services/data/v60.0/query"
            "?q=SELECT%20Id%2C%20Name%2C%20Owner.Name%20FROM%20Account%20ORDER%20BY%20Name");
  // The next page is the locator alone: Salesforce wants no parameters with it.
  EXPECT_EQ(sent[1].url, std::string("https://acme.my.salesforce.com") + kNextRecords);
  for (const auto& r : sent) {
    EXPECT_EQ(header(r, "authorization"), bearer(kSalesforceToken));
    EXPECT_EQ(header(r, "sforce-query-options"), "");
    EXPECT_FALSE(r.body.has_value());
  }

  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].type, "Account");
  EXPECT_EQ(records[0].id, "001D000000IRFmaIAH");
  EXPECT_EQ(records[0].url, "/services/data/v60.0/sobjects/Account/001D000000IRFmaIAH");
  // The selected fields are in raw, as Salesforce answered them.
  EXPECT_EQ(records[0].raw.at("Name"), "Acme Corporation");
  EXPECT_EQ(records[0].raw.at("Owner").at("Name"), "Ada Lovelace");
  EXPECT_TRUE(records[1].raw.at("Owner").is_null());
  EXPECT_EQ(records[2].raw.at("Name"), "Global Media");
}

TEST_F(SalesforceTest, QueryResumesFromASavedNextRecordsUrl) {
  auto pager = salesforce().query({.q = kSoql,
                                   .includeDeleted = std::nullopt,
                                   .batchSize = 200,
                                   .nextRecordsUrl = std::nullopt});
  EXPECT_EQ(pager.nextPage().size(), 2u);
  ASSERT_TRUE(pager.cursor().has_value());
  EXPECT_EQ(*pager.cursor(), kNextRecords);
  EXPECT_EQ(header(onlyRequest(), "sforce-query-options"), "batchSize=200");

  clearRequests();
  const auto rest = salesforce()
                        .query({.q = kSoql,
                                .includeDeleted = std::nullopt,
                                .batchSize = 200,
                                .nextRecordsUrl = *pager.cursor()})
                        .all();
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].id, "001D000000IomazIAB");
  const auto sent = onlyRequest();
  EXPECT_EQ(sent.url, std::string("https://acme.my.salesforce.com") + kNextRecords);
  EXPECT_EQ(header(sent, "sforce-query-options"), "batchSize=200");
}

TEST_F(SalesforceTest, QueryAllReadsDeletedRecords) {
  const auto records = salesforce()
                           .query({.q = "SELECT Id, Name FROM Account WHERE IsDeleted = true",
                                   .includeDeleted = true,
                                   .batchSize = std::nullopt,
                                   .nextRecordsUrl = std::nullopt})
                           .all();
  EXPECT_EQ(onlyRequest().url,
            "https://acme.my.salesforce.com/services/data/v60.0/queryAll"
            "?q=SELECT%20Id%2C%20Name%20FROM%20Account%20WHERE%20IsDeleted%20%3D%20true");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].raw.at("IsDeleted"), true);
}

TEST_F(SalesforceTest, CreateRecordPostsTheFields) {
  const auto created =
      salesforce().createRecord("Account", {{"Name", "Acme Corporation"}, {"Industry", "Energy"}});
  const auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, "https://acme.my.salesforce.com/services/data/v60.0/sobjects/Account/");
  EXPECT_EQ(header(sent, "authorization"), bearer(kSalesforceToken));
  EXPECT_EQ(header(sent, "content-type"), "application/json");
  EXPECT_EQ(jsonBody(sent), json({{"Name", "Acme Corporation"}, {"Industry", "Energy"}}));
  EXPECT_EQ(created.id, "001D000000K0fXOIAZ");
  EXPECT_TRUE(created.success);
  EXPECT_TRUE(created.errors.empty());
}

TEST_F(SalesforceTest, SandboxAndLegacyInstancesAreAccepted) {
  (void)salesforce(fromWorkspace("sf_sandbox")).createRecord("Contact", {{"LastName", "Byron"}});
  auto sent = onlyRequest();
  EXPECT_EQ(sent.url,
            "https://acme--uat.sandbox.my.salesforce.com/services/data/v60.0/sobjects/Contact/");
  EXPECT_EQ(header(sent, "authorization"), bearer(kSalesforceSandboxToken));

  clearRequests();
  (void)salesforce(fromWorkspace("sf_legacy")).createRecord("Contact", {{"LastName", "Byron"}});
  EXPECT_EQ(onlyRequest().url, "https://na1.salesforce.com/services/data/v60.0/sobjects/Contact/");
}

TEST_F(SalesforceTest, InputIsCheckedBeforeSending) {
  const auto service = this->service("salesforce");
  for (const std::string bad : {"Account/../User", "Acc ount", "1Account", "Account%2F", ".."}) {
    SCOPED_TRACE(bad);
    expectInvalidArgument(*emulator_, "args.sobject", [&] {
      (void)service.invoke("create_record", {{"sobject", bad}, {"fields", json::object()}});
    });
  }
  expectInvalidArgument(*emulator_, "args.fields", [&] {
    (void)service.invoke("create_record", {{"sobject", "Account"}, {"fields", "Name=Acme"}});
  });
  // A cursor must be a locator of this API version on the same instance.
  for (const std::string bad :
       {"https://evil.com/services/data/v60.0/query/01gD0000002HU6KIAW-2000",
        "/services/data/v60.0/sobjects/User", "/services/data/v59.0/query/01gD0000002HU6KIAW-2000",
        "/services/data/v60.0/query/../sobjects/User-1", "//evil.com/query/01g-2000"}) {
    SCOPED_TRACE(bad);
    expectInvalidArgument(*emulator_, "args.next_records_url", [&] {
      (void)service.invoke("query", {{"q", kSoql}, {"next_records_url", bad}});
    });
  }
  expectInvalidArgument(*emulator_, "args.batch_size", [&] {
    (void)service.invoke("query", {{"q", kSoql}, {"batch_size", 100}});
  });
}

TEST_F(SalesforceTest, UpdateAndUpsertSendTheFieldsAsTheWholeBody) {
  const auto updated = salesforce().updateRecord(
      "Account", "001D000000IRFmaIAH", {{"Phone", "(415) 555-0100"}, {"Website", nullptr}});
  auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "PATCH");
  EXPECT_EQ(
      sent.url,
      "https://acme.my.salesforce.com/services/data/v60.0/sobjects/Account/001D000000IRFmaIAH");
  EXPECT_EQ(header(sent, "content-type"), "application/json");
  EXPECT_EQ(jsonBody(sent), json({{"Phone", "(415) 555-0100"}, {"Website", nullptr}}));
  EXPECT_TRUE(updated.is_null()) << "204: no content";

  clearRequests();
  const auto upserted = salesforce().upsertRecord("Account", "Customer_Number__c", "CN 1042/7",
                                                  {{"Name", "Northwind Traders"}});
  sent = onlyRequest();
  EXPECT_EQ(sent.method, "PATCH");
  EXPECT_EQ(sent.url,
            "https://acme.my.salesforce.com/services/data/v60.0/sobjects/Account/"
            "Customer_Number__c/CN%201042%2F7");
  EXPECT_EQ(jsonBody(sent), json({{"Name", "Northwind Traders"}}));
  EXPECT_TRUE(upserted.created);
  EXPECT_EQ(upserted.id, "001D000000K0fXRIAZ");

  clearRequests();
  const auto service = this->service("salesforce");
  expectInvalidArgument(*emulator_, "args.record_id", [&] {
    (void)service.invoke(
        "update_record",
        {{"sobject", "Account"}, {"record_id", "../User/005"}, {"fields", json::object()}});
  });
  expectInvalidArgument(*emulator_, "args.fields", [&] {
    (void)service.invoke("update_record",
                         {{"sobject", "Account"}, {"record_id", "001D000000IRFmaIAH"}});
  });
}

TEST_F(SalesforceTest, CollectionsAnswerOneResultPerRecordInOrder) {
  const auto deleted = salesforce().deleteRecords(
      {.ids = {"001D000000K0fXPIAZ", "001D000000K0fXQIAZ"}, .allOrNone = false});
  EXPECT_EQ(onlyRequest().url,
            "https://acme.my.salesforce.com/services/data/v60.0/composite/sobjects"
            "?ids=001D000000K0fXPIAZ%2C001D000000K0fXQIAZ&allOrNone=false");
  ASSERT_EQ(deleted.results.size(), 2u);
  EXPECT_TRUE(deleted.results[0].success);
  EXPECT_FALSE(deleted.results[1].success);
  ASSERT_EQ(deleted.results[1].errors.size(), 1u);
  EXPECT_EQ(deleted.results[1].errors[0].statusCode, "ENTITY_IS_DELETED");

  clearRequests();
  const auto records = salesforce().getRecords(
      "Account", {"001D000000IRFmaIAH", "001D000000K0fXPIAZ"}, {"Id", "Name"});
  EXPECT_EQ(onlyRequest().url,
            "https://acme.my.salesforce.com/services/data/v60.0/composite/sobjects/Account"
            "?ids=001D000000IRFmaIAH%2C001D000000K0fXPIAZ&fields=Id%2CName");
  ASSERT_EQ(records.records.size(), 2u);
  EXPECT_EQ(records.records[1].id, "001D000000K0fXPIAZ");
  EXPECT_EQ(records.records[1].type, "Account");

  clearRequests();
  const auto service = this->service("salesforce");
  json tooMany = json::array();
  for (int i = 0; i < 201; ++i) tooMany.push_back("001D000000IRFmaIAH");
  expectInvalidArgument(*emulator_, "args.ids", [&] {
    (void)service.invoke("delete_records", {{"ids", tooMany}});
  });
}

TEST_F(SalesforceTest, DescribesSearchesAndTheUserComeFromTheInstance) {
  const auto account = salesforce().describeSobject("Account");
  EXPECT_EQ(account.name, "Account");
  ASSERT_FALSE(account.fields.empty());
  EXPECT_EQ(account.fields[0].name, "Id");

  const auto found = salesforce().search("FIND {Acme} RETURNING Account(Id, Name)");
  ASSERT_EQ(found.searchRecords.size(), 2u);
  EXPECT_EQ(found.searchRecords[1].type, "Contact");

  clearRequests();
  const auto me = salesforce().getUserInfo();
  const auto sent = onlyRequest();
  EXPECT_EQ(sent.url, "https://acme.my.salesforce.com/services/oauth2/userinfo");
  EXPECT_EQ(header(sent, "authorization"), bearer(kSalesforceToken));
  EXPECT_EQ(me.userId, "005D0000001KyEIIA0");
  EXPECT_EQ(me.organizationId, "00DD0000000FHaWMAW");
  EXPECT_EQ(me.email, "ada@acme.example");
}

TEST_F(SalesforceTest, ErrorArraysBecomeServiceErrors) {
  try {
    (void)salesforce()
        .query({.q = "SELECT Id FROM Bogus__c",
                .includeDeleted = std::nullopt,
                .batchSize = std::nullopt,
                .nextRecordsUrl = std::nullopt})
        .nextPage();
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.integrationType(), "salesforce");
    EXPECT_EQ(error.status(), 400);
    EXPECT_EQ(error.code(), "INVALID_TYPE");
    EXPECT_NE(error.detail().find("sObject type 'Bogus__c' is not supported."), std::string::npos);
  }
  try {
    (void)salesforce().createRecord("Account", {{"Name", "x"}, {"Bogus__c", 1}});
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.status(), 400);
    EXPECT_EQ(error.code(), "INVALID_FIELD");
    EXPECT_EQ(error.detail(), "No such column 'Bogus__c' on sobject of type Account");
  }
}

TEST_F(SalesforceTest, TheOrgsApiLimitIsARateLimitSignal) {
  const auto& spec = registry().adapter("salesforce")->spec();
  EXPECT_EQ(spec.rateLimit.extraStatuses, std::vector<int>{403});
  clearRequests();
  try {
    (void)salesforce().createRecord("Throttled__c", {{"Name", "x"}});
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.status(), 403);
    EXPECT_EQ(error.code(), "REQUEST_LIMIT_EXCEEDED");
  }
  // Creating is not retried.
  EXPECT_EQ(requests().size(), 1u);
}

TEST_F(SalesforceTest, MissingInstanceUrlIsRejected) {
  const auto client = salesforce(fromWorkspace("sf_no_config"));
  expectUnusableConfig(*emulator_, "connectionConfig.instance_url",
                       [&] {
                         (void)client.createRecord("Account", {{"Name", "x"}});
                       },
                       {kSalesforceBadToken});
}

class SalesforceBadInstanceTest
    : public SalesforceTest,
      public ::testing::WithParamInterface<std::pair<std::string, std::string>> {};

TEST_P(SalesforceBadInstanceTest, IsRejectedBeforeAnyRequest) {
  const auto& [connector, value] = GetParam();
  const auto client = salesforce(fromWorkspace(connector));
  expectUnusableConfig(*emulator_, "connectionConfig.instance_url",
                       [&] {
                         (void)client
                             .query({.q = kSoql,
                                     .includeDeleted = std::nullopt,
                                     .batchSize = std::nullopt,
                                     .nextRecordsUrl = std::nullopt})
                             .nextPage();
                       },
                       {kSalesforceBadToken});
  expectUnusableConfig(*emulator_, "connectionConfig.instance_url",
                       [&] {
                         (void)client.createRecord("Account", {{"Name", "x"}});
                       },
                       {kSalesforceBadToken});
}

INSTANTIATE_TEST_SUITE_P(EveryClass, SalesforceBadInstanceTest,
                         ::testing::ValuesIn(badInstanceUrls()),
                         [](const auto& info) { return info.param.first; });

TEST_F(SalesforceTest, Base44ProxySendsTheSameUpstreamRequests) {
  expectProxyMatchesDirect(
      [&](ServiceOptions options) {
        const auto sf = salesforce(std::move(options));
        EXPECT_EQ(sf.query({.q = kSoql,
                            .includeDeleted = std::nullopt,
                            .batchSize = 500,
                            .nextRecordsUrl = std::nullopt})
                      .all()
                      .size(),
                  3u);
        EXPECT_EQ(sf.createRecord("Account", {{"Name", "Proxied"}}).id, "001D000000K0fXOIAZ");
      },
      {"sforce-query-options"});
}

}  // namespace
}  // namespace b44::adapter_tests::accounts
