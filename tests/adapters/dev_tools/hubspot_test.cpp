// The hubspot adapter and its typed helpers against the emulator's HubSpot
// sandbox.
#include "dev_tools_support.hpp"

#include <b44/adapters/hubspot.hpp>

namespace b44::adapter_tests {
namespace {

using nlohmann::json;

const std::string kBearer = std::string("Bearer ") + kHubSpotToken;

class HubSpotTest : public DevToolsTest {
 protected:
  [[nodiscard]] hubspot::HubSpot hubspot(ServiceOptions options = {}) const {
    return hubspot::HubSpot(service("hubspot", std::move(options)));
  }
};

TEST_F(HubSpotTest, CreateContactPostsItsProperties) {
  hubspot::CreateContactRequest request;
  request.properties = {
      {"email", "ada@example.com"}, {"firstname", "Ada"}, {"lastname", "Lovelace"}};
  const auto contact = hubspot().createContact(request);

  const auto sent = expectOnly("POST", "https://api.hubapi.com/crm/v3/objects/contacts", kBearer);
  EXPECT_EQ(header(sent, "content-type"), "application/json");
  EXPECT_EQ(
      jsonBody(sent),
      json({{"properties",
             {{"email", "ada@example.com"}, {"firstname", "Ada"}, {"lastname", "Lovelace"}}}}));

  EXPECT_EQ(contact.id, "501");
  EXPECT_EQ(contact.email, "ada@example.com");
  EXPECT_EQ(contact.firstName, "Ada");
  EXPECT_EQ(contact.lastName, "Lovelace");
  EXPECT_EQ(contact.createdAt, "2024-05-01T10:00:00.000Z");
  EXPECT_FALSE(contact.archived);
}

TEST_F(HubSpotTest, SearchContactsRepeatsTheBodyWithAfter) {
  hubspot::SearchContactsRequest request;
  const json filter = {
      {"propertyName", "email"}, {"operator", "CONTAINS_TOKEN"}, {"value", "*@example.com"}};
  request.filterGroups = json::array({{{"filters", json::array({filter})}}});
  request.sorts = json::array({{{"propertyName", "createdate"}, {"direction", "ASCENDING"}}});
  request.properties = {"email", "firstname", "lastname"};
  request.limit = 2;
  auto pager = hubspot().searchContacts(request);
  const auto contacts = pager.all();
  EXPECT_FALSE(pager.hasNext());

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  const json body = {{"filterGroups",
                      {{{"filters",
                         {{{"propertyName", "email"},
                           {"operator", "CONTAINS_TOKEN"},
                           {"value", "*@example.com"}}}}}}},
                     {"sorts", {{{"propertyName", "createdate"}, {"direction", "ASCENDING"}}}},
                     {"properties", {"email", "firstname", "lastname"}},
                     {"limit", 2}};
  for (const auto& r : sent) {
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.url, "https://api.hubapi.com/crm/v3/objects/contacts/search");
    EXPECT_EQ(header(r, "authorization"), kBearer);
  }
  EXPECT_EQ(jsonBody(sent[0]), body);
  auto second = body;
  second["after"] = "2";
  EXPECT_EQ(jsonBody(sent[1]), second);

  ASSERT_EQ(contacts.size(), 3u);
  EXPECT_EQ(contacts[0].id, "151");
  EXPECT_EQ(contacts[1].email, "alan@example.com");
  EXPECT_EQ(contacts[2].lastName, "Hopper");
  EXPECT_EQ(contacts[2].properties.at("hs_object_id"), "153");
}

TEST_F(HubSpotTest, SearchContactsResumesFromASavedCursor) {
  hubspot::SearchContactsRequest request;
  request.query = "example.com";
  auto first = hubspot().searchContacts(request);
  EXPECT_EQ(first.nextPage().size(), 2u);
  ASSERT_TRUE(first.cursor().has_value());
  EXPECT_EQ(*first.cursor(), "2");

  clearRequests();
  request.after = *first.cursor();
  auto rest = hubspot().searchContacts(request);
  EXPECT_EQ(rest.all().size(), 1u);
  EXPECT_FALSE(rest.hasNext());
  EXPECT_EQ(jsonBody(onlyRequest()), json({{"query", "example.com"}, {"after", "2"}}));
}

TEST_F(HubSpotTest, GetContactReadsOneContact) {
  const auto contact = hubspot().getContact({.contactId = "ada@example.com",
                                             .properties = {"email", "firstname"},
                                             .idProperty = "email"});
  (void)expectOnly("GET",
                   "https://api.hubapi.com/crm/v3/objects/contacts/ada%40example.com"
                   "?properties=email%2Cfirstname&idProperty=email",
                   kBearer);
  EXPECT_EQ(contact.id, "151");
  EXPECT_EQ(contact.firstName, "Ada");
}

TEST_F(HubSpotTest, ListContactsFollowsPagingNextAfter) {
  auto pager = hubspot().listContacts({.limit = 2, .properties = {"email"}});
  const auto contacts = pager.all();
  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].url, "https://api.hubapi.com/crm/v3/objects/contacts?limit=2&properties=email");
  EXPECT_EQ(sent[1].url,
            "https://api.hubapi.com/crm/v3/objects/contacts?limit=2&properties=email&after=152");
  ASSERT_EQ(contacts.size(), 3u);
  EXPECT_EQ(contacts[2].email, "grace@example.com");

  clearRequests();
  auto resumed =
      hubspot().listContacts({.limit = 2, .properties = {}, .archived = false, .after = "152"});
  EXPECT_EQ(resumed.all().size(), 1u);
  EXPECT_EQ(onlyRequest().url,
            "https://api.hubapi.com/crm/v3/objects/contacts?limit=2&archived=false&after=152");
}

