// Raw requests (ServiceClient::request / paginate): any endpoint with the
// adapter's authentication, through the real send path. A small adapter
// defined here; the real emulator for Base44 and, where the test scripts the
// service's answers, a ScriptedServer on loopback as the service.
#include <b44/emulator.hpp>
#include <b44/errors.hpp>
#include <b44/plugin/basic_adapter.hpp>
#include <b44/service_client.hpp>

#include <gtest/gtest.h>

#include <string>

#include "scripted_server.hpp"

namespace b44 {
namespace {

using testing::ScriptedAnswer;
using testing::ScriptedServer;

class RawService final : public plugin::BasicAdapter {
 public:
  RawService() : BasicAdapter(makeSpec()) {}

 protected:
  // Errors inside a 200, as Slack reports them.
  void checkResponse(std::string_view action, const plugin::ServiceResponse& response,
                     const nlohmann::json& body) const override {
    if (body.is_object() && body.value("ok", true) == false) {
      throw ServiceError(spec().type, std::string(action), response.status,
                         body.value("error", std::string("unknown")), "ok:false", body);
    }
    BasicAdapter::checkResponse(action, response, body);
  }

 private:
  static plugin::AdapterSpec makeSpec() {
    plugin::AdapterSpec spec;
    spec.type = "rawsvc";
    spec.hosts = {{"default",
                   "https://api.rawsvc.example/v1",
                   {},
                   plugin::bodyCursor("/next", "cursor", "/items")},
                  {"upload", "https://upload.rawsvc.example/v2", {}, std::nullopt}};
    spec.defaultHeaders = {{"X-Raw-Version", "7"}};
    spec.token = {"X-Raw-Key", ""};
    return spec;
  }
};

constexpr const char* kToken = "raw-token-0123456789";

class RawRequestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    emulator::EmulatorOptions options;
    options.connections = {
        {"app_id", "app"},
        {"service_token", "svc"},
        {"connections", {{"rawsvc", {{"access_token", kToken}}}}},
        {"workspace_connectors",
         {{"ws1", {{"integration_type", "rawsvc"}, {"access_token", "ws-token"}}}}}};
    options.routeFiles = {};
    options.adapterLookup = [this](std::string_view) { return adapter_; };
    emulator_ = std::make_unique<emulator::Emulator>(options);
    emulator_->start();
  }

  // A client whose upstream requests go to `service` (the sandbox by
  // default); a manual clock, so retries never wait.
  Client client(const std::string& service = "", int attempts = 4) {
    ClientOptions options;
    options.serverUrl = emulator_->base44Url();
    options.appId = "app";
    options.serviceToken = Secret("svc");
    options.transport.connectTo = service.empty() ? emulator_->sandboxUrl() : service;
    options.retry.maxAttempts = attempts;
    options.clock = std::make_shared<ManualClock>();
    return Client(options);
  }
  ServiceClient raw(const std::string& service = "", ServiceOptions options = {},
                    int attempts = 4) {
    return ServiceClient(adapter_, client(service, attempts), std::move(options));
  }
  static ServiceOptions proxied() {
    ServiceOptions options;
    options.route = Route::Base44Proxy;
    return options;
  }

  std::shared_ptr<const plugin::Adapter> adapter_ = std::make_shared<RawService>();
  std::unique_ptr<emulator::Emulator> emulator_;
};

ScriptedAnswer json(const nlohmann::json& body, int status = 200,
                    std::map<std::string, std::string> headers = {}) {
  headers["Content-Type"] = "application/json";
  return {status, std::move(headers), body.dump()};
}

TEST_F(RawRequestTest, GetCarriesHostPathQueryTokenAndDefaultHeaders) {
  ScriptedServer service;
  service.push(json({{"ok", true}, {"n", 1}}));
  RawRequest request;
  request.path = "/things/a%2Fb";
  request.query = {{"q", "a b&c"}, {"limit", "2"}};
  request.headers.set("X-Caller", "yes");
  const RawResponse answer = raw(service.url()).request(request);
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.json["n"], 1);
  EXPECT_EQ(answer.bodyBytes, answer.body.size());
  const auto sent = service.requests();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].method, "GET");
  EXPECT_EQ(sent[0].target, "/v1/things/a%2Fb?q=a%20b%26c&limit=2");
  EXPECT_EQ(sent[0].headers.at("host"), "api.rawsvc.example");
  EXPECT_EQ(sent[0].headers.at("x-raw-key"), kToken);
  EXPECT_EQ(sent[0].headers.at("x-raw-version"), "7");
  EXPECT_EQ(sent[0].headers.at("x-caller"), "yes");
  EXPECT_EQ(sent[0].headers.at("accept"), "application/json");
}

