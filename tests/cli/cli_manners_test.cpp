// How b44-connectors behaves in a shell: help for each command, suggestions,
// --opt=value, input from files and stdin, errors with hints (and as JSON),
// progress, and the man pages and completions that must agree with it. The
// real binary in a child process against the real emulator (cli_fixture.hpp).
#include "cli_fixture.hpp"

#include <b44/version.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>
#include <string>

namespace b44 {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
class Manners : public CliFixture {
 protected:
  // The JSON body of the last request that reached the sandbox.
  [[nodiscard]] json lastBody() const {
    const auto sent = emulator_->sandboxRequests();
    if (sent.empty()) return nullptr;
    return json::parse(sent.back().body.value_or("null"));
  }
};

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> found;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) found.push_back(line);
  return found;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// ---- help, suggestions, the shape of the command line ----

TEST_F(Manners, EveryCommandHasItsOwnHelpNamingItsOptions) {
  const auto commands = run({"__complete", "commands"});
  ASSERT_EQ(commands.exitCode, 0) << commands.err;
  const auto names = lines(commands.out);
  EXPECT_EQ(names, (std::vector<std::string>{"list-available", "describe", "get-connection",
                                             "connect-app-user", "disconnect-app-user", "call",
                                             "request", "help"}));
  for (const auto& command : names) {
    const auto help = run({command, "--help"});
    EXPECT_EQ(help.exitCode, 0) << command << ": " << help.err;
    EXPECT_TRUE(help.out.starts_with("usage: b44-connectors " + command)) << help.out;
    EXPECT_EQ(help.err, "");
    for (const auto& option : lines(run({"__complete", "options", command}).out)) {
      EXPECT_TRUE(contains(help.out, "  " + option + " ") ||
                  contains(help.out, ", " + option + " "))
          << command << " --help does not show " << option << ":\n"
          << help.out;
    }
    EXPECT_EQ(run({"help", command}).out, help.out) << command;
  }
  // Each command's help shows its own options only.
  const auto call = run({"call", "-h"});
  EXPECT_TRUE(contains(call.out, "--all-pages"));
  EXPECT_FALSE(contains(call.out, "  --paginate "));
  EXPECT_FALSE(contains(call.out, "  --show-token "));
  // The general help lists the commands.
  const auto general = run({"help"});
  EXPECT_EQ(general.exitCode, 0);
  for (const auto& command : names) EXPECT_TRUE(contains(general.out, "\n  " + command)) << command;
}

TEST_F(Manners, CommandsAndOptionsGetADidYouMean) {
  const auto command = run({"describ", "slack"});
  EXPECT_EQ(command.exitCode, 2);
  EXPECT_TRUE(contains(command.err, "unknown command 'describ' (did you mean 'describe'?)"))
      << command.err;
  EXPECT_TRUE(contains(command.err, "\nhint: b44-connectors --help")) << command.err;

  const auto option = run({"call", "slack", "list_conversations", "--all-page"});
  EXPECT_EQ(option.exitCode, 2);
  EXPECT_TRUE(contains(option.err, "unknown option --all-page (did you mean '--all-pages'?)"))
      << option.err;
  EXPECT_TRUE(contains(option.err, "\nhint: b44-connectors call --help")) << option.err;

  // An option of another command: named, with where it goes.
  const auto elsewhere = run({"call", "slack", "list_conversations", "--querry", "a=b"});
  EXPECT_EQ(elsewhere.exitCode, 2);
  EXPECT_TRUE(contains(elsewhere.err, "did you mean '--query'? it goes with request"))
      << elsewhere.err;
  const auto wrongCommand = run({"describe", "slack", "--show-token"});
  EXPECT_EQ(wrongCommand.exitCode, 2);
  EXPECT_TRUE(
      contains(wrongCommand.err, "--show-token goes with get-connection, not with describe"))
      << wrongCommand.err;
  EXPECT_TRUE(emulator_->sandboxRequests().empty());
}

