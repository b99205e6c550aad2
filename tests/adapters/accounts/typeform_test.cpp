// The typeform adapter and its typed helpers against the emulator's Typeform
// sandbox, including the EU host taken from the connection config.
#include "accounts_support.hpp"

#include <b44/adapters/typeform.hpp>

namespace b44::adapter_tests::accounts {
namespace {

constexpr const char* kLastTokenOfFirstPage = "a3a12ec67a1365927098a606107fac15";

class TypeformTest : public AccountsTest {
 protected:
  [[nodiscard]] typeform::Typeform typeform(ServiceOptions options = {}) const {
    return typeform::Typeform(service("typeform", std::move(options)));
  }
  static typeform::GetResponsesRequest responsesOf(const std::string& formId) {
    typeform::GetResponsesRequest request;
    request.formId = formId;
    return request;
  }
};

TEST_F(TypeformTest, ListFormsWalksEveryPageOnTheDefaultHost) {
  typeform::ListFormsRequest request;
  request.pageSize = 2;
  request.sortBy = "created_at";
  request.orderBy = "desc";
  const auto forms = typeform().listForms(request).all();

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].method, "GET");
  EXPECT_EQ(sent[0].url,
            "https://api.typeform.com/forms?page_size=2&sort_by=created_at&order_by=desc");
  EXPECT_EQ(sent[1].url,
            "https://api.typeform.com/forms?page=2&page_size=2&sort_by=created_at&order_by=desc");
  for (const auto& r : sent) EXPECT_EQ(header(r, "authorization"), bearer(kTypeformToken));

  ASSERT_EQ(forms.size(), 3u);
  EXPECT_EQ(forms[0].id, "u6nXL7");
  EXPECT_EQ(forms[0].title, "Customer feedback");
  EXPECT_EQ(forms[0].displayUrl, "https://mysite.typeform.com/to/u6nXL7");
  EXPECT_EQ(forms[0].responsesUrl, "https://api.typeform.com/forms/u6nXL7/responses");
  EXPECT_TRUE(forms[0].isPublic);
  EXPECT_EQ(forms[2].type, "quiz");
  EXPECT_FALSE(forms[2].isPublic);
}

TEST_F(TypeformTest, ListFormsResumesFromASavedPage) {
  auto pager = typeform().listForms();
  EXPECT_EQ(pager.nextPage().size(), 2u);
  ASSERT_TRUE(pager.cursor().has_value());
  EXPECT_EQ(*pager.cursor(), "2");
  EXPECT_EQ(onlyRequest().url, "https://api.typeform.com/forms");

  clearRequests();
  typeform::ListFormsRequest resume;
  resume.page = *pager.cursor();
  const auto rest = typeform().listForms(resume).all();
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].id, "Xc7nS2");
  EXPECT_EQ(onlyRequest().url, "https://api.typeform.com/forms?page=2");
}

TEST_F(TypeformTest, GetResponsesWalksBackwardsWithBeforeTokens) {
  auto request = responsesOf("u6nXL7");
  request.pageSize = 2;
  request.since = "2024-04-01T00:00:00";
  request.responseType = "completed";
  const auto responses = typeform().getResponses(request).all();

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  const std::string base =
      "https://api.typeform.com/forms/u6nXL7/responses?page_size=2&since=2024-04-01T00%3A00%3A00";
  EXPECT_EQ(sent[0].url, base + "&response_type=completed");
  EXPECT_EQ(sent[1].url, base + "&before=" + kLastTokenOfFirstPage + "&response_type=completed");

  ASSERT_EQ(responses.size(), 3u);
  EXPECT_EQ(responses[0].responseId, "dde5ad4f8ee4c8bbed8e1e6f5fd2d17e");
  EXPECT_EQ(responses[0].submittedAt, "2024-05-01T10:03:30Z");
  ASSERT_EQ(responses[0].answers.size(), 3u);
  EXPECT_EQ(responses[0].answers[0].fieldRef, "name");
  EXPECT_EQ(responses[0].answers[0].type, "text");
  EXPECT_EQ(responses[0].answers[0].text, "Ada");
  EXPECT_EQ(responses[0].answers[1].type, "email");
  EXPECT_EQ(responses[0].answers[1].email, "ada@example.com");
  EXPECT_EQ(responses[0].answers[2].type, "number");
  EXPECT_EQ(responses[0].answers[2].number, 9.0);
  EXPECT_EQ(responses[0].hidden.at("source"), "newsletter");
  EXPECT_EQ(responses[1].answers[1].type, "choice");
  EXPECT_EQ(responses[1].answers[1].choice.label, "Pro");
  EXPECT_EQ(responses[2].token, "21085286190ffad1248d17c4135ee56f");
}

TEST_F(TypeformTest, GetResponsesResumesFromASavedToken) {
  auto pager = typeform().getResponses(responsesOf("u6nXL7"));
  (void)pager.nextPage();
  ASSERT_TRUE(pager.cursor().has_value());
  EXPECT_EQ(*pager.cursor(), kLastTokenOfFirstPage);

  clearRequests();
  auto resume = responsesOf("u6nXL7");
  resume.before = *pager.cursor();
  const auto rest = typeform().getResponses(resume).all();
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(onlyRequest().url, std::string("https://api.typeform.com/forms/u6nXL7/responses") +
                                   "?before=" + kLastTokenOfFirstPage);
}

