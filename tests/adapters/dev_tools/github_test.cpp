// The github adapter and its typed helpers against the emulator's GitHub sandbox.
#include "dev_tools_support.hpp"

#include <b44/adapters/github.hpp>

namespace b44::adapter_tests {
namespace {

using nlohmann::json;

const std::string kBearer = std::string("Bearer ") + kGitHubToken;

class GitHubTest : public DevToolsTest {
 protected:
  [[nodiscard]] github::GitHub github(ServiceOptions options = {}) const {
    return github::GitHub(service("github", std::move(options)));
  }

  static void expectGitHubHeaders(const emulator::RecordedRequest& request) {
    EXPECT_EQ(header(request, "accept"), "application/vnd.github+json");
    EXPECT_EQ(header(request, "x-github-api-version"), "2022-11-28");
    EXPECT_EQ(header(request, "user-agent"), "b44-connectors/1.0 (Base44 connector framework)");
  }
};

TEST_F(GitHubTest, GetAuthenticatedUserSendsTheRequiredHeaders) {
  const auto user = github().getAuthenticatedUser();

  const auto sent = expectOnly("GET", "https://api.github.com/user", kBearer);
  expectGitHubHeaders(sent);
  EXPECT_FALSE(sent.body.has_value());

  EXPECT_EQ(user.login, "octocat");
  EXPECT_EQ(user.id, 583231);
  EXPECT_EQ(user.name, "The Octocat");
  EXPECT_EQ(user.email, "octocat@github.com");
  EXPECT_EQ(user.type, "User");
  EXPECT_EQ(user.htmlUrl, "https://github.com/octocat");
  EXPECT_EQ(user.raw.at("public_repos"), 8);
}

TEST_F(GitHubTest, ListRepositoriesFollowsTheLinkHeaderToTheLastPage) {
  github::ListRepositoriesRequest request;
  request.affiliation = "owner";
  request.sort = "updated";
  request.direction = "desc";
  request.perPage = 2;
  auto pager = github().listRepositories(request);
  const auto repos = pager.all();
  EXPECT_FALSE(pager.hasNext());

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  const std::string first =
      "https://api.github.com/user/repos?affiliation=owner&sort=updated&direction=desc&per_page=2";
  EXPECT_EQ(sent[0].url, first);
  EXPECT_EQ(sent[1].url, first + "&page=2");
  for (const auto& r : sent) {
    EXPECT_EQ(r.method, "GET");
    EXPECT_EQ(header(r, "authorization"), kBearer);
    expectGitHubHeaders(r);
  }

  ASSERT_EQ(repos.size(), 3u);
  EXPECT_EQ(repos[0].fullName, "octocat/boysenberry-repo-1");
  EXPECT_TRUE(repos[0].isPrivate);
  EXPECT_TRUE(repos[0].fork);
  EXPECT_EQ(repos[0].ownerLogin, "octocat");
  EXPECT_EQ(repos[0].defaultBranch, "main");
  EXPECT_EQ(repos[1].name, "git-consortium");
  EXPECT_TRUE(repos[1].archived);
  EXPECT_EQ(repos[2].id, 1296269);
  EXPECT_EQ(repos[2].description, "My first repository on GitHub!");
  EXPECT_EQ(repos[2].visibility, "public");
}

TEST_F(GitHubTest, ListRepositoriesResumesFromASavedPage) {
  auto pager = github().listRepositories({.visibility = "all",
                                          .affiliation = std::nullopt,
                                          .type = std::nullopt,
                                          .sort = std::nullopt,
                                          .direction = std::nullopt,
                                          .perPage = 2,
                                          .page = std::nullopt});
  EXPECT_EQ(pager.nextPage().size(), 2u);
  ASSERT_TRUE(pager.cursor().has_value());
  EXPECT_EQ(*pager.cursor(), "2");  // the page number of the Link header's rel="next"

  clearRequests();
  github::ListRepositoriesRequest resume;
  resume.visibility = "all";
  resume.perPage = 2;
  resume.page = *pager.cursor();
  auto rest = github().listRepositories(resume);
  EXPECT_EQ(rest.all().size(), 1u);
  EXPECT_FALSE(rest.hasNext());
  EXPECT_EQ(onlyRequest().url,
            "https://api.github.com/user/repos?visibility=all&per_page=2&page=2");

  // The untyped route takes the page as a number too.
  clearRequests();
  const auto page = service("github").invokePage("list_repositories", {{"page", 2}});
  EXPECT_FALSE(page.nextCursor.has_value());
  EXPECT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.result.at("repositories").size(), 1u);
}

TEST_F(GitHubTest, CreateIssuePostsJsonToTheRepository) {
  github::CreateIssueRequest request;
  request.owner = "octocat";
  request.repo = "hello-world";
  request.title = "Found a bug";
  request.body = "Steps: ünïcode & \"quotes\"";
  request.labels = {"bug"};
  request.assignees = {"hubot"};
  request.milestone = 3;
  const auto issue = github().createIssue(request);

  const auto sent =
      expectOnly("POST", "https://api.github.com/repos/octocat/hello-world/issues", kBearer);
  expectGitHubHeaders(sent);
  EXPECT_EQ(header(sent, "content-type"), "application/json");
  EXPECT_EQ(jsonBody(sent), json({{"title", "Found a bug"},
                                  {"body", "Steps: ünïcode & \"quotes\""},
                                  {"assignees", {"hubot"}},
                                  {"labels", {"bug"}},
                                  {"milestone", 3}}));

  EXPECT_EQ(issue.number, 1347);
  EXPECT_EQ(issue.title, "Found a bug");
  EXPECT_EQ(issue.body, "Steps: ünïcode & \"quotes\"");
  EXPECT_EQ(issue.state, "open");
  EXPECT_EQ(issue.htmlUrl, "https://github.com/octocat/hello-world/issues/1347");
  EXPECT_EQ(issue.authorLogin, "octocat");
  ASSERT_EQ(issue.labels.size(), 1u);
  EXPECT_EQ(issue.labels[0].name, "bug");
}

TEST_F(GitHubTest, OwnerAndRepoAreSinglePathSegments) {
  const auto issue = github().createIssue(
      {.owner = "octo org", .repo = "a/b", .title = "x", .body = std::nullopt});
  EXPECT_EQ(onlyRequest().url, "https://api.github.com/repos/octo%20org/a%2Fb/issues");
  EXPECT_EQ(jsonBody(onlyRequest()), json({{"title", "x"}}));
  EXPECT_EQ(issue.number, 1348);
  EXPECT_TRUE(issue.labels.empty());
}

TEST_F(GitHubTest, ListIssuesFollowsTheLinkHeaderAndKeepsTheFilters) {
  github::ListIssuesRequest request;
  request.owner = "octocat";
  request.repo = "hello-world";
  request.state = "open";
  request.labels = "bug";
  request.perPage = 1;
  auto pager = github().listIssues(request);
  const auto issues = pager.all();
  EXPECT_FALSE(pager.hasNext());

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  const std::string first =
      "https://api.github.com/repos/octocat/hello-world/issues?state=open&labels=bug&per_page=1";
  EXPECT_EQ(sent[0].url, first);
  EXPECT_EQ(sent[1].url, first + "&page=2");
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(issues[0].number, 1347);
  EXPECT_EQ(issues[1].number, 1290);
  EXPECT_EQ(issues[1].authorLogin, "hubot");
  ASSERT_EQ(issues[1].assignees.size(), 1u);
  EXPECT_EQ(issues[1].assignees[0].login, "octocat");
}

TEST_F(GitHubTest, ContentPathsKeepTheirSlashesAndFilesComeBase64) {
  const auto file = github().getContents(
      {.owner = "octocat", .repo = "hello-world", .path = "README.md", .ref = "main"});
  EXPECT_EQ(onlyRequest().url,
            "https://api.github.com/repos/octocat/hello-world/contents/README.md?ref=main");
  EXPECT_EQ(file.type, "file");
  EXPECT_EQ(file.encoding, "base64");
  EXPECT_EQ(file.content, "SGVsbG8sIHdvcmxkIQo=");
  EXPECT_EQ(file.sha, "3d21ec53a331a6f037a91c368710b99387d012c1");

  // A directory answers the array of its entries.
  clearRequests();
  const auto dir = service("github").invoke(
      "get_contents", {{"owner", "octocat"}, {"repo", "hello-world"}, {"path", "docs"}});
  ASSERT_TRUE(dir.is_array());
  ASSERT_EQ(dir.size(), 2u);
  EXPECT_EQ(dir.at(1).at("type"), "dir");

  // Nested paths keep their slashes, each segment encoded; dot segments are
  // refused before sending.
  clearRequests();
  github::CreateOrUpdateFileRequest put;
  put.owner = "octocat";
  put.repo = "hello-world";
  put.path = "notes/hello.txt";
  put.message = "Update the greeting";
  put.content = "SGVsbG8gYWdhaW4K";
  put.sha = "95b966ae1c166bd92f8ae7d1c313e738c731dfc3";
  const auto commit = github().createOrUpdateFile(put);
  const auto sent = expectOnly(
      "PUT", "https://api.github.com/repos/octocat/hello-world/contents/notes/hello.txt", kBearer);
  EXPECT_EQ(jsonBody(sent), json({{"message", "Update the greeting"},
                                  {"content", "SGVsbG8gYWdhaW4K"},
                                  {"sha", "95b966ae1c166bd92f8ae7d1c313e738c731dfc3"}}));
  EXPECT_EQ(commit.contentPath, "notes/hello.txt");
  EXPECT_EQ(commit.commitSha, "7638417db6d59f3c431d3e1f261cc637155684cd");

  clearRequests();
  expectInvalidArgument(*emulator_, "args.path", [&] {
    (void)github().getContents("octocat", "hello-world", "docs/../../secrets");
  });
  expectInvalidArgument(*emulator_, "args.content", [&] {
    put.content = "not base64!";
    (void)github().createOrUpdateFile(put);
  });
  const auto missing = expectServiceError(
      [&] { (void)github().getContents("octocat", "hello-world", "missing.txt"); }, 404, "");
  EXPECT_EQ(missing.detail(), "Not Found");
}

TEST_F(GitHubTest, PullRequestsOpenReviewAndMerge) {
  const auto created = github().createPullRequest({.owner = "octocat",
                                                   .repo = "hello-world",
                                                   .head = "new-topic",
                                                   .base = "master",
                                                   .title = "Amazing new feature",
                                                   .draft = true});
  EXPECT_EQ(jsonBody(onlyRequest()), json({{"head", "new-topic"},
                                           {"base", "master"},
                                           {"title", "Amazing new feature"},
                                           {"draft", true}}));
  EXPECT_EQ(created.number, 1349);
  EXPECT_TRUE(created.draft);
  EXPECT_EQ(created.headRef, "new-topic");
  EXPECT_EQ(created.baseRef, "master");

  clearRequests();
  const auto review = github().createPullRequestReview(
      {.owner = "octocat", .repo = "hello-world", .pullNumber = 1348, .event = "APPROVE"});
  EXPECT_EQ(onlyRequest().url,
            "https://api.github.com/repos/octocat/hello-world/pulls/1348/reviews");
  EXPECT_EQ(review.state, "APPROVED");

  clearRequests();
  const auto merged = github().mergePullRequest(
      {.owner = "octocat", .repo = "hello-world", .pullNumber = 1348, .mergeMethod = "squash"});
  const auto sent = expectOnly(
      "PUT", "https://api.github.com/repos/octocat/hello-world/pulls/1348/merge", kBearer);
  EXPECT_EQ(jsonBody(sent), json({{"merge_method", "squash"}}));
  EXPECT_TRUE(merged.merged);
  EXPECT_EQ(merged.sha, "6dcb09b5b57875f334f61aebed695e2e4193db5e");

  const auto refused = expectServiceError(
      [&] { (void)github().mergePullRequest("octocat", "hello-world", 1); }, 405, "");
  EXPECT_EQ(refused.detail(), "Pull Request is not mergeable");
  // A title or an issue to convert is needed, and creates are not retried.
  clearRequests();
  expectInvalidArgument(*emulator_, "args.title", [&] {
    (void)github().createPullRequest("octocat", "hello-world", "new-topic", "master");
  });
  EXPECT_FALSE(registry().adapter("github")->spec().findAction("create_pull_request")->retrySafe);
  EXPECT_FALSE(registry().adapter("github")->spec().findAction("merge_pull_request")->retrySafe);
}

TEST_F(GitHubTest, WorkflowDispatchAnswersNoContent) {
  const auto result = github().dispatchWorkflow({.owner = "octocat",
                                                 .repo = "hello-world",
                                                 .workflowId = 161335,
                                                 .ref = "main",
                                                 .inputs = {{"environment", "staging"}}});
  EXPECT_TRUE(result.is_null());
  const auto sent = expectOnly(
      "POST",
      "https://api.github.com/repos/octocat/hello-world/actions/workflows/161335/dispatches",
      kBearer);
  EXPECT_EQ(jsonBody(sent), json({{"ref", "main"}, {"inputs", {{"environment", "staging"}}}}));

  const auto noTrigger = expectServiceError(
      [&] {
        (void)github().dispatchWorkflow("octocat", "hello-world", "no-dispatch.yaml", "main");
      },
      422, "");
  EXPECT_EQ(noTrigger.detail(), "Workflow does not have 'workflow_dispatch' trigger");
}

TEST_F(GitHubTest, SearchPagesThroughItems) {
  auto pager = github().searchIssues("repo:octocat/hello-world is:issue label:bug");
  const auto found = pager.all();
  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].url,
            "https://api.github.com/search/"
            "issues?q=repo%3Aoctocat%2Fhello-world%20is%3Aissue%20label%3Abug");
  EXPECT_EQ(sent[1].url, sent[0].url + "&page=2");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].htmlUrl, "https://github.com/octocat/hello-world/issues/1347");

  clearRequests();
  auto runs =
      github().listWorkflowRuns({.owner = "octocat", .repo = "hello-world", .status = "completed"});
  const auto all = runs.all();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].conclusion, "success");
  EXPECT_EQ(all[1].runNumber, 561);
}

