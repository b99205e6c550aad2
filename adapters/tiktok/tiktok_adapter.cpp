// The TikTok adapter (integration type "tiktok").
//
// Checked against TikTok for Developers' official API v2 documentation:
//   https://developers.tiktok.com/doc/display-api-overview/
//       the Display API: /v2/user/info/, /v2/video/list/, /v2/video/query/;
//       scopes user.info.basic and video.list.
//   https://developers.tiktok.com/doc/tiktok-api-v2-get-user-info
//       GET https://open.tiktokapis.com/v2/user/info/?fields=...; the
//       "fields" query parameter is required (open_id, union_id,
//       avatar_url, avatar_url_100, avatar_large_url, display_name need
//       user.info.basic; bio_description, profile_deep_link, is_verified,
//       username need user.info.profile; follower_count, following_count,
//       likes_count, video_count need user.info.stats); token as
//       "Authorization: Bearer <token>"; answers {data: {user: {...}},
//       error: {code, message, log_id}}.
//   https://developers.tiktok.com/doc/tiktok-api-v2-video-list
//       POST https://open.tiktokapis.com/v2/video/list/?fields=... with a
//       JSON body {cursor (int64, a UTC Unix time in ms), max_count (at
//       most 20, default 10)}; answers {data: {videos, cursor, has_more},
//       error}; the next page passes data.cursor while has_more is true.
//   https://developers.tiktok.com/doc/tiktok-api-v2-error-handling
//       every answer carries error.code; "ok" is success, anything else
//       (access_token_invalid, scope_not_authorized, invalid_params,
//       rate_limit_exceeded, ...) is a failure, also with a 2xx status.
//   https://developers.tiktok.com/doc/tiktok-api-v2-rate-limit
//       limits per endpoint over a one-minute window; throttled requests get
//       HTTP 429 with error code rate_limit_exceeded (no rate-limit headers
//       are documented, so none are declared).
#include <b44/errors.hpp>
#include <b44/plugin/basic_adapter.hpp>
#include <b44/plugin/export.hpp>

#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>

