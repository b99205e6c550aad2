// What the Dropbox declaration (dropbox.json) cannot say as data.
#include <b44/errors.hpp>
#include <b44/plugin/declared_adapter.hpp>
#include <b44/typed.hpp>

#include <string>
#include <string_view>

namespace {

using b44::plugin::AdapterSpec;
using b44::plugin::Args;
using b44::plugin::ServiceRequest;
using b44::plugin::ServiceResponse;
using nlohmann::json;

// With a cursor, an earlier listing continues on /continue, which takes only
// the cursor.
void listFolderContinue(const Args& args, ServiceRequest& request) {
  if (auto cursor = args.optionalString("cursor")) {
    request.path = "/files/list_folder/continue";
    request.setJsonBody({{"cursor", *cursor}});
    return;
  }
  if (!args.has("path")) {
    throw b44::InvalidArgumentError("args.path",
                                    args.operation() + ": argument 'path' is required");
  }
}

// files/search_v2 continues at files/search/continue_v2, which takes only the
// cursor; a first page needs the query.
void searchContinue(const Args& args, ServiceRequest& request) {
  if (auto cursor = args.optionalString("cursor")) {
    request.path = "/files/search/continue_v2";
    request.setJsonBody({{"cursor", *cursor}});
    return;
  }
  if (!args.has("query")) {
    throw b44::InvalidArgumentError("args.query",
                                    args.operation() + ": argument 'query' is required");
  }
}

// The Dropbox-API-Arg header value: compact JSON with every non-ASCII code
// point escaped (nlohmann's ensure_ascii escapes 0x7F and above as \uXXXX,
// with surrogate pairs, and control characters as usual).
std::string headerSafeJson(const json& value, const Args& args) {
  try {
    return value.dump(-1, ' ', /*ensure_ascii=*/true, json::error_handler_t::strict);
  } catch (const json::type_error&) {
    throw b44::InvalidArgumentError("args.path",
                                    args.operation() + ": the arguments must be valid UTF-8");
  }
}

void apiArgHeader(const Args& args, ServiceRequest& request) {
  json arg = {{"path", args.string("path")}};
  if (auto rev = args.optionalString("update_rev")) {
    arg["mode"] = {{".tag", "update"}, {"update", *rev}};
  } else if (args.has("mode")) {
    arg["mode"] = args.value("mode");
  }
  for (const char* name : {"autorename", "client_modified", "mute", "strict_conflict"}) {
    args.toBody(arg, name);
  }
  request.headers.set("Dropbox-API-Arg", headerSafeJson(arg, args));
}

// error_summary ("path/not_found/..") without its trailing dots and slashes is
// the code; user_message.text, when given, the detail.
void errorSummary(const AdapterSpec& spec, std::string_view action, const ServiceResponse& response,
                  const json& body) {
  if (response.status >= 200 && response.status < 300) return;
  if (body.is_object() && body.contains("error_summary") && body["error_summary"].is_string()) {
    std::string code = body["error_summary"];
    while (!code.empty() && (code.back() == '.' || code.back() == '/')) code.pop_back();
    std::string detail =
        b44::typed::stringField(b44::typed::objectField(body, "user_message"), "text");
    throw b44::ServiceError(spec.type, std::string(action), response.status, code,
                            detail.empty() ? code : detail, body);
  }
}

}  // namespace

B44_ADAPTER_HOOKS(hooks) {
  hooks.build("list_folder_continue", listFolderContinue);
  hooks.build("search_continue", searchContinue);
  hooks.build("api_arg_header", apiArgHeader);
  hooks.check("error_summary", errorSummary);
}
