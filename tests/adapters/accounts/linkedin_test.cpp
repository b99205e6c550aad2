// The linkedin adapter and its typed helpers against the emulator's LinkedIn
// sandbox: OpenID userinfo, and the versioned Posts API with its headers and
// the post URN in x-restli-id.
#include "accounts_support.hpp"

#include <b44/adapters/linkedin.hpp>

namespace b44::adapter_tests::accounts {
namespace {

using nlohmann::json;

class LinkedinTest : public AccountsTest {
 protected:
  [[nodiscard]] linkedin::Linkedin linkedin(ServiceOptions options = {}) const {
    return linkedin::Linkedin(service("linkedin", std::move(options)));
  }
  static linkedin::CreatePostRequest hello(std::string author = "urn:li:person:782bbtaQ") {
    linkedin::CreatePostRequest request;
    request.author = std::move(author);
    request.commentary = "Hello from Base44";
    return request;
  }
};

TEST_F(LinkedinTest, GetUserInfo) {
  const auto me = linkedin().getUserInfo();
  const auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "GET");
  EXPECT_EQ(sent.url, "https://api.linkedin.com/v2/userinfo");
  EXPECT_EQ(header(sent, "authorization"), bearer(kLinkedinToken));
  // userinfo is not a versioned /rest/ endpoint.
  EXPECT_EQ(header(sent, "linkedin-version"), "");
  EXPECT_EQ(me.sub, "782bbtaQ");
  EXPECT_EQ(me.name, "Ada Lovelace");
  EXPECT_EQ(me.givenName, "Ada");
  EXPECT_EQ(me.email, "ada@example.com");
  EXPECT_TRUE(me.emailVerified);
  EXPECT_EQ(me.locale.language, "en");
  EXPECT_EQ(me.locale.country, "GB");
}

TEST_F(LinkedinTest, CreatePostSendsTheVersionedRequestAndReadsTheUrn) {
  const auto post = linkedin().createPost(hello());
  const auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, "https://api.linkedin.com/rest/posts");
  EXPECT_EQ(header(sent, "authorization"), bearer(kLinkedinToken));
  EXPECT_EQ(header(sent, "linkedin-version"), "202601");
  EXPECT_EQ(header(sent, "x-restli-protocol-version"), "2.0.0");
  EXPECT_EQ(header(sent, "content-type"), "application/json");
  EXPECT_EQ(jsonBody(sent), json({{"author", "urn:li:person:782bbtaQ"},
                                  {"commentary", "Hello from Base44"},
                                  {"visibility", "PUBLIC"},
                                  {"distribution",
                                   {{"feedDistribution", "MAIN_FEED"},
                                    {"targetEntities", json::array()},
                                    {"thirdPartyDistributionChannels", json::array()}}},
                                  {"lifecycleState", "PUBLISHED"},
                                  {"isReshareDisabledByAuthor", false}}));
  EXPECT_EQ(post.id, "urn:li:share:7193245012345678901");
}

TEST_F(LinkedinTest, CreatePostOptions) {
  auto request = hello();
  request.visibility = "CONNECTIONS";
  request.feedDistribution = "NONE";
  request.disableReshare = true;
  request.content = {{"article", {{"source", "https://example.com/launch"}, {"title", "Launch"}}}};
  request.linkedinVersion = "202510";
  (void)linkedin().createPost(request);
  const auto sent = onlyRequest();
  EXPECT_EQ(header(sent, "linkedin-version"), "202510");
  const auto body = jsonBody(sent);
  EXPECT_EQ(body.at("visibility"), "CONNECTIONS");
  EXPECT_EQ(body.at("distribution").at("feedDistribution"), "NONE");
  EXPECT_EQ(body.at("isReshareDisabledByAuthor"), true);
  EXPECT_EQ(body.at("content").at("article").at("title"), "Launch");
}

TEST_F(LinkedinTest, CreatePostChecksItsInput) {
  const auto service = this->service("linkedin");
  for (const std::string bad :
       {"782bbtaQ", "urn:li:company:1", "urn:li:person:a/b", "urn:li:person:x\r\nX-Injected: 1"}) {
    expectInvalidArgument(*emulator_, "args.author", [&] {
      (void)service.invoke("create_post", {{"author", bad}, {"commentary", "x"}});
    });
  }
  for (const std::string bad : {"2026-01", "202613", "latest", "202601\r\nX: 1"}) {
    expectInvalidArgument(*emulator_, "args.linkedin_version", [&] {
      (void)service.invoke(
          "create_post",
          {{"author", "urn:li:person:782bbtaQ"}, {"commentary", "x"}, {"linkedin_version", bad}});
    });
  }
  expectInvalidArgument(*emulator_, "args.visibility", [&] {
    (void)service.invoke(
        "create_post",
        {{"author", "urn:li:person:782bbtaQ"}, {"commentary", "x"}, {"visibility", "FRIENDS"}});
  });
}

TEST_F(LinkedinTest, LinkedInErrorsBecomeServiceErrors) {
  try {
    (void)linkedin().createPost(hello("urn:li:organization:2414183"));
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.integrationType(), "linkedin");
    EXPECT_EQ(error.status(), 403);
    EXPECT_EQ(error.code(), "ACCESS_DENIED");
    EXPECT_EQ(error.detail(),
              "Not enough permissions to access: partnerApiPostsExternal.CREATE.20260101");
  }
  // Creating is not retried.
  EXPECT_EQ(requests().size(), 1u);
}

TEST_F(LinkedinTest, Base44ProxySendsTheSameUpstreamRequestsAndHeaders) {
  expectProxyMatchesDirect(
      [&](ServiceOptions options) {
        const auto client = linkedin(std::move(options));
        const auto me = client.getUserInfo();
        EXPECT_EQ(client.createPost(hello("urn:li:person:" + me.sub)).id,
                  "urn:li:share:7193245012345678901");
      },
      {"linkedin-version", "x-restli-protocol-version"});
}

}  // namespace
}  // namespace b44::adapter_tests::accounts
