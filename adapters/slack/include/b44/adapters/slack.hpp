#pragma once
// Typed helpers for the "slack" adapter. Header-only: they build the action's
// JSON arguments, call ServiceClient::invoke (or pages) and convert the JSON
// result, so a host program needs the adapter loaded in its registry but
// never links it.
//
//   b44::Registry registry;
//   registry.loadSearchPath();
//   b44::slack::Slack slack(registry.service("slack", client));
//   auto posted = slack.postMessage("C0123456789", "Hello");
//   for (auto& channel : slack.listConversations().all()) ...
//
// Every result keeps Slack's JSON answer in `raw`, for fields not mapped here.
#include <b44/errors.hpp>
#include <b44/service_client.hpp>
#include <b44/typed.hpp>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace b44::slack {

// --- Requests -----------------------------------------------------------------

struct PostMessageRequest {
  std::string channel;                  // conversation ID or name
  std::string text;                     // may be empty when blocks are given
  std::optional<std::string> threadTs;  // reply in this message's thread
  nlohmann::json blocks;                // Block Kit array; null = none
  std::optional<bool> replyBroadcast;
};

struct ListConversationsRequest {
  // public_channel, private_channel, mpim, im; empty = Slack's default.
  std::vector<std::string> types;
  std::optional<int> limit;  // per page
  std::optional<bool> excludeArchived;
  std::optional<std::string> teamId;
  // Resume from a saved cursor (ItemPager::cursor() of an earlier walk).
  std::optional<std::string> cursor;
};

// --- Results ------------------------------------------------------------------

struct Message {
  std::string type;
  std::string text;
  std::string user;
  std::string botId;
  std::string ts;
  std::string threadTs;
  nlohmann::json raw;
};

struct PostedMessage {
  std::string channel;
  std::string ts;  // the message's ID within the channel
  Message message;
  nlohmann::json raw;
};

struct Conversation {
  std::string id;
  std::string name;
  bool isChannel = false;
  bool isGroup = false;
  bool isIm = false;
  bool isPrivate = false;
  bool isArchived = false;
  bool isMember = false;
  bool isGeneral = false;
  std::string topic;
  std::string purpose;
  std::int64_t numMembers = 0;
  std::int64_t created = 0;  // Unix time
  nlohmann::json raw;
};

struct UserProfile {
  std::string realName;
  std::string displayName;
  std::string email;  // only with the users:read.email scope
  std::string title;
  std::string image72;
};

struct User {
  std::string id;
  std::string teamId;
  std::string name;
  std::string realName;
  std::string tz;
  bool deleted = false;
  bool isBot = false;
  bool isAdmin = false;
  bool isOwner = false;
  UserProfile profile;
  nlohmann::json raw;  // the "user" object
};

// --- JSON conversion ----------------------------------------------------------

inline nlohmann::json toJson(const PostMessageRequest& request) {
  nlohmann::json args = {{"channel", request.channel}};
  if (!request.text.empty()) args["text"] = request.text;
  if (!request.blocks.is_null()) args["blocks"] = request.blocks;
  if (request.threadTs) args["thread_ts"] = *request.threadTs;
  if (request.replyBroadcast) args["reply_broadcast"] = *request.replyBroadcast;
  return args;
}

inline nlohmann::json toJson(const ListConversationsRequest& request) {
  nlohmann::json args = nlohmann::json::object();
  if (!request.types.empty()) {
    std::string types;
    for (const auto& type : request.types) types += (types.empty() ? "" : ",") + type;
    args["types"] = types;
  }
  if (request.limit) args["limit"] = *request.limit;
  if (request.excludeArchived) args["exclude_archived"] = *request.excludeArchived;
  if (request.teamId) args["team_id"] = *request.teamId;
  return args;
}

