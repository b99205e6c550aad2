// The box adapter and its typed helpers against the emulator's Box sandbox:
// reads on api.box.com, uploads on upload.box.com.
#include "dev_tools_support.hpp"

#include <b44/adapters/box.hpp>

namespace b44::adapter_tests {
namespace {

using nlohmann::json;

const std::string kBearer = std::string("Bearer ") + kBoxToken;
constexpr const char* kMarker = "JV9IRGZmieiBasejOG9yDCRNgd2ymoZIbjsxbJMjIs3kioVii";

class BoxTest : public DevToolsTest {
 protected:
  [[nodiscard]] box::Box box(ServiceOptions options = {}) const {
    return box::Box(service("box", std::move(options)));
  }
};

TEST_F(BoxTest, ListFolderItemsWalksEveryPageWithMarkers) {
  box::ListFolderItemsRequest request;
  request.folderId = "11446498";
  request.fields = {"name", "sha1"};
  request.limit = 2;
  request.sort = "name";
  request.direction = "ASC";
  auto pager = box().listFolderItems(request);
  const auto items = pager.all();
  EXPECT_FALSE(pager.hasNext());

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  const std::string first =
      "https://api.box.com/2.0/folders/11446498/items?fields=name%2Csha1&usemarker=true"
      "&limit=2&sort=name&direction=ASC";
  EXPECT_EQ(sent[0].url, first);
  EXPECT_EQ(sent[1].url, first + "&marker=" + kMarker);
  for (const auto& r : sent) {
    EXPECT_EQ(r.method, "GET");
    EXPECT_EQ(header(r, "authorization"), kBearer);
  }

  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].type, "folder");
  EXPECT_EQ(items[0].name, "Contracts");
  EXPECT_EQ(items[1].type, "file");
  EXPECT_EQ(items[1].id, "12345");
  EXPECT_EQ(items[1].sha1, "134B65991ED521FCFE4724B7D814AB8DED5185DC");
  EXPECT_EQ(items[2].name, "Budget.xlsx");
}

TEST_F(BoxTest, ListFolderItemsResumesFromASavedMarker) {
  auto first = box().listFolderItems({.folderId = "0"});
  EXPECT_EQ(first.nextPage().size(), 2u);
  EXPECT_EQ(onlyRequest().url, "https://api.box.com/2.0/folders/0/items?usemarker=true");
  ASSERT_TRUE(first.cursor().has_value());
  EXPECT_EQ(*first.cursor(), kMarker);

  clearRequests();
  box::ListFolderItemsRequest resume;
  resume.folderId = "0";
  resume.marker = *first.cursor();
  auto rest = box().listFolderItems(resume);
  EXPECT_EQ(rest.all().size(), 1u);
  EXPECT_FALSE(rest.hasNext());
  EXPECT_EQ(
      onlyRequest().url,
      std::string("https://api.box.com/2.0/folders/0/items?usemarker=true&marker=") + kMarker);
}

TEST_F(BoxTest, GetFileReadsTheFileObject) {
  const auto file = box().getFile({.fileId = "12345", .fields = {"name", "size", "parent"}});

  (void)expectOnly("GET", "https://api.box.com/2.0/files/12345?fields=name%2Csize%2Cparent",
                   kBearer);
  EXPECT_EQ(file.type, "file");
  EXPECT_EQ(file.id, "12345");
  EXPECT_EQ(file.name, "Contract.pdf");
  EXPECT_EQ(file.size, 629644);
  EXPECT_EQ(file.parentId, "11446498");
  EXPECT_EQ(file.description, "Contract for Q2");
  EXPECT_EQ(file.raw.at("owned_by").at("login"), "sean@box.com");
}

TEST_F(BoxTest, UploadSendsAttributesBeforeTheFileToTheUploadHost) {
  box::UploadFileRequest request;
  request.folderId = "0";
  request.name = "hello \"world\".txt";
  request.content = "Hello from Base44";
  request.contentModifiedAt = "2024-05-01T10:00:00-07:00";
  const auto file = box().uploadFile(request);

  const auto sent = expectOnly("POST", "https://upload.box.com/api/2.0/files/content", kBearer);
  const std::string boundary = "b44-box-upload-7MA4YWxkTrZu0gW";
  EXPECT_EQ(header(sent, "content-type"), "multipart/form-data; boundary=" + boundary);
  ASSERT_TRUE(sent.body.has_value());
  EXPECT_EQ(
      *sent.body,
      "--" + boundary +
          "\r\n"
          "Content-Disposition: form-data; name=\"attributes\"\r\n\r\n"
          R"({"content_modified_at":"2024-05-01T10:00:00-07:00","name":"hello \"world\".txt",)"
          R"("parent":{"id":"0"}})"
          "\r\n--" +
          boundary +
          "\r\n"
          "Content-Disposition: form-data; name=\"file\"; filename=\"hello _world_.txt\"\r\n"
          "Content-Type: application/octet-stream\r\n\r\n"
          "Hello from Base44\r\n--" +
          boundary + "--\r\n");

  EXPECT_EQ(file.id, "12349");
  EXPECT_EQ(file.name, "hello.txt");
  EXPECT_EQ(file.size, 17);
  EXPECT_EQ(file.parentId, "0");
}

