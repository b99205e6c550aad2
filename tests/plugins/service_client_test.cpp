// ServiceClient end to end: a small adapter defined here, the real emulator
// (Base44 side and sandbox), direct and proxied routes, pagination, 401 refresh.
#include <b44/emulator.hpp>
#include <b44/errors.hpp>
#include <b44/plugin/basic_adapter.hpp>
#include <b44/plugin/url.hpp>
#include <b44/service_client.hpp>

#include "emulated_service.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "scripted_server.hpp"

namespace b44 {
namespace {

using plugin::ActionSpec;
using plugin::Args;
using plugin::Pagination;
using plugin::Parameter;
using plugin::ServiceRequest;

class TestService final : public plugin::BasicAdapter {
 public:
  TestService() : BasicAdapter(makeSpec()) {
    addAction(ActionSpec{"get_item",
                         "Get one item",
                         "GET",
                         true,
                         {{"id", Parameter::Type::String, true, "item id"}},
                         {{"id", "a1"}},
                         {}},
              [](const Args& args) {
                ServiceRequest r;
                r.path = "/items/" + plugin::pathSegment(args.string("id"), "id");
                return r;
              });
    addAction(ActionSpec{"create_item",
                         "Create an item",
                         "POST",
                         false,
                         {{"name", Parameter::Type::String, true, "name"}},
                         {{"name", "n"}},
                         {}},
              [](const Args& args) {
                ServiceRequest r;
                r.path = "/items";
                r.setJsonBody({{"name", args.string("name")}});
                return r;
              });
    addAction(
        ActionSpec{"list_items",
                   "List items",
                   "GET",
                   true,
                   {{"cursor", Parameter::Type::String, false, "page cursor"}},
                   {},
                   Pagination{Pagination::Style::BodyCursor, "/next", "cursor", "/items", ""}},
        [](const Args& args) {
          ServiceRequest r;
          r.path = "/items";
          r.query.emplace_back("limit", "2");
          if (auto cursor = args.optionalString("cursor")) r.query.emplace_back("cursor", *cursor);
          return r;
        });
    addAction(ActionSpec{"list_linked",
                         "List with Link headers",
                         "GET",
                         true,
                         {{"page", Parameter::Type::String, false, "page number"}},
                         {},
                         Pagination{Pagination::Style::LinkHeader, "", "page", "/items", ""}},
              [](const Args& args) {
                ServiceRequest r;
                r.path = "/linked";
                if (auto page = args.optionalString("page")) r.query.emplace_back("page", *page);
                return r;
              });
    addAction(ActionSpec{"upload",
                         "Upload to the upload host",
                         "POST",
                         false,
                         {{"name", Parameter::Type::String, true, "file name"}},
                         {{"name", "f"}},
                         {}},
              [](const Args& args) {
                ServiceRequest r;
                r.host = "upload";
                r.path = "/files";
                r.query.emplace_back("name", args.string("name"));
                r.body = "raw bytes";
                r.contentType = "application/octet-stream";
                return r;
              });
  }

 private:
  static plugin::AdapterSpec makeSpec() {
    plugin::AdapterSpec spec;
    spec.type = "testsvc";
    spec.displayName = "Test Service";
    spec.hosts = {{"default", "https://api.testsvc.example/v1", {}},
                  {"upload", "https://upload.testsvc.example/v2", {}}};
    spec.defaultHeaders = {{"X-Test-Version", "2024-01"}};
    return spec;
  }
};

constexpr const char* kRoutes = R"({"routes": [
  {"method": "GET", "host": "api.testsvc.example", "path": "/v1/items/{id}",
   "body": {"id": "{{path.id}}", "name": "item {{path.id}}"}},
  {"method": "POST", "host": "api.testsvc.example", "path": "/v1/items",
   "status": 201, "body": {"id": "new", "name": "{{body.name}}"}},
  {"method": "GET", "host": "api.testsvc.example", "path": "/v1/items", "query": {"cursor": "p2"},
   "body": {"items": [{"id": 3}, {"id": 4}], "next": "p3"}},
  {"method": "GET", "host": "api.testsvc.example", "path": "/v1/items", "query": {"cursor": "p3"},
   "body": {"items": [{"id": 5}], "next": null}},
  {"method": "GET", "host": "api.testsvc.example", "path": "/v1/items",
   "body": {"items": [{"id": 1}, {"id": 2}], "next": "p2"}},
  {"method": "GET", "host": "api.testsvc.example", "path": "/v1/linked", "query": {"page": "2"},
   "body": {"items": ["c"]}},
  {"method": "GET", "host": "api.testsvc.example", "path": "/v1/linked",
   "headers": {"Link": "<https://api.testsvc.example/v1/linked?page=2>; rel=\"next\", <https://api.testsvc.example/v1/linked?page=2>; rel=\"last\""},
   "body": {"items": ["a", "b"]}},
  {"method": "POST", "host": "upload.testsvc.example", "path": "/v2/files",
   "body": {"uploaded": "{{query.name}}"}}
]})";

