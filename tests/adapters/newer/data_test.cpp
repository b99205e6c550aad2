// Tests particular to the data group of the newer connector types (issue 10):
// contentful, databricks, snowflake, supabase. What the every-adapter checks do
// not cover: hosts from the connection config refused fail-closed, Snowflake's
// token-type header, a Databricks statement that fails inside a 200 answer,
// Contentful's header-borne arguments and skip/total paging, and each
// service's error shape.
#include "../support.hpp"

#include <b44/adapters/contentful.hpp>
#include <b44/adapters/databricks.hpp>

namespace b44::adapter_tests {
namespace {

using nlohmann::json;

constexpr const char* kContentfulToken = "CFPAT-app-contentful-token";
constexpr const char* kDatabricksToken = "dapi-app-databricks-token";
constexpr const char* kDatabricksBadToken = "dapi-bad-host-databricks-token";
constexpr const char* kContentfulBadToken = "CFPAT-bad-config-contentful-token";
constexpr const char* kSnowflakeToken = "sf-app-snowflake-oauth-token";
constexpr const char* kSnowflakeBadToken = "sf-bad-host-snowflake-token";
constexpr const char* kSupabaseToken = "sbp_oauth_app-supabase-token";

// Bad workspace hosts / account identifiers, keyed by the workspace connector
// that hands each out.
const std::vector<std::pair<std::string, std::string>>& badDatabricksHosts() {
  static const std::vector<std::pair<std::string, std::string>> hosts = {
      {"dbx_other_domain", "evil.com"},
      {"dbx_suffix", "dbc-a1b2345c-d6e7.cloud.databricks.com.evil.com"},
      {"dbx_path", "dbc-a1b2345c-d6e7.cloud.databricks.com/x"},
      {"dbx_userinfo", "a@dbc-a1b2345c-d6e7.cloud.databricks.com"},
      {"dbx_port", "dbc-a1b2345c-d6e7.cloud.databricks.com:8443"},
      {"dbx_accounts", "accounts.cloud.databricks.com"},
      {"dbx_scheme", "https://dbc-a1b2345c-d6e7.cloud.databricks.com"},
      {"dbx_crlf", "dbc-a1b2345c-d6e7.cloud.databricks.com\r\nX-Injected: 1"},
      {"dbx_empty", ""},
  };
  return hosts;
}

const std::vector<std::pair<std::string, std::string>>& badSnowflakeAccounts() {
  static const std::vector<std::pair<std::string, std::string>> accounts = {
      {"sf_other_domain", "evil.com/x"},
      {"sf_dotdot", ".."},
      {"sf_userinfo", "a@b"},
      {"sf_fragment", "myorg-myaccount#"},
      {"sf_query", "myorg-myaccount?x=1"},
      {"sf_port", "myorg-myaccount:443"},
      {"sf_trailing_hyphen", "myorg-"},
      {"sf_empty", ""},
  };
  return accounts;
}

json dataConnections() {
  json workspace = {
      {"dbx_azure",
       {{"integration_type", "databricks"},
        {"access_token", kDatabricksToken},
        {"connection_config", {{"workspace_host", "adb-1234567890123456.7.azuredatabricks.net"}}}}},
      {"dbx_no_config",
       {{"integration_type", "databricks"}, {"access_token", kDatabricksBadToken}}},
      {"contentful_staging",
       {{"integration_type", "contentful"},
        {"access_token", kContentfulToken},
        {"connection_config", {{"space_id", "yadj1kx9rmg0"}, {"environment_id", "staging"}}}}},
  };
  // Bad spaces and environments, each named by the field that is wrong.
  const std::vector<std::pair<std::string, json>> badContentful = {
      {"contentful_no_space", json::object()},
      {"contentful_dotdot_space", {{"space_id", ".."}}},
      {"contentful_slash_environment", {{"space_id", "yadj1kx9rmg0"}, {"environment_id", "a/b"}}},
  };
  for (const auto& [connector, config] : badContentful) {
    workspace[connector] = {{"integration_type", "contentful"},
                            {"access_token", kContentfulBadToken},
                            {"connection_config", config}};
  }
  for (const auto& [connector, host] : badDatabricksHosts()) {
    workspace[connector] = {{"integration_type", "databricks"},
                            {"access_token", kDatabricksBadToken},
                            {"connection_config", {{"workspace_host", host}}}};
  }
  for (const auto& [connector, account] : badSnowflakeAccounts()) {
    workspace[connector] = {{"integration_type", "snowflake"},
                            {"access_token", kSnowflakeBadToken},
                            {"connection_config", {{"account_identifier", account}}}};
  }
  return {
      {"app_id", "app_data_test"},
      {"service_token", "service-token-for-data-tests"},
      {"connections",
       {
           {"contentful",
            {{"access_token", kContentfulToken},
             {"connection_config", {{"space_id", "yadj1kx9rmg0"}}}}},
           {"databricks",
            {{"access_token", kDatabricksToken},
             {"connection_config",
              {{"workspace_host", "dbc-a1b2345c-d6e7.cloud.databricks.com"}}}}},
           {"snowflake",
            {{"access_token", kSnowflakeToken},
             {"connection_config", {{"account_identifier", "xy12345.us-east-2.aws"}}}}},
           {"supabase", {{"access_token", kSupabaseToken}}},
       }},
      {"workspace_connectors", workspace},
  };
}

class DataTest : public AdapterTest {
 protected:
  [[nodiscard]] json connections() const override { return dataConnections(); }
};

// --- Databricks ---------------------------------------------------------------

TEST_F(DataTest, DatabricksStatementRunsOnTheConfiguredWorkspace) {
  databricks::ExecuteStatementRequest request;
  request.statement = "SELECT id, name FROM main.sales.customers LIMIT 2";
  request.warehouseId = "abcdef0123456789";
  request.waitTimeout = "30s";
  const auto statement = databricks::Databricks(service("databricks")).executeStatement(request);

  const auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, "https://dbc-a1b2345c-d6e7.cloud.databricks.com/api/2.0/sql/statements");
  EXPECT_EQ(header(sent, "authorization"), std::string("Bearer ") + kDatabricksToken);
  EXPECT_EQ(jsonBody(sent),
            (json{{"statement", "SELECT id, name FROM main.sales.customers LIMIT 2"},
                  {"warehouse_id", "abcdef0123456789"},
                  {"wait_timeout", "30s"}}));
  EXPECT_EQ(statement.state, "SUCCEEDED");
  ASSERT_EQ(statement.columns.size(), 2u);
  EXPECT_EQ(statement.columns[1].name, "name");
  EXPECT_EQ(statement.totalRowCount, 3);
  EXPECT_TRUE(statement.hasNextChunk);
  EXPECT_EQ(statement.nextChunkIndex, 1);
  EXPECT_EQ(statement.rows, json::parse(R"([["1", "Acme GmbH"], ["2", "Globex SA"]])"));
}

TEST_F(DataTest, DatabricksFailedStatementInA200IsAServiceError) {
  const auto client = service("databricks");
  const auto error = serviceError([&] {
    (void)client.invoke("execute_statement", {{"statement", "SELECT * FROM no_such_table"},
                                              {"warehouse_id", "abcdef0123456789"}});
  });
  EXPECT_EQ(error.integrationType(), "databricks");
  EXPECT_EQ(error.status(), 200);
  EXPECT_EQ(error.code(), "BAD_REQUEST");
  EXPECT_NE(error.detail().find("TABLE_OR_VIEW_NOT_FOUND"), std::string::npos) << error.detail();
}

TEST_F(DataTest, DatabricksErrorBodiesGiveCodeAndMessage) {
  const auto client = service("databricks");
  const auto error = serviceError([&] { (void)client.invoke("get_run", {{"run_id", 1}}); });
  EXPECT_EQ(error.status(), 400);
  EXPECT_EQ(error.code(), "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(error.detail(), "Run 1 does not exist.");
}

TEST_F(DataTest, DatabricksListJobsWalksEveryPage) {
  const auto jobs = databricks::Databricks(service("databricks")).listJobs({.limit = 2}).all();
  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].url,
            "https://dbc-a1b2345c-d6e7.cloud.databricks.com/api/2.2/jobs/list?limit=2");
  EXPECT_EQ(sent[1].url,
            "https://dbc-a1b2345c-d6e7.cloud.databricks.com/api/2.2/jobs/list?limit=2"
            "&page_token=CAEomPuciYcxMKbM9JvMlwU%3D");
  ASSERT_EQ(jobs.size(), 3u);
  EXPECT_EQ(jobs[0].name, "nightly-etl");
  EXPECT_EQ(jobs[2].jobId, 55667788);
}

