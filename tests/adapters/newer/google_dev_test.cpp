// Tests particular to the google_dev group of the newer connector types (issue 10):
// gitlab (a self-managed host from the connection, URL-encoded project paths,
// Link-header pages, three error shapes), googleads (developer-token and
// login-customer-id headers, pageToken in the body, the GoogleAdsFailure
// inside Google's error), googlemeet (":verb" paths, update masks),
// googletasks (answers without a body) and hugging_face (two hosts, cursor
// pages, the Hub's and the router's error shapes).
#include "../support.hpp"

#include <b44/adapters/gitlab.hpp>
#include <b44/adapters/googleads.hpp>
#include <b44/adapters/googlemeet.hpp>
#include <b44/adapters/googletasks.hpp>
#include <b44/adapters/hugging_face.hpp>

namespace b44::adapter_tests {
namespace {

using nlohmann::json;

constexpr const char* kGitLabToken = "glpat-app-gitlab-token-7Q";
constexpr const char* kGitLabSelfToken = "glpat-self-managed-token-3Z";
constexpr const char* kGitLabBadHostToken = "glpat-bad-host-token-9X";
constexpr const char* kAdsToken = "ya29.app-googleads-token";
constexpr const char* kDeveloperToken = "ABcdeFGH93KL-NOPQ_STUv";
constexpr const char* kMeetToken = "ya29.app-googlemeet-token";
constexpr const char* kTasksToken = "ya29.app-googletasks-token";
constexpr const char* kHuggingFaceToken = "hf_appHuggingFaceToken42";

// Host values a connection might carry that must never receive the token.
const std::vector<std::pair<std::string, std::string>>& badGitLabHosts() {
  static const std::vector<std::pair<std::string, std::string>> hosts = {
      {"gitlab_path", "gitlab.example.com/evil"},
      {"gitlab_port", "gitlab.example.com:8443"},
      {"gitlab_userinfo", "user@gitlab.com"},
      {"gitlab_scheme", "https://gitlab.com"},
      {"gitlab_ipv4", "169.254.169.254"},
      {"gitlab_localhost", "localhost"},
      {"gitlab_uppercase", "GitLab.com"},
      {"gitlab_trailing_dot", "gitlab.com."},
      {"gitlab_crlf", "gitlab.com\r\nX-Injected: 1"},
  };
  return hosts;
}

json googleDevConnections() {
  json workspace = {
      {"gitlab_self",
       {{"integration_type", "gitlab"},
        {"access_token", kGitLabSelfToken},
        {"connection_config", {{"host", "gitlab.example.com"}}}}},
  };
  // Google Ads: the developer token and the manager account come from the
  // connection; without a manager the login-customer-id header is left out.
  workspace["googleads_direct"] = {{"integration_type", "googleads"},
                                   {"access_token", kAdsToken},
                                   {"connection_config", {{"developer_token", kDeveloperToken}}}};
  workspace["googleads_no_developer_token"] = {{"integration_type", "googleads"},
                                               {"access_token", kAdsToken},
                                               {"connection_config", nullptr}};
  workspace["googleads_injected_token"] = {
      {"integration_type", "googleads"},
      {"access_token", kAdsToken},
      {"connection_config", {{"developer_token", "token\r\nX-Injected: 1"}}}};
  for (const auto& [connector, host] : badGitLabHosts()) {
    workspace[connector] = {{"integration_type", "gitlab"},
                            {"access_token", kGitLabBadHostToken},
                            {"connection_config", {{"host", host}}}};
  }
  return {
      {"app_id", "app_google_dev_test"},
      {"service_token", "service-token-for-google-dev-tests"},
      {"connections",
       {
           {"gitlab", {{"access_token", kGitLabToken}, {"connection_config", nullptr}}},
           {"googleads",
            {{"access_token", kAdsToken},
             {"connection_config",
              {{"developer_token", kDeveloperToken}, {"login_customer_id", "9876543210"}}}}},
           {"googlemeet", {{"access_token", kMeetToken}}},
           {"googletasks", {{"access_token", kTasksToken}}},
           {"hugging_face", {{"access_token", kHuggingFaceToken}}},
       }},
      {"workspace_connectors", workspace},
  };
}

class GoogleDevTest : public AdapterTest {
 protected:
  [[nodiscard]] json connections() const override { return googleDevConnections(); }
};

// --- GitLab -------------------------------------------------------------------

class GitLabTest : public GoogleDevTest {
 protected:
  [[nodiscard]] gitlab::GitLab gitlab(ServiceOptions options = {}) const {
    return gitlab::GitLab(service("gitlab", std::move(options)));
  }
};

TEST_F(GitLabTest, WithoutConfigItIsGitLabComAndPathsAreEncodedAsOneSegment) {
  const auto file = gitlab().getFile("acme/website", "docs/index.md", "main");

  const auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "GET");
  // GitLab wants the project path and the file path URL-encoded, / as %2F.
  EXPECT_EQ(sent.url,
            "https://gitlab.com/api/v4/projects/acme%2Fwebsite/repository/files/"
            "docs%2Findex.md?ref=main");
  EXPECT_EQ(header(sent, "authorization"), std::string("Bearer ") + kGitLabToken);
  EXPECT_EQ(file.filePath, "docs/index.md");
  EXPECT_EQ(file.encoding, "base64");
  EXPECT_EQ(file.content, "IyBXZWJzaXRlIGRvY3MK");
  EXPECT_EQ(file.ref, "main");
  EXPECT_EQ(file.size, 15);
}

TEST_F(GitLabTest, ASelfManagedHostComesFromTheConnection) {
  const auto user = gitlab(fromWorkspace("gitlab_self")).getCurrentUser();
  EXPECT_EQ(onlyRequest().url, "https://gitlab.example.com/api/v4/user");
  EXPECT_EQ(header(onlyRequest(), "authorization"), std::string("Bearer ") + kGitLabSelfToken);
  EXPECT_EQ(user.webUrl, "https://gitlab.example.com/jdoe");
}

class GitLabBadHostTest
    : public GitLabTest,
      public ::testing::WithParamInterface<std::pair<std::string, std::string>> {};

TEST_P(GitLabBadHostTest, IsRefusedBeforeAnyRequest) {
  const auto client = gitlab(fromWorkspace(GetParam().first));
  // Any DNS name may host a self-managed GitLab: the field's pattern refuses
  // everything else.
  const std::string field = "connectionConfig.host";
  expectUnusableConfig(*emulator_, field, [&] { (void)client.getCurrentUser(); },
                       {kGitLabBadHostToken});
  expectUnusableConfig(*emulator_, field, [&] { (void)client.createIssue("acme/website", "x"); },
                       {kGitLabBadHostToken});
}

INSTANTIATE_TEST_SUITE_P(Hosts, GitLabBadHostTest, ::testing::ValuesIn(badGitLabHosts()),
                         [](const auto& info) { return info.param.first; });

TEST_F(GitLabTest, ListsFollowTheLinkHeaderAndResumeFromThePageNumber) {
  gitlab::ListProjectsRequest request;
  request.membership = true;
  request.perPage = 2;
  auto pager = gitlab().listProjects(request);
  const auto projects = pager.all();

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].url, "https://gitlab.com/api/v4/projects?membership=true&per_page=2");
  EXPECT_EQ(sent[1].url, "https://gitlab.com/api/v4/projects?membership=true&per_page=2&page=2");
  ASSERT_EQ(projects.size(), 3u);
  EXPECT_EQ(projects[0].pathWithNamespace, "acme/website");
  EXPECT_EQ(projects[0].defaultBranch, "main");
  EXPECT_EQ(projects[2].name, "Handbook");

  clearRequests();
  auto first = gitlab().listProjects(request);
  (void)first.nextPage();
  ASSERT_TRUE(first.cursor().has_value());
  EXPECT_EQ(*first.cursor(), "2");
}

