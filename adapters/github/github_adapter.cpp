// The GitHub adapter (integration type "github": an OAuth app or GitHub App
// user token on the REST API).
//
// Checked against GitHub's official REST API documentation:
//   https://docs.github.com/en/rest/using-the-rest-api/getting-started-with-the-rest-api
//       base URL https://api.github.com; "Authorization: Bearer <token>";
//       "Accept: application/vnd.github+json" recommended; every request must
//       carry a User-Agent (requests without one are rejected).
//   https://docs.github.com/en/rest/about-the-rest-api/api-versions
//       the X-GitHub-Api-Version header selects the REST version; this adapter
//       speaks 2022-11-28.
//   https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api
//       list answers are JSON arrays; the next page's URL is the Link header's
//       rel="next" entry (its "page" query parameter); per_page at most 100.
//   https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api
//       exceeding a limit answers 403 or 429; x-ratelimit-remaining is then 0
//       and x-ratelimit-reset is the reset time in UTC epoch seconds; secondary
//       limits may send retry-after.
//   https://docs.github.com/en/rest/users/users#get-the-authenticated-user
//       GET /user; answers the user object (login, id, name, email, ...).
//   https://docs.github.com/en/rest/repos/repos#list-repositories-for-the-authenticated-user
//       GET /user/repos; visibility (all, public, private), affiliation
//       (comma-separated owner, collaborator, organization_member), type (all,
//       owner, public, private, member; not together with visibility or
//       affiliation: 422), sort (created, updated, pushed, full_name),
//       direction (asc, desc), per_page, page, since, before.
//   https://docs.github.com/en/rest/issues/issues#create-an-issue
//       POST /repos/{owner}/{repo}/issues; title (required), body, assignees
//       (logins), labels (names), milestone (number); answers 201 with the
//       issue. Errors are {message, documentation_url, errors: [{resource,
//       field, code}]}, which the SDK's default check reads.
#include <b44/errors.hpp>
#include <b44/plugin/basic_adapter.hpp>
#include <b44/plugin/export.hpp>
#include <b44/plugin/url.hpp>

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

constexpr const char* kApiVersion = "2022-11-28";
constexpr const char* kUserAgent = "b44-connectors/1.0 (Base44 connector framework)";

// A page number: an integer, or its decimal text when the Pager resumes from a
// cursor taken from the Link header.
std::optional<std::string> pageNumber(const Args& args, std::string_view name) {
  const json& value = args.value(name);
  if (value.is_null()) return std::nullopt;
  std::string text;
  if (value.is_number_integer()) text = value.dump();
  if (value.is_string()) text = value.get<std::string>();
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) {
    throw b44::InvalidArgumentError("args." + std::string(name),
                                    args.operation() + ": argument '" + std::string(name) +
                                        "' must be a page number (1, 2, ...)");
  }
  return text;
}

ServiceRequest buildGetAuthenticatedUser(const Args& /*args*/) {
  ServiceRequest request;
  request.path = "/user";
  return request;
}

ServiceRequest buildListRepositories(const Args& args) {
  ServiceRequest request;
  request.path = "/user/repos";
  if (auto visibility = args.optionalChoice("visibility", {"all", "public", "private"})) {
    request.query.emplace_back("visibility", *visibility);
  }
  args.toQuery(request, "affiliation");
  if (auto type = args.optionalChoice("type", {"all", "owner", "public", "private", "member"})) {
    if (args.has("visibility") || args.has("affiliation")) {
      throw b44::InvalidArgumentError("args.type",
                                      args.operation() +
                                          ": 'type' cannot be combined with 'visibility' or "
                                          "'affiliation' (GitHub answers 422)");
    }
    request.query.emplace_back("type", *type);
  }
  if (auto sort = args.optionalChoice("sort", {"created", "updated", "pushed", "full_name"})) {
    request.query.emplace_back("sort", *sort);
  }
  if (auto direction = args.optionalChoice("direction", {"asc", "desc"})) {
    request.query.emplace_back("direction", *direction);
  }
  args.toQuery(request, "since");
  args.toQuery(request, "before");
  args.toQuery(request, "per_page");
  if (auto page = pageNumber(args, "page")) request.query.emplace_back("page", *page);
  return request;
}

ServiceRequest buildCreateIssue(const Args& args) {
  json body = {{"title", args.string("title")}};
  args.toBody(body, "body");
  args.toBody(body, "assignees");
  args.toBody(body, "labels");
  args.toBody(body, "milestone");
  ServiceRequest request;
  request.method = "POST";
  request.path = "/repos/" + b44::plugin::pathSegment(args.string("owner"), "owner") + "/" +
                 b44::plugin::pathSegment(args.string("repo"), "repo") + "/issues";
  request.setJsonBody(body);
  return request;
}

