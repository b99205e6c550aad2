#include "google_family.hpp"

#include <b44/errors.hpp>

#include <array>
#include <charconv>
#include <utility>

namespace b44::google_family {

using nlohmann::json;
using Type = plugin::Parameter::Type;

plugin::ApiHost apiHost(std::string name, std::string baseUrl,
                        std::optional<plugin::Pagination> pagination) {
  const auto start = baseUrl.find("://");
  const auto hostStart = start == std::string::npos ? 0 : start + 3;
  std::string hostName = baseUrl.substr(hostStart, baseUrl.find('/', hostStart) - hostStart);
  return plugin::ApiHost{.name = std::move(name),
                         .baseUrlTemplate = std::move(baseUrl),
                         .allowedHosts = {std::move(hostName)},
                         .pagination = std::move(pagination)};
}

plugin::AdapterSpec googleSpec(std::string type, std::string displayName, std::string description,
                               std::string documentationUrl, std::vector<plugin::ApiHost> hosts,
                               QuotaSignals quota) {
  plugin::AdapterSpec spec;
  spec.type = std::move(type);
  spec.displayName = std::move(displayName);
  spec.description = std::move(description);
  spec.documentationUrl = std::move(documentationUrl);
  spec.hosts = std::move(hosts);
  spec.token = {.header = "Authorization", .scheme = "Bearer"};
  if (quota == QuotaSignals::Status429And403) {
    // A 403 is a quota only with one of Google's rate-limit reasons.
    spec.rateLimit.extraStatuses = {403};
    spec.rateLimit.extraStatusBodyMarkers = {"rateLimitExceeded", "userRateLimitExceeded",
                                             "RATE_LIMIT_EXCEEDED"};
  }
  return spec;
}

void rejectArgument(const plugin::Args& args, std::string_view name, const std::string& why) {
  throw InvalidArgumentError("args." + std::string(name),
                             args.operation() + ": '" + std::string(name) + "' " + why);
}

void repeatedQuery(const plugin::Args& args, plugin::ServiceRequest& request, std::string_view name,
                   std::string_view queryName, std::initializer_list<std::string_view> choices) {
  for (const auto& value : args.value(name)) {
    bool allowed = value.is_string() && choices.size() == 0;
    for (const auto choice : choices) allowed = allowed || (value.is_string() && value == choice);
    if (!allowed) {
      std::string list;
      for (const auto choice : choices) list += (list.empty() ? "" : ", ") + std::string(choice);
      rejectArgument(args, name, list.empty() ? "must hold strings" : "holds only " + list);
    }
    request.query.emplace_back(queryName, value.get<std::string>());
  }
}

plugin::Pagination pageTokenPagination(std::string itemsPointer) {
  return pageTokenPagination("/nextPageToken", std::move(itemsPointer));
}

plugin::Pagination pageTokenPagination(std::string cursorPointer, std::string itemsPointer) {
  return plugin::bodyCursor(std::move(cursorPointer), kPageTokenArgument, std::move(itemsPointer));
}

plugin::Pagination rawPageTokenPagination(std::string itemsPointer) {
  return plugin::bodyCursor("/nextPageToken", "pageToken", std::move(itemsPointer));
}

plugin::Parameter pageTokenParameter() {
  return {kPageTokenArgument, Type::String, false,
          "Where to continue: nextPageToken of the previous page."};
}

plugin::Parameter pageSizeParameter(std::string name, std::string limits) {
  return {std::move(name), Type::Integer, false, "Items per page (" + std::move(limits) + ")."};
}

void pageQuery(const plugin::Args& args, plugin::ServiceRequest& request) {
  args.toQuery(request, "page_size", "pageSize");
  args.toQuery(request, kPageTokenArgument, "pageToken");
}

plugin::Pagination offsetPagination(std::string cursorArgument, std::string itemsPointer) {
  return plugin::bodyCursor(std::string("/") + kNextOffsetField, std::move(cursorArgument),
                            std::move(itemsPointer));
}

std::optional<std::int64_t> optionalOffset(const plugin::Args& args, std::string_view name) {
  const json& value = args.value(name);
  if (value.is_null()) return std::nullopt;
  std::int64_t offset = -1;
  if (value.is_number_integer()) {
    offset = value.get<std::int64_t>();
  } else if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), offset);
    if (error != std::errc() || end != text.data() + text.size() || text.empty()) offset = -1;
  }
  if (offset < 0)
    rejectArgument(args, name, "must be a non-negative integer (or its decimal text)");
  return offset;
}

plugin::Parameter offsetParameter(std::string name, std::string description) {
  return {std::move(name), Type::Any, false,
          std::move(description) +
              " An integer, or its decimal text as a saved cursor (nextOffset) gives it."};
}

void setNextOffset(json& result, std::optional<std::int64_t> next) {
  if (next && result.is_object()) result[kNextOffsetField] = *next;
}

