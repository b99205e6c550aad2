// What every adapter of this tree must satisfy, checked once for all 46: it
// loads through the registry, describes itself completely, each action's
// example works against the sandbox directly and through Base44's proxy with
// the same upstream request, and bad arguments are named before anything is
// sent. The group tests hold only what is particular to a service or family.
#include "support.hpp"

#include <b44/plugin/args.hpp>
#include <b44/plugin/spec.hpp>
#include <b44/plugin/url.hpp>

#include <algorithm>

namespace b44::adapter_tests {
namespace {

// Every integration type of the Base44 connectors list: each must have an
// adapter in this tree.
const std::vector<std::string> kTypes = {"airtable",
                                         "bamboohr",
                                         "box",
                                         "calendly",
                                         "clickup",
                                         "contentful",
                                         "databricks",
                                         "discord",
                                         "dropbox",
                                         "github",
                                         "gitlab",
                                         "gmail",
                                         "google_analytics",
                                         "google_classroom",
                                         "google_search_console",
                                         "googleads",
                                         "googlebigquery",
                                         "googlecalendar",
                                         "googledocs",
                                         "googledrive",
                                         "googlemeet",
                                         "googlesheets",
                                         "googleslides",
                                         "googletasks",
                                         "hubspot",
                                         "hugging_face",
                                         "instagram",
                                         "linear",
                                         "linkedin",
                                         "microsoft_teams",
                                         "notion",
                                         "one_drive",
                                         "outlook",
                                         "quickbooks",
                                         "salesforce",
                                         "share_point",
                                         "slack",
                                         "slackbot",
                                         "snowflake",
                                         "splitwise",
                                         "square",
                                         "supabase",
                                         "tiktok",
                                         "typeform",
                                         "wix",
                                         "wrike"};

// Runs every type against the demo connections (one for each type).
class EveryAdapterTest : public AdapterTest, public ::testing::WithParamInterface<std::string> {
 protected:
  [[nodiscard]] nlohmann::json connections() const override {
    return emulator::loadConnectionsFile(B44_DEMO_CONNECTIONS);
  }
};

TEST(AllTypes, FortySixAdaptersLoad) {
  ASSERT_EQ(kTypes.size(), 46u);
  EXPECT_EQ(registry().types(), kTypes);
}

TEST_P(EveryAdapterTest, LoadsThroughTheRegistry) {
  ASSERT_TRUE(registry().contains(GetParam()));
  bool found = false;
  // Only this type's library is opened (adapters() would open all 46).
  for (const auto& loaded : registry().available()) {
    if (loaded.integrationType != GetParam()) continue;
    found = true;
    EXPECT_EQ(loaded.adapterVersion, "1.0.0");
    EXPECT_NE(loaded.path.find("libb44_adapter_" + GetParam() + ".so"), std::string::npos);
    const auto adapter = registry().adapter(GetParam());
    ASSERT_NE(adapter, nullptr);
    EXPECT_EQ(adapter->spec().type, GetParam());
  }
  EXPECT_TRUE(found);
}

TEST_P(EveryAdapterTest, DescribesItselfCompletely) {
  const plugin::AdapterSpec& spec = registry().adapter(GetParam())->spec();
  EXPECT_FALSE(spec.displayName.empty());
  EXPECT_FALSE(spec.description.empty());
  EXPECT_TRUE(spec.documentationUrl.starts_with("https://")) << spec.documentationUrl;
  ASSERT_FALSE(spec.hosts.empty());
  for (const auto& host : spec.hosts) {
    EXPECT_FALSE(host.name.empty());
    // https, or a whole origin from connectionConfig (Salesforce's instance_url),
    // which the SDK then checks is https on an allowed host.
    EXPECT_TRUE(host.baseUrlTemplate.starts_with("https://") ||
                host.baseUrlTemplate.starts_with("{"))
        << host.baseUrlTemplate;
    EXPECT_FALSE(host.allowedHosts.empty()) << host.name;
  }
  for (const auto& field : spec.configFields) {
    SCOPED_TRACE(field.name);
    EXPECT_FALSE(field.displayName.empty());
    EXPECT_FALSE(field.description.empty());
    EXPECT_FALSE(field.example.empty());
    EXPECT_FALSE(field.pattern.empty());
    EXPECT_FALSE(field.validationError.empty());
    // The example is itself a valid value, and so is the default.
    EXPECT_NO_THROW(plugin::validateConfigValue(field, field.example));
    if (!field.defaultValue.empty()) {
      EXPECT_NO_THROW(plugin::validateConfigValue(field, field.defaultValue));
    }
    // A field exists to fill a URL or a header.
    const std::string placeholder = "{" + field.name + "}";
    EXPECT_TRUE(std::any_of(spec.hosts.begin(), spec.hosts.end(),
                            [&](const auto& host) {
                              return host.baseUrlTemplate.find(placeholder) != std::string::npos;
                            }) ||
                std::any_of(spec.defaultHeaders.begin(), spec.defaultHeaders.end(),
                            [&](const auto& header) {
                              return header.value.find(placeholder) != std::string::npos;
                            }))
        << "no host or header uses " << placeholder;
  }
  EXPECT_EQ(spec.token.header, "Authorization");
  // Bearer everywhere but Wix, whose REST API takes the raw token.
  EXPECT_EQ(spec.token.scheme, GetParam() == "wix" ? "" : "Bearer");
  ASSERT_FALSE(spec.actions.empty());
  for (const auto& action : spec.actions) {
    SCOPED_TRACE(action.name);
    EXPECT_FALSE(action.description.empty());
    static const std::vector<std::string> kMethods = {"GET", "POST", "PUT", "PATCH", "DELETE"};
    EXPECT_NE(std::find(kMethods.begin(), kMethods.end(), action.method), kMethods.end())
        << action.method;
    if (action.method == "GET") {
      EXPECT_TRUE(action.retrySafe) << "a GET is a read";
    }
    for (const auto& parameter : action.parameters) {
      EXPECT_FALSE(parameter.description.empty()) << parameter.name;
    }
    ASSERT_TRUE(action.example.is_object());
    // An action with required parameters shows how to call it.
    if (std::any_of(action.parameters.begin(), action.parameters.end(),
                    [](const auto& p) { return p.required; })) {
      EXPECT_FALSE(action.example.empty());
    }
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
  // The CLI's describe output carries it all.
  const auto json = plugin::toJson(spec);
  EXPECT_EQ(json.at("type"), GetParam());
  EXPECT_EQ(json.at("actions").size(), spec.actions.size());
}

// Headers that belong to the connection to the service, not to the request
// the adapter built; the proxy's own HTTP client sets them its way.
bool isTransportHeader(const std::string& name) {
  static const std::vector<std::string> kTransport = {
      "host", "content-length", "connection", "user-agent", "accept-encoding", "transfer-encoding"};
  return std::find(kTransport.begin(), kTransport.end(), name) != kTransport.end();
}

// What `describe --json` gives is enough to call every action, and both routes
// send the service the same request: method, URL, body and every header the
// adapter set (token, content type, API version, service-specific headers).
TEST_P(EveryAdapterTest, EveryExampleWorksDirectlyAndThroughTheProxy) {
  const auto direct = service(GetParam());
  const auto proxied = service(GetParam(), viaProxy());
  // A result is an object, or null where the service answers no body (a
  // DELETE, a 204): the SDK refuses an empty answer anywhere else.
  const auto shown = [](const nlohmann::json& result) {
    return result.is_object() || result.is_null();
  };
  for (const auto& action : direct.spec().actions) {
    SCOPED_TRACE(action.name);
    clearRequests();
    EXPECT_TRUE(shown(direct.invoke(action.name, action.example)));
    const auto first = requests();
    clearRequests();
    EXPECT_TRUE(shown(proxied.invoke(action.name, action.example)));
    const auto second = requests();
    // A download redirected to a pre-signed link asks that link too, on
    // both routes alike (the first request is the adapter's).
    const std::size_t sent = action.download ? first.size() : 1u;
    ASSERT_GE(sent, 1u);
    ASSERT_LE(sent, 2u);
    ASSERT_EQ(first.size(), sent);
    ASSERT_EQ(second.size(), sent);
    if (sent == 2) EXPECT_EQ(first[1].url, second[1].url);
    EXPECT_EQ(first[0].method, action.method);
    std::vector<std::string> adapterHeaders;
    for (const auto& [name, value] : first[0].headers) {
      if (!isTransportHeader(name)) adapterHeaders.push_back(name);
    }
    expectSameUpstreamRequest(first[0], second[0], adapterHeaders);
  }
}

TEST_P(EveryAdapterTest, UnknownActionsAndArgumentsSuggestTheClosestName) {
  const auto service = this->service(GetParam());
  const auto& first = service.spec().actions.front();
  try {
    (void)service.invoke(first.name + "x");
    FAIL() << "expected InvalidArgumentError";
  } catch (const InvalidArgumentError& error) {
    EXPECT_NE(std::string(error.what()).find("did you mean '" + first.name + "'"),
              std::string::npos)
        << error.what();
  }
  auto args = first.example;
  args["no_such_argument"] = 1;
  expectInvalidArgument(*emulator_, "args.no_such_argument",
                        [&] { (void)service.invoke(first.name, args); });
}

TEST_P(EveryAdapterTest, AMissingRequiredArgumentIsNamedBeforeSending) {
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

INSTANTIATE_TEST_SUITE_P(Adapters, EveryAdapterTest, ::testing::ValuesIn(kTypes),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace b44::adapter_tests
