// What the Splitwise declaration (splitwise.json) cannot say as data.
#include <b44/errors.hpp>
#include <b44/plugin/declared_adapter.hpp>

#include <regex>
#include <string>
#include <string_view>

namespace {

using b44::plugin::AdapterSpec;
using b44::plugin::Args;
using b44::plugin::ServiceRequest;
using b44::plugin::ServiceResponse;
using nlohmann::json;

bool isAmount(const json& value) {
  static const std::regex amount(R"(^-?[0-9]{1,12}(\.[0-9]{1,2})?$)");
  return value.is_string() && std::regex_match(value.get<std::string>(), amount);
}

// [{user_id | email, first_name, last_name, paid_share, owed_share}, ...] ->
// users__0__user_id, users__0__paid_share, ... as Splitwise spells them.
void flattenShares(const Args& args, json& body) {
  std::size_t index = 0;
  for (const auto& share : args.value("users")) {
    const std::string prefix = "users__" + std::to_string(index++) + "__";
    const bool byId =
        share.is_object() && share.contains("user_id") && share["user_id"].is_number_integer();
    const bool byEmail = share.is_object() && share.contains("email") && share["email"].is_string();
    if (!(byId || byEmail) || !isAmount(share.value("paid_share", json())) ||
        !isAmount(share.value("owed_share", json()))) {
      throw b44::InvalidArgumentError(
          "args.users", args.operation() +
                            ": each share needs user_id (or email, first_name, last_name) and "
                            "paid_share and owed_share as decimal strings such as \"12.50\"");
    }
    for (const auto& [key, value] : share.items()) {
      if (key != "user_id" && key != "email" && key != "first_name" && key != "last_name" &&
          key != "paid_share" && key != "owed_share") {
        throw b44::InvalidArgumentError("args.users",
                                        args.operation() + ": unknown share field '" + key + "'");
      }
      body[prefix + key] = value;
    }
  }
}

void expenseShares(const Args& args, ServiceRequest& request) {
  if (!isAmount(args.value("cost"))) {
    throw b44::InvalidArgumentError("args.cost", args.operation() +
                                                     ": 'cost' must be a decimal string with at "
                                                     "most 2 decimals, e.g. \"25.00\"");
  }
  const bool equally = args.optionalBoolean("split_equally").value_or(false);
  const bool shares = args.has("users") && !args.value("users").empty();
  if (equally == shares) {
    throw b44::InvalidArgumentError(
        "args.split_equally",
        args.operation() + ": give either split_equally: true (with group_id) or 'users' shares");
  }
  if (equally && !args.has("group_id")) {
    throw b44::InvalidArgumentError(
        "args.group_id", args.operation() + ": split_equally needs the group's 'group_id'");
  }
  json body = json::parse(request.body);
  if (equally) body["split_equally"] = true;
  if (shares) flattenShares(args, body);
  request.setJsonBody(body);
}

// A non-empty "errors" object ({"base": ["..."], "cost": ["..."]}) or array,
// whatever the status: its first key is the code, its messages the detail.
void errorsField(const AdapterSpec& spec, std::string_view action, const ServiceResponse& response,
                 const json& body) {
  if (!body.is_object() || !body.contains("errors") || body["errors"].empty() ||
      !(body["errors"].is_object() || body["errors"].is_array())) {
    return;
  }
  const json& errors = body["errors"];
  std::string code = "invalid";
  std::string detail;
  if (errors.is_object()) {
    code = errors.begin().key();
    for (const auto& [field, messages] : errors.items()) {
      for (const auto& message : messages.is_array() ? messages : json::array({messages})) {
        if (!message.is_string()) continue;
        detail += (detail.empty() ? "" : "; ") + (field == "base" ? "" : field + ": ") +
                  message.get<std::string>();
      }
    }
  } else {
    for (const auto& message : errors) {
      if (message.is_string()) detail += (detail.empty() ? "" : "; ") + message.get<std::string>();
    }
  }
  throw b44::ServiceError(spec.type, std::string(action), response.status, code, detail, body);
}

}  // namespace

B44_ADAPTER_HOOKS(hooks) {
  hooks.build("expense_shares", expenseShares);
  hooks.check("errors_field", errorsField);
}
