#pragma once
// Typed helpers for the "tiktok" adapter. Header-only: each helper builds the
// action's JSON arguments, calls ServiceClient::invoke (or pages) and converts
// the JSON result; the host never links the adapter.
//
//   b44::tiktok::Tiktok tiktok(registry.service("tiktok", client));
//   auto me = tiktok.getUserInfo();
//   for (auto& video : tiktok.listVideos().all()) ...
#include <b44/service_client.hpp>
#include <b44/typed.hpp>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace b44::tiktok {

// --- Requests -----------------------------------------------------------------

struct GetUserInfoRequest {
  // Empty: open_id, union_id, avatar_url, display_name (user.info.basic).
  std::vector<std::string> fields;
};

struct ListVideosRequest {
  std::vector<std::string> fields;    // empty: the adapter's default set
  std::optional<int> maxCount;        // 1..20
  std::optional<std::string> cursor;  // resume a saved walk
};

// --- Results ------------------------------------------------------------------

struct User {
  std::string openId;
  std::string unionId;
  std::string displayName;
  std::string avatarUrl;
  std::string bioDescription;      // user.info.profile
  std::string profileDeepLink;     // user.info.profile
  std::string username;            // user.info.profile
  bool isVerified = false;         // user.info.profile
  std::int64_t followerCount = 0;  // user.info.stats
  std::int64_t followingCount = 0;
  std::int64_t likesCount = 0;
  std::int64_t videoCount = 0;
  nlohmann::json raw;  // data.user
};

struct Video {
  std::string id;
  std::string title;
  std::string description;      // video_description
  std::int64_t duration = 0;    // seconds
  std::int64_t createTime = 0;  // Unix seconds
  std::string coverImageUrl;
  std::string shareUrl;
  std::string embedLink;
  std::int64_t likeCount = 0;
  std::int64_t commentCount = 0;
  std::int64_t shareCount = 0;
  std::int64_t viewCount = 0;
  nlohmann::json raw;
};

// --- JSON conversion ----------------------------------------------------------

inline nlohmann::json toJson(const ListVideosRequest& request) {
  nlohmann::json args = nlohmann::json::object();
  typed::setIfNotEmpty(args, "fields", request.fields);
  typed::setIf(args, "max_count", request.maxCount);
  return args;
}

inline User userFromJson(const nlohmann::json& json) {
  User user;
  user.openId = typed::stringField(json, "open_id");
  user.unionId = typed::stringField(json, "union_id");
  user.displayName = typed::stringField(json, "display_name");
  user.avatarUrl = typed::stringField(json, "avatar_url");
  user.bioDescription = typed::stringField(json, "bio_description");
  user.profileDeepLink = typed::stringField(json, "profile_deep_link");
  user.username = typed::stringField(json, "username");
  user.isVerified = typed::boolField(json, "is_verified");
  user.followerCount = typed::intField(json, "follower_count");
  user.followingCount = typed::intField(json, "following_count");
  user.likesCount = typed::intField(json, "likes_count");
  user.videoCount = typed::intField(json, "video_count");
  user.raw = json;
  return user;
}

inline Video videoFromJson(const nlohmann::json& json) {
  Video video;
  video.id = typed::stringField(json, "id");
  video.title = typed::stringField(json, "title");
  video.description = typed::stringField(json, "video_description");
  video.duration = typed::intField(json, "duration");
  video.createTime = typed::intField(json, "create_time");
  video.coverImageUrl = typed::stringField(json, "cover_image_url");
  video.shareUrl = typed::stringField(json, "share_url");
  video.embedLink = typed::stringField(json, "embed_link");
  video.likeCount = typed::intField(json, "like_count");
  video.commentCount = typed::intField(json, "comment_count");
  video.shareCount = typed::intField(json, "share_count");
  video.viewCount = typed::intField(json, "view_count");
  video.raw = json;
  return video;
}

// --- The client ---------------------------------------------------------------

class Tiktok {
 public:
  // `client` comes from registry.service("tiktok", client[, options]).
  explicit Tiktok(ServiceClient client) : client_(std::move(client)) {}

  User getUserInfo(const GetUserInfoRequest& request = {}) const {
    nlohmann::json args = nlohmann::json::object();
    typed::setIfNotEmpty(args, "fields", request.fields);
    const auto result = client_.invoke("get_user_info", args);
    return userFromJson(typed::objectField(typed::objectField(result, "data"), "user"));
  }

  // Pages through the user's videos, newest first; request.cursor resumes.
  ItemPager<Video> listVideos(const ListVideosRequest& request = {}) const {
    return ItemPager<Video>(client_.pages("list_videos", toJson(request), request.cursor),
                            &videoFromJson);
  }

  [[nodiscard]] const ServiceClient& client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace b44::tiktok
