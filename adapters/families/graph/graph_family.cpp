// The hooks the Microsoft Graph declarations share (graph_family.hpp).
#include "graph_family.hpp"

#include <b44/errors.hpp>
#include <b44/plugin/declared_adapter.hpp>
#include <b44/plugin/url.hpp>

#include <algorithm>
#include <cctype>
#include <regex>
#include <string>
#include <utility>

namespace b44::graph_family {
namespace {

using plugin::Args;
using plugin::ServiceRequest;

constexpr const char* kBaseUrl = "https://graph.microsoft.com/v1.0";
// The cursor argument of every paginated Graph action.
constexpr const char* kNextLinkArgument = "next_link";

[[noreturn]] void reject(std::string_view argument, const std::string& operation,
                         const std::string& what) {
  throw InvalidArgumentError("args." + std::string(argument),
                             operation + ": '" + std::string(argument) + "' " + what);
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool isDotSegment(std::string_view segment) {
  const std::string lower = lowercase(segment);
  return lower == "." || lower == ".." || lower == "%2e" || lower == "%2e%2e" || lower == ".%2e" ||
         lower == "%2e.";
}

// An @odata.nextLink handed back by the caller (graph_family.hpp).
std::string checkedNextLink(const Args& args) {
  const std::string link = args.string(kNextLinkArgument);
  const std::string operation = args.operation();
  const std::string prefix = std::string(kBaseUrl) + "/";
  if (!link.starts_with(prefix)) {
    reject(kNextLinkArgument, operation,
           "must be an @odata.nextLink of a previous page (a URL under " + prefix + ")");
  }
  for (const char ch : link) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c >= 0x7f || ch == '\\' || ch == '#') {
      reject(kNextLinkArgument, operation,
             "must be a URL without spaces, control characters, '\\' or '#'");
    }
  }
  const std::string path = link.substr(prefix.size(), link.find('?') - prefix.size());
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto slash = std::min(path.find('/', start), path.size());
    if (isDotSegment(std::string_view(path).substr(start, slash - start))) {
      reject(kNextLinkArgument, operation, "must not contain '.' or '..' path segments");
    }
    start = slash + 1;
  }
  return link;
}

}  // namespace

void checkNextLink(const Args& args, ServiceRequest& /*request*/) {
  if (args.has(kNextLinkArgument)) (void)checkedNextLink(args);
}

std::string encodedPath(std::string_view path, std::string_view argument) {
  std::string_view rest = path;
  if (rest.starts_with('/')) rest.remove_prefix(1);
  if (rest.empty()) {
    throw InvalidArgumentError("args." + std::string(argument), "must not be empty");
  }
  std::string out;
  std::size_t start = 0;
  while (start <= rest.size()) {
    const auto slash = std::min(rest.find('/', start), rest.size());
    const auto segment = rest.substr(start, slash - start);
    for (const char ch : segment) {
      const auto c = static_cast<unsigned char>(ch);
      if (c < 0x20 || c == 0x7f || ch == '\\' || ch == ':') {
        throw InvalidArgumentError("args." + std::string(argument),
                                   "must not contain control characters, '\\' or ':'");
      }
    }
    if (segment.empty()) {
      throw InvalidArgumentError("args." + std::string(argument),
                                 "must not contain an empty segment ('//' or a trailing '/')");
    }
    if (!out.empty()) out += '/';
    out += plugin::pathSegment(segment, argument);  // rejects "." and ".."
    start = slash + 1;
  }
  return out;
}

std::string hostName(std::string_view host, std::string_view argument) {
  const std::string field = "args." + std::string(argument);
  if (host.empty() || host.size() > 253) {
    throw InvalidArgumentError(field, "must be a host name of 1 to 253 characters");
  }
  const std::string lower = lowercase(host);
  std::size_t labels = 0;
  std::size_t start = 0;
  while (start <= lower.size()) {
    const auto dot = std::min(lower.find('.', start), lower.size());
    const std::string_view label = std::string_view(lower).substr(start, dot - start);
    const bool valid = !label.empty() && label.size() <= 63 && label.front() != '-' &&
                       label.back() != '-' && std::all_of(label.begin(), label.end(), [](char c) {
                         return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
                       });
    if (!valid) {
      throw InvalidArgumentError(
          field,
          "must be a DNS host name such as contoso.sharepoint.com (letters, digits, "
          "hyphens and dots only)");
    }
    ++labels;
    start = dot + 1;
  }
  if (labels < 2) {
    throw InvalidArgumentError(field,
                               "must be a fully qualified host name such as "
                               "contoso.sharepoint.com");
  }
  return lower;
}

