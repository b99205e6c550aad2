// The wrike adapter and its typed helpers against the emulator's Wrike sandbox,
// including the host taken from the connection config.
#include "support.hpp"

#include <b44/adapters/wrike.hpp>

namespace b44::adapter_tests {
namespace {

using nlohmann::json;

constexpr const char* kFolder = "IEAAAAAQI4AAAAAA";
constexpr const char* kNextPage = "AFRFSSVGR4ZHUIJTDUUWE3I2LC5HXMTA";

class WrikeTest : public AdapterTest {
 protected:
  [[nodiscard]] wrike::Wrike wrike(ServiceOptions options = {}) const {
    return wrike::Wrike(service("wrike", std::move(options)));
  }
};

TEST_F(WrikeTest, ListFolderTasksOnTheConfiguredHostWalksEveryPage) {
  wrike::ListTasksRequest request;
  request.folderId = kFolder;
  request.status = "Active";
  request.pageSize = 2;
  const auto tasks = wrike().listTasks(request).all();

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  const std::string first =
      "https://app-eu.wrike.com/api/v4/folders/IEAAAAAQI4AAAAAA/tasks?status=Active&pageSize=2";
  EXPECT_EQ(sent[0].method, "GET");
  EXPECT_EQ(sent[0].url, first);
  EXPECT_EQ(sent[1].url, first + "&nextPageToken=" + kNextPage);
  for (const auto& r : sent) {
    EXPECT_EQ(header(r, "authorization"), std::string("Bearer ") + kWrikeToken);
  }

  ASSERT_EQ(tasks.size(), 3u);
  EXPECT_EQ(tasks[0].id, "IEAAAAAQKQAAAAA1");
  EXPECT_EQ(tasks[0].title, "Prepare the launch");
  EXPECT_EQ(tasks[0].importance, "High");
  EXPECT_EQ(tasks[0].dates.type, "Planned");
  EXPECT_EQ(tasks[0].dates.duration, 1920);
  EXPECT_EQ(tasks[0].dates.due, "2024-05-07T17:00:00");
  EXPECT_EQ(tasks[0].permalink, "https://www.wrike.com/open.htm?id=1000001");
  EXPECT_EQ(tasks[1].status, "Completed");
  EXPECT_EQ(tasks[1].dates.type, "Milestone");
  EXPECT_TRUE(tasks[0].dates.hasDuration);
  EXPECT_FALSE(tasks[1].dates.hasDuration);
  EXPECT_EQ(tasks[2].title, "Write release notes");
}

TEST_F(WrikeTest, ListAccountTasksAsksForPagesByDefault) {
  auto pager = wrike().listTasks();
  EXPECT_EQ(pager.nextPage().size(), 1u);
  ASSERT_TRUE(pager.cursor().has_value());
  EXPECT_EQ(*pager.cursor(), kNextPage);
  EXPECT_EQ(onlyRequest().url, "https://app-eu.wrike.com/api/v4/tasks?pageSize=100");

  clearRequests();
  wrike::ListTasksRequest resume;
  resume.nextPageToken = *pager.cursor();
  const auto rest = wrike().listTasks(resume).all();
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].status, "Deferred");
  EXPECT_EQ(onlyRequest().url, std::string("https://app-eu.wrike.com/api/v4/tasks?pageSize=100") +
                                   "&nextPageToken=" + kNextPage);
}

TEST_F(WrikeTest, CreateTaskPostsFormFields) {
  wrike::CreateTaskRequest request;
  request.folderId = kFolder;
  request.title = "Prepare the launch";
  request.description = "Venue & catering";
  request.importance = "High";
  request.dates = {{"type", "Planned"}, {"start", "2024-05-02"}, {"due", "2024-05-06"}};
  request.responsibles = {"KUAAAAAQ"};
  const auto task = wrike().createTask(request);

  const auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, "https://app-eu.wrike.com/api/v4/folders/IEAAAAAQI4AAAAAA/tasks");
  EXPECT_EQ(header(sent, "authorization"), std::string("Bearer ") + kWrikeToken);
  EXPECT_EQ(header(sent, "content-type"), "application/x-www-form-urlencoded");
  ASSERT_TRUE(sent.body.has_value());
  EXPECT_EQ(*sent.body,
            "title=Prepare%20the%20launch&description=Venue%20%26%20catering&importance=High"
            "&dates=%7B%22due%22%3A%222024-05-06%22%2C%22start%22%3A%222024-05-02%22%2C%22type%22"
            "%3A%22Planned%22%7D&responsibles=%5B%22KUAAAAAQ%22%5D");

  EXPECT_EQ(task.id, "IEAAAAAQKQAAAAC1");
  EXPECT_EQ(task.title, "Prepare the launch");
  EXPECT_EQ(task.description, "Venue & catering");
  ASSERT_EQ(task.parentIds.size(), 1u);
  EXPECT_EQ(task.parentIds[0], kFolder);
  EXPECT_EQ(task.status, "Active");
}

TEST_F(WrikeTest, CreateTaskChecksItsInput) {
  const auto service = this->service("wrike");
  expectInvalidArgument(*emulator_, "args.title", [&] {
    (void)service.invoke("create_task", {{"folder_id", kFolder}});
  });
  expectInvalidArgument(*emulator_, "args.folder_id", [&] {
    (void)service.invoke("create_task", {{"title", "x"}});
  });
  expectInvalidArgument(*emulator_, "args.status", [&] {
    (void)service.invoke("create_task",
                         {{"folder_id", kFolder}, {"title", "x"}, {"status", "Open"}});
  });
  expectInvalidArgument(*emulator_, "args.importance", [&] {
    (void)service.invoke("list_tasks", {{"importance", "Urgent"}});
  });
  expectInvalidArgument(*emulator_, "args.folder_id", [&] {
    (void)service.invoke("list_tasks", {{"folder_id", ".."}});
  });
}

