#pragma once
// The connections of the "accounts" group (salesforce, typeform, wix,
// splitwise, tiktok, linkedin, discord): one distinctive token per type and per
// source, and workspace connectors that hand out hostile connection configs.
#include "support.hpp"

#include <string>
#include <utility>
#include <vector>

namespace b44::adapter_tests::accounts {

inline constexpr const char* kSalesforceToken = "00D5g000004SfDe!AQ0.app-salesforce-token";
inline constexpr const char* kSalesforceSandboxToken = "00D5g000004SfDe!AQ0.sandbox-sf-token";
inline constexpr const char* kSalesforceLegacyToken = "00D5g000004SfDe!AQ0.legacy-sf-token";
inline constexpr const char* kSalesforceBadToken = "00D5g000004SfDe!AQ0.bad-instance-sf-token";
inline constexpr const char* kTypeformToken = "tfp_app-typeform-token";
inline constexpr const char* kTypeformEuToken = "tfp_eu-typeform-token";
inline constexpr const char* kTypeformBadToken = "tfp_bad-host-typeform-token";
inline constexpr const char* kWixToken = "OAUTH2.eyJraWQiOiJhcHAtd2l4In0.app-wix-token";
inline constexpr const char* kSplitwiseToken = "sw-app-splitwise-token";
inline constexpr const char* kTiktokToken = "act.app-tiktok-token";
inline constexpr const char* kLinkedinToken = "AQV-app-linkedin-token";
inline constexpr const char* kDiscordToken = "discord-app-oauth2-user-token";

inline constexpr const char* kInstanceUrl = "https://acme.my.salesforce.com";

// Hostile instance_url values, one per class of attack, keyed by the
// workspace connector that hands each out.
inline const std::vector<std::pair<std::string, std::string>>& badInstanceUrls() {
  static const std::vector<std::pair<std::string, std::string>> values = {
      {"sf_path", "https://evil.com/"},
      {"sf_userinfo", "https://a@b.my.salesforce.com"},
      {"sf_fragment", "https://acme.my.salesforce.com#x"},
      {"sf_dotdot", "https://acme.my.salesforce.com/.."},
      {"sf_crlf", "https://acme.my.salesforce.com\r\nX-Injected: 1"},
      {"sf_empty", ""},
      {"sf_overlong", "https://" + std::string(300, 'a') + ".my.salesforce.com"},
      {"sf_lookalike", "https://acme.my.salesforce.com.evil.com"},
      {"sf_suffix", "https://evilsalesforce.com"},
      {"sf_http", "http://acme.my.salesforce.com"},
      {"sf_no_scheme", "acme.my.salesforce.com"},
      {"sf_port", "https://acme.my.salesforce.com:8443"},
      {"sf_query", "https://acme.my.salesforce.com?x=1"},
      {"sf_path_suffix", "https://acme.my.salesforce.com/services"},
      {"sf_trailing_slash", "https://acme.my.salesforce.com/"},
      {"sf_uppercase_scheme", "HTTPS://acme.my.salesforce.com"},
  };
  return values;
}

// Hostile api_host values for Typeform.
inline const std::vector<std::pair<std::string, std::string>>& badTypeformHosts() {
  static const std::vector<std::pair<std::string, std::string>> values = {
      {"tf_path", "evil.com/"},
      {"tf_userinfo", "a@b"},
      {"tf_fragment", "x#"},
      {"tf_dotdot", ".."},
      {"tf_crlf", "api.typeform.com\r\nX-Injected: 1"},
      {"tf_overlong", std::string(300, 'a') + ".typeform.com"},
      {"tf_lookalike", "api.typeform.com.evil.com"},
      {"tf_other_subdomain", "evil.typeform.com"},
      {"tf_typo", "api.typeform.co"},
      {"tf_port", "api.typeform.com:8443"},
      {"tf_scheme", "https://api.typeform.com"},
      {"tf_other_domain", "evil.com"},
  };
  return values;
}

inline nlohmann::json accountsConnections() {
  nlohmann::json workspace = {
      {"sf_sandbox",
       {{"integration_type", "salesforce"},
        {"access_token", kSalesforceSandboxToken},
        {"connection_config", {{"instance_url", "https://acme--uat.sandbox.my.salesforce.com"}}}}},
      {"sf_legacy",
       {{"integration_type", "salesforce"},
        {"access_token", kSalesforceLegacyToken},
        {"connection_config", {{"instance_url", "https://na1.salesforce.com"}}}}},
      {"sf_no_config", {{"integration_type", "salesforce"}, {"access_token", kSalesforceBadToken}}},
      {"tf_eu",
       {{"integration_type", "typeform"},
        {"access_token", kTypeformEuToken},
        {"connection_config", {{"api_host", "api.eu.typeform.com"}}}}},
      {"tf_empty",
       {{"integration_type", "typeform"},
        {"access_token", kTypeformEuToken},
        {"connection_config", {{"api_host", ""}}}}},
  };
  for (const auto& [connector, value] : badInstanceUrls()) {
    workspace[connector] = {{"integration_type", "salesforce"},
                            {"access_token", kSalesforceBadToken},
                            {"connection_config", {{"instance_url", value}}}};
  }
  for (const auto& [connector, value] : badTypeformHosts()) {
    workspace[connector] = {{"integration_type", "typeform"},
                            {"access_token", kTypeformBadToken},
                            {"connection_config", {{"api_host", value}}}};
  }
  return {
      {"app_id", "app_accounts_adapters_test"},
      {"service_token", "service-token-for-accounts-adapter-tests"},
      {"connections",
       {
           {"salesforce",
            {{"access_token", kSalesforceToken},
             {"connection_config", {{"instance_url", kInstanceUrl}}}}},
           {"typeform", {{"access_token", kTypeformToken}, {"connection_config", nullptr}}},
           {"wix", {{"access_token", kWixToken}}},
           {"splitwise", {{"access_token", kSplitwiseToken}}},
           {"tiktok", {{"access_token", kTiktokToken}}},
           {"linkedin", {{"access_token", kLinkedinToken}}},
           {"discord", {{"access_token", kDiscordToken}}},
       }},
      {"workspace_connectors", workspace},
      {"app_user_connectors", nlohmann::json::object()},
  };
}

class AccountsTest : public AdapterTest {
 protected:
  [[nodiscard]] nlohmann::json connections() const override { return accountsConnections(); }

  static std::string bearer(const char* token) { return std::string("Bearer ") + token; }

  // Runs `call(options)` direct and then through the Base44 proxy, and
  // expects the same upstream requests, including `extraHeaders`.
  template <class Call>
  void expectProxyMatchesDirect(Call&& call, const std::vector<std::string>& extraHeaders = {}) {
    clearRequests();
    call(ServiceOptions{});
    const auto direct = requests();
    clearRequests();
    call(viaProxy());
    const auto proxied = requests();
    ASSERT_FALSE(direct.empty());
    ASSERT_EQ(direct.size(), proxied.size());
    for (std::size_t i = 0; i < direct.size(); ++i) {
      SCOPED_TRACE(direct[i].url);
      expectSameUpstreamRequest(direct[i], proxied[i], extraHeaders);
    }
  }
};

}  // namespace b44::adapter_tests::accounts
