// What the Microsoft Teams declaration (microsoft_teams.json) cannot say as
// data, and the Graph family's hooks it names.
#include <b44/plugin/declared_adapter.hpp>
#include <b44/plugin/url.hpp>

#include "graph_family.hpp"

namespace {

using b44::plugin::Args;
using b44::plugin::ServiceRequest;

// Another user's teams when 'user' is given.
void joinedTeamsPath(const Args& args, ServiceRequest& request) {
  if (auto user = args.optionalString("user")) {
    request.path = "/users/" + b44::plugin::pathSegment(*user, "user") + "/joinedTeams";
  }
  b44::graph_family::checkNextLink(args, request);
}

}  // namespace

B44_ADAPTER_HOOKS(hooks) { hooks.build("joined_teams_path", joinedTeamsPath); }