TEST_F(HubSpotTest, BadInputIsRejectedBeforeSending) {
  const auto service = this->service("hubspot");
  expectInvalidArgument(*emulator_, "args.properties",
                        [&] { (void)service.invoke("create_contact", json::object()); });
  expectInvalidArgument(*emulator_, "args.properties", [&] {
    (void)service.invoke("create_contact", {{"properties", "email=ada@example.com"}});
  });
  expectInvalidArgument(*emulator_, "args.contact_id", [&] {
    (void)service.invoke("get_contact", {{"contact_id", ".."}});
  });
  expectInvalidArgument(*emulator_, "args.limit", [&] {
    (void)service.invoke("search_contacts", {{"limit", "2"}});
  });
}

TEST_F(HubSpotTest, HubSpotErrorsBecomeServiceErrors) {
  const auto conflict = expectServiceError(
      [&] {
        (void)hubspot().createContact({.properties = {{"email", "taken@example.com"}}});
      },
      409, "CONFLICT");
  EXPECT_EQ(conflict.detail(), "Contact already exists. Existing ID: 151");

  const auto missing = expectServiceError(
      [&] { (void)hubspot().getContact({.contactId = "999999"}); }, 404, "OBJECT_NOT_FOUND");
  EXPECT_EQ(missing.action(), "get_contact");
}

TEST_F(HubSpotTest, APortalIdInTheConnectionConfigChangesNoUrl) {
  // The hubspot_portal connector carries connection_config {portalId:
  // "evil.com/../x#"}: no HubSpot URL uses it, so it is neither substituted
  // nor able to redirect anything.
  (void)hubspot(fromWorkspace("hubspot_portal")).getContact({.contactId = "151"});
  (void)expectOnly("GET", "https://api.hubapi.com/crm/v3/objects/contacts/151",
                   std::string("Bearer ") + kHubSpotPortalToken);
  EXPECT_TRUE(registry().adapter("hubspot")->spec().configFields.empty());
}

TEST_F(HubSpotTest, DeclaresHubSpotsRateLimitSignals) {
  const auto& limits = registry().adapter("hubspot")->spec().rateLimit;
  EXPECT_EQ(limits.remainingHeader, "X-HubSpot-RateLimit-Remaining");
  EXPECT_TRUE(limits.resetHeader.empty()) << "HubSpot sends no reset time";
}

