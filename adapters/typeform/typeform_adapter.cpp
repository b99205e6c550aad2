// The Typeform adapter (integration type "typeform").
//
// Checked against Typeform's official API documentation:
//   https://www.typeform.com/developers/get-started/
//       base URL https://api.typeform.com; "Authorization: Bearer <token>"
//       (personal or OAuth access token); JSON answers.
//   https://www.typeform.com/developers/get-started/responses-data-center/
//       accounts whose responses live in the EU data center must be called on
//       api.eu.typeform.com (the Responses API answers empty lists on the
//       other host); Forms, Workspaces and Accounts work on both.
//   https://www.typeform.com/developers/get-started/mcp/
//       names Typeform's EU hosts "api.eu.typeform.com or api.typeform.eu,
//       depending on where your account is hosted".
//       *verify* settled: the API host is connectionConfig "api_host",
//       optional (default api.typeform.com) and restricted to exactly these
//       three hosts, by its pattern and by ApiHost::allowedHosts.
//   https://www.typeform.com/developers/create/reference/retrieve-forms/
//       GET /forms; page (default 1), page_size (default 10, at most 200),
//       search, workspace_id, sort_by (created_at, last_updated_at),
//       order_by (asc, desc); answers {total_items, page_count, items}.
//   https://www.typeform.com/developers/responses/reference/retrieve-responses/
//       GET /forms/{form_id}/responses; page_size (default 25, at most 1000),
//       since, until, after, before (response tokens, exclusive; not with
//       sort), included_response_ids, excluded_response_ids, response_type,
//       sort, query, fields, answered_fields; answers {total_items,
//       page_count, items: [{token, response_id, landed_at, submitted_at,
//       answers, ...}]}, newest first.
//   https://www.typeform.com/developers/responses/walkthroughs/
//       iterate with before/after tokens rather than pages.
// Neither list carries a cursor in its body: the adapter adds one to the
// result ("b44_next_page" for forms: the next page number while page <
// page_count; "b44_next_before" for responses: the last item's token while
// page_count > 1) and the pagination follows it.
// Errors are {code, description} with a 4xx/5xx status; 429 when throttled.
#include <b44/errors.hpp>
#include <b44/plugin/basic_adapter.hpp>
#include <b44/plugin/export.hpp>
#include <b44/plugin/url.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace {

using b44::plugin::ActionSpec;
using b44::plugin::AdapterSpec;
using b44::plugin::Args;
using b44::plugin::Pagination;
using b44::plugin::ServiceRequest;
using b44::plugin::ServiceResponse;
using Type = b44::plugin::Parameter::Type;
using nlohmann::json;

// A page number: an integer, or the decimal text a saved cursor carries.
std::optional<std::int64_t> pageNumber(const Args& args, std::string_view name) {
  const json& value = args.value(name);
  if (value.is_null()) return std::nullopt;
  if (value.is_number_integer() && value.get<std::int64_t>() >= 1) return value.get<std::int64_t>();
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (!text.empty() && text.size() < 10 &&
        text.find_first_not_of("0123456789") == std::string::npos && text != "0") {
      return std::stoll(text);
    }
  }
  throw b44::InvalidArgumentError(
      "args." + std::string(name),
      args.operation() + ": '" + std::string(name) + "' must be a page number (1, 2, ...)");
}

ServiceRequest buildListForms(const Args& args) {
  ServiceRequest request;
  request.path = "/forms";
  if (auto page = pageNumber(args, "page"))
    request.query.emplace_back("page", std::to_string(*page));
  args.toQuery(request, "page_size");
  args.toQuery(request, "search");
  args.toQuery(request, "workspace_id");
  if (auto sortBy = args.optionalChoice("sort_by", {"created_at", "last_updated_at"})) {
    request.query.emplace_back("sort_by", *sortBy);
  }
  if (auto orderBy = args.optionalChoice("order_by", {"asc", "desc"})) {
    request.query.emplace_back("order_by", *orderBy);
  }
  return request;
}

json parseListForms(const Args& args, json body, const ServiceResponse& /*response*/) {
  const std::int64_t page = pageNumber(args, "page").value_or(1);
  if (body.is_object() && body.contains("page_count") && body["page_count"].is_number_integer() &&
      page < body["page_count"].get<std::int64_t>()) {
    body["b44_next_page"] = std::to_string(page + 1);
  }
  return body;
}

ServiceRequest buildGetResponses(const Args& args) {
  ServiceRequest request;
  request.path =
      "/forms/" + b44::plugin::pathSegment(args.string("form_id"), "form_id") + "/responses";
  if (args.has("sort") && (args.has("before") || args.has("after"))) {
    throw b44::InvalidArgumentError(
        "args.sort", args.operation() + ": Typeform does not take 'sort' with 'before'/'after'");
  }
  for (const char* name :
       {"page_size", "since", "until", "after", "before", "included_response_ids",
        "excluded_response_ids", "response_type", "sort", "query", "fields", "answered_fields"}) {
    args.toQuery(request, name);
  }
  return request;
}

json parseGetResponses(const Args& /*args*/, json body, const ServiceResponse& /*response*/) {
  if (!body.is_object()) return body;
  const json& items = body.contains("items") ? body["items"] : json();
  const bool more = body.contains("page_count") && body["page_count"].is_number_integer() &&
                    body["page_count"].get<std::int64_t>() > 1;
  if (more && items.is_array() && !items.empty() && items.back().is_object() &&
      items.back().contains("token") && items.back()["token"].is_string()) {
    body["b44_next_before"] = items.back()["token"];
  }
  return body;
}