TEST_F(DataTest, DatabricksAzureWorkspaceFromAWorkspaceConnector) {
  const auto result = service("databricks", fromWorkspace("dbx_azure")).invoke("get_current_user");
  EXPECT_EQ(onlyRequest().url,
            "https://adb-1234567890123456.7.azuredatabricks.net/api/2.0/preview/scim/v2/Me");
  EXPECT_EQ(result.at("userName"), "ada@contoso.com");
}

TEST_F(DataTest, DatabricksWithoutAWorkspaceHostSendsNothing) {
  const auto client = service("databricks", fromWorkspace("dbx_no_config"));
  expectUnusableConfig(*emulator_, "connectionConfig.workspace_host",
                       [&] { (void)client.invoke("get_current_user"); }, {kDatabricksBadToken});
}

class DatabricksBadHostTest
    : public DataTest,
      public ::testing::WithParamInterface<std::pair<std::string, std::string>> {};

TEST_P(DatabricksBadHostTest, IsRefusedBeforeAnyRequest) {
  const auto client = service("databricks", fromWorkspace(GetParam().first));
  expectUnusableConfig(*emulator_, "connectionConfig.workspace_host",
                       [&] { (void)client.invoke("list_warehouses"); }, {kDatabricksBadToken});
}

INSTANTIATE_TEST_SUITE_P(EveryClass, DatabricksBadHostTest,
                         ::testing::ValuesIn(badDatabricksHosts()),
                         [](const auto& info) { return info.param.first; });

