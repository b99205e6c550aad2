// What the Wrike declaration (wrike.json) cannot say as data.
#include <b44/plugin/declared_adapter.hpp>
#include <b44/plugin/url.hpp>

namespace {

using b44::plugin::Args;
using b44::plugin::ServiceRequest;

// One folder's or project's tasks when folder_id is given.
void folderTasksPath(const Args& args, ServiceRequest& request) {
  if (auto folder = args.optionalString("folder_id")) {
    request.path = "/folders/" + b44::plugin::pathSegment(*folder, "folder_id") + "/tasks";
  }
}

}  // namespace

B44_ADAPTER_HOOKS(hooks) { hooks.build("folder_tasks_path", folderTasksPath); }
