// The Wix adapter (integration type "wix").
//
// Checked against Wix's official REST API documentation:
//   https://dev.wix.com/docs/api-reference/articles/authentication/rest-api-authentication
//       every REST call carries the access token in the Authorization header
//       as "Authorization: <token>" — the raw token, with no scheme.
//       *verify* settled: the token is presented without "Bearer".
//   https://dev.wix.com/docs/build-apps/develop-your-app/auth/authenticate-using-oauth
//       an app's OAuth access token is created for one app instance, i.e.
//       one site, so site-level calls with it need nothing else.
//   https://dev.wix.com/docs/rest/articles/get-started/api-keys
//   https://dev.wix.com/docs/go-headless/develop-your-project/admin-operations/make-rest-api-calls-with-an-api-key
//       only calls made with an account API key need "wix-site-id: <site
//       id>" (site-level) or "wix-account-id" (account-level).
//       *verify* settled: no header is required for an OAuth connection, and
//       no connection-config field is declared (Base44's Wix connection is an
//       OAuth token, and this SDK's config fields only feed URLs). Every
//       action takes an optional 'site_id' argument that is sent as
//       wix-site-id, for tokens that are not bound to one site.
//   https://dev.wix.com/docs/rest/business-solutions/cms/data-items/query-data-items
//       POST https://www.wixapis.com/wix-data/v2/items/query; body
//       dataCollectionId (required), query {filter, sort, fields,
//       cursorPaging {limit (at most 1000), cursor}}, returnTotalCount,
//       consistentRead, language; answers {dataItems: [{id, dataCollectionId,
//       data}], pagingMetadata {count, cursors {next, prev}, hasNext}}.
//   https://dev.wix.com/docs/rest/articles/get-started/api-query-language
//       with a cursor, only cursorPaging is sent: the cursor carries the
//       query's filter and sort.
//   https://dev.wix.com/docs/rest/crm/members-contacts/contacts/contacts/contact-v4/list-contacts
//       GET https://www.wixapis.com/contacts/v4/contacts; paging.limit
//       (default 50, at most 1000), paging.offset, sort.fieldName,
//       sort.order (ASC, DESC), fields, fieldsets (BASIC, COMMUNICATION,
//       EXTENDED, FULL); answers {contacts, pagingMetadata {count, offset,
//       total, tooManyToCount}}. Offset paging has no cursor in the body: the
//       adapter adds "b44_next_offset" (offset + count while more remain).
//   https://dev.wix.com/docs/rest/articles/get-started/errors (About Errors)
//       errors are {message, details: {applicationError: {code,
//       description}} | {validationError: {fieldViolations}}} with a 4xx/5xx
//       status; 429 when throttled.
#include <b44/errors.hpp>
#include <b44/plugin/basic_adapter.hpp>
#include <b44/plugin/export.hpp>

#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>

namespace {

using b44::plugin::ActionSpec;
using b44::plugin::AdapterSpec;
using b44::plugin::Args;
using b44::plugin::Pagination;
using b44::plugin::Parameter;
using b44::plugin::ServiceRequest;
using b44::plugin::ServiceResponse;
using Type = b44::plugin::Parameter::Type;
using nlohmann::json;

const Parameter kSiteId{"site_id", Type::String, false,
                        "Wix site ID, sent as wix-site-id; only for tokens not bound to one site "
                        "(an OAuth app token already is)."};

void addSiteHeader(const Args& args, ServiceRequest& request) {
  static const std::regex siteId(
      R"(^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$)");
  if (auto site = args.optionalString("site_id")) {
    if (!std::regex_match(*site, siteId)) {
      throw b44::InvalidArgumentError("args.site_id",
                                      args.operation() + ": 'site_id' must be a Wix site GUID");
    }
    request.headers.set("wix-site-id", *site);
  }
}

// An offset: an integer, or the decimal text a saved cursor carries.
std::optional<std::int64_t> offset(const Args& args) {
  const json& value = args.value("offset");
  if (value.is_null()) return std::nullopt;
  if (value.is_number_integer() && value.get<std::int64_t>() >= 0) return value.get<std::int64_t>();
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (!text.empty() && text.size() < 10 &&
        text.find_first_not_of("0123456789") == std::string::npos) {
      return std::stoll(text);
    }
  }
  throw b44::InvalidArgumentError("args.offset",
                                  args.operation() + ": 'offset' must be a number of contacts");
}

