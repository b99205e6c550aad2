// What the BambooHR declaration (bamboohr.json) cannot say as data: writes
// that answer without a body (the new record in a Location header), and
// errors whose text is in the X-BambooHR-Error-Message header.
#include <b44/errors.hpp>
#include <b44/plugin/declared_adapter.hpp>

#include <string>
#include <string_view>

namespace {

using b44::plugin::AdapterSpec;
using b44::plugin::Args;
using b44::plugin::ServiceResponse;
using nlohmann::json;

// 200 or 201 with no body (or a JSON one): the result is the body, with the
// record's "location" and "id" taken from a Location header
// (.../v1/employees/123), else the id of the record the call named.
json written(const Args& args, json body, const ServiceResponse& response) {
  json result = body.is_object() ? std::move(body) : json::object();
  if (auto location = response.headers.get("Location"); location && !location->empty()) {
    result["location"] = *location;
    const auto slash = location->find_last_of('/');
    const std::string id = location->substr(slash == std::string::npos ? 0 : slash + 1);
    if (!id.empty() && !result.contains("id")) result["id"] = id;
  }
  for (const char* name : {"request_id", "employee_id"}) {
    if (!result.contains("id") && args.has(name)) result["id"] = args.value(name);
  }
  return result;
}

// A failed answer usually has no body: BambooHR puts the reason in the
// X-BambooHR-Error-Message header. A JSON body with a message is left to the
// declared rules.
void errorHeader(const AdapterSpec& spec, std::string_view action, const ServiceResponse& response,
                 const json& body) {
  if (response.status >= 200 && response.status < 300) return;
  const auto message = response.headers.get("X-BambooHR-Error-Message");
  if (!message || message->empty()) return;
  if (body.is_object() && body.contains("message")) return;
  throw b44::ServiceError(spec.type, std::string(action), response.status,
                          "HTTP " + std::to_string(response.status), *message, body);
}

}  // namespace

B44_ADAPTER_HOOKS(hooks) {
  hooks.parse("written", written);
  hooks.check("error_header", errorHeader);
}
