// The googledrive adapter and its typed helpers against the emulator's Drive
// sandbox.
#include "google_support.hpp"

#include <b44/adapters/googledrive.hpp>

namespace b44::adapter_tests {
namespace {

using nlohmann::json;

constexpr const char* kFiles = "https://www.googleapis.com/drive/v3/files";
constexpr const char* kUpload = "https://www.googleapis.com/upload/drive/v3/files";
// Drive's page tokens hold characters that must be percent-encoded.
constexpr const char* kPage2 = "~!!~AI9FV7Q2+xk/p8Zr==";
constexpr const char* kPage2Encoded = "~%21%21~AI9FV7Q2%2Bxk%2Fp8Zr%3D%3D";

class DriveTest : public GoogleAdapterTest {
 protected:
  [[nodiscard]] googledrive::Drive drive(ServiceOptions options = {}) const {
    return googledrive::Drive(service("googledrive", std::move(options)));
  }
};

TEST_F(DriveTest, ListFilesWalksEveryPageAndStops) {
  googledrive::ListFilesRequest request;
  request.q = "name contains 'plan' and trashed = false";
  request.orderBy = "modifiedTime desc";
  request.fields = "nextPageToken, files(id, name, mimeType)";
  request.pageSize = 2;
  const auto files = drive().listFiles(request).all();

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  const std::string first = std::string(kFiles) +
                            "?q=name%20contains%20%27plan%27%20and%20trashed%20%3D%20false"
                            "&orderBy=modifiedTime%20desc"
                            "&fields=nextPageToken%2C%20files%28id%2C%20name%2C%20mimeType%29"
                            "&pageSize=2";
  EXPECT_EQ(sent[0].method, "GET");
  EXPECT_EQ(sent[0].url, first);
  EXPECT_EQ(sent[1].url, first + "&pageToken=" + kPage2Encoded);
  EXPECT_EQ(header(sent[0], "authorization"), bearer(appToken("googledrive")));

  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[0].id, "1a2B3c4D5e6F7g8H9i0J");
  EXPECT_EQ(files[0].name, "Project plan");
  EXPECT_EQ(files[1].mimeType, "application/vnd.google-apps.folder");
  EXPECT_EQ(files[2].name, "Invoice 2024-04.pdf");
}

TEST_F(DriveTest, ListFilesResumesFromASavedPageToken) {
  auto pager = drive().listFiles();
  EXPECT_EQ(pager.nextPage().size(), 2u);
  ASSERT_TRUE(pager.cursor().has_value());
  EXPECT_EQ(*pager.cursor(), kPage2);

  clearRequests();
  googledrive::ListFilesRequest resume;
  resume.pageToken = *pager.cursor();
  auto resumed = drive().listFiles(resume);
  EXPECT_EQ(resumed.nextPage().size(), 1u);
  EXPECT_FALSE(resumed.hasNext());
  EXPECT_EQ(onlyRequest().url, std::string(kFiles) + "?pageToken=" + kPage2Encoded);
}

TEST_F(DriveTest, SharedDriveOptions) {
  googledrive::ListFilesRequest request;
  request.corpora = "drive";
  request.driveId = "0AbCdEfGhIjKlUk9PVA";
  request.includeItemsFromAllDrives = true;
  request.supportsAllDrives = true;
  (void)drive().listFiles(request).nextPage();
  EXPECT_EQ(onlyRequest().url, std::string(kFiles) +
                                   "?corpora=drive&driveId=0AbCdEfGhIjKlUk9PVA"
                                   "&includeItemsFromAllDrives=true&supportsAllDrives=true");
  const auto service = this->service("googledrive");
  clearRequests();
  expectInvalidArgument(*emulator_, "args.corpora", [&] {
    (void)service.invoke("list_files", {{"corpora", "everything"}});
  });
}

TEST_F(DriveTest, ListChangesStopsAtTheNewStartPageToken) {
  const auto token = drive().getStartPageToken({});
  googledrive::ListChangesRequest request;
  request.pageToken = token["startPageToken"].get<std::string>();
  auto pager = drive().listChanges(request);
  const auto first = pager.nextPage();
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].file.name, "Project plan");
  const auto last = pager.nextPage();
  ASSERT_EQ(last.size(), 1u);
  EXPECT_FALSE(pager.hasNext());
  const auto sent = requests();
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[1].url, "https://www.googleapis.com/drive/v3/changes?pageToken=4512");
  EXPECT_EQ(sent[2].url, "https://www.googleapis.com/drive/v3/changes?pageToken=4514");
}

