// The ClickUp adapter (integration type "clickup": an OAuth access token on
// the API v2).
//
// Checked against ClickUp's official developer documentation:
//   https://developer.clickup.com/docs/authentication
//       Settled (services.md said *verify*): personal tokens (pk_...) go in
//       the header as they are, "Authorization: {personal_token}"; access
//       tokens from the OAuth flow, which is what Base44 holds, go as
//       "Authorization: Bearer {access_token}" (the OAuth section's last
//       step). So this adapter presents the token with the Bearer scheme.
//   https://developer.clickup.com/docs/rate-limits
//       limits per token (100 to 10,000 requests a minute by plan); over it,
//       429 with X-RateLimit-Limit, X-RateLimit-Remaining and
//       X-RateLimit-Reset (a Unix timestamp in seconds).
//   https://developer.clickup.com/reference/getauthorizeduser
//       GET /api/v2/user; answers {user: {id, username, email, color,
//       profilePicture, ...}}.
//   https://developer.clickup.com/reference/gettasks
//       GET /api/v2/list/{list_id}/task; archived, include_markdown_description,
//       page (from 0), order_by (id, created, updated, due_date), reverse,
//       subtasks, statuses[], include_closed, assignees[], tags[],
//       due_date_gt/lt, date_created_gt/lt, date_updated_gt/lt (Unix ms);
//       at most 100 tasks a page; answers {tasks, last_page}.
//   https://developer.clickup.com/reference/createtask
//       POST /api/v2/list/{list_id}/task; name (required), description,
//       markdown_content (used instead of description when both are given),
//       assignees (user ids), tags, status, priority (1 urgent .. 4 low),
//       due_date / start_date (Unix ms) with due_date_time / start_date_time,
//       time_estimate (ms), notify_all, parent, links_to, custom_fields;
//       answers the task.
//   https://developer.clickup.com/docs/common_errors
//       errors are {err, ECODE} with a 4xx status; ECODE is the code.
#include <b44/errors.hpp>
#include <b44/plugin/basic_adapter.hpp>
#include <b44/plugin/export.hpp>
#include <b44/plugin/url.hpp>
#include <b44/typed.hpp>

#include <cstdint>
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

constexpr std::size_t kTasksPerPage = 100;

// The page number: an integer, or its decimal text when the Pager resumes
// from the cursor the previous page handed out.
std::optional<std::int64_t> pageNumber(const Args& args) {
  const json& value = args.value("page");
  if (value.is_null()) return std::nullopt;
  if (value.is_number_integer() && value.get<std::int64_t>() >= 0) return value.get<std::int64_t>();
  if (value.is_string() && !value.get_ref<const std::string&>().empty() &&
      value.get_ref<const std::string&>().size() < 10 &&
      value.get_ref<const std::string&>().find_first_not_of("0123456789") == std::string::npos) {
    return std::stoll(value.get<std::string>());
  }
  throw b44::InvalidArgumentError(
      "args.page", args.operation() + ": argument 'page' must be a page number (0, 1, ...)");
}

std::string listPath(const Args& args) {
  return "/list/" + b44::plugin::pathSegment(args.string("list_id"), "list_id") + "/task";
}

// statuses[]=a&statuses[]=b, as ClickUp reads array filters.
void addArray(const Args& args, ServiceRequest& request, const char* name) {
  for (const auto& item : args.value(name)) {
    if (!item.is_string() && !item.is_number_integer()) {
      throw b44::InvalidArgumentError(
          "args." + std::string(name),
          args.operation() + ": argument '" + name + "' must be an array of strings or numbers");
    }
    request.query.emplace_back(std::string(name) + "[]",
                               item.is_string() ? item.get<std::string>() : item.dump());
  }
}

ServiceRequest buildGetAuthorizedUser(const Args& /*args*/) {
  ServiceRequest request;
  request.path = "/user";
  return request;
}