TEST_F(GitLabTest, EachErrorShapeGivesItsText) {
  const auto missing = serviceError([&] { (void)gitlab().getProject("acme/missing"); });
  EXPECT_EQ(missing.status(), 404);
  EXPECT_EQ(missing.detail(), "404 Project Not Found");

  clearRequests();
  const auto empty = serviceError([&] { (void)gitlab().createIssue("acme/website", ""); });
  EXPECT_EQ(empty.status(), 400);
  EXPECT_EQ(empty.code(), "bad_request");
  EXPECT_EQ(empty.detail(), "title is empty");

  clearRequests();
  const auto same =
      serviceError([&] { (void)gitlab().createMergeRequest("acme/website", "main", "main", "x"); });
  EXPECT_EQ(same.status(), 422);
  EXPECT_EQ(same.code(), "validation_failed");
  EXPECT_EQ(same.detail(),
            "GitLab refused the values (422): Source branch and target branch cannot be the same");
}

TEST_F(GitLabTest, UpdateIssueNeedsSomethingToChange) {
  expectInvalidArgument(*emulator_, "args.title",
                        [&] { (void)gitlab().updateIssue("acme/website", 42); });
}

// --- Google Ads ---------------------------------------------------------------

class GoogleAdsTest : public GoogleDevTest {
 protected:
  [[nodiscard]] googleads::GoogleAds ads(ServiceOptions options = {}) const {
    return googleads::GoogleAds(service("googleads", std::move(options)));
  }
};