// --- Snowflake ----------------------------------------------------------------

TEST_F(DataTest, SnowflakeSendsTheOAuthTokenTypeOnTheAccountHost) {
  const auto result =
      service("snowflake")
          .invoke("submit_statement", {{"statement", "SELECT C_NAME FROM CUSTOMER LIMIT 2"},
                                       {"warehouse", "COMPUTE_WH"}});
  const auto sent = onlyRequest();
  EXPECT_EQ(sent.url, "https://xy12345.us-east-2.aws.snowflakecomputing.com/api/v2/statements");
  EXPECT_EQ(header(sent, "authorization"), std::string("Bearer ") + kSnowflakeToken);
  EXPECT_EQ(header(sent, "x-snowflake-authorization-token-type"), "OAUTH");
  EXPECT_EQ(header(sent, "accept"), "application/json");
  EXPECT_FALSE(header(sent, "user-agent").empty());
  EXPECT_EQ(result.at("code"), "090001");
  EXPECT_EQ(result.at("resultSetMetaData").at("partitionInfo").size(), 2u);
}

TEST_F(DataTest, SnowflakeStatementStillRunningIsNoError) {
  const auto result =
      service("snowflake")
          .invoke("get_statement", {{"statement_handle", "01b2c3d4-0000-5a6b-0000-00010e8f2a99"}});
  EXPECT_EQ(result.at("code"), "333334");
}

