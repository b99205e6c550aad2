#pragma once
// Typed helpers for the "discord" adapter. Header-only: each helper builds the
// action's JSON arguments, calls ServiceClient::invoke (or pages) and converts
// the JSON result; the host never links the adapter.
//
//   b44::discord::Discord discord(registry.service("discord", client));
//   auto me = discord.getCurrentUser();
//   for (auto& guild : discord.listGuilds().all()) ...
#include <b44/service_client.hpp>
#include <b44/typed.hpp>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace b44::discord {

// --- Requests -----------------------------------------------------------------

struct ListGuildsRequest {
  std::optional<int> limit;  // per page, 1..200
  std::optional<bool> withCounts;
  std::optional<std::string> before;  // only guilds with a lower ID
  std::optional<std::string> after;   // resume a saved walk (a guild ID)
};

// --- Results ------------------------------------------------------------------

struct User {
  std::string id;
  std::string username;
  std::string globalName;  // display name
  std::string discriminator;
  std::string avatar;  // avatar hash
  std::string email;   // with the email scope
  bool verified = false;
  std::string locale;
  nlohmann::json raw;
};

struct Guild {
  std::string id;
  std::string name;
  std::string icon;  // icon hash
  bool owner = false;
  std::string permissions;  // the user's permissions, a decimal bit set
  std::vector<std::string> features;
  std::int64_t approximateMemberCount = 0;  // with_counts
  std::int64_t approximatePresenceCount = 0;
  nlohmann::json raw;
};

// --- JSON conversion ----------------------------------------------------------

inline nlohmann::json toJson(const ListGuildsRequest& request) {
  nlohmann::json args = nlohmann::json::object();
  typed::setIf(args, "limit", request.limit);
  typed::setIf(args, "with_counts", request.withCounts);
  typed::setIf(args, "before", request.before);
  return args;
}

inline User userFromJson(const nlohmann::json& json) {
  User user;
  user.id = typed::stringField(json, "id");
  user.username = typed::stringField(json, "username");
  user.globalName = typed::stringField(json, "global_name");
  user.discriminator = typed::stringField(json, "discriminator");
  user.avatar = typed::stringField(json, "avatar");
  user.email = typed::stringField(json, "email");
  user.verified = typed::boolField(json, "verified");
  user.locale = typed::stringField(json, "locale");
  user.raw = json;
  return user;
}

inline Guild guildFromJson(const nlohmann::json& json) {
  Guild guild;
  guild.id = typed::stringField(json, "id");
  guild.name = typed::stringField(json, "name");
  guild.icon = typed::stringField(json, "icon");
  guild.owner = typed::boolField(json, "owner");
  guild.permissions = typed::stringField(json, "permissions");
  guild.features = typed::stringsField(json, "features");
  guild.approximateMemberCount = typed::intField(json, "approximate_member_count");
  guild.approximatePresenceCount = typed::intField(json, "approximate_presence_count");
  guild.raw = json;
  return guild;
}

// --- The client ---------------------------------------------------------------

class Discord {
 public:
  // `client` comes from registry.service("discord", client[, options]).
  explicit Discord(ServiceClient client) : client_(std::move(client)) {}

  User getCurrentUser() const { return userFromJson(client_.invoke("get_current_user")); }

  // Pages through the user's guilds in ID order; request.after resumes.
  ItemPager<Guild> listGuilds(const ListGuildsRequest& request = {}) const {
    return ItemPager<Guild>(client_.pages("list_guilds", toJson(request), request.after),
                            &guildFromJson);
  }

  [[nodiscard]] const ServiceClient& client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace b44::discord