inline Message messageFromJson(const nlohmann::json& json) {
  Message message;
  message.type = typed::stringField(json, "type");
  message.text = typed::stringField(json, "text");
  message.user = typed::stringField(json, "user");
  message.botId = typed::stringField(json, "bot_id");
  message.ts = typed::stringField(json, "ts");
  message.threadTs = typed::stringField(json, "thread_ts");
  message.raw = json;
  return message;
}

inline PostedMessage postedMessageFromJson(const nlohmann::json& json) {
  PostedMessage posted;
  posted.channel = typed::stringField(json, "channel");
  posted.ts = typed::stringField(json, "ts");
  posted.message = messageFromJson(typed::objectField(json, "message"));
  posted.raw = json;
  return posted;
}

inline Conversation conversationFromJson(const nlohmann::json& json) {
  Conversation conversation;
  conversation.id = typed::stringField(json, "id");
  conversation.name = typed::stringField(json, "name");
  conversation.isChannel = typed::boolField(json, "is_channel");
  conversation.isGroup = typed::boolField(json, "is_group");
  conversation.isIm = typed::boolField(json, "is_im");
  conversation.isPrivate = typed::boolField(json, "is_private");
  conversation.isArchived = typed::boolField(json, "is_archived");
  conversation.isMember = typed::boolField(json, "is_member");
  conversation.isGeneral = typed::boolField(json, "is_general");
  conversation.topic = typed::stringField(typed::objectField(json, "topic"), "value");
  conversation.purpose = typed::stringField(typed::objectField(json, "purpose"), "value");
  conversation.numMembers = typed::intField(json, "num_members");
  conversation.created = typed::intField(json, "created");
  conversation.raw = json;
  return conversation;
}

// `json` is the "user" object of a users.info answer.
inline User userFromJson(const nlohmann::json& json) {
  User user;
  user.id = typed::stringField(json, "id");
  user.teamId = typed::stringField(json, "team_id");
  user.name = typed::stringField(json, "name");
  user.realName = typed::stringField(json, "real_name");
  user.tz = typed::stringField(json, "tz");
  user.deleted = typed::boolField(json, "deleted");
  user.isBot = typed::boolField(json, "is_bot");
  user.isAdmin = typed::boolField(json, "is_admin");
  user.isOwner = typed::boolField(json, "is_owner");
  const auto& profile = typed::objectField(json, "profile");
  user.profile.realName = typed::stringField(profile, "real_name");
  user.profile.displayName = typed::stringField(profile, "display_name");
  user.profile.email = typed::stringField(profile, "email");
  user.profile.title = typed::stringField(profile, "title");
  user.profile.image72 = typed::stringField(profile, "image_72");
  user.raw = json;
  return user;
}

// --- The client ---------------------------------------------------------------

class Slack {
 public:
  // `client` comes from registry.service("slack", client[, options]).
  explicit Slack(ServiceClient client) : client_(std::move(client)) {}

  PostedMessage postMessage(const PostMessageRequest& request) const {
    return postedMessageFromJson(client_.invoke("post_message", toJson(request)));
  }
  PostedMessage postMessage(std::string channel, std::string text) const {
    PostMessageRequest request;
    request.channel = std::move(channel);
    request.text = std::move(text);
    return postMessage(request);
  }

  // Pages through conversations.list; request.cursor resumes a saved walk.
  ItemPager<Conversation> listConversations(ListConversationsRequest request = {}) const {
    return ItemPager<Conversation>(
        client_.pages("list_conversations", toJson(request), request.cursor),
        &conversationFromJson);
  }

  User getUserInfo(std::string userId) const {
    auto result = client_.invoke("get_user_info", {{"user", std::move(userId)}});
    if (!result.contains("user") || !result["user"].is_object()) {
      // integrationType(): this client also serves "slackbot".
      throw ProtocolError(client_.integrationType() +
                          ".get_user_info: the answer has no 'user' object");
    }
    return userFromJson(result["user"]);
  }

  [[nodiscard]] const ServiceClient& client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace b44::slack
