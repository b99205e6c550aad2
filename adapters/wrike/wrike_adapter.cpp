// The Wrike adapter (integration type "wrike").
//
// Checked against Wrike's official API v4 documentation:
//   https://developers.wrike.com/docs/overview
//       token in the Authorization header (Bearer); answers are JSON
//       {kind, data: [...]}; errors are {error, errorDescription} with a
//       4xx/5xx status.
//   https://developers.wrike.com/docs/oauth-20-authorization
//       the token answer names the account's data-centre "host"; every call
//       goes to https://{host}/api/v4. The API reference's OpenAPI "servers"
//       list www.wrike.com, app-eu.wrike.com and app-us2.wrike.com.
//   https://developers.wrike.com/reference/getfolderssingletasks (Query Tasks)
//       GET /tasks (whole account) or /folders/{folderId}/tasks; status
//       (Active, Completed, Deferred, Cancelled), importance, descendants,
//       pageSize, nextPageToken; answers {kind: "tasks", nextPageToken,
//       responseSize, data}.
//   https://help.wrike.com/hc/en-us/community/posts/211881385-API-Pagination-and-the-nextpage-Token
//       (Wrike's note on task pagination): nextPageToken is only returned when
//       pageSize is given, and the other parameters must be repeated with it.
//   https://developers.wrike.com/reference/postfolderssingletasks (Create Task)
//       POST /folders/{folderId}/tasks; title (required), description,
//       status, importance (High, Normal, Low), dates {type, duration, start,
//       due}, responsibles [contact ids]; answers {kind: "tasks", data: [task]}.
//       The reference lists these as request parameters (rendered as query
//       parameters, object and array values JSON-encoded); Wrike reads the
//       same parameters from an application/x-www-form-urlencoded body, as in
//       its curl examples (-d). This adapter sends them as form fields so that
//       task titles and descriptions stay out of URLs and access logs.
#include <b44/errors.hpp>
#include <b44/http.hpp>
#include <b44/plugin/basic_adapter.hpp>
#include <b44/plugin/export.hpp>
#include <b44/plugin/url.hpp>

#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using b44::plugin::ActionSpec;
using b44::plugin::AdapterSpec;
using b44::plugin::Args;
using b44::plugin::Pagination;
using b44::plugin::ServiceRequest;
using Type = b44::plugin::Parameter::Type;
using nlohmann::json;

constexpr std::int64_t kDefaultPageSize = 100;

ServiceRequest buildListTasks(const Args& args) {
  ServiceRequest request;
  if (auto folder = args.optionalString("folder_id")) {
    request.path = "/folders/" + b44::plugin::pathSegment(*folder, "folder_id") + "/tasks";
  } else {
    request.path = "/tasks";
  }
  if (auto status =
          args.optionalChoice("status", {"Active", "Completed", "Deferred", "Cancelled"})) {
    request.query.emplace_back("status", *status);
  }
  if (auto importance = args.optionalChoice("importance", {"High", "Normal", "Low"})) {
    request.query.emplace_back("importance", *importance);
  }
  if (auto descendants = args.optionalBoolean("descendants")) {
    request.query.emplace_back("descendants", *descendants ? "true" : "false");
  }
  // Wrike only hands out nextPageToken when a page size is given.
  std::int64_t pageSize = args.optionalInteger("page_size").value_or(kDefaultPageSize);
  request.query.emplace_back("pageSize", std::to_string(pageSize));
  if (auto token = args.optionalString("next_page_token")) {
    request.query.emplace_back("nextPageToken", *token);
  }
  return request;
}

ServiceRequest buildCreateTask(const Args& args) {
  std::string folder = b44::plugin::pathSegment(args.string("folder_id"), "folder_id");
  std::vector<std::pair<std::string, std::string>> form;
  form.emplace_back("title", args.string("title"));
  if (auto description = args.optionalString("description")) {
    form.emplace_back("description", *description);
  }
  if (auto status = args.optionalChoice("status", {"Active", "Completed", "Deferred", "Cancelled"}))
    form.emplace_back("status", *status);
  if (auto importance = args.optionalChoice("importance", {"High", "Normal", "Low"})) {
    form.emplace_back("importance", *importance);
  }
  if (args.has("dates")) form.emplace_back("dates", args.value("dates").dump());
  if (args.has("responsibles"))
    form.emplace_back("responsibles", args.value("responsibles").dump());

  ServiceRequest request;
  request.method = "POST";
  request.path = "/folders/" + folder + "/tasks";
  request.body = b44::encodeQuery(form);
  request.contentType = "application/x-www-form-urlencoded";
  return request;
}