ServiceRequest buildGetTasks(const Args& args) {
  ServiceRequest request;
  request.path = listPath(args);
  args.toQuery(request, "archived");
  args.toQuery(request, "include_closed");
  args.toQuery(request, "subtasks");
  if (auto order = args.optionalChoice("order_by", {"id", "created", "updated", "due_date"})) {
    request.query.emplace_back("order_by", *order);
  }
  args.toQuery(request, "reverse");
  addArray(args, request, "statuses");
  addArray(args, request, "assignees");
  addArray(args, request, "tags");
  for (const char* name : {"due_date_gt", "due_date_lt", "date_created_gt", "date_created_lt",
                           "date_updated_gt", "date_updated_lt"}) {
    args.toQuery(request, name);
  }
  args.toQuery(request, "include_markdown_description");
  if (auto page = pageNumber(args)) request.query.emplace_back("page", std::to_string(*page));
  return request;
}

// ClickUp says whether a page is the last one (last_page) but not which page
// comes next; the result gets "next_page" (the following page number) when
// there is more, so that the cursor is an ordinary argument value. Answers
// without last_page continue while pages are full.
json addNextPage(const Args& args, json body, const b44::plugin::ServiceResponse& /*response*/) {
  if (!body.is_object()) return body;
  const auto& tasks = b44::typed::arrayField(body, "tasks");
  const bool more = body.contains("last_page") && body["last_page"].is_boolean()
                        ? !body["last_page"].get<bool>()
                        : tasks.size() >= kTasksPerPage;
  if (more && !tasks.empty()) body["next_page"] = pageNumber(args).value_or(0) + 1;
  return body;
}

ServiceRequest buildCreateTask(const Args& args) {
  json body = {{"name", args.string("name")}};
  for (const char* name : {"description", "markdown_content", "assignees", "tags", "status",
                           "priority", "due_date", "due_date_time", "start_date", "start_date_time",
                           "time_estimate", "notify_all", "parent", "links_to", "custom_fields"}) {
    args.toBody(body, name);
  }
  if (auto priority = args.optionalInteger("priority");
      priority && (*priority < 1 || *priority > 4)) {
    throw b44::InvalidArgumentError("args.priority",
                                    args.operation() +
                                        ": argument 'priority' must be 1 (urgent), "
                                        "2 (high), 3 (normal) or 4 (low)");
  }
  ServiceRequest request;
  request.method = "POST";
  request.path = listPath(args);
  request.setJsonBody(body);
  return request;
}

AdapterSpec clickupSpec() {
  AdapterSpec spec;
  spec.type = "clickup";
  spec.displayName = "ClickUp";
  spec.description = "ClickUp API v2: the authorized user, a list's tasks, creating tasks.";
  spec.documentationUrl = "https://developer.clickup.com/docs";
  // Raw requests page as ClickUp's task lists do (Get Tasks, Get Filtered Team
  // Tasks): "page" from 0, at most 100 tasks a page, items in "tasks":
  // https://developer.clickup.com/reference/gettasks
  // Most other v2 lists answer everything at once; comments page by
  // start/start_id instead, which no RawPagination style expresses.
  spec.hosts = {b44::plugin::ApiHost{
      .name = "default",
      .baseUrlTemplate = "https://api.clickup.com/api/v2",
      .allowedHosts = {"api.clickup.com"},
      .pagination = b44::plugin::pageNumber("page", "/tasks", /*firstPage=*/0)}};
  spec.token = {.header = "Authorization", .scheme = "Bearer"};  // OAuth tokens: see above
  spec.rateLimit = {.extraStatuses = {},
                    .remainingHeader = "X-RateLimit-Remaining",
                    .resetHeader = "X-RateLimit-Reset",
                    .resetFormat = b44::plugin::RateLimitSignals::ResetFormat::EpochSeconds};
  return spec;
}

