// The HubSpot adapter (integration type "hubspot": an OAuth access token on
// the CRM API v3).
//
// Checked against HubSpot's official developer documentation:
//   https://developers.hubspot.com/docs/api/oauth-quickstart-guide
//       base URL https://api.hubapi.com; "Authorization: Bearer <token>".
//       The connection may name the portal (hub) id; no CRM URL contains it.
//   https://developers.hubspot.com/docs/api/crm/contacts
//       POST /crm/v3/objects/contacts {properties: {email, firstname,
//       lastname, ...}, associations?}, answers 201 with {id, properties,
//       createdAt, updatedAt, archived}; 409 CONFLICT for an e-mail already in
//       use. GET /crm/v3/objects/contacts/{contactId} with properties,
//       propertiesWithHistory, associations (comma-separated), archived,
//       idProperty (e.g. email). GET /crm/v3/objects/contacts with limit (at
//       most 100), after, properties, archived; answers {results, paging:
//       {next: {after, link}}}.
//   https://developers.hubspot.com/docs/api/crm/search
//       POST /crm/v3/objects/contacts/search {filterGroups: [{filters:
//       [{propertyName, operator, value}]}], sorts, query, properties, limit
//       (at most 200), after}; answers {total, results, paging.next.after};
//       the next page repeats the body with "after".
//   https://developers.hubspot.com/docs/api/usage-details
//       429 when over a limit; X-HubSpot-RateLimit-Remaining (and -Max,
//       -Interval-Milliseconds, -Daily, -Daily-Remaining, -Secondly,
//       -Secondly-Remaining) on answers; no reset header.
//   https://developers.hubspot.com/docs/api/error-handling
//       errors are {status: "error", message, correlationId, category
//       (VALIDATION_ERROR, CONFLICT, OBJECT_NOT_FOUND, RATE_LIMITS, ...)}; the
//       category is the code.
#include <b44/errors.hpp>
#include <b44/plugin/basic_adapter.hpp>
#include <b44/plugin/export.hpp>
#include <b44/plugin/url.hpp>
#include <b44/typed.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace {

using b44::plugin::ActionSpec;
using b44::plugin::AdapterSpec;
using b44::plugin::Args;
using b44::plugin::ServiceRequest;
using Type = b44::plugin::Parameter::Type;
using nlohmann::json;

constexpr const char* kContacts = "/crm/v3/objects/contacts";

ServiceRequest buildCreateContact(const Args& args) {
  json body = {{"properties", args.value("properties")}};
  args.toBody(body, "associations");
  ServiceRequest request;
  request.method = "POST";
  request.path = kContacts;
  request.setJsonBody(body);
  return request;
}

ServiceRequest buildSearchContacts(const Args& args) {
  json body = json::object();
  args.toBody(body, "query");
  args.toBody(body, "filter_groups", "filterGroups");
  args.toBody(body, "sorts");
  args.toBody(body, "properties");
  args.toBody(body, "limit");
  args.toBody(body, "after");
  ServiceRequest request;
  request.method = "POST";
  request.path = std::string(kContacts) + "/search";
  request.setJsonBody(body);
  return request;
}

ServiceRequest buildGetContact(const Args& args) {
  ServiceRequest request;
  request.path = std::string(kContacts) + "/" +
                 b44::plugin::pathSegment(args.string("contact_id"), "contact_id");
  args.toQuery(request, "properties");
  args.toQuery(request, "properties_with_history", "propertiesWithHistory");
  args.toQuery(request, "associations");
  args.toQuery(request, "archived");
  args.toQuery(request, "id_property", "idProperty");
  return request;
}

ServiceRequest buildListContacts(const Args& args) {
  ServiceRequest request;
  request.path = kContacts;
  args.toQuery(request, "limit");
  args.toQuery(request, "properties");
  args.toQuery(request, "associations");
  args.toQuery(request, "archived");
  args.toQuery(request, "after");
  return request;
}

AdapterSpec hubspotSpec() {
  AdapterSpec spec;
  spec.type = "hubspot";
  spec.displayName = "HubSpot";
  spec.description = "HubSpot CRM API v3: create, search, get and list contacts.";
  spec.documentationUrl = "https://developers.hubspot.com/docs/api/crm/contacts";
  // Raw requests page as the v3 list endpoints do: paging.next.after -> the
  // after query parameter, items in "results" (the POST search endpoints take
  // "after" in the body: cursorInBody = true):
  // https://developers.hubspot.com/docs/api/crm/contacts
  spec.hosts = {b44::plugin::ApiHost{
      .name = "default",
      .baseUrlTemplate = "https://api.hubapi.com",
      .allowedHosts = {"api.hubapi.com"},
      .pagination = b44::plugin::bodyCursor("/paging/next/after", "after", "/results")}};
  spec.token = {.header = "Authorization", .scheme = "Bearer"};
  spec.rateLimit = {.extraStatuses = {},
                    .remainingHeader = "X-HubSpot-RateLimit-Remaining",
                    .resetHeader = "",
                    .resetFormat = b44::plugin::RateLimitSignals::ResetFormat::DeltaSeconds};
  return spec;
}

