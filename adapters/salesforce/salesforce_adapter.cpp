// The Salesforce adapter (integration type "salesforce").
//
// Checked against Salesforce's official REST API Developer Guide:
//   https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/intro_rest.htm
//       every call goes to the org's own instance,
//       https://<instance>/services/data/vXX.X/...; the OAuth access token is
//       sent as "Authorization: Bearer <token>"; JSON in and out.
//   https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm
//   https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/intro_understanding_web_server_oauth_flow.htm
//       the token answer carries "instance_url", the org's base URL, e.g.
//       https://acme.my.salesforce.com (My Domain), a sandbox's
//       https://acme--uat.sandbox.my.salesforce.com, or an older instance
//       host such as https://na1.salesforce.com.
//       *verify* settled: Base44 hands that value on as connectionConfig
//       "instance_url" (a full https URL, no path, no trailing slash; the
//       demo connection in examples/emulator/connections.json has that
//       shape). The field's pattern admits only https URLs on a
//       *.salesforce.com host, and ApiHost::allowedHosts repeats the rule,
//       so a config value can never point the token at another host.
//   https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
//   https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query.htm
//       GET /services/data/vXX.X/query?q=<SOQL> (queryAll for deleted and
//       archived records); answers {totalSize, done, records: [{attributes:
//       {type, url}, ...fields}], nextRecordsUrl}; while done is false,
//       nextRecordsUrl (a path such as /services/data/v60.0/query/01gD...-2000,
//       relative to the instance) is requested with no parameters.
//   https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_queryoptions.htm
//       "Sforce-Query-Options: batchSize=N" (200..2000) sets the page size.
//   https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_sobject_create.htm
//       POST /services/data/vXX.X/sobjects/<SObjectName>/ with the field
//       values as a JSON object; answers 201 {id, success, errors}.
//   https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
//       errors are a JSON array [{message, errorCode, fields}] with a 4xx/5xx
//       status; REQUEST_LIMIT_EXCEEDED comes with 403 when the org's API
//       limit is used up.
//   https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/api_rest_versioning.htm
//       this adapter speaks API version 60.0 (Spring '24), which every
//       current org serves.
#include <b44/errors.hpp>
#include <b44/plugin/basic_adapter.hpp>
#include <b44/plugin/export.hpp>
#include <b44/plugin/url.hpp>

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
using b44::plugin::ServiceRequest;
using Type = b44::plugin::Parameter::Type;
using nlohmann::json;

constexpr const char* kApiPath = "/services/data/v60.0";

// "/services/data/v60.0/query/01gD0000002HU6KIAW-2000" -> "/query/01gD...-2000".
std::string nextRecordsPath(const Args& args, const std::string& url) {
  static const std::regex locator(R"(^/(query|queryAll)/[A-Za-z0-9]+-[0-9]+$)");
  const std::string prefix = kApiPath;
  const std::string rest = url.starts_with(prefix) ? url.substr(prefix.size()) : std::string();
  if (rest.empty() || !std::regex_match(rest, locator)) {
    throw b44::InvalidArgumentError(
        "args.next_records_url",
        args.operation() +
            ": 'next_records_url' must be a nextRecordsUrl of this API version, "
            "e.g. " +
            prefix + "/query/01gD0000002HU6KIAW-2000");
  }
  return rest;
}

ServiceRequest buildQuery(const Args& args) {
  const std::string soql = args.string("q");
  ServiceRequest request;
  if (auto batch = args.optionalInteger("batch_size")) {
    if (*batch < 200 || *batch > 2000) {
      throw b44::InvalidArgumentError("args.batch_size",
                                      args.operation() + ": 'batch_size' must be 200..2000");
    }
    request.headers.set("Sforce-Query-Options", "batchSize=" + std::to_string(*batch));
  }
  if (auto next = args.optionalString("next_records_url")) {
    // The locator carries the query; Salesforce wants no parameters with it.
    request.path = nextRecordsPath(args, *next);
    return request;
  }
  request.path = args.optionalBoolean("include_deleted").value_or(false) ? "/queryAll" : "/query";
  request.query.emplace_back("q", soql);
  return request;
}

ServiceRequest buildCreateRecord(const Args& args) {
  static const std::regex sobjectName(R"(^[A-Za-z][A-Za-z0-9_]{0,79}$)");
  const std::string sobject = args.string("sobject");
  if (!std::regex_match(sobject, sobjectName)) {
    throw b44::InvalidArgumentError(
        "args.sobject",
        args.operation() + ": 'sobject' must be an sObject API name such as Account or Invoice__c");
  }
  ServiceRequest request;
  request.method = "POST";
  request.path = "/sobjects/" + b44::plugin::pathSegment(sobject, "sobject") + "/";
  request.setJsonBody(args.value("fields"));
  return request;
}

