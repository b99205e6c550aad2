// The emulator under hostile or heavy use: idle connections, unbounded
// records, tokens in unexpected places, deeply nested JSON. Every wait is
// bounded by a client timeout; nothing sleeps.
#include "fixture.hpp"

#include <b44/errors.hpp>
#include <b44/json.hpp>

#include <Poco/Exception.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/URI.h>

#include <chrono>
#include <functional>
#include <sstream>
#include <vector>

namespace b44::emulator::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

// Far below the 30 s a half-sent request used to hold a server thread.
constexpr auto kPatience = 5s;

Poco::Net::StreamSocket connect(const std::string& origin) {
  const Poco::URI uri(origin);
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress(uri.getHost(), uri.getPort()));
  socket.setReceiveTimeout(Poco::Timespan(std::chrono::microseconds(kPatience).count()));
  return socket;
}

// True when the peer closes the connection within kPatience (any answer
// bytes before the close are skipped); false on a timeout.
bool closedByPeer(Poco::Net::StreamSocket& socket) {
  char buffer[512];
  try {
    while (socket.receiveBytes(buffer, sizeof buffer) > 0) {
    }
    return true;
  } catch (const Poco::TimeoutException&) {
    return false;
  } catch (const Poco::Exception&) {
    return true;  // reset by the peer: closed too
  }
}

// One request on a fresh connection whose every read is bounded by kPatience;
// a timeout is a test failure (status 0), not a hang.
HttpAnswer boundedRequest(const std::string& origin, const std::string& method,
                          const std::string& target, const HeaderList& headers,
                          const std::string& body = {}) {
  try {
    HttpConnection connection(origin, kPatience);
    return connection.send(method, target, headers, body);
  } catch (const Poco::Exception& error) {
    ADD_FAILURE() << method << " " << target << " got no answer: " << error.displayText();
    return {};
  }
}

TEST_F(EmulatorTest, HalfSentRequestsDoNotStallEitherSide) {
  options_.maxThreads = 4;
  options_.idleTimeout = 500ms;
  const std::vector<std::string> origins = {emulator().base44Url(), emulator().sandboxUrl()};
  // More silent clients than server threads on each side: half stop inside
  // the headers, half inside a declared body.
  std::vector<Poco::Net::StreamSocket> idle;
  for (const auto& origin : origins) {
    for (std::size_t i = 0; i < options_.maxThreads + 4; ++i) {
      const std::string start =
          i % 2 == 0 ? "GET /api/apps/x HTTP/1.1\r\nHost: a\r\n"
                     : "POST /api/apps/x HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc";
      idle.push_back(connect(origin));
      idle.back().sendBytes(start.data(), static_cast<int>(start.size()));
    }
  }

  const auto started = std::chrono::steady_clock::now();
  const auto token =
      boundedRequest(emulator().base44Url(), "GET",
                     "/api/apps/demo-app/external-auth/tokens/example", serviceHeaders());
  EXPECT_EQ(token.status, 200) << token.body;
  const auto answer =
      boundedRequest(emulator().sandboxUrl(), "GET", "/api/order", {{"Host", "slack.com"}});
  EXPECT_EQ(answer.status, 200) << answer.body;
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2 * kPatience);

  // The silent clients were dropped, and none of them counted as a request.
  for (std::size_t i = 0; i < idle.size(); ++i) ASSERT_TRUE(closedByPeer(idle[i])) << i;
  EXPECT_EQ(emulator().base44Requests().size(), 1u);
  EXPECT_EQ(emulator().sandboxRequests().size(), 1u);
}