ServiceRequest buildQueryDataItems(const Args& args) {
  json paging = json::object();
  args.toBody(paging, "limit");
  json query = json::object();
  if (auto cursor = args.optionalString("cursor")) {
    paging["cursor"] = *cursor;  // the cursor carries filter and sort
  } else {
    args.toBody(query, "filter");
    args.toBody(query, "sort");
    args.toBody(query, "fields");
  }
  if (!paging.empty()) query["cursorPaging"] = paging;
  json body = {{"dataCollectionId", args.string("collection_id")}, {"query", query}};
  args.toBody(body, "return_total_count", "returnTotalCount");
  args.toBody(body, "consistent_read", "consistentRead");
  args.toBody(body, "language");
  ServiceRequest request;
  request.method = "POST";
  request.path = "/wix-data/v2/items/query";
  request.setJsonBody(body);
  addSiteHeader(args, request);
  return request;
}

ServiceRequest buildListContacts(const Args& args) {
  ServiceRequest request;
  request.path = "/contacts/v4/contacts";
  args.toQuery(request, "limit", "paging.limit");
  if (auto from = offset(args)) request.query.emplace_back("paging.offset", std::to_string(*from));
  args.toQuery(request, "sort_field", "sort.fieldName");
  if (auto order = args.optionalChoice("sort_order", {"ASC", "DESC"})) {
    request.query.emplace_back("sort.order", *order);
  }
  if (args.has("fieldsets")) {
    for (const auto& set : args.value("fieldsets")) {
      if (!set.is_string()) {
        throw b44::InvalidArgumentError("args.fieldsets",
                                        args.operation() + ": 'fieldsets' must be strings");
      }
      request.query.emplace_back("fieldsets", set.get<std::string>());
    }
  }
  addSiteHeader(args, request);
  return request;
}

json parseListContacts(const Args& /*args*/, json body, const ServiceResponse& /*response*/) {
  if (!body.is_object()) return body;
  const json& meta = body.contains("pagingMetadata") ? body["pagingMetadata"] : json();
  auto number = [&](const char* name) -> std::int64_t {
    return meta.is_object() && meta.contains(name) && meta[name].is_number_integer()
               ? meta[name].get<std::int64_t>()
               : 0;
  };
  const std::int64_t count = number("count");
  const std::int64_t next = number("offset") + count;
  const bool unknownTotal =
      meta.is_object() && meta.contains("tooManyToCount") && meta["tooManyToCount"] == true;
  if (count > 0 && (unknownTotal || next < number("total"))) {
    body["b44_next_offset"] = std::to_string(next);
  }
  return body;
}

AdapterSpec wixSpec() {
  AdapterSpec spec;
  spec.type = "wix";
  spec.displayName = "Wix";
  spec.description = "Wix REST APIs of a site: query CMS data collections, list contacts.";
  spec.documentationUrl =
      "https://dev.wix.com/docs/api-reference/articles/authentication/rest-api-authentication";
  // No default pagination: Wix APIs page by offset or by cursor, per method;
  // list methods take the paging in query parameters, query methods nested in
  // the body (query.cursorPaging.cursor), and each names its items after its
  // resource:
  // https://dev.wix.com/docs/api-reference/articles/work-with-wix-apis/data-retrieval/about-sorting-and-paging
  spec.hosts = {b44::plugin::ApiHost{.name = "default",
                                     .baseUrlTemplate = "https://www.wixapis.com",
                                     .allowedHosts = {"www.wixapis.com"}}};
  // Wix takes the raw access token: "Authorization: <token>".
  spec.token = {.header = "Authorization", .scheme = ""};
  return spec;
}

