// The Microsoft Teams adapter (integration type "microsoft_teams"): teams,
// channels and channel messages through Microsoft Graph v1.0. What all Graph
// adapters share (host, token, @odata.nextLink, OData options, errors,
// throttling) is in adapters/families/graph/ with the pages it was checked
// against.
//
// Checked against Microsoft's official Graph v1.0 reference:
//   https://learn.microsoft.com/en-us/graph/api/user-list-joinedteams
//       GET /me/joinedTeams or /users/{id | user-principal-name}/joinedTeams;
//       no OData query options; answers {value: [team]} in which only id,
//       displayName, description, isArchived and tenantId are filled.
//   https://learn.microsoft.com/en-us/graph/api/channel-list
//       GET /teams/{team-id}/channels; supports $filter (e.g. membershipType
//       eq 'private') and $select; answers {value: [channel]}.
//   https://learn.microsoft.com/en-us/graph/api/channel-post-messages
//       POST /teams/{team-id}/channels/{channel-id}/messages with a chatMessage
//       as JSON: body {content, contentType} required (contentType text, the
//       default, or html), subject and importance optional; answers 201
//       Created with the chatMessage. Needs the delegated ChannelMessage.Send
//       permission (application permissions are for migration only).
//   https://learn.microsoft.com/en-us/graph/api/resources/chatmessage
//       importance is normal, high or urgent; from.user {id, displayName}.
//   https://learn.microsoft.com/en-us/graph/paging
//       any collection may continue with @odata.nextLink, so both lists follow
//       it (Graph's answers for joined teams and channels are usually one page).
// Team and channel ids (e.g. 19:...@thread.tacv2) are encoded as single path
// segments, as Microsoft's Graph SDKs do.
#include <b44/plugin/export.hpp>
#include <b44/plugin/url.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "graph_family.hpp"

namespace {

using b44::graph_family::collectionPagination;
using b44::graph_family::nextLinkParameter;
using b44::plugin::ActionSpec;
using b44::plugin::Args;
using b44::plugin::ServiceRequest;
using Type = b44::plugin::Parameter::Type;
using nlohmann::json;

constexpr const char* kExampleTeam = "172b0cce-e65d-44ce-9a49-91d9f2e8493a";
constexpr const char* kExampleChannel = "19:561fbdbbfca848a484f0a6f00ce9dbbd@thread.tacv2";

std::string teamPath(const Args& args) {
  return "/teams/" + b44::plugin::pathSegment(args.string("team_id"), "team_id");
}

ServiceRequest buildListJoinedTeams(const Args& args) {
  std::string path = "/me/joinedTeams";
  if (auto user = args.optionalString("user")) {
    path = "/users/" + b44::plugin::pathSegment(*user, "user") + "/joinedTeams";
  }
  return b44::graph_family::collectionRequest(args, path, {});
}

ServiceRequest buildListChannels(const Args& args) {
  return b44::graph_family::collectionRequest(args, teamPath(args) + "/channels",
                                              {"filter", "select"});
}

ServiceRequest buildSendChannelMessage(const Args& args) {
  json message = {
      {"body",
       {{"contentType", args.optionalChoice("content_type", {"text", "html"}).value_or("text")},
        {"content", args.string("content")}}}};
  args.toBody(message, "subject");
  if (auto importance = args.optionalChoice("importance", {"normal", "high", "urgent"})) {
    message["importance"] = *importance;
  }
  ServiceRequest request;
  request.method = "POST";
  request.path = teamPath(args) + "/channels/" +
                 b44::plugin::pathSegment(args.string("channel_id"), "channel_id") + "/messages";
  request.setJsonBody(message);
  return request;
}

class MicrosoftTeamsAdapter final : public b44::graph_family::GraphAdapter {
 public:
  MicrosoftTeamsAdapter()
      : GraphAdapter(b44::graph_family::graphSpec(
            "microsoft_teams", "Microsoft Teams",
            "Microsoft Teams through Microsoft Graph: the user's teams, their channels, and "
            "posting channel messages.",
            "https://learn.microsoft.com/en-us/graph/api/resources/teams-api-overview",
            b44::graph_family::Throttling::Graph)) {
    addAction(
        ActionSpec{
            .name = "list_joined_teams",
            .description = "Lists the teams the signed-in user (or another user) is a direct "
                           "member of. Only id, displayName, description, isArchived and "
                           "tenantId are filled.",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    {"user", Type::String, false,
                     "Another user's id or user principal name; absent = the signed-in user "
                     "(/me)."},
                    nextLinkParameter(),
                },
            .example = {{"user", "adele@contoso.com"}},
            .pagination = collectionPagination(),
        },
        buildListJoinedTeams);
    addAction(
        ActionSpec{
            .name = "list_channels",
            .description = "Lists a team's channels (private and shared ones only if the user "
                           "is a member).",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    {"team_id", Type::String, true, "The team's id (from list_joined_teams)."},
                    b44::graph_family::filterParameter("membershipType eq 'private'"),
                    b44::graph_family::selectParameter("id,displayName,membershipType"),
                    nextLinkParameter(),
                },
            .example = {{"team_id", kExampleTeam}},
            .pagination = collectionPagination(),
        },
        buildListChannels);
    addAction(
        ActionSpec{
            .name = "send_channel_message",
            .description = "Posts a new message in a channel as the signed-in user. Not retried "
                           "once it may have arrived.",
            .method = "POST",
            .retrySafe = false,
            .parameters =
                {
                    {"team_id", Type::String, true, "The team's id."},
                    {"channel_id", Type::String, true,
                     "The channel's id, e.g. 19:...@thread.tacv2 (from list_channels)."},
                    {"content", Type::String, true, "The message, as text or HTML."},
                    {"content_type", Type::String, false,
                     "text (default) or html: how 'content' is written."},
                    {"subject", Type::String, false, "A subject line for the post."},
                    {"importance", Type::String, false, "normal (default), high or urgent."},
                },
            .example = {{"team_id", kExampleTeam},
                        {"channel_id", kExampleChannel},
                        {"content", "Hello from Base44"}},
            .pagination = std::nullopt,
        },
        buildSendChannelMessage);
  }
};

std::unique_ptr<b44::plugin::Adapter> makeMicrosoftTeamsAdapter(std::string_view /*type*/) {
  return std::make_unique<MicrosoftTeamsAdapter>();
}

}  // namespace

B44_PLUGIN("1.0.0", "microsoft_teams", makeMicrosoftTeamsAdapter)