// A client trickling its request a byte every 100 ms never stays silent for
// the idle timeout, but is dropped once the request has taken the request
// timeout, on both servers; well-behaved requests are still answered.
TEST_F(EmulatorTest, ARequestTrickledAByteAtATimeIsDroppedAtTheRequestTimeout) {
  options_.idleTimeout = 500ms;
  options_.requestTimeout = 1000ms;
  for (const auto& origin : {emulator().base44Url(), emulator().sandboxUrl()}) {
    SCOPED_TRACE(origin);
    auto socket = connect(origin);
    const std::string start = "GET /api/order HTTP/1.1\r\nHost: slack.com\r\nX-Slow: ";
    socket.sendBytes(start.data(), static_cast<int>(start.size()));
    const auto started = std::chrono::steady_clock::now();
    bool closed = false;
    // The pace of the trickle is the wait for the server to close: one byte
    // whenever 100 ms pass without it.
    while (!closed && std::chrono::steady_clock::now() - started < 3 * kPatience) {
      if (socket.poll(Poco::Timespan(0, 100'000), Poco::Net::Socket::SELECT_READ)) {
        closed = closedByPeer(socket);
        break;
      }
      try {
        socket.sendBytes("x", 1);
      } catch (const Poco::Exception&) {
        closed = true;  // reset by the peer
      }
    }
    const auto took = std::chrono::steady_clock::now() - started;
    EXPECT_TRUE(closed);
    EXPECT_GE(took, 900ms);
    EXPECT_LT(took, 3s);
  }
  EXPECT_EQ(
      boundedRequest(emulator().sandboxUrl(), "GET", "/api/order", {{"Host", "slack.com"}}).status,
      200);
  EXPECT_EQ(emulator().sandboxRequests().size(), 1u);
  EXPECT_TRUE(emulator().base44Requests().empty());
}

TEST_F(EmulatorTest, RequestTimeoutMustBePositive) {
  options_.requestTimeout = 0ms;
  EXPECT_THROW(Emulator{options_}, InvalidArgumentError);
}

TEST_F(EmulatorTest, IdleTimeoutMustBePositive) {
  options_.idleTimeout = 0ms;
  EXPECT_THROW(Emulator{options_}, InvalidArgumentError);
}

std::vector<json> jsonLines(const std::string& text) {
  std::vector<json> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
  return lines;
}

TEST_F(EmulatorTest, MemoryKeepsTheLatestMaxRecordsAndTheFileKeepsAll) {
  constexpr std::size_t kKept = 5;
  constexpr std::size_t kSent = 12;
  options_.maxRecords = kKept;
  const auto itemUrl = [](std::size_t n) { return "https://load.test/items/" + std::to_string(n); };
  for (std::size_t n = 0; n < kSent; ++n) {
    ASSERT_EQ(sandbox("GET", "load.test", "/items/" + std::to_string(n)).status, 200);
  }
  const auto records = emulator().sandboxRequests();
  ASSERT_EQ(records.size(), kKept);
  for (std::size_t i = 0; i < kKept; ++i) EXPECT_EQ(records[i].url, itemUrl(kSent - kKept + i));
  EXPECT_EQ(emulator().droppedRecords().sandbox, kSent - kKept);
  EXPECT_EQ(emulator().droppedRecords().base44, 0u);

  const auto lines = jsonLines(readFile(options_.recordFile));
  ASSERT_EQ(lines.size(), kSent);
  for (std::size_t n = 0; n < kSent; ++n) EXPECT_EQ(lines[n].at("url"), itemUrl(n));

  // The Base44 side is bounded on its own.
  const std::string tokens = "/api/apps/demo-app/external-auth/tokens/";
  for (std::size_t n = 0; n <= kKept; ++n) base44("GET", tokens + "example");
  base44("GET", tokens + "broken");
  const auto base44Records = emulator().base44Requests();
  ASSERT_EQ(base44Records.size(), kKept);
  EXPECT_EQ(base44Records.back().url, emulator().base44Url() + tokens + "broken");
  EXPECT_EQ(emulator().droppedRecords().base44, 2u);

  emulator().clearRecords();
  EXPECT_EQ(emulator().droppedRecords().sandbox, 0u);
  EXPECT_EQ(emulator().droppedRecords().base44, 0u);
  EXPECT_TRUE(emulator().sandboxRequests().empty());
}

TEST_F(EmulatorTest, FiredFaultsKeepTheLatestMaxRecordsAndCountThemAll) {
  constexpr std::size_t kKept = 3;
  options_.maxRecords = kKept;
  FaultRule fault;
  fault.kind = FaultKind::Status;
  fault.status = 503;
  fault.host = "load.test";
  emulator().addFault(fault);
  for (std::size_t n = 0; n < 2 * kKept; ++n) {
    ASSERT_EQ(sandbox("GET", "load.test", "/items/" + std::to_string(n)).status, 503);
  }
  const auto fired = emulator().firedFaults();
  ASSERT_EQ(fired.size(), kKept);
  EXPECT_EQ(fired.front().url, "https://load.test/items/" + std::to_string(kKept));
  EXPECT_EQ(fired.back().url, "https://load.test/items/" + std::to_string(2 * kKept - 1));
  EXPECT_EQ(emulator().firedFaultCounts(),
            (std::map<std::string, std::size_t>{{"status", 2 * kKept}}));
  emulator().clearRecords();
  EXPECT_TRUE(emulator().firedFaults().empty());
  EXPECT_TRUE(emulator().firedFaultCounts().empty());
}

TEST_F(EmulatorTest, MaxRecordsZeroKeepsEverything) {
  options_.maxRecords = 0;
  for (int n = 0; n < 3; ++n) sandbox("GET", "load.test", "/items/" + std::to_string(n));
  EXPECT_EQ(emulator().sandboxRequests().size(), 3u);
  EXPECT_EQ(emulator().droppedRecords().sandbox, 0u);
}

// ---- redaction ----

class Redaction : public EmulatorTest {
 protected:
  Redaction() {
    // A third-party adapter that presents its token in its own header, and a
    // token whose percent-encoded and JSON-escaped forms differ from it.
    options_.connections["connections"]["zephyr"] = {{"access_token", "zephyr-secret-1"}};
    options_.connections["connections"]["odd"] = {{"access_token", "odd/tok+en\"1"}};
    options_.adapterLookup =
        [lookup = options_.adapterLookup](
            std::string_view type) -> std::shared_ptr<const b44::plugin::Adapter> {
      if (type == "zephyr") return std::make_shared<ExampleAdapter>("zephyr", "X-Zephyr-Key", "");
      return lookup(type);
    };
  }
};

TEST_F(Redaction, TheAdaptersTokenHeaderAndEchoedTokensNeverReachTheRecordFile) {
  // By hand: the adapter's own header, as its client would send it.
  sandbox("GET", "api.example.test", "/v1/text?word=hi",
          {{"X-Zephyr-Key", "zephyr-secret-1"}, {"X-Example-Signature", "signed-by-zephyr"}});
  // Tokens where no header name gives them away: the query, another header, the body.
  sandbox("POST", "slack.com", "/api/chat.postMessage?token=xoxp-user&svc=svc-demo-token",
          {{"Content-Type", "application/json"}, {"X-Echo", "copy of xoxp-ws"}},
          R"({"channel": "C1", "note": "zephyr-secret-1", "odd": "odd/tok+en\"1"})");
  sandbox("GET", "slack.com", "/api/order?t=odd%2Ftok%2Ben%221");
  // Through callApi, the emulator presents the token in the declared header.
  ASSERT_EQ(callApi("zephyr", {{"path", "/v1/text"}, {"query", {{"word", "w"}}}}).status, 200);

  const std::string text = readFile(options_.recordFile);
  for (const std::string secret : {"zephyr-secret-1", "xoxp-user", "xoxp-ws", "svc-demo-token",
                                   "odd/tok", "odd%2Ftok", "signed-by-zephyr"}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in " << text;
  }
  const auto lines = jsonLines(text);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].at("headers").at("x-zephyr-key"), "<redacted>");
  // A header the adapter declares secret (secretHeaders), whatever its name.
  EXPECT_EQ(lines[0].at("headers").at("x-example-signature"), "<redacted>");
  EXPECT_EQ(lines[0].at("url"), "https://api.example.test/v1/text?word=hi");
  EXPECT_EQ(lines[1].at("url"),
            "https://slack.com/api/chat.postMessage?token=<redacted>&svc=<redacted>");
  EXPECT_EQ(lines[1].at("headers").at("x-echo"), "copy of <redacted>");
  EXPECT_EQ(json::parse(lines[1].at("body").get<std::string>()),
            json::parse(R"({"channel": "C1", "note": "<redacted>", "odd": "<redacted>"})"));
  EXPECT_EQ(lines[2].at("url"), "https://slack.com/api/order?t=<redacted>");
  EXPECT_EQ(lines[3].at("headers").at("x-zephyr-key"), "<redacted>");

  // Memory keeps every value whole, and redactedJson is what the file holds.
  const auto records = emulator().sandboxRequests();
  ASSERT_EQ(records.size(), lines.size());
  EXPECT_EQ(records[0].headers.at("x-zephyr-key"), "zephyr-secret-1");
  EXPECT_EQ(records[3].headers.at("x-zephyr-key"), "zephyr-secret-1");
  EXPECT_NE(records[1].url.find("xoxp-user"), std::string::npos);
  EXPECT_NE(records[1].body->find("zephyr-secret-1"), std::string::npos);
  for (std::size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ(emulator().redactedJson(records[i]), lines[i]) << i;
  }
}