class ServiceClientTest : public test_support::EmulatedServiceTest {
 protected:
  ServiceClientTest() {
    adapter_ = std::make_shared<TestService>();
    routes_ = kRoutes;
    connections_ = nlohmann::json::parse(R"({
      "app_id": "app", "service_token": "svc",
      "connections": {"testsvc": {"access_token": "tok-app"}},
      "workspace_connectors": {"ws1": {"integration_type": "testsvc", "access_token": "tok-ws"}}})");
  }
};

TEST_F(ServiceClientTest, DirectCallBuildsTheFullRequest) {
  const auto result = service().invoke("get_item", {{"id", "a/b"}});
  EXPECT_EQ(result["id"], "a/b");
  const auto recorded = emulator_->sandboxRequests();
  ASSERT_EQ(recorded.size(), 1u);
  EXPECT_EQ(recorded[0].method, "GET");
  EXPECT_EQ(recorded[0].url, "https://api.testsvc.example/v1/items/a%2Fb");
  EXPECT_EQ(recorded[0].headers.at("authorization"), "Bearer tok-app");
  EXPECT_EQ(recorded[0].headers.at("x-test-version"), "2024-01");
}

TEST_F(ServiceClientTest, JsonBodyAndContentType) {
  const auto result = service().invoke("create_item", {{"name", "widget"}});
  EXPECT_EQ(result["name"], "widget");
  const auto recorded = emulator_->sandboxRequests().at(0);
  EXPECT_EQ(recorded.headers.at("content-type"), "application/json");
  EXPECT_EQ(nlohmann::json::parse(*recorded.body), (nlohmann::json{{"name", "widget"}}));
}

TEST_F(ServiceClientTest, PagesEndAndResumeFromASavedCursor) {
  auto pager = service().pages("list_items");
  const auto first = pager.nextPage();
  EXPECT_EQ(first.items.size(), 2u);
  ASSERT_TRUE(pager.cursor());
  const std::string saved = *pager.cursor();
  EXPECT_EQ(saved, "p2");
  EXPECT_EQ(pager.all(), nlohmann::json::parse(R"([{"id":3},{"id":4},{"id":5}])"));
  EXPECT_FALSE(pager.hasNext());
  EXPECT_THROW(pager.nextPage(), InvalidArgumentError);

  auto resumed = service().pages("list_items", nlohmann::json::object(), saved);
  EXPECT_EQ(resumed.all().size(), 3u);
  EXPECT_EQ(emulator_->sandboxRequests().back().url,
            "https://api.testsvc.example/v1/items?limit=2&cursor=p3");
}

TEST_F(ServiceClientTest, LinkHeaderPagination) {
  auto pager = service().pages("list_linked");
  EXPECT_EQ(pager.all(), nlohmann::json::parse(R"(["a","b","c"])"));
  EXPECT_EQ(emulator_->sandboxRequests().size(), 2u);
}

