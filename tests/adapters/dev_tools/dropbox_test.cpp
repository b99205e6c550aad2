// The dropbox adapter and its typed helpers against the emulator's Dropbox
// sandbox: RPC calls on the API host, uploads on the content host.
#include "dev_tools_support.hpp"

#include <b44/adapters/dropbox.hpp>

namespace b44::adapter_tests {
namespace {

using nlohmann::json;

const std::string kBearer = std::string("Bearer ") + kDropboxToken;
constexpr const char* kSecondPage = "ZtkX9_EHj3x7PMkVuFIhwKYXEpwpLwyxp9vMKomUhllil9q7eWiAu";

class DropboxTest : public DevToolsTest {
 protected:
  [[nodiscard]] dropbox::Dropbox dropbox(ServiceOptions options = {}) const {
    return dropbox::Dropbox(service("dropbox", std::move(options)));
  }
};

TEST_F(DropboxTest, GetCurrentAccountIsABodylessRpcCall) {
  const auto account = dropbox().getCurrentAccount();

  const auto sent =
      expectOnly("POST", "https://api.dropboxapi.com/2/users/get_current_account", kBearer);
  EXPECT_FALSE(sent.body.has_value());
  EXPECT_EQ(header(sent, "content-type"), "");

  EXPECT_EQ(account.accountId, "dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc");
  EXPECT_EQ(account.displayName, "Franz Ferdinand (Personal)");
  EXPECT_EQ(account.givenName, "Franz");
  EXPECT_EQ(account.surname, "Ferdinand");
  EXPECT_EQ(account.email, "franz@dropbox.com");
  EXPECT_TRUE(account.emailVerified);
  EXPECT_EQ(account.accountType, "basic");
  EXPECT_EQ(account.country, "US");
}

TEST_F(DropboxTest, ListFolderContinuesOnTheContinueEndpoint) {
  dropbox::ListFolderRequest request;
  request.path = "/Documents";
  request.recursive = false;
  request.limit = 2;
  auto pager = dropbox().listFolder(request);
  const auto entries = pager.all();
  EXPECT_FALSE(pager.hasNext());

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].method, "POST");
  EXPECT_EQ(sent[0].url, "https://api.dropboxapi.com/2/files/list_folder");
  EXPECT_EQ(jsonBody(sent[0]), json({{"path", "/Documents"}, {"recursive", false}, {"limit", 2}}));
  EXPECT_EQ(sent[1].method, "POST");
  EXPECT_EQ(sent[1].url, "https://api.dropboxapi.com/2/files/list_folder/continue");
  EXPECT_EQ(jsonBody(sent[1]), json({{"cursor", kSecondPage}}));
  for (const auto& r : sent) {
    EXPECT_EQ(header(r, "authorization"), kBearer);
    EXPECT_EQ(header(r, "content-type"), "application/json");
  }

  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].tag, "folder");
  EXPECT_EQ(entries[0].pathDisplay, "/Documents/Reports");
  EXPECT_EQ(entries[1].tag, "file");
  EXPECT_EQ(entries[1].name, "Prime_Numbers.txt");
  EXPECT_EQ(entries[1].size, 7212);
  EXPECT_EQ(entries[1].rev, "a1c10ce0dd78");
  EXPECT_EQ(entries[2].pathLower, "/documents/budget 2024.xlsx");
}

TEST_F(DropboxTest, ListFolderResumesFromASavedCursor) {
  auto first = dropbox().listFolder({.path = ""});
  EXPECT_EQ(first.nextPage().size(), 2u);
  ASSERT_TRUE(first.cursor().has_value());
  EXPECT_EQ(*first.cursor(), kSecondPage);
  EXPECT_EQ(jsonBody(onlyRequest()), json({{"path", ""}}));  // "" is the root

  clearRequests();
  dropbox::ListFolderRequest resume;
  resume.cursor = *first.cursor();
  auto rest = dropbox().listFolder(resume);
  EXPECT_EQ(rest.all().size(), 1u);
  EXPECT_FALSE(rest.hasNext());
  const auto sent = onlyRequest();
  EXPECT_EQ(sent.url, "https://api.dropboxapi.com/2/files/list_folder/continue");
  EXPECT_EQ(jsonBody(sent), json({{"cursor", kSecondPage}}));
}

TEST_F(DropboxTest, UploadSendsTheFileWithHeaderSafeJsonArguments) {
  dropbox::UploadFileRequest request;
  // é (2 bytes), ☕ (3 bytes), 𝄞 (4 bytes: a surrogate pair), DEL and a newline.
  request.path = "/Documents/Café ☕ 𝄞\x7f\n.txt";
  request.content = "Hello from Base44";
  request.mode = "overwrite";
  request.mute = true;
  const auto file = dropbox().uploadFile(request);

  const auto sent = expectOnly("POST", "https://content.dropboxapi.com/2/files/upload", kBearer);
  EXPECT_EQ(header(sent, "content-type"), "application/octet-stream");
  ASSERT_TRUE(sent.body.has_value());
  EXPECT_EQ(*sent.body, "Hello from Base44");
  EXPECT_EQ(header(sent, "dropbox-api-arg"),
            R"({"mode":"overwrite","mute":true,"path":"/Documents/Caf\u00e9 \u2615 )"
            R"(\ud834\udd1e\u007f\n.txt"})");
  EXPECT_EQ(json::parse(header(sent, "dropbox-api-arg")).at("path"), request.path);

  EXPECT_EQ(file.name, "hello.txt");
  EXPECT_EQ(file.id, "id:a4ayc_80_OEAAAAAAAAAYb");
  EXPECT_EQ(file.size, 17);
  EXPECT_EQ(file.rev, "a1c10ce0dd7a");
  EXPECT_NE(file.tag, "folder");
}