TEST_F(BoxTest, TheBoundaryNeverOccursInTheContent) {
  const std::string tricky = "--b44-box-upload-7MA4YWxkTrZu0gW--\r\n";
  (void)box().uploadFile({.folderId = "0", .name = "a.txt", .content = tricky});
  const auto sent = onlyRequest();
  const auto type = header(sent, "content-type");
  const std::string boundary = type.substr(type.find("boundary=") + 9);
  EXPECT_EQ(boundary, "b44-box-upload-7MA4YWxkTrZu0gWx");
  ASSERT_TRUE(sent.body.has_value());
  EXPECT_NE(sent.body->find(tricky), std::string::npos);
  // The body holds exactly three boundary lines: two parts and the end.
  std::size_t count = 0;
  for (auto at = sent.body->find("--" + boundary); at != std::string::npos;
       at = sent.body->find("--" + boundary, at + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 3u);
}

TEST_F(BoxTest, BadInputIsRejectedBeforeSending) {
  const auto service = this->service("box");
  expectInvalidArgument(*emulator_, "args.folder_id", [&] {
    (void)service.invoke("list_folder_items", {{"folder_id", ".."}});
  });
  expectInvalidArgument(*emulator_, "args.file_id",
                        [&] { (void)service.invoke("get_file", json::object()); });
  expectInvalidArgument(*emulator_, "args.direction", [&] {
    (void)service.invoke("list_folder_items", {{"folder_id", "0"}, {"direction", "up"}});
  });
  expectInvalidArgument(*emulator_, "args.content", [&] {
    (void)service.invoke("upload_file", {{"folder_id", "0"}, {"name", "a.txt"}});
  });
}

TEST_F(BoxTest, BoxErrorsBecomeServiceErrors) {
  const auto error = expectServiceError([&] { (void)box().getFile("99999999"); }, 404, "not_found");
  EXPECT_EQ(error.detail(), "Not Found");
  EXPECT_EQ(error.action(), "get_file");
}

TEST_F(BoxTest, Base44ProxySendsTheSameUpstreamRequests) {
  expectProxySendsTheSame(
      [&](const ServiceOptions& options) {
        EXPECT_EQ(
            box(options).listFolderItems({.folderId = "0", .fields = {}, .limit = 2}).all().size(),
            3u);
        EXPECT_EQ(box(options).getFile("12345").name, "Contract.pdf");
        EXPECT_EQ(box(options).uploadFile({.folderId = "0", .name = "a.txt", .content = "x"}).id,
                  "12349");
      },
      4);
}

TEST_F(BoxTest, SearchStopsAtTheTotalCount) {
  auto pager = box().search({.query = "sales report", .limit = 1});
  const auto found = pager.all();
  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);  // offset 0 and 1: total_count 2 ends the walk without an empty page
  EXPECT_EQ(sent[0].url, "https://api.box.com/2.0/search?query=sales%20report&limit=1");
  EXPECT_EQ(sent[1].url, "https://api.box.com/2.0/search?query=sales%20report&limit=1&offset=1");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[1].name, "Sales report Q1.pdf");
}

TEST_F(BoxTest, SharedLinksAndDeletesAnswerAsBoxDoes) {
  const auto shared = box().createSharedLink({.fileId = "12345", .access = "open"});
  const auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "PUT");
  EXPECT_EQ(sent.url, "https://api.box.com/2.0/files/12345?fields=shared_link");
  EXPECT_EQ(jsonBody(sent), json({{"shared_link", {{"access", "open"}}}}));
  EXPECT_EQ(shared.url, "https://app.box.com/s/kwio6b4ovt1264rnfbyqo1");
  EXPECT_EQ(shared.access, "open");

  clearRequests();
  EXPECT_TRUE(box().deleteFile({.fileId = "12345", .ifMatch = "2"}).is_null());
  EXPECT_EQ(header(onlyRequest(), "if-match"), "2");

  (void)expectServiceError([&] { (void)box().deleteFolder("4353455"); }, 400, "folder_not_empty");
}

}  // namespace
}  // namespace b44::adapter_tests