TEST_F(WrikeTest, WrikeErrorsBecomeServiceErrors) {
  wrike::ListTasksRequest request;
  request.folderId = "IEAAAAAQI7777777";
  try {
    (void)wrike().listTasks(request).nextPage();
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.integrationType(), "wrike");
    EXPECT_EQ(error.status(), 404);
    EXPECT_EQ(error.code(), "resource_not_found");
    EXPECT_EQ(error.detail(), "Resource 'IEAAAAAQI7777777' not found");
  }
}

TEST_F(WrikeTest, UsHostFromAWorkspaceConnector) {
  (void)wrike(fromWorkspace("wrike_us")).listTasks().nextPage();
  EXPECT_EQ(onlyRequest().url, "https://www.wrike.com/api/v4/tasks?pageSize=100");
}

TEST_F(WrikeTest, MissingHostConfigIsRejected) {
  const auto client = wrike(fromWorkspace("wrike_no_config"));
  expectUnusableConfig(*emulator_, "connectionConfig.host",
                       [&] { (void)client.listTasks().nextPage(); }, {kWrikeBadHostToken});
}

// One test per class of bad host value: each is refused before any request,
// naming connectionConfig.host and never echoing the token.
class WrikeBadHostTest : public WrikeTest,
                         public ::testing::WithParamInterface<std::pair<std::string, std::string>> {
};

TEST_P(WrikeBadHostTest, IsRejectedBeforeAnyRequest) {
  const auto& [connector, host] = GetParam();
  const auto client = wrike(fromWorkspace(connector));
  expectUnusableConfig(*emulator_, "connectionConfig.host",
                       [&] { (void)client.listTasks().nextPage(); }, {kWrikeBadHostToken});
  expectUnusableConfig(*emulator_, "connectionConfig.host",
                       [&] {
                         (void)client.createTask({.folderId = kFolder,
                                                  .title = "x",
                                                  .description = std::nullopt,
                                                  .status = std::nullopt,
                                                  .importance = std::nullopt,
                                                  .dates = nullptr,
                                                  .responsibles = {}});
                       },
                       {kWrikeBadHostToken});
}

INSTANTIATE_TEST_SUITE_P(EveryClass, WrikeBadHostTest, ::testing::ValuesIn(badWrikeHosts()),
                         [](const auto& info) { return info.param.first; });

TEST_F(WrikeTest, Base44ProxySendsTheSameUpstreamRequests) {
  wrike::CreateTaskRequest create;
  create.folderId = kFolder;
  create.title = "Proxied task";
  create.status = "Deferred";
  wrike::ListTasksRequest list;
  list.folderId = kFolder;
  list.pageSize = 2;

  (void)wrike().createTask(create);
  (void)wrike().listTasks(list).all();
  const auto direct = requests();
  clearRequests();
  const auto task = wrike(viaProxy()).createTask(create);
  const auto tasks = wrike(viaProxy()).listTasks(list).all();
  const auto proxied = requests();

  ASSERT_EQ(direct.size(), 3u);
  ASSERT_EQ(proxied.size(), 3u);
  for (std::size_t i = 0; i < direct.size(); ++i) {
    SCOPED_TRACE(direct[i].url);
    expectSameUpstreamRequest(direct[i], proxied[i]);
  }
  EXPECT_EQ(task.title, "Proxied task");
  EXPECT_EQ(tasks.size(), 3u);
}

TEST_F(WrikeTest, UpdateTaskSendsIdListsAsJsonFormFields) {
  const auto task = wrike().updateTask({.taskId = "IEAAAAAQKQAAAAA1",
                                        .title = "Prepare the launch event",
                                        .addResponsibles = json::array({"KUAAAAAC"}),
                                        .removeParents = json::array({"IEAAAAAQI4AAAAAB"})});
  const auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "PUT");
  EXPECT_EQ(sent.url, "https://app-eu.wrike.com/api/v4/tasks/IEAAAAAQKQAAAAA1");
  EXPECT_EQ(header(sent, "content-type"), "application/x-www-form-urlencoded");
  ASSERT_TRUE(sent.body.has_value());
  EXPECT_EQ(*sent.body,
            "title=Prepare%20the%20launch%20event&addResponsibles=%5B%22KUAAAAAC%22%5D"
            "&removeParents=%5B%22IEAAAAAQI4AAAAAB%22%5D");
  EXPECT_EQ(task.title, "Prepare the launch event");
}

TEST_F(WrikeTest, FoldersListTheTreeOrOneFoldersChildren) {
  const auto tree = wrike().listFolders();
  EXPECT_EQ(onlyRequest().url, "https://app-eu.wrike.com/api/v4/folders");
  EXPECT_EQ(tree.kind, "folderTree");
  ASSERT_EQ(tree.folders.size(), 3u);
  EXPECT_TRUE(tree.folders[2].isProject);
  EXPECT_FALSE(tree.folders[1].isProject);

  clearRequests();
  const auto children = wrike().listFolders({.folderId = "IEAAAAAQI4AAAAAB", .project = false});
  EXPECT_EQ(onlyRequest().url,
            "https://app-eu.wrike.com/api/v4/folders/IEAAAAAQI4AAAAAB/folders?project=false");
  ASSERT_EQ(children.folders.size(), 1u);
  EXPECT_EQ(children.folders[0].title, "Launch materials");

  clearRequests();
  const auto me = wrike().getMe();
  EXPECT_EQ(onlyRequest().url, "https://app-eu.wrike.com/api/v4/contacts?me=true");
  EXPECT_TRUE(me.me);
  EXPECT_EQ(me.email, "ada@example.com");
}

}  // namespace
}  // namespace b44::adapter_tests
