// Download actions (a file's bytes as the answer) and bytes as a request body:
// bytes arrive intact directly and through Base44's proxy, in memory or
// streamed, bounded by the size limit; a redirect to a pre-signed link is
// followed without the token; uploads take text or base64.
#include "support.hpp"

#include <b44/adapters/googledrive.hpp>
#include <b44/base64.hpp>

namespace b44::adapter_tests {
namespace {

using nlohmann::json;

// The 1x1 PNG the Drive and Dropbox sandbox routes answer: not UTF-8 text.
const std::string kPng = *base64Decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ/w==");

class Downloads : public AdapterTest {
 protected:
  [[nodiscard]] json connections() const override {
    return emulator::loadConnectionsFile(B44_DEMO_CONNECTIONS);
  }
};

TEST_F(Downloads, DriveFileBytesArriveIntactDirectlyAndThroughTheProxy) {
  ASSERT_EQ(kPng.substr(0, 4), "\x89PNG");
  for (const bool proxied : {false, true}) {
    SCOPED_TRACE(proxied ? "proxy" : "direct");
    clearRequests();
    const auto drive = service("googledrive", proxied ? viaProxy() : ServiceOptions{});
    const Download file = drive.download("download_file", {{"file_id", "0B7xMediaFile12345"}});
    EXPECT_EQ(file.status, 200);
    EXPECT_EQ(file.bytes, kPng);
    EXPECT_EQ(file.size, kPng.size());
    EXPECT_EQ(file.contentType, "image/png");
    const auto sent = onlyRequest();
    EXPECT_EQ(sent.url, "https://www.googleapis.com/drive/v3/files/0B7xMediaFile12345?alt=media");
    EXPECT_EQ(header(sent, "accept"), "*/*");  // not application/json: the file's own type

    // invoke() gives the same as JSON, the bytes in base64.
    const json result = drive.invoke("download_file", {{"file_id", "0B7xMediaFile12345"}});
    EXPECT_EQ(result["content_type"], "image/png");
    EXPECT_EQ(result["size"], kPng.size());
    EXPECT_EQ(base64Decode(result["content_base64"].get<std::string>()), kPng);
  }
}

TEST_F(Downloads, StreamIntoASinkAndStopAtTheSizeLimit) {
  const auto drive = service("googledrive");
  std::string streamed;
  const Download file =
      drive.download("download_file", {{"file_id", "0B7xMediaFile12345"}},
                     {.sink = [&streamed](std::string_view chunk) { streamed.append(chunk); }});
  EXPECT_EQ(streamed, kPng);
  EXPECT_TRUE(file.bytes.empty());
  EXPECT_EQ(file.size, kPng.size());

  for (const bool proxied : {false, true}) {
    const auto limited = service("googledrive", proxied ? viaProxy() : ServiceOptions{});
    EXPECT_THROW((void)limited.download("download_file", {{"file_id", "0B7xMediaFile12345"}},
                                        {.maxBytes = 10}),
                 ProtocolError);
  }
}

TEST_F(Downloads, TheTypedHelperReturnsTheBytes) {
  const googledrive::Drive drive(service("googledrive"));
  const Download file = drive.downloadFile("0B7xMediaFile12345");
  EXPECT_EQ(file.bytes, kPng);
  std::string streamed;
  const Download sunk = drive.downloadFile(
      {.fileId = "0B7xMediaFile12345"},
      [&streamed](std::string_view chunk) { streamed.append(chunk.data(), chunk.size()); });
  EXPECT_EQ(streamed, kPng);
  EXPECT_TRUE(sunk.bytes.empty());
  clearRequests();
  const Download text = drive.exportFile("1a2B3c4D5e6F7g8H9i0J", "text/plain");
  EXPECT_NE(text.bytes.find("Goals for Q2"), std::string::npos) << text.bytes;
  EXPECT_EQ(onlyRequest().url,
            "https://www.googleapis.com/drive/v3/files/1a2B3c4D5e6F7g8H9i0J/"
            "export?mimeType=text%2Fplain");
}

TEST_F(Downloads, ARedirectOffTheDeclaredHostsIsFollowedWithoutTheToken) {
  for (const bool proxied : {false, true}) {
    SCOPED_TRACE(proxied ? "proxy" : "direct");
    clearRequests();
    const auto drive = service("one_drive", proxied ? viaProxy() : ServiceOptions{});
    const Download file =
        drive.download("download_item", {{"item_id", "01BYE5RZ5MYLM2SMX75ZBIPQZIHT6OAYPB"}});
    EXPECT_EQ(file.bytes, "Hello from OneDrive\n");
    const auto sent = requests();
    ASSERT_EQ(sent.size(), 2u);
    EXPECT_EQ(sent[0].url,
              "https://graph.microsoft.com/v1.0/me/drive/items/01BYE5RZ5MYLM2SMX75ZBIPQZIHT6OAYPB/"
              "content");
    EXPECT_EQ(header(sent[0], "authorization"), "Bearer one_drive-demo-token");
    EXPECT_EQ(sent[1].url,
              "https://public.bn1303.livefilestore.com/y4mB2kPz1/notes.txt?download&psid=1");
    EXPECT_EQ(sent[1].headers.count("authorization"), 0u);  // the link is pre-authenticated
  }
}

TEST_F(Downloads, TheFileNameComesFromContentDisposition) {
  const Download box = service("box").download("download_file", {{"file_id", "12345"}});
  EXPECT_EQ(box.fileName, "report.txt");
  EXPECT_EQ(box.bytes, "Quarterly report: all figures are in the attached sheet.\n");
  const Download csv =
      service("share_point")
          .download("download_drive_item",
                    {{"site_id",
                      "contoso.sharepoint.com,2C712604-1370-44E7-A1F5-426573FDA80A,"
                      "2D2244C3-251A-49EA-93A8-39E1C3A060FE"},
                     {"item_id", "01OCHFPXOXQ4PJ3ZPOPVF3VEWQ5NZ3F6WJ"}});
  EXPECT_EQ(csv.fileName, "Budget.csv");
  EXPECT_EQ(csv.contentType, "text/csv");
}

TEST_F(Downloads, AFileNotReadyYetIsAnErrorSayingWhenToAskAgain) {
  for (const bool proxied : {false, true}) {
    const auto box = service("box", proxied ? viaProxy() : ServiceOptions{});
    for (const bool asJson : {false, true}) {
      try {
        if (asJson) {
          (void)box.invoke("download_file", {{"file_id", "67890"}});
        } else {
          (void)box.download("download_file", {{"file_id", "67890"}});
        }
        ADD_FAILURE() << "a 202 is no file";
      } catch (const ServiceError& error) {
        EXPECT_EQ(error.status(), 202);
        EXPECT_EQ(error.code(), "not_ready");
        EXPECT_NE(std::string(error.what()).find("after 3 s"), std::string::npos) << error.what();
      }
    }
  }
}

TEST_F(Downloads, DropboxSendsItsArgumentsInAHeaderAndNoBody) {
  const Download file =
      service("dropbox").download("download_file", {{"path", "/Photos/logo.png"}});
  EXPECT_EQ(file.bytes, kPng);
  EXPECT_NE(file.headers.get("Dropbox-API-Result").value_or("").find("logo.png"),
            std::string::npos);
  const auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(header(sent, "dropbox-api-arg"), R"({"path":"/Photos/logo.png"})");
  EXPECT_EQ(sent.headers.count("content-type"), 0u);
  EXPECT_FALSE(sent.body.has_value() && !sent.body->empty());
}

TEST_F(Downloads, AnErrorAnswerIsAServiceErrorAndAJsonActionIsNoDownload) {
  const auto slack = service("slack");
  try {
    (void)slack.download("download_file", {{"url", "https://files.slack.com/no/such/file"}});
    FAIL() << "a 404 is no download";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.status(), 404);
  }
  EXPECT_THROW((void)slack.download("get_user_info", {{"user", "U0123456789"}}),
               InvalidArgumentError);
  // A link off the adapter's hosts is refused before anything is sent.
  clearRequests();
  EXPECT_THROW((void)slack.download("download_file", {{"url", "https://evil.example/x.csv"}}),
               InvalidArgumentError);
  EXPECT_TRUE(requests().empty());
}

TEST_F(Downloads, SlackUploadsTextOrBase64BytesToTheUploadUrl) {
  const std::string url = "https://files.slack.com/upload/v1/CwABAAAAXAoAAZnoVQZL7Bz1";
  for (const bool proxied : {false, true}) {
    SCOPED_TRACE(proxied ? "proxy" : "direct");
    clearRequests();
    const auto slack = service("slack", proxied ? viaProxy() : ServiceOptions{});
    const json answer = slack.invoke("upload_to_url", {{"upload_url", url},
                                                       {"content", "quarter,amount\nQ1,1200\n"},
                                                       {"content_type", "text/csv"}});
    EXPECT_EQ(answer, json({{"answer", "OK - 23"}}));
    const auto sent = onlyRequest();
    EXPECT_EQ(sent.url, url);
    EXPECT_EQ(header(sent, "content-type"), "text/csv");
    EXPECT_EQ(sent.body.value_or(""), "quarter,amount\nQ1,1200\n");
  }
  // Bytes that are not text go base64 on the direct route.
  clearRequests();
  const json answer = service("slack").invoke(
      "upload_to_url", {{"upload_url", url}, {"content_base64", base64Encode(kPng)}});
  EXPECT_EQ(answer["answer"], "OK - " + std::to_string(kPng.size()));
  const auto sent = onlyRequest();
  EXPECT_EQ(sent.body.value_or(""), kPng);
  EXPECT_EQ(header(sent, "content-type"), "application/octet-stream");
  // Neither, both, or base64 that is not: refused before sending.
  clearRequests();
  const auto slack = service("slack");
  EXPECT_THROW((void)slack.invoke("upload_to_url", {{"upload_url", url}}), InvalidArgumentError);
  EXPECT_THROW(
      (void)slack.invoke("upload_to_url",
                         {{"upload_url", url}, {"content", "a"}, {"content_base64", "YQ=="}}),
      InvalidArgumentError);
  EXPECT_THROW((void)slack.invoke("upload_to_url", {{"upload_url", url}, {"content_base64", "!"}}),
               InvalidArgumentError);
  EXPECT_TRUE(requests().empty());
}

TEST_F(Downloads, UploadHooksTakeTextOrBase64Bytes) {
  // OneDrive's simple upload: the bytes are the body.
  const auto oneDrive = service("one_drive");
  (void)oneDrive.invoke("upload_small_file",
                        {{"path", "Documents/notes.txt"}, {"content_base64", base64Encode(kPng)}});
  EXPECT_EQ(onlyRequest().body.value_or(""), kPng);
  // Box's multipart upload: the bytes are the file part.
  clearRequests();
  (void)service("box").invoke(
      "upload_file",
      {{"name", "logo.png"}, {"folder_id", "0"}, {"content_base64", base64Encode(kPng)}});
  EXPECT_NE(onlyRequest().body.value_or("").find(kPng), std::string::npos);
  // Neither, both, or not base64: refused before sending.
  clearRequests();
  for (const json& args : {json{{"path", "a.txt"}},
                           json{{"path", "a.txt"}, {"content", "a"}, {"content_base64", "YQ=="}},
                           json{{"path", "a.txt"}, {"content_base64", "%%%"}}}) {
    EXPECT_THROW((void)oneDrive.invoke("upload_small_file", args), InvalidArgumentError) << args;
  }
  EXPECT_TRUE(requests().empty());
}

}  // namespace
}  // namespace b44::adapter_tests
