// What every adapter of the accounts group must satisfy: it loads through the
// registry, describes itself completely, each action's example works against
// the sandbox directly and through the Base44 proxy with the same upstream
// request, and a missing required argument is named before anything is sent.
#include "accounts_support.hpp"

#include <b44/plugin/args.hpp>
#include <b44/plugin/spec.hpp>
#include <b44/plugin/url.hpp>

#include <algorithm>

namespace b44::adapter_tests::accounts {
namespace {

const std::vector<std::string> kTypes = {"discord", "linkedin", "salesforce", "splitwise",
                                         "tiktok",  "typeform", "wix"};

// The service-specific request headers an example may send.
const std::vector<std::string> kServiceHeaders = {"linkedin-version", "x-restli-protocol-version",
                                                  "sforce-query-options", "wix-site-id"};

class AccountsAdapterTest : public AccountsTest,
                            public ::testing::WithParamInterface<std::string> {};

TEST_P(AccountsAdapterTest, LoadsThroughTheRegistry) {
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

TEST_P(AccountsAdapterTest, DescribesItselfCompletely) {
  const plugin::AdapterSpec& spec = registry().adapter(GetParam())->spec();
  EXPECT_FALSE(spec.displayName.empty());
  EXPECT_FALSE(spec.description.empty());
  EXPECT_TRUE(spec.documentationUrl.starts_with("https://")) << spec.documentationUrl;
  ASSERT_EQ(spec.hosts.size(), 1u);
  const auto& host = spec.hosts.front();
  EXPECT_FALSE(host.name.empty());
  EXPECT_FALSE(host.allowedHosts.empty());
  if (host.baseUrlTemplate.find('{') == std::string::npos) {
    EXPECT_TRUE(host.baseUrlTemplate.starts_with("https://")) << host.baseUrlTemplate;
  }
  for (const auto& field : spec.configFields) {
    SCOPED_TRACE(field.name);
    EXPECT_NE(host.baseUrlTemplate.find("{" + field.name + "}"), std::string::npos);
    EXPECT_FALSE(field.displayName.empty());
    EXPECT_FALSE(field.description.empty());
    EXPECT_FALSE(field.pattern.empty());
    EXPECT_FALSE(field.validationError.empty());
    EXPECT_NO_THROW(plugin::validateConfigValue(field, field.example));
    if (!field.required) {
      EXPECT_NO_THROW(plugin::validateConfigValue(field, field.defaultValue));
    }
  }
  EXPECT_EQ(spec.token.header, "Authorization");
  // Wix alone takes the raw token (dev.wix.com: "Authorization: <token>").
  EXPECT_EQ(spec.token.scheme, GetParam() == "wix" ? "" : "Bearer");
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
    // An action that takes arguments shows them; one that takes none has {}.
    EXPECT_EQ(action.example.empty(), action.parameters.empty());
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
}

TEST_P(AccountsAdapterTest, EveryExampleWorksDirectAndThroughTheProxy) {
  for (const auto& action : registry().adapter(GetParam())->spec().actions) {
    SCOPED_TRACE(action.name);
    expectProxyMatchesDirect(
        [&](ServiceOptions options) {
          const auto result =
              service(GetParam(), std::move(options)).invoke(action.name, action.example);
          EXPECT_TRUE(result.is_object());
        },
        kServiceHeaders);
    const auto sent = requests();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].method, action.method);
  }
}

TEST_P(AccountsAdapterTest, AMissingRequiredArgumentIsNamed) {
  const auto service = this->service(GetParam());
  for (const auto& action : service.spec().actions) {
    for (const auto& parameter : action.parameters) {
      if (!parameter.required) continue;
      SCOPED_TRACE(action.name + "." + parameter.name);
      auto args = action.example;
      args.erase(parameter.name);
      expectInvalidArgument(*emulator_, "args." + parameter.name,
                            [&] { (void)service.invoke(action.name, args); });
    }
  }
}

TEST_P(AccountsAdapterTest, UnknownActionsAndArgumentsSuggestTheClosestName) {
  const auto service = this->service(GetParam());
  const auto& first = service.spec().actions.front().name;
  try {
    (void)service.invoke(first + "x");
    FAIL() << "expected InvalidArgumentError";
  } catch (const InvalidArgumentError& error) {
    EXPECT_NE(std::string(error.what()).find("did you mean '" + first + "'"), std::string::npos)
        << error.what();
  }
  expectInvalidArgument(*emulator_, "args.no_such_argument", [&] {
    (void)service.invoke(first, {{"no_such_argument", 1}});
  });
}

INSTANTIATE_TEST_SUITE_P(Accounts, AccountsAdapterTest, ::testing::ValuesIn(kTypes),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace b44::adapter_tests::accounts
