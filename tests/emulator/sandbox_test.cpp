// The sandbox side over real HTTP: route matching, templating, recording.
#include "fixture.hpp"

#include <b44/errors.hpp>

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/URI.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <thread>

using b44::emulator::Emulator;
using b44::emulator::EmulatorOptions;
using b44::emulator::RecordedRequest;
using b44::emulator::testing::EmulatorTest;
using b44::emulator::testing::HttpConnection;
using b44::emulator::testing::readFile;
using b44::emulator::testing::TempDir;
using nlohmann::json;

namespace {

std::vector<json> jsonLines(const std::string& text) {
  std::vector<json> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
  return lines;
}

}  // namespace

TEST_F(EmulatorTest, SandboxAnswersAnExactRouteWithTemplating) {
  const auto answer =
      sandbox("POST", "slack.com", "/api/chat.postMessage",
              {{"Content-Type", "application/json"}, {"X-User", "ann"}},
              R"({"channel": "C1", "message": {"text": "hi"}, "items": [{"a": 1}, 2]})");
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.headers.at("content-type"), "application/json");
  EXPECT_EQ(answer.json(), json::parse(R"({"ok": true, "channel": "C1", "text": "hi",
      "first": {"a": 1}, "missing": null, "label": "to C1 by ann",
      "ts": "1700000000.000100"})"));
}

TEST_F(EmulatorTest, SandboxReadsFormBodies) {
  const auto answer =
      sandbox("POST", "slack.com", "/api/chat.postMessage",
              {{"Content-Type", "application/x-www-form-urlencoded"}}, "channel=C%202&message=x");
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.json().at("channel"), "C 2");
  EXPECT_TRUE(answer.json().at("text").is_null());
}

TEST_F(EmulatorTest, SandboxMatchesWildcardHostsAndPathParameters) {
  for (const std::string host : {"app-eu.wrike.com", "www.wrike.com:443", "APP-US.Wrike.com"}) {
    SCOPED_TRACE(host);
    const auto answer = sandbox("GET", host, "/api/v4/tasks/IEAAA%2F1");
    ASSERT_EQ(answer.status, 200) << answer.body;
    EXPECT_EQ(answer.json().at("data").at(0).at("id"), "IEAAA/1");
  }
  EXPECT_EQ(sandbox("GET", "wrike.com", "/api/v4/tasks/1").status, 404);
  EXPECT_EQ(sandbox("GET", "evilwrike.com", "/api/v4/tasks/1").status, 404);
  EXPECT_EQ(sandbox("GET", "app-eu.wrike.com", "/api/v4/tasks/1/extra").status, 404);
  EXPECT_EQ(sandbox("GET", "app-eu.wrike.com", "/api/v4/tasks/").status, 404);
  EXPECT_EQ(sandbox("POST", "app-eu.wrike.com", "/api/v4/tasks/1").status, 404);
  // Port of the Host header ignored for exact hosts too.
  EXPECT_EQ(sandbox("GET", "slack.com:8443", "/api/order").status, 200);
}

TEST_F(EmulatorTest, SandboxQueryConditionsAndOrder) {
  const auto page = [&](const std::string& target) {
    const auto answer = sandbox("GET", "slack.com", target);
    EXPECT_EQ(answer.status, 200) << answer.body;
    return answer.json().at("page");
  };
  EXPECT_EQ(page("/api/conversations.list?cursor=page2"), 2);
  EXPECT_EQ(page("/api/conversations.list?limit=10&cursor=other"), "other");
  EXPECT_EQ(page("/api/conversations.list?cursor="), "other");  // present, empty
  EXPECT_EQ(page("/api/conversations.list?limit=10"), 1);       // cursor absent
  EXPECT_EQ(page("/api/conversations.list?limit=20"), "fallback");
  EXPECT_EQ(page("/api/conversations.list"), "fallback");
  EXPECT_EQ(sandbox("GET", "slack.com", "/api/conversations.list?cursor=a%2Bb").json().at("cursor"),
            "a+b");
  EXPECT_EQ(sandbox("GET", "slack.com", "/api/order").json().at("which"), "first");
}

