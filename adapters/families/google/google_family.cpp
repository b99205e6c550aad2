#include "google_family.hpp"

#include <b44/errors.hpp>
#include <b44/plugin/basic_adapter.hpp>
#include <b44/plugin/declared_adapter.hpp>

#include <utility>

namespace b44::google_family {

using nlohmann::json;

namespace {

// Google's error fields over the usual ones (see checkErrors).
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

}  // namespace

void checkErrors(const plugin::AdapterSpec& spec, std::string_view action,
                 const plugin::ServiceResponse& response, const json& body) {
  if (response.status >= 200 && response.status < 300) return;
  const auto fields = errorFields(body);
  throw ServiceError(spec.type, std::string(action), response.status, fields.code, fields.detail,
                     body);
}

void rejectArgument(const plugin::Args& args, std::string_view name, const std::string& why) {
  throw InvalidArgumentError("args." + std::string(name),
                             args.operation() + ": '" + std::string(name) + "' " + why);
}

json jsonBody(const plugin::ServiceRequest& request) {
  return request.body.empty() ? json::object() : json::parse(request.body);
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

// Registered for every adapter whose declaration extends google.json
// ("sharedHooks": "google").
B44_SHARED_HOOKS(google, hooks) { hooks.check("google_errors", b44::google_family::checkErrors); }
