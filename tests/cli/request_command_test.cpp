// b44-connectors request TYPE METHOD PATH, run as a user runs it (see
// cli_fixture.hpp): what reaches the service, what is printed, exit codes.
#include "cli_fixture.hpp"

#include <b44/http.hpp>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

namespace b44 {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Bytes no terminal should get: NUL, an invalid UTF-8 lead, CR LF, 0xFF.
const std::string kBlob("\x89PNG\r\n\x1a\n\x00\xff\xfe\x80 end", 16);
constexpr const char* kBlobBase64 = "iVBORw0KGgoA//6AIGVuZA==";

class CliRequest : public CliFixture {
 protected:
  void configure(emulator::EmulatorOptions& options) override {
    // Routes this suite needs besides the shipped ones: a binary download and
    // an endpoint that takes any body.
    const json routes = {{"routes",
                          {{{"method", "GET"},
                            {"host", "slack.com"},
                            {"path", "/api/b44-cli-test.blob"},
                            {"body_base64", kBlobBase64},
                            {"content_type", "image/png"}},
                           {{"method", "POST"},
                            {"host", "slack.com"},
                            {"path", "/api/b44-cli-test.upload"},
                            {"body", {{"ok", true}}}},
                           // The zephyr test adapter's service echoes its secrets.
                           {{"method", "GET"},
                            {"host", "api.zephyr.test"},
                            {"path", "/v1/status"},
                            {"headers",
                             {{"X-Zephyr-Key", "zephyr-token-1"},
                              {"X-Zephyr-Signature", "zephyr-signature-1"},
                              {"X-Zephyr-Region", "eu"}}},
                            {"body", {{"status", "green"}}}}}}};
    std::ofstream(dir_ / "routes.json") << routes.dump();
    options.routeFiles.push_back(dir_ / "routes.json");
    options.connections["connections"]["zephyr"] = {{"access_token", "zephyr-token-1"}};
  }
  void SetUp() override {
    CliFixture::SetUp();
    env_["B44_PLUGIN_PATH"] += std::string(":") + B44_TEST_EXTRA_ADAPTER_DIR;
  }