TEST_F(DataTest, SnowflakeQueryFailureGivesCodeAndSqlState) {
  const auto client = service("snowflake");
  const auto error = serviceError([&] {
    (void)client.invoke("submit_statement", {{"statement", "SELEC 1"}});
  });
  EXPECT_EQ(error.status(), 422);
  EXPECT_EQ(error.code(), "001003");
  EXPECT_NE(error.detail().find("syntax error"), std::string::npos) << error.detail();
  EXPECT_NE(error.detail().find("42000"), std::string::npos) << error.detail();
}

TEST_F(DataTest, SnowflakeRestApiErrorShape) {
  const auto client = service("snowflake");
  const auto error = serviceError([&] {
    (void)client.invoke("list_schemas", {{"database", "NO_SUCH_DB"}});
  });
  EXPECT_EQ(error.status(), 404);
  EXPECT_EQ(error.code(), "390400");
  EXPECT_EQ(error.detail(), "Database 'NO_SUCH_DB' does not exist or not authorized.");
}

TEST_F(DataTest, SnowflakeIdentifiersAreCheckedBeforeSending) {
  const auto client = service("snowflake");
  expectInvalidArgument(*emulator_, "args.name", [&] {
    (void)client.invoke("resume_warehouse", {{"name", "WH/../x"}});
  });
  expectInvalidArgument(*emulator_, "args.statement_handle", [&] {
    (void)client.invoke("cancel_statement", {{"statement_handle", "../../databases"}});
  });
}

class SnowflakeBadAccountTest
    : public DataTest,
      public ::testing::WithParamInterface<std::pair<std::string, std::string>> {};

TEST_P(SnowflakeBadAccountTest, IsRefusedBeforeAnyRequest) {
  const auto client = service("snowflake", fromWorkspace(GetParam().first));
  expectUnusableConfig(*emulator_, "connectionConfig.account_identifier",
                       [&] { (void)client.invoke("list_warehouses"); }, {kSnowflakeBadToken});
}

INSTANTIATE_TEST_SUITE_P(EveryClass, SnowflakeBadAccountTest,
                         ::testing::ValuesIn(badSnowflakeAccounts()),
                         [](const auto& info) { return info.param.first; });

// --- Contentful ---------------------------------------------------------------

TEST_F(DataTest, ContentfulEntriesPageBySkipUntilTotal) {
  contentful::ListEntriesRequest request;
  request.contentType = "blogPost";
  request.limit = 2;
  const auto entries = contentful::Contentful(service("contentful")).listEntries(request).all();

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  const std::string first =
      "https://api.contentful.com/spaces/yadj1kx9rmg0/environments/master/entries"
      "?content_type=blogPost&limit=2";
  EXPECT_EQ(sent[0].url, first);
  EXPECT_EQ(sent[1].url, first + "&skip=2");
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].id, "5KsDBWseXY6QegucYAoacS");
  EXPECT_EQ(entries[0].contentTypeId, "blogPost");
  EXPECT_EQ(entries[0].version, 3);
  EXPECT_EQ(entries[0].fields.at("title").at("en-US"), "Hello, World!");
  EXPECT_EQ(entries[2].publishedVersion, 0);
}

