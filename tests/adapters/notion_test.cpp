// The notion adapter and its typed helpers against the emulator's Notion sandbox.
#include "support.hpp"

#include <b44/adapters/notion.hpp>

namespace b44::adapter_tests {
namespace {

using nlohmann::json;

constexpr const char* kPageId = "59833787-2cf9-4fdf-8782-e53db20768a5";
constexpr const char* kDatabaseId = "bc1211ca-e3f1-4939-ae34-5260b16f627c";

json titleProperty(const std::string& text) {
  return {{"title", json::array({{{"type", "text"}, {"text", {{"content", text}}}}})}};
}

class NotionTest : public AdapterTest {
 protected:
  [[nodiscard]] notion::Notion notion(ServiceOptions options = {}) const {
    return notion::Notion(service("notion", std::move(options)));
  }

  static void expectNotionHeaders(const emulator::RecordedRequest& request,
                                  const std::string& token) {
    EXPECT_EQ(header(request, "authorization"), "Bearer " + token);
    EXPECT_EQ(header(request, "notion-version"), "2022-06-28");
    EXPECT_EQ(header(request, "content-type"), "application/json");
  }
};

TEST_F(NotionTest, SearchPostsAJsonBodyWithTheNotionVersion) {
  notion::SearchRequest request;
  request.query = "Roadmap";
  request.filter = {{"property", "object"}, {"value", "page"}};
  request.sort = {{"direction", "descending"}, {"timestamp", "last_edited_time"}};
  request.pageSize = 2;
  auto pager = notion().search(request);
  const auto results = pager.all();

  const auto sent = onlyRequest();  // has_more false: one page, then the walk stops
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, "https://api.notion.com/v1/search");
  expectNotionHeaders(sent, kNotionToken);
  EXPECT_EQ(jsonBody(sent),
            json({{"query", "Roadmap"},
                  {"filter", {{"property", "object"}, {"value", "page"}}},
                  {"sort", {{"direction", "descending"}, {"timestamp", "last_edited_time"}}},
                  {"page_size", 2}}));
  EXPECT_FALSE(pager.hasNext());

  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].object, "page");
  EXPECT_EQ(results[0].id, kPageId);
  // A page's title is its property of type title; a database's is its "title" array.
  EXPECT_TRUE(results[0].title.empty());
  EXPECT_EQ(results[0].properties.at("title").at("title").at(0).at("plain_text"), "Roadmap");
  EXPECT_EQ(results[0].parent.type, "workspace");
  EXPECT_TRUE(results[0].parent.workspace);
  EXPECT_EQ(results[0].url, "https://www.notion.so/Roadmap-598337872cf94fdf8782e53db20768a5");
  EXPECT_EQ(results[1].object, "database");
  ASSERT_EQ(results[1].title.size(), 1u);
  EXPECT_EQ(results[1].title[0].plainText, "Roadmap items");
  EXPECT_EQ(results[1].title[0].type, "text");
  EXPECT_EQ(results[1].parent.type, "page_id");
  EXPECT_EQ(results[1].parent.pageId, kPageId);
  EXPECT_TRUE(results[1].properties.contains("Status"));
}

TEST_F(NotionTest, SearchResumesFromASavedCursorInTheBody) {
  notion::SearchRequest request;
  request.query = "Roadmap";
  request.startCursor = "fe2cc560-036c-44cd-90e8-294d5a74cebc";
  auto pager = notion().search(request);
  EXPECT_EQ(pager.nextPage().size(), 2u);
  EXPECT_FALSE(pager.hasNext());
  EXPECT_EQ(jsonBody(onlyRequest()),
            json({{"query", "Roadmap"}, {"start_cursor", "fe2cc560-036c-44cd-90e8-294d5a74cebc"}}));
}

TEST_F(NotionTest, CreatePageUnderAPage) {
  notion::CreatePageRequest request;
  request.parentPageId = kPageId;
  request.title = "Meeting notes";
  request.children = json::array(
      {{{"object", "block"},
        {"type", "paragraph"},
        {"paragraph", {{"rich_text", {{{"type", "text"}, {"text", {{"content", "Agenda"}}}}}}}}}});
  const auto page = notion().createPage(request);

  const auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, "https://api.notion.com/v1/pages");
  expectNotionHeaders(sent, kNotionToken);
  EXPECT_EQ(jsonBody(sent), json({{"parent", {{"page_id", kPageId}}},
                                  {"properties", {{"title", titleProperty("Meeting notes")}}},
                                  {"children", request.children}}));

  EXPECT_EQ(page.object, "page");
  EXPECT_EQ(page.id, "2f26ee68-df30-4251-aad4-8ddc420cba3d");
  // The sandbox echoes the parent as sent, without its "type".
  EXPECT_EQ(page.parent.pageId, kPageId);
  EXPECT_EQ(page.properties, json({{"title", titleProperty("Meeting notes")}}));
  EXPECT_EQ(page.url, "https://www.notion.so/2f26ee68df304251aad48ddc420cba3d");
}

