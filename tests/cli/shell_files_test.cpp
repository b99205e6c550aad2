// The files a shell user gets beside b44-connectors and b44-emulator: the man
// pages (they render without warnings and name every command and option the
// programs know, so they cannot drift) and the bash and zsh completions (run
// in a real bash against the real CLI).
#include "cli_fixture.hpp"

#include <b44/version.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <regex>
#include <sstream>
#include <string>

namespace b44 {
namespace {

namespace fs = std::filesystem;

const fs::path kManDir = fs::path(B44_SOURCE_DIR) / "docs" / "man";
const fs::path kCompletions = fs::path(B44_SOURCE_DIR) / "tools" / "cli" / "completions";

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> found;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) found.push_back(line);
  return found;
}

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// `name` found on PATH, if it is installed.
std::optional<std::string> onPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::istringstream directories(path == nullptr ? "/usr/bin:/bin" : path);
  for (std::string directory; std::getline(directories, directory, ':');) {
    const auto candidate = fs::path(directory) / name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return std::nullopt;
}

// How a name is written in roff: every '-' as "\-".
std::string roff(const std::string& name) {
  std::string escaped;
  for (const char c : name) escaped += c == '-' ? std::string("\\-") : std::string(1, c);
  return escaped;
}

// The words of a man page's entry tags (the line after each .TP, without its
// font macro): ".BI \-\-args " JSON"" gives "\-\-args" and "JSON".
std::vector<std::string> tags(const std::string& page) {
  std::vector<std::string> words;
  const auto all = lines(page);
  for (std::size_t i = 0; i + 1 < all.size(); ++i) {
    if (all[i] != ".TP") continue;
    std::string tag = all[i + 1];
    if (!tag.starts_with(".B")) continue;
    std::replace(tag.begin(), tag.end(), '"', ' ');
    std::istringstream in(tag.substr(tag.find(' ') + 1));
    for (std::string word; in >> word;) words.push_back(word);
  }
  return words;
}

bool hasEntry(const std::vector<std::string>& tagWords, const std::string& name) {
  return std::find(tagWords.begin(), tagWords.end(), roff(name)) != tagWords.end();
}

class ShellFiles : public CliFixture {
 protected:
  // COMPREPLY of the bash completion for the command line `words` (the last
  // one is being completed; the first, the program, runs the CLI built here).
  std::vector<std::string> bashCompletion(std::vector<std::string> words) {
    words.front() = B44_CLI_BINARY;
    const std::string script =
        "source \"$1\"; shift; COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); _b44_connectors; "
        "printf '%s\\n' \"${COMPREPLY[@]}\"";
    std::vector<std::string> args{"-c", script, "bash",
                                  (kCompletions / "b44-connectors.bash").string()};
    args.insert(args.end(), words.begin(), words.end());
    const auto result = runProgram(*onPath("bash"), args);
    EXPECT_EQ(result.exitCode, 0) << result.err;
    EXPECT_EQ(result.err, "");
    auto found = lines(result.out);
    if (found == std::vector<std::string>{""}) found.clear();
    return found;
  }

  // What the zsh completion offers for `words`, run in a real zsh with zsh's
  // completion builtins stood in for: compadd prints the candidates that match
  // the word being completed, _call_program runs the command.
  std::vector<std::string> zshCompletion(const std::string& zsh, std::vector<std::string> words) {
    words.front() = B44_CLI_BINARY;
    const std::string script = R"(
compadd() { [[ $1 == -a ]] && for n in "${(@P)2}"; do [[ $n == ${PREFIX}* ]] && print -r -- $n; done }
_call_program() { shift; "$@"; }
_files() { print -r -- '<files>'; }
_directories() { print -r -- '<directories>'; }
compset() { return 0; }
completion=$1; shift
words=("$@"); CURRENT=$#; PREFIX=${words[CURRENT]}
source $completion)";
    std::vector<std::string> args{"-f", "-c", script, "zsh",
                                  (kCompletions / "_b44-connectors").string()};
    args.insert(args.end(), words.begin(), words.end());
    const auto result = runProgram(zsh, args);
    EXPECT_EQ(result.err, "");
    return lines(result.out);
  }
};

TEST_F(ShellFiles, ManPagesRenderWithoutWarnings) {
  const auto groff = onPath("groff");
  if (!groff) GTEST_SKIP() << "groff is not installed";
  for (const char* page : {"b44-connectors.1", "b44-emulator.1"}) {
    const auto result =
        runProgram(*groff, {"-man", "-ww", "-z", "-Tutf8", (kManDir / page).string()});
    EXPECT_EQ(result.exitCode, 0) << page;
    EXPECT_EQ(result.err, "") << page;
    // The version in the title line is the project's.
    EXPECT_NE(slurp(kManDir / page).find("\"b44 " B44_VERSION_STRING "\""), std::string::npos)
        << page << " names another version";
  }
}