TEST_F(Manners, OptionValuesMayBeJoinedWithAnEqualsSign) {
  const auto joined = run({"call", "slack", "post_message",
                           R"(--args={"channel":"C1","text":"joined = fine"})", "--timeout=30"});
  ASSERT_EQ(joined.exitCode, 0) << joined.err;
  EXPECT_EQ(lastBody()["text"], "joined = fine");
  const auto separate =
      run({"call", "slack", "post_message", "--args", R"({"channel":"C1","text":"apart"})"});
  ASSERT_EQ(separate.exitCode, 0) << separate.err;
  EXPECT_EQ(lastBody()["text"], "apart");

  const auto flagValue = run({"list-available", "--json=yes"});
  EXPECT_EQ(flagValue.exitCode, 2);
  EXPECT_TRUE(contains(flagValue.err, "--json takes no value")) << flagValue.err;
  const auto missing = run({"call", "slack", "post_message", "--args"});
  EXPECT_EQ(missing.exitCode, 2);
  EXPECT_TRUE(contains(missing.err, "--args needs a value")) << missing.err;
  const auto twice = run({"call", "slack", "post_message", "--args={}", "--args={}"});
  EXPECT_EQ(twice.exitCode, 2);
  EXPECT_TRUE(contains(twice.err, "--args is given more than once")) << twice.err;
  const auto bothSources =
      run({"get-connection", "slack", "--workspace=conn_workspace_slack", "--app-user", "u"});
  EXPECT_EQ(bothSources.exitCode, 2);
  EXPECT_TRUE(contains(bothSources.err, "give one of --workspace and --app-user"))
      << bothSources.err;
  const auto badTimeout = run({"list-available", "--timeout=soon"});
  EXPECT_EQ(badTimeout.exitCode, 2);
  EXPECT_TRUE(contains(badTimeout.err, "--timeout")) << badTimeout.err;
}

TEST_F(Manners, ExtraArgumentsAreRefusedByName) {
  const auto extra = run({"describe", "slack", "wrike", "notion"});
  EXPECT_EQ(extra.exitCode, 2);
  EXPECT_TRUE(contains(extra.err, "describe takes TYPE; extra arguments: 'wrike' 'notion'"))
      << extra.err;
  const auto one = run({"call", "slack", "post_message", "{}"});
  EXPECT_EQ(one.exitCode, 2);
  EXPECT_TRUE(contains(one.err, "extra argument: '{}'")) << one.err;
  const auto missing = run({"request", "slack", "GET"});
  EXPECT_EQ(missing.exitCode, 2);
  EXPECT_TRUE(contains(missing.err, "request takes TYPE METHOD PATH (missing PATH)"))
      << missing.err;
  EXPECT_EQ(run({"list-available", "slack"}).exitCode, 2);
  // After "--" everything is an operand, even what looks like an option.
  const auto dashes = run({"describe", "slack", "--", "--json"});
  EXPECT_EQ(dashes.exitCode, 2);
  EXPECT_TRUE(contains(dashes.err, "'--json'")) << dashes.err;
  EXPECT_TRUE(emulator_->sandboxRequests().empty());
}

// ---- input ----

TEST_F(Manners, ArgsComeFromAFileOrStandardInput) {
  const auto file = path("args.json");
  std::ofstream(file) << R"({"channel":"C1","text":"from a file"})";
  const auto fromFile = run({"call", "slack", "post_message", "--args", "@" + file});
  ASSERT_EQ(fromFile.exitCode, 0) << fromFile.err;
  EXPECT_EQ(lastBody()["text"], "from a file");

  const auto fromStdin = run({"call", "slack", "post_message", "--args", "-"},
                             R"({"channel":"C1","text":"from stdin"})");
  ASSERT_EQ(fromStdin.exitCode, 0) << fromStdin.err;
  EXPECT_EQ(lastBody()["text"], "from stdin");

  const auto data = run({"request", "slack", "POST", "/chat.postMessage", "--data=-"},
                        R"({"channel":"C1","text":"a body from stdin"})");
  ASSERT_EQ(data.exitCode, 0) << data.err;
  EXPECT_EQ(lastBody()["text"], "a body from stdin");

  const std::string bytes = R"({"channel":"C1","text":"bytes from stdin"})";
  const auto binary = run({"request", "slack", "POST", "/chat.postMessage", "--data-binary", "-",
                           "--content-type", "application/json"},
                          bytes);
  ASSERT_EQ(binary.exitCode, 0) << binary.err;
  EXPECT_EQ(emulator_->sandboxRequests().back().body, bytes);

  const auto absent = run({"call", "slack", "post_message", "--args", "@" + file + ".absent"});
  EXPECT_EQ(absent.exitCode, 2);
  EXPECT_TRUE(contains(absent.err, "--args: cannot read " + file + ".absent")) << absent.err;
}