  [[nodiscard]] std::vector<emulator::RecordedRequest> sent() const {
    return emulator_->sandboxRequests();
  }
  [[nodiscard]] emulator::RecordedRequest lastSent() const {
    const auto requests = sent();
    if (requests.empty()) throw std::runtime_error("nothing reached the sandbox");
    return requests.back();
  }
  static std::string header(const emulator::RecordedRequest& request, const std::string& name) {
    const auto found = request.headers.find(name);
    return found == request.headers.end() ? "<absent>" : found->second;
  }
  static std::string slurp(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  static std::string lower(std::string text) {
    for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
  }
};

TEST_F(CliRequest, GetWithQueryKeepsTheOrderAndPrintsThePrettyJson) {
  const auto result =
      run({"request", "slack", "GET", "/conversations.list", "--query", "team_id=T 1", "--query",
           "limit=2", "--query", "exclude_archived=true"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const auto body = json::parse(result.out);
  EXPECT_EQ(body["channels"][0]["id"], "C0123456789");
  EXPECT_EQ(result.out, body.dump(2) + "\n");
  const auto request = lastSent();
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.url,
            "https://slack.com/api/conversations.list?team_id=T%201&limit=2&exclude_archived=true");
  EXPECT_EQ(header(request, "authorization"), "Bearer xoxp-demo-user-token");
  EXPECT_FALSE(request.body.has_value());
}

TEST_F(CliRequest, GetConversationsHistory) {
  const auto result = run({"request", "slack", "get", "/conversations.history", "--query",
                           "channel=C0123456789", "--query", "limit=2"});
  ASSERT_EQ(result.exitCode, 0) << result.err << result.out;
  const auto body = json::parse(result.out);
  EXPECT_EQ(body["ok"], true);
  EXPECT_TRUE(body["messages"].is_array());
  EXPECT_EQ(lastSent().url,
            "https://slack.com/api/conversations.history?channel=C0123456789&limit=2");
}

TEST_F(CliRequest, HeaderAndJsonDataReachTheService) {
  const auto result = run({"request", "slack", "POST", "/chat.postMessage", "--header",
                           "X-Trace:  abc 1 ", "--data", R"({"channel":"C1","text":"hi"})"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(json::parse(result.out)["channel"], "C1");
  const auto request = lastSent();
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, "https://slack.com/api/chat.postMessage");
  EXPECT_EQ(header(request, "x-trace"), "abc 1");
  EXPECT_TRUE(header(request, "content-type").starts_with("application/json"));
  ASSERT_TRUE(request.body.has_value());
  EXPECT_EQ(json::parse(*request.body), json({{"channel", "C1"}, {"text", "hi"}}));
}

TEST_F(CliRequest, DataFromAFile) {
  std::ofstream(path("message.json")) << R"({"channel": "C2", "text": "from a file"})";
  const auto result =
      run({"request", "slack", "POST", "/chat.postMessage", "--data", "@" + path("message.json")});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const auto request = lastSent();
  ASSERT_TRUE(request.body.has_value());
  EXPECT_EQ(json::parse(*request.body), json({{"channel", "C2"}, {"text", "from a file"}}));
}

TEST_F(CliRequest, FormFieldsAreSentFormEncoded) {
  const auto result = run({"request", "slack", "POST", "/chat.postMessage", "--form", "channel=C1",
                           "--form", "text=hi & bye=1"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(json::parse(result.out)["message"]["text"], "hi & bye=1");
  const auto request = lastSent();
  EXPECT_TRUE(header(request, "content-type").starts_with("application/x-www-form-urlencoded"));
  ASSERT_TRUE(request.body.has_value());
  EXPECT_TRUE(request.body->starts_with("channel=C1&text=")) << *request.body;
  EXPECT_EQ(percentDecode(request.body->substr(16), true), "hi & bye=1");
}

TEST_F(CliRequest, DataBinarySendsTheFilesBytesAsTheyAre) {
  std::ofstream(path("blob.bin"), std::ios::binary) << kBlob;
  const auto result = run({"request", "slack", "POST", "/b44-cli-test.upload", "--data-binary",
                           "@" + path("blob.bin"), "--content-type", "image/png"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const auto request = lastSent();
  EXPECT_EQ(header(request, "content-type"), "image/png");
  ASSERT_TRUE(request.body.has_value());
  EXPECT_EQ(*request.body, kBlob);
}

TEST_F(CliRequest, IncludeShowsStatusAndHeadersWithCredentialsRedacted) {
  emulator::FaultRule echo;
  echo.kind = emulator::FaultKind::RateLimitHeaders;
  echo.path = "/api/conversations.list";
  echo.remaining = 7;
  echo.reset = std::chrono::seconds(30);
  echo.headers = {{"X-Echoed-Token", "xoxp-demo-user-token"}, {"Set-Cookie", "session=s3cret"}};
  emulator_->addFault(echo);
  const auto result = run({"request", "slack", "GET", "/conversations.list", "--include"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(result.err.starts_with("HTTP/1.1 200\n")) << result.err;
  const auto err = lower(result.err);
  EXPECT_NE(err.find("\nx-ratelimit-remaining: 7\n"), std::string::npos) << result.err;
  EXPECT_NE(err.find("\nx-echoed-token: <redacted>\n"), std::string::npos) << result.err;
  EXPECT_NE(err.find("\nset-cookie: <redacted>\n"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("xoxp-demo-user-token"), std::string::npos);
  EXPECT_EQ(result.err.find("s3cret"), std::string::npos);
  EXPECT_EQ(json::parse(result.out)["ok"], true);  // the body still on stdout
}

TEST_F(CliRequest, ADeclarationInUtf8BuildsAndDescribesItselfIntact) {
  // b44-declare embeds the declaration byte for byte, non-ASCII included.
  const auto result = run({"describe", "zephyr"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_NE(result.out.find("(and a name in UTF-8: Z\xc3\xa9phyr \xe2\x98\x81)"), std::string::npos)
      << result.out;
}

TEST_F(CliRequest, IncludeRedactsTheHeadersTheAdapterDeclaresSecret) {
  // Neither name looks like a credential: the declaration says so (its token
  // header, and secretHeaders).
  for (const auto* format : {"--include", "--json"}) {
    const auto result = run({"request", "zephyr", "GET", "/status", format});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const auto shown = lower(result.out + result.err);
    EXPECT_EQ(shown.find("zephyr-token-1"), std::string::npos) << shown;
    EXPECT_EQ(shown.find("zephyr-signature-1"), std::string::npos) << shown;
    if (std::string(format) == "--include") {
      EXPECT_NE(shown.find("\nx-zephyr-key: <redacted>\n"), std::string::npos) << shown;
      EXPECT_NE(shown.find("\nx-zephyr-signature: <redacted>\n"), std::string::npos) << shown;
      EXPECT_NE(shown.find("\nx-zephyr-region: eu\n"), std::string::npos) << "others stay";
    } else {
      const auto headers = json::parse(result.out)["headers"];
      EXPECT_EQ(headers["x-zephyr-key"], "<redacted>");
      EXPECT_EQ(headers["x-zephyr-signature"], "<redacted>");
      EXPECT_EQ(headers["x-zephyr-region"], "eu");
    }
  }
  // And the request carried the token where the adapter declares it.
  EXPECT_EQ(header(lastSent(), "x-zephyr-key"), "zephyr-token-1");
}

TEST_F(CliRequest, OutputWritesTheExactBytesAndNothingOnStdout) {
  const auto result = run({"request", "slack", "GET", "/b44-cli-test.blob", "--output",
                           path("download.png"), "--include"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "");
  EXPECT_TRUE(result.err.starts_with("HTTP/1.1 200\n")) << result.err;
  EXPECT_EQ(slurp(path("download.png")), kBlob);
  // An existing file is replaced.
  std::ofstream(path("download.png")) << std::string(100, 'x');
  ASSERT_EQ(run({"request", "slack", "GET", "/b44-cli-test.blob", "--output", path("download.png")})
                .exitCode,
            0);
  EXPECT_EQ(slurp(path("download.png")), kBlob);
}

TEST_F(CliRequest, CallWritesADownloadActionsBytesWithOutput) {
  // The Drive sandbox answers a 1x1 PNG for download_file.
  const std::string png("\x89PNG\r\n\x1a\n", 8);
  const auto result = run({"call", "googledrive", "download_file", "--args",
                           R"({"file_id": "0B7xMediaFile12345"})", "--output", path("drive.png")});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(slurp(path("drive.png")).starts_with(png));
  const auto written = json::parse(result.out);
  EXPECT_EQ(written["content_type"], "image/png");
  EXPECT_EQ(written["size"], slurp(path("drive.png")).size());
  EXPECT_EQ(written["output"], path("drive.png"));
  // Without --output the bytes are base64 in the JSON result.
  const auto inline_ = run(
      {"call", "googledrive", "download_file", "--args", R"({"file_id": "0B7xMediaFile12345"})"});
  ASSERT_EQ(inline_.exitCode, 0) << inline_.err;
  EXPECT_EQ(json::parse(inline_.out)["content_base64"],
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ/w==");
  // An action that answers JSON takes no --output, and no file is made.
  const auto refused = run({"call", "slack", "list_conversations", "--output", path("never.json")});
  EXPECT_EQ(refused.exitCode, 2);
  EXPECT_NE(refused.err.find("download action"), std::string::npos) << refused.err;
  EXPECT_FALSE(fs::exists(path("never.json")));
}

TEST_F(CliRequest, BinaryIsRefusedOnStdout) {
  const auto result = run({"request", "slack", "GET", "/b44-cli-test.blob"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_EQ(result.out, "");
  EXPECT_NE(result.err.find("--output"), std::string::npos) << result.err;
}

TEST_F(CliRequest, ServiceErrorsExitWithFourAndTheBodyOnStdout) {
  const auto result = run({"request", "slack", "GET", "/no.such.method"});
  EXPECT_EQ(result.exitCode, 4);
  const auto body = json::parse(result.out);
  EXPECT_EQ(body["error"], "no_sandbox_route");
  EXPECT_NE(result.err.find("404"), std::string::npos) << result.err;
  // With --output, the file is not created and the error body is still printed.
  const auto saved =
      run({"request", "slack", "GET", "/no.such.method", "--output", path("never.json")});
  EXPECT_EQ(saved.exitCode, 4);
  EXPECT_EQ(json::parse(saved.out)["error"], "no_sandbox_route");
  EXPECT_FALSE(fs::exists(path("never.json")));
  std::ofstream(path("kept.json")) << "as it was";
  EXPECT_EQ(
      run({"request", "slack", "GET", "/no.such.method", "--output", path("kept.json")}).exitCode,
      4);
  EXPECT_EQ(slurp(path("kept.json")), "as it was");
}

TEST_F(CliRequest, AnErrorTheAdapterFindsInA200ExitsWithFourToo) {
  // Slack answers HTTP 200 with "ok": false.
  const auto result =
      run({"request", "slack", "GET", "/conversations.list", "--query", "types=im"});
  EXPECT_EQ(result.exitCode, 4);
  EXPECT_EQ(json::parse(result.out)["error"], "missing_scope");
  EXPECT_NE(result.err.find("missing_scope"), std::string::npos) << result.err;
  // The same through --paginate, whose walk stops at the error.
  const auto paged =
      run({"request", "slack", "GET", "/conversations.list", "--query", "types=im", "--paginate"});
  EXPECT_EQ(paged.exitCode, 4);
  EXPECT_NE(paged.err.find("missing_scope"), std::string::npos) << paged.err;
}

TEST_F(CliRequest, MaxPagesLimitsTheWalk) {
  const auto enough =
      run({"request", "slack", "GET", "/conversations.list", "--paginate", "--max-pages", "2"});
  EXPECT_EQ(enough.exitCode, 0) << enough.err;
  const auto tooFew =
      run({"request", "slack", "GET", "/conversations.list", "--paginate", "--max-pages", "1"});
  EXPECT_EQ(tooFew.exitCode, 5);
  EXPECT_EQ(tooFew.out, "");
  EXPECT_NE(tooFew.err.find("--max-pages"), std::string::npos) << tooFew.err;
  EXPECT_EQ(sent().size(), 3u);
}

TEST_F(CliRequest, JsonPrintsStatusHeadersAndBody) {
  const auto result = run({"request", "slack", "GET", "/conversations.list", "--json"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const auto answer = json::parse(result.out);
  EXPECT_EQ(answer["status"], 200);
  EXPECT_TRUE(answer["headers"]["content-type"].get<std::string>().starts_with("application/json"));
  EXPECT_EQ(answer["body"]["ok"], true);
}

TEST_F(CliRequest, UsageMistakesExitWithTwoAndSendNothing) {
  std::ofstream(path("blob.bin")) << "x";
  const std::vector<std::vector<std::string>> mistakes = {
      {"request", "slack"},
      {"request", "slack", "GET"},
      {"request", "slack", "POST", "/chat.postMessage", "--data", "{}", "--form", "a=b"},
      {"request", "slack", "POST", "/x", "--data-binary", "@" + path("blob.bin")},
      {"request", "slack", "POST", "/x", "--data-binary", path("blob.bin"), "--content-type",
       "a/b"},
      {"request", "slack", "POST", "/x", "--data", "@" + path("missing.json")},
      {"request", "slack", "GET", "/x", "--query", "limit"},
      {"request", "slack", "GET", "/x", "--form", "=value"},
      {"request", "slack", "GET", "/x", "--header", "no colon"},
      {"request", "slack", "GET", "/x", "--ndjson"},
      {"request", "slack", "GET", "/x", "--paginate", "--max-pages", "0"},
      {"request", "slack", "GET", "/x", "--content-type", "a/b"},
      {"request", "slack", "GET", "/x", "--host", "no-such-host"},
      {"request", "slak", "GET", "/x"},
      {"call", "slack", "list_conversations", "--query", "a=b"},
  };
  for (const auto& args : mistakes) {
    const auto result = run(args);
    EXPECT_EQ(result.exitCode, 2) << ::testing::PrintToString(args) << ": " << result.err;
  }
  const auto badJson = run({"request", "slack", "POST", "/chat.postMessage", "--data", "{nope"});
  EXPECT_EQ(badJson.exitCode, 2);
  EXPECT_NE(badJson.err.find("--data"), std::string::npos) << badJson.err;
  EXPECT_TRUE(sent().empty());
}

TEST_F(CliRequest, HostilePathsAreRefusedBeforeAnythingIsSent) {
  for (const char* hostile : {"https://evil.example/x", "/../x", "//evil.example/x",
                              "/conversations.list/../../x", "x"}) {
    for (const bool proxy : {false, true}) {
      std::vector<std::string> args{"request", "slack", "GET", hostile};
      if (proxy) args.emplace_back("--proxy");
      const auto result = run(args);
      EXPECT_EQ(result.exitCode, 2) << hostile << (proxy ? " (proxy)" : "") << ": " << result.err;
    }
  }
  EXPECT_TRUE(sent().empty());
}

TEST_F(CliRequest, PaginateFollowsTheHostsPaginationIntoOneArray) {
  const auto result = run({"request", "slack", "GET", "/conversations.list", "--paginate"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const auto items = json::parse(result.out);
  ASSERT_TRUE(items.is_array());
  std::vector<std::string> ids;
  for (const auto& item : items) ids.push_back(item["id"]);
  EXPECT_EQ(ids, (std::vector<std::string>{"C0123456789", "C0123456790", "C0123456791"}));
  EXPECT_EQ(result.out, items.dump(2) + "\n");
  const auto requests = sent();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].url,
            "https://slack.com/api/conversations.list?cursor=dGVhbTpDMDEyMzQ1Njc5MQ%3D%3D");
}

TEST_F(CliRequest, PaginateWithNdjsonPrintsOneItemPerLine) {
  const auto result =
      run({"request", "slack", "GET", "/conversations.list", "--paginate", "--ndjson"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  std::istringstream lines(result.out);
  std::vector<std::string> ids;
  for (std::string line; std::getline(lines, line);) {
    const auto item = json::parse(line);
    EXPECT_EQ(line, item.dump());
    ids.push_back(item["id"]);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"C0123456789", "C0123456790", "C0123456791"}));
}

TEST_F(CliRequest, RetrySafeLetsAPostBeSentAgain) {
  emulator::FaultRule unavailable;
  unavailable.kind = emulator::FaultKind::Status;
  unavailable.status = 503;
  unavailable.path = "/api/chat.postMessage";
  const std::vector<std::string> post{"request", "slack",
                                      "POST",    "/chat.postMessage",
                                      "--data",  R"({"channel":"C1","text":"once"})"};
  unavailable.times = 1;
  emulator_->addFault(unavailable);
  EXPECT_EQ(run(post).exitCode, 4);  // not re-sent: the 503 is the answer
  EXPECT_EQ(sent().size(), 1u);
  emulator_->clearFaults();
  emulator_->clearRecords();
  emulator_->addFault(unavailable);
  auto retrySafe = post;
  retrySafe.emplace_back("--retry-safe");
  const auto result = run(retrySafe);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(sent().size(), 2u);
}

TEST_F(CliRequest, ProxySendsTheSameUpstreamRequest) {
  const std::vector<std::string> args{"request",  "slack",
                                      "POST",     "/chat.postMessage",
                                      "--query",  "a=1",
                                      "--header", "X-Trace: t1",
                                      "--data",   R"({"channel":"C1","text":"hi"})"};
  const auto direct = run(args);
  ASSERT_EQ(direct.exitCode, 0) << direct.err;
  auto viaProxy = args;
  viaProxy.emplace_back("--proxy");
  const auto proxied = run(viaProxy);
  ASSERT_EQ(proxied.exitCode, 0) << proxied.err;
  EXPECT_EQ(json::parse(proxied.out), json::parse(direct.out));
  const auto requests = sent();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].method, requests[0].method);
  EXPECT_EQ(requests[1].url, "https://slack.com/api/chat.postMessage?a=1");
  EXPECT_EQ(requests[1].url, requests[0].url);
  EXPECT_EQ(requests[1].body, requests[0].body);
  for (const char* name : {"authorization", "content-type", "x-trace"}) {
    EXPECT_EQ(header(requests[1], name), header(requests[0], name)) << name;
  }
}

}  // namespace
}  // namespace b44
