// What every adapter of the dev_tools group must satisfy: it loads through the
// registry, describes itself completely, and each action's example works
// against the sandbox, directly and through Base44's proxy.
#include "dev_tools_support.hpp"

#include <b44/plugin/args.hpp>
#include <b44/plugin/spec.hpp>
#include <b44/plugin/url.hpp>

#include <algorithm>

namespace b44::adapter_tests {
namespace {

class DevToolsEveryAdapterTest : public DevToolsTest,
                                 public ::testing::WithParamInterface<std::string> {};

TEST_P(DevToolsEveryAdapterTest, LoadsThroughTheRegistry) {
  ASSERT_TRUE(registry().contains(GetParam()));
  bool found = false;
  for (const auto& loaded : registry().adapters()) {
    if (loaded.integrationType != GetParam()) continue;
    found = true;
    EXPECT_EQ(loaded.adapterVersion, "1.0.0");
    EXPECT_NE(loaded.path.find("libb44_adapter_" + GetParam() + ".so"), std::string::npos);
    ASSERT_NE(loaded.adapter, nullptr);
    EXPECT_EQ(loaded.adapter->spec().type, GetParam());
  }
  EXPECT_TRUE(found);
}

TEST_P(DevToolsEveryAdapterTest, DescribesItselfCompletely) {
  const plugin::AdapterSpec& spec = registry().adapter(GetParam())->spec();
  EXPECT_FALSE(spec.displayName.empty());
  EXPECT_FALSE(spec.description.empty());
  EXPECT_TRUE(spec.documentationUrl.starts_with("https://")) << spec.documentationUrl;
  ASSERT_FALSE(spec.hosts.empty());
  EXPECT_EQ(spec.hosts.front().name, "default");
  for (const auto& host : spec.hosts) {
    EXPECT_TRUE(host.baseUrlTemplate.starts_with("https://")) << host.baseUrlTemplate;
    EXPECT_EQ(host.baseUrlTemplate.find('{'), std::string::npos) << "no config in these URLs";
    EXPECT_FALSE(host.allowedHosts.empty()) << host.name;
  }
  EXPECT_TRUE(spec.configFields.empty()) << "none of these services has an account-specific URL";
  EXPECT_EQ(spec.token.header, "Authorization");
  EXPECT_EQ(spec.token.scheme, "Bearer");
  ASSERT_FALSE(spec.actions.empty());
  for (const auto& action : spec.actions) {
    SCOPED_TRACE(action.name);
    EXPECT_FALSE(action.description.empty());
    EXPECT_TRUE(action.method == "GET" || action.method == "POST") << action.method;
    if (action.method == "GET") {
      EXPECT_TRUE(action.retrySafe) << "a GET is a read";
    }
    for (const auto& parameter : action.parameters) {
      EXPECT_FALSE(parameter.description.empty()) << parameter.name;
    }
    ASSERT_TRUE(action.example.is_object());
    EXPECT_NO_THROW(
        plugin::validateArguments(action, action.example, spec.type + "." + action.name));
    if (action.pagination) {
      const auto& cursor = action.pagination->cursorArgument;
      const bool declared = std::any_of(action.parameters.begin(), action.parameters.end(),
                                        [&](const auto& p) { return p.name == cursor; });
      EXPECT_TRUE(declared) << "the cursor argument '" << cursor << "' is not a parameter";
      EXPECT_FALSE(action.pagination->itemsPointer.empty());
      EXPECT_TRUE(action.retrySafe) << "reading a page is always safe to repeat";
    }
  }
  const auto json = plugin::toJson(spec);
  EXPECT_EQ(json.at("type"), GetParam());
  EXPECT_EQ(json.at("actions").size(), spec.actions.size());
}

TEST_P(DevToolsEveryAdapterTest, EveryExampleWorksDirectlyAndThroughTheProxy) {
  for (const auto& options : {ServiceOptions{}, viaProxy()}) {
    const auto service = this->service(GetParam(), options);
    for (const auto& action : service.spec().actions) {
      SCOPED_TRACE(action.name);
      clearRequests();
      const auto result = service.invoke(action.name, action.example);
      EXPECT_TRUE(result.is_object()) << result.dump();
      const auto sent = requests();
      ASSERT_EQ(sent.size(), 1u);
      EXPECT_EQ(sent[0].method, action.method);
    }
  }
}

TEST_P(DevToolsEveryAdapterTest, UnknownActionsSuggestTheClosestName) {
  const auto service = this->service(GetParam());
  const auto& first = service.spec().actions.front().name;
  try {
    (void)service.invoke(first + "x");
    FAIL() << "expected InvalidArgumentError";
  } catch (const InvalidArgumentError& error) {
    EXPECT_NE(std::string(error.what()).find("did you mean '" + first + "'"), std::string::npos)
        << error.what();
  }
}

TEST_P(DevToolsEveryAdapterTest, UnknownArgumentsAreRejectedBeforeSending) {
  const auto service = this->service(GetParam());
  const auto& action = service.spec().actions.front();
  auto args = action.example;
  args["no_such_argument"] = 1;
  expectInvalidArgument(*emulator_, "args.no_such_argument",
                        [&] { (void)service.invoke(action.name, args); });
}

INSTANTIATE_TEST_SUITE_P(DevTools, DevToolsEveryAdapterTest, ::testing::ValuesIn(devToolsTypes()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace b44::adapter_tests