TEST_F(TypeformTest, EuAccountsUseTheConfiguredHost) {
  (void)typeform(fromWorkspace("tf_eu")).getResponses(responsesOf("u6nXL7")).nextPage();
  auto sent = onlyRequest();
  EXPECT_EQ(sent.url, "https://api.eu.typeform.com/forms/u6nXL7/responses");
  EXPECT_EQ(header(sent, "authorization"), bearer(kTypeformEuToken));

  // An empty api_host is no host at all: the default.
  clearRequests();
  (void)typeform(fromWorkspace("tf_empty")).listForms().nextPage();
  EXPECT_EQ(onlyRequest().url, "https://api.typeform.com/forms");
}

TEST_F(TypeformTest, InputIsCheckedBeforeSending) {
  const auto service = this->service("typeform");
  expectInvalidArgument(*emulator_, "args.form_id", [&] {
    (void)service.invoke("get_responses", {{"form_id", ".."}});
  });
  expectInvalidArgument(*emulator_, "args.sort", [&] {
    (void)service.invoke("get_responses",
                         {{"form_id", "u6nXL7"}, {"sort", "submitted_at,asc"}, {"before", "x"}});
  });
  for (const auto& bad :
       {nlohmann::json("0"), nlohmann::json("two"), nlohmann::json(-1), nlohmann::json::object()}) {
    expectInvalidArgument(*emulator_, "args.page", [&] {
      (void)service.invoke("list_forms", {{"page", bad}});
    });
  }
  expectInvalidArgument(*emulator_, "args.order_by", [&] {
    (void)service.invoke("list_forms", {{"order_by", "up"}});
  });
}

TEST_F(TypeformTest, TypeformErrorsBecomeServiceErrors) {
  try {
    (void)typeform().getResponses(responsesOf("NOPE00")).nextPage();
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.integrationType(), "typeform");
    EXPECT_EQ(error.status(), 404);
    EXPECT_EQ(error.code(), "FORM_NOT_FOUND");
    EXPECT_EQ(error.detail(), "Non existing form with uid NOPE00");
  }
}

class TypeformBadHostTest
    : public TypeformTest,
      public ::testing::WithParamInterface<std::pair<std::string, std::string>> {};

TEST_P(TypeformBadHostTest, IsRejectedBeforeAnyRequest) {
  const auto& [connector, value] = GetParam();
  const auto client = typeform(fromWorkspace(connector));
  expectUnusableConfig(*emulator_, "connectionConfig.api_host",
                       [&] { (void)client.listForms().nextPage(); }, {kTypeformBadToken});
  expectUnusableConfig(*emulator_, "connectionConfig.api_host",
                       [&] { (void)client.getResponses(responsesOf("u6nXL7")).nextPage(); },
                       {kTypeformBadToken});
}

INSTANTIATE_TEST_SUITE_P(EveryClass, TypeformBadHostTest, ::testing::ValuesIn(badTypeformHosts()),
                         [](const auto& info) { return info.param.first; });

TEST_F(TypeformTest, Base44ProxySendsTheSameUpstreamRequests) {
  expectProxyMatchesDirect([&](ServiceOptions options) {
    const auto client = typeform(std::move(options));
    typeform::ListFormsRequest forms;
    forms.pageSize = 2;
    EXPECT_EQ(client.listForms(forms).all().size(), 3u);
    auto responses = responsesOf("u6nXL7");
    responses.pageSize = 2;
    EXPECT_EQ(client.getResponses(responses).all().size(), 3u);
  });
}

TEST_F(TypeformTest, WorkspacesArePagedAndResponsesDeletedById) {
  const auto workspaces = typeform().listWorkspaces({.pageSize = 1}).all();
  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].url, "https://api.typeform.com/workspaces?page_size=1");
  EXPECT_EQ(sent[1].url, "https://api.typeform.com/workspaces?page=2&page_size=1");
  ASSERT_EQ(workspaces.size(), 2u);
  EXPECT_EQ(workspaces[0].selfHref, "https://api.typeform.com/workspaces/Aw33bz");
  EXPECT_EQ(workspaces[0].formsCount, 3);
  EXPECT_EQ(workspaces[1].name, "Marketing");

  clearRequests();
  EXPECT_TRUE(
      typeform().deleteResponses("ZyG4Qm", {"a3a12ec67a1365927098a606107fac15", "b7c1"}).is_null());
  const auto deleted = onlyRequest();
  EXPECT_EQ(deleted.method, "DELETE");
  EXPECT_EQ(deleted.url,
            "https://api.typeform.com/forms/ZyG4Qm/responses"
            "?included_response_ids=a3a12ec67a1365927098a606107fac15%2Cb7c1");

  clearRequests();
  const auto service = this->service("typeform");
  expectInvalidArgument(*emulator_, "args.form_id", [&] {
    (void)service.invoke("delete_form", {{"form_id", "ZyG4Qm/responses"}});
  });
}

}  // namespace
}  // namespace b44::adapter_tests::accounts