TEST_F(Manners, InvalidJsonIsReportedWithLineAndColumnAndNotQuoted) {
  const std::string secret = "xoxp-never-quoted-back";
  const auto args = run({"call", "slack", "post_message", "--args",
                         "{\n  \"channel\": \"C1\",\n  \"text\": " + secret + "\n}"});
  EXPECT_EQ(args.exitCode, 2);
  EXPECT_TRUE(contains(args.err, "--args is not valid JSON: line 3, column ")) << args.err;
  EXPECT_FALSE(contains(args.err, secret)) << args.err;
  EXPECT_TRUE(contains(args.err, "\nhint: ")) << args.err;

  const auto file = path("body.json");
  std::ofstream(file) << "{\"a\": 1,\n\n \"b\": }";
  const auto data = run({"request", "slack", "POST", "/chat.postMessage", "--data", "@" + file});
  EXPECT_EQ(data.exitCode, 2);
  EXPECT_TRUE(contains(data.err, "--data (" + file + ") is not valid JSON: line 3, column 7"))
      << data.err;
  const auto stdinArgs = run({"call", "slack", "post_message", "--args", "-"}, "[1, 2");
  EXPECT_EQ(stdinArgs.exitCode, 2);
  EXPECT_TRUE(contains(stdinArgs.err, "--args (stdin) is not valid JSON: line 1, column"))
      << stdinArgs.err;
  EXPECT_TRUE(emulator_->sandboxRequests().empty());
}

// ---- errors: hints, JSON ----

TEST_F(Manners, UsualMistakesEndWithAHint) {
  env_["BASE44_APP_ID"] = "";
  const auto noApp = run({"get-connection", "slack"});
  EXPECT_EQ(noApp.exitCode, 2);
  EXPECT_TRUE(contains(noApp.err, "\nhint: set the app's id: export BASE44_APP_ID=")) << noApp.err;
  env_["BASE44_APP_ID"] = "demo-app";

  env_["BASE44_SERVICE_TOKEN"] = "svc-refused-secret";
  const auto refused = run({"get-connection", "slack"});
  EXPECT_EQ(refused.exitCode, 3);
  EXPECT_TRUE(contains(refused.err, "\nhint: check BASE44_SERVICE_TOKEN")) << refused.err;
  EXPECT_FALSE(contains(refused.err, "svc-refused-secret")) << refused.err;
  env_["BASE44_SERVICE_TOKEN"] = "svc-demo-token";

  const auto type = run({"call", "slak", "post_message"});
  EXPECT_EQ(type.exitCode, 2);
  EXPECT_TRUE(contains(type.err, "did you mean 'slack'")) << type.err;
  EXPECT_TRUE(contains(type.err, "\nhint: b44-connectors list-available")) << type.err;

  const auto action = run({"call", "slack", "post_mesage"});
  EXPECT_EQ(action.exitCode, 2);
  EXPECT_TRUE(contains(action.err, "did you mean 'post_message'")) << action.err;
  EXPECT_TRUE(contains(action.err, "\nhint: b44-connectors describe slack lists its actions"))
      << action.err;

  const auto nowhere = path("no-such-dir");
  const auto directory = run({"list-available", "--plugin-path", nowhere});
  EXPECT_EQ(directory.exitCode, 0);
  EXPECT_TRUE(contains(directory.err, nowhere + ": is not a directory\nhint: check --plugin-path "
                                                "and B44_PLUGIN_PATH"))
      << directory.err;
  const auto strict = run({"list-available", "--strict", "--plugin-path", nowhere});
  EXPECT_EQ(strict.exitCode, 6);
  EXPECT_TRUE(contains(strict.err, "--strict")) << strict.err;

  // The emulator is gone: a network error, and the likely reason.
  emulator_->stop();
  const auto down = run({"get-connection", "slack"});
  EXPECT_EQ(down.exitCode, 5);
  EXPECT_TRUE(contains(down.err, "b44-connectors: network error: ")) << down.err;
  EXPECT_TRUE(contains(down.err, "\nhint: is b44-emulator running?")) << down.err;
}

