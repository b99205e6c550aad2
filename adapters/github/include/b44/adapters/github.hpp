#pragma once
// Typed helpers for the "github" adapter. Header-only: each helper builds the
// action's JSON arguments, calls ServiceClient::invoke (or pages) and converts
// the JSON result; the host never links the adapter.
//
//   b44::github::GitHub github(registry.service("github", client));
//   auto me = github.getAuthenticatedUser();
//   for (auto& repo : github.listRepositories({.perPage = 50}).all()) ...
//   auto issue = github.createIssue({.owner = "octocat", .repo = "hello-world",
//                                    .title = "Found a bug"});
//
// Every result keeps GitHub's JSON object in `raw`.
#include <b44/errors.hpp>
#include <b44/service_client.hpp>
#include <b44/typed.hpp>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace b44::github {

// --- Requests -----------------------------------------------------------------

struct ListRepositoriesRequest {
  std::optional<std::string> visibility;   // all, public, private
  std::optional<std::string> affiliation;  // e.g. "owner,collaborator"
  std::optional<std::string> type;         // all, owner, public, private, member
  std::optional<std::string> sort;         // created, updated, pushed, full_name
  std::optional<std::string> direction;    // asc, desc
  std::optional<int> perPage;              // at most 100
  std::optional<int> page;                 // start (or resume) at this page
};

struct CreateIssueRequest {
  std::string owner;
  std::string repo;
  std::string title;
  std::optional<std::string> body;
  std::vector<std::string> assignees;  // logins
  std::vector<std::string> labels;     // names
  std::optional<std::int64_t> milestone;
};

// --- Results ------------------------------------------------------------------

struct User {
  std::int64_t id = 0;
  std::string login;
  std::string name;
  std::string email;  // public e-mail, or the primary one with the user:email scope
  std::string type;   // User, Organization, Bot
  std::string htmlUrl;
  std::string avatarUrl;
  nlohmann::json raw;
};

struct Repository {
  std::int64_t id = 0;
  std::string name;
  std::string fullName;  // owner/name
  std::string ownerLogin;
  std::string description;
  std::string htmlUrl;
  std::string defaultBranch;
  std::string visibility;
  bool isPrivate = false;
  bool fork = false;
  bool archived = false;
  std::string updatedAt;
  nlohmann::json raw;
};

struct Issue {
  std::int64_t id = 0;
  std::int64_t number = 0;  // the number within the repository
  std::string title;
  std::string body;
  std::string state;  // open, closed
  std::string htmlUrl;
  std::string authorLogin;
  std::vector<std::string> labels;     // names
  std::vector<std::string> assignees;  // logins
  std::string createdAt;
  nlohmann::json raw;
};

// --- JSON conversion ----------------------------------------------------------

inline nlohmann::json toJson(const ListRepositoriesRequest& request) {
  nlohmann::json args = nlohmann::json::object();
  typed::setIf(args, "visibility", request.visibility);
  typed::setIf(args, "affiliation", request.affiliation);
  typed::setIf(args, "type", request.type);
  typed::setIf(args, "sort", request.sort);
  typed::setIf(args, "direction", request.direction);
  typed::setIf(args, "per_page", request.perPage);
  return args;
}

inline nlohmann::json toJson(const CreateIssueRequest& request) {
  nlohmann::json args = {
      {"owner", request.owner}, {"repo", request.repo}, {"title", request.title}};
  typed::setIf(args, "body", request.body);
  typed::setIfNotEmpty(args, "assignees", request.assignees);
  typed::setIfNotEmpty(args, "labels", request.labels);
  typed::setIf(args, "milestone", request.milestone);
  return args;
}

inline User userFromJson(const nlohmann::json& json) {
  User user;
  user.id = typed::intField(json, "id");
  user.login = typed::stringField(json, "login");
  user.name = typed::stringField(json, "name");
  user.email = typed::stringField(json, "email");
  user.type = typed::stringField(json, "type");
  user.htmlUrl = typed::stringField(json, "html_url");
  user.avatarUrl = typed::stringField(json, "avatar_url");
  user.raw = json;
  return user;
}

inline Repository repositoryFromJson(const nlohmann::json& json) {
  Repository repo;
  repo.id = typed::intField(json, "id");
  repo.name = typed::stringField(json, "name");
  repo.fullName = typed::stringField(json, "full_name");
  repo.ownerLogin = typed::stringField(typed::objectField(json, "owner"), "login");
  repo.description = typed::stringField(json, "description");
  repo.htmlUrl = typed::stringField(json, "html_url");
  repo.defaultBranch = typed::stringField(json, "default_branch");
  repo.visibility = typed::stringField(json, "visibility");
  repo.isPrivate = typed::boolField(json, "private");
  repo.fork = typed::boolField(json, "fork");
  repo.archived = typed::boolField(json, "archived");
  repo.updatedAt = typed::stringField(json, "updated_at");
  repo.raw = json;
  return repo;
}

inline Issue issueFromJson(const nlohmann::json& json) {
  Issue issue;
  issue.id = typed::intField(json, "id");
  issue.number = typed::intField(json, "number");
  issue.title = typed::stringField(json, "title");
  issue.body = typed::stringField(json, "body");
  issue.state = typed::stringField(json, "state");
  issue.htmlUrl = typed::stringField(json, "html_url");
  issue.authorLogin = typed::stringField(typed::objectField(json, "user"), "login");
  for (const auto& label : typed::arrayField(json, "labels")) {
    issue.labels.push_back(typed::stringField(label, "name"));
  }
  for (const auto& assignee : typed::arrayField(json, "assignees")) {
    issue.assignees.push_back(typed::stringField(assignee, "login"));
  }
  issue.createdAt = typed::stringField(json, "created_at");
  issue.raw = json;
  return issue;
}

// --- The client ---------------------------------------------------------------

class GitHub {
 public:
  // `client` comes from registry.service("github", client[, options]).
  explicit GitHub(ServiceClient client) : client_(std::move(client)) {}

  [[nodiscard]] User getAuthenticatedUser() const {
    return userFromJson(client_.invoke("get_authenticated_user"));
  }

  // Pages through GET /user/repos following the Link header; request.page
  // starts (or resumes) at that page.
  [[nodiscard]] ItemPager<Repository> listRepositories(ListRepositoriesRequest request = {}) const {
    std::optional<std::string> start;
    if (request.page) start = std::to_string(*request.page);
    return ItemPager<Repository>(client_.pages("list_repositories", toJson(request), start),
                                 &repositoryFromJson);
  }

  [[nodiscard]] Issue createIssue(const CreateIssueRequest& request) const {
    return issueFromJson(client_.invoke("create_issue", toJson(request)));
  }

  [[nodiscard]] const ServiceClient& client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace b44::github
