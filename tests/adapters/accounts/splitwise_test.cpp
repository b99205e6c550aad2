// The splitwise adapter and its typed helpers against the emulator's Splitwise
// sandbox, including validation errors that arrive with status 200.
#include "accounts_support.hpp"

#include <b44/adapters/splitwise.hpp>

namespace b44::adapter_tests::accounts {
namespace {

using nlohmann::json;

class SplitwiseTest : public AccountsTest {
 protected:
  [[nodiscard]] splitwise::Splitwise splitwise(ServiceOptions options = {}) const {
    return splitwise::Splitwise(service("splitwise", std::move(options)));
  }
  static splitwise::CreateExpenseRequest groceries() {
    splitwise::CreateExpenseRequest request;
    request.cost = "25.00";
    request.description = "Groceries";
    request.groupId = 391;
    request.splitEqually = true;
    return request;
  }
};

TEST_F(SplitwiseTest, GetCurrentUser) {
  const auto me = splitwise().getCurrentUser();
  const auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "GET");
  EXPECT_EQ(sent.url, "https://secure.splitwise.com/api/v3.0/get_current_user");
  EXPECT_EQ(header(sent, "authorization"), bearer(kSplitwiseToken));
  EXPECT_FALSE(sent.body.has_value());
  EXPECT_EQ(me.id, 6788709);
  EXPECT_EQ(me.firstName, "Ada");
  EXPECT_EQ(me.email, "ada@example.com");
  EXPECT_EQ(me.defaultCurrency, "USD");
  EXPECT_EQ(me.locale, "en");
  EXPECT_EQ(me.pictureMedium,
            "https://s3.amazonaws.com/splitwise/uploads/user/avatar/6788709/medium.png");
}

TEST_F(SplitwiseTest, GetGroups) {
  const auto groups = splitwise().getGroups().groups;
  EXPECT_EQ(onlyRequest().url, "https://secure.splitwise.com/api/v3.0/get_groups");
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].id, 0);
  EXPECT_EQ(groups[1].id, 391);
  EXPECT_EQ(groups[1].name, "Housemates 2024");
  EXPECT_EQ(groups[1].groupType, "home");
  EXPECT_TRUE(groups[1].simplifyByDefault);
  ASSERT_EQ(groups[1].members.size(), 2u);
  EXPECT_EQ(groups[1].members[1].lastName, "Turing");
  EXPECT_EQ(groups[1].inviteLink, "https://www.splitwise.com/join/abQwErTyuI+12");
}

TEST_F(SplitwiseTest, CreateExpenseSplitEquallyInAGroup) {
  auto request = groceries();
  request.details = "Market run";
  request.currencyCode = "USD";
  const auto expense = splitwise().createExpense(request);

  const auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, "https://secure.splitwise.com/api/v3.0/create_expense");
  EXPECT_EQ(header(sent, "authorization"), bearer(kSplitwiseToken));
  EXPECT_EQ(header(sent, "content-type"), "application/json");
  EXPECT_EQ(jsonBody(sent), json({{"cost", "25.00"},
                                  {"description", "Groceries"},
                                  {"group_id", 391},
                                  {"split_equally", true},
                                  {"details", "Market run"},
                                  {"currency_code", "USD"}}));
  EXPECT_EQ(expense.id, 51023);
  EXPECT_EQ(expense.groupId, 391);
  EXPECT_EQ(expense.description, "Groceries");
  EXPECT_EQ(expense.cost, "25.00");
  EXPECT_EQ(expense.users.size(), 2u);
}

TEST_F(SplitwiseTest, CreateExpenseByShares) {
  splitwise::CreateExpenseRequest request;
  request.cost = "30.00";
  request.description = "Taxi";
  request.users = json::array({
      {{"user_id", 6788709}, {"paid_share", "30.00"}, {"owed_share", "15.00"}},
      {{"email", "grace@example.com"},
       {"first_name", "Grace"},
       {"last_name", "Hopper"},
       {"paid_share", "0.00"},
       {"owed_share", "15.00"}},
  });
  (void)splitwise().createExpense(request);
  EXPECT_EQ(jsonBody(onlyRequest()), json({{"cost", "30.00"},
                                           {"description", "Taxi"},
                                           {"group_id", 0},
                                           {"users__0__user_id", 6788709},
                                           {"users__0__paid_share", "30.00"},
                                           {"users__0__owed_share", "15.00"},
                                           {"users__1__email", "grace@example.com"},
                                           {"users__1__first_name", "Grace"},
                                           {"users__1__last_name", "Hopper"},
                                           {"users__1__paid_share", "0.00"},
                                           {"users__1__owed_share", "15.00"}}));
}

