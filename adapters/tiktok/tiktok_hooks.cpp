// What the TikTok declaration (tiktok.json) cannot say as data.
#include <b44/errors.hpp>
#include <b44/plugin/declared_adapter.hpp>

#include <regex>
#include <string>

namespace {

using b44::plugin::Args;
using b44::plugin::ServiceRequest;
using nlohmann::json;

// Given "fields" must be a non-empty array of plain field names.
void fieldNames(const Args& args, ServiceRequest& /*request*/) {
  static const std::regex name(R"(^[a-z][a-z0-9_]{0,63}$)");
  const json& value = args.value("fields");
  if (value.is_null()) return;
  if (!value.is_array() || value.empty()) {
    throw b44::InvalidArgumentError("args.fields",
                                    args.operation() + ": 'fields' must be a non-empty array");
  }
  for (const auto& field : value) {
    if (!field.is_string() || !std::regex_match(field.get<std::string>(), name)) {
      throw b44::InvalidArgumentError(
          "args.fields", args.operation() + ": 'fields' must name fields such as display_name");
    }
  }
}

void videoPage(const Args& args, ServiceRequest& request) {
  json body = json::object();
  if (args.has("cursor")) {
    // TikTok's cursor is an int64; a saved cursor comes back as its text.
    const json& cursor = args.value("cursor");
    if (cursor.is_number_integer()) {
      body["cursor"] = cursor;
    } else if (cursor.is_string() && !cursor.get_ref<const std::string&>().empty() &&
               cursor.get_ref<const std::string&>().size() <= 18 &&
               cursor.get_ref<const std::string&>().find_first_not_of("0123456789") ==
                   std::string::npos) {
      body["cursor"] = std::stoll(cursor.get<std::string>());
    } else {
      throw b44::InvalidArgumentError(
          "args.cursor", args.operation() + ": 'cursor' must be the data.cursor of a page");
    }
  }
  if (auto count = args.optionalInteger("max_count")) {
    if (*count < 1 || *count > 20) {
      throw b44::InvalidArgumentError("args.max_count",
                                      args.operation() + ": 'max_count' must be 1..20");
    }
    body["max_count"] = *count;
  }
  fieldNames(args, request);
  request.setJsonBody(body);
}

}  // namespace

B44_ADAPTER_HOOKS(hooks) {
  hooks.build("field_names", fieldNames);
  hooks.build("video_page", videoPage);
}