TEST_F(NotionTest, CreatePageInADatabaseFillsItsTitleProperty) {
  notion::CreatePageRequest request;
  request.parentDatabaseId = kDatabaseId;
  request.title = "Ship v2";
  request.properties = {{"Status", {{"select", {{"name", "Planned"}}}}}};
  (void)notion().createPage(request);

  EXPECT_EQ(jsonBody(onlyRequest()), json({{"parent", {{"database_id", kDatabaseId}}},
                                           {"properties",
                                            {{"Status", {{"select", {{"name", "Planned"}}}}},
                                             {"Name", titleProperty("Ship v2")}}}}));
}

TEST_F(NotionTest, CreatePageTakesARawParentAndProperties) {
  const auto service = this->service("notion");
  const json properties = {{"title", titleProperty("Raw")}};
  const auto result = service.invoke(
      "create_page", {{"parent", {{"page_id", kPageId}}}, {"properties", properties}});
  EXPECT_EQ(jsonBody(onlyRequest()),
            json({{"parent", {{"page_id", kPageId}}}, {"properties", properties}}));
  const auto page = result.get<notion::PageObject>();
  EXPECT_EQ(page.parent.pageId, kPageId);
  EXPECT_EQ(page.properties, properties);
  EXPECT_EQ(result.at("properties"), properties);
}

TEST_F(NotionTest, CreatePageNeedsExactlyOneParent) {
  const auto service = this->service("notion");
  expectInvalidArgument(*emulator_, "args.parent", [&] {
    (void)service.invoke("create_page", {{"title", "Orphan"}});
  });
  expectInvalidArgument(*emulator_, "args.parent", [&] {
    (void)service.invoke(
        "create_page",
        {{"parent_page_id", kPageId}, {"parent_database_id", kDatabaseId}, {"title", "Twice"}});
  });
  expectInvalidArgument(*emulator_, "args.properties", [&] {
    (void)service.invoke("create_page", {{"parent_page_id", kPageId}, {"properties", "x"}});
  });
}

TEST_F(NotionTest, Base44ProxySendsTheSameUpstreamRequests) {
  notion::SearchRequest search;
  search.query = "Roadmap";
  notion::CreatePageRequest create;
  create.parentPageId = kPageId;
  create.title = "Proxied";

  (void)notion().search(search).all();
  (void)notion().createPage(create);
  const auto direct = requests();
  clearRequests();
  const auto results = notion(viaProxy()).search(search).all();
  const auto page = notion(viaProxy()).createPage(create);
  const auto proxied = requests();

  ASSERT_EQ(direct.size(), 2u);
  ASSERT_EQ(proxied.size(), 2u);
  for (std::size_t i = 0; i < direct.size(); ++i) {
    SCOPED_TRACE(direct[i].url);
    expectSameUpstreamRequest(direct[i], proxied[i], {"notion-version"});
  }
  EXPECT_EQ(results.size(), 2u);
  EXPECT_EQ(page.parent.pageId, kPageId);
}

TEST_F(NotionTest, QueryDatabaseSendsTheCursorInTheBody) {
  notion::QueryDatabaseRequest request;
  request.databaseId = kDatabaseId;
  request.filter = {{"property", "Status"}, {"select", {{"is_not_empty", true}}}};
  request.pageSize = 1;
  auto pager = notion().queryDatabase(request);
  const auto rows = pager.all();
  EXPECT_FALSE(pager.hasNext());

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  for (const auto& r : sent) {
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.url, std::string("https://api.notion.com/v1/databases/") + kDatabaseId + "/query");
    expectNotionHeaders(r, kNotionToken);
  }
  EXPECT_EQ(jsonBody(sent[0]), json({{"filter", request.filter}, {"page_size", 1}}));
  EXPECT_EQ(jsonBody(sent[1]), json({{"filter", request.filter},
                                     {"page_size", 1},
                                     {"start_cursor", "e6c6f8ff-c70e-4970-91ba-98f03e0d7fc6"}}));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].parent.databaseId, kDatabaseId);
  EXPECT_EQ(rows[1].properties.at("Status").at("select").at("name"), "Done");
}

