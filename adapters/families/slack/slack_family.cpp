// The Slack Web API adapter, shared by the "slack" and "slackbot" types
// (documentation checked: see slack_family.hpp).
#include "slack_family.hpp"

#include <b44/errors.hpp>
#include <b44/plugin/basic_adapter.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace {

using b44::plugin::ActionSpec;
using b44::plugin::AdapterSpec;
using b44::plugin::Args;
using b44::plugin::Pagination;
using b44::plugin::Parameter;
using b44::plugin::ServiceRequest;
using Type = b44::plugin::Parameter::Type;
using nlohmann::json;

constexpr const char* kJsonUtf8 = "application/json; charset=utf-8";

AdapterSpec webApiSpec(const b44::slack_family::WebApiFlavour& flavour) {
  AdapterSpec spec;
  spec.type = flavour.type;
  spec.displayName = flavour.displayName;
  spec.description = flavour.description;
  spec.documentationUrl = "https://docs.slack.dev/apis/web-api";
  // Raw requests page with Slack's cursors: response_metadata.next_cursor ->
  // the cursor parameter; an empty next_cursor ends the list:
  // https://docs.slack.dev/apis/web-api/pagination
  // The items' key differs per method; "channels" is conversations.list's (and
  // users.conversations'). Callers of methods answering "messages" or
  // "members" (conversations.history, users.list, ...) pass their own
  // RawPagination with that items pointer.
  spec.hosts = {b44::plugin::ApiHost{.name = "default",
                                     .baseUrlTemplate = "https://slack.com/api",
                                     .allowedHosts = {"slack.com"},
                                     .pagination = b44::plugin::bodyCursor(
                                         "/response_metadata/next_cursor", "cursor", "/channels")}};
  spec.token = {.header = "Authorization", .scheme = "Bearer"};
  return spec;
}

ServiceRequest buildPostMessage(const Args& args) {
  json body = json::object();
  body["channel"] = args.string("channel");
  auto text = args.optionalString("text");
  if (text) body["text"] = *text;
  if (args.has("blocks")) body["blocks"] = args.value("blocks");
  if (!text && !args.has("blocks")) {
    throw b44::InvalidArgumentError("args.text",
                                    args.operation() +
                                        ": give 'text' or 'blocks' (text is recommended as the "
                                        "notification fallback when blocks are given)");
  }
  if (auto thread = args.optionalString("thread_ts")) body["thread_ts"] = *thread;
  if (auto broadcast = args.optionalBoolean("reply_broadcast")) {
    body["reply_broadcast"] = *broadcast;
  }
  ServiceRequest request;
  request.method = "POST";
  request.path = "/chat.postMessage";
  request.setJsonBody(body);
  request.contentType = kJsonUtf8;  // Slack warns about JSON without a charset
  return request;
}

ServiceRequest buildListConversations(const Args& args) {
  ServiceRequest request;
  request.path = "/conversations.list";
  args.toQuery(request, "types");
  args.toQuery(request, "limit");
  args.toQuery(request, "exclude_archived");
  args.toQuery(request, "team_id");
  args.toQuery(request, "cursor");
  return request;
}

ServiceRequest buildGetUserInfo(const Args& args) {
  ServiceRequest request;
  request.path = "/users.info";
  request.query.emplace_back("user", args.string("user"));
  args.toQuery(request, "include_locale");
  return request;
}

class WebApiAdapter final : public b44::plugin::BasicAdapter {
 public:
  explicit WebApiAdapter(const b44::slack_family::WebApiFlavour& flavour)
      : BasicAdapter(webApiSpec(flavour)) {
    addAction(
        ActionSpec{
            .name = "post_message",
            .description = "Sends a message to a channel, private group or direct message "
                           "(chat.postMessage). " +
                           flavour.postsAs + " Not retried once it may have arrived.",
            .method = "POST",
            .retrySafe = false,
            .parameters =
                {
                    {"channel", Type::String, true,
                     "Conversation ID (e.g. C0123456789) or channel name to post to."},
                    {"text", Type::String, false,
                     "Message text (mrkdwn). Required unless 'blocks' is given; with blocks "
                     "it is the notification fallback."},
                    {"blocks", Type::Array, false, "Block Kit layout blocks, as a JSON array."},
                    {"thread_ts", Type::String, false,
                     "Timestamp ('ts') of the parent message, to reply in its thread."},
                    {"reply_broadcast", Type::Boolean, false,
                     "With thread_ts: also show the reply in the channel."},
                },
            .example = {{"channel", "C0123456789"}, {"text", "Hello from Base44"}},
            .pagination = std::nullopt,
        },
        buildPostMessage);
    addAction(
        ActionSpec{
            .name = "list_conversations",
            .description = "Lists channel-like conversations in the workspace "
                           "(conversations.list), page by page.",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    {"types", Type::String, false,
                     "Comma-separated conversation types: public_channel, private_channel, "
                     "mpim, im. Slack's default is public_channel."},
                    {"limit", Type::Integer, false,
                     "Maximum items per page (Slack's default 100, at most 1000)."},
                    {"exclude_archived", Type::Boolean, false, "Leave archived channels out."},
                    {"team_id", Type::String, false,
                     "Workspace to list, required for org-wide tokens."},
                    {"cursor", Type::String, false,
                     "Where to continue: response_metadata.next_cursor of the previous page."},
                },
            .example = {{"types", "public_channel,private_channel"},
                        {"limit", 2},
                        {"exclude_archived", true}},
            .pagination =
                Pagination{
                    .style = Pagination::Style::BodyCursor,
                    .cursorPointer = "/response_metadata/next_cursor",
                    .cursorArgument = "cursor",
                    .itemsPointer = "/channels",
                    .hasMorePointer = "",
                },
        },
        buildListConversations);
    addAction(
        ActionSpec{
            .name = "get_user_info",
            .description = "Gets a workspace member's profile (users.info).",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    {"user", Type::String, true, "User ID, e.g. U0123456789."},
                    {"include_locale", Type::Boolean, false, "Also return the user's locale."},
                },
            .example = {{"user", "U0123456789"}},
            .pagination = std::nullopt,
        },
        buildGetUserInfo);
  }

 protected:
  // Slack reports most errors as HTTP 200 with "ok": false and an "error" code.
  void checkResponse(std::string_view action, const b44::plugin::ServiceResponse& response,
                     const json& body) const override {
    if (body.is_object() && body.contains("ok") && body["ok"] == false) {
      std::string code = "unknown_error";
      if (body.contains("error") && body["error"].is_string()) code = body["error"];
      std::string detail = "Slack answered ok:false (" + code + ")";
      if (body.contains("needed") && body["needed"].is_string()) {
        detail += "; needed scope: " + body["needed"].get<std::string>();
      }
      throw b44::ServiceError(spec().type, std::string(action), response.status, code, detail,
                              body);
    }
    BasicAdapter::checkResponse(action, response, body);
  }
};

}  // namespace

namespace b44::slack_family {

std::unique_ptr<plugin::Adapter> makeWebApiAdapter(WebApiFlavour flavour) {
  return std::make_unique<WebApiAdapter>(flavour);
}

}  // namespace b44::slack_family
