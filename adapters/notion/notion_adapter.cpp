// The Notion adapter (integration type "notion").
//
// Checked against Notion's official API reference:
//   https://developers.notion.com/reference/intro
//       base URL https://api.notion.com; JSON request and response bodies;
//       "Authorization: Bearer <token>".
//   https://developers.notion.com/reference/versioning
//       every request carries a Notion-Version header; this adapter speaks
//       2022-06-28 (parents are page_id / database_id, search filters on
//       "page" / "database").
//   https://developers.notion.com/reference/post-search
//       POST /v1/search; body query, filter {property: "object", value:
//       "page"|"database"}, sort {direction, timestamp: "last_edited_time"},
//       start_cursor, page_size (at most 100); answers {object: "list",
//       results, next_cursor, has_more}.
//   https://developers.notion.com/reference/intro#pagination
//       POST endpoints take start_cursor and page_size in the body;
//       has_more false (or next_cursor null) ends the list.
//   https://developers.notion.com/reference/post-page
//       POST /v1/pages; parent {page_id} or {database_id} (required),
//       properties (under a page parent only "title"; under a database the
//       database's own properties), children (an array of blocks); answers the
//       new page object.
// Errors are {object: "error", status, code, message} with a 4xx/5xx status,
// which the SDK's default check reads.
#include <b44/errors.hpp>
#include <b44/plugin/basic_adapter.hpp>
#include <b44/plugin/export.hpp>

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
using Type = b44::plugin::Parameter::Type;
using nlohmann::json;

constexpr const char* kNotionVersion = "2022-06-28";

ServiceRequest buildSearch(const Args& args) {
  json body = json::object();
  if (auto query = args.optionalString("query")) body["query"] = *query;
  if (args.has("filter")) body["filter"] = args.value("filter");
  if (args.has("sort")) body["sort"] = args.value("sort");
  if (auto cursor = args.optionalString("start_cursor")) body["start_cursor"] = *cursor;
  if (auto pageSize = args.optionalInteger("page_size")) body["page_size"] = *pageSize;
  ServiceRequest request;
  request.method = "POST";
  request.path = "/search";
  request.setJsonBody(body);
  return request;
}

// The parent from exactly one of parent, parent_page_id, parent_database_id.
json pageParent(const Args& args) {
  int given = (args.has("parent") ? 1 : 0) + (args.has("parent_page_id") ? 1 : 0) +
              (args.has("parent_database_id") ? 1 : 0);
  if (given != 1) {
    throw b44::InvalidArgumentError("args.parent",
                                    args.operation() +
                                        ": give exactly one of 'parent', 'parent_page_id' or "
                                        "'parent_database_id'");
  }
  if (auto page = args.optionalString("parent_page_id")) return {{"page_id", *page}};
  if (auto database = args.optionalString("parent_database_id")) {
    return {{"database_id", *database}};
  }
  return args.value("parent");
}

ServiceRequest buildCreatePage(const Args& args) {
  json parent = pageParent(args);
  json properties = args.has("properties") ? args.value("properties") : json::object();
  if (auto title = args.optionalString("title")) {
    // A page parent allows only "title"; a database's title property is
    // usually "Name" unless the caller says otherwise.
    std::string property = args.optionalString("title_property")
                               .value_or(parent.contains("database_id") ? "Name" : "title");
    properties[property] = {
        {"title", json::array({{{"type", "text"}, {"text", {{"content", *title}}}}})}};
  }
  json body = {{"parent", parent}, {"properties", properties}};
  if (args.has("children")) body["children"] = args.value("children");
  ServiceRequest request;
  request.method = "POST";
  request.path = "/pages";
  request.setJsonBody(body);
  return request;
}