AdapterSpec salesforceSpec() {
  AdapterSpec spec;
  spec.type = "salesforce";
  spec.displayName = "Salesforce";
  spec.description =
      "Salesforce REST API v60.0 on the org's own instance: SOQL queries (page by "
      "page) and record creation.";
  spec.documentationUrl =
      "https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/intro_rest.htm";
  // Raw requests page as query / queryAll do: nextRecordsUrl (a path on the
  // instance, e.g. /services/data/v60.0/query/01g...-2000, requested without
  // parameters) until done; items in "records":
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query.htm
  spec.hosts = {
      b44::plugin::ApiHost{.name = "default",
                           .baseUrlTemplate = std::string("{instance_url}") + kApiPath,
                           .allowedHosts = {".salesforce.com"},
                           .pagination = b44::plugin::nextUrl("/nextRecordsUrl", "", "/records")}};
  spec.configFields = {b44::plugin::ConfigField{
      .name = "instance_url",
      .displayName = "Instance URL",
      .description = "The org's instance URL from Salesforce's OAuth token answer "
                     "(instance_url), e.g. https://acme.my.salesforce.com; sandboxes use "
                     "*.sandbox.my.salesforce.com. No path and no trailing slash.",
      .example = "https://acme.my.salesforce.com",
      .pattern =
          R"(^https://[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.salesforce\.com$)",
      .validationError = "must be an https URL of a Salesforce instance such as "
                         "https://acme.my.salesforce.com (no path, no trailing slash)",
      .required = true,
      .defaultValue = "",
      .maxLength = 200,
  }};
  spec.token = {.header = "Authorization", .scheme = "Bearer"};
  // An org whose daily API allowance is used up answers 403
  // REQUEST_LIMIT_EXCEEDED; its usage travels in Sforce-Limit-Info
  // ("api-usage=18/5000"), which is not a plain count, so it is not declared.
  spec.rateLimit.extraStatuses = {403};
  spec.rateLimit.extraStatusBodyMarkers = {"REQUEST_LIMIT_EXCEEDED"};
  return spec;
}

class SalesforceAdapter final : public b44::plugin::BasicAdapter {
 public:
  SalesforceAdapter() : BasicAdapter(salesforceSpec()) {
    addAction(
        ActionSpec{
            .name = "query",
            .description = "Runs a SOQL query and returns its records page by page "
                           "(nextRecordsUrl).",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    {"q", Type::String, true,
                     "The SOQL query, e.g. SELECT Id, Name FROM Account WHERE Industry = "
                     "'Energy'."},
                    {"include_deleted", Type::Boolean, false,
                     "Use queryAll: also deleted and archived records."},
                    {"batch_size", Type::Integer, false,
                     "Records per page, 200..2000 (Sforce-Query-Options); Salesforce's default "
                     "2000."},
                    {"next_records_url", Type::String, false,
                     "Where to continue: nextRecordsUrl of the previous page (a path such as "
                     "/services/data/v60.0/query/01gD0000002HU6KIAW-2000)."},
                },
            .example = {{"q", "SELECT Id, Name FROM Account ORDER BY Name"}},
            .pagination =
                Pagination{
                    .style = Pagination::Style::BodyCursor,
                    .cursorPointer = "/nextRecordsUrl",
                    .cursorArgument = "next_records_url",
                    .itemsPointer = "/records",
                    .hasMorePointer = "",
                },
        },
        buildQuery);
    addAction(
        ActionSpec{
            .name = "create_record",
            .description = "Creates a record of an sObject type (Account, Contact, a custom "
                           "object, ...). Not retried once it may have arrived.",
            .method = "POST",
            .retrySafe = false,
            .parameters =
                {
                    {"sobject", Type::String, true,
                     "The sObject API name, e.g. Account, Contact or Invoice__c."},
                    {"fields", Type::Object, true,
                     "Field values by API name, e.g. {\"Name\": \"Acme\", \"Industry\": "
                     "\"Energy\"}."},
                },
            .example = {{"sobject", "Account"},
                        {"fields", {{"Name", "Acme Corporation"}, {"Industry", "Energy"}}}},
            .pagination = std::nullopt,
        },
        buildCreateRecord);
  }

 protected:
  // Salesforce's error body is an array [{message, errorCode, fields}].
  void checkResponse(std::string_view action, const b44::plugin::ServiceResponse& response,
                     const json& body) const override {
    const bool failed = response.status < 200 || response.status >= 300;
    if (failed && body.is_array() && !body.empty() && body[0].is_object()) {
      const auto text = [&](const char* name) {
        const auto found = body[0].find(name);
        return found != body[0].end() && found->is_string() ? found->get<std::string>()
                                                            : std::string();
      };
      const std::string code = text("errorCode");
      const std::string detail = text("message");
      throw b44::ServiceError(spec().type, std::string(action), response.status, code, detail,
                              body);
    }
    BasicAdapter::checkResponse(action, response, body);
  }
};

std::unique_ptr<b44::plugin::Adapter> makeSalesforceAdapter(std::string_view /*type*/) {
  return std::make_unique<SalesforceAdapter>();
}

}  // namespace

B44_PLUGIN("1.0.0", "salesforce", makeSalesforceAdapter)