TEST_F(NotionTest, BlockChildrenAndUsersPageWithAQueryCursor) {
  auto children = notion().listBlockChildren({.blockId = kPageId, .pageSize = 2});
  const auto blocks = children.all();
  auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].url,
            std::string("https://api.notion.com/v1/blocks/") + kPageId + "/children?page_size=2");
  EXPECT_EQ(sent[1].url,
            std::string("https://api.notion.com/v1/blocks/") + kPageId +
                "/children?start_cursor=2ab1d5f3-7a2f-4a8e-b0d4-6a3c1d2e9f10&page_size=2");
  ASSERT_EQ(blocks.size(), 3u);
  EXPECT_EQ(blocks[0].type, "heading_2");
  EXPECT_EQ(blocks[2].type, "to_do");
  EXPECT_EQ(blocks[2].raw.at("to_do").at("checked"), false);

  clearRequests();
  const auto users = notion().listUsers().all();
  ASSERT_EQ(users.size(), 3u);
  EXPECT_EQ(users[0].email, "ada@example.com");
  EXPECT_EQ(users[1].type, "bot");
  EXPECT_EQ(users[2].name, "Grace Hopper");
}

TEST_F(NotionTest, BlocksAreUpdatedAndDeleted) {
  const json toDo = {
      {"rich_text", json::array({{{"type", "text"}, {"text", {{"content", "Done"}}}}})},
      {"checked", true}};
  const auto updated =
      notion().updateBlock({.blockId = "c02fc1d3db8b45c5a22227595b15aea7", .toDo = toDo});
  auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "PATCH");
  EXPECT_EQ(sent.url, "https://api.notion.com/v1/blocks/c02fc1d3db8b45c5a22227595b15aea7");
  EXPECT_EQ(jsonBody(sent), json({{"to_do", toDo}}));
  EXPECT_EQ(updated.type, "to_do");
  EXPECT_EQ(updated.raw.at("to_do"), toDo);

  clearRequests();
  const auto deleted = notion().deleteBlock("c02fc1d3-db8b-45c5-a222-27595b15aea7");
  sent = onlyRequest();
  EXPECT_EQ(sent.method, "DELETE");
  EXPECT_FALSE(sent.body.has_value());
  EXPECT_TRUE(deleted.archived);

  const auto service = this->service("notion");
  clearRequests();
  expectInvalidArgument(*emulator_, "args.block_id", [&] {
    (void)service.invoke("delete_block", {{"block_id", "../pages/x"}});
  });
  expectInvalidArgument(*emulator_, "args.paragraph", [&] {
    (void)service.invoke("update_block", {{"block_id", "c02fc1d3-db8b-45c5-a222-27595b15aea7"}});
  });
}

TEST_F(NotionTest, CommentsStartADiscussionOrReply) {
  const json text = json::array({{{"type", "text"}, {"text", {{"content", "Looks good"}}}}});
  const auto comment = notion().createComment({.parentPageId = kPageId, .richText = text});
  EXPECT_EQ(jsonBody(onlyRequest()),
            json({{"parent", {{"page_id", kPageId}}}, {"rich_text", text}}));
  EXPECT_EQ(comment.discussionId, "f1407351-36f5-4c49-a13c-49f8ba11776d");
  ASSERT_EQ(comment.richText.size(), 1u);

  const auto service = this->service("notion");
  clearRequests();
  expectInvalidArgument(*emulator_, "args.parent_page_id", [&] {
    (void)service.invoke("create_comment", {{"rich_text", text}});
  });
  expectInvalidArgument(*emulator_, "args.discussion_id", [&] {
    (void)service.invoke("create_comment",
                         {{"rich_text", text},
                          {"discussion_id", "f1407351-36f5-4c49-a13c-49f8ba11776d"},
                          {"parent_page_id", kPageId}});
  });

  const auto listed = notion().listComments(kPageId).all();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[1].richText.at(0).plainText, "Agreed, let's ship.");
}

TEST_F(NotionTest, AnUnsharedPageIsObjectNotFound) {
  try {
    (void)notion().getPage("00000000-0000-0000-0000-000000000000");
    ADD_FAILURE() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.status(), 404);
    EXPECT_EQ(error.code(), "object_not_found");
    EXPECT_EQ(error.action(), "get_page");
  }
}

TEST_F(NotionTest, WorkspaceConnectorUsesItsToken) {
  (void)notion(fromWorkspace("notion_ws")).search().nextPage();
  expectNotionHeaders(onlyRequest(), kNotionWorkspaceToken);
}

}  // namespace
}  // namespace b44::adapter_tests
