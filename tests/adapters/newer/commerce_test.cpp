// Tests particular to the commerce group of the newer connector types (issue 10):
// what the generic every-adapter checks do not cover for bamboohr, calendly,
// instagram, quickbooks and square (hosts from the connection config, version
// headers, errors in a header or in a 200 answer, answers without a body).
#include "../support.hpp"

#include <b44/adapters/bamboohr.hpp>
#include <b44/adapters/square.hpp>

namespace b44::adapter_tests {
namespace {

using nlohmann::json;

constexpr const char* kBambooToken = "bamboohr-app-token-Q1";
constexpr const char* kBambooBadToken = "bamboohr-bad-domain-token";
constexpr const char* kCalendlyToken = "calendly-app-token-C2";
constexpr const char* kInstagramToken = "IGAAinstagram-app-token";
constexpr const char* kQuickBooksToken = "eyJquickbooks-app-token";
constexpr const char* kQuickBooksBadToken = "eyJquickbooks-bad-host-token";
constexpr const char* kSquareToken = "EAAAsquare-app-token";
constexpr const char* kSquareSandboxToken = "EAAAsquare-sandbox-token";
constexpr const char* kRealm = "9130347596842756";

json commerceConnections() {
  json workspace = {
      {"square_sandbox",
       {{"integration_type", "square"},
        {"access_token", kSquareSandboxToken},
        {"connection_config", {{"host", "connect.squareupsandbox.com"}}}}},
      {"square_evil",
       {{"integration_type", "square"},
        {"access_token", kSquareSandboxToken},
        {"connection_config", {{"host", "connect.squareup.com.evil.com"}}}}},
      {"quickbooks_evil",
       {{"integration_type", "quickbooks"},
        {"access_token", kQuickBooksBadToken},
        {"connection_config", {{"host", "quickbooks.api.intuit.com/x#"}, {"realm_id", kRealm}}}}},
      {"quickbooks_no_realm",
       {{"integration_type", "quickbooks"},
        {"access_token", kQuickBooksBadToken},
        {"connection_config", {{"host", "sandbox-quickbooks.api.intuit.com"}}}}},
      {"quickbooks_realm_path",
       {{"integration_type", "quickbooks"},
        {"access_token", kQuickBooksBadToken},
        {"connection_config", {{"realm_id", "9130/customer"}}}}},
      {"bamboohr_none", {{"integration_type", "bamboohr"}, {"access_token", kBambooBadToken}}},
  };
  for (const std::string domain : {"evil.com/", "acme.bamboohr.com", "a@b", "-acme", ".."}) {
    workspace["bamboohr_" + std::to_string(workspace.size())] = {
        {"integration_type", "bamboohr"},
        {"access_token", kBambooBadToken},
        {"connection_config", {{"companyDomain", domain}}}};
  }
  return {
      {"app_id", "app_commerce_test"},
      {"service_token", "service-token-for-commerce-tests"},
      {"connections",
       {
           {"bamboohr",
            {{"access_token", kBambooToken}, {"connection_config", {{"companyDomain", "acme"}}}}},
           {"calendly", {{"access_token", kCalendlyToken}}},
           {"instagram", {{"access_token", kInstagramToken}}},
           {"quickbooks",
            {{"access_token", kQuickBooksToken}, {"connection_config", {{"realm_id", kRealm}}}}},
           {"square", {{"access_token", kSquareToken}}},
       }},
      {"workspace_connectors", workspace},
  };
}

class CommerceTest : public AdapterTest {
 protected:
  [[nodiscard]] json connections() const override { return commerceConnections(); }
};

// ---- Square: a pinned Square-Version, production by default, the sandbox
// from the connection config, errors in errors[0], cursors in a POST body.

TEST_F(CommerceTest, SquarePinsItsVersionAndDefaultsToProduction) {
  const auto locations = service("square").invoke("list_locations");
  const auto sent = onlyRequest();
  EXPECT_EQ(sent.url, "https://connect.squareup.com/v2/locations");
  EXPECT_EQ(header(sent, "square-version"), "2026-07-15");
  EXPECT_EQ(header(sent, "authorization"), std::string("Bearer ") + kSquareToken);
  EXPECT_EQ(locations.at("locations").size(), 2u);
}

TEST_F(CommerceTest, SquareSandboxHostComesFromTheConnectionAndIsCheckedFailClosed) {
  square::Square sandbox(service("square", fromWorkspace("square_sandbox")));
  const auto location = sandbox.getLocation("L1JC53TYHS40Z");
  EXPECT_EQ(location.id, "L1JC53TYHS40Z");
  EXPECT_EQ(onlyRequest().url, "https://connect.squareupsandbox.com/v2/locations/L1JC53TYHS40Z");
  clearRequests();
  const auto evil = service("square", fromWorkspace("square_evil"));
  expectUnusableConfig(*emulator_, "host", [&] { (void)evil.invoke("list_locations"); },
                       {kSquareSandboxToken});
}

TEST_F(CommerceTest, SquareErrorsCarryTheFirstErrorsCodeAndField) {
  const auto square = service("square");
  auto error = serviceError([&] {
    (void)square.invoke("create_payment", {{"source_id", "cnon:card-nonce-ok"},
                                           {"idempotency_key", "k-1"},
                                           {"amount_money", {{"amount", 100}}}});
  });
  EXPECT_EQ(error.status(), 400);
  EXPECT_EQ(error.code(), "MISSING_REQUIRED_PARAMETER");
  EXPECT_EQ(error.detail(), "Field must be set; field amount_money.currency");
  error = serviceError([&] {
    (void)square.invoke("get_payment", {{"payment_id", "UNKNOWNPAYMENT"}});
  });
  EXPECT_EQ(error.status(), 404);
  EXPECT_EQ(error.code(), "NOT_FOUND");
}

TEST_F(CommerceTest, SquareSearchRepeatsTheBodyWithTheCursor) {
  square::Square square(service("square"));
  square::SearchCustomersRequest request;
  request.query = {{"filter", {{"email_address", {{"fuzzy", "example.com"}}}}}};
  request.limit = 2;
  const auto customers = square.searchCustomers(request).all();
  ASSERT_EQ(customers.size(), 3u);
  EXPECT_EQ(customers[0].givenName, "Amelia");
  EXPECT_EQ(customers[0].version, 2);
  EXPECT_EQ(customers[2].emailAddress, "grace.hopper@example.com");
  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[1].method, "POST");
  EXPECT_EQ(jsonBody(sent[1]),
            (json{{"query", {{"filter", {{"email_address", {{"fuzzy", "example.com"}}}}}}},
                  {"limit", 2},
                  {"cursor", "sK2Qp9ZpW1n7yYfE8dL0vBxR"}}));
}

// ---- QuickBooks: the realm from the connection in every path, minorversion
// everywhere, a Fault in a 200 answer, lower-case faults on 401.

TEST_F(CommerceTest, QuickBooksTakesTheRealmFromTheConnectionOnBothRoutes) {
  const std::string expected = std::string("https://quickbooks.api.intuit.com/v3/company/") +
                               kRealm + "/invoice/130?minorversion=75";
  (void)service("quickbooks").invoke("get_invoice", {{"invoice_id", "130"}});
  EXPECT_EQ(onlyRequest().url, expected);
  clearRequests();
  // Base44 fills only the host: the realm's path comes from the connection.
  (void)service("quickbooks", viaProxy()).invoke("get_invoice", {{"invoice_id", "130"}});
  EXPECT_EQ(onlyRequest().url, expected);
  clearRequests();

  const auto noRealm = service("quickbooks", fromWorkspace("quickbooks_no_realm"));
  expectUnusableConfig(*emulator_, "realm_id",
                       [&] { (void)noRealm.invoke("get_company_info", json::object()); },
                       {kQuickBooksBadToken});
  // A value that would add a path segment is refused, whatever the pattern.
  const auto realmPath = service("quickbooks", fromWorkspace("quickbooks_realm_path"));
  expectUnusableConfig(*emulator_, "realm_id",
                       [&] { (void)realmPath.invoke("get_company_info", json::object()); },
                       {kQuickBooksBadToken});
  const auto evil = service("quickbooks", fromWorkspace("quickbooks_evil"));
  expectUnusableConfig(*emulator_, "host",
                       [&] { (void)evil.invoke("get_company_info", json::object()); },
                       {kQuickBooksBadToken});
}

TEST_F(CommerceTest, QuickBooksFaultInA200AnswerIsAnError) {
  const auto error = serviceError([&] {
    (void)service("quickbooks")
        .invoke("void_invoice", {{"invoice_id", "130"}, {"sync_token", "9"}});
  });
  EXPECT_EQ(error.status(), 200);
  EXPECT_EQ(error.code(), "5010");
  EXPECT_NE(error.detail().find("Stale Object Error"), std::string::npos) << error.detail();
}

TEST_F(CommerceTest, QuickBooksReadsUpperAndLowerCaseFaults) {
  const auto quickbooks = service("quickbooks");
  auto error = serviceError([&] {
    (void)quickbooks.invoke("get_customer", {{"customer_id", "999"}});
  });
  EXPECT_EQ(error.status(), 400);
  EXPECT_EQ(error.code(), "610");
  error = serviceError([&] { (void)quickbooks.invoke("get_invoice", {{"invoice_id", "401"}}); });
  EXPECT_EQ(error.status(), 401);
  EXPECT_EQ(error.code(), "3200");
  EXPECT_EQ(error.detail(), "Token expired: AB11...");
}

// ---- BambooHR: the company's subdomain, writes without a body, the error
// text in a header.

TEST_F(CommerceTest, BambooHRAddEmployeeReadsTheNewIdFromLocation) {
  bamboohr::BambooHR bamboo(service("bamboohr"));
  bamboohr::AddEmployeeRequest request;
  request.firstName = "Charlotte";
  request.lastName = "Abbott";
  request.fields = {{"employeeNumber", "42"}};
  const auto written = bamboo.addEmployee(request);
  EXPECT_EQ(written.id, "140");
  EXPECT_EQ(written.location, "https://acme.bamboohr.com/api/v1/employees/140");
  const auto sent = onlyRequest();
  EXPECT_EQ(sent.url, "https://acme.bamboohr.com/api/v1/employees");
  EXPECT_EQ(header(sent, "accept"), "application/json");
  EXPECT_EQ(jsonBody(sent),
            (json{{"firstName", "Charlotte"}, {"lastName", "Abbott"}, {"employeeNumber", "42"}}));
}

TEST_F(CommerceTest, BambooHRAddEmployeeRefusesAFieldAlsoGivenByName) {
  bamboohr::BambooHR bamboo(service("bamboohr"));
  bamboohr::AddEmployeeRequest request;
  request.firstName = "Charlotte";
  request.lastName = "Abbott";
  request.fields = {{"employeeNumber", "42"}, {"firstName", "Charlie"}};
  try {
    (void)bamboo.addEmployee(request);
    FAIL() << "a field given twice was sent";
  } catch (const InvalidArgumentError& error) {
    EXPECT_EQ(error.field(), "args.fields");
    EXPECT_NE(std::string(error.what())
                  .find("has the member 'firstName', which the argument "
                        "'first_name' sets"),
              std::string::npos)
        << error.what();
  }
  EXPECT_TRUE(requests().empty());
}

TEST_F(CommerceTest, BambooHRUpdateWithoutABodyAnswersTheEmployeeId) {
  const auto result = service("bamboohr")
                          .invoke("update_employee", {{"employee_id", "123"},
                                                      {"fields", {{"jobTitle", "HR Director"}}}});
  EXPECT_EQ(result, (json{{"id", "123"}}));
  EXPECT_EQ(jsonBody(onlyRequest()), (json{{"jobTitle", "HR Director"}}));
}

TEST_F(CommerceTest, BambooHRErrorTextComesFromItsHeader) {
  const auto error = serviceError([&] {
    (void)service("bamboohr").invoke("get_employee", {{"employee_id", "999999"}});
  });
  EXPECT_EQ(error.status(), 404);
  EXPECT_EQ(error.detail(), "Employee not found");
}

TEST_F(CommerceTest, BambooHRCompanyDomainIsCheckedFailClosed) {
  // Held in a variable: items() of a temporary would outlive it.
  const json connections = commerceConnections();
  for (const auto& [connector, entry] : connections.at("workspace_connectors").items()) {
    if (!connector.starts_with("bamboohr_")) continue;
    SCOPED_TRACE(connector);
    clearRequests();
    const auto bamboo = service("bamboohr", fromWorkspace(connector));
    expectUnusableConfig(*emulator_, "companyDomain",
                         [&] { (void)bamboo.invoke("get_employee_directory"); }, {kBambooBadToken});
  }
}

// ---- Calendly: URIs, not ids; pages by page_token; {title, message} errors.

TEST_F(CommerceTest, CalendlyWalksScheduledEventsAndNeedsAUserOrOrganization) {
  const auto calendly = service("calendly");
  const auto events =
      calendly
          .pages("list_scheduled_events",
                 {{"user", "https://api.calendly.com/users/AAAAAAAAAAAAAAAA"}, {"count", 2}})
          .all();
  ASSERT_EQ(events.size(), 3u);
  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[1].url,
            "https://api.calendly.com/scheduled_events?user=https%3A%2F%2Fapi.calendly.com%2Fusers%"
            "2FAAAAAAAAAAAAAAAA&count=2&page_token=pR3xq9mYbRrsWq2dE1wXwZ0fk8Ux6Kp2");
  clearRequests();
  expectInvalidArgument(*emulator_, "args.user", [&] {
    (void)calendly.invoke("list_scheduled_events", {{"count", 2}});
  });
  expectInvalidArgument(*emulator_, "args.user", [&] {
    (void)calendly.invoke("list_event_types", {{"user", "AAAAAAAAAAAAAAAA"}});
  });
}

