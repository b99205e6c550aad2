// What the SharePoint declaration (share_point.json) cannot say as data: the
// site address of get_site. The Graph family's hooks it names
// (upload_content, search_path, ...) are in graph_family.hpp.
#include <b44/errors.hpp>
#include <b44/plugin/declared_adapter.hpp>

#include "graph_family.hpp"

namespace {

using b44::plugin::Args;
using b44::plugin::ServiceRequest;

// /sites/{hostname}[:/{path}]: the host name checked and lowercased, the
// path's segments encoded (neither fits one path segment).
void sitePath(const Args& args, ServiceRequest& request) {
  request.path += "/" + b44::graph_family::hostName(args.string("hostname"), "hostname");
  if (auto path = args.optionalString("path")) {
    request.path += ":/" + b44::graph_family::encodedPath(*path, "path");
  }
}

}  // namespace

B44_ADAPTER_HOOKS(hooks) { hooks.build("site_path", sitePath); }