TEST_F(DataTest, ContentfulWritesCarryTheirHeadersAndMediaType) {
  const auto client = service("contentful");
  const json fields = {{"title", {{"en-US", "Hello"}}}};
  const auto created =
      client.invoke("create_entry", {{"content_type_id", "blogPost"}, {"fields", fields}});
  auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(header(sent, "content-type"), "application/vnd.contentful.management.v1+json");
  EXPECT_EQ(header(sent, "x-contentful-content-type"), "blogPost");
  EXPECT_EQ(jsonBody(sent), (json{{"fields", fields}}));
  EXPECT_EQ(created.at("sys").at("contentType").at("sys").at("id"), "blogPost");

  clearRequests();
  (void)service("contentful", fromWorkspace("contentful_staging"))
      .invoke("publish_entry", {{"entry_id", "5KsDBWseXY6QegucYAoacS"}, {"version", 4}});
  sent = onlyRequest();
  EXPECT_EQ(sent.method, "PUT");
  EXPECT_EQ(sent.url,
            "https://api.contentful.com/spaces/yadj1kx9rmg0/environments/staging/entries/"
            "5KsDBWseXY6QegucYAoacS/published");
  EXPECT_EQ(header(sent, "x-contentful-version"), "4");
  EXPECT_FALSE(sent.body.has_value() && !sent.body->empty());

  clearRequests();
  const auto deleted = client.invoke("delete_entry", {{"entry_id", "5KsDBWseXY6QegucYAoacS"}});
  EXPECT_EQ(deleted, (json{{"deleted", true}, {"entry_id", "5KsDBWseXY6QegucYAoacS"}}));
}

TEST_F(DataTest, ContentfulErrorsGiveTheSysIdAndMessage) {
  const auto client = service("contentful");
  const auto error = serviceError([&] {
    (void)client.invoke("update_entry",
                        {{"entry_id", "stale-entry"}, {"version", 1}, {"fields", json::object()}});
  });
  EXPECT_EQ(error.status(), 409);
  EXPECT_EQ(error.code(), "VersionMismatch");
  EXPECT_NE(error.detail().find("Version mismatch"), std::string::npos) << error.detail();
}

// The space and environment come from the connection, on both routes (Base44
// fills only the host), and are checked fail-closed; the account host lies
// outside them.
TEST_F(DataTest, ContentfulSpaceAndEnvironmentComeFromTheConnection) {
  const std::string locales =
      "https://api.contentful.com/spaces/yadj1kx9rmg0/environments/master/locales";
  (void)service("contentful").invoke("list_locales");
  EXPECT_EQ(onlyRequest().url, locales);
  clearRequests();
  (void)service("contentful", viaProxy()).invoke("list_locales");
  EXPECT_EQ(onlyRequest().url, locales);
  clearRequests();
  (void)service("contentful", viaProxy()).invoke("get_current_user");
  EXPECT_EQ(onlyRequest().url, "https://api.contentful.com/users/me");
  clearRequests();

  for (const auto& [connector, field] : std::vector<std::pair<std::string, std::string>>{
           {"contentful_no_space", "space_id"},
           {"contentful_dotdot_space", "space_id"},
           {"contentful_slash_environment", "environment_id"}}) {
    SCOPED_TRACE(connector);
    const auto client = service("contentful", fromWorkspace(connector));
    expectUnusableConfig(*emulator_, field, [&] { (void)client.invoke("list_locales"); },
                         {kContentfulBadToken});
  }
}

// --- Supabase -----------------------------------------------------------------

TEST_F(DataTest, SupabaseRunQueryWrapsTheRowsAndReportsSqlErrors) {
  const auto client = service("supabase");
  const auto result = client.invoke(
      "run_query", {{"ref", "abcdefghijklmnopqrst"}, {"query", "select 1"}, {"read_only", true}});
  EXPECT_EQ(onlyRequest().url,
            "https://api.supabase.com/v1/projects/abcdefghijklmnopqrst/database/query");
  EXPECT_EQ(result.at("rows").size(), 2u);

  clearRequests();
  const auto error = serviceError([&] {
    (void)client.invoke(
        "run_query", {{"ref", "abcdefghijklmnopqrst"}, {"query", "select * from missing_table"}});
  });
  EXPECT_EQ(error.status(), 400);
  EXPECT_NE(error.detail().find("relation \"missing_table\" does not exist"), std::string::npos)
      << error.detail();
  clearRequests();
  expectInvalidArgument(*emulator_, "args.ref", [&] {
    (void)client.invoke("get_project", {{"ref", "ABC"}});
  });
}

}  // namespace
}  // namespace b44::adapter_tests