TEST_F(ServiceClientTest, ProxyRouteProducesTheSameUpstreamRequest) {
  service().invoke("create_item", {{"name", "widget"}});
  const auto direct = emulator_->sandboxRequests().at(0);
  emulator_->clearRecords();
  const auto result =
      service({.route = Route::Base44Proxy}).invoke("create_item", {{"name", "widget"}});
  EXPECT_EQ(result["name"], "widget");
  const auto proxied = emulator_->sandboxRequests().at(0);
  EXPECT_EQ(proxied.method, direct.method);
  EXPECT_EQ(proxied.url, direct.url);
  EXPECT_EQ(proxied.headers.at("authorization"), "Bearer tok-app");
  EXPECT_EQ(proxied.headers.at("x-test-version"), "2024-01");
  EXPECT_EQ(nlohmann::json::parse(*proxied.body), nlohmann::json::parse(*direct.body));
  const auto base44 = emulator_->base44Requests();
  ASSERT_EQ(base44.size(), 1u);  // records were cleared: just the callApi
  EXPECT_NE(base44[0].url.find("/api/apps/app/connectors/testsvc/call"), std::string::npos);
}

TEST_F(ServiceClientTest, ProxyRouteNamesTheSecondHost) {
  const auto result = service({.route = Route::Base44Proxy}).invoke("upload", {{"name", "f.txt"}});
  EXPECT_EQ(result["uploaded"], "f.txt");
  EXPECT_EQ(emulator_->sandboxRequests().at(0).url,
            "https://upload.testsvc.example/v2/files?name=f.txt");
  const auto call = nlohmann::json::parse(*emulator_->base44Requests().at(0).body);
  EXPECT_EQ(call["host"], "upload.testsvc.example");
  EXPECT_EQ(call["path"], "/v2/files");
  EXPECT_EQ(call["query"], (nlohmann::json{{"name", "f.txt"}}));
}

TEST_F(ServiceClientTest, ProxyNeedsTheAppConnection) {
  EXPECT_THROW(service({.source = ConnectionSource::workspace("ws1"), .route = Route::Base44Proxy})
                   .invoke("get_item", {{"id", "x"}}),
               InvalidArgumentError);
}

TEST_F(ServiceClientTest, WorkspaceSourceUsesItsToken) {
  service({.source = ConnectionSource::workspace("ws1")}).invoke("get_item", {{"id", "x"}});
  EXPECT_EQ(emulator_->sandboxRequests().at(0).headers.at("authorization"), "Bearer tok-ws");
}

TEST_F(ServiceClientTest, ServiceErrorsCarryTypeActionAndStatus) {
  emulator_->clearRecords();
  try {
    service().invoke("list_linked", {{"page", "2"}, {"bogus", 1}});
    FAIL();
  } catch (const InvalidArgumentError& e) {
    EXPECT_EQ(e.field(), "args.bogus");
  }
  try {
    service().invoke("get_itme", {{"id", "x"}});
    FAIL();
  } catch (const InvalidArgumentError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'get_item'"), std::string::npos);
  }
  EXPECT_TRUE(emulator_->sandboxRequests().empty());
}

TEST_F(ServiceClientTest, A401RefreshesTheConnectionOnceAndRetries) {
  testing::ScriptedServer upstream;
  upstream.push({401, {}, R"({"message":"token expired"})"});
  upstream.push({200, {}, R"({"id":"x"})"});
  auto sc = ServiceClient(adapter_, client(upstream.url()));
  EXPECT_EQ(sc.invoke("create_item", {{"name", "n"}})["id"], "x");  // even an unsafe action
  EXPECT_EQ(upstream.requests().size(), 2u);
  EXPECT_EQ(emulator_->base44Requests().size(), 2u);  // the first connection was dropped
}

TEST_F(ServiceClientTest, ASecond401IsAnErrorNotALoop) {
  testing::ScriptedServer upstream;
  upstream.setFallback({401, {}, R"({"error":{"code":"invalid_auth","message":"bad token"}})"});
  auto sc = ServiceClient(adapter_, client(upstream.url()));
  try {
    sc.invoke("get_item", {{"id", "x"}});
    FAIL();
  } catch (const ServiceError& e) {
    EXPECT_EQ(e.status(), 401);
    EXPECT_EQ(e.code(), "invalid_auth");
    EXPECT_EQ(e.integrationType(), "testsvc");
    EXPECT_EQ(e.action(), "get_item");
    EXPECT_EQ(std::string(e.what()).find("tok-app"), std::string::npos);
  }
  EXPECT_EQ(upstream.requests().size(), 2u);
}