TEST_F(CommerceTest, CalendlyErrorsUseTitleAndMessage) {
  const auto error = serviceError([&] {
    (void)service("calendly").invoke("get_scheduled_event", {{"uuid", "ZZZZZZZZZZZZZZZZ"}});
  });
  EXPECT_EQ(error.status(), 404);
  EXPECT_EQ(error.code(), "Resource Not Found");
  EXPECT_EQ(error.detail(), "The server could not find the requested resource.");
}

// ---- Instagram: the account is "me" by default; Graph API errors.

TEST_F(CommerceTest, InstagramWalksMediaOfTheTokensAccount) {
  const auto media = service("instagram").pages("list_media", {{"limit", 2}}).all();
  ASSERT_EQ(media.size(), 3u);
  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(splitRecordedUrl(sent[0].url).base, "https://graph.instagram.com/v23.0/me/media");
  EXPECT_EQ(splitRecordedUrl(sent[1].url).query.back(),
            (std::pair<std::string, std::string>(
                "after", "QVFIUmJFTk5ZAWHBfdDVmSFZANaUVaRVlKZAFpJSHNmRXBVNDhMdHVsT2k0QTA0")));
  EXPECT_EQ(header(sent[0], "authorization"), std::string("Bearer ") + kInstagramToken);
}

TEST_F(CommerceTest, InstagramErrorsCarryTheGraphCodeAndUserMessage) {
  const auto instagram = service("instagram");
  auto error = serviceError([&] {
    (void)instagram.invoke("get_media", {{"media_id", "99999999999999999"}});
  });
  EXPECT_EQ(error.status(), 400);
  EXPECT_EQ(error.code(), "100");
  error = serviceError([&] {
    (void)instagram.invoke("create_media_container",
                           {{"image_url", "https://unreachable.example.com/x.jpg"}});
  });
  EXPECT_EQ(error.code(), "9004");
  EXPECT_NE(error.detail().find("could not be fetched"), std::string::npos) << error.detail();
  EXPECT_NE(error.detail().find("; subcode 2207052"), std::string::npos) << error.detail();
}

}  // namespace
}  // namespace b44::adapter_tests
