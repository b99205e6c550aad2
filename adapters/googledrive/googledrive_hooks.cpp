// What the Google Drive declaration (googledrive.json) cannot say as data:
// upload_file's multipart/related (or media) body.
#include "google_family.hpp"

#include <b44/plugin/declared_adapter.hpp>

#include <string>

namespace {

namespace family = b44::google_family;
using b44::plugin::Args;
using b44::plugin::ServiceRequest;

constexpr std::size_t kMaxSimpleUpload = 5 * 1024 * 1024;

// The file's bytes: `content` as UTF-8 text, or `content_base64` decoded.
std::string uploadContent(const Args& args) {
  std::string bytes = args.bytes("content", "content_base64");
  if (bytes.size() > kMaxSimpleUpload) {
    family::rejectArgument(args, args.has("content") ? "content" : "content_base64",
                           "holds more than 5 MB, the limit of a single-request upload");
  }
  return bytes;
}

// The declared body holds the File metadata: with a name, parents or a
// description it goes first in a multipart upload, else the content alone.
void buildUpload(const Args& args, ServiceRequest& request) {
  const std::string content = uploadContent(args);
  const std::string mediaType =
      args.optionalString("mime_type")
          .value_or(args.has("content") ? "text/plain; charset=UTF-8" : "application/octet-stream");
  const bool multipart = args.has("name") || args.has("parents") || args.has("description");
  request.query.insert(request.query.begin(), {"uploadType", multipart ? "multipart" : "media"});
  if (!multipart) {
    request.body = content;
    request.contentType = mediaType;
    return;
  }
  const std::string metadataJson = request.body;
  const std::string boundary = family::mimeBoundary("related", {metadataJson, content});
  request.body = "--" + boundary + "\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n" +
                 metadataJson + "\r\n--" + boundary + "\r\nContent-Type: " + mediaType +
                 "\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
  request.contentType = "multipart/related; boundary=" + boundary;
}

}  // namespace

B44_ADAPTER_HOOKS(hooks) { hooks.build("upload", buildUpload); }