TEST_F(HubSpotTest, AssociationsAreCreatedListedPageByPageAndRemoved) {
  const auto created = hubspot().associateRecords("contacts", "151", "companies", "9001");
  const auto put = expectOnly(
      "PUT",
      "https://api.hubapi.com/crm/v4/objects/contacts/151/associations/default/companies/9001",
      kBearer);
  EXPECT_FALSE(put.body.has_value()) << "the default association takes no body";
  EXPECT_EQ(created.at("status"), "COMPLETE");

  clearRequests();
  auto pager = hubspot().listAssociations(
      {.objectType = "contacts", .objectId = "151", .toObjectType = "companies", .limit = 1});
  const auto associated = pager.all();
  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].url,
            "https://api.hubapi.com/crm/v4/objects/contacts/151/associations/companies?limit=1");
  EXPECT_EQ(sent[1].url,
            "https://api.hubapi.com/crm/v4/objects/contacts/151/associations/companies"
            "?limit=1&after=MTUxLTkwMDE%3D");
  ASSERT_EQ(associated.size(), 2u);
  EXPECT_EQ(associated[0].toObjectId, 9001);
  ASSERT_EQ(associated[0].associationTypes.size(), 2u);
  EXPECT_EQ(associated[0].associationTypes[0].label, "Primary");
  EXPECT_EQ(associated[0].associationTypes[1].typeId, 279);
  EXPECT_EQ(associated[1].toObjectId, 9002);

  clearRequests();
  EXPECT_TRUE(hubspot().removeAssociation("contacts", "151", "companies", "9001").is_null());
  (void)expectOnly("DELETE",
                   "https://api.hubapi.com/crm/v4/objects/contacts/151/associations/companies/9001",
                   kBearer);

  clearRequests();
  const auto service = this->service("hubspot");
  expectInvalidArgument(*emulator_, "args.to_object_type", [&] {
    (void)service.invoke("associate_records", {{"from_object_type", "contacts"},
                                               {"from_object_id", "151"},
                                               {"to_object_type", "companies/../owners"},
                                               {"to_object_id", "9001"}});
  });
}

TEST_F(HubSpotTest, DealsAreUpdatedArchivedAndReadWithTheirPipelineStages) {
  const auto deal =
      hubspot().updateDeal({.dealId = "7001", .properties = {{"dealstage", "closedwon"}}});
  const auto patch =
      expectOnly("PATCH", "https://api.hubapi.com/crm/v3/objects/deals/7001", kBearer);
  EXPECT_EQ(jsonBody(patch), json({{"properties", {{"dealstage", "closedwon"}}}}));
  EXPECT_EQ(deal.id, "7001");
  EXPECT_EQ(deal.dealStage, "closedwon");

  clearRequests();
  EXPECT_TRUE(hubspot().deleteDeal("7001").is_null());
  (void)expectOnly("DELETE", "https://api.hubapi.com/crm/v3/objects/deals/7001", kBearer);

  clearRequests();
  const auto pipelines = hubspot().listPipelines("deals");
  ASSERT_EQ(pipelines.results.size(), 1u);
  EXPECT_EQ(pipelines.results[0].id, "default");
  ASSERT_EQ(pipelines.results[0].stages.size(), 4u);
  EXPECT_EQ(pipelines.results[0].stages[2].id, "closedwon");
  EXPECT_EQ(pipelines.results[0].stages[2].metadata.at("probability"), "1.0");
}

TEST_F(HubSpotTest, OwnersArePagedAndTicketsSearched) {
  const auto owners = hubspot().listOwners({.limit = 1}).all();
  ASSERT_EQ(owners.size(), 2u);
  EXPECT_EQ(owners[0].email, "ada@example.com");
  EXPECT_EQ(owners[0].userId, 9586504);
  ASSERT_EQ(owners[0].teams.size(), 1u);
  EXPECT_EQ(owners[0].teams[0].name, "Sales");
  EXPECT_EQ(owners[1].lastName, "Hopper");
  EXPECT_EQ(requests()[1].url, "https://api.hubapi.com/crm/v3/owners/?limit=1&after=41629779");

  clearRequests();
  const auto tickets = hubspot().searchTickets({.query = "export", .limit = 1}).all();
  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(jsonBody(sent[1]), json({{"query", "export"}, {"limit", 1}, {"after", "3001"}}));
  ASSERT_EQ(tickets.size(), 2u);
  EXPECT_EQ(tickets[0].subject, "Cannot export report");
  EXPECT_EQ(tickets[0].priority, "HIGH");
  EXPECT_EQ(tickets[1].pipelineStage, "2");
}

TEST_F(HubSpotTest, Base44ProxySendsTheSameUpstreamRequests) {
  expectProxySendsTheSame(
      [&](const ServiceOptions& options) {
        EXPECT_EQ(hubspot(options).createContact({.properties = {{"email", "x@example.com"}}}).id,
                  "501");
        EXPECT_EQ(hubspot(options).searchContacts({.query = "example"}).all().size(), 3u);
        EXPECT_EQ(hubspot(options).getContact({.contactId = "151", .properties = {"email"}}).id,
                  "151");
        EXPECT_EQ(hubspot(options).listContacts({.limit = 2}).all().size(), 3u);
      },
      6);
}

}  // namespace
}  // namespace b44::adapter_tests
