#pragma once
// Typed helpers for the "linear" adapter. Header-only: each helper builds the
// action's JSON arguments, calls ServiceClient::invoke (or pages) and converts
// the JSON result; the host never links the adapter.
//
//   b44::linear::Linear linear(registry.service("linear", client));
//   auto me = linear.viewer();
//   for (auto& team : linear.listTeams().all()) ...
//   for (auto& issue : linear.listIssues({.first = 50}).all()) ...
//   auto issue = linear.createIssue({.teamId = team.id, .title = "Fix the login"});
//
// Every result keeps Linear's JSON node in `raw`.
#include <b44/errors.hpp>
#include <b44/service_client.hpp>
#include <b44/typed.hpp>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace b44::linear {

// --- Requests -----------------------------------------------------------------

struct ListIssuesRequest {
  std::optional<int> first;  // per page
  nlohmann::json filter;     // an IssueFilter object, or null
  std::optional<bool> includeArchived;
  std::optional<std::string> orderBy;  // createdAt, updatedAt
  std::optional<std::string> after;    // resume a saved walk
};

struct ListTeamsRequest {
  std::optional<int> first;
  std::optional<std::string> after;  // resume a saved walk
};

struct CreateIssueRequest {
  std::string teamId;
  std::string title;
  std::optional<std::string> description;  // Markdown
  std::optional<int> priority;             // 0 none, 1 urgent .. 4 low
  std::optional<std::string> assigneeId;
  std::optional<std::string> stateId;
  std::vector<std::string> labelIds;
  std::optional<std::string> projectId;
  std::optional<std::string> parentId;
  std::optional<std::string> dueDate;  // YYYY-MM-DD
};

// --- Results ------------------------------------------------------------------

struct User {
  std::string id;
  std::string name;
  std::string displayName;
  std::string email;
  bool active = false;
  bool admin = false;
  std::string url;
  nlohmann::json raw;
};

struct Team {
  std::string id;
  std::string key;  // the issue identifier prefix, e.g. ENG
  std::string name;
  std::string description;
  nlohmann::json raw;
};

struct Issue {
  std::string id;
  std::string identifier;  // e.g. ENG-123
  std::string title;
  std::string description;
  std::string url;
  std::int64_t priority = 0;
  std::string priorityLabel;
  std::string stateName;
  std::string stateType;  // triage, backlog, unstarted, started, completed, canceled
  std::string teamKey;
  std::string assigneeName;  // empty when unassigned
  std::vector<std::string> labels;
  std::string createdAt;
  std::string dueDate;
  nlohmann::json raw;
};

// --- JSON conversion ----------------------------------------------------------

inline nlohmann::json toJson(const ListIssuesRequest& request) {
  nlohmann::json args = nlohmann::json::object();
  typed::setIf(args, "first", request.first);
  if (!request.filter.is_null()) args["filter"] = request.filter;
  typed::setIf(args, "include_archived", request.includeArchived);
  typed::setIf(args, "order_by", request.orderBy);
  return args;
}

inline nlohmann::json toJson(const CreateIssueRequest& request) {
  nlohmann::json args = {{"team_id", request.teamId}, {"title", request.title}};
  typed::setIf(args, "description", request.description);
  typed::setIf(args, "priority", request.priority);
  typed::setIf(args, "assignee_id", request.assigneeId);
  typed::setIf(args, "state_id", request.stateId);
  typed::setIfNotEmpty(args, "label_ids", request.labelIds);
  typed::setIf(args, "project_id", request.projectId);
  typed::setIf(args, "parent_id", request.parentId);
  typed::setIf(args, "due_date", request.dueDate);
  return args;
}

inline User userFromJson(const nlohmann::json& json) {
  return User{.id = typed::stringField(json, "id"),
              .name = typed::stringField(json, "name"),
              .displayName = typed::stringField(json, "displayName"),
              .email = typed::stringField(json, "email"),
              .active = typed::boolField(json, "active"),
              .admin = typed::boolField(json, "admin"),
              .url = typed::stringField(json, "url"),
              .raw = json};
}

inline Team teamFromJson(const nlohmann::json& json) {
  return Team{.id = typed::stringField(json, "id"),
              .key = typed::stringField(json, "key"),
              .name = typed::stringField(json, "name"),
              .description = typed::stringField(json, "description"),
              .raw = json};
}

inline Issue issueFromJson(const nlohmann::json& json) {
  Issue issue;
  issue.id = typed::stringField(json, "id");
  issue.identifier = typed::stringField(json, "identifier");
  issue.title = typed::stringField(json, "title");
  issue.description = typed::stringField(json, "description");
  issue.url = typed::stringField(json, "url");
  issue.priority = static_cast<std::int64_t>(typed::numberField(json, "priority"));
  issue.priorityLabel = typed::stringField(json, "priorityLabel");
  issue.stateName = typed::stringField(typed::objectField(json, "state"), "name");
  issue.stateType = typed::stringField(typed::objectField(json, "state"), "type");
  issue.teamKey = typed::stringField(typed::objectField(json, "team"), "key");
  issue.assigneeName = typed::stringField(typed::objectField(json, "assignee"), "name");
  for (const auto& label : typed::arrayField(typed::objectField(json, "labels"), "nodes")) {
    issue.labels.push_back(typed::stringField(label, "name"));
  }
  issue.createdAt = typed::stringField(json, "createdAt");
  issue.dueDate = typed::stringField(json, "dueDate");
  issue.raw = json;
  return issue;
}

// --- The client ---------------------------------------------------------------

class Linear {
 public:
  // `client` comes from registry.service("linear", client[, options]).
  explicit Linear(ServiceClient client) : client_(std::move(client)) {}

  [[nodiscard]] User viewer() const {
    const auto answer = client_.invoke("viewer");
    return userFromJson(typed::objectField(typed::objectField(answer, "data"), "viewer"));
  }

  // Pages through issues; request.after resumes a saved walk.
  [[nodiscard]] ItemPager<Issue> listIssues(ListIssuesRequest request = {}) const {
    return ItemPager<Issue>(client_.pages("list_issues", toJson(request), request.after),
                            &issueFromJson);
  }

  [[nodiscard]] ItemPager<Team> listTeams(ListTeamsRequest request = {}) const {
    nlohmann::json args = nlohmann::json::object();
    typed::setIf(args, "first", request.first);
    return ItemPager<Team>(client_.pages("list_teams", args, request.after), &teamFromJson);
  }

  [[nodiscard]] Issue createIssue(const CreateIssueRequest& request) const {
    const auto answer = client_.invoke("create_issue", toJson(request));
    const auto& created = typed::objectField(typed::objectField(answer, "data"), "issueCreate");
    return issueFromJson(typed::objectField(created, "issue"));
  }

  [[nodiscard]] const ServiceClient& client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace b44::linear
