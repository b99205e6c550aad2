// The Splitwise adapter (integration type "splitwise").
//
// Checked against Splitwise's official API v3.0 documentation
// (https://dev.splitwise.com, generated from github.com/splitwise/api-docs):
//   https://dev.splitwise.com/#section/Authentication
//       base URL https://secure.splitwise.com/api/v3.0; OAuth 2 access token
//       as "Authorization: Bearer <token>".
//   https://dev.splitwise.com/#tag/users/paths/~1get_current_user/get
//       GET /get_current_user; answers {user: {id, first_name, last_name,
//       email, registration_status, picture, default_currency, locale, ...}}.
//   https://dev.splitwise.com/#tag/groups/paths/~1get_groups/get
//       GET /get_groups; answers {groups: [{id, name, group_type, updated_at,
//       simplify_by_default, members, original_debts, simplified_debts,
//       invite_link, ...}]} — every group at once (no paging); expenses
//       outside any group appear in a group with ID 0.
//   https://dev.splitwise.com/#tag/expenses/paths/~1create_expense/post
//       POST /create_expense with a JSON body: cost (decimal string),
//       description (required), details, date, repeat_interval (never,
//       weekly, fortnightly, monthly, yearly), currency_code, category_id,
//       group_id; either split_equally: true (with group_id; the caller
//       pays) or shares users__{i}__user_id / users__{i}__email,
//       users__{i}__first_name, users__{i}__last_name plus
//       users__{i}__paid_share and users__{i}__owed_share (group_id 0 = no
//       group). Answers {expenses: [...], errors: {...}}: "200 OK does not
//       indicate a successful response. The operation was successful only
//       if errors is empty" — hence checkResponse.
//   https://dev.splitwise.com/#section/Errors (and schemas/errors/*.yaml)
//       401 {error: "..."}; 403/404 {errors: {base: ["..."]}}; 429 when
//       throttled.
#include <b44/errors.hpp>
#include <b44/plugin/basic_adapter.hpp>
#include <b44/plugin/export.hpp>

#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>

