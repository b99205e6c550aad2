// Safe substitution of connectionConfig values into base URLs.
#include <b44/errors.hpp>
#include <b44/plugin/url.hpp>

#include <gtest/gtest.h>

namespace b44::plugin {
namespace {

AdapterSpec wrikeLike() {
  AdapterSpec spec;
  spec.type = "wrike_like";
  spec.configFields.push_back(ConfigField{.name = "host",
                                          .displayName = "Host",
                                          .description = "account host",
                                          .example = "www.wrike.com",
                                          .pattern = R"(^[a-z0-9-]+\.wrike\.com$)"});
  spec.hosts.push_back(ApiHost{"default", "https://{host}/api/v4", {".wrike.com"}});
  return spec;
}

std::string resolve(const std::string& value) {
  const auto spec = wrikeLike();
  return resolveBaseUrl(spec, spec.hosts[0], {{"host", value}});
}

TEST(ResolveBaseUrl, FillsAValidHost) {
  EXPECT_EQ(resolve("app-eu.wrike.com"), "https://app-eu.wrike.com/api/v4");
}

TEST(ResolveBaseUrl, RejectsHostileValuesNamingTheField) {
  const std::vector<std::string> hostile = {"evil.com/",
                                            "evil.com",
                                            "a@b.wrike.com",
                                            "x#.wrike.com",
                                            "..wrike.com",
                                            "a..wrike.com",
                                            "a.wrike.com\r\nX: y",
                                            std::string("a\0.wrike.com", 12),
                                            "",
                                            std::string(300, 'a') + ".wrike.com",
                                            "wrike.com.evil.com",
                                            "a.wrike.com:444",
                                            "a.wrike.com/x",
                                            "%2e.wrike.com",
                                            "a\\b.wrike.com",
                                            "xn--wrke-9za.com",
                                            "wr\xc4\xb1ke.wrike.com",
                                            "a b.wrike.com",
                                            "a?.wrike.com"};
  for (const auto& value : hostile) {
    try {
      resolve(value);
      ADD_FAILURE() << "accepted '" << value << "'";
    } catch (const InvalidArgumentError& e) {
      EXPECT_EQ(e.field(), "connectionConfig.host") << value;
    }
  }
}

TEST(ResolveBaseUrl, MissingRequiredValueSaysWhatIsNeeded) {
  const auto spec = wrikeLike();
  try {
    resolveBaseUrl(spec, spec.hosts[0], {});
    FAIL();
  } catch (const InvalidArgumentError& e) {
    EXPECT_EQ(e.field(), "connectionConfig.host");
    EXPECT_NE(std::string(e.what()).find("www.wrike.com"), std::string::npos);
  }
}

TEST(ResolveBaseUrl, TheResultingHostMustBeAllowedEvenIfThePatternIsLoose) {
  auto spec = wrikeLike();
  spec.configFields[0].pattern = ".*";  // an adapter bug must not open a hole
  EXPECT_THROW(resolveBaseUrl(spec, spec.hosts[0], {{"host", "evil.com"}}), InvalidArgumentError);
  EXPECT_THROW(resolveBaseUrl(spec, spec.hosts[0], {{"host", "evilwrike.com"}}),
               InvalidArgumentError);
  EXPECT_THROW(resolveBaseUrl(spec, spec.hosts[0], {{"host", "evil.com/.wrike.com"}}),
               InvalidArgumentError);
  EXPECT_THROW(resolveBaseUrl(spec, spec.hosts[0], {{"host", "evil.com:1/.wrike.com"}}),
               InvalidArgumentError);
}

TEST(ResolveBaseUrl, WholeOriginFromConfigKeepsHttpsAndDomain) {
  AdapterSpec spec;
  spec.type = "sf_like";
  spec.configFields.push_back(ConfigField{
      .name = "instance_url", .pattern = R"(^https://[a-z0-9-]+\.my\.salesforce\.com$)"});
  spec.hosts.push_back(
      ApiHost{"default", "{instance_url}/services/data/v59.0", {".salesforce.com"}});
  EXPECT_EQ(
      resolveBaseUrl(spec, spec.hosts[0], {{"instance_url", "https://acme.my.salesforce.com"}}),
      "https://acme.my.salesforce.com/services/data/v59.0");
  for (const char* bad : {"http://acme.my.salesforce.com", "https://evil.com",
                          "https://acme.my.salesforce.com.evil.com"}) {
    EXPECT_THROW(resolveBaseUrl(spec, spec.hosts[0], {{"instance_url", bad}}), InvalidArgumentError)
        << bad;
  }
}

TEST(ResolveBaseUrl, AnyConfiguredHostAdmitsADnsNameButNoAddressAndKeepsTheOtherChecks) {
  AdapterSpec spec;
  spec.type = "gitlab_like";
  spec.configFields.push_back(ConfigField{.name = "host", .pattern = ".*"});  // as loose as can be
  spec.hosts.push_back(ApiHost{"default", "https://{host}/api/v4", {kAnyConfiguredHost}});
  EXPECT_EQ(resolveBaseUrl(spec, spec.hosts[0], {{"host", "gitlab.corp.internal"}}),
            "https://gitlab.corp.internal/api/v4");
  for (const char* bad : {"169.254.169.254", "10.0.0.1", "127.0.0.1", "evil.com/x", "a@b.com",
                          "b.com:8443", "a b.com", "B.com"}) {
    EXPECT_THROW(resolveBaseUrl(spec, spec.hosts[0], {{"host", bad}}), InvalidArgumentError) << bad;
  }
}

TEST(ResolveBaseUrl, APlaceholderInThePathFillsExactlyOneSegment) {
  AdapterSpec spec;
  spec.type = "quickbooks_like";
  spec.configFields.push_back(ConfigField{.name = "realm_id", .pattern = ".*"});  // loose
  spec.hosts.push_back(
      ApiHost{"default", "https://books.example/v3/company/{realm_id}", {"books.example"}});
  spec.hosts.push_back(ApiHost{"account", "https://books.example/v3", {"books.example"}});
  EXPECT_TRUE(basePathIsConfigured(spec.hosts[0]));
  EXPECT_FALSE(basePathIsConfigured(spec.hosts[1]));
  EXPECT_EQ(resolveBaseUrl(spec, spec.hosts[0], {{"realm_id", "9130"}}),
            "https://books.example/v3/company/9130");
  for (const char* bad : {"9130/customer", "9130/", "/9130", "..", "a?b", "a#b"}) {
    try {
      (void)resolveBaseUrl(spec, spec.hosts[0], {{"realm_id", bad}});
      ADD_FAILURE() << bad << " was accepted";
    } catch (const InvalidArgumentError& error) {
      EXPECT_TRUE(error.field().starts_with("connectionConfig")) << error.field();
    }
  }
  try {
    (void)resolveBaseUrl(spec, spec.hosts[0], {{"realm_id", "9130/customer"}});
  } catch (const InvalidArgumentError& error) {
    EXPECT_NE(std::string(error.what()).find("(realm_id) must fill one segment"), std::string::npos)
        << error.what();
  }
  // A placeholder in the host only is not one in the path.
  EXPECT_FALSE(basePathIsConfigured(ApiHost{"h", "https://{host}/api/v4", {"*"}}));
  EXPECT_FALSE(basePathIsConfigured(ApiHost{"h", "{instance_url}/services", {".x.com"}}));
}

TEST(ResolveBaseUrl, FixedHostNeedsNoConfig) {
  AdapterSpec spec;
  spec.type = "fixed";
  spec.hosts.push_back(ApiHost{"default", "https://slack.com/api", {}});
  EXPECT_EQ(resolveBaseUrl(spec, spec.hosts[0], {}), "https://slack.com/api");
}

TEST(ResolveBaseUrl, OptionalFieldFallsBackToItsDefault) {
  AdapterSpec spec;
  spec.type = "typeform_like";
  spec.configFields.push_back(ConfigField{.name = "api_host",
                                          .pattern = R"(^api(\.eu|\.us)?\.typeform\.com$)",
                                          .required = false,
                                          .defaultValue = "api.typeform.com"});
  spec.hosts.push_back(
      ApiHost{"default", "https://{api_host}", {"api.typeform.com", "api.eu.typeform.com"}});
  EXPECT_EQ(resolveBaseUrl(spec, spec.hosts[0], {}), "https://api.typeform.com");
  EXPECT_EQ(resolveBaseUrl(spec, spec.hosts[0], {{"api_host", "api.eu.typeform.com"}}),
            "https://api.eu.typeform.com");
}

TEST(PathSegment, EncodesSeparatorsAndRefusesDotSegments) {
  EXPECT_EQ(pathSegment("a/b?c#d", "id"), "a%2Fb%3Fc%23d");
  EXPECT_EQ(pathSegment("primary", "id"), "primary");
  for (const char* bad : {"", ".", ".."}) {
    try {
      pathSegment(bad, "calendar_id");
      FAIL() << bad;
    } catch (const InvalidArgumentError& e) {
      EXPECT_EQ(e.field(), "args.calendar_id");
    }
  }
}

TEST(Suggestions, ClosestMatchWithinASmallDistance) {
  EXPECT_EQ(closestMatch("slak", {"slack", "notion", "wrike"}), "slack");
  EXPECT_EQ(closestMatch("post_mesage", {"post_message", "get_user_info"}), "post_message");
  EXPECT_EQ(closestMatch("zzzzzz", {"slack", "notion"}), "");
}

}  // namespace
}  // namespace b44::plugin
