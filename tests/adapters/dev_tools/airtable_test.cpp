// The airtable adapter and its typed helpers against the emulator's Airtable
// sandbox.
#include "dev_tools_support.hpp"

#include <b44/adapters/airtable.hpp>

namespace b44::adapter_tests {
namespace {

using nlohmann::json;

const std::string kBearer = std::string("Bearer ") + kAirtableToken;
constexpr const char* kBase = "appABC123def456";
constexpr const char* kRecordsOffset = "itrHqW8gGbTQHWz2k/rec560UJdUtocSouk";
constexpr const char* kBasesOffset = "itr23sEjsdfEr3282/appSW9R5uCNmRmfl6";

class AirtableTest : public DevToolsTest {
 protected:
  [[nodiscard]] airtable::Airtable airtable(ServiceOptions options = {}) const {
    return airtable::Airtable(service("airtable", std::move(options)));
  }
};

TEST_F(AirtableTest, ListRecordsEncodesEveryOptionAndWalksEveryPage) {
  airtable::ListRecordsRequest request;
  request.baseId = kBase;
  request.table = "Tasks & Notes";
  request.view = "Grid view";
  request.fields = {"Name", "Status"};
  request.filterByFormula = "{Status} != 'Done'";
  request.sort = json::array({{{"field", "Name"}, {"direction", "desc"}}});
  request.pageSize = 2;
  auto pager = airtable().listRecords(request);
  const auto records = pager.all();
  EXPECT_FALSE(pager.hasNext());

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  const std::string first =
      "https://api.airtable.com/v0/appABC123def456/Tasks%20%26%20Notes?pageSize=2"
      "&view=Grid%20view&sort%5B0%5D%5Bfield%5D=Name&sort%5B0%5D%5Bdirection%5D=desc"
      "&filterByFormula=%7BStatus%7D%20%21%3D%20%27Done%27&fields%5B%5D=Name"
      "&fields%5B%5D=Status";
  EXPECT_EQ(sent[0].url, first);
  EXPECT_EQ(sent[1].url, first + "&offset=itrHqW8gGbTQHWz2k%2Frec560UJdUtocSouk");
  for (const auto& r : sent) {
    EXPECT_EQ(r.method, "GET");
    EXPECT_EQ(header(r, "authorization"), kBearer);
  }

  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].id, "rec560UJdUtocSouk");
  EXPECT_EQ(records[0].createdTime, "2024-04-20T08:00:00.000Z");
  EXPECT_EQ(records[0].fields.at("Name"), "Write the launch post");
  EXPECT_EQ(records[0].fields.at("Tags"), json({"launch", "blog"}));
  EXPECT_EQ(records[1].fields.at("Status"), "In progress");
  EXPECT_EQ(records[2].fields.at("Estimate"), 2);
}

TEST_F(AirtableTest, ListRecordsResumesFromASavedOffset) {
  auto first = airtable().listRecords({.baseId = kBase, .table = "tblTasks"});
  EXPECT_EQ(first.nextPage().size(), 2u);
  EXPECT_EQ(onlyRequest().url, "https://api.airtable.com/v0/appABC123def456/tblTasks");
  ASSERT_TRUE(first.cursor().has_value());
  EXPECT_EQ(*first.cursor(), kRecordsOffset);

  clearRequests();
  airtable::ListRecordsRequest resume{.baseId = kBase, .table = "tblTasks"};
  resume.offset = *first.cursor();
  auto rest = airtable().listRecords(resume);
  EXPECT_EQ(rest.all().size(), 1u);
  EXPECT_FALSE(rest.hasNext());
  EXPECT_EQ(onlyRequest().url,
            "https://api.airtable.com/v0/appABC123def456/tblTasks?offset="
            "itrHqW8gGbTQHWz2k%2Frec560UJdUtocSouk");
}

