// The Slack bot adapter (integration type "slackbot": a bot token, xoxb-).
//
// Bot tokens use the same Web API as user tokens: the same methods at the same
// URLs (https://slack.com/api/METHOD), the same "Authorization: Bearer"
// header, the same answers; only the identity and the scopes differ
// (https://docs.slack.dev/authentication/tokens). So the implementation, and
// the documentation it was checked against, live once in
// adapters/families/slack/ (b44_family_slack), shared with "slack"; the
// sandbox answers both from tools/emulator/sandbox/slack.json. The typed
// helpers are Slack's own: b44::slack::Slack (target b44::slack) constructed
// from registry.service("slackbot", client).
#include <b44/plugin/export.hpp>

#include <memory>
#include <string_view>

#include "slack_family.hpp"

namespace {

std::unique_ptr<b44::plugin::Adapter> makeSlackbotAdapter(std::string_view /*type*/) {
  return b44::slack_family::makeWebApiAdapter({
      .type = "slackbot",
      .displayName = "Slack (bot)",
      .description = "Slack's Web API with a bot token: post messages as the app's bot, list "
                     "conversations, look up users.",
      .postsAs = "Posts as the app's bot user, which must be a member of the conversation (or "
                 "hold chat:write.public to post in any public channel).",
  });
}

}  // namespace

B44_PLUGIN("1.0.0", "slackbot", makeSlackbotAdapter)
