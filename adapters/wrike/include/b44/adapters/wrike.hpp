#pragma once
// Typed helpers for the "wrike" adapter. Header-only: each helper builds the
// action's JSON arguments, calls ServiceClient::invoke (or pages) and converts
// the JSON result; the host never links the adapter.
//
//   b44::wrike::Wrike wrike(registry.service("wrike", client));
//   auto task = wrike.createTask({.folderId = "IEAAAAAQI4AAAAAA", .title = "Ship it"});
//   for (auto& t : wrike.listTasks({.folderId = "IEAAAAAQI4AAAAAA"}).all()) ...
//
// The Wrike host comes from the connection's config ("host"); the adapter
// checks it, so nothing here deals with URLs.
#include <b44/errors.hpp>
#include <b44/service_client.hpp>
#include <b44/typed.hpp>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace b44::wrike {

// --- Requests and results -----------------------------------------------------

struct TaskDates {
  std::string type;   // Planned, Milestone, Backlog
  std::string start;  // yyyy-MM-dd (Wrike also answers with a time part)
  std::string due;
  std::optional<std::int64_t> duration;  // minutes
};

struct ListTasksRequest {
  std::optional<std::string> folderId;    // absent = the whole account
  std::optional<std::string> status;      // Active, Completed, Deferred, Cancelled
  std::optional<std::string> importance;  // High, Normal, Low
  std::optional<bool> descendants;
  std::optional<int> pageSize;               // default 100
  std::optional<std::string> nextPageToken;  // resume a saved walk
};

struct CreateTaskRequest {
  std::string folderId;
  std::string title;
  std::optional<std::string> description;
  std::optional<std::string> status;
  std::optional<std::string> importance;
  std::optional<TaskDates> dates;
  std::vector<std::string> responsibles;  // contact IDs
};

struct Task {
  std::string id;
  std::string accountId;
  std::string title;
  std::string description;
  std::string briefDescription;
  std::string status;
  std::string importance;
  std::string customStatusId;
  std::string createdDate;
  std::string updatedDate;
  std::string permalink;
  std::string scope;
  TaskDates dates;
  std::vector<std::string> parentIds;
  std::vector<std::string> responsibleIds;
  nlohmann::json raw;
};

// --- JSON conversion ----------------------------------------------------------

inline nlohmann::json toJson(const TaskDates& dates) {
  nlohmann::json json = nlohmann::json::object();
  if (!dates.type.empty()) json["type"] = dates.type;
  if (!dates.start.empty()) json["start"] = dates.start;
  if (!dates.due.empty()) json["due"] = dates.due;
  if (dates.duration) json["duration"] = *dates.duration;
  return json;
}

inline nlohmann::json toJson(const ListTasksRequest& request) {
  nlohmann::json args = nlohmann::json::object();
  if (request.folderId) args["folder_id"] = *request.folderId;
  if (request.status) args["status"] = *request.status;
  if (request.importance) args["importance"] = *request.importance;
  if (request.descendants) args["descendants"] = *request.descendants;
  if (request.pageSize) args["page_size"] = *request.pageSize;
  return args;
}

inline nlohmann::json toJson(const CreateTaskRequest& request) {
  nlohmann::json args = {{"folder_id", request.folderId}, {"title", request.title}};
  if (request.description) args["description"] = *request.description;
  if (request.status) args["status"] = *request.status;
  if (request.importance) args["importance"] = *request.importance;
  if (request.dates) args["dates"] = toJson(*request.dates);
  if (!request.responsibles.empty()) args["responsibles"] = request.responsibles;
  return args;
}

inline TaskDates taskDatesFromJson(const nlohmann::json& json) {
  TaskDates dates{.type = typed::stringField(json, "type"),
                  .start = typed::stringField(json, "start"),
                  .due = typed::stringField(json, "due"),
                  .duration = std::nullopt};
  if (json.is_object() && json.contains("duration") && json["duration"].is_number_integer()) {
    dates.duration = json["duration"].get<std::int64_t>();
  }
  return dates;
}

inline Task taskFromJson(const nlohmann::json& json) {
  Task task;
  task.id = typed::stringField(json, "id");
  task.accountId = typed::stringField(json, "accountId");
  task.title = typed::stringField(json, "title");
  task.description = typed::stringField(json, "description");
  task.briefDescription = typed::stringField(json, "briefDescription");
  task.status = typed::stringField(json, "status");
  task.importance = typed::stringField(json, "importance");
  task.customStatusId = typed::stringField(json, "customStatusId");
  task.createdDate = typed::stringField(json, "createdDate");
  task.updatedDate = typed::stringField(json, "updatedDate");
  task.permalink = typed::stringField(json, "permalink");
  task.scope = typed::stringField(json, "scope");
  task.dates = taskDatesFromJson(typed::objectField(json, "dates"));
  task.parentIds = typed::stringsField(json, "parentIds");
  task.responsibleIds = typed::stringsField(json, "responsibleIds");
  task.raw = json;
  return task;
}

// --- The client ---------------------------------------------------------------

class Wrike {
 public:
  // `client` comes from registry.service("wrike", client[, options]).
  explicit Wrike(ServiceClient client) : client_(std::move(client)) {}

  // Pages through the tasks; request.nextPageToken resumes a saved walk.
  ItemPager<Task> listTasks(ListTasksRequest request = {}) const {
    return ItemPager<Task>(client_.pages("list_tasks", toJson(request), request.nextPageToken),
                           &taskFromJson);
  }

  Task createTask(const CreateTaskRequest& request) const {
    auto result = client_.invoke("create_task", toJson(request));
    if (!result.contains("data") || !result["data"].is_array() || result["data"].empty()) {
      throw ProtocolError("wrike.create_task: the answer has no task in 'data'");
    }
    return taskFromJson(result["data"][0]);
  }

  [[nodiscard]] const ServiceClient& client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace b44::wrike
