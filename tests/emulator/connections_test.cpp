// The connections document: validation with errors naming the field, and the
// loopback-only rule.
#include "fixture.hpp"

#include <b44/errors.hpp>

using b44::emulator::Emulator;
using b44::emulator::EmulatorOptions;
using b44::emulator::loadConnectionsFile;
using b44::emulator::validateConnections;
using b44::emulator::testing::TempDir;
using nlohmann::json;

namespace {

std::string fieldOf(const json& document) {
  try {
    validateConnections(document);
  } catch (const b44::InvalidArgumentError& error) {
    return error.field();
  }
  return "(valid)";
}

}  // namespace

TEST(EmulatorConnections, TheExampleDocumentIsValid) {
  EXPECT_EQ(fieldOf(json::parse(b44::emulator::testing::kConnections)), "(valid)");
  EXPECT_EQ(fieldOf({{"app_id", "a"}, {"service_token", "t"}}), "(valid)");
}

TEST(EmulatorConnections, MalformedDocumentsNameTheField) {
  const json base = {{"app_id", "a"}, {"service_token", "t"}};
  EXPECT_EQ(fieldOf(json::array()), "connections document");
  EXPECT_EQ(fieldOf({{"service_token", "t"}}), "app_id");
  EXPECT_EQ(fieldOf({{"app_id", "a"}, {"service_token", ""}}), "service_token");

  auto document = base;
  document["connections"] = {{"slack", {{"access_token", 5}}}};
  EXPECT_EQ(fieldOf(document), "connections.slack.access_token");
  document["connections"] = {{"slack", {{"acces_token", "x"}}}};
  EXPECT_EQ(fieldOf(document), "connections.slack.acces_token");
  document["connections"] = {{"slack", {{"access_token", "x"}, {"connection_config", "eu"}}}};
  EXPECT_EQ(fieldOf(document), "connections.slack.connection_config");
  document["connections"] = {
      {"wrike", {{"access_token", "x"}, {"connection_config", {{"host", 1}}}}}};
  EXPECT_EQ(fieldOf(document), "connections.wrike.connection_config.host");
  document["connections"] = {{"hubspot", {{"access_token", "x"}, {"metered", "yes"}}}};
  EXPECT_EQ(fieldOf(document), "connections.hubspot.metered");
  document["connections"] = {{"broken", {{"error", {{"status", 200}}}}}};
  EXPECT_EQ(fieldOf(document), "connections.broken.error.status");
  document["connections"] = json::array();
  EXPECT_EQ(fieldOf(document), "connections");

  document = base;
  document["workspace_connectors"] = {{"conn_1", {{"access_token", "x"}}}};
  EXPECT_EQ(fieldOf(document), "workspace_connectors.conn_1.integration_type");
  document = base;
  document["app_user_connectors"] = {{"conn_1", {{"integration_type", "slack"}}}};
  EXPECT_EQ(fieldOf(document), "app_user_connectors.conn_1.access_token");

  // The Emulator refuses it too.
  EmulatorOptions options;
  options.connections = {{"app_id", "a"}};
  EXPECT_THROW(Emulator{options}, b44::InvalidArgumentError);
}

TEST(EmulatorConnections, LoadConnectionsFileReportsWithoutQuotingTokens) {
  TempDir dir;
  const auto good = dir.write("good.json", b44::emulator::testing::kConnections);
  EXPECT_EQ(loadConnectionsFile(good).at("app_id"), "demo-app");

  const auto broken =
      dir.write("broken.json", "{\"app_id\": \"a\",\n \"service_token\": svc-leak}");
  try {
    loadConnectionsFile(broken);
    FAIL() << "malformed JSON accepted";
  } catch (const b44::InvalidArgumentError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("broken.json"), std::string::npos) << message;
    EXPECT_NE(message.find("line 2"), std::string::npos) << message;
    EXPECT_EQ(message.find("svc-leak"), std::string::npos) << message;
  }
  const auto invalid = dir.write("invalid.json", R"({"app_id": "a"})");
  try {
    loadConnectionsFile(invalid);
    FAIL() << "invalid document accepted";
  } catch (const b44::InvalidArgumentError& error) {
    EXPECT_EQ(error.field(), "service_token");
    EXPECT_NE(std::string(error.what()).find("invalid.json"), std::string::npos);
  }
  EXPECT_THROW(loadConnectionsFile(dir.path() / "absent.json"), b44::InvalidArgumentError);
}

TEST(EmulatorConnections, ListensOnLoopbackOnly) {
  for (const std::string host : {"0.0.0.0", "192.168.1.10", "example.com", "::"}) {
    EmulatorOptions options;
    options.connections = json::parse(b44::emulator::testing::kConnections);
    options.host = host;
    try {
      Emulator emulator(options);
      FAIL() << host << " accepted";
    } catch (const b44::InvalidArgumentError& error) {
      EXPECT_EQ(error.field(), "host");
    }
  }
  EmulatorOptions options;
  options.connections = json::parse(b44::emulator::testing::kConnections);
  options.host = "localhost";
  Emulator emulator(options);
  emulator.start();
  EXPECT_EQ(emulator.base44Url().rfind("http://127.0.0.1:", 0), 0u);
}

TEST(EmulatorConnections, DefaultRouteDirectoryIsBesideTheLibrary) {
  const auto directory = b44::emulator::defaultRouteDirectory();
  EXPECT_EQ(directory.filename(), "sandbox");
  EXPECT_EQ(directory.parent_path().filename(), "b44");
  EXPECT_TRUE(std::filesystem::is_directory(directory)) << directory;

  // The shipped route files are valid.
  EmulatorOptions options;
  options.connections = json::parse(b44::emulator::testing::kConnections);
  options.routeFiles = {directory};
  EXPECT_NO_THROW(Emulator{options});
}