TEST_F(RawRequestTest, BodiesKeepTheirContentTypes) {
  ScriptedServer service;
  service.setFallback(json({{"ok", true}}));
  auto client = raw(service.url());
  RawRequest request{.method = "POST", .path = "/things"};
  client.request(RawRequest(request).jsonBody({{"a", 1}}));
  client.request(RawRequest(request).formBody({{"a", "1 2"}, {"b", "x&y"}}));
  client.request(RawRequest(request).bytesBody(std::string("\x00\xff\x01", 3), "image/png"));
  const auto sent = service.requests();
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[0].headers.at("content-type"), "application/json");
  EXPECT_EQ(nlohmann::json::parse(sent[0].body), nlohmann::json({{"a", 1}}));
  EXPECT_EQ(sent[1].headers.at("content-type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(sent[1].body, "a=1%202&b=x%26y");
  EXPECT_EQ(sent[2].headers.at("content-type"), "image/png");
  EXPECT_EQ(sent[2].body, std::string("\x00\xff\x01", 3));
}

TEST_F(RawRequestTest, TheProxySendsTheSameUpstreamRequest) {
  RawRequest request{.method = "POST", .host = "upload", .path = "/files"};
  request.query = {{"name", "a b"}, {"tag", "x"}, {"tag", "y"}};
  request.jsonBody({{"size", 3}});
  for (auto options : {ServiceOptions{}, proxied()}) {
    RequestOptions keep;
    keep.returnErrorAnswers = true;  // the sandbox has no route: a 404 either way
    EXPECT_EQ(raw("", options).request(request, keep).status, 404);
  }
  const auto recorded = emulator_->sandboxRequests();
  ASSERT_EQ(recorded.size(), 2u);
  for (const auto& sent : recorded) {
    EXPECT_EQ(sent.method, "POST");
    EXPECT_EQ(sent.url, "https://upload.rawsvc.example/v2/files?name=a%20b&tag=x&tag=y");
    EXPECT_EQ(sent.headers.at("x-raw-key"), kToken);
    EXPECT_EQ(sent.headers.at("x-raw-version"), "7");
    EXPECT_EQ(nlohmann::json::parse(*sent.body), nlohmann::json({{"size", 3}}));
  }
}

TEST_F(RawRequestTest, HostilePathsAreRefusedBeforeAnythingIsSent) {
  ScriptedServer service;
  auto client = raw(service.url());
  for (const std::string path : {"", "things", "//evil.example/x", "https://evil.example/x",
                                 "/a/../b", "/a/%2e%2E/b", "/./a", "/a#frag", "/a b", "/a\\b",
                                 "/a\r\nX-Injected: 1", "https://api.rawsvc.example/v1/x"}) {
    RawRequest request{.path = path};
    try {
      (void)client.request(request);
      ADD_FAILURE() << "accepted " << path;
    } catch (const InvalidArgumentError& e) {
      EXPECT_EQ(e.field(), "request.path") << path << ": " << e.what();
    }
  }
  RequestOptions absolute;
  absolute.allowAbsoluteUrl = true;
  for (const std::string url :
       {"https://evil.example/v1/x", "https://api.rawsvc.example/v2/x",
        "https://api.rawsvc.example.evil.example/v1/x", "https://u@api.rawsvc.example/v1/x",
        "http://api.rawsvc.example/v1/x"}) {
    EXPECT_THROW((void)client.request({.path = url}, absolute), InvalidArgumentError) << url;
  }
  EXPECT_THROW((void)client.request({.host = "uplaod", .path = "/x"}), InvalidArgumentError);
  EXPECT_THROW((void)client.request({.method = "GET\r\n", .path = "/x"}), InvalidArgumentError);
  EXPECT_TRUE(service.requests().empty());
}

TEST_F(RawRequestTest, AnAbsoluteUrlUnderADeclaredHostIsAcceptedWhenAllowed) {
  ScriptedServer service;
  service.setFallback(json({{"ok", true}}));
  RequestOptions absolute;
  absolute.allowAbsoluteUrl = true;
  const auto answer =
      raw(service.url()).request({.path = "https://upload.rawsvc.example/v2/files?id=9"}, absolute);
  EXPECT_EQ(answer.status, 200);
  ASSERT_EQ(service.requests().size(), 1u);
  EXPECT_EQ(service.requests()[0].target, "/v2/files?id=9");
  EXPECT_EQ(service.requests()[0].headers.at("host"), "upload.rawsvc.example");
}

TEST_F(RawRequestTest, ErrorAnswersThrowByTheAdaptersRulesUnlessAskedBack) {
  ScriptedServer service;
  service.push(json({{"message", "nope"}}, 404));
  service.push(json({{"ok", false}, {"error", "channel_not_found"}}));
  service.push(json({{"ok", false}, {"error", "channel_not_found"}}));
  auto client = raw(service.url());
  try {
    (void)client.request({.path = "/missing"});
    ADD_FAILURE() << "no error";
  } catch (const ServiceError& e) {
    EXPECT_EQ(e.status(), 404);
    EXPECT_EQ(e.action(), "request");
    EXPECT_EQ(e.detail(), "nope");
  }
  try {
    (void)client.request({.path = "/in-body"});
    ADD_FAILURE() << "no error";
  } catch (const ServiceError& e) {
    EXPECT_EQ(e.code(), "channel_not_found");
  }
  RequestOptions keep;
  keep.returnErrorAnswers = true;
  const auto answer = client.request({.path = "/in-body"}, keep);
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.json["error"], "channel_not_found");
}