TEST_F(Redaction, RotatedTokensAreRedactedWhole) {
  FaultRule rotate;
  rotate.kind = FaultKind::RotateToken;
  rotate.integrationType = "example";
  rotate.times = 1;
  emulator().addFault(rotate);
  EXPECT_EQ(
      sandbox("GET", "slack.com", "/api/order", {{"Authorization", "Bearer ex-token"}}).status,
      401);
  const auto connection = base44("GET", "/api/apps/demo-app/external-auth/tokens/example");
  ASSERT_EQ(connection.status, 200) << connection.body;
  const std::string rotated = connection.json().at("access_token");
  ASSERT_NE(rotated, "ex-token");
  sandbox("GET", "slack.com", "/api/order?old=ex-token&new=" + rotated);
  const auto lines = jsonLines(readFile(options_.recordFile));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1].at("url"), "https://slack.com/api/order?old=<redacted>&new=<redacted>");
  EXPECT_EQ(emulator().redact("a " + rotated + " b"), "a <redacted> b");
}

TEST_F(Redaction, ErrorMessagesNeverQuoteAToken) {
  const auto noRoute = sandbox("GET", "nowhere.test", "/files/xoxp-user");
  EXPECT_EQ(noRoute.status, 404);
  EXPECT_EQ(noRoute.json().at("message"),
            "no sandbox route for GET https://nowhere.test/files/<redacted>");

  const auto noEndpoint = base44("GET", "/api/apps/demo-app/svc-demo-token");
  EXPECT_EQ(noEndpoint.status, 404);
  EXPECT_EQ(noEndpoint.json().at("message"), "no such endpoint: GET /api/apps/demo-app/<redacted>");
  EXPECT_EQ(noEndpoint.json().at("error").at("message"), noEndpoint.json().at("message"));

  auto headers = serviceHeaders();
  headers["X-App-Id"] = "xoxp-ws";
  const auto wrongApp = base44("GET", "/api/apps/demo-app/external-auth/tokens/example", headers);
  EXPECT_EQ(wrongApp.status, 403);
  EXPECT_EQ(wrongApp.body.find("xoxp-ws"), std::string::npos) << wrongApp.body;
  EXPECT_NE(wrongApp.json().at("message").get<std::string>().find("'<redacted>'"),
            std::string::npos);

  const auto unknownHost = callApi("example", {{"path", "/v1/text"}, {"host", "zephyr-secret-1"}});
  EXPECT_EQ(unknownHost.status, 200);
  EXPECT_EQ(unknownHost.json().at("data").at("message"),
            "integration type 'example' declares no host '<redacted>'");
}