TEST_F(ServiceClientTest, MalformedServiceAnswerIsAProtocolErrorWithContext) {
  testing::ScriptedServer upstream;
  upstream.push({200, {}, "{not json"});
  try {
    ServiceClient(adapter_, client(upstream.url())).invoke("get_item", {{"id", "x"}});
    FAIL();
  } catch (const ProtocolError& e) {
    EXPECT_NE(std::string(e.what()).find("testsvc.get_item"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("HTTP 200"), std::string::npos);
  }
}

}  // namespace
}  // namespace b44

namespace b44 {
namespace {

TEST_F(ServiceClientTest, ProxyRefusesBinaryBodiesWithAClearError) {
  class BinaryUpload final : public plugin::BasicAdapter {
   public:
    BinaryUpload() : BasicAdapter(makeSpec()) {
      addAction(plugin::ActionSpec{"put", "Uploads bytes", "POST", false, {}, {}, {}},
                [](const plugin::Args&) {
                  plugin::ServiceRequest request;
                  request.path = "/files";
                  request.body = std::string("\xff\xfe\x00\x01", 4);
                  request.contentType = "application/octet-stream";
                  return request;
                });
    }
    static plugin::AdapterSpec makeSpec() {
      plugin::AdapterSpec s;
      s.type = "testsvc";
      s.hosts = {{"default", "https://api.testsvc.example/v1", {}}};
      return s;
    }
  };
  const ServiceClient client(std::make_shared<BinaryUpload>(), this->client(),
                             {.route = Route::Base44Proxy});
  try {
    client.invoke("put");
    FAIL();
  } catch (const InvalidArgumentError& e) {
    EXPECT_EQ(e.field(), "request.body");
    EXPECT_NE(std::string(e.what()).find("Route::Direct"), std::string::npos);
  }
  EXPECT_TRUE(emulator_->base44Requests().empty());
}

}  // namespace
}  // namespace b44

namespace b44 {
namespace {

TEST_F(ServiceClientTest, ProxiedNextPageUrlsStayOnTheHostAndKeepTheirQuery) {
  class Follow final : public plugin::BasicAdapter {
   public:
    Follow() : BasicAdapter(makeSpec()) {
      addAction(plugin::ActionSpec{"follow",
                                   "Follows a next-page URL",
                                   "GET",
                                   true,
                                   {{"url", plugin::Parameter::Type::String, true, "next URL"}},
                                   {},
                                   {}},
                [](const plugin::Args& args) {
                  plugin::ServiceRequest request;
                  request.absoluteUrl = args.string("url");
                  return request;
                });
    }
    static plugin::AdapterSpec makeSpec() {
      plugin::AdapterSpec s;
      s.type = "testsvc";
      s.hosts = {{"default", "https://api.testsvc.example/v1", {}}};
      return s;
    }
  };
  for (const auto route : {Route::Direct, Route::Base44Proxy}) {
    const ServiceClient client(std::make_shared<Follow>(), this->client(), {.route = route});
    for (const char* bad : {"https://evil.example/v1/items", "http://api.testsvc.example/v1/items",
                            "https://api.testsvc.example/v2/items"}) {
      EXPECT_THROW(client.invoke("follow", {{"url", bad}}), InvalidArgumentError) << bad;
    }
    emulator_->clearRecords();
    const auto page = client.invoke(
        "follow", {{"url", "https://api.testsvc.example/v1/items?%24top=2&cursor=p2"}});
    EXPECT_EQ(page["next"], "p3");
    const auto url = emulator_->sandboxRequests().at(0).url;
    EXPECT_NE(url.find("cursor=p2"), std::string::npos) << url;
    EXPECT_EQ(url.find("%2524"), std::string::npos) << url;  // the key was not encoded twice
  }
}

}  // namespace
}  // namespace b44
