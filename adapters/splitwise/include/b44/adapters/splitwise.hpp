#pragma once
// Typed helpers for the "splitwise" adapter. Header-only: each helper builds
// the action's JSON arguments, calls ServiceClient::invoke and converts the
// JSON result; the host never links the adapter.
//
//   b44::splitwise::Splitwise splitwise(registry.service("splitwise", client));
//   auto me = splitwise.getCurrentUser();
//   for (auto& group : splitwise.getGroups()) ...
//   auto expense = splitwise.createExpense({.cost = "25.00", .description = "Groceries",
//                                           .groupId = 391, .splitEqually = true});
#include <b44/errors.hpp>
#include <b44/service_client.hpp>
#include <b44/typed.hpp>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace b44::splitwise {

// --- Requests -----------------------------------------------------------------

// One person's part of an expense: a user ID, or e-mail and name for someone
// not yet on Splitwise. Amounts are decimal strings ("12.50").
struct Share {
  std::optional<std::int64_t> userId;
  std::optional<std::string> email;
  std::optional<std::string> firstName;
  std::optional<std::string> lastName;
  std::string paidShare;
  std::string owedShare;
};

struct CreateExpenseRequest {
  std::string cost;  // "25.00"
  std::string description;
  std::optional<std::int64_t> groupId;
  bool splitEqually = false;  // among the group, paid by the current user
  std::vector<Share> shares;  // instead of splitEqually
  std::optional<std::string> details;
  std::optional<std::string> date;            // ISO 8601
  std::optional<std::string> repeatInterval;  // never, weekly, fortnightly, monthly, yearly
  std::optional<std::string> currencyCode;
  std::optional<std::int64_t> categoryId;
};

// --- Results ------------------------------------------------------------------

struct User {
  std::int64_t id = 0;
  std::string firstName;
  std::string lastName;
  std::string email;
  std::string registrationStatus;
  std::string defaultCurrency;  // current user only
  std::string locale;           // current user only
  std::string pictureMedium;    // picture.medium
  nlohmann::json raw;
};

struct Group {
  std::int64_t id = 0;
  std::string name;
  std::string groupType;  // home, trip, couple, other, ...
  std::string updatedAt;
  bool simplifyByDefault = false;
  std::string inviteLink;
  std::vector<User> members;
  nlohmann::json raw;
};

struct Expense {
  std::int64_t id = 0;
  std::int64_t groupId = 0;
  std::string description;
  std::string cost;
  std::string currencyCode;
  std::string date;
  std::string createdAt;
  bool payment = false;
  nlohmann::json users;  // the shares as Splitwise answers them
  nlohmann::json raw;
};

// --- JSON conversion ----------------------------------------------------------

inline nlohmann::json toJson(const Share& share) {
  nlohmann::json json = {{"paid_share", share.paidShare}, {"owed_share", share.owedShare}};
  typed::setIf(json, "user_id", share.userId);
  typed::setIf(json, "email", share.email);
  typed::setIf(json, "first_name", share.firstName);
  typed::setIf(json, "last_name", share.lastName);
  return json;
}

inline nlohmann::json toJson(const CreateExpenseRequest& request) {
  nlohmann::json args = {{"cost", request.cost}, {"description", request.description}};
  typed::setIf(args, "group_id", request.groupId);
  if (request.splitEqually) args["split_equally"] = true;
  if (!request.shares.empty()) {
    args["users"] = nlohmann::json::array();
    for (const auto& share : request.shares) args["users"].push_back(toJson(share));
  }
  typed::setIf(args, "details", request.details);
  typed::setIf(args, "date", request.date);
  typed::setIf(args, "repeat_interval", request.repeatInterval);
  typed::setIf(args, "currency_code", request.currencyCode);
  typed::setIf(args, "category_id", request.categoryId);
  return args;
}

inline User userFromJson(const nlohmann::json& json) {
  User user;
  user.id = typed::intField(json, "id");
  user.firstName = typed::stringField(json, "first_name");
  user.lastName = typed::stringField(json, "last_name");
  user.email = typed::stringField(json, "email");
  user.registrationStatus = typed::stringField(json, "registration_status");
  user.defaultCurrency = typed::stringField(json, "default_currency");
  user.locale = typed::stringField(json, "locale");
  user.pictureMedium = typed::stringField(typed::objectField(json, "picture"), "medium");
  user.raw = json;
  return user;
}

inline Group groupFromJson(const nlohmann::json& json) {
  Group group;
  group.id = typed::intField(json, "id");
  group.name = typed::stringField(json, "name");
  group.groupType = typed::stringField(json, "group_type");
  group.updatedAt = typed::stringField(json, "updated_at");
  group.simplifyByDefault = typed::boolField(json, "simplify_by_default");
  group.inviteLink = typed::stringField(json, "invite_link");
  for (const auto& member : typed::arrayField(json, "members")) {
    group.members.push_back(userFromJson(member));
  }
  group.raw = json;
  return group;
}

inline Expense expenseFromJson(const nlohmann::json& json) {
  Expense expense;
  expense.id = typed::intField(json, "id");
  expense.groupId = typed::intField(json, "group_id");
  expense.description = typed::stringField(json, "description");
  expense.cost = typed::stringField(json, "cost");
  expense.currencyCode = typed::stringField(json, "currency_code");
  expense.date = typed::stringField(json, "date");
  expense.createdAt = typed::stringField(json, "created_at");
  expense.payment = typed::boolField(json, "payment");
  expense.users = typed::arrayField(json, "users");
  expense.raw = json;
  return expense;
}

// --- The client ---------------------------------------------------------------

class Splitwise {
 public:
  // `client` comes from registry.service("splitwise", client[, options]).
  explicit Splitwise(ServiceClient client) : client_(std::move(client)) {}

  User getCurrentUser() const {
    return userFromJson(typed::objectField(client_.invoke("get_current_user"), "user"));
  }

  std::vector<Group> getGroups() const {
    const auto result = client_.invoke("get_groups");  // outlives the loop below
    std::vector<Group> groups;
    for (const auto& group : typed::arrayField(result, "groups")) {
      groups.push_back(groupFromJson(group));
    }
    return groups;
  }

  // Splitwise's validation errors (a 200 answer with "errors") arrive as a
  // ServiceError from the adapter.
  Expense createExpense(const CreateExpenseRequest& request) const {
    const auto result = client_.invoke("create_expense", toJson(request));
    const auto& expenses = typed::arrayField(result, "expenses");
    if (expenses.empty()) {
      throw ProtocolError("splitwise.create_expense: the answer has no expense in 'expenses'");
    }
    return expenseFromJson(expenses[0]);
  }

  [[nodiscard]] const ServiceClient& client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace b44::splitwise