TEST_F(DriveTest, MoveShareAndComment) {
  googledrive::UpdateFileRequest move;
  move.fileId = "1a2B3c4D5e6F7g8H9i0J";
  move.addParents = "0B9f8E7d6C5b4A3z2Y1x";
  move.removeParents = "root";
  (void)drive().updateFile(move);
  auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "PATCH");
  EXPECT_EQ(sent.url,
            "https://www.googleapis.com/drive/v3/files/1a2B3c4D5e6F7g8H9i0J"
            "?addParents=0B9f8E7d6C5b4A3z2Y1x&removeParents=root");
  EXPECT_EQ(sent.body, "{}") << "a move changes no metadata";

  clearRequests();
  const auto permissions = drive().listPermissions("1a2B3c4D5e6F7g8H9i0J").all();
  ASSERT_EQ(permissions.size(), 3u);
  EXPECT_EQ(permissions[2].emailAddress, "grace@example.com");

  clearRequests();
  const auto comments = drive().listComments("1a2B3c4D5e6F7g8H9i0J").all();
  ASSERT_EQ(comments.size(), 3u);
  EXPECT_EQ(comments[0].replies.size(), 1u);
  EXPECT_TRUE(comments[2].resolved);
  EXPECT_EQ(requests()[0].url,
            "https://www.googleapis.com/drive/v3/files/1a2B3c4D5e6F7g8H9i0J/comments?fields=%2A");
}

TEST_F(DriveTest, GetFileMetadata) {
  googledrive::GetFileRequest request;
  request.fileId = "1a2B3c4D5e6F7g8H9i0J";
  request.fields = "id, name, mimeType, size, modifiedTime, parents";
  const auto file = drive().getFile(request);
  EXPECT_EQ(onlyRequest().url, std::string(kFiles) +
                                   "/1a2B3c4D5e6F7g8H9i0J?fields=id%2C%20name%2C%20mimeType%2C%20"
                                   "size%2C%20modifiedTime%2C%20parents");
  EXPECT_EQ(file.id, "1a2B3c4D5e6F7g8H9i0J");
  EXPECT_EQ(file.mimeType, "application/vnd.google-apps.document");
  EXPECT_EQ(file.parents, std::vector<std::string>{"0B1c2D3e4F5g6H7i8J9k"});
  EXPECT_EQ(file.size, "1024");
  EXPECT_EQ(file.modifiedTime, "2024-04-30T17:45:12.345Z");
  EXPECT_EQ(file.webViewLink, "https://docs.google.com/document/d/1a2B3c4D5e6F7g8H9i0J/edit");

  const auto service = this->service("googledrive");
  clearRequests();
  expectInvalidArgument(*emulator_, "args.file_id", [&] {
    (void)service.invoke("get_file", {{"file_id", ".."}});
  });
  expectInvalidArgument(*emulator_, "args.file_id",
                        [&] { (void)service.invoke("get_file", json::object()); });
}

TEST_F(DriveTest, MultipartUploadOnTheUploadUri) {
  googledrive::UploadFileRequest request;
  request.name = "notes.txt";
  request.mimeType = "text/plain";
  request.parents = json::array({"0B1c2D3e4F5g6H7i8J9k"});
  request.content = "Hello from Base44\nSecond line – ünïcode\n";
  const auto file = drive().uploadFile(request);

  const auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, std::string(kUpload) + "?uploadType=multipart");
  EXPECT_EQ(header(sent, "authorization"), bearer(appToken("googledrive")));
  EXPECT_EQ(header(sent, "content-type"), "multipart/related; boundary=b44-related-1");
  ASSERT_TRUE(sent.body.has_value());
  EXPECT_EQ(
      *sent.body,
      "--b44-related-1\r\n"
      "Content-Type: application/json; charset=UTF-8\r\n"
      "\r\n"
      "{\"mimeType\":\"text/plain\",\"name\":\"notes.txt\",\"parents\":[\"0B1c2D3e4F5g6H7i8J9k\"]}"
      "\r\n--b44-related-1\r\n"
      "Content-Type: text/plain\r\n"
      "\r\n"
      "Hello from Base44\nSecond line – ünïcode\n"
      "\r\n--b44-related-1--\r\n");
  EXPECT_EQ(file.id, "1Up2L3o4A5d6E7d8F9i0");
  EXPECT_EQ(file.name, "notes.txt");
}

