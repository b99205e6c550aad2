// The OneDrive adapter (integration type "one_drive"): the signed-in user's
// drive through Microsoft Graph v1.0. What all Graph adapters share (host,
// token, @odata.nextLink, OData options, errors, throttling) is in
// adapters/families/graph/ with the pages it was checked against.
//
// Checked against Microsoft's official Graph v1.0 reference:
//   https://learn.microsoft.com/en-us/graph/api/driveitem-list-children
//       GET /me/drive/root/children (the root folder) or
//       /me/drive/items/{item-id}/children; supports $expand, $select,
//       $skipToken, $top and $orderby; answers {value: [driveItem],
//       @odata.nextLink}.
//   https://learn.microsoft.com/en-us/graph/api/driveitem-put-content
//       PUT /me/drive/items/{parent-id}:/{filename}:/content (and the same
//       path address from root: /me/drive/root:/{path}:/content) with the
//       file's bytes as the body; answers 201 Created (new file) or 200 OK
//       (replaced) with the driveItem. Microsoft's page gives this "simple
//       upload" a 250 MB ceiling; the OneDrive upload guide
//       (https://learn.microsoft.com/en-us/onedrive/developer/rest-api/concepts/upload)
//       reserves it for content under 4 MB and sends larger files through an
//       upload session. This adapter follows the stricter rule: at most
//       4 MiB (4,194,304 bytes), checked before sending; larger files need an
//       upload session, which it does not offer.
//   https://learn.microsoft.com/en-us/graph/api/resources/driveitem
//       @microsoft.graph.conflictBehavior (fail, replace, rename) goes in the
//       URL's query; the default for PUT is replace.
//   https://learn.microsoft.com/en-us/graph/onedrive-addressing-driveitems
//       path-based addressing: root:/path/to/file: (everything between the
//       colons is a path relative to the item before it); each path segment
//       is percent-encoded (RFC 3986); / \ * < > ? : | may not appear in file
//       or folder names (OneDrive for work or school also reserves # and %).
// Upload content is text (the JSON argument is a string, sent as UTF-8): a
// binary body could not travel through Base44's proxy, whose body is JSON.
#include <b44/errors.hpp>
#include <b44/plugin/export.hpp>

#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>

#include "graph_family.hpp"

namespace {

using b44::graph_family::collectionPagination;
using b44::plugin::ActionSpec;
using b44::plugin::Args;
using b44::plugin::ServiceRequest;
using Type = b44::plugin::Parameter::Type;

constexpr std::size_t kMaxSimpleUploadBytes = 4 * 1024 * 1024;

std::string mediaType(const Args& args) {
  static const std::regex pattern(
      R"(^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*(; ?[A-Za-z0-9_.+-]+=[A-Za-z0-9_.+-]+)*$)");
  const std::string type = args.optionalString("content_type").value_or("text/plain");
  if (!std::regex_match(type, pattern)) {
    throw b44::InvalidArgumentError(
        "args.content_type", args.operation() +
                                 ": 'content_type' must be a media type such as text/plain or "
                                 "application/json; charset=utf-8");
  }
  return type;
}

ServiceRequest buildUploadSmallFile(const Args& args) {
  const std::string path = b44::graph_family::encodedPath(args.string("path"), "path");
  std::string content = args.string("content");
  if (content.size() > kMaxSimpleUploadBytes) {
    throw b44::InvalidArgumentError(
        "args.content", args.operation() + ": 'content' is " + std::to_string(content.size()) +
                            " bytes; a simple upload takes at most 4 MiB (4194304 bytes)");
  }
  ServiceRequest request;
  request.method = "PUT";
  request.path = "/me/drive/root:/" + path + ":/content";
  if (auto behavior = args.optionalChoice("conflict_behavior", {"fail", "replace", "rename"})) {
    request.query.emplace_back("@microsoft.graph.conflictBehavior", *behavior);
  }
  request.contentType = mediaType(args);
  request.body = std::move(content);
  return request;
}

class OneDriveAdapter final : public b44::graph_family::GraphAdapter {
 public:
  OneDriveAdapter()
      : GraphAdapter(b44::graph_family::graphSpec(
            "one_drive", "OneDrive",
            "OneDrive through Microsoft Graph: list the signed-in user's folders and upload "
            "small files.",
            "https://learn.microsoft.com/en-us/graph/api/resources/onedrive",
            b44::graph_family::Throttling::SharePoint)) {
    addAction(
        ActionSpec{
            .name = "list_children",
            .description = "Lists the files and folders in a folder of the signed-in user's "
                           "drive (the root folder unless item_id is given), page by page.",
            .method = "GET",
            .retrySafe = true,
            .parameters = b44::graph_family::childrenParameters(),
            .example = {{"top", 2}},
            .pagination = collectionPagination(),
        },
        [](const Args& args) { return b44::graph_family::childrenRequest(args, "/me/drive"); });
    addAction(
        ActionSpec{
            .name = "upload_small_file",
            .description =
                "Creates or replaces a file of up to 4 MiB at a path below the drive's root "
                "(PUT .../root:/{path}:/content), creating missing folders. Not retried once it "
                "may have arrived (with conflict_behavior 'rename' a second copy would appear).",
            .method = "PUT",
            .retrySafe = false,
            .parameters =
                {
                    {"path", Type::String, true,
                     "The file's path below the drive's root, folders separated by '/', e.g. "
                     "Documents/notes.txt. Names cannot contain : \\ or control characters."},
                    {"content", Type::String, true,
                     "The file's content as text (sent as UTF-8), at most 4 MiB."},
                    {"content_type", Type::String, false,
                     "The body's media type (default text/plain); OneDrive derives the file's "
                     "own type from its name."},
                    {"conflict_behavior", Type::String, false,
                     "When the file exists: replace (Graph's default for PUT), fail (409 "
                     "nameAlreadyExists) or rename (keep both)."},
                },
            .example = {{"path", "Documents/notes.txt"}, {"content", "Hello from Base44"}},
            .pagination = std::nullopt,
        },
        buildUploadSmallFile);
  }
};

std::unique_ptr<b44::plugin::Adapter> makeOneDriveAdapter(std::string_view /*type*/) {
  return std::make_unique<OneDriveAdapter>();
}

}  // namespace

B44_PLUGIN("1.0.0", "one_drive", makeOneDriveAdapter)