TEST_F(SplitwiseTest, CreateExpenseChecksItsInput) {
  const auto service = this->service("splitwise");
  const json base = {{"cost", "25.00"}, {"description", "Groceries"}};
  auto with = [&](json extra) {
    json args = base;
    args.update(extra);
    return args;
  };
  expectInvalidArgument(*emulator_, "args.split_equally",
                        [&] { (void)service.invoke("create_expense", base); });
  expectInvalidArgument(*emulator_, "args.group_id", [&] {
    (void)service.invoke("create_expense", with({{"split_equally", true}}));
  });
  expectInvalidArgument(*emulator_, "args.cost", [&] {
    (void)service.invoke("create_expense",
                         with({{"cost", "25,00"}, {"group_id", 391}, {"split_equally", true}}));
  });
  expectInvalidArgument(*emulator_, "args.users", [&] {
    (void)service.invoke("create_expense",
                         with({{"users", json::array({{{"user_id", 1}, {"paid_share", 25}}})}}));
  });
  expectInvalidArgument(*emulator_, "args.users", [&] {
    (void)service.invoke("create_expense", with({{"users", json::array({{{"user_id", 1},
                                                                         {"paid_share", "25.00"},
                                                                         {"owed_share", "25.00"},
                                                                         {"note", "x"}}})}}));
  });
  expectInvalidArgument(*emulator_, "args.repeat_interval", [&] {
    (void)service.invoke(
        "create_expense",
        with({{"group_id", 391}, {"split_equally", true}, {"repeat_interval", "daily"}}));
  });
}

TEST_F(SplitwiseTest, ValidationErrorsInA200AnswerBecomeServiceErrors) {
  auto request = groceries();
  request.cost = "0.00";
  try {
    (void)splitwise().createExpense(request);
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.integrationType(), "splitwise");
    EXPECT_EQ(error.status(), 200);
    EXPECT_EQ(error.code(), "cost");
    EXPECT_EQ(error.detail(), "cost: must be greater than or equal to 0.01");
  }
}

TEST_F(SplitwiseTest, Base44ProxySendsTheSameUpstreamRequests) {
  expectProxyMatchesDirect([&](ServiceOptions options) {
    const auto client = splitwise(std::move(options));
    EXPECT_EQ(client.getCurrentUser().id, 6788709);
    EXPECT_EQ(client.getGroups().groups.size(), 2u);
    EXPECT_EQ(client.createExpense(groceries()).id, 51023);
  });
}

TEST_F(SplitwiseTest, ExpensesArePagedByOffset) {
  const auto expenses = splitwise().getExpenses({.groupId = 3481017, .limit = 2}).all();
  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].url,
            "https://secure.splitwise.com/api/v3.0/get_expenses?group_id=3481017&limit=2");
  EXPECT_EQ(sent[1].url,
            "https://secure.splitwise.com/api/v3.0/get_expenses?group_id=3481017&limit=2&offset=2");
  ASSERT_EQ(expenses.size(), 3u);
  EXPECT_EQ(expenses[0].id, 51022);
  EXPECT_EQ(expenses[1].description, "Electricity");
  EXPECT_EQ(expenses[2].id, 51019);

  clearRequests();
  const auto comment = splitwise().createComment(51022, "Does this include the wine?");
  EXPECT_EQ(jsonBody(onlyRequest()),
            json({{"expense_id", 51022}, {"content", "Does this include the wine?"}}));
  EXPECT_EQ(comment.content, "Does this include the wine?");
  EXPECT_EQ(comment.userId, 6788709);

  clearRequests();
  const auto service = this->service("splitwise");
  expectInvalidArgument(*emulator_, "args.user_id", [&] {
    (void)service.invoke("add_user_to_group", {{"group_id", 3481017}});
  });
}

}  // namespace
}  // namespace b44::adapter_tests::accounts