TEST_F(ShellFiles, TheCliManPageNamesEveryCommandAndOption) {
  const std::string page = slurp(kManDir / "b44-connectors.1");
  ASSERT_FALSE(page.empty());
  const auto entries = tags(page);
  const auto commands = lines(run({"__complete", "commands"}).out);
  ASSERT_GE(commands.size(), 8u);
  for (const auto& command : commands) {
    EXPECT_TRUE(hasEntry(entries, command)) << command << " has no entry in b44-connectors.1";
  }
  const auto options = lines(run({"__complete", "options"}).out);
  ASSERT_GE(options.size(), 25u);
  for (const auto& option : options) {
    EXPECT_TRUE(hasEntry(entries, option)) << option << " has no entry in b44-connectors.1";
  }
  EXPECT_FALSE(hasEntry(entries, "--no-such-option"));
}

TEST_F(ShellFiles, TheEmulatorManPageNamesEveryOption) {
  const std::string page = slurp(kManDir / "b44-emulator.1");
  ASSERT_FALSE(page.empty());
  const auto help = runProgram(B44_EMULATOR_BINARY, {"--help"});
  ASSERT_EQ(help.exitCode, 0) << help.err;
  const auto entries = tags(page);
  const std::regex option(R"(^  (?:-\w, )?(--[a-z-]+))");
  int count = 0;
  for (const auto& line : lines(help.out)) {
    std::smatch found;
    if (!std::regex_search(line, found, option)) continue;
    ++count;
    EXPECT_TRUE(hasEntry(entries, found[1])) << found[1] << " has no entry in b44-emulator.1";
  }
  EXPECT_GE(count, 13);
}

TEST_F(ShellFiles, BashCompletionOffersCommandsOptionsTypesAndActions) {
  if (!onPath("bash")) GTEST_SKIP() << "bash is not installed";
  using Names = std::vector<std::string>;
  EXPECT_EQ(bashCompletion({"b44-connectors", "ca"}), Names{"call"});
  EXPECT_EQ(bashCompletion({"b44-connectors", "--json", "disc"}), Names{"disconnect-app-user"});
  EXPECT_EQ(bashCompletion({"b44-connectors", "describe", "wri"}), Names{"wrike"});
  EXPECT_EQ(bashCompletion({"b44-connectors", "call", "slack", "post_m"}), Names{"post_message"});
  // Option values are skipped when finding the command's operands.
  EXPECT_EQ(bashCompletion({"b44-connectors", "call", "--args", "{}", "slack", "post_m"}),
            Names{"post_message"});
  EXPECT_EQ(bashCompletion({"b44-connectors", "call", "slack", "x", "--all"}),
            Names{"--all-pages"});
  // Only the command's own options.
  EXPECT_EQ(bashCompletion({"b44-connectors", "get-connection", "slack", "--sh"}),
            Names{"--show-token"});
  EXPECT_EQ(bashCompletion({"b44-connectors", "call", "slack", "x", "--sh"}), Names{});
  EXPECT_EQ(bashCompletion({"b44-connectors", "request", "slack", "PU"}), Names{"PUT"});
  EXPECT_EQ(bashCompletion({"b44-connectors", "help", "get"}), Names{"get-connection"});
  // A value is the user's to type.
  EXPECT_EQ(bashCompletion({"b44-connectors", "call", "--workspace", ""}), Names{});
  // Adapters from --plugin-path are offered too.
  env_["B44_PLUGIN_PATH"] = "";
  EXPECT_EQ(bashCompletion({"b44-connectors", "describe", "zep"}), Names{});
  EXPECT_EQ(bashCompletion(
                {"b44-connectors", "--plugin-path", B44_TEST_EXTRA_ADAPTER_DIR, "describe", "zep"}),
            Names{"zephyr"});
}

TEST_F(ShellFiles, ZshCompletionOffersCommandsOptionsTypesAndActions) {
  const auto zsh = onPath("zsh");
  if (!zsh) GTEST_SKIP() << "zsh is not installed";
  using Names = std::vector<std::string>;
  EXPECT_EQ(zshCompletion(*zsh, {"b44-connectors", "ca"}), Names{"call"});
  EXPECT_EQ(zshCompletion(*zsh, {"b44-connectors", "describe", "wri"}), Names{"wrike"});
  EXPECT_EQ(zshCompletion(*zsh, {"b44-connectors", "call", "--args", "{}", "slack", "post_m"}),
            Names{"post_message"});
  EXPECT_EQ(zshCompletion(*zsh, {"b44-connectors", "get-connection", "slack", "--sh"}),
            Names{"--show-token"});
  EXPECT_EQ(zshCompletion(*zsh, {"b44-connectors", "call", "slack", "x", "--sh"}), Names{});
  EXPECT_EQ(zshCompletion(*zsh, {"b44-connectors", "request", "slack", "PU"}), Names{"PUT"});
  EXPECT_EQ(zshCompletion(*zsh, {"b44-connectors", "--plugin-path", ""}), Names{"<directories>"});
}

TEST_F(ShellFiles, ZshCompletionIsValidZsh) {
  const auto zsh = onPath("zsh");
  if (!zsh) GTEST_SKIP() << "zsh is not installed";
  const auto result = runProgram(*zsh, {"-n", (kCompletions / "_b44-connectors").string()});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.err, "");
  EXPECT_TRUE(slurp(kCompletions / "_b44-connectors").starts_with("#compdef b44-connectors\n"));
}

}  // namespace
}  // namespace b44