const std::string kPropertiesDescription =
    "Properties to return, comma-separated or an array (default: email, firstname, lastname and "
    "a few more).";

class HubSpotAdapter final : public b44::plugin::BasicAdapter {
 public:
  HubSpotAdapter() : BasicAdapter(hubspotSpec()) {
    addAction(
        ActionSpec{
            .name = "create_contact",
            .description = "Creates a contact (POST /crm/v3/objects/contacts). Not retried once it "
                           "may have arrived.",
            .method = "POST",
            .retrySafe = false,
            .parameters =
                {
                    {"properties", Type::Object, true,
                     "Property values by internal name, e.g. {\"email\": ..., \"firstname\": "
                     "..., \"lastname\": ...}."},
                    {"associations", Type::Array, false,
                     "Records to associate: [{\"to\": {\"id\": ...}, \"types\": "
                     "[{\"associationCategory\": ..., \"associationTypeId\": ...}]}]."},
                },
            .example =
                {{"properties",
                  {{"email", "ada@example.com"}, {"firstname", "Ada"}, {"lastname", "Lovelace"}}}},
            .pagination = std::nullopt,
        },
        buildCreateContact);
    addAction(
        ActionSpec{
            .name = "search_contacts",
            .description = "Searches contacts by filters or text "
                           "(POST /crm/v3/objects/contacts/search), page by page. A read, so it is "
                           "safe to retry.",
            .method = "POST",
            .retrySafe = true,
            .parameters =
                {
                    {"query", Type::String, false,
                     "Text searched in the default searchable properties (name, e-mail, phone, "
                     "company)."},
                    {"filter_groups", Type::Array, false,
                     "[{\"filters\": [{\"propertyName\": ..., \"operator\": \"EQ\", \"value\": "
                     "...}]}]: groups are ORed, filters within a group ANDed."},
                    {"sorts", Type::Array, false,
                     "e.g. [{\"propertyName\": \"createdate\", \"direction\": \"DESCENDING\"}]."},
                    {"properties", Type::Array, false, "Properties to return."},
                    {"limit", Type::Integer, false, "Results per page (at most 200)."},
                    {"after", Type::String, false,
                     "Where to continue: paging.next.after of the previous page."},
                },
            .example = {{"filter_groups",
                         {{{"filters",
                            {{{"propertyName", "email"},
                              {"operator", "CONTAINS_TOKEN"},
                              {"value", "*@example.com"}}}}}}},
                        {"properties", {"email", "firstname", "lastname"}},
                        {"limit", 2}},
            .pagination = b44::plugin::bodyCursor("/paging/next/after", "after", "/results"),
        },
        buildSearchContacts);
    addAction(
        ActionSpec{
            .name = "get_contact",
            .description = "Gets one contact by ID, or by another unique property "
                           "(GET /crm/v3/objects/contacts/{id}).",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    {"contact_id", Type::String, true,
                     "The contact's ID, or the value of id_property (e.g. an e-mail address)."},
                    {"properties", Type::Any, false, kPropertiesDescription},
                    {"properties_with_history", Type::Any, false,
                     "Properties to return with their value history."},
                    {"associations", Type::Any, false,
                     "Object types whose associated IDs to return, e.g. companies."},
                    {"archived", Type::Boolean, false, "Look among archived contacts."},
                    {"id_property", Type::String, false,
                     "A unique property contact_id refers to, e.g. email."},
                },
            .example = {{"contact_id", "151"}, {"properties", "email,firstname,lastname"}},
            .pagination = std::nullopt,
        },
        buildGetContact);
    addAction(
        ActionSpec{
            .name = "list_contacts",
            .description = "Lists contacts (GET /crm/v3/objects/contacts), page by page.",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    {"limit", Type::Integer, false, "Results per page (default 10, at most 100)."},
                    {"properties", Type::Any, false, kPropertiesDescription},
                    {"associations", Type::Any, false,
                     "Object types whose associated IDs to return, e.g. companies."},
                    {"archived", Type::Boolean, false, "List archived contacts instead."},
                    {"after", Type::String, false,
                     "Where to continue: paging.next.after of the previous page."},
                },
            .example = {{"limit", 2}, {"properties", "email,firstname"}},
            .pagination = b44::plugin::bodyCursor("/paging/next/after", "after", "/results"),
        },
        buildListContacts);
  }

 protected:
  // HubSpot's code is the error category (errorType on rate-limit answers).
  void checkResponse(std::string_view action, const b44::plugin::ServiceResponse& response,
                     const json& body) const override {
    if (response.status >= 200 && response.status < 300) return;
    std::string code = b44::typed::stringField(body, "category");
    if (code.empty()) code = b44::typed::stringField(body, "errorType");
    if (!code.empty()) {
      throw b44::ServiceError(spec().type, std::string(action), response.status, code,
                              b44::typed::stringField(body, "message"), body);
    }
    BasicAdapter::checkResponse(action, response, body);
  }
};

std::unique_ptr<b44::plugin::Adapter> makeHubSpotAdapter(std::string_view /*type*/) {
  return std::make_unique<HubSpotAdapter>();
}

}  // namespace

B44_PLUGIN("1.0.0", "hubspot", makeHubSpotAdapter)
