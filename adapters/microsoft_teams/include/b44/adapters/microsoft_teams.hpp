#pragma once
// Typed helpers for the "microsoft_teams" adapter (teams, channels and
// channel messages through Microsoft Graph). Header-only: they build the
// action's JSON arguments, call ServiceClient::invoke (or pages) and convert
// the result.
//
//   b44::microsoft_teams::MicrosoftTeams teams(registry.service("microsoft_teams", client));
//   for (auto& team : teams.listJoinedTeams().all())
//     for (auto& channel : teams.listChannels(team.id).all()) ...
//   auto posted = teams.sendChannelMessage(teamId, channelId, "Hello");
//
// Every result keeps Graph's JSON in `raw`.
#include <b44/adapters/microsoft_graph.hpp>
#include <b44/service_client.hpp>
#include <b44/typed.hpp>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace b44::microsoft_teams {

using microsoft_graph::ItemBody;

// --- Requests -----------------------------------------------------------------

struct ListChannelsRequest {
  std::string teamId;
  std::optional<std::string> filter;  // e.g. "membershipType eq 'private'"
  std::vector<std::string> select;
  // Resume a saved walk: ItemPager::cursor() of an earlier one (an @odata.nextLink).
  std::optional<std::string> nextLink;
};

struct SendChannelMessageRequest {
  std::string teamId;
  std::string channelId;
  std::string content;
  std::optional<std::string> contentType;  // "text" (default) or "html"
  std::optional<std::string> subject;
  std::optional<std::string> importance;  // "normal", "high", "urgent"
};

// --- Results ------------------------------------------------------------------

struct Team {
  std::string id;
  std::string displayName;
  std::string description;
  bool isArchived = false;
  std::string tenantId;
  nlohmann::json raw;
};

struct Channel {
  std::string id;  // e.g. "19:...@thread.tacv2"
  std::string displayName;
  std::string description;
  std::string membershipType;  // standard, private, shared
  std::string email;
  std::string webUrl;
  std::string createdDateTime;
  nlohmann::json raw;
};

struct ChatMessage {
  std::string id;
  std::string createdDateTime;
  std::string subject;
  std::string importance;
  ItemBody body;
  std::string fromUserId;
  std::string fromDisplayName;
  std::string teamId;     // channelIdentity.teamId
  std::string channelId;  // channelIdentity.channelId
  std::string webUrl;
  nlohmann::json raw;
};

// --- JSON conversion ----------------------------------------------------------

inline nlohmann::json toJson(const SendChannelMessageRequest& request) {
  nlohmann::json args = {
      {"team_id", request.teamId}, {"channel_id", request.channelId}, {"content", request.content}};
  typed::setIf(args, "content_type", request.contentType);
  typed::setIf(args, "subject", request.subject);
  typed::setIf(args, "importance", request.importance);
  return args;
}

inline Team teamFromJson(const nlohmann::json& json) {
  return {typed::stringField(json, "id"),          typed::stringField(json, "displayName"),
          typed::stringField(json, "description"), typed::boolField(json, "isArchived"),
          typed::stringField(json, "tenantId"),    json};
}

inline Channel channelFromJson(const nlohmann::json& json) {
  return {typed::stringField(json, "id"),
          typed::stringField(json, "displayName"),
          typed::stringField(json, "description"),
          typed::stringField(json, "membershipType"),
          typed::stringField(json, "email"),
          typed::stringField(json, "webUrl"),
          typed::stringField(json, "createdDateTime"),
          json};
}

inline ChatMessage chatMessageFromJson(const nlohmann::json& json) {
  ChatMessage message;
  message.id = typed::stringField(json, "id");
  message.createdDateTime = typed::stringField(json, "createdDateTime");
  message.subject = typed::stringField(json, "subject");
  message.importance = typed::stringField(json, "importance");
  message.body = microsoft_graph::itemBodyFromJson(typed::objectField(json, "body"));
  const auto& user = typed::objectField(typed::objectField(json, "from"), "user");
  message.fromUserId = typed::stringField(user, "id");
  message.fromDisplayName = typed::stringField(user, "displayName");
  const auto& channel = typed::objectField(json, "channelIdentity");
  message.teamId = typed::stringField(channel, "teamId");
  message.channelId = typed::stringField(channel, "channelId");
  message.webUrl = typed::stringField(json, "webUrl");
  message.raw = json;
  return message;
}

// --- The client ---------------------------------------------------------------

class MicrosoftTeams {
 public:
  // `client` comes from registry.service("microsoft_teams", client[, options]).
  explicit MicrosoftTeams(ServiceClient client) : client_(std::move(client)) {}

  // The teams the signed-in user (or `user`, an id or UPN) is a member of.
  ItemPager<Team> listJoinedTeams(std::optional<std::string> user = std::nullopt,
                                  std::optional<std::string> nextLink = std::nullopt) const {
    nlohmann::json args = nlohmann::json::object();
    typed::setIf(args, "user", user);
    return ItemPager<Team>(client_.pages("list_joined_teams", args, std::move(nextLink)),
                           &teamFromJson);
  }

  ItemPager<Channel> listChannels(const ListChannelsRequest& request) const {
    nlohmann::json args = {{"team_id", request.teamId}};
    typed::setIf(args, "filter", request.filter);
    if (!request.select.empty()) args["select"] = microsoft_graph::commaSeparated(request.select);
    return ItemPager<Channel>(client_.pages("list_channels", args, request.nextLink),
                              &channelFromJson);
  }
  ItemPager<Channel> listChannels(std::string teamId) const {
    ListChannelsRequest request;
    request.teamId = std::move(teamId);
    return listChannels(request);
  }

  ChatMessage sendChannelMessage(const SendChannelMessageRequest& request) const {
    return chatMessageFromJson(client_.invoke("send_channel_message", toJson(request)));
  }
  ChatMessage sendChannelMessage(std::string teamId, std::string channelId,
                                 std::string content) const {
    SendChannelMessageRequest request;
    request.teamId = std::move(teamId);
    request.channelId = std::move(channelId);
    request.content = std::move(content);
    return sendChannelMessage(request);
  }

  [[nodiscard]] const ServiceClient& client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace b44::microsoft_teams
