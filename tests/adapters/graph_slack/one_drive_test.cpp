// The one_drive adapter and its typed helpers against the emulator's OneDrive
// sandbox (tools/emulator/sandbox/one_drive.json).
#include <b44/adapters/one_drive.hpp>

#include "graph_slack_support.hpp"

namespace b44::adapter_tests {
namespace {

using nlohmann::json;

constexpr const char* kRootChildren = "https://graph.microsoft.com/v1.0/me/drive/root/children";
constexpr const char* kNextLink =
    "https://graph.microsoft.com/v1.0/me/drive/root/children?$skiptoken=UGFnZWQ9VFJVRSZwX0lEPTM";
constexpr const char* kDocumentsFolder = "01BYE5RZ4ZKGDW5X7ZRVH2XOGKJ5OU4ULT";

class OneDriveTest : public GraphSlackTest {
 protected:
  [[nodiscard]] one_drive::OneDrive drive(ServiceOptions options = {}) const {
    return one_drive::OneDrive(service("one_drive", std::move(options)));
  }
};

TEST_F(OneDriveTest, ListRootChildrenWalksEveryPageAndStops) {
  one_drive::ListChildrenRequest options;
  options.top = 2;
  options.select = "id,name,size,folder,file";
  options.orderby = "name";
  const auto items = drive().listChildren(options).all();

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].method, "GET");
  EXPECT_EQ(sent[0].url,
            std::string(kRootChildren) +
                "?%24top=2&%24select=id%2Cname%2Csize%2Cfolder%2Cfile&%24orderby=name");
  EXPECT_EQ(sent[1].method, "GET");
  EXPECT_EQ(sent[1].url, kNextLink) << "the next link is sent as Graph gave it";
  for (const auto& request : sent) {
    EXPECT_EQ(header(request, "authorization"), bearer(kOneDriveToken));
    EXPECT_EQ(header(request, "host"), "graph.microsoft.com");
    EXPECT_FALSE(request.body.has_value());
  }

  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].id, kDocumentsFolder);
  EXPECT_EQ(items[0].name, "Documents");
  EXPECT_TRUE(items[0].isFolder);
  EXPECT_EQ(items[0].childCount, 4);
  EXPECT_EQ(items[1].name, "budget.xlsx");
  EXPECT_FALSE(items[1].isFolder);
  EXPECT_EQ(items[1].size, 35212);
  EXPECT_EQ(items[1].mimeType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(items[2].name, "notes.txt");
  EXPECT_EQ(items[2].parentPath, "/drive/root:");
  EXPECT_EQ(items[2].driveId, "b!t18F8ybsHUq1z3LTz8xvZqP8zaSWjkFNhsME-Fepo75dTf9vQKfeRblBZjoSQrd7");
  EXPECT_NE(items[2].downloadUrl.find("download.aspx"), std::string::npos);
  EXPECT_EQ(items[2].raw.at("file").at("hashes").at("quickXorHash"),
            "m7p0T1k0H2J4K6L8M0N2P4Q6R8S=");
}

TEST_F(OneDriveTest, ListRootChildrenResumesFromASavedNextLink) {
  auto pager = drive().listChildren();
  ASSERT_TRUE(pager.hasNext());
  EXPECT_EQ(pager.nextPage().size(), 2u);
  EXPECT_EQ(onlyRequest().url, kRootChildren);
  ASSERT_TRUE(pager.cursor().has_value());
  const std::string saved = *pager.cursor();
  EXPECT_EQ(saved, kNextLink);

  clearRequests();
  one_drive::ListChildrenRequest resume;
  resume.nextLink = saved;
  auto resumed = drive().listChildren(resume);
  const auto page = resumed.nextPage();
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].name, "notes.txt");
  EXPECT_FALSE(resumed.hasNext());
  EXPECT_FALSE(resumed.cursor().has_value());
  EXPECT_EQ(onlyRequest().url, kNextLink);
}

TEST_F(OneDriveTest, ListChildrenOfAFolderById) {
  one_drive::ListChildrenRequest options;
  options.itemId = kDocumentsFolder;
  const auto items = drive().listChildren(options).all();

  EXPECT_EQ(onlyRequest().url, std::string("https://graph.microsoft.com/v1.0/me/drive/items/") +
                                   kDocumentsFolder + "/children");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].name, "report.docx");
  EXPECT_EQ(items[0].parentId, kDocumentsFolder);
  EXPECT_EQ(items[0].parentPath, "/drive/root:/Documents");
}

TEST_F(OneDriveTest, UploadSmallFilePutsTheTextAtItsPath) {
  const auto file = drive().uploadSmallFile("Documents/notes.txt", "Hello from Base44");

  const auto request = onlyRequest();
  EXPECT_EQ(request.method, "PUT");
  EXPECT_EQ(request.url,
            "https://graph.microsoft.com/v1.0/me/drive/root:/Documents/notes.txt:/content");
  EXPECT_EQ(header(request, "authorization"), bearer(kOneDriveToken));
  EXPECT_EQ(header(request, "content-type"), "text/plain");
  ASSERT_TRUE(request.body.has_value());
  EXPECT_EQ(*request.body, "Hello from Base44");

  EXPECT_EQ(file.id, "01BYE5RZ7XKQ3DR4ZS2JH6XPLH7ARYXUW4");
  EXPECT_EQ(file.name, "notes.txt");
  EXPECT_EQ(file.size, 17);
  EXPECT_EQ(file.mimeType, "text/plain");
  EXPECT_EQ(file.parentId, kDocumentsFolder);
  EXPECT_EQ(file.parentPath, "/drive/root:/Documents");
}

