#pragma once
// Slack's Web API, written once for the two Slack integration types:
//
//   slack     a user token (xoxp-): the app acts as the user who authorised it;
//   slackbot  a bot token (xoxb-): the app acts as its own bot user.
//
// Both token kinds call the same Web API methods at the same URLs with the
// same "Authorization: Bearer" header; what differs is whose identity a call
// carries and which scopes the token holds (a bot posts only where it may:
// a conversation it is a member of, or any public channel with the
// chat:write.public scope). Each adapter library is therefore a few lines
// that name its type and description and call makeWebApiAdapter().
//
// Checked against Slack's official Web API reference:
//   https://docs.slack.dev/apis/web-api
//       methods live at https://slack.com/api/METHOD; tokens go in
//       "Authorization: Bearer"; JSON POST bodies need
//       "Content-Type: application/json; charset=utf-8"; every answer carries
//       "ok", and "ok": false comes with an "error" code in a 200 answer.
//   https://docs.slack.dev/authentication/tokens
//       user tokens (xoxp-) and bot tokens (xoxb-) are both presented as
//       Bearer tokens to the same Web API methods.
//   https://docs.slack.dev/changelog/2017-10-keeping-up-with-the-jsons
//       JSON bodies for write methods, token in the Authorization header.
//   https://docs.slack.dev/reference/methods/chat.postMessage
//       POST; channel (required); text and/or blocks (blocks: an array);
//       thread_ts for replies; answers {ok, channel, ts, message}; with a bot
//       token it needs chat:write, and chat:write.public to post in public
//       channels the bot is not a member of.
//   https://docs.slack.dev/reference/methods/conversations.list
//       GET; cursor, exclude_archived, limit (<= 1000), types
//       (comma-separated public_channel, private_channel, mpim, im); answers
//       {ok, channels, response_metadata: {next_cursor}}; an empty next_cursor
//       ends the list.
//   https://docs.slack.dev/reference/methods/users.info
//       GET; user (required), include_locale; answers {ok, user}; errors such
//       as user_not_found arrive as ok:false.
//   https://docs.slack.dev/apis/web-api/rate-limits
//       HTTP 429 with Retry-After (seconds).
#include <b44/plugin/adapter.hpp>

#include <memory>
#include <string>

namespace b44::slack_family {

// What tells one Slack integration type from the other.
struct WebApiFlavour {
  std::string type;         // "slack" or "slackbot"
  std::string displayName;  // "Slack", "Slack (bot)"
  std::string description;  // the adapter's one-line description
  // Whose identity a posted message carries, appended to post_message's
  // description.
  std::string postsAs;
};

// The Slack Web API adapter for one integration type.
std::unique_ptr<plugin::Adapter> makeWebApiAdapter(WebApiFlavour flavour);

}  // namespace b44::slack_family