AdapterSpec typeformSpec() {
  AdapterSpec spec;
  spec.type = "typeform";
  spec.displayName = "Typeform";
  spec.description =
      "Typeform Create and Responses APIs: list forms, read a form's responses "
      "(on the account's US or EU host).";
  spec.documentationUrl = "https://www.typeform.com/developers/get-started/";
  // Raw requests page as the Create API's lists do (forms, workspaces,
  // themes): "page" from 1 with page_size, items in "items":
  // https://www.typeform.com/developers/create/reference/retrieve-forms/
  // The Responses API takes no page: its callers pass their own RawPagination
  // (before/after response tokens).
  spec.hosts = {b44::plugin::ApiHost{
      .name = "default",
      .baseUrlTemplate = "https://{api_host}",
      .allowedHosts = {"api.typeform.com", "api.eu.typeform.com", "api.typeform.eu"},
      .pagination = b44::plugin::pageNumber("page", "/items", /*firstPage=*/1)}};
  spec.configFields = {b44::plugin::ConfigField{
      .name = "api_host",
      .displayName = "API host",
      .description = "Typeform's API host for the account: api.typeform.com (default), or "
                     "api.eu.typeform.com / api.typeform.eu for accounts in the EU data center.",
      .example = "api.eu.typeform.com",
      .pattern = R"(^(api\.typeform\.com|api\.eu\.typeform\.com|api\.typeform\.eu)$)",
      .validationError = "must be api.typeform.com, api.eu.typeform.com or api.typeform.eu",
      .required = false,
      .defaultValue = "api.typeform.com",
      .maxLength = 64,
  }};
  spec.token = {.header = "Authorization", .scheme = "Bearer"};
  return spec;
}

class TypeformAdapter final : public b44::plugin::BasicAdapter {
 public:
  TypeformAdapter() : BasicAdapter(typeformSpec()) {
    addAction(
        ActionSpec{
            .name = "list_forms",
            .description = "Lists the account's forms (typeforms), page by page.",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    {"page", Type::Any, false,
                     "Page to read (1 = first); the pagination passes the next one."},
                    {"page_size", Type::Integer, false,
                     "Forms per page (Typeform's default 10, at most 200)."},
                    {"search", Type::String, false, "Only forms whose title contains this text."},
                    {"workspace_id", Type::String, false, "Only forms of this workspace."},
                    {"sort_by", Type::String, false, "created_at or last_updated_at."},
                    {"order_by", Type::String, false, "asc or desc."},
                },
            .example = {{"page_size", 2}},
            .pagination =
                Pagination{
                    .style = Pagination::Style::BodyCursor,
                    .cursorPointer = "/b44_next_page",
                    .cursorArgument = "page",
                    .itemsPointer = "/items",
                    .hasMorePointer = "",
                },
        },
        buildListForms, parseListForms);
    addAction(
        ActionSpec{
            .name = "get_responses",
            .description = "Reads a form's submitted responses, newest first, page by page "
                           "(each next page asks for responses before the last token).",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    {"form_id", Type::String, true,
                     "The form's ID, as in its URL (https://mysite.typeform.com/to/u6nXL7)."},
                    {"page_size", Type::Integer, false,
                     "Responses per page (Typeform's default 25, at most 1000)."},
                    {"since", Type::String, false,
                     "Only responses submitted since this time (ISO 8601 UTC or Unix seconds)."},
                    {"until", Type::String, false,
                     "Only responses submitted until this time (ISO 8601 UTC or Unix seconds)."},
                    {"after", Type::String, false,
                     "Only responses submitted after this response token."},
                    {"before", Type::String, false,
                     "Where to continue: responses submitted before this token (the "
                     "pagination passes the last token of the previous page)."},
                    {"included_response_ids", Type::String, false,
                     "Comma-separated response IDs to include."},
                    {"excluded_response_ids", Type::String, false,
                     "Comma-separated response IDs to leave out."},
                    {"response_type", Type::String, false,
                     "Comma-separated: started, partial, completed."},
                    {"sort", Type::String, false,
                     "{field},{asc|desc}, e.g. submitted_at,asc (not with before/after)."},
                    {"query", Type::String, false, "Only responses containing this text."},
                    {"fields", Type::String, false,
                     "Comma-separated field IDs whose answers to return."},
                    {"answered_fields", Type::String, false,
                     "Comma-separated field IDs: only responses that answer them."},
                },
            .example = {{"form_id", "u6nXL7"}, {"page_size", 2}},
            .pagination =
                Pagination{
                    .style = Pagination::Style::BodyCursor,
                    .cursorPointer = "/b44_next_before",
                    .cursorArgument = "before",
                    .itemsPointer = "/items",
                    .hasMorePointer = "",
                },
        },
        buildGetResponses, parseGetResponses);
  }

 protected:
  // Typeform's error bodies are {code, description[, details]}.
  void checkResponse(std::string_view action, const ServiceResponse& response,
                     const json& body) const override {
    const bool failed = response.status < 200 || response.status >= 300;
    if (failed && body.is_object() && body.contains("code") && body["code"].is_string()) {
      const std::string detail = body.contains("description") && body["description"].is_string()
                                     ? body["description"].get<std::string>()
                                     : std::string();
      throw b44::ServiceError(spec().type, std::string(action), response.status,
                              body["code"].get<std::string>(), detail, body);
    }
    BasicAdapter::checkResponse(action, response, body);
  }
};

std::unique_ptr<b44::plugin::Adapter> makeTypeformAdapter(std::string_view /*type*/) {
  return std::make_unique<TypeformAdapter>();
}

}  // namespace

B44_PLUGIN("1.0.0", "typeform", makeTypeformAdapter)
