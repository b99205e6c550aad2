// b44-connectors as a user runs it: the real binary in a child process, the
// real emulator on loopback, the adapters loaded from the build tree.
#include "cli_fixture.hpp"

#include <b44/plugin/manifest.hpp>
#include <b44/version.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

namespace b44 {
namespace {

using Cli = CliFixture;

TEST_F(Cli, ListAvailableShowsTheLoadedAdapters) {
  const auto result = run({"list-available", "--json"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  std::vector<std::string> types;
  for (const auto& entry : nlohmann::json::parse(result.out)) {
    types.push_back(entry["type"]);
    // Each adapter's own version, from its manifest.
    EXPECT_FALSE(entry["adapter_version"].get<std::string>().empty()) << entry["type"];
    if (entry["type"] == "slack") {
      EXPECT_EQ(entry["adapter_version"], "1.0.0");
    }
  }
  for (const char* expected : {"googlecalendar", "notion", "slack", "wrike"}) {
    EXPECT_NE(std::find(types.begin(), types.end(), expected), types.end()) << expected;
  }
  const auto text = run({"list-available"});
  EXPECT_NE(text.out.find("config: host (required)"), std::string::npos);
  // Type, display name, the adapter's version, its config fields.
  EXPECT_NE(text.out.find("\nslack                   Slack                   1.0.0     \n"),
            std::string::npos)
      << text.out;
}

// --version: the framework's version and the plugin ABI, whatever else is
// given, on stdout, exit 0; --help names it.
TEST_F(Cli, VersionPrintsTheVersionAndThePluginAbi) {
  const std::string expected = std::string("b44-connectors ") + B44_VERSION_STRING +
                               " (plugin ABI " + std::to_string(plugin::kAbiVersion) + ")\n";
  EXPECT_EQ(std::string(B44_VERSION_STRING), std::to_string(B44_VERSION_MAJOR) + "." +
                                                 std::to_string(B44_VERSION_MINOR) + "." +
                                                 std::to_string(B44_VERSION_PATCH));
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--version"},
                                               {"list-available", "--version"},
                                               {"--version", "--json"}}) {
    const auto result = run(args);
    EXPECT_EQ(result.exitCode, 0) << args[0];
    EXPECT_EQ(result.out, expected) << args[0];
    EXPECT_EQ(result.err, "") << args[0];
  }
  EXPECT_EQ(std::string(version()), B44_VERSION_STRING);
  const auto help = run({"--help"});
  EXPECT_EQ(help.exitCode, 0);
  EXPECT_NE(help.out.find("\n  --version "), std::string::npos) << help.out;
}

TEST_F(Cli, DescribeAndItsSuggestion) {
  const auto result = run({"describe", "slack", "--json"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const auto spec = nlohmann::json::parse(result.out);
  EXPECT_EQ(spec["type"], "slack");
  EXPECT_FALSE(spec["actions"].empty());
  const auto typo = run({"describe", "slak"});
  EXPECT_EQ(typo.exitCode, 2);
  EXPECT_NE(typo.err.find("did you mean 'slack'"), std::string::npos);
}

// The adapter libraries the dynamic loader opened while the CLI ran, from
// its own trace (LD_DEBUG=files): "file=<path> [0];  dynamically loaded by".
std::vector<std::string> adapterLibrariesOpened(const std::string& err) {
  std::vector<std::string> opened;
  std::istringstream lines(err);
  for (std::string line; std::getline(lines, line);) {
    const auto at = line.find("file=");
    if (at == std::string::npos || line.find("dynamically loaded") == std::string::npos) continue;
    const auto name = std::filesystem::path(line.substr(at + 5, line.find(' ', at) - at - 5));
    if (name.filename().string().starts_with("libb44_adapter_")) {
      opened.push_back(name.filename().string());
    }
  }
  return opened;
}

// Adapters as data: listing reads the summaries and describing the
// declarations from the library files; a call opens the one library it needs.
TEST_F(Cli, DescribingOpensNoAdapterLibraryAndACallOpensOne) {
  env_["LD_DEBUG"] = "files";
  const auto listed = run({"list-available", "--json"});
  ASSERT_EQ(listed.exitCode, 0) << listed.err;
  EXPECT_FALSE(nlohmann::json::parse(listed.out).empty());
  EXPECT_EQ(adapterLibrariesOpened(listed.err), std::vector<std::string>{});
  const auto listedText = run({"list-available"});
  ASSERT_EQ(listedText.exitCode, 0) << listedText.err;
  EXPECT_NE(listedText.out.find("slack"), std::string::npos);
  EXPECT_EQ(adapterLibrariesOpened(listedText.err), std::vector<std::string>{});
  const auto described = run({"describe", "slack", "--json"});
  ASSERT_EQ(described.exitCode, 0) << described.err;
  EXPECT_EQ(adapterLibrariesOpened(described.err), std::vector<std::string>{});
  const auto posted =
      run({"call", "slack", "post_message", "--args", R"({"channel":"C1","text":"hi"})"});
  ASSERT_EQ(posted.exitCode, 0) << posted.err;
  EXPECT_EQ(adapterLibrariesOpened(posted.err),
            std::vector<std::string>{"libb44_adapter_slack.so"});
}

// A library built before summaries lists from its declaration; one whose
// summary is malformed is a warning naming it, and the rest still lists.
TEST_F(Cli, ListingCopesWithOldAndMalformedSummaries) {
  const std::filesystem::path declared = B44_DECLARED_FIXTURE_DIR;
  const auto old = run({"list-available", "--plugin-path", (declared / "old").string()});
  ASSERT_EQ(old.exitCode, 0) << old.err;
  const auto current = run({"list-available", "--plugin-path", (declared / "current").string()});
  ASSERT_EQ(current.exitCode, 0) << current.err;
  EXPECT_NE(current.out.find("fixture_declared        Declared fixture        2.1.0     config: "
                             "region (optional), tenant (required)\n"),
            std::string::npos)
      << current.out;
  EXPECT_EQ(old.out, current.out);
  EXPECT_EQ(
      run({"list-available", "--json", "--plugin-path", (declared / "old").string()}).out,
      run({"list-available", "--json", "--plugin-path", (declared / "current").string()}).out);

  const auto dir =
      std::filesystem::temp_directory_path() / ("b44-cli-summary-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    std::ifstream in(declared / "current" / "libb44_adapter_fixture_declared.so", std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto at = bytes.find(R"("required":false,"validation_error")");
    ASSERT_NE(at, std::string::npos);
    bytes.replace(at, 16, R"("required":"no!")");
    std::ofstream(dir / "libb44_adapter_fixture_declared.so", std::ios::binary) << bytes;
  }
  const auto malformed = run({"list-available", "--plugin-path", dir.string()});
  std::filesystem::remove_all(dir);
  EXPECT_EQ(malformed.exitCode, 0);
  EXPECT_NE(malformed.err.find("libb44_adapter_fixture_declared.so: has a malformed b44_summary "
                               "section: /connection_config_fields/0/required: must be true or "
                               "false\n"),
            std::string::npos)
      << malformed.err;
  EXPECT_EQ(malformed.out.find("fixture_declared"), std::string::npos);
  EXPECT_NE(malformed.out.find("slack"), std::string::npos);
}

TEST_F(Cli, AppUserConnectsAndDisconnectsWithTheirOwnToken) {
  const auto noUser = run({"connect-app-user", "conn_user_notion"});
  EXPECT_EQ(noUser.exitCode, 2);
  EXPECT_NE(noUser.err.find("BASE44_USER_TOKEN"), std::string::npos) << noUser.err;

  env_["BASE44_USER_TOKEN"] = "demo-user-token";
  const auto connect = run({"connect-app-user", "conn_user_notion"});
  ASSERT_EQ(connect.exitCode, 0) << connect.err;
  EXPECT_TRUE(connect.out.starts_with(
      emulator_->base44Url() +
      "/api/apps/demo-app/app-user-auth/connectors/conn_user_notion/authorize?state="))
      << connect.out;
  EXPECT_EQ(connect.out.find("demo-user-token"), std::string::npos);

  const auto disconnect = run({"disconnect-app-user", "conn_user_notion", "--json"});
  ASSERT_EQ(disconnect.exitCode, 0) << disconnect.err;
  EXPECT_EQ(nlohmann::json::parse(disconnect.out),
            (nlohmann::json{{"disconnected", "conn_user_notion"}}));
  const auto gone = run({"get-connection", "notion", "--app-user", "conn_user_notion"});
  EXPECT_EQ(gone.exitCode, 3);
  EXPECT_NE(gone.err.find("not connected to connector 'conn_user_notion'"), std::string::npos)
      << gone.err;

  env_["BASE44_USER_TOKEN"] = "someone-else";
  const auto stranger = run({"disconnect-app-user", "conn_user_notion"});
  EXPECT_EQ(stranger.exitCode, 3);
  EXPECT_EQ(stranger.err.find("someone-else"), std::string::npos) << stranger.err;
}

TEST_F(Cli, GetConnectionMasksTheTokenUnlessAsked) {
  const auto masked = run({"get-connection", "slack"});
  ASSERT_EQ(masked.exitCode, 0) << masked.err;
  EXPECT_EQ(masked.out.find("xoxp-demo-user-token"), std::string::npos);
  EXPECT_NE(masked.out.find("****"), std::string::npos);
  const auto shown = run({"get-connection", "slack", "--show-token", "--json"});
  EXPECT_EQ(nlohmann::json::parse(shown.out)["access_token"], "xoxp-demo-user-token");
  const auto workspace =
      run({"get-connection", "slack", "--workspace", "conn_workspace_slack", "--show-token"});
  EXPECT_NE(workspace.out.find("xoxp-demo-workspace-token"), std::string::npos);
}

TEST_F(Cli, Base44ErrorsExitWithThreeAndNeverShowTheServiceToken) {
  env_["BASE44_SERVICE_TOKEN"] = "svc-wrong-secret";
  const auto result = run({"get-connection", "slack"});
  EXPECT_EQ(result.exitCode, 3);
  EXPECT_NE(result.err.find("401"), std::string::npos);
  EXPECT_EQ(result.err.find("svc-wrong-secret"), std::string::npos);
  EXPECT_EQ(result.out.find("svc-wrong-secret"), std::string::npos);
}

TEST_F(Cli, CallRunsAnActionAndServiceErrorsExitWithFour) {
  const auto posted =
      run({"call", "slack", "post_message", "--args", R"({"channel":"C1","text":"hi"})"});
  ASSERT_EQ(posted.exitCode, 0) << posted.err;
  EXPECT_EQ(nlohmann::json::parse(posted.out)["ok"], true);
  EXPECT_EQ(emulator_->sandboxRequests().back().url, "https://slack.com/api/chat.postMessage");
  const auto missing = run({"call", "slack", "get_user_info", "--args", R"({"user":"U_MISSING"})"});
  EXPECT_EQ(missing.exitCode, 4);
  EXPECT_NE(missing.err.find("user_not_found"), std::string::npos);
}

TEST_F(Cli, UsageMistakesExitWithTwo) {
  EXPECT_EQ(run({}).exitCode, 2);
  EXPECT_EQ(run({"frobnicate"}).exitCode, 2);
  EXPECT_EQ(run({"call", "slack"}).exitCode, 2);
  EXPECT_EQ(run({"call", "slack", "post_message", "--args", "{not json"}).exitCode, 2);
  EXPECT_EQ(run({"call", "slack", "post_message", "--args", R"({"text":"no channel"})"}).exitCode,
            2);
  EXPECT_EQ(run({"describe", "slack", "--bogus"}).exitCode, 2);
  EXPECT_EQ(run({"--help"}).exitCode, 0);
}

TEST_F(Cli, BrokenAdapterFilesWarnAndFailOnlyWhenStrict) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("b44-cli-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "bogus.so") << "not a library";
  const auto lenient = run({"list-available", "--plugin-path", dir.string()});
  EXPECT_EQ(lenient.exitCode, 0);
  EXPECT_NE(lenient.err.find("bogus.so: is not an ELF shared library"), std::string::npos);
  EXPECT_NE(lenient.out.find("slack"), std::string::npos);
  EXPECT_EQ(run({"list-available", "--strict", "--plugin-path", dir.string()}).exitCode, 6);
  std::filesystem::remove_all(dir);
}

// Every loaded adapter from the CLI, directly and through Base44's proxy: its
// first action's example directly, its last one's through the proxy (both
// the same action when it has one). That every example of every action works
// both ways is EveryAdapterTest's job, in process: a CLI process per example
// and route was 1,400 processes, most of this suite's time.
TEST_F(Cli, EveryAdapterRunsFromTheCliDirectlyAndThroughTheProxy) {
  const auto list = run({"list-available", "--json"});
  ASSERT_EQ(list.exitCode, 0) << list.err;
  int calls = 0;
  for (const auto& entry : nlohmann::json::parse(list.out)) {
    const std::string type = entry["type"];
    const auto spec = nlohmann::json::parse(run({"describe", type, "--json"}).out);
    const auto& actions = spec["actions"];
    ASSERT_FALSE(actions.empty()) << type;
    for (const bool proxy : {false, true}) {
      const auto& action = proxy ? actions.back() : actions.front();
      std::vector<std::string> args{"call", type, action["name"], "--args",
                                    action["example"].dump()};
      if (proxy) args.emplace_back("--proxy");
      const auto result = run(args);
      EXPECT_EQ(result.exitCode, 0)
          << type << "." << action["name"] << (proxy ? " (proxy)" : "") << ": " << result.err;
      ++calls;
    }
  }
  EXPECT_GE(calls, 2 * 46);
}

}  // namespace
}  // namespace b44