TEST_F(GoogleAdsTest, SearchSendsTheHeadersAndPagesWithTheTokenInTheBody) {
  googleads::SearchRequest request;
  request.customerId = "1234567890";
  request.query = "SELECT campaign.id, campaign.name FROM campaign";
  auto pager = ads().search(request);
  const auto rows = pager.all();

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  for (const auto& r : sent) {
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.url, "https://googleads.googleapis.com/v26/customers/1234567890/googleAds:search");
    EXPECT_EQ(header(r, "authorization"), std::string("Bearer ") + kAdsToken);
    EXPECT_EQ(header(r, "developer-token"), kDeveloperToken);
    EXPECT_EQ(header(r, "login-customer-id"), "9876543210");
    EXPECT_EQ(jsonBody(r).at("query"), request.query);
  }
  EXPECT_FALSE(jsonBody(sent[0]).contains("pageToken"));
  EXPECT_EQ(jsonBody(sent[1]).at("pageToken"),
            "CPii5aS87vfFTBAKGJvk36qpLiIWUW5SZk8xa1JPaXJVdXdIR05JUUpxZyoCVjMwADjUBkD___________8B");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[2].at(json::json_pointer("/campaign/name")), "Brand - Exact");

  // Through Base44's proxy, Base44 adds them from its copy of the connection.
  clearRequests();
  (void)ads(viaProxy()).search(request).all();
  for (const auto& r : requests()) {
    EXPECT_EQ(header(r, "developer-token"), kDeveloperToken);
    EXPECT_EQ(header(r, "login-customer-id"), "9876543210");
  }
}

TEST_F(GoogleAdsTest, WithoutAManagerAccountTheLoginHeaderIsLeftOut) {
  (void)ads(fromWorkspace("googleads_direct")).listAccessibleCustomers();
  EXPECT_EQ(header(onlyRequest(), "developer-token"), kDeveloperToken);
  EXPECT_FALSE(onlyRequest().headers.contains("login-customer-id"));
}

TEST_F(GoogleAdsTest, AMissingOrHostileDeveloperTokenInTheConnectionIsNeverSent) {
  expectUnusableConfig(
      *emulator_, "connectionConfig.developer_token",
      [&] { (void)ads(fromWorkspace("googleads_no_developer_token")).listAccessibleCustomers(); },
      {kAdsToken});
  expectUnusableConfig(
      *emulator_, "connectionConfig.developer_token",
      [&] { (void)ads(fromWorkspace("googleads_injected_token")).listAccessibleCustomers(); },
      {kAdsToken});
}

