// What the Box declaration (box.json) cannot say as data.
#include <b44/plugin/declared_adapter.hpp>

#include <string>

namespace {

using b44::plugin::Args;
using b44::plugin::ServiceRequest;

// A boundary that does not occur in the body's parts.
std::string multipartBoundary(const std::string& parts) {
  std::string boundary = "b44-box-upload-7MA4YWxkTrZu0gW";
  while (parts.find(boundary) != std::string::npos) boundary += "x";
  return boundary;
}

// A quoted-string parameter value for Content-Disposition: no quotes,
// backslashes or line breaks (Box takes the name from the attributes part).
std::string dispositionFilename(std::string name) {
  for (char& c : name) {
    if (c == '"' || c == '\\' || c == '\r' || c == '\n') c = '_';
  }
  return name;
}

// The declared JSON body is the "attributes" part; the file follows it.
void multipartUpload(const Args& args, ServiceRequest& request) {
  const std::string attributesJson = request.body;
  const std::string content = args.bytes("content", "content_base64");
  const std::string boundary = multipartBoundary(attributesJson + content);
  std::string body;
  body += "--" + boundary + "\r\n";
  body += "Content-Disposition: form-data; name=\"attributes\"\r\n\r\n";
  body += attributesJson + "\r\n";
  body += "--" + boundary + "\r\n";
  body += "Content-Disposition: form-data; name=\"file\"; filename=\"" +
          dispositionFilename(args.string("name")) + "\"\r\n";
  body += "Content-Type: application/octet-stream\r\n\r\n";
  body += content + "\r\n";
  body += "--" + boundary + "--\r\n";
  request.body = std::move(body);
  request.contentType = "multipart/form-data; boundary=" + boundary;
}

}  // namespace

B44_ADAPTER_HOOKS(hooks) { hooks.build("multipart_upload", multipartUpload); }
