#pragma once
// Typed helpers for the "clickup" adapter. Header-only: each helper builds the
// action's JSON arguments, calls ServiceClient::invoke (or pages) and converts
// the JSON result; the host never links the adapter.
//
//   b44::clickup::ClickUp clickup(registry.service("clickup", client));
//   auto me = clickup.getAuthorizedUser();
//   for (auto& task : clickup.getTasks({.listId = "900100200300"}).all()) ...
//   auto task = clickup.createTask({.listId = "900100200300", .name = "Ship it"});
//
// Every result keeps ClickUp's JSON object in `raw`.
#include <b44/errors.hpp>
#include <b44/service_client.hpp>
#include <b44/typed.hpp>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace b44::clickup {

// --- Requests -----------------------------------------------------------------

struct GetTasksRequest {
  std::string listId;
  std::optional<bool> archived;
  std::optional<bool> includeClosed;
  std::optional<bool> subtasks;
  std::optional<std::string> orderBy;  // id, created, updated, due_date
  std::optional<bool> reverse;
  std::vector<std::string> statuses;
  std::vector<std::int64_t> assignees;  // user IDs
  std::vector<std::string> tags;
  std::optional<int> page;  // start (or resume) at this page, from 0
};

struct CreateTaskRequest {
  std::string listId;
  std::string name;
  std::optional<std::string> description;
  std::optional<std::string> markdownContent;
  std::vector<std::int64_t> assignees;  // user IDs
  std::vector<std::string> tags;
  std::optional<std::string> status;
  std::optional<int> priority;          // 1 urgent, 2 high, 3 normal, 4 low
  std::optional<std::int64_t> dueDate;  // Unix ms
  std::optional<bool> dueDateTime;
  std::optional<std::int64_t> startDate;  // Unix ms
  std::optional<bool> notifyAll;
  std::optional<std::string> parent;  // create a subtask
};

// --- Results ------------------------------------------------------------------

struct User {
  std::int64_t id = 0;
  std::string username;
  std::string email;
  std::string color;
  std::string profilePicture;
  nlohmann::json raw;
};

struct Task {
  std::string id;
  std::string customId;
  std::string name;
  std::string textContent;
  std::string description;
  std::string status;    // the status's name, e.g. "to do"
  std::string priority;  // urgent, high, normal, low; empty when none
  std::string url;
  std::string listId;
  std::string dueDate;      // Unix ms as text, ClickUp's spelling; empty when none
  std::string dateCreated;  // Unix ms as text
  std::string creatorUsername;
  std::vector<std::string> assignees;  // usernames
  std::vector<std::string> tags;       // names
  std::string parent;
  nlohmann::json raw;
};

// --- JSON conversion ----------------------------------------------------------

inline nlohmann::json toJson(const GetTasksRequest& request) {
  nlohmann::json args = {{"list_id", request.listId}};
  typed::setIf(args, "archived", request.archived);
  typed::setIf(args, "include_closed", request.includeClosed);
  typed::setIf(args, "subtasks", request.subtasks);
  typed::setIf(args, "order_by", request.orderBy);
  typed::setIf(args, "reverse", request.reverse);
  typed::setIfNotEmpty(args, "statuses", request.statuses);
  typed::setIfNotEmpty(args, "assignees", request.assignees);
  typed::setIfNotEmpty(args, "tags", request.tags);
  return args;
}

inline nlohmann::json toJson(const CreateTaskRequest& request) {
  nlohmann::json args = {{"list_id", request.listId}, {"name", request.name}};
  typed::setIf(args, "description", request.description);
  typed::setIf(args, "markdown_content", request.markdownContent);
  typed::setIfNotEmpty(args, "assignees", request.assignees);
  typed::setIfNotEmpty(args, "tags", request.tags);
  typed::setIf(args, "status", request.status);
  typed::setIf(args, "priority", request.priority);
  typed::setIf(args, "due_date", request.dueDate);
  typed::setIf(args, "due_date_time", request.dueDateTime);
  typed::setIf(args, "start_date", request.startDate);
  typed::setIf(args, "notify_all", request.notifyAll);
  typed::setIf(args, "parent", request.parent);
  return args;
}

// `json` is the "user" object of GET /user.
inline User userFromJson(const nlohmann::json& json) {
  return User{.id = typed::intField(json, "id"),
              .username = typed::stringField(json, "username"),
              .email = typed::stringField(json, "email"),
              .color = typed::stringField(json, "color"),
              .profilePicture = typed::stringField(json, "profilePicture"),
              .raw = json};
}

inline Task taskFromJson(const nlohmann::json& json) {
  Task task;
  task.id = typed::stringField(json, "id");
  task.customId = typed::stringField(json, "custom_id");
  task.name = typed::stringField(json, "name");
  task.textContent = typed::stringField(json, "text_content");
  task.description = typed::stringField(json, "description");
  task.status = typed::stringField(typed::objectField(json, "status"), "status");
  task.priority = typed::stringField(typed::objectField(json, "priority"), "priority");
  task.url = typed::stringField(json, "url");
  task.listId = typed::stringField(typed::objectField(json, "list"), "id");
  task.dueDate = typed::stringField(json, "due_date");
  task.dateCreated = typed::stringField(json, "date_created");
  task.creatorUsername = typed::stringField(typed::objectField(json, "creator"), "username");
  for (const auto& assignee : typed::arrayField(json, "assignees")) {
    task.assignees.push_back(typed::stringField(assignee, "username"));
  }
  for (const auto& tag : typed::arrayField(json, "tags")) {
    task.tags.push_back(typed::stringField(tag, "name"));
  }
  task.parent = typed::stringField(json, "parent");
  task.raw = json;
  return task;
}

// --- The client ---------------------------------------------------------------

class ClickUp {
 public:
  // `client` comes from registry.service("clickup", client[, options]).
  explicit ClickUp(ServiceClient client) : client_(std::move(client)) {}

  [[nodiscard]] User getAuthorizedUser() const {
    const auto answer = client_.invoke("get_authorized_user");
    return userFromJson(typed::objectField(answer, "user"));
  }

  // Pages through a list's tasks; request.page starts (or resumes) there.
  [[nodiscard]] ItemPager<Task> getTasks(const GetTasksRequest& request) const {
    std::optional<std::string> start;
    if (request.page) start = std::to_string(*request.page);
    return ItemPager<Task>(client_.pages("get_tasks", toJson(request), start), &taskFromJson);
  }

  [[nodiscard]] Task createTask(const CreateTaskRequest& request) const {
    return taskFromJson(client_.invoke("create_task", toJson(request)));
  }

  [[nodiscard]] const ServiceClient& client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace b44::clickup