TEST_F(EmulatorTest, SandboxBodyConditions) {
  const auto post = [&](const std::string& body, const std::string& type = "application/json") {
    return sandbox("POST", "api.linear.test", "/graphql", {{"Content-Type", type}}, body);
  };
  EXPECT_EQ(post(R"({"query": "query { viewer { id } }"})").json().at("data").at("viewer").at("id"),
            "u1");
  EXPECT_EQ(post(R"({"query": "query($after: String) { issues }", "variables": {"after": "c2"}})")
                .json()
                .at("page"),
            2);
  EXPECT_EQ(post(R"({"query": "query { issues }", "variables": {}})").json().at("page"), 1);
  EXPECT_EQ(post(R"({"query": "query { issues }", "variables": {"after": "c9"}})").status, 404);
  EXPECT_EQ(post(R"({"count": 5, "tag": "x"})").json().at("matched"), "count");
  EXPECT_EQ(post("count=5&tag=x", "application/x-www-form-urlencoded").json().at("matched"),
            "count");
  EXPECT_EQ(post(R"({"count": 6, "tag": "x"})").status, 404);
  EXPECT_EQ(post(R"({"count": 5})").status, 404);
  // A number in the path indexes an array.
  EXPECT_EQ(post(R"({"requests": [{"kind": "insert"}, {"kind": "replace"}]})").json().at("matched"),
            "second request");
  EXPECT_EQ(post(R"({"requests": [{"kind": "replace"}]})").status, 404);
  EXPECT_EQ(post(R"({"requests": {"1": {"kind": "replace"}}})").json().at("matched"),
            "second request");  // an object's member named "1" too
}

TEST_F(EmulatorTest, SandboxStatusHeadersAndText) {
  const auto created = sandbox("POST", "api.example.test", "/v1/things", {}, R"({"name": "n"})");
  EXPECT_EQ(created.status, 201);
  EXPECT_EQ(created.headers.at("x-request-id"), "req-1");
  const auto text = sandbox("GET", "api.example.test", "/v1/text?word=a+b");
  EXPECT_EQ(text.status, 200);
  EXPECT_EQ(text.headers.at("content-type"), "text/plain");
  EXPECT_EQ(text.body, "plain a b");
}

TEST_F(EmulatorTest, SandboxAnswersBase64BodiesAsRawBytes) {
  // A PNG signature and the start of its IHDR chunk, then 0xFF: bytes that are
  // neither text nor JSON (0x00 included).
  const std::string png("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\xff", 17);
  options_.routeFiles.push_back(dir_.write("binary.json", R"({"routes": [
    {"method": "GET", "host": "files.example.test", "path": "/download/{id}",
     "headers": {"x-file-id": "{{path.id}}"}, "body_base64": "iVBORw0KGgoAAAANSUhEUv8="},
    {"method": "GET", "host": "files.example.test", "path": "/image.png",
     "content_type": "image/png", "body_base64": "iVBORw0KGgoAAAANSUhEUv8="},
    {"method": "GET", "host": "files.example.test", "path": "/empty", "body_base64": ""}
  ]})"));

  const auto download = sandbox("GET", "files.example.test", "/download/f1");
  ASSERT_EQ(download.status, 200);
  EXPECT_EQ(download.headers.at("content-type"), "application/octet-stream");
  EXPECT_EQ(download.headers.at("x-file-id"), "f1");
  EXPECT_EQ(download.body, png);
  EXPECT_EQ(download.body.size(), 17u);

  const auto image = sandbox("GET", "files.example.test", "/image.png");
  ASSERT_EQ(image.status, 200);
  EXPECT_EQ(image.headers.at("content-type"), "image/png");
  EXPECT_EQ(image.body, png);

  const auto empty = sandbox("GET", "files.example.test", "/empty");
  EXPECT_EQ(empty.status, 200);
  EXPECT_EQ(empty.body, "");
}

TEST_F(EmulatorTest, SandboxWithoutARouteIs404AndStillRecorded) {
  const auto answer = sandbox("DELETE", "nowhere.test", "/a/b?c=d", {}, "payload");
  EXPECT_EQ(answer.status, 404);
  EXPECT_EQ(answer.json(), json::parse(R"({"error": "no_sandbox_route",
      "message": "no sandbox route for DELETE https://nowhere.test/a/b"})"));
  const auto records = emulator().sandboxRequests();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].method, "DELETE");
  EXPECT_EQ(records[0].url, "https://nowhere.test/a/b?c=d");
  EXPECT_EQ(records[0].body, "payload");
}

TEST_F(EmulatorTest, SandboxRecordsRequestsWithFullHeadersInMemory) {
  sandbox("GET", "slack.com", "/api/order", {{"Authorization", "Bearer xoxp-secret"}});
  const auto records = emulator().sandboxRequests();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].url, "https://slack.com/api/order");
  EXPECT_EQ(records[0].headers.at("host"), "slack.com");
  EXPECT_EQ(records[0].headers.at("authorization"), "Bearer xoxp-secret");
  EXPECT_FALSE(records[0].body.has_value());
  EXPECT_TRUE(records[0].toJson(false).at("body").is_null());
}