void checkErrors(const plugin::AdapterSpec& spec, std::string_view action,
                 const plugin::ServiceResponse& response, const nlohmann::json& body) {
  if (response.status >= 200 && response.status < 300) return;
  auto fields = plugin::commonErrorFields(body);
  std::string requestId = response.headers.get("request-id").value_or("");
  if (body.is_object() && body.contains("error") && body["error"].is_object()) {
    const auto& error = body["error"];
    const auto text = [](const nlohmann::json& object, const char* name) {
      return object.is_object() && object.contains(name) && object[name].is_string()
                 ? object[name].get<std::string>()
                 : std::string();
    };
    const auto& inner = error.contains("innerError") ? error["innerError"] : error;
    if (fields.code.empty()) fields.code = text(inner, "code");
    if (requestId.empty()) requestId = text(inner, "request-id");
  }
  std::string detail = fields.detail.empty()
                           ? "Microsoft Graph answered HTTP " + std::to_string(response.status)
                           : fields.detail;
  if (!requestId.empty()) detail += " (request-id " + requestId + ")";
  throw ServiceError(spec.type, std::string(action), response.status, fields.code, detail, body);
}

nlohmann::json acceptedResult(const Args& /*args*/, nlohmann::json /*body*/,
                              const plugin::ServiceResponse& response) {
  return {{"accepted", true}, {"status", response.status}};
}

namespace {

constexpr std::size_t kMaxSimpleUploadBytes = 4 * 1024 * 1024;

std::string mediaType(const Args& args) {
  static const std::regex pattern(
      R"(^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*(; ?[A-Za-z0-9_.+-]+=[A-Za-z0-9_.+-]+)*$)");
  const std::string type = args.optionalString("content_type").value_or("text/plain");
  if (!std::regex_match(type, pattern)) {
    throw InvalidArgumentError("args.content_type",
                               args.operation() +
                                   ": 'content_type' must be a media type such as text/plain or "
                                   "application/json; charset=utf-8");
  }
  return type;
}

}  // namespace

void uploadContent(const Args& args, ServiceRequest& request) {
  const std::string path = encodedPath(args.string("path"), "path");
  std::string content = args.bytes("content", "content_base64");
  if (content.size() > kMaxSimpleUploadBytes) {
    throw InvalidArgumentError(args.has("content") ? "args.content" : "args.content_base64",
                               args.operation() + ": the content is " +
                                   std::to_string(content.size()) +
                                   " bytes; a simple upload takes at most 4 MiB (4194304 bytes)");
  }
  request.path += ":/" + path + ":/content";
  request.contentType = mediaType(args);
  request.body = std::move(content);
}

void searchPath(const Args& args, ServiceRequest& request) {
  checkNextLink(args, request);
  std::string literal;
  for (const char c : args.string("query")) {
    literal += c;
    if (c == '\'') literal += '\'';
  }
  request.path += "/search(q='" + plugin::pathSegment(literal, "query") + "')";
}

}  // namespace b44::graph_family

// Registered for every adapter whose declaration extends graph.json
// ("sharedHooks": "graph").
B44_SHARED_HOOKS(graph, hooks) {
  hooks.check("graph_errors", b44::graph_family::checkErrors);
  hooks.build("graph_next_link", b44::graph_family::checkNextLink);
  hooks.parse("graph_accepted", b44::graph_family::acceptedResult);
  hooks.build("upload_content", b44::graph_family::uploadContent);
  hooks.build("search_path", b44::graph_family::searchPath);
}