TEST_F(DropboxTest, UploadCanUpdateARevision) {
  (void)dropbox().uploadFile({.path = "/a.txt",
                              .content = "v2",
                              .mode = std::nullopt,
                              .updateRev = "a1c10ce0dd78",
                              .autorename = false});
  EXPECT_EQ(json::parse(header(onlyRequest(), "dropbox-api-arg")),
            json({{"path", "/a.txt"},
                  {"mode", {{".tag", "update"}, {"update", "a1c10ce0dd78"}}},
                  {"autorename", false}}));
}

TEST_F(DropboxTest, BadInputIsRejectedBeforeSending) {
  const auto service = this->service("dropbox");
  expectInvalidArgument(*emulator_, "args.path", [&] {
    (void)service.invoke("list_folder", {{"limit", 5}});
  });
  expectInvalidArgument(*emulator_, "args.content", [&] {
    (void)service.invoke("upload_file", {{"path", "/a.txt"}});
  });
  expectInvalidArgument(*emulator_, "args.mode", [&] {
    (void)service.invoke("upload_file", {{"path", "/a"}, {"content", "x"}, {"mode", "replace"}});
  });
  expectInvalidArgument(*emulator_, "args.mode", [&] {
    (void)service.invoke(
        "upload_file",
        {{"path", "/a"}, {"content", "x"}, {"mode", "add"}, {"update_rev", "a1c10ce0dd78"}});
  });
  expectInvalidArgument(*emulator_, "args.path", [&] {
    (void)service.invoke("upload_file", {{"path", "/bad\xff.txt"}, {"content", "x"}});
  });
}

TEST_F(DropboxTest, DropboxErrorsBecomeServiceErrors) {
  const auto missing = expectServiceError(
      [&] { (void)dropbox().listFolder({.path = "/Missing"}).nextPage(); }, 409, "path/not_found");
  EXPECT_EQ(missing.detail(), "path/not_found");
  EXPECT_EQ(missing.body().at("error").at(".tag"), "path");

  dropbox::ListFolderRequest stale;
  stale.cursor = "stale-cursor";
  const auto reset =
      expectServiceError([&] { (void)dropbox().listFolder(stale).nextPage(); }, 409, "reset");
  EXPECT_EQ(reset.detail(), "The listing changed; start it again.");
}

TEST_F(DropboxTest, Base44ProxySendsTheSameUpstreamRequests) {
  expectProxySendsTheSame(
      [&](const ServiceOptions& options) {
        EXPECT_EQ(dropbox(options).getCurrentAccount().email, "franz@dropbox.com");
        EXPECT_EQ(dropbox(options).listFolder({.path = "/Documents"}).all().size(), 3u);
        EXPECT_EQ(dropbox(options)
                      .uploadFile({.path = "/Documents/Ünïcode.txt", .content = "Hello"})
                      .name,
                  "hello.txt");
      },
      4, {"dropbox-api-arg"});
}

TEST_F(DropboxTest, SearchContinuesWithOnlyTheCursor) {
  auto pager = dropbox().search({.query = "prime numbers", .path = "/Documents", .maxResults = 1});
  const auto matches = pager.all();
  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].url, "https://api.dropboxapi.com/2/files/search_v2");
  EXPECT_EQ(jsonBody(sent[0]), json({{"query", "prime numbers"},
                                     {"options", {{"path", "/Documents"}, {"max_results", 1}}}}));
  EXPECT_EQ(sent[1].url, "https://api.dropboxapi.com/2/files/search/continue_v2");
  EXPECT_EQ(jsonBody(sent[1]),
            json({{"cursor", "AAFnTPiy5Eu5Yd8pQe4tCVX9x7K2yWwRk2SPiyxA5TfCCl1"}}));
  ASSERT_EQ(matches.size(), 2u);
  EXPECT_EQ(matches[0].pathDisplay, "/Documents/Prime_Numbers.txt");
  EXPECT_EQ(matches[1].matchType, "file_content");

  clearRequests();
  expectInvalidArgument(*emulator_, "args.query", [&] {
    (void)service("dropbox").invoke("search", {{"path", "/Documents"}});
  });
}

TEST_F(DropboxTest, MovesAnswerTheNewMetadataAndConflictsAreErrors) {
  const auto moved = dropbox().move("/Documents/draft.txt", "/Archive/draft.txt");
  EXPECT_EQ(jsonBody(onlyRequest()),
            json({{"from_path", "/Documents/draft.txt"}, {"to_path", "/Archive/draft.txt"}}));
  EXPECT_EQ(moved.pathDisplay, "/Archive/draft.txt");
  EXPECT_EQ(moved.tag, "file");

  (void)expectServiceError(
      [&] { (void)dropbox().move("/Documents/draft.txt", "/Documents/Prime_Numbers.txt"); }, 409,
      "to/conflict/file");
  EXPECT_FALSE(registry().adapter("dropbox")->spec().findAction("move")->retrySafe);

  const auto link = dropbox().getTemporaryLink("/Documents/Prime_Numbers.txt");
  EXPECT_NE(link.link.find("dropboxusercontent.com"), std::string::npos);
  EXPECT_EQ(link.metadata.size, 7212);
}

}  // namespace
}  // namespace b44::adapter_tests