AdapterSpec wrikeSpec() {
  AdapterSpec spec;
  spec.type = "wrike";
  spec.displayName = "Wrike";
  spec.description = "Wrike API v4: query and create tasks, on the account's own data centre.";
  spec.documentationUrl = "https://developers.wrike.com/docs/overview";
  // Raw requests page with nextPageToken -> the nextPageToken query parameter
  // (only answered when pageSize is given; the other parameters repeated);
  // every answer carries its items in "data":
  // https://help.wrike.com/hc/en-us/community/posts/211881385-API-Pagination-and-the-nextpage-Token
  spec.hosts = {b44::plugin::ApiHost{
      .name = "default",
      .baseUrlTemplate = "https://{host}/api/v4",
      .allowedHosts = {".wrike.com"},
      .pagination = b44::plugin::bodyCursor("/nextPageToken", "nextPageToken", "/data")}};
  // Wrike documents www (US), app-eu (EU) and app-us2; the pattern also admits
  // further "app-<region>" data centres, never anything outside wrike.com.
  spec.configFields = {b44::plugin::ConfigField{
      .name = "host",
      .displayName = "Wrike host",
      .description = "The API host of the account's data centre, as named by Wrike's OAuth "
                     "token answer: www.wrike.com, app-eu.wrike.com or app-us2.wrike.com.",
      .example = "www.wrike.com",
      .pattern = R"(^(www|app-[a-z]{2}[0-9]{0,2})\.wrike\.com$)",
      .validationError = "must be a Wrike API host such as www.wrike.com or app-eu.wrike.com",
      .required = true,
      .defaultValue = "",
      .maxLength = 64,
  }};
  spec.token = {.header = "Authorization", .scheme = "Bearer"};
  return spec;
}

class WrikeAdapter final : public b44::plugin::BasicAdapter {
 public:
  WrikeAdapter() : BasicAdapter(wrikeSpec()) {
    addAction(
        ActionSpec{
            .name = "list_tasks",
            .description = "Queries tasks of the whole account or of one folder or project, "
                           "page by page.",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    {"folder_id", Type::String, false,
                     "Folder or project ID (e.g. IEAAAAAQI4AAAAAA); absent = the whole account."},
                    {"status", Type::String, false,
                     "Only tasks with this status: Active, Completed, Deferred or Cancelled."},
                    {"importance", Type::String, false,
                     "Only tasks of this importance: High, Normal or Low."},
                    {"descendants", Type::Boolean, false,
                     "With folder_id: include tasks of subfolders (Wrike's default true)."},
                    {"page_size", Type::Integer, false,
                     "Tasks per page (default 100, at most 1000); Wrike pages only when it "
                     "is set, so the adapter always sends it."},
                    {"next_page_token", Type::String, false,
                     "Where to continue: nextPageToken of the previous page."},
                },
            .example = {{"folder_id", "IEAAAAAQI4AAAAAA"}, {"status", "Active"}, {"page_size", 2}},
            .pagination =
                Pagination{
                    .style = Pagination::Style::BodyCursor,
                    .cursorPointer = "/nextPageToken",
                    .cursorArgument = "next_page_token",
                    .itemsPointer = "/data",
                    .hasMorePointer = "",
                },
        },
        buildListTasks);
    addAction(
        ActionSpec{
            .name = "create_task",
            .description = "Creates a task in a folder or project. Not retried once it may have "
                           "arrived.",
            .method = "POST",
            .retrySafe = false,
            .parameters =
                {
                    {"folder_id", Type::String, true,
                     "Parent folder or project ID (the account's root folder ID for the root)."},
                    {"title", Type::String, true, "The task's title."},
                    {"description", Type::String, false, "Description (may contain HTML)."},
                    {"status", Type::String, false,
                     "Active, Completed, Deferred or Cancelled (Wrike's default Active)."},
                    {"importance", Type::String, false,
                     "High, Normal or Low (Wrike's default Normal)."},
                    {"dates", Type::Object, false,
                     "Task dates {type: Planned|Milestone|Backlog, start: yyyy-MM-dd, due: "
                     "yyyy-MM-dd, duration: minutes}; absent = a backlog task."},
                    {"responsibles", Type::Array, false, "Contact IDs of the assignees."},
                },
            .example = {{"folder_id", "IEAAAAAQI4AAAAAA"},
                        {"title", "Prepare the launch"},
                        {"importance", "High"},
                        {"dates",
                         {{"type", "Planned"}, {"start", "2024-05-02"}, {"due", "2024-05-06"}}}},
            .pagination = std::nullopt,
        },
        buildCreateTask);
  }

 protected:
  // Wrike's error bodies are {"error": code, "errorDescription": text}.
  void checkResponse(std::string_view action, const b44::plugin::ServiceResponse& response,
                     const json& body) const override {
    bool failed = response.status < 200 || response.status >= 300;
    if (failed && body.is_object() && body.contains("errorDescription") &&
        body["errorDescription"].is_string()) {
      std::string code = body.contains("error") && body["error"].is_string()
                             ? body["error"].get<std::string>()
                             : std::string();
      throw b44::ServiceError(spec().type, std::string(action), response.status, code,
                              body["errorDescription"].get<std::string>(), body);
    }
    BasicAdapter::checkResponse(action, response, body);
  }
};

std::unique_ptr<b44::plugin::Adapter> makeWrikeAdapter(std::string_view /*type*/) {
  return std::make_unique<WrikeAdapter>();
}

}  // namespace

B44_PLUGIN("1.0.0", "wrike", makeWrikeAdapter)