plugin::ActionSpec batchUpdateAction(std::string method, plugin::Parameter idParameter,
                                     std::string requestKinds, bool targetRevision, json example) {
  plugin::ActionSpec action{
      .name = "batch_update",
      .description = "Applies edits atomically (" + std::move(method) + "): " +
                     std::move(requestKinds) + ", ... Not retried once it may have arrived.",
      .method = "POST",
      .retrySafe = false,
      .parameters = {std::move(idParameter),
                     {"requests", Type::Array, true,
                      "The API's Request objects, applied in order, all or none."},
                     {"required_revision_id", Type::String, false,
                      "Fail unless the file is still at this revision."}},
      .example = std::move(example),
      .pagination = std::nullopt,
  };
  if (targetRevision) {
    action.parameters.push_back(
        {"target_revision_id", Type::String, false,
         "Apply the edits as if made at this revision (merging later changes)."});
  }
  return action;
}

plugin::ServiceRequest batchUpdateRequest(const plugin::Args& args, std::string resourcePath) {
  json body = {{"requests", args.value("requests")}};
  if (!body["requests"].is_array() || body["requests"].empty()) {
    rejectArgument(args, "requests", "needs at least one request");
  }
  const auto required = args.optionalString("required_revision_id");
  const auto target = args.optionalString("target_revision_id");
  if (required && target) {
    rejectArgument(args, "target_revision_id", "cannot be given with required_revision_id");
  }
  if (required) body["writeControl"] = {{"requiredRevisionId", *required}};
  if (target) body["writeControl"] = {{"targetRevisionId", *target}};
  plugin::ServiceRequest request;
  request.method = "POST";
  request.path = std::move(resourcePath) + ":batchUpdate";
  request.setJsonBody(body);
  return request;
}

plugin::ErrorFields errorFields(const json& body) {
  plugin::ErrorFields fields = plugin::commonErrorFields(body);
  if (!body.is_object() || !body.contains("error") || !body["error"].is_object()) return fields;
  const json& error = body["error"];
  auto text = [](const json& object, const char* name) -> std::string {
    const auto found = object.find(name);
    return found != object.end() && found->is_string() ? found->get<std::string>() : "";
  };
  std::string code;
  if (error.contains("errors") && error["errors"].is_array() && !error["errors"].empty() &&
      error["errors"][0].is_object()) {
    code = text(error["errors"][0], "reason");
  }
  if (code.empty() && error.contains("details") && error["details"].is_array()) {
    for (const auto& detail : error["details"]) {
      if (detail.is_object() && text(detail, "@type").ends_with("google.rpc.ErrorInfo")) {
        code = text(detail, "reason");
        if (!code.empty()) break;
      }
    }
  }
  if (code.empty()) code = text(error, "status");
  if (!code.empty()) fields.code = code;
  return fields;
}

void GoogleAdapter::checkResponse(std::string_view action, const plugin::ServiceResponse& response,
                                  const json& body) const {
  if (response.status >= 200 && response.status < 300) return;
  const auto fields = errorFields(body);
  throw ServiceError(spec().type, std::string(action), response.status, fields.code, fields.detail,
                     body);
}

namespace {

constexpr std::string_view kBase64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

}  // namespace

std::string base64Encode(std::string_view bytes, bool urlSafe) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  const auto symbol = [urlSafe](unsigned value) {
    const char c = kBase64[value & 63U];
    if (!urlSafe) return c;
    return c == '+' ? '-' : c == '/' ? '_' : c;
  };
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
    unsigned chunk = static_cast<unsigned char>(bytes[i]) << 16U;
    if (n > 1) chunk |= static_cast<unsigned char>(bytes[i + 1]) << 8U;
    if (n > 2) chunk |= static_cast<unsigned char>(bytes[i + 2]);
    out += symbol(chunk >> 18U);
    out += symbol(chunk >> 12U);
    out += n > 1 ? symbol(chunk >> 6U) : '=';
    out += n > 2 ? symbol(chunk) : '=';
  }
  return out;
}

std::string base64Decode(std::string_view text, const std::string& field) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  std::string out;
  out.reserve(text.size() * 3 / 4);
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : text) {
    const int value = base64Value(c);
    if (value < 0) throw InvalidArgumentError(field, field + " is not valid base64");
    buffer = (buffer << 6U) | static_cast<unsigned>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> static_cast<unsigned>(bits)) & 0xFFU);
    }
  }
  if (bits >= 6) throw InvalidArgumentError(field, field + " is not valid base64 (truncated)");
  return out;
}

std::string mimeBoundary(std::string_view kind, std::initializer_list<std::string_view> parts) {
  const std::string stem = "b44-" + std::string(kind) + "-";
  for (unsigned n = 1;; ++n) {
    std::string boundary = stem + std::to_string(n);
    bool clash = false;
    for (const auto part : parts) clash = clash || part.find(boundary) != std::string_view::npos;
    if (!clash) return boundary;
  }
}

}  // namespace b44::google_family