TEST_F(EmulatorTest, RecordFileRedactsCredentials) {
  sandbox("POST", "slack.com", "/api/chat.postMessage",
          {{"Authorization", "Bearer xoxp-secret"},
           {"X-Api-Key", "key-secret"},
           {"Content-Type", "application/json"}},
          R"({"channel": "C1"})");
  sandbox("GET", "slack.com", "/api/order?x=1");
  callApi("rawkey", {{"path", "/v1/text"}});
  const std::string text = readFile(options_.recordFile);
  EXPECT_EQ(text.find("xoxp-secret"), std::string::npos);
  EXPECT_EQ(text.find("key-secret"), std::string::npos);
  EXPECT_EQ(text.find("raw-token"), std::string::npos);
  const auto lines = jsonLines(text);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].at("method"), "POST");
  EXPECT_EQ(lines[0].at("url"), "https://slack.com/api/chat.postMessage");
  EXPECT_EQ(lines[0].at("headers").at("authorization"), "Bearer <redacted>");
  EXPECT_EQ(lines[0].at("headers").at("x-api-key"), "<redacted>");
  EXPECT_EQ(lines[0].at("headers").at("content-type"), "application/json");
  EXPECT_EQ(lines[0].at("body"), R"({"channel": "C1"})");
  EXPECT_EQ(lines[1].at("url"), "https://slack.com/api/order?x=1");
  EXPECT_TRUE(lines[1].at("body").is_null());
  EXPECT_EQ(lines[2].at("url"), "https://api.example.test/v1/text");
  EXPECT_EQ(lines[2].at("headers").at("x-api-key"), "<redacted>");
}

TEST_F(EmulatorTest, RecordFileKeepsCredentialsWhenAsked) {
  options_.recordCredentials = true;
  sandbox("GET", "slack.com", "/api/order", {{"Authorization", "Bearer xoxp-secret"}});
  const auto lines = jsonLines(readFile(options_.recordFile));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].at("headers").at("authorization"), "Bearer xoxp-secret");
}

TEST_F(EmulatorTest, ConcurrentRequestsAreAllRecordedOnce) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 25;
  const std::string origin = emulator().sandboxUrl();
  std::vector<std::thread> threads;
  std::vector<int> failures(kThreads, 0);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      HttpConnection connection(origin);  // keep-alive: one connection per thread
      for (int i = 0; i < kPerThread; ++i) {
        const std::string n = std::to_string(t * kPerThread + i);
        const auto answer = connection.send("GET", "/items/" + n, {{"Host", "load.test"}});
        if (answer.status != 200 || nlohmann::json::parse(answer.body).at("n") != n) {
          ++failures[t];
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(failures[t], 0) << "thread " << t;

  const auto records = emulator().sandboxRequests();
  ASSERT_EQ(records.size(), static_cast<std::size_t>(kThreads * kPerThread));
  std::set<std::string> urls;
  for (const auto& record : records) urls.insert(record.url);
  EXPECT_EQ(urls.size(), records.size());
  for (int n = 0; n < kThreads * kPerThread; ++n) {
    EXPECT_TRUE(urls.contains("https://load.test/items/" + std::to_string(n))) << n;
  }
  EXPECT_EQ(jsonLines(readFile(options_.recordFile)).size(), records.size());
}

TEST_F(EmulatorTest, OversizedBodyIs413AndNotRecorded) {
  options_.maxBodyBytes = 1024;
  const auto answer =
      sandbox("POST", "slack.com", "/api/chat.postMessage", {}, std::string(4096, 'x'));
  EXPECT_EQ(answer.status, 413);
  EXPECT_EQ(answer.json().at("error"), "payload_too_large");
  EXPECT_TRUE(emulator().sandboxRequests().empty());
  EXPECT_EQ(
      sandbox("POST", "slack.com", "/api/chat.postMessage", {}, std::string(1024, 'x')).status,
      200);
}

TEST_F(EmulatorTest, PostWithoutContentLengthHasNoBody) {
  const Poco::URI origin(emulator().sandboxUrl());
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress(origin.getHost(), origin.getPort()));
  socket.setReceiveTimeout(Poco::Timespan(20, 0));
  const std::string request = "POST /api/chat.postMessage HTTP/1.1\r\nHost: slack.com\r\n\r\n";
  socket.sendBytes(request.data(), static_cast<int>(request.size()));
  char buffer[64] = {};
  const int received = socket.receiveBytes(buffer, sizeof buffer - 1);
  EXPECT_EQ(std::string(buffer, static_cast<std::size_t>(std::max(received, 0))).substr(0, 12),
            "HTTP/1.1 200");
  const auto records = emulator().sandboxRequests();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_FALSE(records[0].body.has_value());
}

