// What the Microsoft Graph adapters share (documentation: graph_family.hpp).
#include "graph_family.hpp"

#include <b44/errors.hpp>
#include <b44/plugin/url.hpp>

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

namespace b44::graph_family {
namespace {

using plugin::Args;
using plugin::Parameter;
using plugin::ServiceRequest;
using Type = Parameter::Type;

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

// An @odata.nextLink handed back by the caller: a Graph v1.0 URL with nothing
// that could take it elsewhere. (ServiceClient checks the prefix again for
// direct calls; the proxy route sends only its path and query.)
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

plugin::AdapterSpec graphSpec(std::string type, std::string displayName, std::string description,
                              std::string documentationUrl, Throttling throttling) {
  plugin::AdapterSpec spec;
  spec.type = std::move(type);
  spec.displayName = std::move(displayName);
  spec.description = std::move(description);
  spec.documentationUrl = std::move(documentationUrl);
  // Raw requests follow @odata.nextLink, the whole next-page URL; items are in
  // "value": https://learn.microsoft.com/en-us/graph/paging
  spec.hosts = {plugin::ApiHost{.name = "default",
                                .baseUrlTemplate = kBaseUrl,
                                .allowedHosts = {"graph.microsoft.com"},
                                .pagination = plugin::nextUrl("/@odata.nextLink", "", "/value")}};
  spec.token = {.header = "Authorization", .scheme = "Bearer"};
  if (throttling == Throttling::SharePoint) {
    spec.rateLimit = plugin::RateLimitSignals{
        .extraStatuses = {503},
        .remainingHeader = "RateLimit-Remaining",
        .resetHeader = "RateLimit-Reset",
        .resetFormat = plugin::RateLimitSignals::ResetFormat::DeltaSeconds,
    };
  }
  return spec;
}

Parameter nextLinkParameter() {
  return {kNextLinkArgument, Type::String, false,
          "Where to continue: the @odata.nextLink of the previous page, as it was answered "
          "(it repeats the other options)."};
}

plugin::Pagination collectionPagination() {
  return plugin::nextUrl("/@odata.nextLink", kNextLinkArgument, "/value");
}

ServiceRequest collectionRequest(const Args& args, std::string path,
                                 std::initializer_list<std::string_view> odataOptions) {
  ServiceRequest request;
  if (args.has(kNextLinkArgument)) {
    request.absoluteUrl = checkedNextLink(args);
    return request;
  }
  request.path = std::move(path);
  addQueryOptions(args, request, odataOptions);
  return request;
}

Parameter topParameter(std::string_view what, int maximum) {
  return {"top", Type::Integer, false,
          "How many " + std::string(what) + " per page ($top), at most " + std::to_string(maximum) +
              "."};
}

Parameter selectParameter(std::string_view example) {
  return {"select", Type::String, false,
          "Comma-separated properties to return ($select), e.g. " + std::string(example) + "."};
}

Parameter filterParameter(std::string_view example) {
  return {"filter", Type::String, false,
          "An OData filter expression ($filter), e.g. " + std::string(example) + "."};
}

Parameter orderbyParameter(std::string_view example) {
  return {"orderby", Type::String, false,
          "Sort order ($orderby): a property, optionally followed by ' desc', e.g. " +
              std::string(example) + "."};
}

void addQueryOptions(const Args& args, ServiceRequest& request,
                     std::initializer_list<std::string_view> names) {
  for (const auto name : names) args.toQuery(request, name, "$" + std::string(name));
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

std::vector<Parameter> childrenParameters() {
  return {
      {"item_id", Type::String, false,
       "ID of the folder whose children to list; absent = the drive's root folder."},
      topParameter("items", 999),
      selectParameter("id,name,size,folder,file"),
      orderbyParameter("name or lastModifiedDateTime desc"),
      nextLinkParameter(),
  };
}

ServiceRequest childrenRequest(const Args& args, const std::string& drivePath) {
  std::string path = drivePath;
  if (auto item = args.optionalString("item_id")) {
    path += "/items/" + plugin::pathSegment(*item, "item_id") + "/children";
  } else {
    path += "/root/children";
  }
  return collectionRequest(args, std::move(path), {"top", "select", "orderby"});
}

void GraphAdapter::checkResponse(std::string_view action, const plugin::ServiceResponse& response,
                                 const nlohmann::json& body) const {
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
  throw ServiceError(spec().type, std::string(action), response.status, fields.code, detail, body);
}

nlohmann::json acceptedResult(const Args& /*args*/, nlohmann::json /*body*/,
                              const plugin::ServiceResponse& response) {
  return {{"accepted", true}, {"status", response.status}};
}

}  // namespace b44::graph_family
