// The Linear adapter (integration type "linear": an OAuth access token on the
// GraphQL API).
//
// Checked against Linear's official developer documentation:
//   https://linear.app/developers/graphql
//       one endpoint, POST https://api.linear.app/graphql, JSON body {query,
//       variables}; OAuth access tokens as "Authorization: Bearer <token>"
//       (personal API keys go without the scheme); errors arrive as
//       {"errors": [{message, extensions: {code, userPresentableMessage}}]},
//       often with status 200, so this adapter checks every body for them.
//   https://linear.app/developers/pagination
//       Relay-style connections: first / after (and last / before); each
//       connection answers nodes and pageInfo {hasNextPage, endCursor}; the
//       next page passes endCursor as "after". Default page size 50.
//   https://linear.app/developers/filtering
//       IssueFilter objects, e.g. {"state": {"type": {"eq": "started"}}}.
//   https://linear.app/developers/rate-limiting
//       over a limit the answer carries a RATELIMITED error code (HTTP 400 on
//       the GraphQL endpoint, 429 elsewhere); X-RateLimit-Requests-Remaining
//       and X-RateLimit-Requests-Reset (UTC epoch milliseconds) on answers.
//   https://studio.apollographql.com/public/Linear-API/variant/current/schema/reference
//       (Linear's public schema, linked from the GraphQL page) the fields
//       used here: Query.viewer (User), Query.issues / Query.teams
//       (connections, with includeArchived and orderBy: createdAt|updatedAt),
//       Mutation.issueCreate(input: IssueCreateInput!) -> {success, issue};
//       IssueCreateInput: teamId and title, description (Markdown),
//       priority (0 none, 1 urgent .. 4 low), assigneeId, stateId,
//       labelIds, projectId, parentId, dueDate (YYYY-MM-DD).
#include <b44/errors.hpp>
#include <b44/plugin/basic_adapter.hpp>
#include <b44/plugin/export.hpp>
#include <b44/typed.hpp>

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

constexpr const char* kIssueFields =
    "id identifier title description url priority priorityLabel createdAt updatedAt dueDate "
    "state { id name type } team { id key name } assignee { id name email } "
    "labels { nodes { id name } }";

const std::string kViewerQuery =
    "query Viewer { viewer { id name displayName email active admin url createdAt } }";

const std::string kIssuesQuery =
    std::string(
        "query Issues($first: Int, $after: String, $filter: IssueFilter, "
        "$includeArchived: Boolean, $orderBy: PaginationOrderBy) { "
        "issues(first: $first, after: $after, filter: $filter, "
        "includeArchived: $includeArchived, orderBy: $orderBy) { nodes { ") +
    kIssueFields + " } pageInfo { hasNextPage endCursor } } }";

const std::string kTeamsQuery =
    "query Teams($first: Int, $after: String) { teams(first: $first, after: $after) { "
    "nodes { id key name description } pageInfo { hasNextPage endCursor } } }";

const std::string kIssueCreateMutation =
    std::string(
        "mutation IssueCreate($input: IssueCreateInput!) { issueCreate(input: $input) { "
        "success issue { ") +
    kIssueFields + " } } }";

ServiceRequest graphql(const std::string& query, json variables) {
  ServiceRequest request;
  request.method = "POST";
  request.path = "/graphql";
  request.setJsonBody({{"query", query}, {"variables", std::move(variables)}});
  return request;
}

ServiceRequest buildViewer(const Args& /*args*/) { return graphql(kViewerQuery, json::object()); }

ServiceRequest buildListIssues(const Args& args) {
  json variables = json::object();
  args.toBody(variables, "first");
  args.toBody(variables, "after");
  args.toBody(variables, "filter");
  args.toBody(variables, "include_archived", "includeArchived");
  if (auto order = args.optionalChoice("order_by", {"createdAt", "updatedAt"})) {
    variables["orderBy"] = *order;
  }
  return graphql(kIssuesQuery, std::move(variables));
}

