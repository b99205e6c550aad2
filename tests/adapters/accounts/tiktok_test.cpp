// The tiktok adapter and its typed helpers against the emulator's TikTok
// sandbox: the required fields list, the POSTed video cursor, and the error
// object every TikTok answer carries.
#include "accounts_support.hpp"

#include <b44/adapters/tiktok.hpp>

namespace b44::adapter_tests::accounts {
namespace {

using nlohmann::json;

constexpr const char* kDefaultVideoFields =
    "id%2Ctitle%2Cvideo_description%2Cduration%2Ccover_image_url%2Cshare_url%2Cembed_link%2C"
    "create_time%2Clike_count%2Ccomment_count%2Cshare_count%2Cview_count";

class TiktokTest : public AccountsTest {
 protected:
  [[nodiscard]] tiktok::Tiktok tiktok(ServiceOptions options = {}) const {
    return tiktok::Tiktok(service("tiktok", std::move(options)));
  }
};

TEST_F(TiktokTest, GetUserInfoAsksForTheBasicFieldsByDefault) {
  const auto user = tiktok().getUserInfo();
  const auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "GET");
  EXPECT_EQ(sent.url,
            "https://open.tiktokapis.com/v2/user/info/"
            "?fields=open_id%2Cunion_id%2Cavatar_url%2Cdisplay_name");
  EXPECT_EQ(header(sent, "authorization"), bearer(kTiktokToken));
  EXPECT_EQ(user.openId, "723f24d7-e717-40f8-a2b6-cb8464cd23b4");
  EXPECT_EQ(user.displayName, "Tik Toker");
  EXPECT_EQ(user.followerCount, 1520);
}

TEST_F(TiktokTest, GetUserInfoWithChosenFields) {
  (void)tiktok().getUserInfo(
      {.fields = json::array({"open_id", "display_name", "follower_count"})});
  EXPECT_EQ(onlyRequest().url,
            "https://open.tiktokapis.com/v2/user/info/"
            "?fields=open_id%2Cdisplay_name%2Cfollower_count");
}

TEST_F(TiktokTest, ListVideosWalksEveryPage) {
  const auto videos =
      tiktok().listVideos({.fields = nullptr, .maxCount = 2, .cursor = std::nullopt}).all();

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  for (const auto& r : sent) {
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.url, std::string("https://open.tiktokapis.com/v2/video/list/?fields=") +
                         kDefaultVideoFields);
    EXPECT_EQ(header(r, "authorization"), bearer(kTiktokToken));
    EXPECT_EQ(header(r, "content-type"), "application/json");
  }
  EXPECT_EQ(jsonBody(sent[0]), json({{"max_count", 2}}));
  // The cursor goes back as the int64 TikTok handed out.
  EXPECT_EQ(jsonBody(sent[1]), json({{"max_count", 2}, {"cursor", 1714400000000}}));

  ASSERT_EQ(videos.size(), 3u);
  EXPECT_EQ(videos[0].id, "7364128004527173931");
  EXPECT_EQ(videos[0].title, "Sourdough, day 3");
  EXPECT_EQ(videos[0].duration, 58);
  EXPECT_EQ(videos[0].createTime, 1714500000);
  EXPECT_EQ(videos[0].viewCount, 51000);
  EXPECT_EQ(videos[2].shareUrl, "https://www.tiktok.com/@tiktoker/video/7362914117043211562");
}

TEST_F(TiktokTest, ListVideosResumesFromASavedCursor) {
  auto pager = tiktok().listVideos(
      {.fields = json::array({"id", "title"}), .maxCount = std::nullopt, .cursor = std::nullopt});
  EXPECT_EQ(pager.nextPage().size(), 2u);
  ASSERT_TRUE(pager.cursor().has_value());
  EXPECT_EQ(*pager.cursor(), "1714400000000");
  EXPECT_EQ(onlyRequest().url, "https://open.tiktokapis.com/v2/video/list/?fields=id%2Ctitle");

  clearRequests();
  const auto rest = tiktok()
                        .listVideos({.fields = json::array({"id", "title"}),
                                     .maxCount = std::nullopt,
                                     .cursor = *pager.cursor()})
                        .all();
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(jsonBody(onlyRequest()), json({{"cursor", 1714400000000}}));
}

TEST_F(TiktokTest, InputIsCheckedBeforeSending) {
  const auto service = this->service("tiktok");
  for (const auto& bad : {json::array(), json::array({"display name"}), json::array({1}),
                          json::array({"open_id&x=1"})}) {
    expectInvalidArgument(*emulator_, "args.fields", [&] {
      (void)service.invoke("get_user_info", {{"fields", bad}});
    });
  }
  for (const auto& bad : {json("abc"), json(""), json(1.5), json::object()}) {
    expectInvalidArgument(*emulator_, "args.cursor", [&] {
      (void)service.invoke("list_videos", {{"cursor", bad}});
    });
  }
  expectInvalidArgument(*emulator_, "args.max_count", [&] {
    (void)service.invoke("list_videos", {{"max_count", 21}});
  });
}

TEST_F(TiktokTest, TheErrorObjectBecomesAServiceError) {
  try {
    (void)tiktok().getUserInfo({.fields = json::array({"open_id", "bogus_field"})});
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.integrationType(), "tiktok");
    EXPECT_EQ(error.status(), 400);
    EXPECT_EQ(error.code(), "invalid_params");
    EXPECT_EQ(error.detail(), "Invalid fields: bogus_field");
  }
}

TEST_F(TiktokTest, A2xxAnswerWithAnErrorCodeIsAFailure) {
  // TikTok's error.code, not the status, says whether a call worked.
  const auto adapter = registry().adapter("tiktok");
  plugin::ServiceResponse response;
  response.status = 200;
  response.body = R"({"data": {}, "error": {"code": "access_token_invalid",
                      "message": "The access token is invalid or not found in the request.",
                      "log_id": "202405011200"}})";
  try {
    (void)adapter->parseResponse("get_user_info", json::object(), response);
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.status(), 200);
    EXPECT_EQ(error.code(), "access_token_invalid");
  }
  response.body = R"({"data": {"user": {}}, "error": {"code": "ok", "message": ""}})";
  EXPECT_NO_THROW((void)adapter->parseResponse("get_user_info", json::object(), response));
}

TEST_F(TiktokTest, Base44ProxySendsTheSameUpstreamRequests) {
  expectProxyMatchesDirect([&](ServiceOptions options) {
    const auto client = tiktok(std::move(options));
    EXPECT_EQ(client.getUserInfo().displayName, "Tik Toker");
    EXPECT_EQ(
        client.listVideos({.fields = nullptr, .maxCount = 2, .cursor = std::nullopt}).all().size(),
        3u);
  });
}

}  // namespace
}  // namespace b44::adapter_tests::accounts
