// The linear adapter and its typed helpers against the emulator's Linear
// GraphQL sandbox.
#include "dev_tools_support.hpp"

#include <b44/adapters/linear.hpp>

namespace b44::adapter_tests {
namespace {

using nlohmann::json;

const std::string kBearer = std::string("Bearer ") + kLinearToken;
constexpr const char* kTeam = "9cfb482a-81e3-4154-b5b9-2c805e70a02d";
constexpr const char* kIssuesPage2 = "c2e1f0a1-issues-page-2";

class LinearTest : public DevToolsTest {
 protected:
  [[nodiscard]] linear::Linear linear(ServiceOptions options = {}) const {
    return linear::Linear(service("linear", std::move(options)));
  }

  // A GraphQL request: POST /graphql with {query, variables}; returns the body.
  static json expectGraphql(const emulator::RecordedRequest& request,
                            const std::string& operation) {
    EXPECT_EQ(request.method, "POST");
    EXPECT_EQ(request.url, "https://api.linear.app/graphql");
    EXPECT_EQ(header(request, "authorization"), kBearer);
    EXPECT_EQ(header(request, "content-type"), "application/json");
    const auto body = jsonBody(request);
    EXPECT_EQ(body.size(), 2u) << body.dump();
    EXPECT_TRUE(body.at("query").get<std::string>().starts_with(operation)) << body.dump();
    EXPECT_TRUE(body.at("variables").is_object());
    return body;
  }
};

TEST_F(LinearTest, ViewerIsAGraphqlQuery) {
  const auto me = linear().viewer();
  const auto body = expectGraphql(onlyRequest(), "query Viewer {");
  EXPECT_EQ(body.at("variables"), json::object());
  EXPECT_NE(body.at("query").get<std::string>().find("viewer { id name"), std::string::npos);

  EXPECT_EQ(me.id, "2e4a0b5c-7d1f-4b8e-9a3c-6f5d2e1b0a99");
  EXPECT_EQ(me.name, "Ada Lovelace");
  EXPECT_EQ(me.displayName, "ada");
  EXPECT_EQ(me.email, "ada@example.com");
  EXPECT_TRUE(me.active);
  EXPECT_FALSE(me.admin);
}

TEST_F(LinearTest, ListIssuesPassesEndCursorAsAfterUntilHasNextPageIsFalse) {
  linear::ListIssuesRequest request;
  request.first = 2;
  request.filter = {{"team", {{"key", {{"eq", "ENG"}}}}}};
  request.orderBy = "updatedAt";
  auto pager = linear().listIssues(request);
  const auto issues = pager.all();
  EXPECT_FALSE(pager.hasNext());

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  const json variables = {
      {"first", 2}, {"filter", {{"team", {{"key", {{"eq", "ENG"}}}}}}}, {"orderBy", "updatedAt"}};
  EXPECT_EQ(expectGraphql(sent[0], "query Issues(").at("variables"), variables);
  auto second = variables;
  second["after"] = kIssuesPage2;
  EXPECT_EQ(expectGraphql(sent[1], "query Issues(").at("variables"), second);

  ASSERT_EQ(issues.size(), 3u);
  EXPECT_EQ(issues[0].identifier, "ENG-123");
  EXPECT_EQ(issues[0].title, "Fix the login redirect");
  EXPECT_EQ(issues[0].priority, 2);
  EXPECT_EQ(issues[0].priorityLabel, "High");
  EXPECT_EQ(issues[0].stateType, "started");
  EXPECT_EQ(issues[0].teamKey, "ENG");
  EXPECT_EQ(issues[0].assigneeName, "Ada Lovelace");
  ASSERT_EQ(issues[0].labels.size(), 1u);
  EXPECT_EQ(issues[0].labels[0].name, "Bug");
  EXPECT_EQ(issues[0].dueDate, "2024-05-10");
  EXPECT_EQ(issues[1].assigneeName, "");
  EXPECT_EQ(issues[2].identifier, "ENG-121");
}

TEST_F(LinearTest, ListIssuesResumesFromASavedCursor) {
  auto first = linear().listIssues();
  EXPECT_EQ(first.nextPage().size(), 2u);
  ASSERT_TRUE(first.cursor().has_value());
  EXPECT_EQ(*first.cursor(), kIssuesPage2);
  EXPECT_EQ(expectGraphql(onlyRequest(), "query Issues(").at("variables"), json::object());

  clearRequests();
  linear::ListIssuesRequest resume;
  resume.after = *first.cursor();
  auto rest = linear().listIssues(resume);
  EXPECT_EQ(rest.all().size(), 1u);
  EXPECT_FALSE(rest.hasNext());
  EXPECT_EQ(expectGraphql(onlyRequest(), "query Issues(").at("variables"),
            json({{"after", kIssuesPage2}}));
}

TEST_F(LinearTest, ListTeamsWalksItsConnection) {
  const auto teams = linear().listTeams({.first = 1}).all();
  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(expectGraphql(sent[0], "query Teams(").at("variables"), json({{"first", 1}}));
  EXPECT_EQ(expectGraphql(sent[1], "query Teams(").at("variables"),
            json({{"first", 1}, {"after", "d4c3b2a1-teams-page-2"}}));
  ASSERT_EQ(teams.size(), 2u);
  EXPECT_EQ(teams[0].id, kTeam);
  EXPECT_EQ(teams[0].key, "ENG");
  EXPECT_EQ(teams[0].description, "Product engineering");
  EXPECT_EQ(teams[1].name, "Design");
}

TEST_F(LinearTest, CreateIssueSendsTheMutationWithItsInput) {
  linear::CreateIssueRequest request;
  request.teamId = kTeam;
  request.title = "Fix the login redirect";
  request.description = "Users land on a **blank** page.";
  request.priority = 2;
  request.labelIds = {"e1f2a3b4-0000-4000-8000-00000000000b"};
  request.dueDate = "2024-05-10";
  const auto issue = linear().createIssue(request);

  const auto body = expectGraphql(onlyRequest(), "mutation IssueCreate(");
  EXPECT_NE(body.at("query").get<std::string>().find("issueCreate(input: $input)"),
            std::string::npos);
  EXPECT_EQ(body.at("variables"), json({{"input",
                                         {{"teamId", kTeam},
                                          {"title", "Fix the login redirect"},
                                          {"description", "Users land on a **blank** page."},
                                          {"priority", 2},
                                          {"labelIds", {"e1f2a3b4-0000-4000-8000-00000000000b"}},
                                          {"dueDate", "2024-05-10"}}}}));

  EXPECT_EQ(issue.identifier, "ENG-124");
  EXPECT_EQ(issue.title, "Fix the login redirect");
  EXPECT_EQ(issue.description, "Users land on a **blank** page.");
  EXPECT_EQ(issue.priority, 2);
  EXPECT_EQ(issue.stateName, "Todo");
  EXPECT_EQ(issue.dueDate, "2024-05-10");
}

TEST_F(LinearTest, BadInputIsRejectedBeforeSending) {
  const auto service = this->service("linear");
  expectInvalidArgument(*emulator_, "args.team_id", [&] {
    (void)service.invoke("create_issue", {{"title", "x"}});
  });
  expectInvalidArgument(*emulator_, "args.priority", [&] {
    (void)service.invoke("create_issue", {{"team_id", kTeam}, {"title", "x"}, {"priority", 7}});
  });
  expectInvalidArgument(*emulator_, "args.order_by", [&] {
    (void)service.invoke("list_issues", {{"order_by", "priority"}});
  });
  expectInvalidArgument(*emulator_, "args.filter", [&] {
    (void)service.invoke("list_issues", {{"filter", "open"}});
  });
}

TEST_F(LinearTest, GraphqlErrorsInA200BodyBecomeServiceErrors) {
  const auto error = expectServiceError(
      [&] {
        (void)linear().createIssue(
            {.teamId = "00000000-0000-0000-0000-000000000000", .title = "x"});
      },
      200, "INVALID_INPUT");
  EXPECT_EQ(error.detail(), "Could not find referenced Team.");
  EXPECT_EQ(error.integrationType(), "linear");
  EXPECT_EQ(error.action(), "create_issue");

  const auto declined = expectServiceError(
      [&] { (void)linear().createIssue({.teamId = kTeam, .title = "declined"}); }, 200,
      "UNSUCCESSFUL");
  EXPECT_EQ(declined.body().at("data").at("issueCreate").at("success"), false);
}

TEST_F(LinearTest, RateLimitedAnswersBecomeServiceErrors) {
  const auto error = expectServiceError(
      [&] { (void)linear().listTeams({.first = 1, .after = "rate-limited"}).nextPage(); }, 400,
      "RATELIMITED");
  EXPECT_EQ(error.detail(), "Too many requests. Please try again in a few minutes.");

  const auto& limits = registry().adapter("linear")->spec().rateLimit;
  EXPECT_EQ(limits.extraStatuses, std::vector<int>{400});
  EXPECT_EQ(limits.remainingHeader, "X-RateLimit-Requests-Remaining");
  EXPECT_EQ(limits.resetHeader, "X-RateLimit-Requests-Reset");
  EXPECT_EQ(limits.resetFormat, plugin::RateLimitSignals::ResetFormat::EpochMilliseconds);
}

TEST_F(LinearTest, Base44ProxySendsTheSameUpstreamRequests) {
  expectProxySendsTheSame(
      [&](const ServiceOptions& options) {
        EXPECT_EQ(linear(options).viewer().email, "ada@example.com");
        EXPECT_EQ(linear(options).listIssues({.first = 2}).all().size(), 3u);
        EXPECT_EQ(linear(options).listTeams().all().size(), 2u);
        EXPECT_EQ(linear(options).createIssue({.teamId = kTeam, .title = "Proxied"}).title,
                  "Proxied");
      },
      6);
}

TEST_F(LinearTest, IssueCommentsPageInsideTheIssue) {
  auto pager = linear().listComments({.issueId = "ENG-123", .first = 1});
  const auto comments = pager.all();
  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(jsonBody(sent[0]).at("variables"), json({{"id", "ENG-123"}, {"first", 1}}));
  EXPECT_EQ(
      jsonBody(sent[1]).at("variables"),
      json({{"id", "ENG-123"}, {"first", 1}, {"after", "5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f"}}));
  ASSERT_EQ(comments.size(), 2u);
  EXPECT_EQ(comments[0].userName, "Grace Hopper");
  EXPECT_EQ(comments[1].body, "Fix is in review.");
}

TEST_F(LinearTest, UpdateIssueSendsOnlyTheGivenFields) {
  const auto issue = linear().updateIssue({.id = "ENG-123",
                                           .stateId = "b1c2d3e4-0000-4000-8000-000000000004",
                                           .labelIds = json::array()});
  const auto body = jsonBody(onlyRequest());
  EXPECT_EQ(
      body.at("variables"),
      json({{"id", "ENG-123"},
            {"input",
             {{"stateId", "b1c2d3e4-0000-4000-8000-000000000004"}, {"labelIds", json::array()}}}}));
  EXPECT_NE(body.at("query").get<std::string>().find("issueUpdate(id: $id, input: $input)"),
            std::string::npos);
  EXPECT_EQ(issue.stateType, "completed");
  EXPECT_TRUE(registry().adapter("linear")->spec().findAction("update_issue")->retrySafe);
  EXPECT_FALSE(registry().adapter("linear")->spec().findAction("create_comment")->retrySafe);
}

}  // namespace
}  // namespace b44::adapter_tests