ServiceRequest buildListTeams(const Args& args) {
  json variables = json::object();
  args.toBody(variables, "first");
  args.toBody(variables, "after");
  return graphql(kTeamsQuery, std::move(variables));
}

ServiceRequest buildCreateIssue(const Args& args) {
  json input = {{"teamId", args.string("team_id")}, {"title", args.string("title")}};
  args.toBody(input, "description");
  if (auto priority = args.optionalInteger("priority");
      priority && (*priority < 0 || *priority > 4)) {
    throw b44::InvalidArgumentError(
        "args.priority", args.operation() + ": argument 'priority' must be 0 (none) to 4 (low)");
  }
  args.toBody(input, "priority");
  args.toBody(input, "assignee_id", "assigneeId");
  args.toBody(input, "state_id", "stateId");
  args.toBody(input, "label_ids", "labelIds");
  args.toBody(input, "project_id", "projectId");
  args.toBody(input, "parent_id", "parentId");
  args.toBody(input, "due_date", "dueDate");
  return graphql(kIssueCreateMutation, {{"input", input}});
}

// issueCreate answers {success, issue}; success false without errors is a
// refusal too.
json checkIssueCreated(const Args& args, json body, const b44::plugin::ServiceResponse& response) {
  const auto& created =
      b44::typed::objectField(b44::typed::objectField(body, "data"), "issueCreate");
  if (!b44::typed::boolField(created, "success")) {
    throw b44::ServiceError("linear", "create_issue", response.status, "UNSUCCESSFUL",
                            args.operation() + ": Linear answered success: false", body);
  }
  return body;
}

AdapterSpec linearSpec() {
  AdapterSpec spec;
  spec.type = "linear";
  spec.displayName = "Linear";
  spec.description =
      "Linear GraphQL API: the viewer, issues and teams (paginated), creating "
      "issues.";
  spec.documentationUrl = "https://linear.app/developers/graphql";
  // No default pagination: the API is GraphQL only; each connection pages by
  // pageInfo.endCursor -> the query's "after" variable, at a pointer that
  // depends on the query:
  // https://linear.app/developers/pagination
  spec.hosts = {b44::plugin::ApiHost{.name = "default",
                                     .baseUrlTemplate = "https://api.linear.app",
                                     .allowedHosts = {"api.linear.app"}}};
  spec.token = {.header = "Authorization", .scheme = "Bearer"};
  // A 400 counts as "slow down" only with the RATELIMITED error code.
  spec.rateLimit = {.extraStatuses = {400},
                    .remainingHeader = "X-RateLimit-Requests-Remaining",
                    .resetHeader = "X-RateLimit-Requests-Reset",
                    .resetFormat = b44::plugin::RateLimitSignals::ResetFormat::EpochMilliseconds,
                    .extraStatusBodyMarkers = {"RATELIMITED"}};
  return spec;
}

b44::plugin::Pagination connectionPagination(const std::string& connection) {
  const std::string base = "/data/" + connection;
  return b44::plugin::bodyCursor(base + "/pageInfo/endCursor", "after", base + "/nodes",
                                 base + "/pageInfo/hasNextPage");
}