class WixAdapter final : public b44::plugin::BasicAdapter {
 public:
  WixAdapter() : BasicAdapter(wixSpec()) {
    addAction(
        ActionSpec{
            .name = "query_data_items",
            .description = "Queries the items of a CMS data collection (filter, sort), page by "
                           "page with cursor paging. A read, so it is safe to retry.",
            .method = "POST",
            .retrySafe = true,
            .parameters =
                {
                    {"collection_id", Type::String, true,
                     "The data collection's ID, e.g. Products or a custom collection."},
                    {"filter", Type::Object, false,
                     "Wix API Query Language filter, e.g. {\"status\": {\"$eq\": \"active\"}}."},
                    {"sort", Type::Array, false,
                     "Sort order: [{\"fieldName\": \"title\", \"order\": \"ASC\"}]."},
                    {"fields", Type::Array, false, "Field keys to return (all by default)."},
                    {"limit", Type::Integer, false,
                     "Items per page (Wix's default 50, at most "
                     "1000)."},
                    {"return_total_count", Type::Boolean, false,
                     "Also return the total count (pagingMetadata.total)."},
                    {"consistent_read", Type::Boolean, false,
                     "Read from the primary database (slower, always up to date)."},
                    {"language", Type::String, false,
                     "IETF BCP 47 language to translate results into (Wix Multilingual)."},
                    {"cursor", Type::String, false,
                     "Where to continue: pagingMetadata.cursors.next of the previous page."},
                    kSiteId,
                },
            .example = {{"collection_id", "Products"},
                        {"filter", {{"inStock", {{"$eq", true}}}}},
                        {"limit", 2}},
            .pagination =
                Pagination{
                    .style = Pagination::Style::BodyCursor,
                    .cursorPointer = "/pagingMetadata/cursors/next",
                    .cursorArgument = "cursor",
                    .itemsPointer = "/dataItems",
                    .hasMorePointer = "/pagingMetadata/hasNext",
                },
        },
        buildQueryDataItems);
    addAction(
        ActionSpec{
            .name = "list_contacts",
            .description = "Lists the site's contacts, page by page (offset paging).",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    {"limit", Type::Integer, false,
                     "Contacts per page (Wix's default 50, at most 1000)."},
                    {"offset", Type::Any, false,
                     "Where to continue: contacts to skip (the pagination passes the next "
                     "offset)."},
                    {"sort_field", Type::String, false,
                     "Sort by createdDate, lastActivity.activityDate, primaryInfo.email, "
                     "info.name.first, info.name.last, ..."},
                    {"sort_order", Type::String, false, "ASC (default) or DESC."},
                    {"fieldsets", Type::Array, false,
                     "Field sets to return: BASIC, COMMUNICATION, EXTENDED or FULL."},
                    kSiteId,
                },
            .example = {{"limit", 2}, {"fieldsets", {"FULL"}}},
            .pagination =
                Pagination{
                    .style = Pagination::Style::BodyCursor,
                    .cursorPointer = "/b44_next_offset",
                    .cursorArgument = "offset",
                    .itemsPointer = "/contacts",
                    .hasMorePointer = "",
                },
        },
        buildListContacts, parseListContacts);
  }

 protected:
  // Wix errors: {message, details: {applicationError: {code, description}}}.
  void checkResponse(std::string_view action, const ServiceResponse& response,
                     const json& body) const override {
    const bool failed = response.status < 200 || response.status >= 300;
    if (failed && body.is_object() && body.contains("details")) {
      using Pointer = json::json_pointer;
      auto text = [&](const char* pointer) {
        const Pointer at(pointer);
        return body.contains(at) && body.at(at).is_string() ? body.at(at).get<std::string>()
                                                            : std::string();
      };
      std::string code = text("/details/applicationError/code");
      if (code.empty() && body.contains(Pointer("/details/validationError"))) {
        code = "INVALID_ARGUMENT";
      }
      std::string detail = text("/details/applicationError/description");
      if (detail.empty()) detail = text("/message");
      throw b44::ServiceError(spec().type, std::string(action), response.status, code, detail,
                              body);
    }
    BasicAdapter::checkResponse(action, response, body);
  }
};

std::unique_ptr<b44::plugin::Adapter> makeWixAdapter(std::string_view /*type*/) {
  return std::make_unique<WixAdapter>();
}

}  // namespace

B44_PLUGIN("1.0.0", "wix", makeWixAdapter)