TEST_F(OneDriveTest, UploadSmallFileEncodesEachSegmentAndPassesItsOptions) {
  one_drive::UploadSmallFileRequest upload;
  upload.path = "/Reports 2024/Q1 summary.md";
  upload.content = "# Q1\n\nRevenue: up 12 %\n";
  upload.contentType = "text/markdown; charset=utf-8";
  upload.conflictBehavior = "rename";
  const auto file = drive().uploadSmallFile(upload);

  const auto request = onlyRequest();
  EXPECT_EQ(request.url,
            "https://graph.microsoft.com/v1.0/me/drive/root:/Reports%202024/Q1%20summary.md:/"
            "content?%40microsoft.graph.conflictBehavior=rename");
  EXPECT_EQ(header(request, "content-type"), "text/markdown; charset=utf-8");
  EXPECT_EQ(*request.body, upload.content);
  EXPECT_EQ(file.name, "Q1 summary.md");
}

TEST_F(OneDriveTest, UploadSmallFileChecksItsInput) {
  const auto service = this->service("one_drive");
  auto upload = [&](json args) { (void)service.invoke("upload_small_file", args); };
  for (const std::string& path : std::vector<std::string>{
           "", "/", "..", "Documents/../secret.txt", "./notes.txt", "Documents//notes.txt",
           "Documents/", "Documents:/notes.txt", "Documents\\notes.txt", "notes.txt\r\nX: 1",
           std::string("a\0b", 3)}) {
    SCOPED_TRACE(path);
    expectInvalidArgument(
        *emulator_, "args.path",
        [&] {
          upload({{"path", path}, {"content", "x"}});
        },
        allGroupTokens());
  }
  expectInvalidArgument(*emulator_, "args.content", [&] {
    upload({{"path", "big.txt"}, {"content", std::string(4 * 1024 * 1024 + 1, 'x')}});
  });
  expectInvalidArgument(*emulator_, "args.content_type", [&] {
    upload({{"path", "a.txt"}, {"content", "x"}, {"content_type", "text/plain\r\nX-Injected: 1"}});
  });
  expectInvalidArgument(*emulator_, "args.conflict_behavior", [&] {
    upload({{"path", "a.txt"}, {"content", "x"}, {"conflict_behavior", "overwrite"}});
  });
  expectInvalidArgument(*emulator_, "args.path", [&] { upload({{"content", "x"}}); });
  expectInvalidArgument(*emulator_, "args.content", [&] { upload({{"path", "a.txt"}}); });
  expectInvalidArgument(*emulator_, "args.item_id", [&] {
    (void)service.invoke("list_children", {{"item_id", ".."}});
  });
}

TEST_F(OneDriveTest, UploadingExactlyFourMebibytesIsAllowed) {
  // Checked before sending: 4 MiB is the limit, not one byte less. The sandbox
  // has no route for this path, so the answer is its 404.
  const auto service = this->service("one_drive");
  try {
    (void)service.invoke("upload_small_file",
                         {{"path", "big.txt"}, {"content", std::string(4 * 1024 * 1024, 'x')}});
    FAIL() << "expected the sandbox's 404";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.status(), 404);
  }
  ASSERT_EQ(requests().size(), 1u);
  EXPECT_EQ(requests()[0].body->size(), 4u * 1024 * 1024);
}

TEST_F(OneDriveTest, ANameConflictIsAServiceErrorWithGraphsCode) {
  one_drive::UploadSmallFileRequest upload;
  upload.path = "Documents/notes.txt";
  upload.content = "again";
  upload.conflictBehavior = "fail";
  try {
    (void)drive().uploadSmallFile(upload);
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.integrationType(), "one_drive");
    EXPECT_EQ(error.action(), "upload_small_file");
    EXPECT_EQ(error.status(), 409);
    EXPECT_EQ(error.code(), "nameAlreadyExists");
    EXPECT_NE(error.detail().find("The specified item name already exists."), std::string::npos);
    EXPECT_NE(error.detail().find("request-id 0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"),
              std::string::npos)
        << error.detail();
    EXPECT_EQ(std::string(error.what()).find(kOneDriveToken), std::string::npos);
  }
  EXPECT_EQ(onlyRequest().url,
            "https://graph.microsoft.com/v1.0/me/drive/root:/Documents/notes.txt:/"
            "content?%40microsoft.graph.conflictBehavior=fail");
}