TEST_F(Manners, WithJsonErrorsAreJsonOnStderr) {
  const auto errorOf = [](const Outcome& outcome) {
    const auto parsed = json::parse(outcome.err, nullptr, false);
    EXPECT_FALSE(parsed.is_discarded()) << outcome.err;
    EXPECT_EQ(outcome.err.find('\n'), outcome.err.size() - 1) << "one line: " << outcome.err;
    return parsed.is_discarded() ? json::object() : parsed["error"];
  };
  const auto usage = run({"call", "slack", "--json"});
  EXPECT_EQ(usage.exitCode, 2);
  auto error = errorOf(usage);
  EXPECT_EQ(error["kind"], "usage");
  EXPECT_EQ(error["exit_code"], 2);
  EXPECT_EQ(error["message"], "call takes TYPE ACTION (missing ACTION)");
  EXPECT_EQ(error["hint"], "b44-connectors call --help shows its usage and options");

  // Even when the command line itself does not parse.
  error = errorOf(run({"--json", "--bogus"}));
  EXPECT_EQ(error["kind"], "usage");
  EXPECT_EQ(error["message"], "unknown option --bogus");

  error = errorOf(run({"call", "slak", "post_message", "--json"}));
  EXPECT_EQ(error["kind"], "invalid_input");
  EXPECT_EQ(error["field"], "integrationType");
  EXPECT_TRUE(contains(error["hint"].get<std::string>(), "list-available"));

  env_["BASE44_SERVICE_TOKEN"] = "svc-refused-secret";
  const auto refused = run({"get-connection", "slack", "--json"});
  EXPECT_EQ(refused.exitCode, 3);
  error = errorOf(refused);
  EXPECT_EQ(error["kind"], "base44");
  EXPECT_EQ(error["status"], 401);
  EXPECT_EQ(error["exit_code"], 3);
  EXPECT_TRUE(contains(error["hint"].get<std::string>(), "BASE44_SERVICE_TOKEN"));
  EXPECT_FALSE(contains(refused.err, "svc-refused-secret"));
  env_["BASE44_SERVICE_TOKEN"] = "svc-demo-token";

  const auto service =
      run({"call", "slack", "get_user_info", "--args", R"({"user":"U_MISSING"})", "--json"});
  EXPECT_EQ(service.exitCode, 4);
  error = errorOf(service);
  EXPECT_EQ(error["kind"], "service");
  EXPECT_EQ(error["integration_type"], "slack");
  EXPECT_EQ(error["code"], "user_not_found");
  EXPECT_FALSE(contains(service.err, "xoxp-demo-user-token"));

  // request: the body on stdout, the error as JSON on stderr.
  const auto answered = run({"request", "slack", "GET", "/no.such.method", "--json"});
  EXPECT_EQ(answered.exitCode, 4);
  EXPECT_EQ(json::parse(answered.out)["status"], 404);
  error = errorOf(answered);
  EXPECT_EQ(error["kind"], "service");
  EXPECT_EQ(error["status"], 404);

  // Warnings too are JSON lines with --json.
  const auto nowhere = path("no-such-dir");
  const auto warned = run({"list-available", "--json", "--plugin-path", nowhere});
  EXPECT_EQ(warned.exitCode, 0);
  const auto warning = json::parse(warned.err, nullptr, false);
  ASSERT_FALSE(warning.is_discarded()) << warned.err;
  EXPECT_EQ(warning["warning"]["path"], nowhere);
  EXPECT_EQ(warning["warning"]["message"], "is not a directory");
  EXPECT_TRUE(contains(warning["warning"]["hint"].get<std::string>(), "B44_PLUGIN_PATH"));

  const auto pages = run(
      {"request", "slack", "GET", "/conversations.list", "--paginate", "--max-pages=1", "--json"});
  EXPECT_EQ(pages.exitCode, 5);
  error = errorOf(pages);
  EXPECT_EQ(error["kind"], "page_limit");
  EXPECT_EQ(error["hint"], "set the limit with --max-pages N");
}