TEST_F(EmulatorTest, StopsAndRestartsCleanly) {
  const auto first = emulator().sandboxUrl();
  HttpConnection idle(first);  // an open keep-alive connection must not block stop()
  EXPECT_EQ(idle.send("GET", "/api/order", {{"Host", "slack.com"}}).status, 200);
  emulator().stop();
  emulator().stop();
  emulator().start();
  EXPECT_EQ(sandbox("GET", "slack.com", "/api/order").status, 200);
}

// ---- route files ----

namespace {

std::string routeError(const std::string& routes, std::string* field = nullptr) {
  TempDir dir;
  EmulatorOptions options;
  options.connections = json::parse(b44::emulator::testing::kConnections);
  options.routeFiles = {dir.write("bad.json", routes)};
  try {
    Emulator emulator(options);
  } catch (const b44::InvalidArgumentError& error) {
    if (field) *field = error.field();
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST(EmulatorRoutes, MalformedRouteFilesNameTheProblem) {
  std::string field;
  EXPECT_NE(routeError("{not json").find("bad.json: not valid JSON"), std::string::npos);
  EXPECT_NE(routeError(R"({"route": []})", &field).find("routes"), std::string::npos);
  EXPECT_EQ(field, "routes");
  routeError(R"({"routes": [{"path": "/a", "bdy": {}}]})", &field);
  EXPECT_EQ(field, "routes[0].bdy");
  routeError(R"({"routes": [{"path": "/a"}, {"path": "a"}]})", &field);
  EXPECT_EQ(field, "routes[1].path");
  routeError(R"({"routes": [{"host": "*wrike.com", "path": "/a"}]})", &field);
  EXPECT_EQ(field, "routes[0].host");
  routeError(R"({"routes": [{"path": "/a", "query": {"x": [1]}}]})", &field);
  EXPECT_EQ(field, "routes[0].query.x");
  routeError(R"({"routes": [{"path": "/a", "status": 99}]})", &field);
  EXPECT_EQ(field, "routes[0].status");
  const auto unknown =
      routeError(R"({"routes": [{"path": "/a", "body": {"x": "{{bdy.x}}"}}]})", &field);
  EXPECT_EQ(field, "routes[0].body.x");
  EXPECT_NE(unknown.find("{{bdy.x}}"), std::string::npos);
  routeError(R"({"routes": [{"path": "/a/{id}", "body": "{{path.other}}"}]})", &field);
  EXPECT_EQ(field, "routes[0].body");
  routeError(R"({"routes": [{"path": "/a/{rest*}/b"}]})", &field);  // the rest is last
  EXPECT_EQ(field, "routes[0].path");
  routeError(R"({"routes": [{"path": "/a", "body": {}, "body_text": "x"}]})", &field);
  EXPECT_EQ(field, "routes[0]");
  // "secret" names parameters of the path.
  routeError(R"({"routes": [{"path": "/a/{token}", "secret": ["tokn"]}]})", &field);
  EXPECT_EQ(field, "routes[0].secret");
  routeError(R"({"routes": [{"path": "/a/{token}", "secret": "token"}]})", &field);
  EXPECT_EQ(field, "routes[0].secret");
  EXPECT_NE(
      routeError(R"({"routes": [{"path": "/a/{token}", "secret": ["token"]}]})").find("no error"),
      std::string::npos);
  EXPECT_NE(routeError(R"({"routes": []})").find("no error"), std::string::npos);
}

TEST(EmulatorRoutes, BadBase64BodiesAreRejectedAtLoad) {
  std::string field;
  const auto message = routeError(R"({"routes": [{"path": "/a", "body_base64": "AAAA"},
                                {"path": "/b", "body_base64": "not base64!"}]})",
                                  &field);
  EXPECT_EQ(field, "routes[1].body_base64");
  EXPECT_NE(message.find("bad.json: routes[1].body_base64"), std::string::npos) << message;
  for (const char* bad :
       {"QUJD=", "QUJ", "QU=D", "QQ==QQ==", "QUJD\\nRA==", "QR==", "A===", "QUJD RA=="}) {
    SCOPED_TRACE(bad);
    field.clear();
    routeError(std::string(R"({"routes": [{"path": "/a", "body_base64": ")") + bad + "\"}]}",
               &field);
    EXPECT_EQ(field, "routes[0].body_base64");
  }
  routeError(R"({"routes": [{"path": "/a", "body_base64": 5}]})", &field);
  EXPECT_EQ(field, "routes[0].body_base64");
  routeError(R"({"routes": [{"path": "/a", "body_text": "x", "body_base64": "QQ=="}]})", &field);
  EXPECT_EQ(field, "routes[0]");
  routeError(R"({"routes": [{"path": "/a", "body": {}, "body_base64": "QQ=="}]})", &field);
  EXPECT_EQ(field, "routes[0]");
  EXPECT_NE(routeError(R"({"routes": [{"path": "/a", "body_base64": "QQ=="},
                                      {"path": "/b", "body_base64": "QUI="}]})")
                .find("no error"),
            std::string::npos);
}