TEST_F(OneDriveTest, AMissingFolderIsAServiceErrorNamingTheRequestId) {
  one_drive::ListChildrenRequest options;
  options.itemId = "01MISSINGITEM";
  auto pager = drive().listChildren(options);
  try {
    (void)pager.nextPage();
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.status(), 404);
    EXPECT_EQ(error.code(), "itemNotFound");
    EXPECT_EQ(error.detail(),
              "The resource could not be found. (request-id 7f3b1c52-3a4e-4b8e-9d2a-0a1b2c3d4e5f)");
    EXPECT_EQ(error.body().at("error").at("code"), "itemNotFound");
  }
}

TEST_F(OneDriveTest, Base44ProxySendsTheSameUpstreamRequests) {
  one_drive::ListChildrenRequest options;
  options.top = 2;
  const auto directItems = drive().listChildren(options).all();
  const auto directFile = drive().uploadSmallFile("Documents/notes.txt", "Hello from Base44");
  const auto direct = requests();
  clearRequests();

  const auto proxiedItems = drive(viaProxy()).listChildren(options).all();
  const auto proxiedFile =
      drive(viaProxy()).uploadSmallFile("Documents/notes.txt", "Hello from Base44");
  const auto proxied = requests();

  ASSERT_EQ(direct.size(), 3u);
  ASSERT_EQ(proxied.size(), 3u);
  expectSameUpstreamRequest(direct[0], proxied[0]);
  expectSameNextPageRequest(direct[1], proxied[1]);
  expectSameUpstreamRequest(direct[2], proxied[2]);
  ASSERT_EQ(proxiedItems.size(), directItems.size());
  EXPECT_EQ(proxiedItems.back().name, "notes.txt");
  EXPECT_EQ(proxiedFile.id, directFile.id);
}

TEST_F(OneDriveTest, AConnectionConfigCannotMoveTheRequests) {
  auto pager = drive(fromWorkspace("one_drive_steered")).listChildren();
  (void)pager.nextPage();
  const auto request = onlyRequest();
  EXPECT_EQ(request.url, kRootChildren);
  EXPECT_EQ(header(request, "host"), "graph.microsoft.com");
  EXPECT_EQ(header(request, "authorization"), bearer(kOneDriveSteeredToken));
}

TEST_F(OneDriveTest, SearchWalksEveryPageOfTheSearchFunction) {
  one_drive::SearchItemsRequest request;
  request.query = "budget";
  request.top = 2;
  const auto items = drive().searchItems(request).all();
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].name, "Budget 2024.xlsx");
  EXPECT_EQ(items[2].name, "Budget 2023.xlsx");
  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].url,
            "https://graph.microsoft.com/v1.0/me/drive/root/search(q='budget')?%24top=2");
  EXPECT_EQ(sent[1].url,
            "https://graph.microsoft.com/v1.0/me/drive/root/search(q='budget')"
            "?$top=2&$skiptoken=UGFnZWQ9VFJVRSZwX1NvcnRCZWhhdmlvcj0x");
}

TEST_F(OneDriveTest, SearchTextIsAnODataLiteralInOneSegment) {
  auto pager = drive().searchItems({.query = "Ada's plan/v2?"});
  try {
    (void)pager.nextPage();
  } catch (const ServiceError&) {
    // The sandbox has no route for this search; the request is what counts.
  }
  EXPECT_EQ(onlyRequest().url,
            "https://graph.microsoft.com/v1.0/me/drive/root/search(q='Ada%27%27s%20plan%2Fv2%3F')");
}

TEST_F(OneDriveTest, PathAddressedActionsEncodeEachSegment) {
  const auto item = drive().getItemByPath("Documents/notes.txt");
  EXPECT_EQ(onlyRequest().url,
            "https://graph.microsoft.com/v1.0/me/drive/root:/Documents/notes.txt");
  EXPECT_EQ(item.name, "notes.txt");
  clearRequests();

  const auto session =
      drive().createUploadSession({.path = "Videos/launch.mp4", .conflictBehavior = "rename"});
  const auto request = onlyRequest();
  EXPECT_EQ(
      request.url,
      "https://graph.microsoft.com/v1.0/me/drive/root:/Videos/launch.mp4:/createUploadSession");
  EXPECT_EQ(jsonBody(request),
            json::parse(R"({"item": {"@microsoft.graph.conflictBehavior": "rename"}})"));
  EXPECT_EQ(session.nextExpectedRanges, std::vector<std::string>{"0-"});
  clearRequests();

  expectInvalidArgument(*emulator_, "args.path",
                        [&] { (void)drive().getItemByPath("Documents/../secret"); });
}

TEST_F(OneDriveTest, CopyIsAcceptedAndDeleteHasNoResult) {
  const auto copied =
      drive().copyItem({.itemId = "01BYE5RZ5MYLM2SMX75ZBIPQZIHT6OAYPB", .name = "copy.txt"});
  EXPECT_TRUE(copied.accepted);
  EXPECT_EQ(copied.status, 202);
  clearRequests();
  EXPECT_TRUE(service("one_drive")
                  .invoke("delete_item", {{"item_id", "01BYE5RZ5MYLM2SMX75ZBIPQZIHT6OAYPB"}})
                  .is_null());
}

}  // namespace
}  // namespace b44::adapter_tests
