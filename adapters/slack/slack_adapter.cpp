// The Slack adapter (integration type "slack": a user token, xoxp-).
//
// The Web API implementation and the documentation it was checked against
// live once in adapters/families/slack/ (b44_family_slack), shared with the
// "slackbot" type; this library names its type and what a user token means.
#include <b44/plugin/export.hpp>

#include <memory>
#include <string_view>

#include "slack_family.hpp"

namespace {

std::unique_ptr<b44::plugin::Adapter> makeSlackAdapter(std::string_view /*type*/) {
  return b44::slack_family::makeWebApiAdapter({
      .type = "slack",
      .displayName = "Slack",
      .description = "Slack's Web API with a user token: post messages, list conversations, "
                     "look up users.",
      .postsAs = "Posts as the user who connected Slack, in conversations that user can post to.",
  });
}

}  // namespace

B44_PLUGIN("1.0.0", "slack", makeSlackAdapter)