// ---- progress ----

TEST_F(Manners, ProgressShowsOnATerminalOrWhenForced) {
  const std::vector<std::string> paginate{"request", "slack", "GET", "/conversations.list",
                                          "--paginate"};
  const std::vector<std::string> allPages{"call", "slack", "list_conversations", "--all-pages"};
  for (const auto& args : {paginate, allPages}) {
    // Auto (unset, then "auto"): the tests' stderr is a pipe, so nothing.
    const auto quiet = run(args);
    ASSERT_EQ(quiet.exitCode, 0) << quiet.err;
    EXPECT_EQ(quiet.err, "");
    env_["B44_PROGRESS"] = "auto";
    EXPECT_EQ(run(args).err, "");

    env_["B44_PROGRESS"] = "always";
    const auto shown = run(args);
    ASSERT_EQ(shown.exitCode, 0) << shown.err;
    EXPECT_TRUE(contains(shown.err, "\rb44-connectors: page 1, ")) << shown.err;
    EXPECT_TRUE(contains(shown.err, "\rb44-connectors: page 2, 3 items")) << shown.err;
    EXPECT_TRUE(shown.err.ends_with("\n")) << shown.err;
    EXPECT_EQ(shown.out, quiet.out);  // stdout is the same either way

    if (args == paginate) {
      // Headers (--include) start on a line of their own.
      auto included = args;
      included.emplace_back("--include");
      const auto both = run(included);
      EXPECT_TRUE(contains(both.err, " items/s    \nHTTP/1.1 200\n") ||
                  contains(both.err, " items    \nHTTP/1.1 200\n"))
          << both.err;
    }
    auto withQuiet = args;
    withQuiet.emplace_back("--quiet");
    EXPECT_EQ(run(withQuiet).err, "");
    env_["B44_PROGRESS"] = "never";
    EXPECT_EQ(run(args).err, "");

    env_["B44_PROGRESS"] = "sometimes";
    const auto bad = run(args);
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_TRUE(contains(bad.err, "B44_PROGRESS")) << bad.err;
    env_.erase("B44_PROGRESS");
  }
}

// ---- what the completion scripts ask ----

TEST_F(Manners, CompleteListsTypesActionsAndValuedOptions) {
  const auto types = lines(run({"__complete", "types"}).out);
  EXPECT_NE(std::find(types.begin(), types.end(), "slack"), types.end());
  const auto actions = lines(run({"__complete", "actions", "slack"}).out);
  EXPECT_NE(std::find(actions.begin(), actions.end(), "post_message"), actions.end());
  const auto valued = lines(run({"__complete", "valued"}).out);
  EXPECT_NE(std::find(valued.begin(), valued.end(), "--args"), valued.end());
  EXPECT_EQ(std::find(valued.begin(), valued.end(), "--json"), valued.end());
  // Hidden: not in the help.
  EXPECT_FALSE(contains(run({"--help"}).out, "__complete"));
  EXPECT_EQ(run({"__complete", "everything"}).exitCode, 2);
}

}  // namespace
}  // namespace b44
