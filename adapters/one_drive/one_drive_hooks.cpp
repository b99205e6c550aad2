// What the OneDrive declaration (one_drive.json) cannot say as data, and the
// Graph family's hooks it names.
#include <b44/errors.hpp>
#include <b44/plugin/declared_adapter.hpp>
#include <b44/plugin/url.hpp>

#include <regex>
#include <string>

#include "graph_family.hpp"

namespace {

using b44::plugin::Args;
using b44::plugin::ServiceRequest;

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

// The path address root:/{path}:/content (each segment encoded) and the
// file's text as the body, at most 4 MiB.
void uploadContent(const Args& args, ServiceRequest& request) {
  const std::string path = b44::graph_family::encodedPath(args.string("path"), "path");
  std::string content = args.string("content");
  if (content.size() > kMaxSimpleUploadBytes) {
    throw b44::InvalidArgumentError(
        "args.content", args.operation() + ": 'content' is " + std::to_string(content.size()) +
                            " bytes; a simple upload takes at most 4 MiB (4194304 bytes)");
  }
  request.path += ":/" + path + ":/content";
  request.contentType = mediaType(args);
  request.body = std::move(content);
}

// The path address root:/{path} (each segment encoded): get_item_by_path.
void itemPath(const Args& args, ServiceRequest& request) {
  request.path += ":/" + b44::graph_family::encodedPath(args.string("path"), "path");
}

// root:/{path}:/createUploadSession: create_upload_session.
void uploadSessionPath(const Args& args, ServiceRequest& request) {
  request.path +=
      ":/" + b44::graph_family::encodedPath(args.string("path"), "path") + ":/createUploadSession";
}

// search(q='{query}'): an OData string literal, so a quote is doubled, then
// the text is encoded as (part of) one path segment. A next_link (a later
// page) is checked as graph_next_link does.
void searchPath(const Args& args, ServiceRequest& request) {
  b44::graph_family::checkNextLink(args, request);
  std::string literal;
  for (const char c : args.string("query")) {
    literal += c;
    if (c == '\'') literal += '\'';
  }
  request.path += "/search(q='" + b44::plugin::pathSegment(literal, "query") + "')";
}

}  // namespace

B44_ADAPTER_HOOKS(hooks) {
  hooks.build("upload_content", uploadContent);
  hooks.build("item_path", itemPath);
  hooks.build("upload_session_path", uploadSessionPath);
  hooks.build("search_path", searchPath);
}
