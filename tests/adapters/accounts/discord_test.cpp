// The discord adapter and its typed helpers against the emulator's Discord
// sandbox: the current user and their guilds, paged by snowflake ID.
#include "accounts_support.hpp"

#include <b44/adapters/discord.hpp>

namespace b44::adapter_tests::accounts {
namespace {

using nlohmann::json;

constexpr const char* kLastIdOfFirstPage = "613425648685547541";

class DiscordTest : public AccountsTest {
 protected:
  [[nodiscard]] discord::Discord discord(ServiceOptions options = {}) const {
    return discord::Discord(service("discord", std::move(options)));
  }
  static discord::ListGuildsRequest twoPerPage() {
    discord::ListGuildsRequest request;
    request.limit = 2;
    return request;
  }
};

TEST_F(DiscordTest, GetCurrentUser) {
  const auto me = discord().getCurrentUser();
  const auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "GET");
  EXPECT_EQ(sent.url, "https://discord.com/api/v10/users/@me");
  EXPECT_EQ(header(sent, "authorization"), bearer(kDiscordToken));
  EXPECT_EQ(me.id, "80351110224678912");
  EXPECT_EQ(me.username, "nelly");
  EXPECT_EQ(me.globalName, "Nelly");
  EXPECT_EQ(me.email, "nelly@discord.com");
  EXPECT_TRUE(me.verified);
}

TEST_F(DiscordTest, ListGuildsPagesAfterTheLastIdUntilAShortPage) {
  auto request = twoPerPage();
  request.withCounts = true;
  const auto guilds = discord().listGuilds(request).all();

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].url, "https://discord.com/api/v10/users/@me/guilds?limit=2&with_counts=true");
  EXPECT_EQ(sent[1].url, std::string("https://discord.com/api/v10/users/@me/guilds?after=") +
                             kLastIdOfFirstPage + "&limit=2&with_counts=true");
  for (const auto& r : sent) EXPECT_EQ(header(r, "authorization"), bearer(kDiscordToken));

  ASSERT_EQ(guilds.size(), 3u);
  EXPECT_EQ(guilds[0].id, "197038439483310086");
  EXPECT_EQ(guilds[0].name, "Discord Testers");
  EXPECT_EQ(guilds[0].features, (std::vector<std::string>{"COMMUNITY", "NEWS", "DISCOVERABLE"}));
  EXPECT_EQ(guilds[0].approximateMemberCount, 3319);
  EXPECT_EQ(guilds[0].permissions, "104189505");
  EXPECT_TRUE(guilds[2].owner);
}

TEST_F(DiscordTest, ListGuildsResumesAfterASavedId) {
  auto pager = discord().listGuilds(twoPerPage());
  EXPECT_EQ(pager.nextPage().size(), 2u);
  ASSERT_TRUE(pager.cursor().has_value());
  EXPECT_EQ(*pager.cursor(), kLastIdOfFirstPage);

  clearRequests();
  auto resume = twoPerPage();
  resume.after = *pager.cursor();
  const auto rest = discord().listGuilds(resume).all();
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].name, "Sourdough Society");
  EXPECT_EQ(onlyRequest().url, std::string("https://discord.com/api/v10/users/@me/guilds?after=") +
                                   kLastIdOfFirstPage + "&limit=2");
}

TEST_F(DiscordTest, AShortFirstPageIsTheLast) {
  // Discord's default limit is 200: two guilds are all there are.
  auto pager = discord().listGuilds();
  EXPECT_EQ(pager.nextPage().size(), 2u);
  EXPECT_FALSE(pager.hasNext());
  EXPECT_EQ(onlyRequest().url, "https://discord.com/api/v10/users/@me/guilds");
}

TEST_F(DiscordTest, InputIsCheckedBeforeSending) {
  const auto service = this->service("discord");
  for (const std::string bad : {"abc", "", "1&limit=1", "123456789012345678901"}) {
    expectInvalidArgument(*emulator_, "args.after", [&] {
      (void)service.invoke("list_guilds", {{"after", bad}});
    });
  }
  for (const int bad : {0, 201}) {
    expectInvalidArgument(*emulator_, "args.limit", [&] {
      (void)service.invoke("list_guilds", {{"limit", bad}});
    });
  }
}

TEST_F(DiscordTest, DiscordErrorsBecomeServiceErrors) {
  discord::ListGuildsRequest request;
  request.before = "1";
  try {
    (void)discord().listGuilds(request).nextPage();
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.integrationType(), "discord");
    EXPECT_EQ(error.status(), 403);
    EXPECT_EQ(error.code(), "50001");
    EXPECT_EQ(error.detail(), "Missing Access");
  }
  const auto& limits = registry().adapter("discord")->spec().rateLimit;
  EXPECT_EQ(limits.remainingHeader, "X-RateLimit-Remaining");
  EXPECT_EQ(limits.resetHeader, "X-RateLimit-Reset-After");
}

TEST_F(DiscordTest, Base44ProxySendsTheSameUpstreamRequests) {
  expectProxyMatchesDirect([&](ServiceOptions options) {
    const auto client = discord(std::move(options));
    EXPECT_EQ(client.getCurrentUser().username, "nelly");
    EXPECT_EQ(client.listGuilds(twoPerPage()).all().size(), 3u);
  });
}

constexpr const char* kWebhookId = "223704706495545344";
constexpr const char* kWebhookToken =
    "3d89bb7572e0fb30d8128367b3b1b44fecd1726de135cbe28a41f8b2f777c372";

TEST_F(DiscordTest, ExecuteWebhookWaitsForTheMessage) {
  const auto message = discord().executeWebhook(kWebhookId, kWebhookToken, "Deploy finished");
  const auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, std::string("https://discord.com/api/v10/webhooks/") + kWebhookId + "/" +
                          kWebhookToken + "?wait=true");
  EXPECT_EQ(jsonBody(sent), json({{"content", "Deploy finished"}}));
  EXPECT_EQ(message.id, "1236000000000000001");
  EXPECT_EQ(message.content, "Deploy finished");
  EXPECT_EQ(message.webhookId, kWebhookId);
  clearRequests();

  // A token that could leave its path segment is refused before sending.
  expectInvalidArgument(*emulator_, "args.webhook_token", [&] {
    (void)discord().executeWebhook(kWebhookId, "../../users/@me", "hi");
  });
}

TEST_F(DiscordTest, ARevokedWebhookTokenIsAServiceError) {
  try {
    (void)discord().executeWebhook(kWebhookId, "revoked-token", "hi");
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.status(), 401);
    EXPECT_EQ(error.code(), "50027");
  }
}

TEST_F(DiscordTest, ArrayAnswersAreWrapped) {
  const auto connections = discord().listConnections();
  ASSERT_EQ(connections.connections.size(), 2u);
  EXPECT_EQ(connections.connections[0].type, "github");
  EXPECT_TRUE(connections.connections[0].verified);
  const auto regions = discord().listVoiceRegions();
  ASSERT_EQ(regions.regions.size(), 3u);
  EXPECT_TRUE(regions.regions[0].optimal);
  const auto grant = discord().getCurrentAuthorization();
  EXPECT_EQ(grant.scopes, (std::vector<std::string>{"guilds.join", "identify"}));
}

}  // namespace
}  // namespace b44::adapter_tests::accounts