class ClickUpAdapter final : public b44::plugin::BasicAdapter {
 public:
  ClickUpAdapter() : BasicAdapter(clickupSpec()) {
    addAction(
        ActionSpec{
            .name = "get_authorized_user",
            .description = "Gets the user the token belongs to (GET /user).",
            .method = "GET",
            .retrySafe = true,
            .parameters = {},
            .example = json::object(),
            .pagination = std::nullopt,
        },
        buildGetAuthorizedUser);
    addAction(
        ActionSpec{
            .name = "get_tasks",
            .description = "Lists the tasks of a list (GET /list/{list_id}/task), 100 a page. The "
                           "result carries \"next_page\" (added by the adapter) while ClickUp says "
                           "there are more.",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    {"list_id", Type::String, true, "The list's ID, e.g. 900100200300."},
                    {"archived", Type::Boolean, false, "Return archived tasks."},
                    {"include_closed", Type::Boolean, false, "Include closed tasks."},
                    {"subtasks", Type::Boolean, false, "Include subtasks."},
                    {"order_by", Type::String, false,
                     "id, created (default), updated or "
                     "due_date."},
                    {"reverse", Type::Boolean, false, "Reverse the order."},
                    {"statuses", Type::Array, false, "Only tasks in these statuses."},
                    {"assignees", Type::Array, false, "Only tasks assigned to these user IDs."},
                    {"tags", Type::Array, false, "Only tasks with these tags."},
                    {"due_date_gt", Type::Integer, false, "Due after this Unix time (ms)."},
                    {"due_date_lt", Type::Integer, false, "Due before this Unix time (ms)."},
                    {"date_created_gt", Type::Integer, false, "Created after (Unix ms)."},
                    {"date_created_lt", Type::Integer, false, "Created before (Unix ms)."},
                    {"date_updated_gt", Type::Integer, false, "Updated after (Unix ms)."},
                    {"date_updated_lt", Type::Integer, false, "Updated before (Unix ms)."},
                    {"include_markdown_description", Type::Boolean, false,
                     "Return descriptions in Markdown."},
                    {"page", Type::Any, false,
                     "The page to read, from 0; the walk continues from the result's next_page."},
                },
            .example = {{"list_id", "900100200300"}, {"include_closed", true}},
            .pagination = b44::plugin::bodyCursor("/next_page", "page", "/tasks"),
        },
        buildGetTasks, addNextPage);
    addAction(
        ActionSpec{
            .name = "create_task",
            .description = "Creates a task in a list (POST /list/{list_id}/task). Not retried once "
                           "it may have arrived.",
            .method = "POST",
            .retrySafe = false,
            .parameters =
                {
                    {"list_id", Type::String, true, "The list to create the task in."},
                    {"name", Type::String, true, "The task's name."},
                    {"description", Type::String, false, "Plain-text description."},
                    {"markdown_content", Type::String, false,
                     "Markdown description (used instead of 'description' when both are "
                     "given)."},
                    {"assignees", Type::Array, false, "User IDs (numbers) to assign."},
                    {"tags", Type::Array, false, "Tag names."},
                    {"status", Type::String, false, "A status of the list, e.g. \"to do\"."},
                    {"priority", Type::Integer, false, "1 urgent, 2 high, 3 normal, 4 low."},
                    {"due_date", Type::Integer, false, "Due date, Unix time in ms."},
                    {"due_date_time", Type::Boolean, false, "The due date has a time of day."},
                    {"start_date", Type::Integer, false, "Start date, Unix time in ms."},
                    {"start_date_time", Type::Boolean, false, "The start date has a time of day."},
                    {"time_estimate", Type::Integer, false, "Time estimate in ms."},
                    {"notify_all", Type::Boolean, false, "Notify everyone, the creator included."},
                    {"parent", Type::String, false, "Create it as a subtask of this task ID."},
                    {"links_to", Type::String, false, "A task ID to link it to."},
                    {"custom_fields", Type::Array, false,
                     "Custom field values: [{\"id\": ..., \"value\": ...}]."},
                },
            .example = {{"list_id", "900100200300"},
                        {"name", "Write the release notes"},
                        {"description", "For version 2.1"},
                        {"priority", 3}},
            .pagination = std::nullopt,
        },
        buildCreateTask);
  }

 protected:
  // ClickUp's errors are {err, ECODE}.
  void checkResponse(std::string_view action, const b44::plugin::ServiceResponse& response,
                     const json& body) const override {
    if (response.status >= 200 && response.status < 300) return;
    const std::string code = b44::typed::stringField(body, "ECODE");
    if (!code.empty()) {
      throw b44::ServiceError(spec().type, std::string(action), response.status, code,
                              b44::typed::stringField(body, "err"), body);
    }
    BasicAdapter::checkResponse(action, response, body);
  }
};

std::unique_ptr<b44::plugin::Adapter> makeClickUpAdapter(std::string_view /*type*/) {
  return std::make_unique<ClickUpAdapter>();
}

}  // namespace

B44_PLUGIN("1.0.0", "clickup", makeClickUpAdapter)