TEST_F(AirtableTest, CreateRecordsPostsRecordsWithFields) {
  airtable::CreateRecordsRequest request;
  request.baseId = kBase;
  request.table = "Backlog";
  request.records =
      json::array({{{"fields", {{"Name", "Write the launch post"}, {"Status", "Todo"}}}},
                   {{"fields", {{"Name", "Record the demo"}, {"Tags", {"video"}}}}}});
  request.typecast = true;
  const auto created = airtable().createRecords(request);

  const auto sent =
      expectOnly("POST", "https://api.airtable.com/v0/appABC123def456/Backlog", kBearer);
  EXPECT_EQ(header(sent, "content-type"), "application/json");
  EXPECT_EQ(jsonBody(sent),
            json({{"records",
                   {{{"fields", {{"Name", "Write the launch post"}, {"Status", "Todo"}}}},
                    {{"fields", {{"Name", "Record the demo"}, {"Tags", {"video"}}}}}}},
                  {"typecast", true}}));

  ASSERT_EQ(created.records.size(), 2u);
  EXPECT_EQ(created.records[0].id, "recNewAAAAAAAAAA1");
  EXPECT_EQ(created.records[0].fields.at("Status"), "Todo");
  EXPECT_EQ(created.records[1].id, "recNewAAAAAAAAAA2");
  EXPECT_EQ(created.records[1].fields.at("Tags"), json({"video"}));
}

TEST_F(AirtableTest, CreateOneRecordFromItsFields) {
  const auto result =
      service("airtable")
          .invoke("create_records",
                  {{"base_id", kBase}, {"table", "Tasks"}, {"fields", {{"Name", "One"}}}});
  EXPECT_EQ(jsonBody(onlyRequest()), json({{"records", {{{"fields", {{"Name", "One"}}}}}}}));
  EXPECT_EQ(result.at("records").at(0).at("fields").at("Name"), "One");
}

TEST_F(AirtableTest, ListBasesWalksTheMetaApi) {
  auto pager = airtable().listBases();
  const auto bases = pager.all();
  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].url, "https://api.airtable.com/v0/meta/bases");
  EXPECT_EQ(sent[1].url,
            "https://api.airtable.com/v0/meta/bases?offset=itr23sEjsdfEr3282%2FappSW9R5uCNmRmfl6");
  EXPECT_EQ(header(sent[1], "authorization"), kBearer);
  ASSERT_EQ(bases.size(), 3u);
  EXPECT_EQ(bases[0].id, "appY3WxIBCdKPDdIa");
  EXPECT_EQ(bases[0].name, "Apartment Hunting");
  EXPECT_EQ(bases[0].permissionLevel, "create");
  EXPECT_EQ(bases[2].permissionLevel, "read");

  clearRequests();
  auto resumed = airtable().listBases({.offset = kBasesOffset});
  EXPECT_EQ(resumed.all().size(), 1u);
  EXPECT_EQ(requests().size(), 1u);
}

TEST_F(AirtableTest, BadInputIsRejectedBeforeSending) {
  const auto service = this->service("airtable");
  expectInvalidArgument(*emulator_, "args.table", [&] {
    (void)service.invoke("list_records", {{"base_id", kBase}});
  });
  expectInvalidArgument(*emulator_, "args.base_id", [&] {
    (void)service.invoke("list_records", {{"base_id", ".."}, {"table", "Tasks"}});
  });
  expectInvalidArgument(*emulator_, "args.sort", [&] {
    (void)service.invoke("list_records",
                         {{"base_id", kBase}, {"table", "T"}, {"sort", {{{"field", 1}}}}});
  });
  expectInvalidArgument(*emulator_, "args.cell_format", [&] {
    (void)service.invoke("list_records",
                         {{"base_id", kBase}, {"table", "T"}, {"cell_format", "string"}});
  });
  expectInvalidArgument(*emulator_, "args.records", [&] {
    (void)service.invoke("create_records", {{"base_id", kBase}, {"table", "T"}});
  });
  expectInvalidArgument(*emulator_, "args.records", [&] {
    (void)service.invoke("create_records",
                         {{"base_id", kBase}, {"table", "T"}, {"records", {{{"Name", "x"}}}}});
  });
  json eleven = json::array();
  for (int i = 0; i < 11; ++i) eleven.push_back({{"fields", {{"Name", i}}}});
  expectInvalidArgument(*emulator_, "args.records", [&] {
    (void)service.invoke("create_records",
                         {{"base_id", kBase}, {"table", "T"}, {"records", eleven}});
  });
}