TEST_F(GitHubTest, BadInputIsRejectedBeforeSending) {
  const auto service = this->service("github");
  expectInvalidArgument(*emulator_, "args.title", [&] {
    (void)service.invoke("create_issue", {{"owner", "octocat"}, {"repo", "hello-world"}});
  });
  expectInvalidArgument(*emulator_, "args.owner", [&] {
    (void)service.invoke("create_issue", {{"owner", ".."}, {"repo", "r"}, {"title", "t"}});
  });
  expectInvalidArgument(*emulator_, "args.repo", [&] {
    (void)service.invoke("create_issue", {{"owner", "o"}, {"repo", ""}, {"title", "t"}});
  });
  expectInvalidArgument(*emulator_, "args.type", [&] {
    (void)service.invoke("list_repositories", {{"type", "owner"}, {"visibility", "public"}});
  });
  expectInvalidArgument(*emulator_, "args.sort", [&] {
    (void)service.invoke("list_repositories", {{"sort", "stars"}});
  });
  expectInvalidArgument(*emulator_, "args.page", [&] {
    (void)service.invoke("list_repositories", {{"page", "2&per_page=100"}});
  });
  expectInvalidArgument(*emulator_, "args.page", [&] {
    (void)service.invoke("list_repositories", {{"page", json::object()}});
  });
}

