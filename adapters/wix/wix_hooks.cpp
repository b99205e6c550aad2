// What the Wix declaration (wix.json) cannot say as data.
#include <b44/errors.hpp>
#include <b44/plugin/declared_adapter.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace {

using b44::plugin::AdapterSpec;
using b44::plugin::Args;
using b44::plugin::ServiceRequest;
using b44::plugin::ServiceResponse;
using nlohmann::json;

// With a cursor only cursorPaging is sent: the cursor carries filter and sort.
void cursorQuery(const Args& args, ServiceRequest& request) {
  if (args.has("cursor")) {
    json body = json::parse(request.body);
    for (const char* name : {"filter", "sort", "fields"}) body["query"].erase(name);
    request.setJsonBody(body);
  }
}

// "b44_next_offset" (offset + count) while more contacts remain.
json addNextOffset(const Args& /*args*/, json body, const ServiceResponse& /*response*/) {
  if (!body.is_object()) return body;
  const json& meta = body.contains("pagingMetadata") ? body["pagingMetadata"] : json();
  auto number = [&](const char* name) -> std::int64_t {
    return meta.is_object() && meta.contains(name) && meta[name].is_number_integer()
               ? meta[name].get<std::int64_t>()
               : 0;
  };
  const std::int64_t count = number("count");
  const std::int64_t next = number("offset") + count;
  const bool unknownTotal =
      meta.is_object() && meta.contains("tooManyToCount") && meta["tooManyToCount"] == true;
  if (count > 0 && (unknownTotal || next < number("total"))) {
    body["b44_next_offset"] = std::to_string(next);
  }
  return body;
}

// {message, details: {applicationError: {code, description}}}, or a
// validationError (INVALID_ARGUMENT); any "details" makes the error Wix's.
void wixDetails(const AdapterSpec& spec, std::string_view action, const ServiceResponse& response,
                const json& body) {
  const bool failed = response.status < 200 || response.status >= 300;
  if (!failed || !body.is_object() || !body.contains("details")) return;
  using Pointer = json::json_pointer;
  auto text = [&](const char* pointer) {
    const Pointer at(pointer);
    return body.contains(at) && body.at(at).is_string() ? body.at(at).get<std::string>()
                                                        : std::string();
  };
  std::string code = text("/details/applicationError/code");
  if (code.empty() && body.contains(Pointer("/details/validationError"))) {
    code = "INVALID_ARGUMENT";
  }
  std::string detail = text("/details/applicationError/description");
  if (detail.empty()) detail = text("/message");
  throw b44::ServiceError(spec.type, std::string(action), response.status, code, detail, body);
}

}  // namespace

B44_ADAPTER_HOOKS(hooks) {
  hooks.build("cursor_query", cursorQuery);
  hooks.parse("next_offset", addNextOffset);
  hooks.check("wix_details", wixDetails);
}