namespace {

using b44::plugin::ActionSpec;
using b44::plugin::AdapterSpec;
using b44::plugin::Args;
using b44::plugin::ServiceRequest;
using b44::plugin::ServiceResponse;
using Type = b44::plugin::Parameter::Type;
using nlohmann::json;

bool isAmount(const json& value) {
  static const std::regex amount(R"(^-?[0-9]{1,12}(\.[0-9]{1,2})?$)");
  return value.is_string() && std::regex_match(value.get<std::string>(), amount);
}

// [{user_id | email, first_name, last_name, paid_share, owed_share}, ...] ->
// users__0__user_id, users__0__paid_share, ... as Splitwise spells them.
void flattenShares(const Args& args, json& body) {
  const json& users = args.value("users");
  std::size_t index = 0;
  for (const auto& share : users) {
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

ServiceRequest buildCreateExpense(const Args& args) {
  json body = {{"cost", args.string("cost")}, {"description", args.string("description")}};
  if (!isAmount(body["cost"])) {
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
  body["group_id"] = args.optionalInteger("group_id").value_or(0);
  if (equally) body["split_equally"] = true;
  if (shares) flattenShares(args, body);
  args.toBody(body, "details");
  args.toBody(body, "date");
  if (auto repeat = args.optionalChoice("repeat_interval",
                                        {"never", "weekly", "fortnightly", "monthly", "yearly"})) {
    body["repeat_interval"] = *repeat;
  }
  args.toBody(body, "currency_code");
  args.toBody(body, "category_id");
  ServiceRequest request;
  request.method = "POST";
  request.path = "/create_expense";
  request.setJsonBody(body);
  return request;
}

ServiceRequest buildGet(const char* path) {
  ServiceRequest request;
  request.path = path;
  return request;
}

AdapterSpec splitwiseSpec() {
  AdapterSpec spec;
  spec.type = "splitwise";
  spec.displayName = "Splitwise";
  spec.description = "Splitwise API v3.0: the current user, their groups, new expenses.";
  spec.documentationUrl = "https://dev.splitwise.com/";
  // Raw requests page as get_expenses does, the one list that pages: "offset"
  // (with "limit"), items in "expenses"; the other lists (groups, friends,
  // ...) answer everything at once:
  // https://dev.splitwise.com/#tag/expenses/paths/~1get_expenses/get
  spec.hosts = {b44::plugin::ApiHost{.name = "default",
                                     .baseUrlTemplate = "https://secure.splitwise.com/api/v3.0",
                                     .allowedHosts = {"secure.splitwise.com"},
                                     .pagination = b44::plugin::offset("offset", "/expenses")}};
  spec.token = {.header = "Authorization", .scheme = "Bearer"};
  return spec;
}

class SplitwiseAdapter final : public b44::plugin::BasicAdapter {
 public:
  SplitwiseAdapter() : BasicAdapter(splitwiseSpec()) {
    addAction(
        ActionSpec{
            .name = "get_current_user",
            .description = "Gets the user the token belongs to (get_current_user).",
            .method = "GET",
            .retrySafe = true,
            .parameters = {},
            .example = json::object(),
            .pagination = std::nullopt,
        },
        [](const Args&) { return buildGet("/get_current_user"); });
    addAction(
        ActionSpec{
            .name = "get_groups",
            .description = "Lists the current user's groups with members and balances "
                           "(get_groups; Splitwise returns them all at once).",
            .method = "GET",
            .retrySafe = true,
            .parameters = {},
            .example = json::object(),
            .pagination = std::nullopt,
        },
        [](const Args&) { return buildGet("/get_groups"); });
    addAction(
        ActionSpec{
            .name = "create_expense",
            .description = "Creates an expense, split equally in a group or by explicit shares "
                           "(create_expense). Not retried once it may have arrived.",
            .method = "POST",
            .retrySafe = false,
            .parameters =
                {
                    {"cost", Type::String, true, "Total cost as a decimal string, e.g. \"25.00\"."},
                    {"description", Type::String, true, "Short description, e.g. Groceries."},
                    {"group_id", Type::Integer, false,
                     "The group (required with split_equally); absent or 0 = no group."},
                    {"split_equally", Type::Boolean, false,
                     "true: split equally among the group's members, paid by the current user."},
                    {"users", Type::Array, false,
                     "Shares instead of split_equally: [{\"user_id\": 54123, \"paid_share\": "
                     "\"25.00\", \"owed_share\": \"12.50\"}, ...] (or email, first_name, "
                     "last_name instead of user_id)."},
                    {"details", Type::String, false, "Notes."},
                    {"date", Type::String, false,
                     "When it happened, ISO 8601 (e.g. 2024-05-02T13:00:00Z); default now."},
                    {"repeat_interval", Type::String, false,
                     "never, weekly, fortnightly, monthly or yearly."},
                    {"currency_code", Type::String, false,
                     "Currency, e.g. USD (from "
                     "get_currencies)."},
                    {"category_id", Type::Integer, false, "Category (from get_categories)."},
                },
            .example = {{"cost", "25.00"},
                        {"description", "Groceries"},
                        {"group_id", 391},
                        {"split_equally", true}},
            .pagination = std::nullopt,
        },
        buildCreateExpense);
  }

 protected:
  // Splitwise answers some failures (create_expense validation) with 200 and
  // a non-empty "errors" object, e.g. {"errors": {"base": ["..."]}}.
  void checkResponse(std::string_view action, const ServiceResponse& response,
                     const json& body) const override {
    if (body.is_object() && body.contains("errors") && !body["errors"].empty() &&
        (body["errors"].is_object() || body["errors"].is_array())) {
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
          if (message.is_string())
            detail += (detail.empty() ? "" : "; ") + message.get<std::string>();
        }
      }
      throw b44::ServiceError(spec().type, std::string(action), response.status, code, detail,
                              body);
    }
    BasicAdapter::checkResponse(action, response, body);
  }
};

std::unique_ptr<b44::plugin::Adapter> makeSplitwiseAdapter(std::string_view /*type*/) {
  return std::make_unique<SplitwiseAdapter>();
}

}  // namespace

B44_PLUGIN("1.0.0", "splitwise", makeSplitwiseAdapter)
