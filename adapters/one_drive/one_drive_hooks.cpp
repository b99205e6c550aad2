// What the OneDrive declaration (one_drive.json) cannot say as data: the path
// addresses of get_item_by_path and create_upload_session. upload_content and
// search_path are the Graph family's (graph_family.hpp), shared with
// share_point.
#include <b44/plugin/declared_adapter.hpp>

#include <string>

#include "graph_family.hpp"

namespace {

using b44::plugin::Args;
using b44::plugin::ServiceRequest;

// The path address root:/{path} (each segment encoded): get_item_by_path.
void itemPath(const Args& args, ServiceRequest& request) {
  request.path += ":/" + b44::graph_family::encodedPath(args.string("path"), "path");
}

// root:/{path}:/createUploadSession: create_upload_session.
void uploadSessionPath(const Args& args, ServiceRequest& request) {
  request.path +=
      ":/" + b44::graph_family::encodedPath(args.string("path"), "path") + ":/createUploadSession";
}

}  // namespace

B44_ADAPTER_HOOKS(hooks) {
  hooks.build("item_path", itemPath);
  hooks.build("upload_session_path", uploadSessionPath);
}
