// What the Discord declaration (discord.json) cannot say as data.
#include <b44/errors.hpp>
#include <b44/plugin/declared_adapter.hpp>

#include <cstdint>
#include <regex>
#include <string>

namespace {

using b44::plugin::Args;
using b44::plugin::ServiceRequest;
using b44::plugin::ServiceResponse;
using nlohmann::json;

constexpr std::int64_t kDefaultGuildLimit = 200;

// before and after, checked, ahead of limit and with_counts.
void guildPage(const Args& args, ServiceRequest& request) {
  static const std::regex snowflake(R"(^[0-9]{1,20}$)");
  auto at = request.query.begin();
  for (const char* name : {"before", "after"}) {
    if (auto id = args.optionalString(name)) {
      if (!std::regex_match(*id, snowflake)) {
        throw b44::InvalidArgumentError("args." + std::string(name),
                                        args.operation() + ": '" + name +
                                            "' must be a guild ID (a snowflake such as "
                                            "80351110224678912)");
      }
      at = request.query.emplace(at, name, *id) + 1;
    }
  }
  if (auto limit = args.optionalInteger("limit"); limit && (*limit < 1 || *limit > 200)) {
    throw b44::InvalidArgumentError("args.limit", args.operation() + ": 'limit' must be 1..200");
  }
}

// {"guilds": [...]}, and "b44_next_after" (the last guild's ID) when the page
// is full.
json wrapGuilds(const Args& args, json body, const ServiceResponse& /*response*/) {
  if (!body.is_array()) return body;
  json result = {{"guilds", body}};
  const std::int64_t limit = args.optionalInteger("limit").value_or(kDefaultGuildLimit);
  if (static_cast<std::int64_t>(body.size()) >= limit && body.back().is_object() &&
      body.back().contains("id") && body.back()["id"].is_string()) {
    result["b44_next_after"] = body.back()["id"];
  }
  return result;
}

}  // namespace

B44_ADAPTER_HOOKS(hooks) {
  hooks.build("guild_page", guildPage);
  hooks.parse("wrap_guilds", wrapGuilds);
}