TEST_F(GoogleAdsTest, TheGoogleAdsFailureIsTheDetailAndNoTokenLeaks) {
  const auto error = serviceError(
      [&] { (void)ads().search("1234567890", "SELECT campaign.nme FROM campaign").all(); });
  EXPECT_EQ(error.status(), 400);
  EXPECT_EQ(error.code(), "INVALID_ARGUMENT");
  EXPECT_EQ(error.detail(),
            "Unrecognized field in the query: 'campaign.nme'. (trigger) campaign.nme; request ID: "
            "Mx9bQ2hLvTq5sYw1Ze7k3A");
  EXPECT_EQ(std::string(error.what()).find(kDeveloperToken), std::string::npos);

  clearRequests();
  const auto denied = serviceError(
      [&] { (void)ads().search("9999999999", "SELECT customer.id FROM customer").all(); });
  EXPECT_EQ(denied.status(), 403);
  EXPECT_EQ(denied.code(), "PERMISSION_DENIED");
  EXPECT_NE(denied.detail().find("login-customer-id"), std::string::npos) << denied.detail();
}

TEST_F(GoogleAdsTest, IdsAndOperationsAreCheckedBeforeSending) {
  expectInvalidArgument(*emulator_, "args.customer_id", [&] {
    (void)ads().mutateCampaigns("123-456-7890", json::array({{{"remove", "x"}}}));
  });
  expectInvalidArgument(*emulator_, "args.operations",
                        [&] { (void)ads().mutateCampaigns("1234567890", json::array()); });
}

TEST_F(GoogleAdsTest, UploadClickConversionsAlwaysAsksForPartialFailure) {
  const auto result = ads().uploadClickConversions(
      "1234567890",
      json::array({{{"gclid", "Cj0KCQ"},
                    {"conversionAction", "customers/1234567890/conversionActions/556677"},
                    {"conversionDateTime", "2024-05-01 12:32:45-08:00"}}}));
  const auto body = jsonBody(onlyRequest());
  EXPECT_EQ(body.at("partialFailure"), true);
  ASSERT_EQ(result.results.size(), 1u);
  EXPECT_EQ(result.results[0].gclid, "Cj0KCQ");
  EXPECT_EQ(result.jobId, "7340958123");
}

TEST_F(GoogleAdsTest, SearchStreamWrapsTheBatches) {
  const auto result =
      ads().searchStream("1234567890", "SELECT campaign.name, metrics.clicks FROM campaign");
  ASSERT_EQ(result.at("batches").size(), 1u);
  EXPECT_EQ(result.at("batches")[0].at("results").size(), 2u);
}

// --- Google Meet --------------------------------------------------------------

TEST_F(GoogleDevTest, MeetEndsAConferenceWithTheColonVerbAndPatchesWithAMask) {
  googlemeet::Meet meet(service("googlemeet"));
  (void)meet.endActiveConference(std::string("abc-mnop-xyz"));
  EXPECT_EQ(onlyRequest().method, "POST");
  EXPECT_EQ(onlyRequest().url,
            "https://meet.googleapis.com/v2/spaces/abc-mnop-xyz:endActiveConference");

  clearRequests();
  googlemeet::UpdateSpaceRequest update;
  update.space = "abc-mnop-xyz";
  update.accessType = "OPEN";
  update.updateMask = "config.accessType";
  const auto space = meet.updateSpace(update);
  EXPECT_EQ(onlyRequest().method, "PATCH");
  EXPECT_EQ(onlyRequest().url,
            "https://meet.googleapis.com/v2/spaces/abc-mnop-xyz?updateMask=config.accessType");
  EXPECT_EQ(jsonBody(onlyRequest()), json({{"config", {{"accessType", "OPEN"}}}}));
  EXPECT_EQ(space.accessType, "OPEN");

  clearRequests();
  // A resource name instead of an ID would move the path.
  expectInvalidArgument(*emulator_, "args.space",
                        [&] { (void)meet.getSpace(std::string("spaces/abc-mnop-xyz")); });
}

// --- Google Tasks -------------------------------------------------------------

TEST_F(GoogleDevTest, TasksWritesWithoutAnAnswerBodyGiveNullAndErrorsKeepGooglesReason) {
  googletasks::Tasks tasks(service("googletasks"));
  EXPECT_TRUE(
      tasks.deleteTask("MTIzNDU2Nzg5MDEyMzQ1Njc4OTA6MDow", "Vm1yQk5ZbU1QRUxhSzNSWQ").is_null());
  EXPECT_EQ(onlyRequest().method, "DELETE");
  clearRequests();
  EXPECT_TRUE(tasks.clearCompleted(std::string("MTIzNDU2Nzg5MDEyMzQ1Njc4OTA6MDow")).is_null());
  EXPECT_EQ(onlyRequest().url,
            "https://tasks.googleapis.com/tasks/v1/lists/MTIzNDU2Nzg5MDEyMzQ1Njc4OTA6MDow/clear");

  clearRequests();
  const auto error = serviceError([&] { (void)tasks.listTasks(std::string("missing")).all(); });
  EXPECT_EQ(error.status(), 404);
  EXPECT_EQ(error.code(), "notFound");
  EXPECT_EQ(error.detail(), "Requested entity was not found.");
}

