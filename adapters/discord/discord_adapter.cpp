// The Discord adapter (integration type "discord": an OAuth2 user token).
//
// Checked against Discord's official developer documentation:
//   https://discord.com/developers/docs/reference#api-versioning
//   https://discord.com/developers/docs/reference#authentication
//       base URL https://discord.com/api/v10; an OAuth2 user access token
//       as "Authorization: Bearer <token>".
//   https://discord.com/developers/docs/resources/user#get-current-user
//       GET /users/@me (scope identify; email with the email scope);
//       answers a user object {id, username, discriminator, global_name,
//       avatar, locale, verified, email, flags, premium_type, ...}.
//   https://discord.com/developers/docs/resources/user#get-current-user-guilds
//       GET /users/@me/guilds (scope guilds); before, after (guild IDs),
//       limit (1..200, default 200), with_counts; answers a JSON array of
//       partial guilds {id, name, icon, banner, owner, permissions,
//       features, approximate_member_count, ...} in ID order. The adapter
//       wraps the array as {"guilds": [...]} and, when the page is full,
//       adds "b44_next_after" (the last guild's ID): the next page is
//       after=<that ID>.
//   https://discord.com/developers/docs/reference#snowflakes
//       IDs are snowflakes: decimal integers sent as strings.
//   https://discord.com/developers/docs/topics/rate-limits
//       429 with retry_after (and Retry-After); X-RateLimit-Remaining and
//       X-RateLimit-Reset-After (seconds) on every answer.
//   https://discord.com/developers/docs/topics/opcodes-and-status-codes#json
//       errors are {code, message[, errors]} with a 4xx/5xx status, which
//       the SDK's default check reads (code is numeric, e.g. 50001).
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
using b44::plugin::RateLimitSignals;
using b44::plugin::ServiceRequest;
using b44::plugin::ServiceResponse;
using Type = b44::plugin::Parameter::Type;
using nlohmann::json;

constexpr std::int64_t kDefaultGuildLimit = 200;

void snowflakeToQuery(const Args& args, ServiceRequest& request, const char* name) {
  static const std::regex snowflake(R"(^[0-9]{1,20}$)");
  if (auto id = args.optionalString(name)) {
    if (!std::regex_match(*id, snowflake)) {
      throw b44::InvalidArgumentError("args." + std::string(name),
                                      args.operation() + ": '" + name +
                                          "' must be a guild ID (a snowflake such as "
                                          "80351110224678912)");
    }
    request.query.emplace_back(name, *id);
  }
}

ServiceRequest buildGetCurrentUser(const Args& /*args*/) {
  ServiceRequest request;
  request.path = "/users/@me";
  return request;
}

ServiceRequest buildListGuilds(const Args& args) {
  ServiceRequest request;
  request.path = "/users/@me/guilds";
  snowflakeToQuery(args, request, "before");
  snowflakeToQuery(args, request, "after");
  if (auto limit = args.optionalInteger("limit")) {
    if (*limit < 1 || *limit > kDefaultGuildLimit) {
      throw b44::InvalidArgumentError("args.limit", args.operation() + ": 'limit' must be 1..200");
    }
    request.query.emplace_back("limit", std::to_string(*limit));
  }
  args.toQuery(request, "with_counts");
  return request;
}

json parseListGuilds(const Args& args, json body, const ServiceResponse& /*response*/) {
  if (!body.is_array()) return body;
  json result = {{"guilds", body}};
  const std::int64_t limit = args.optionalInteger("limit").value_or(kDefaultGuildLimit);
  if (static_cast<std::int64_t>(body.size()) >= limit && body.back().is_object() &&
      body.back().contains("id") && body.back()["id"].is_string()) {
    result["b44_next_after"] = body.back()["id"];
  }
  return result;
}

AdapterSpec discordSpec() {
  AdapterSpec spec;
  spec.type = "discord";
  spec.displayName = "Discord";
  spec.description =
      "Discord API v10 with a user's OAuth2 token: the user, and the servers "
      "(guilds) they are in.";
  spec.documentationUrl = "https://discord.com/developers/docs/reference";
  // No default pagination: Discord pages by snowflake IDs, before/after = an
  // item's own ID (e.g. the last one's), with the answer a bare array; no
  // RawPagination style takes a cursor from the items themselves:
  // https://discord.com/developers/docs/reference#snowflake-ids-in-pagination
  spec.hosts = {b44::plugin::ApiHost{.name = "default",
                                     .baseUrlTemplate = "https://discord.com/api/v10",
                                     .allowedHosts = {"discord.com"}}};
  spec.token = {.header = "Authorization", .scheme = "Bearer"};
  spec.rateLimit = RateLimitSignals{.extraStatuses = {},
                                    .remainingHeader = "X-RateLimit-Remaining",
                                    .resetHeader = "X-RateLimit-Reset-After",
                                    .resetFormat = RateLimitSignals::ResetFormat::DeltaSeconds};
  return spec;
}

class DiscordAdapter final : public b44::plugin::BasicAdapter {
 public:
  DiscordAdapter() : BasicAdapter(discordSpec()) {
    addAction(
        ActionSpec{
            .name = "get_current_user",
            .description = "Gets the user the token belongs to (/users/@me; e-mail only with "
                           "the email scope).",
            .method = "GET",
            .retrySafe = true,
            .parameters = {},
            .example = json::object(),
            .pagination = std::nullopt,
        },
        buildGetCurrentUser);
    addAction(
        ActionSpec{
            .name = "list_guilds",
            .description = "Lists the servers (guilds) the user is in, in ID order, page by "
                           "page (/users/@me/guilds, scope guilds).",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    {"limit", Type::Integer, false, "Guilds per page, 1..200 (default 200)."},
                    {"with_counts", Type::Boolean, false,
                     "Include approximate_member_count and approximate_presence_count."},
                    {"before", Type::String, false, "Only guilds with an ID below this one."},
                    {"after", Type::String, false,
                     "Where to continue: guilds with an ID above this one (the pagination "
                     "passes the previous page's last ID)."},
                },
            .example = {{"limit", 2}},
            .pagination =
                Pagination{
                    .style = Pagination::Style::BodyCursor,
                    .cursorPointer = "/b44_next_after",
                    .cursorArgument = "after",
                    .itemsPointer = "/guilds",
                    .hasMorePointer = "",
                },
        },
        buildListGuilds, parseListGuilds);
  }
};

std::unique_ptr<b44::plugin::Adapter> makeDiscordAdapter(std::string_view /*type*/) {
  return std::make_unique<DiscordAdapter>();
}

}  // namespace

B44_PLUGIN("1.0.0", "discord", makeDiscordAdapter)