class LinearAdapter final : public b44::plugin::BasicAdapter {
 public:
  LinearAdapter() : BasicAdapter(linearSpec()) {
    addAction(
        ActionSpec{
            .name = "viewer",
            .description = "Gets the user the token belongs to (query viewer). A read, so it is "
                           "safe to retry.",
            .method = "POST",
            .retrySafe = true,
            .parameters = {},
            .example = json::object(),
            .pagination = std::nullopt,
        },
        buildViewer);
    addAction(
        ActionSpec{
            .name = "list_issues",
            .description = "Lists issues (query issues), page by page; the result is GraphQL's "
                           "{data: {issues: {nodes, pageInfo}}}. A read, so it is safe to retry.",
            .method = "POST",
            .retrySafe = true,
            .parameters =
                {
                    {"first", Type::Integer, false, "Issues per page (Linear's default 50)."},
                    {"filter", Type::Object, false,
                     "An IssueFilter, e.g. {\"team\": {\"key\": {\"eq\": \"ENG\"}}}."},
                    {"include_archived", Type::Boolean, false, "Include archived issues."},
                    {"order_by", Type::String, false, "createdAt (default) or updatedAt."},
                    {"after", Type::String, false,
                     "Where to continue: pageInfo.endCursor of the previous page."},
                },
            .example = {{"first", 2}, {"filter", {{"state", {{"type", {{"eq", "started"}}}}}}}},
            .pagination = connectionPagination("issues"),
        },
        buildListIssues);
    addAction(
        ActionSpec{
            .name = "list_teams",
            .description = "Lists the teams the user can see (query teams), page by page; their "
                           "IDs are what create_issue needs.",
            .method = "POST",
            .retrySafe = true,
            .parameters =
                {
                    {"first", Type::Integer, false, "Teams per page (Linear's default 50)."},
                    {"after", Type::String, false,
                     "Where to continue: pageInfo.endCursor of the previous page."},
                },
            .example = {{"first", 10}},
            .pagination = connectionPagination("teams"),
        },
        buildListTeams);
    addAction(
        ActionSpec{
            .name = "create_issue",
            .description = "Creates an issue in a team (mutation issueCreate). Not retried once it "
                           "may have arrived.",
            .method = "POST",
            .retrySafe = false,
            .parameters =
                {
                    {"team_id", Type::String, true, "The team's ID (from list_teams)."},
                    {"title", Type::String, true, "The issue's title."},
                    {"description", Type::String, false, "The issue's description, Markdown."},
                    {"priority", Type::Integer, false,
                     "0 none, 1 urgent, 2 high, 3 medium, 4 low."},
                    {"assignee_id", Type::String, false, "The assignee's user ID."},
                    {"state_id", Type::String, false, "The workflow state's ID."},
                    {"label_ids", Type::Array, false, "Label IDs."},
                    {"project_id", Type::String, false, "The project's ID."},
                    {"parent_id", Type::String, false, "Make it a sub-issue of this issue ID."},
                    {"due_date", Type::String, false, "Due date, YYYY-MM-DD."},
                },
            .example = {{"team_id", "9cfb482a-81e3-4154-b5b9-2c805e70a02d"},
                        {"title", "Fix the login redirect"},
                        {"description", "Users land on a blank page."},
                        {"priority", 2}},
            .pagination = std::nullopt,
        },
        buildCreateIssue, checkIssueCreated);
  }

 protected:
  // GraphQL reports errors in the body, usually with status 200:
  // {"errors": [{"message", "extensions": {"code", "userPresentableMessage"}}]}.
  void checkResponse(std::string_view action, const b44::plugin::ServiceResponse& response,
                     const json& body) const override {
    const auto& errors = b44::typed::arrayField(body, "errors");
    if (!errors.empty()) {
      const json& first = errors.front();
      const auto& extensions = b44::typed::objectField(first, "extensions");
      std::string code = b44::typed::stringField(extensions, "code");
      std::string detail = b44::typed::stringField(extensions, "userPresentableMessage");
      if (detail.empty()) detail = b44::typed::stringField(first, "message");
      throw b44::ServiceError(spec().type, std::string(action), response.status,
                              code.empty() ? "GRAPHQL_ERROR" : code, detail, body);
    }
    BasicAdapter::checkResponse(action, response, body);
  }
};

std::unique_ptr<b44::plugin::Adapter> makeLinearAdapter(std::string_view /*type*/) {
  return std::make_unique<LinearAdapter>();
}

}  // namespace

B44_PLUGIN("1.0.0", "linear", makeLinearAdapter)