// --- Hugging Face -------------------------------------------------------------

class HuggingFaceTest : public GoogleDevTest {
 protected:
  [[nodiscard]] hugging_face::HuggingFace hf(ServiceOptions options = {}) const {
    return hugging_face::HuggingFace(service("hugging_face", std::move(options)));
  }
};

TEST_F(HuggingFaceTest, HubListsFollowTheCursorOfTheLinkHeader) {
  hugging_face::ListModelsRequest request;
  request.search = "llama";
  request.limit = 2;
  auto pager = hf().listModels(request);
  const auto models = pager.all();

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].url, "https://huggingface.co/api/models?search=llama&limit=2");
  EXPECT_EQ(sent[1].url,
            "https://huggingface.co/api/models?search=llama&limit=2&cursor="
            "eyIkb3IiOlt7ImRvd25sb2FkcyI6MTAwfV19");
  ASSERT_EQ(models.size(), 3u);
  EXPECT_EQ(models[0].id, "meta-llama/Llama-3.1-8B-Instruct");
  EXPECT_EQ(models[0].gated, "manual");
  EXPECT_EQ(models[0].downloads, 5400000);
  EXPECT_EQ(models[2].id, "unsloth/Llama-3.2-1B-Instruct");
}

TEST_F(HuggingFaceTest, InferenceGoesToTheRouterWithItsOwnErrorShape) {
  const auto answer = hf().chatCompletion("meta-llama/Llama-3.1-8B-Instruct",
                                          json::array({{{"role", "user"}, {"content", "Hi"}}}));
  const auto sent = onlyRequest();
  EXPECT_EQ(sent.url, "https://router.huggingface.co/v1/chat/completions");
  EXPECT_EQ(header(sent, "authorization"), std::string("Bearer ") + kHuggingFaceToken);
  EXPECT_EQ(jsonBody(sent).at("stream"), false);
  EXPECT_EQ(answer.content, "Bonjour !");
  EXPECT_EQ(answer.finishReason, "stop");
  EXPECT_EQ(answer.completionTokens, 4);

  clearRequests();
  const auto unsupported = serviceError([&] {
    (void)hf().chatCompletion("jdoe/no-such-model",
                              json::array({{{"role", "user"}, {"content", "Hi"}}}));
  });
  EXPECT_EQ(unsupported.status(), 400);
  EXPECT_EQ(unsupported.code(), "model_not_supported");
  EXPECT_NE(unsupported.detail().find("not supported by any provider"), std::string::npos);

  clearRequests();
  const auto missing = serviceError([&] { (void)hf().getModel("jdoe", "does-not-exist"); });
  EXPECT_EQ(missing.status(), 404);
  EXPECT_EQ(missing.detail(), "Repository not found");
}

TEST_F(HuggingFaceTest, ModelIdsAreTwoCheckedSegments) {
  const auto vectors =
      hf().featureExtraction("sentence-transformers", "all-MiniLM-L6-v2", json::array({"a", "b"}));
  EXPECT_EQ(onlyRequest().url,
            "https://router.huggingface.co/hf-inference/models/sentence-transformers/"
            "all-MiniLM-L6-v2/pipeline/feature-extraction");
  EXPECT_EQ(vectors.at("embeddings").size(), 2u);

  clearRequests();
  expectInvalidArgument(*emulator_, "args.owner", [&] { (void)hf().getModel("..", "x"); });
  expectInvalidArgument(*emulator_, "args.name", [&] { (void)hf().getModel("meta-llama", "a/b"); });
}

}  // namespace
}  // namespace b44::adapter_tests