TEST(EmulatorRoutes, DirectoriesAreReadInNameOrderAndMissingPathsFail) {
  TempDir dir;
  dir.write("routes/b.json", R"({"routes": [{"path": "/x", "body": {"from": "b"}}]})");
  dir.write("routes/a.json", R"({"routes": [{"path": "/x", "body": {"from": "a"}}]})");
  dir.write("routes/notes.txt", "ignored");
  EmulatorOptions options;
  options.connections = json::parse(b44::emulator::testing::kConnections);
  options.routeFiles = {dir.path() / "routes"};
  Emulator emulator(options);
  emulator.start();
  const auto answer = b44::emulator::testing::httpRequest(emulator.sandboxUrl(), "GET", "/x",
                                                          {{"Host", "any.test"}});
  EXPECT_EQ(answer.json().at("from"), "a");

  options.routeFiles = {dir.path() / "absent.json"};
  try {
    Emulator missing(options);
    FAIL() << "a missing route file was accepted";
  } catch (const b44::InvalidArgumentError& error) {
    EXPECT_EQ(error.field(), "routeFiles");
    EXPECT_NE(std::string(error.what()).find("absent.json"), std::string::npos);
  }
}

// Emulators of one process share the routes of a file they both read, and an
// emulator started after the file changed answers from the new content.
TEST(EmulatorRoutes, AChangedFileIsReadAgainByTheNextEmulator) {
  TempDir dir;
  const auto file = dir.write("routes.json", R"({"routes": [{"path": "/x", "body": {"v": 1}}]})");
  EmulatorOptions options;
  options.connections = json::parse(b44::emulator::testing::kConnections);
  options.routeFiles = {file};
  const auto answer = [&options] {
    Emulator emulator(options);
    emulator.start();
    return b44::emulator::testing::httpRequest(emulator.sandboxUrl(), "GET", "/x",
                                               {{"Host", "any.test"}})
        .json()
        .at("v");
  };
  EXPECT_EQ(answer(), 1);
  EXPECT_EQ(answer(), 1);
  // Same size, same path: only the content tells them apart.
  dir.write("routes.json", R"({"routes": [{"path": "/x", "body": {"v": 2}}]})");
  EXPECT_EQ(answer(), 2);
  dir.write("routes.json", R"({"routes": [{"path": "/x", "body": {"v": 2}, "status": 9}]})");
  EXPECT_THROW(answer(), b44::InvalidArgumentError);
}

TEST(EmulatorRecords, ToJsonRedactsOnlyWhenAsked) {
  RecordedRequest record{"GET",
                         "https://x.test/",
                         {{"authorization", "Bearer abc"},
                          {"x-api-key", "k"},
                          {"cookie", "a=b; c=d"},
                          {"accept", "*/*"}},
                         std::nullopt};
  const json redacted = record.toJson(true);
  EXPECT_EQ(redacted.at("headers").at("authorization"), "Bearer <redacted>");
  EXPECT_EQ(redacted.at("headers").at("x-api-key"), "<redacted>");
  EXPECT_EQ(redacted.at("headers").at("cookie"), "<redacted>");
  EXPECT_EQ(redacted.at("headers").at("accept"), "*/*");
  EXPECT_TRUE(redacted.at("body").is_null());
  EXPECT_EQ(record.toJson(false).at("headers").at("authorization"), "Bearer abc");
}
