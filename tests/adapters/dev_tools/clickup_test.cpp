// The clickup adapter and its typed helpers against the emulator's ClickUp
// sandbox.
#include "dev_tools_support.hpp"

#include <b44/adapters/clickup.hpp>

namespace b44::adapter_tests {
namespace {

using nlohmann::json;

// ClickUp's OAuth access tokens travel with the Bearer scheme (personal pk_
// tokens would not; Base44 holds OAuth tokens).
const std::string kBearer = std::string("Bearer ") + kClickUpToken;
constexpr const char* kList = "900100200300";

class ClickUpTest : public DevToolsTest {
 protected:
  [[nodiscard]] clickup::ClickUp clickup(ServiceOptions options = {}) const {
    return clickup::ClickUp(service("clickup", std::move(options)));
  }
};

TEST_F(ClickUpTest, GetAuthorizedUserPresentsTheOAuthTokenAsBearer) {
  const auto user = clickup().getAuthorizedUser();
  const auto sent = expectOnly("GET", "https://api.clickup.com/api/v2/user", kBearer);
  EXPECT_FALSE(sent.body.has_value());
  EXPECT_EQ(user.id, 123);
  EXPECT_EQ(user.username, "John Doe");
  EXPECT_EQ(user.email, "john@example.com");
  EXPECT_EQ(user.color, "#000000");
  EXPECT_EQ(user.raw.at("timezone"), "Europe/Berlin");
}

TEST_F(ClickUpTest, GetTasksWalksPagesUntilLastPage) {
  clickup::GetTasksRequest request;
  request.listId = kList;
  request.includeClosed = true;
  request.orderBy = "updated";
  request.statuses = {"to do", "in progress"};
  request.assignees = {183};
  auto pager = clickup().getTasks(request);
  const auto tasks = pager.all();
  EXPECT_FALSE(pager.hasNext());

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  const std::string first =
      "https://api.clickup.com/api/v2/list/900100200300/task?include_closed=true&order_by=updated"
      "&statuses%5B%5D=to%20do&statuses%5B%5D=in%20progress&assignees%5B%5D=183";
  EXPECT_EQ(sent[0].url, first);
  EXPECT_EQ(sent[1].url, first + "&page=1");
  for (const auto& r : sent) {
    EXPECT_EQ(r.method, "GET");
    EXPECT_EQ(header(r, "authorization"), kBearer);
  }

  ASSERT_EQ(tasks.size(), 3u);
  EXPECT_EQ(tasks[0].id, "86a0f3c1");
  EXPECT_EQ(tasks[0].name, "Write the release notes");
  EXPECT_EQ(tasks[0].status, "in progress");
  EXPECT_EQ(tasks[0].priority, "high");
  EXPECT_EQ(tasks[0].dueDate, "1714608000000");
  EXPECT_EQ(tasks[0].listId, kList);
  ASSERT_EQ(tasks[0].assignees.size(), 1u);
  EXPECT_EQ(tasks[0].assignees[0].username, "Jane Roe");
  ASSERT_EQ(tasks[0].tags.size(), 1u);
  EXPECT_EQ(tasks[0].tags[0].name, "docs");
  EXPECT_EQ(tasks[1].customId, "REL-12");
  EXPECT_EQ(tasks[1].parent, "86a0f3c1");
  EXPECT_EQ(tasks[1].priority, "");
  EXPECT_EQ(tasks[2].status, "complete");
}

TEST_F(ClickUpTest, GetTasksResumesFromASavedPage) {
  auto first = clickup().getTasks({.listId = kList});
  EXPECT_EQ(first.nextPage().size(), 2u);
  ASSERT_TRUE(first.cursor().has_value());
  EXPECT_EQ(*first.cursor(), "1");
  EXPECT_EQ(onlyRequest().url, "https://api.clickup.com/api/v2/list/900100200300/task");

  clearRequests();
  clickup::GetTasksRequest resume{.listId = kList};
  resume.page = *first.cursor();
  auto rest = clickup().getTasks(resume);
  EXPECT_EQ(rest.all().size(), 1u);
  EXPECT_FALSE(rest.hasNext());
  EXPECT_EQ(onlyRequest().url, "https://api.clickup.com/api/v2/list/900100200300/task?page=1");

  // The untyped route: the adapter adds next_page, and a numeric page works.
  clearRequests();
  const auto page = service("clickup").invokePage("get_tasks", {{"list_id", kList}, {"page", 0}});
  EXPECT_EQ(page.result.at("next_page"), 1);
  EXPECT_EQ(page.nextCursor, std::optional<std::string>("1"));
  EXPECT_EQ(onlyRequest().url, "https://api.clickup.com/api/v2/list/900100200300/task?page=0");
}

TEST_F(ClickUpTest, CreateTaskPostsJsonToTheList) {
  clickup::CreateTaskRequest request;
  request.listId = kList;
  request.name = "Write the release notes";
  request.description = "For version 2.1";
  request.assignees = {183};
  request.tags = {"docs"};
  request.priority = 3;
  request.dueDate = 1714608000000;
  request.dueDateTime = false;
  request.notifyAll = true;
  const auto task = clickup().createTask(request);

  const auto sent =
      expectOnly("POST", "https://api.clickup.com/api/v2/list/900100200300/task", kBearer);
  EXPECT_EQ(header(sent, "content-type"), "application/json");
  EXPECT_EQ(jsonBody(sent), json({{"name", "Write the release notes"},
                                  {"description", "For version 2.1"},
                                  {"assignees", {183}},
                                  {"tags", {"docs"}},
                                  {"priority", 3},
                                  {"due_date", 1714608000000},
                                  {"due_date_time", false},
                                  {"notify_all", true}}));

  EXPECT_EQ(task.id, "86a0f3d9");
  EXPECT_EQ(task.name, "Write the release notes");
  EXPECT_EQ(task.description, "For version 2.1");
  EXPECT_EQ(task.priority, "normal");
  EXPECT_EQ(task.status, "to do");
  EXPECT_EQ(task.listId, kList);
  EXPECT_EQ(task.url, "https://app.clickup.com/t/86a0f3d9");
}

TEST_F(ClickUpTest, CreateSubtaskWithMarkdown) {
  const auto task = clickup().createTask({.listId = kList,
                                          .name = "Subtask",
                                          .description = std::nullopt,
                                          .markdownContent = "**bold**",
                                          .assignees = {},
                                          .tags = {},
                                          .status = "to do",
                                          .priority = std::nullopt,
                                          .dueDate = std::nullopt,
                                          .dueDateTime = std::nullopt,
                                          .startDate = std::nullopt,
                                          .notifyAll = std::nullopt,
                                          .parent = "86a0f3c1"});
  EXPECT_EQ(jsonBody(onlyRequest()), json({{"name", "Subtask"},
                                           {"markdown_content", "**bold**"},
                                           {"status", "to do"},
                                           {"parent", "86a0f3c1"}}));
  EXPECT_EQ(task.parent, "86a0f3c1");
}

TEST_F(ClickUpTest, BadInputIsRejectedBeforeSending) {
  const auto service = this->service("clickup");
  expectInvalidArgument(*emulator_, "args.name", [&] {
    (void)service.invoke("create_task", {{"list_id", kList}});
  });
  expectInvalidArgument(*emulator_, "args.list_id", [&] {
    (void)service.invoke("create_task", {{"list_id", ".."}, {"name", "x"}});
  });
  expectInvalidArgument(*emulator_, "args.priority", [&] {
    (void)service.invoke("create_task", {{"list_id", kList}, {"name", "x"}, {"priority", 5}});
  });
  expectInvalidArgument(*emulator_, "args.order_by", [&] {
    (void)service.invoke("get_tasks", {{"list_id", kList}, {"order_by", "name"}});
  });
  expectInvalidArgument(*emulator_, "args.page", [&] {
    (void)service.invoke("get_tasks", {{"list_id", kList}, {"page", "1&archived=true"}});
  });
  expectInvalidArgument(*emulator_, "args.page", [&] {
    (void)service.invoke("get_tasks", {{"list_id", kList}, {"page", -1}});
  });
  expectInvalidArgument(*emulator_, "args.statuses", [&] {
    (void)service.invoke("get_tasks", {{"list_id", kList}, {"statuses", {json::object()}}});
  });
}

TEST_F(ClickUpTest, ClickUpErrorsBecomeServiceErrors) {
  const auto error = expectServiceError(
      [&] { (void)clickup().getTasks({.listId = "900100200399"}).nextPage(); }, 401, "OAUTH_027");
  EXPECT_EQ(error.detail(), "Team not authorized");
  // A 401 makes the SDK fetch the connection again and retry once, no more.
  EXPECT_EQ(requests().size(), 2u);
}

TEST_F(ClickUpTest, DeclaresClickUpsRateLimitSignals) {
  const auto& limits = registry().adapter("clickup")->spec().rateLimit;
  EXPECT_TRUE(limits.extraStatuses.empty());
  EXPECT_EQ(limits.remainingHeader, "X-RateLimit-Remaining");
  EXPECT_EQ(limits.resetHeader, "X-RateLimit-Reset");
  EXPECT_EQ(limits.resetFormat, plugin::RateLimitSignals::ResetFormat::EpochSeconds);
}

TEST_F(ClickUpTest, Base44ProxySendsTheSameUpstreamRequests) {
  expectProxySendsTheSame(
      [&](const ServiceOptions& options) {
        EXPECT_EQ(clickup(options).getAuthorizedUser().id, 123);
        EXPECT_EQ(clickup(options).getTasks({.listId = kList, .archived = false}).all().size(), 3u);
        EXPECT_EQ(clickup(options).createTask({.listId = kList, .name = "Proxied"}).name,
                  "Proxied");
      },
      4);
}

TEST_F(ClickUpTest, WalksTheHierarchyDownToLists) {
  const auto workspaces = clickup().listWorkspaces();
  ASSERT_EQ(workspaces.workspaces.size(), 1u);
  const auto spaces = clickup().listSpaces(workspaces.workspaces[0].id);
  ASSERT_EQ(spaces.spaces.size(), 1u);
  const auto folders = clickup().listFolders(spaces.spaces[0].id);
  ASSERT_EQ(folders.folders.size(), 1u);
  const auto lists = clickup().listLists(folders.folders[0].id);
  ASSERT_EQ(lists.lists.size(), 2u);
  EXPECT_EQ(lists.lists[0].folderId, "457");
  const auto loose = clickup().listFolderlessLists({.spaceId = "789", .archived = false});
  ASSERT_EQ(loose.lists.size(), 1u);
  EXPECT_EQ(loose.lists[0].name, "Ideas");

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 5u);
  EXPECT_EQ(sent[0].url, "https://api.clickup.com/api/v2/team");
  EXPECT_EQ(sent[1].url, "https://api.clickup.com/api/v2/team/9011223344/space");
  EXPECT_EQ(sent[2].url, "https://api.clickup.com/api/v2/space/789/folder");
  EXPECT_EQ(sent[3].url, "https://api.clickup.com/api/v2/folder/457/list");
  EXPECT_EQ(sent[4].url, "https://api.clickup.com/api/v2/space/789/list?archived=false");
}

TEST_F(ClickUpTest, UpdateTaskNestsAssigneeChanges) {
  const auto task = clickup().updateTask({.taskId = "86a1b2c3d",
                                          .status = "complete",
                                          .addAssignees = json::array({183}),
                                          .removeAssignees = json::array({123})});
  const auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "PUT");
  EXPECT_EQ(jsonBody(sent),
            json({{"status", "complete"}, {"assignees", {{"add", {183}}, {"rem", {123}}}}}));
  EXPECT_EQ(task.status, "complete");

  clearRequests();
  EXPECT_TRUE(clickup().deleteTask("86a1b2c3d").is_null());
  EXPECT_EQ(onlyRequest().method, "DELETE");
}

}  // namespace
}  // namespace b44::adapter_tests