// ---- bounded JSON ----

std::string nestedArrays(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

// The old crash: 20 000 levels overflowed the stack of whatever walked them.
constexpr std::size_t kDeep = 20'000;

TEST_F(EmulatorTest, TooDeepSandboxBodyIs400AndTheSandboxGoesOn) {
  const std::string limit = "limit of " + std::to_string(b44::kDefaultMaxJsonDepth) + " levels";
  const HeaderList jsonType = {{"Content-Type", "application/json"}};
  const auto deep =
      sandbox("POST", "slack.com", "/api/chat.postMessage", jsonType, nestedArrays(kDeep));
  EXPECT_EQ(deep.status, 400) << deep.body;
  EXPECT_EQ(deep.json().at("error"), "json_too_deep");
  EXPECT_NE(deep.json().at("message").get<std::string>().find(limit), std::string::npos)
      << deep.body;

  // At the limit it is a body like any other; text that only looks nested is no JSON.
  EXPECT_EQ(sandbox("POST", "slack.com", "/api/chat.postMessage", jsonType,
                    nestedArrays(b44::kDefaultMaxJsonDepth))
                .status,
            200);
  EXPECT_EQ(
      sandbox("POST", "slack.com", "/api/chat.postMessage",
              {{"Content-Type", "application/octet-stream"}}, "raw " + std::string(kDeep, '['))
          .status,
      200);
  const auto next =
      sandbox("POST", "slack.com", "/api/chat.postMessage", jsonType, R"({"channel": "C1"})");
  ASSERT_EQ(next.status, 200) << next.body;
  EXPECT_EQ(next.json().at("channel"), "C1");
}

TEST_F(EmulatorTest, TooDeepCallApiBodyIs400AndBase44GoesOn) {
  const std::string limit = "limit of " + std::to_string(b44::kDefaultMaxJsonDepth) + " levels";
  const std::string call = "/api/apps/demo-app/connectors/example/call";
  for (const std::string& body :
       {nestedArrays(kDeep), R"({"path": "/v1/things", "body": )" + nestedArrays(kDeep) + "}"}) {
    const auto deep = base44("POST", call, serviceHeaders(), body);
    EXPECT_EQ(deep.status, 400) << deep.body;
    EXPECT_EQ(deep.json().at("error").at("code"), "invalid_request");
    EXPECT_NE(deep.json().at("message").get<std::string>().find(limit), std::string::npos)
        << deep.body;
  }
  EXPECT_TRUE(emulator().sandboxRequests().empty());  // nothing was sent on

  const auto next =
      callApi("example", {{"method", "POST"}, {"path", "/v1/things"}, {"body", {{"name", "w"}}}});
  ASSERT_EQ(next.status, 200) << next.body;
  EXPECT_EQ(next.json().at("data").at("name"), "w");
}

TEST_F(EmulatorTest, TooDeepUpstreamAnswerReachesCallApiAsText) {
  // A route that wraps the request body in two more levels.
  options_.routeFiles.push_back(dir_.write("wrap.json", R"({"routes": [
    {"method": "POST", "host": "api.example.test", "path": "/v1/wrap",
     "body": {"a": {"b": "{{body}}"}}}]})"));
  const std::size_t depth = b44::kDefaultMaxJsonDepth - 1;  // the callApi body is one level more
  const std::string body =
      R"({"method": "POST", "path": "/v1/wrap", "body": )" + nestedArrays(depth) + "}";
  const auto answer =
      base44("POST", "/api/apps/demo-app/connectors/example/call", serviceHeaders(), body);
  ASSERT_EQ(answer.status, 200) << answer.body.substr(0, 200);
  const json data = answer.json().at("data");
  ASSERT_TRUE(data.is_string());
  EXPECT_EQ(data.get<std::string>(), R"({"a":{"b":)" + nestedArrays(depth) + "}}");
  EXPECT_EQ(answer.json().at("status_code"), 200);
}

TEST(EmulatorFiles, TooDeepFilesAreRefusedNamingTheLimit) {
  TempDir dir;
  const std::string limit = "limit of " + std::to_string(b44::kDefaultMaxJsonDepth) + " levels";
  const std::string deep = nestedArrays(kDeep);
  auto connections = std::string(kConnections);
  connections.insert(connections.rfind('}'), R"(, "description": )" + deep);
  const auto expectRefused = [&](const std::function<void()>& load) {
    try {
      load();
      ADD_FAILURE() << "not refused";
    } catch (const InvalidArgumentError& error) {
      EXPECT_NE(std::string(error.what()).find(limit), std::string::npos) << error.what();
    }
  };
  expectRefused([&] { loadConnectionsFile(dir.write("connections.json", connections)); });
  expectRefused([&] { loadFaultsFile(dir.write("faults.json", R"({"faults": )" + deep + "}")); });
  expectRefused([&] {
    EmulatorOptions options;
    options.connections = json::parse(kConnections);
    options.routeFiles = {dir.write("routes.json", R"({"routes": )" + deep + "}")};
    Emulator emulator(options);
  });
}

}  // namespace
}  // namespace b44::emulator::testing