TEST_F(DriveTest, MultipartBoundaryAvoidsTheContent) {
  googledrive::UploadFileRequest request;
  request.name = "tricky.txt";
  request.content = "--b44-related-1\r\n";
  (void)drive().uploadFile(request);
  const auto sent = onlyRequest();
  EXPECT_EQ(header(sent, "content-type"), "multipart/related; boundary=b44-related-2");
  EXPECT_NE(sent.body->find("Content-Type: text/plain; charset=UTF-8\r\n\r\n--b44-related-1\r\n"
                            "\r\n--b44-related-2--\r\n"),
            std::string::npos);
}

TEST_F(DriveTest, MediaUploadOfBase64Content) {
  // Bytes that are not UTF-8: a PNG signature.
  googledrive::UploadFileRequest request;
  request.mimeType = "image/png";
  request.contentBase64 = "iVBORw0KGgo=";
  request.fields = "id,name,mimeType";
  const auto file = drive().uploadFile(request);

  const auto sent = onlyRequest();
  EXPECT_EQ(sent.url, std::string(kUpload) + "?uploadType=media&fields=id%2Cname%2CmimeType");
  EXPECT_EQ(header(sent, "content-type"), "image/png");
  ASSERT_TRUE(sent.body.has_value());
  EXPECT_EQ(*sent.body, std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(file.name, "Untitled");
  EXPECT_EQ(file.mimeType, "image/png");
}

TEST_F(DriveTest, UploadChecksItsInput) {
  const auto service = this->service("googledrive");
  expectInvalidArgument(*emulator_, "args.content", [&] {
    (void)service.invoke("upload_file", {{"name", "a.txt"}});
  });
  expectInvalidArgument(*emulator_, "args.content", [&] {
    (void)service.invoke("upload_file", {{"content", "x"}, {"content_base64", "eA=="}});
  });
  expectInvalidArgument(*emulator_, "args.content_base64", [&] {
    (void)service.invoke("upload_file", {{"content_base64", "not base64!"}});
  });
  expectInvalidArgument(*emulator_, "args.content", [&] {
    (void)service.invoke("upload_file", {{"content", std::string(5 * 1024 * 1024 + 1, 'x')}});
  });
}

TEST_F(DriveTest, DriveErrorsBecomeServiceErrors) {
  try {
    (void)drive().getFile("missing-file");
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.integrationType(), "googledrive");
    EXPECT_EQ(error.action(), "get_file");
    EXPECT_EQ(error.status(), 404);
    EXPECT_EQ(error.code(), "notFound");
    EXPECT_EQ(error.detail(), "File not found: missing-file.");
  }
}

TEST_F(DriveTest, Base44ProxySendsTheSameUpstreamRequests) {
  googledrive::UploadFileRequest upload;
  upload.name = "notes.txt";
  upload.content = "Hello";
  googledrive::UploadFileRequest media;
  media.content = "Just text";

  (void)drive().listFiles({.q = "trashed = false", .pageSize = 2}).all();
  (void)drive().getFile("1a2B3c4D5e6F7g8H9i0J");
  (void)drive().uploadFile(upload);
  (void)drive().uploadFile(media);
  const auto direct = requests();
  clearRequests();
  const auto files = drive(viaProxy()).listFiles({.q = "trashed = false", .pageSize = 2}).all();
  const auto file = drive(viaProxy()).getFile("1a2B3c4D5e6F7g8H9i0J");
  const auto uploaded = drive(viaProxy()).uploadFile(upload);
  const auto mediaUploaded = drive(viaProxy()).uploadFile(media);
  const auto proxied = requests();

  ASSERT_EQ(direct.size(), 5u);
  ASSERT_EQ(proxied.size(), 5u);
  for (std::size_t i = 0; i < direct.size(); ++i) {
    SCOPED_TRACE(direct[i].url);
    expectSameUpstreamRequest(direct[i], proxied[i]);
  }
  EXPECT_EQ(files.size(), 3u);
  EXPECT_EQ(file.name, "Project plan");
  EXPECT_EQ(uploaded.id, "1Up2L3o4A5d6E7d8F9i0");
  EXPECT_EQ(mediaUploaded.mimeType, "text/plain; charset=UTF-8");
}

}  // namespace
}  // namespace b44::adapter_tests