// GitHub answers a list as a JSON array; the action's result wraps it so that
// every result is an object and the items have a pointer.
json wrapRepositories(const Args& /*args*/, json body, const b44::plugin::ServiceResponse&) {
  return {{"repositories", body.is_array() ? std::move(body) : json::array()}};
}

AdapterSpec githubSpec() {
  AdapterSpec spec;
  spec.type = "github";
  spec.displayName = "GitHub";
  spec.description =
      "GitHub REST API (version 2022-11-28): the authenticated user, their "
      "repositories, creating issues.";
  spec.documentationUrl = "https://docs.github.com/en/rest";
  // Raw requests follow the Link header's rel="next"; list answers are JSON
  // arrays (the search endpoints answer {total_count, items}: callers of those
  // pass linkHeader("page", "/items")):
  // https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api
  spec.hosts = {b44::plugin::ApiHost{.name = "default",
                                     .baseUrlTemplate = "https://api.github.com",
                                     .allowedHosts = {"api.github.com"},
                                     .pagination = b44::plugin::linkHeader("page", "")}};
  spec.token = {.header = "Authorization", .scheme = "Bearer"};
  spec.defaultHeaders = {{.name = "Accept", .value = "application/vnd.github+json"},
                         {.name = "X-GitHub-Api-Version", .value = kApiVersion},
                         {.name = "User-Agent", .value = kUserAgent}};
  spec.rateLimit = {.extraStatuses = {403},
                    .remainingHeader = "x-ratelimit-remaining",
                    .resetHeader = "x-ratelimit-reset",
                    .resetFormat = b44::plugin::RateLimitSignals::ResetFormat::EpochSeconds};
  return spec;
}

class GitHubAdapter final : public b44::plugin::BasicAdapter {
 public:
  GitHubAdapter() : BasicAdapter(githubSpec()) {
    addAction(
        ActionSpec{
            .name = "get_authenticated_user",
            .description = "Gets the user the token belongs to (GET /user).",
            .method = "GET",
            .retrySafe = true,
            .parameters = {},
            .example = json::object(),
            .pagination = std::nullopt,
        },
        buildGetAuthenticatedUser);
    addAction(
        ActionSpec{
            .name = "list_repositories",
            .description = "Lists the repositories the user can access (GET /user/repos), page "
                           "by page. The result is {\"repositories\": [...]}.",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    {"visibility", Type::String, false,
                     "Only repositories with this visibility: all, public or private."},
                    {"affiliation", Type::String, false,
                     "Comma-separated: owner, collaborator, organization_member (GitHub's "
                     "default is all three)."},
                    {"type", Type::String, false,
                     "all, owner, public, private or member; not together with visibility "
                     "or affiliation."},
                    {"sort", Type::String, false,
                     "created, updated, pushed or full_name (GitHub's default)."},
                    {"direction", Type::String, false,
                     "asc or desc (default asc for full_name, else desc)."},
                    {"since", Type::String, false,
                     "Only repositories updated after this ISO 8601 time."},
                    {"before", Type::String, false,
                     "Only repositories updated before this ISO 8601 time."},
                    {"per_page", Type::Integer, false,
                     "Repositories per page (GitHub's default 30, at most 100)."},
                    {"page", Type::Any, false,
                     "Page number to start from (1 = first); the walk continues from the "
                     "Link header's rel=\"next\" page."},
                },
            .example = {{"affiliation", "owner"}, {"sort", "updated"}, {"per_page", 2}},
            .pagination = b44::plugin::linkHeader("page", "/repositories"),
        },
        buildListRepositories, wrapRepositories);
    addAction(
        ActionSpec{
            .name = "create_issue",
            .description = "Opens an issue in a repository (POST /repos/{owner}/{repo}/issues). "
                           "Not retried once it may have arrived.",
            .method = "POST",
            .retrySafe = false,
            .parameters =
                {
                    {"owner", Type::String, true,
                     "The repository's owner (user or organization login)."},
                    {"repo", Type::String, true, "The repository's name, without .git."},
                    {"title", Type::String, true, "The issue's title."},
                    {"body", Type::String, false, "The issue's text (GitHub Markdown)."},
                    {"assignees", Type::Array, false,
                     "Logins to assign (needs push access; others are dropped silently)."},
                    {"labels", Type::Array, false,
                     "Label names (needs push access; missing labels are created)."},
                    {"milestone", Type::Any, false,
                     "Milestone number to associate (needs push access)."},
                },
            .example = {{"owner", "octocat"},
                        {"repo", "hello-world"},
                        {"title", "Found a bug"},
                        {"body", "Steps to reproduce: ..."},
                        {"labels", {"bug"}}},
            .pagination = std::nullopt,
        },
        buildCreateIssue);
  }
};

std::unique_ptr<b44::plugin::Adapter> makeGitHubAdapter(std::string_view /*type*/) {
  return std::make_unique<GitHubAdapter>();
}

}  // namespace

B44_PLUGIN("1.0.0", "github", makeGitHubAdapter)