namespace {

using b44::plugin::ActionSpec;
using b44::plugin::AdapterSpec;
using b44::plugin::Args;
using b44::plugin::Pagination;
using b44::plugin::ServiceRequest;
using b44::plugin::ServiceResponse;
using Type = b44::plugin::Parameter::Type;
using nlohmann::json;

// Fields every token with the basic scope may read.
constexpr const char* kUserFields = "open_id,union_id,avatar_url,display_name";
constexpr const char* kVideoFields =
    "id,title,video_description,duration,cover_image_url,share_url,embed_link,create_time,"
    "like_count,comment_count,share_count,view_count";

// The "fields" query value: the given names, each a plain field name, joined
// with commas; or the default.
std::string fieldList(const Args& args, const char* fallback) {
  static const std::regex name(R"(^[a-z][a-z0-9_]{0,63}$)");
  const json& value = args.value("fields");
  if (value.is_null()) return fallback;
  std::string joined;
  auto add = [&](const std::string& field) {
    if (!std::regex_match(field, name)) {
      throw b44::InvalidArgumentError(
          "args.fields", args.operation() + ": 'fields' must name fields such as display_name");
    }
    joined += (joined.empty() ? "" : ",") + field;
  };
  if (!value.is_array() || value.empty()) {
    throw b44::InvalidArgumentError("args.fields",
                                    args.operation() + ": 'fields' must be a non-empty array");
  }
  for (const auto& field : value) add(field.is_string() ? field.get<std::string>() : "");
  return joined;
}

ServiceRequest buildGetUserInfo(const Args& args) {
  ServiceRequest request;
  request.path = "/user/info/";
  request.query.emplace_back("fields", fieldList(args, kUserFields));
  return request;
}

ServiceRequest buildListVideos(const Args& args) {
  json body = json::object();
  if (args.has("cursor")) {
    // TikTok's cursor is an int64; a saved cursor comes back as its text.
    const json& cursor = args.value("cursor");
    if (cursor.is_number_integer()) {
      body["cursor"] = cursor;
    } else if (cursor.is_string() && !cursor.get_ref<const std::string&>().empty() &&
               cursor.get_ref<const std::string&>().size() <= 18 &&
               cursor.get_ref<const std::string&>().find_first_not_of("0123456789") ==
                   std::string::npos) {
      body["cursor"] = std::stoll(cursor.get<std::string>());
    } else {
      throw b44::InvalidArgumentError(
          "args.cursor", args.operation() + ": 'cursor' must be the data.cursor of a page");
    }
  }
  if (auto count = args.optionalInteger("max_count")) {
    if (*count < 1 || *count > 20) {
      throw b44::InvalidArgumentError("args.max_count",
                                      args.operation() + ": 'max_count' must be 1..20");
    }
    body["max_count"] = *count;
  }
  ServiceRequest request;
  request.method = "POST";
  request.path = "/video/list/";
  request.query.emplace_back("fields", fieldList(args, kVideoFields));
  request.setJsonBody(body);
  return request;
}

AdapterSpec tiktokSpec() {
  AdapterSpec spec;
  spec.type = "tiktok";
  spec.displayName = "TikTok";
  spec.description = "TikTok API v2 (Display API): the user's profile and their public videos.";
  spec.documentationUrl = "https://developers.tiktok.com/doc/display-api-overview/";
  // Raw requests page as video/list does: data.cursor -> "cursor" in the JSON
  // body while data.has_more is true, items in data.videos:
  // https://developers.tiktok.com/doc/tiktok-api-v2-video-list
  spec.hosts = {b44::plugin::ApiHost{.name = "default",
                                     .baseUrlTemplate = "https://open.tiktokapis.com/v2",
                                     .allowedHosts = {"open.tiktokapis.com"},
                                     .pagination = Pagination{
                                         .style = Pagination::Style::BodyCursor,
                                         .cursorPointer = "/data/cursor",
                                         .cursorArgument = "cursor",
                                         .itemsPointer = "/data/videos",
                                         .hasMorePointer = "/data/has_more",
                                         .cursorInBody = true,
                                     }}};
  spec.token = {.header = "Authorization", .scheme = "Bearer"};
  return spec;
}

class TiktokAdapter final : public b44::plugin::BasicAdapter {
 public:
  TiktokAdapter() : BasicAdapter(tiktokSpec()) {
    addAction(
        ActionSpec{
            .name = "get_user_info",
            .description = "Gets the TikTok user's profile (/v2/user/info/).",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    {"fields", Type::Array, false,
                     "User fields to return; default open_id, union_id, avatar_url, "
                     "display_name (user.info.basic). bio_description, profile_deep_link, "
                     "is_verified, username need user.info.profile; follower_count, "
                     "following_count, likes_count, video_count need user.info.stats."},
                },
            .example = {{"fields", {"open_id", "union_id", "avatar_url", "display_name"}}},
            .pagination = std::nullopt,
        },
        buildGetUserInfo);
    addAction(
        ActionSpec{
            .name = "list_videos",
            .description = "Lists the user's public videos, newest first, page by page "
                           "(/v2/video/list/). A read, so it is safe to retry.",
            .method = "POST",
            .retrySafe = true,
            .parameters =
                {
                    {"fields", Type::Array, false,
                     "Video fields to return; default id, title, video_description, duration, "
                     "cover_image_url, share_url, embed_link, create_time and the counts."},
                    {"max_count", Type::Integer, false,
                     "Videos per page, 1..20 (TikTok's "
                     "default 10)."},
                    {"cursor", Type::Any, false,
                     "Where to continue: data.cursor of the previous page (a Unix time in ms)."},
                },
            .example = {{"max_count", 2}},
            .pagination =
                Pagination{
                    .style = Pagination::Style::BodyCursor,
                    .cursorPointer = "/data/cursor",
                    .cursorArgument = "cursor",
                    .itemsPointer = "/data/videos",
                    .hasMorePointer = "/data/has_more",
                },
        },
        buildListVideos);
  }

 protected:
  // Every TikTok answer carries error.code; only "ok" means success.
  void checkResponse(std::string_view action, const ServiceResponse& response,
                     const json& body) const override {
    using Pointer = json::json_pointer;
    const Pointer codeAt("/error/code");
    if (body.is_object() && body.contains(codeAt) && body.at(codeAt).is_string() &&
        body.at(codeAt) != "ok") {
      const Pointer messageAt("/error/message");
      const std::string detail = body.contains(messageAt) && body.at(messageAt).is_string()
                                     ? body.at(messageAt).get<std::string>()
                                     : std::string();
      throw b44::ServiceError(spec().type, std::string(action), response.status,
                              body.at(codeAt).get<std::string>(), detail, body);
    }
    BasicAdapter::checkResponse(action, response, body);
  }
};

std::unique_ptr<b44::plugin::Adapter> makeTiktokAdapter(std::string_view /*type*/) {
  return std::make_unique<TiktokAdapter>();
}

}  // namespace

B44_PLUGIN("1.0.0", "tiktok", makeTiktokAdapter)