TEST_F(RawRequestTest, RetrySafetyFollowsTheMethod) {
  struct Case {
    std::string method;
    std::optional<bool> declared;
    std::size_t expectedSends;
  };
  for (const auto& c :
       {Case{"GET", {}, 2}, Case{"PUT", {}, 2}, Case{"DELETE", {}, 2}, Case{"HEAD", {}, 2},
        Case{"POST", {}, 1}, Case{"PATCH", {}, 1}, Case{"POST", true, 2}, Case{"GET", false, 1}}) {
    ScriptedServer service;
    service.push(json({{"error", "busy"}}, 503));
    service.setFallback(json({{"ok", true}}));
    RequestOptions options;
    options.retrySafe = c.declared;
    options.returnErrorAnswers = true;
    const auto answer = raw(service.url()).request({.method = c.method, .path = "/x"}, options);
    EXPECT_EQ(service.requests().size(), c.expectedSends) << c.method;
    EXPECT_EQ(answer.status, c.expectedSends == 2 ? 200 : 503) << c.method;
  }
}

TEST_F(RawRequestTest, A401RefreshesTheConnectionOnce) {
  ScriptedServer service;
  service.push(json({{"error", "expired"}}, 401));
  service.push(json({{"ok", true}}));
  const auto answer = raw(service.url()).request({.method = "POST", .path = "/x"});
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(service.requests().size(), 2u);
  const auto base44 = emulator_->base44Requests();
  EXPECT_EQ(base44.size(), 2u) << "one fetch, one refresh";
}