TEST_F(AirtableTest, AirtableErrorsBecomeServiceErrors) {
  const auto denied = expectServiceError(
      [&] {
        (void)airtable().listRecords({.baseId = "appMissing0000000", .table = "T"}).nextPage();
      },
      403, "INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND");
  EXPECT_NE(denied.detail().find("Invalid permissions"), std::string::npos);

  const auto unknown = expectServiceError(
      [&] {
        (void)airtable().createRecords(
            {.baseId = kBase,
             .table = "Legacy",
             .records = json::array({{{"fields", {{"Priority", "High"}}}}})});
      },
      422, "UNKNOWN_FIELD_NAME");
  EXPECT_EQ(unknown.detail(), "Unknown field name: \"Priority\"");
}

TEST_F(AirtableTest, Base44ProxySendsTheSameUpstreamRequests) {
  expectProxySendsTheSame(
      [&](const ServiceOptions& options) {
        EXPECT_EQ(airtable(options)
                      .listRecords({.baseId = kBase, .table = "Tasks", .view = "Grid view"})
                      .all()
                      .size(),
                  3u);
        EXPECT_EQ(airtable(options)
                      .createRecords({.baseId = kBase,
                                      .table = "Tasks",
                                      .records = json::array({{{"fields", {{"Name", "x"}}}}})})
                      .records.size(),
                  1u);
        EXPECT_EQ(airtable(options).listBases().all().size(), 3u);
      },
      5);
}

TEST_F(AirtableTest, DeleteRecordsRepeatsTheRecordsPair) {
  const auto deleted =
      airtable().deleteRecords({.baseId = "appABC123def456",
                                .table = "Tasks",
                                .records = {"rec560UJdUtocSouk", "recwPQIfs4wKPyc9D"}});
  const auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "DELETE");
  EXPECT_EQ(sent.url,
            "https://api.airtable.com/v0/appABC123def456/"
            "Tasks?records%5B%5D=rec560UJdUtocSouk&records%5B%5D=recwPQIfs4wKPyc9D");
  EXPECT_FALSE(sent.body.has_value());
  ASSERT_EQ(deleted.records.size(), 2u);
  EXPECT_TRUE(deleted.records[1].deleted);

  clearRequests();
  expectInvalidArgument(*emulator_, "args.records", [&] {
    (void)service("airtable")
        .invoke(
            "delete_records",
            {{"base_id", "appABC123def456"}, {"table", "Tasks"}, {"records", {"rec1", "x&y=z"}}});
  });
}

TEST_F(AirtableTest, UpsertMergesOnTheGivenFields) {
  const auto result = airtable().upsertRecords(
      {.baseId = "appABC123def456",
       .table = "Tasks",
       .records = json::array({{{"fields", {{"Name", "Launch"}, {"Status", "Done"}}}}}),
       .fieldsToMergeOn = {"Name"}});
  EXPECT_EQ(
      jsonBody(onlyRequest()),
      json({{"records", json::array({{{"fields", {{"Name", "Launch"}, {"Status", "Done"}}}}})},
            {"performUpsert", {{"fieldsToMergeOn", {"Name"}}}}}));
  EXPECT_EQ(result.createdRecords, std::vector<std::string>{"recQ3m9eXy7LtYv2B"});
  EXPECT_TRUE(result.updatedRecords.empty());
  EXPECT_FALSE(registry().adapter("airtable")->spec().findAction("upsert_records")->retrySafe);
  EXPECT_TRUE(registry().adapter("airtable")->spec().findAction("update_records")->retrySafe);
}

}  // namespace
}  // namespace b44::adapter_tests