TEST_F(GitHubTest, GitHubErrorsBecomeServiceErrors) {
  const auto validation = expectServiceError(
      [&] { (void)github().createIssue({.owner = "octocat", .repo = "hello-world", .title = ""}); },
      422, "missing_field");
  EXPECT_EQ(validation.detail(), "Validation Failed");
  EXPECT_EQ(validation.integrationType(), "github");
  EXPECT_EQ(validation.action(), "create_issue");

  const auto missing = expectServiceError(
      [&] {
        (void)github().createIssue({.owner = "octocat", .repo = "no-such-repo", .title = "x"});
      },
      404, "");
  EXPECT_EQ(missing.detail(), "Not Found");

  github::ListRepositoriesRequest limited;
  limited.page = "99";
  const auto rateLimited =
      expectServiceError([&] { (void)github().listRepositories(limited).nextPage(); }, 403, "");
  EXPECT_EQ(rateLimited.detail(), "API rate limit exceeded for user ID 583231.");
}

TEST_F(GitHubTest, DeclaresGitHubsRateLimitSignals) {
  const auto& limits = registry().adapter("github")->spec().rateLimit;
  EXPECT_EQ(limits.extraStatuses, std::vector<int>{403});
  EXPECT_EQ(limits.remainingHeader, "x-ratelimit-remaining");
  EXPECT_EQ(limits.resetHeader, "x-ratelimit-reset");
  EXPECT_EQ(limits.resetFormat, plugin::RateLimitSignals::ResetFormat::EpochSeconds);
}

TEST_F(GitHubTest, Base44ProxySendsTheSameUpstreamRequests) {
  expectProxySendsTheSame(
      [&](const ServiceOptions& options) {
        EXPECT_EQ(github(options).getAuthenticatedUser().login, "octocat");
        EXPECT_EQ(github(options).listRepositories({.perPage = 2}).all().size(), 3u);
        EXPECT_EQ(github(options)
                      .createIssue({.owner = "octocat",
                                    .repo = "hello-world",
                                    .title = "Proxied",
                                    .body = "via Base44",
                                    .assignees = {},
                                    .labels = {"bug"}})
                      .labels.size(),
                  1u);
      },
      4, {"accept", "x-github-api-version", "user-agent"});
}

TEST_F(GitHubTest, WorkspaceConnectorUsesItsToken) {
  (void)github(fromWorkspace("github_ws")).getAuthenticatedUser();
  EXPECT_EQ(header(onlyRequest(), "authorization"), std::string("Bearer ") + kGitHubWorkspaceToken);
}

}  // namespace
}  // namespace b44::adapter_tests