AdapterSpec notionSpec() {
  AdapterSpec spec;
  spec.type = "notion";
  spec.displayName = "Notion";
  spec.description = "Notion API (version 2022-06-28): search pages and databases, create pages.";
  spec.documentationUrl = "https://developers.notion.com/reference/intro";
  // Raw requests page with next_cursor -> start_cursor, items in "results",
  // has_more false ending the list. The GET lists take start_cursor as a query
  // parameter; the POST ones (search, database query) take it in the body:
  // their callers set cursorInBody = true.
  // https://developers.notion.com/reference/intro#pagination
  spec.hosts = {b44::plugin::ApiHost{.name = "default",
                                     .baseUrlTemplate = "https://api.notion.com/v1",
                                     .allowedHosts = {"api.notion.com"},
                                     .pagination = b44::plugin::bodyCursor(
                                         "/next_cursor", "start_cursor", "/results", "/has_more")}};
  spec.token = {.header = "Authorization", .scheme = "Bearer"};
  spec.defaultHeaders = {{.name = "Notion-Version", .value = kNotionVersion}};
  return spec;
}

class NotionAdapter final : public b44::plugin::BasicAdapter {
 public:
  NotionAdapter() : BasicAdapter(notionSpec()) {
    addAction(
        ActionSpec{
            .name = "search",
            .description = "Searches the pages and databases shared with the integration by "
                           "title, page by page. A read, so it is safe to retry.",
            .method = "POST",
            .retrySafe = true,
            .parameters =
                {
                    {"query", Type::String, false,
                     "Text compared with page and database titles; absent = everything shared."},
                    {"filter", Type::Object, false,
                     "Limit to one kind: {\"property\": \"object\", \"value\": \"page\"} or "
                     "\"database\"."},
                    {"sort", Type::Object, false,
                     "{\"direction\": \"ascending\"|\"descending\", \"timestamp\": "
                     "\"last_edited_time\"}."},
                    {"page_size", Type::Integer, false, "Results per page (at most 100)."},
                    {"start_cursor", Type::String, false,
                     "Where to continue: next_cursor of the previous page."},
                },
            .example = {{"query", "Roadmap"},
                        {"filter", {{"property", "object"}, {"value", "page"}}},
                        {"page_size", 2}},
            .pagination =
                Pagination{
                    .style = Pagination::Style::BodyCursor,
                    .cursorPointer = "/next_cursor",
                    .cursorArgument = "start_cursor",
                    .itemsPointer = "/results",
                    .hasMorePointer = "/has_more",
                },
        },
        buildSearch);
    addAction(
        ActionSpec{
            .name = "create_page",
            .description = "Creates a page under a page or in a database. Give the parent as "
                           "'parent' or, simpler, 'parent_page_id' / 'parent_database_id'; "
                           "'title' fills the title property. Not retried once it may have "
                           "arrived.",
            .method = "POST",
            .retrySafe = false,
            .parameters =
                {
                    {"parent", Type::Object, false,
                     "The parent object, {\"page_id\": ...} or {\"database_id\": ...}."},
                    {"parent_page_id", Type::String, false,
                     "Create the page under this page (instead of 'parent')."},
                    {"parent_database_id", Type::String, false,
                     "Create the page in this database (instead of 'parent')."},
                    {"title", Type::String, false, "The page title, put into the title property."},
                    {"title_property", Type::String, false,
                     "Name of the title property: default \"title\" under a page, \"Name\" in "
                     "a database."},
                    {"properties", Type::Object, false,
                     "Property values; under a database they must match its schema."},
                    {"children", Type::Array, false, "Page content as an array of block objects."},
                },
            .example = {{"parent_page_id", "59833787-2cf9-4fdf-8782-e53db20768a5"},
                        {"title", "Meeting notes"},
                        {"children",
                         {{{"object", "block"},
                           {"type", "paragraph"},
                           {"paragraph",
                            {{"rich_text",
                              {{{"type", "text"}, {"text", {{"content", "Agenda"}}}}}}}}}}}},
            .pagination = std::nullopt,
        },
        buildCreatePage);
  }
};

std::unique_ptr<b44::plugin::Adapter> makeNotionAdapter(std::string_view /*type*/) {
  return std::make_unique<NotionAdapter>();
}

}  // namespace

B44_PLUGIN("1.0.0", "notion", makeNotionAdapter)
