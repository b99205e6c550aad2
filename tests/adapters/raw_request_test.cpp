// Raw requests through every adapter: one GET and one POST per type (from
// raw_requests.json, each answered by a sandbox route beyond the declared
// actions) go out with the adapter's host, base path, token presentation and
// default headers, directly and through Base44's proxy alike; hostile paths
// are refused before anything is sent. Also: a user's unit test with the
// GoogleMock seam, as the README shows it.
#include "support.hpp"

#include <b44/adapters/slack.hpp>
#include <b44/mocks/service_connection.hpp>
#include <b44/plugin/url.hpp>

#include <gmock/gmock.h>

#include <fstream>

namespace b44::adapter_tests {
namespace {

const nlohmann::ordered_json& fixture() {
  static const nlohmann::ordered_json loaded = [] {
    std::ifstream in(B44_RAW_REQUESTS);
    return nlohmann::ordered_json::parse(in);
  }();
  return loaded;
}

std::vector<std::string> fixtureTypes() {
  std::vector<std::string> types;
  for (const auto& [type, entry] : fixture().items()) types.push_back(type);
  return types;
}

RawRequest rawRequest(const nlohmann::ordered_json& entry, const std::string& method) {
  RawRequest request;
  request.method = method;
  request.host = entry.value("host", "");
  request.path = entry.at("path").get<std::string>();
  if (entry.contains("query")) {
    for (const auto& [name, value] : entry["query"].items()) {
      request.query.emplace_back(name, value.get<std::string>());
    }
  }
  if (entry.contains("json")) request.jsonBody(nlohmann::json::parse(entry["json"].dump()));
  if (entry.contains("form")) {
    std::vector<std::pair<std::string, std::string>> fields;
    for (const auto& [name, value] : entry["form"].items()) {
      fields.emplace_back(name, value.get<std::string>());
    }
    request.formBody(fields);
  }
  return request;
}

class EveryAdapterRaw : public AdapterTest, public ::testing::WithParamInterface<std::string> {
 protected:
  [[nodiscard]] nlohmann::json connections() const override {
    return emulator::loadConnectionsFile(B44_DEMO_CONNECTIONS);
  }
  // The token header as the adapter presents its connection's token.
  [[nodiscard]] std::pair<std::string, std::string> tokenHeader() const {
    const auto& spec = registry().adapter(GetParam())->spec();
    const auto document = connections();
    const auto token = document["connections"][GetParam()]["access_token"].get<std::string>();
    std::string name = spec.token.header;
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return {name, spec.token.scheme.empty() ? token : spec.token.scheme + " " + token};
  }
};

TEST_P(EveryAdapterRaw, AGetAndAPostGoOutDirectlyAndThroughTheProxyAlike) {
  const auto& entries = fixture().at(GetParam());
  for (const std::string kind : {"get", "post"}) {
    SCOPED_TRACE(kind);
    const auto& entry = entries.at(kind);
    const RawRequest request = rawRequest(entry, kind == "get" ? "GET" : "POST");
    clearRequests();
    const RawResponse direct = service(GetParam()).request(request);
    EXPECT_TRUE(direct.ok()) << direct.status << " " << direct.body;
    for (const auto& [pointer, expected] : entry.at("expect").items()) {
      const nlohmann::json::json_pointer at(pointer);
      ASSERT_TRUE(direct.json.contains(at)) << pointer << " in " << direct.body;
      EXPECT_EQ(direct.json.at(at), nlohmann::json::parse(expected.dump())) << pointer;
    }
    const auto sentDirectly = onlyRequest();
    EXPECT_EQ(sentDirectly.method, request.method);
    EXPECT_EQ(sentDirectly.url, entry.at("upstream").get<std::string>());
    const auto [tokenName, tokenValue] = tokenHeader();
    EXPECT_EQ(header(sentDirectly, tokenName), tokenValue);
    for (const auto& fixed : registry().adapter(GetParam())->spec().defaultHeaders) {
      if (plugin::isConfiguredHeader(fixed)) continue;  // filled from the connection
      std::string name = fixed.name;
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      EXPECT_EQ(header(sentDirectly, name), fixed.value) << name;
    }

    clearRequests();
    const RawResponse proxied = service(GetParam(), viaProxy()).request(request);
    EXPECT_EQ(proxied.status, direct.status);
    EXPECT_EQ(proxied.json, direct.json);
    std::vector<std::string> defaults;
    for (const auto& fixed : registry().adapter(GetParam())->spec().defaultHeaders) {
      std::string name = fixed.name;
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      defaults.push_back(name);
    }
    expectSameUpstreamRequest(sentDirectly, onlyRequest(), defaults);
  }
}

TEST_P(EveryAdapterRaw, HostilePathsAndForeignUrlsAreRefusedBeforeSending) {
  for (const auto& route : {ServiceOptions{}, viaProxy()}) {
    for (const std::string path :
         {"https://evil.example/x", "/../x", "//evil.example/x", "/a/%2E%2E/x", "x/y", "/a#b"}) {
      expectInvalidArgument(*emulator_, "request.path",
                            [&] { (void)service(GetParam(), route).request({.path = path}); });
    }
    RequestOptions absolute;
    absolute.allowAbsoluteUrl = true;
    EXPECT_THROW(
        (void)service(GetParam(), route).request({.path = "https://evil.example/x"}, absolute),
        InvalidArgumentError);
    EXPECT_TRUE(requests().empty());
  }
}

TEST(RawFixture, CoversEveryType) { EXPECT_EQ(fixtureTypes(), registry().types()); }

INSTANTIATE_TEST_SUITE_P(AllTypes, EveryAdapterRaw, ::testing::ValuesIn(fixtureTypes()),
                         [](const auto& info) { return info.param; });

// A user's unit test of code that posts to Slack: no emulator, no network.
TEST(UserTestsWithMocks, ATypedHelperAndARawRequestAnswerFromTheMock) {
  using ::testing::_;
  using ::testing::Field;
  using ::testing::Return;
  auto mock = std::make_shared<mocks::MockServiceConnection>();
  EXPECT_CALL(*mock, invokePage("post_message", _))
      .WillOnce(Return(Page{{{"ok", true}, {"channel", "C1"}, {"ts", "1.2"}}, {}, {}}));
  RawResponse history;
  history.status = 200;
  history.json = {{"ok", true}, {"messages", {{{"text", "hi"}}}}};
  EXPECT_CALL(*mock, request(Field(&RawRequest::path, "/conversations.history"), _))
      .WillOnce(Return(history));

  slack::Slack slack(ServiceClient{mock});
  EXPECT_EQ(slack.postMessage("C1", "hi").ts, "1.2");
  const auto answer = slack.client().request({.path = "/conversations.history"});
  EXPECT_EQ(answer.json["messages"][0]["text"], "hi");
}

}  // namespace
}  // namespace b44::adapter_tests