TEST_F(RawRequestTest, ADownloadStreamsToTheSinkWithinItsLimit) {
  std::string payload(200'000, '\0');
  for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>(i * 7);
  ScriptedServer service;
  service.push({200, {{"Content-Type", "application/octet-stream"}}, payload});
  service.push({200, {{"Content-Type", "application/octet-stream"}}, payload});
  auto client = raw(service.url());
  std::string received;
  std::size_t chunks = 0;
  RequestOptions options;
  options.sink = [&](std::string_view chunk) {
    received.append(chunk);
    ++chunks;
  };
  const auto answer = client.request({.path = "/files/1"}, options);
  EXPECT_EQ(received, payload);
  EXPECT_GT(chunks, 1u) << "streamed in chunks, not in one piece";
  EXPECT_TRUE(answer.body.empty());
  EXPECT_EQ(answer.bodyBytes, payload.size());

  options.maxResponseBytes = 1000;
  EXPECT_THROW((void)client.request({.path = "/files/1"}, options), ProtocolError);
}

TEST_F(RawRequestTest, ABodyOverTheLimitIsRefused) {
  ScriptedServer service;
  service.push({200, {{"Content-Type", "text/plain"}}, std::string(5000, 'x')});
  RequestOptions options;
  options.maxResponseBytes = 4096;
  EXPECT_THROW((void)raw(service.url()).request({.path = "/big"}, options), ProtocolError);
}

TEST_F(RawRequestTest, AWorkspaceConnectionUsesItsOwnToken) {
  ScriptedServer service;
  service.push(json({{"ok", true}}));
  ServiceOptions options;
  options.source = ConnectionSource::workspace("ws1");
  (void)raw(service.url(), options).request({.path = "/me"});
  ASSERT_EQ(service.requests().size(), 1u);
  EXPECT_EQ(service.requests()[0].headers.at("x-raw-key"), "ws-token");
}

// --- Pagination -----------------------------------------------------------

std::vector<std::string> targets(const ScriptedServer& service) {
  std::vector<std::string> out;
  for (const auto& request : service.requests()) out.push_back(request.target);
  return out;
}

TEST_F(RawRequestTest, TheHostsDefaultPaginationWalksBodyCursors) {
  ScriptedServer service;
  service.push(json({{"items", {1, 2}}, {"next", "c2"}}));
  service.push(json({{"items", {3}}, {"next", ""}}));
  auto pager = raw(service.url()).paginate({.path = "/things", .query = {{"limit", "2"}}});
  EXPECT_EQ(pager.all(), nlohmann::json({1, 2, 3}));
  EXPECT_EQ(targets(service),
            (std::vector<std::string>{"/v1/things?limit=2", "/v1/things?limit=2&cursor=c2"}));
  EXPECT_THROW((void)pager.nextPage(), InvalidArgumentError);
}

TEST_F(RawRequestTest, AHostWithoutPaginationNeedsAStyle) {
  EXPECT_THROW((void)raw().paginate({.host = "upload", .path = "/x"}), InvalidArgumentError);
}

TEST_F(RawRequestTest, ABodyCursorCanTravelInTheJsonBody) {
  ScriptedServer service;
  service.push(json({{"results", {"a"}}, {"more", true}, {"next_cursor", 7}}));
  service.push(json({{"results", {"b"}}, {"more", false}, {"next_cursor", 8}}));
  auto pagination = plugin::bodyCursor("/next_cursor", "start", "/results", "/more");
  pagination.cursorInBody = true;
  RawRequest request{.method = "POST", .path = "/search"};
  request.jsonBody({{"query", "x"}});
  auto pager = raw(service.url()).paginate(request, pagination);
  EXPECT_EQ(pager.all(), nlohmann::json({"a", "b"}));
  const auto sent = service.requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(nlohmann::json::parse(sent[1].body), nlohmann::json({{"query", "x"}, {"start", 7}}))
      << "an integer cursor stays a number";
}

TEST_F(RawRequestTest, LinkHeaderAndNextUrlFollowTheServicesUrls) {
  ScriptedServer service;
  service.push(
      json({1, 2}, 200, {{"Link", "<https://api.rawsvc.example/v1/list?page=2>; rel=\"next\""}}));
  service.push(json({3}));
  EXPECT_EQ(raw(service.url()).paginate({.path = "/list"}, plugin::linkHeader("page", "")).all(),
            nlohmann::json({1, 2, 3}));
  service.push(json({{"value", {1}}, {"@odata.nextLink", "https://api.rawsvc.example/v1/n?s=2"}}));
  service.push(json({{"value", {2}}, {"nextRecordsUrl", "/v1/n?s=3"}}));
  service.push(json({{"value", {3}}}));
  EXPECT_EQ(raw(service.url())
                .paginate({.path = "/n"}, plugin::nextUrl("/@odata.nextLink", "", "/value"))
                .all(),
            nlohmann::json({1, 2}));
  EXPECT_EQ(targets(service),
            (std::vector<std::string>{"/v1/list", "/v1/list?page=2", "/v1/n", "/v1/n?s=2"}));
  // A path from the origin (Salesforce's nextRecordsUrl) stays under the base.
  EXPECT_EQ(raw(service.url())
                .paginate({.path = "/n"}, plugin::nextUrl("/nextRecordsUrl", "", "/value"), {},
                          "/v1/n?s=3")
                .all(),
            nlohmann::json({3}));
  EXPECT_EQ(service.requests().back().target, "/v1/n?s=3");
}

TEST_F(RawRequestTest, ANextUrlOffTheHostIsRefused) {
  ScriptedServer service;
  service.push(json({{"value", {1}}, {"next", "https://evil.example/v1/n?s=2"}}));
  auto pager = raw(service.url()).paginate({.path = "/n"}, plugin::nextUrl("/next", "", "/value"));
  (void)pager.nextPage();
  EXPECT_THROW((void)pager.nextPage(), InvalidArgumentError);
  EXPECT_EQ(service.requests().size(), 1u);
}

TEST_F(RawRequestTest, PageNumbersAndOffsetsCountUntilAnEmptyPage) {
  ScriptedServer service;
  service.push(json({{"items", {1, 2}}}));
  service.push(json({{"items", {3}}}));
  service.push(json({{"items", nlohmann::json::array()}}));
  EXPECT_EQ(
      raw(service.url()).paginate({.path = "/p"}, plugin::pageNumber("page", "/items", 0)).all(),
      nlohmann::json({1, 2, 3}));
  service.push(json({{"items", {1, 2}}}));
  service.push(json({{"items", nlohmann::json::array()}}));
  EXPECT_EQ(raw(service.url()).paginate({.path = "/o"}, plugin::offset("offset", "/items")).all(),
            nlohmann::json({1, 2}));
  EXPECT_EQ(targets(service),
            (std::vector<std::string>{"/v1/p?page=0", "/v1/p?page=1", "/v1/p?page=2",
                                      "/v1/o?offset=0", "/v1/o?offset=2"}));
}

TEST_F(RawRequestTest, AWalkResumesFromASavedCursor) {
  ScriptedServer service;
  service.push(json({{"items", {1}}, {"next", "c2"}}));
  service.push(json({{"items", {2}}}));
  auto client = raw(service.url());
  auto pager = client.paginate({.path = "/things"});
  (void)pager.nextPage();
  const auto saved = pager.cursor();
  ASSERT_EQ(saved, "c2");
  auto resumed = client.paginate({.path = "/things"}, {}, saved);
  EXPECT_EQ(resumed.all(), nlohmann::json({2}));
  EXPECT_EQ(service.requests().back().target, "/v1/things?cursor=c2");
}

TEST_F(RawRequestTest, WalksThatWouldNeverEndAreStopped) {
  ScriptedServer service;
  // Alternating cursors: A, B, A ...
  service.push(json({{"items", {1}}, {"next", "A"}}));
  service.push(json({{"items", {2}}, {"next", "B"}}));
  service.push(json({{"items", {3}}, {"next", "A"}}));
  EXPECT_THROW((void)raw(service.url()).paginate({.path = "/t"}).all(), ProtocolError);
  EXPECT_EQ(service.requests().size(), 3u);
  // A service that ignores the page parameter answers the same page again.
  service.setFallback(json({{"items", {1, 2}}}));
  EXPECT_THROW((void)raw(service.url())
                   .paginate({.path = "/same"}, plugin::pageNumber("page", "/items"))
                   .all(),
               ProtocolError);
  EXPECT_EQ(service.requests().size(), 5u);
  // A page cap.
  ScriptedServer endless;
  for (int i = 0; i < 10; ++i)
    endless.push(json({{"items", {i}}, {"next", "c" + std::to_string(i)}}));
  ServiceOptions capped;
  capped.maxPages = 4;
  EXPECT_THROW((void)raw(endless.url(), capped).paginate({.path = "/t"}).all(), ProtocolError);
  EXPECT_EQ(endless.requests().size(), 4u);
}

}  // namespace
}  // namespace b44
