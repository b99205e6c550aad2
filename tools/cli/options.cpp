#include "options.hpp"

#include <b44/errors.hpp>
#include <b44/plugin/url.hpp>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <iomanip>
#include <sstream>
#include <string_view>

namespace b44::cli {
namespace {

namespace po = boost::program_options;

// Options that go together, offered by the same commands.
enum class Group { Common, Source, ShowToken, Call, Paging, Request, Output };

po::options_description describeGroup(Group group) {
  switch (group) {
    case Group::Common:
      return describeOptions({
          {"json", nullptr,
           "machine-readable output, errors included (request: the status, headers and body as "
           "one JSON object)"},
          {"plugin-path", "DIR",
           "also load adapters from DIR (repeatable; B44_PLUGIN_PATH is read too)", true},
          {"strict", nullptr, "fail (exit 6) if any adapter library fails to load"},
          {"timeout", "SECONDS",
           "the deadline of each call, retries and waits included (default 60; B44_TIMEOUT)"},
          {"quiet", nullptr, "no progress on stderr"},
          {"help,h", nullptr, "this text, or with a command that command's"},
          {"version", nullptr, "the version and the plugin ABI it loads"},
      });
    case Group::Source:
      return describeOptions({
          {"workspace", "ID", "use the workspace connector ID"},
          {"app-user", "ID", "use the current app user's connector ID"},
      });
    case Group::ShowToken:
      return describeOptions({{"show-token", nullptr, "print the token unmasked"}});
    case Group::Call:
      return describeOptions({
          {"args", "JSON",
           "the action's arguments (default {}); @FILE reads them from FILE, - from stdin"},
          {"all-pages", nullptr, "follow pagination, print every item (progress on a terminal)"},
      });
    case Group::Output:
      return describeOptions({
          {"output", "FILE",
           "the body into FILE (any bytes; a body that is not text is only written this way); "
           "call: a download action's bytes"},
      });
    case Group::Paging:
      return describeOptions({
          {"proxy", nullptr, "send through Base44's callApi proxy"},
          {"max-pages", "N", "with --all-pages or --paginate: exit 5 past N pages (default 10000)"},
      });
    case Group::Request:
      return describeOptions({
          {"query", "NAME=VALUE", "a query parameter (repeatable, order kept)", true},
          {"header", "'NAME: VALUE'", "a request header (repeatable)", true},
          {"data", "JSON", "a JSON body; @FILE reads it from FILE, - from stdin"},
          {"data-binary", "@FILE", "FILE's bytes (- : stdin's) as the body, with --content-type"},
          {"content-type", "TYPE", "the media type of --data-binary"},
          {"form", "NAME=VALUE", "a form-encoded body field (repeatable)", true},
          {"host", "NAME", "one of the adapter's hosts (see describe)"},
          {"retry-safe", nullptr,
           "may be sent twice (a POST with an idempotency key); GET, HEAD, OPTIONS, PUT, DELETE "
           "always are"},
          {"include", nullptr, "the status line and headers on stderr first"},
          {"paginate", nullptr,
           "follow the host's pagination, print all items as one JSON array (progress on a "
           "terminal)"},
          {"ndjson", nullptr, "with --paginate: one item per line"},
      });
  }
  return {};
}

struct Command {
  std::string_view name;
  std::string_view operands;  // "TYPE ACTION"; "[COMMAND]" for an optional one
  std::size_t minOperands;
  std::size_t maxOperands;
  std::string_view summary;  // lines after the first are indented under it
  std::vector<Group> groups;
  bool hidden = false;
};

const std::vector<Command>& commandTable() {
  static const std::vector<Command> commands = {
      {"list-available", "", 0, 0, "the integration types of the loaded adapters", {}},
      {"describe", "TYPE", 1, 1, "hosts, auth, config fields and actions of one type", {}},
      {"get-connection",
       "TYPE",
       1,
       1,
       "the connection Base44 holds (token masked)",
       {Group::Source, Group::ShowToken}},
      {"connect-app-user",
       "ID",
       1,
       1,
       "the URL where the app user (BASE44_USER_TOKEN)\nauthorizes the connector ID",
       {}},
      {"disconnect-app-user", "ID", 1, 1, "remove the app user's connection to connector ID", {}},
      {"call",
       "TYPE ACTION",
       2,
       2,
       "run an action (arguments as JSON with --args)",
       {Group::Call, Group::Output, Group::Paging, Group::Source}},
      {"request",
       "TYPE METHOD PATH",
       3,
       3,
       "send any request, PATH below the service's base\nURL (e.g. request slack GET "
       "/conversations.list)",
       {Group::Request, Group::Output, Group::Paging, Group::Source}},
      {"help", "[COMMAND]", 0, 1, "this text, or one command's", {}},
      // For the completion scripts: commands, options [COMMAND], valued (the
      // options that take a value), types, actions TYPE.
      {"__complete", "WHAT [TYPE]", 1, 2, "", {}, true},
  };
  return commands;
}

const Command* findCommand(std::string_view name) {
  for (const auto& command : commandTable()) {
    if (command.name == name) return &command;
  }
  return nullptr;
}

constexpr Group kGroups[] = {Group::Common, Group::Source,  Group::ShowToken, Group::Call,
                             Group::Paging, Group::Request, Group::Output};

const po::options_description& everyOption() {
  static const po::options_description all = [] {
    po::options_description options;
    for (const Group group : kGroups) options.add(describeGroup(group));
    return options;
  }();
  return all;
}

// The options of `groups`, as one list.
po::options_description optionsOf(const std::vector<Group>& groups) {
  po::options_description options;
  for (const Group group : groups) {
    const auto described = describeGroup(group);
    for (const auto& option : described.options()) options.add(option);
  }
  return options;
}

bool offers(const Command& command, Group group) {
  return group == Group::Common ||
         std::find(command.groups.begin(), command.groups.end(), group) != command.groups.end();
}

Group groupOf(const std::string& name) {
  for (const Group group : kGroups) {
    if (describeGroup(group).find_nothrow(name, false) != nullptr) return group;
  }
  return Group::Common;
}

// "call and request" for the commands that offer `group`.
std::string commandsOffering(Group group) {
  std::vector<std::string> names;
  for (const auto& command : commandTable()) {
    if (!command.hidden && offers(command, group)) names.emplace_back(command.name);
  }
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i) {
    text += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
  }
  return text;
}

std::string hintFor(const std::string& command) {
  return command.empty() ? "b44-connectors --help lists the commands and options"
                         : "b44-connectors " + command + " --help shows its usage and options";
}

// ---- values ----

// NAME=VALUE. Not quoted back in the error either: a value may be a secret.
NameValue splitNameValue(const std::string& option, const std::string& text) {
  const auto equals = text.find('=');
  if (equals == std::string::npos || equals == 0) {
    throw UsageError(option + " takes NAME=VALUE (one of them has no name or no '=')");
  }
  return {text.substr(0, equals), text.substr(equals + 1)};
}

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return std::string(text.substr(first, text.find_last_not_of(" \t") - first + 1));
}

// "Name: value". The line is not quoted back in the error: it may hold a token.
NameValue splitHeader(const std::string& line) {
  const auto colon = line.find(':');
  std::string name = trim(std::string_view(line).substr(0, colon));
  if (colon == std::string::npos || name.empty()) {
    throw UsageError("--header takes 'Name: value' (one of them has no name or no ':')");
  }
  return {std::move(name), trim(std::string_view(line).substr(colon + 1))};
}

std::size_t parsePageCount(const std::string& text) {
  std::size_t count = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, count);
  if (error != std::errc() || stop != end || count == 0) {
    throw UsageError("--max-pages takes a whole number above 0, not '" + text + "'");
  }
  return count;
}

std::vector<NameValue> pairs(const CommandLine& line, const char* name) {
  std::vector<NameValue> found;
  for (const auto& text : line.values(name)) {
    found.push_back(std::string_view(name) == "header"
                        ? splitHeader(text)
                        : splitNameValue("--" + std::string(name), text));
  }
  return found;
}

void readRequestArgs(const CommandLine& line, RequestArgs& into) {
  into.query = pairs(line, "query");
  into.headers = pairs(line, "header");
  into.form = pairs(line, "form");
  into.data = line.value("data");
  into.dataBinary = line.value("data-binary");
  into.contentType = line.value("content-type");
  into.host = line.value("host").value_or("");
  into.output = line.value("output");
  if (const auto pages = line.value("max-pages")) into.maxPages = parsePageCount(*pages);
  into.paginate = line.has("paginate");
  into.ndjson = line.has("ndjson");
  into.include = line.has("include");
  into.retrySafe = line.has("retry-safe");
}

// Every option given is one `command` offers.
void checkOffered(const CommandLine& line, const Command& command) {
  for (const auto& option : line.given()) {
    const Group group = groupOf(option.name);
    if (!offers(command, group)) {
      throw UsageError("--" + option.name + " goes with " + commandsOffering(group) +
                       ", not with " + std::string(command.name));
    }
  }
}

void checkOperands(const Options& options, const Command& command) {
  const auto count = options.positional.size();
  std::vector<std::string> names;
  std::istringstream words{std::string(command.operands)};
  for (std::string word; words >> word;) names.push_back(word);
  const std::string shape =
      std::string(command.name) + " takes " +
      (command.operands.empty() ? std::string("no arguments") : std::string(command.operands));
  if (count < command.minOperands) {
    std::string missing;
    for (std::size_t i = count; i < command.minOperands; ++i) missing += " " + names[i];
    throw UsageError(shape + " (missing" + missing + ")");
  }
  if (count > command.maxOperands) {
    std::string extra;
    for (std::size_t i = command.maxOperands; i < count; ++i) {
      extra += " '" + options.positional[i] + "'";
    }
    throw UsageError(shape + "; extra argument" + (count - command.maxOperands > 1 ? "s" : "") +
                     ":" + extra);
  }
}

Options fromLine(const CommandLine& line) {
  Options options;
  options.json = line.has("json");
  options.strict = line.has("strict");
  options.quiet = line.has("quiet");
  options.allPages = line.has("all-pages");
  options.proxy = line.has("proxy");
  options.showToken = line.has("show-token");
  options.pluginPaths = line.values("plugin-path");
  options.args = line.value("args");
  if (const auto timeout = line.value("timeout")) {
    try {
      options.timeout = parseSeconds("--timeout", *timeout);
    } catch (const InvalidArgumentError& e) {
      throw UsageError(e.what());
    }
  }
  const auto workspace = line.value("workspace");
  const auto appUser = line.value("app-user");
  if (workspace && appUser) throw UsageError("give one of --workspace and --app-user");
  if (workspace) options.source = ConnectionSource::workspace(*workspace);
  if (appUser) options.source = ConnectionSource::appUser(*appUser);
  readRequestArgs(line, options.request);
  return options;
}

// An unknown option, with the closest the command takes, else the closest
// any command takes and which commands take it.
UsageError unknownOptionOf(const std::string& given, const std::string& command) {
  UsageError error = unknownOption(given, commandOptionNames(command));
  if (command.empty() || !didYouMean(given, commandOptionNames(command)).empty()) return error;
  const std::string guess = plugin::closestMatch(given, optionNames(everyOption()));
  if (guess.empty()) return error;
  return UsageError("unknown option " + given + " (did you mean '" + guess + "'? it goes with " +
                    commandsOffering(groupOf(guess.substr(2))) + ")");
}

}  // namespace

Client makeClient(const Options& options) {
  ClientOptions base;
  if (options.timeout) {
    base.retry.callDeadline = *options.timeout;
  } else if (const char* fromEnvironment = std::getenv("B44_TIMEOUT");
             fromEnvironment != nullptr && *fromEnvironment != '\0') {
    base.retry.callDeadline = parseSeconds("B44_TIMEOUT", fromEnvironment);
  }
  return Client::fromEnvironment(base);
}

Options parseOptions(const std::vector<std::string>& args) {
  const CommandLine line = [&] {
    try {
      return CommandLine(args, everyOption());
    } catch (UsageError& error) {
      error.suggest(hintFor(""));
      throw;
    }
  }();
  const auto& operands = line.operands();
  const std::string name = operands.empty() ? "" : operands.front();
  const Command* command = findCommand(name);
  try {
    if (!line.unknown().empty()) {
      throw unknownOptionOf(line.unknown().front(), command != nullptr ? name : "");
    }
    Options options;
    if (line.has("version")) {
      options.version = true;
      return options;
    }
    if (command == nullptr && !name.empty()) {
      throw UsageError("unknown command '" + name + "'" + didYouMean(name, commandNames()),
                       hintFor(""));
    }
    if (command != nullptr) checkOffered(line, *command);
    options = fromLine(line);
    options.command = name;
    if (!operands.empty()) options.positional.assign(operands.begin() + 1, operands.end());
    if (line.has("help") || name == "help") {
      // `help COMMAND`, `COMMAND --help`, `help --help` (help's own).
      options.helpFor = name;
      if (name == "help") {
        options.helpFor = !options.positional.empty() ? options.positional[0]
                          : line.has("help")          ? name
                                                      : "";
      }
      options.command = "help";
      if (!options.helpFor.empty() &&
          (findCommand(options.helpFor) == nullptr || findCommand(options.helpFor)->hidden)) {
        throw UsageError("no command '" + options.helpFor + "'" +
                         didYouMean(options.helpFor, commandNames()));
      }
    }
    if (command != nullptr && options.command != "help") checkOperands(options, *command);
    return options;
  } catch (UsageError& error) {
    error.suggest(hintFor(command != nullptr && !command->hidden ? name : ""));
    throw;
  }
}

std::vector<std::string> commandNames() {
  std::vector<std::string> names;
  for (const auto& command : commandTable()) {
    if (!command.hidden) names.emplace_back(command.name);
  }
  return names;
}

std::vector<std::string> commandOptionNames(const std::string& name) {
  const Command* command = findCommand(name);
  if (command == nullptr) return optionNames(everyOption());
  std::vector<Group> groups = command->groups;
  groups.push_back(Group::Common);
  return optionNames(optionsOf(groups));
}

std::vector<std::string> valuedOptionNames() { return valuedOptionNames(everyOption()); }

namespace {

constexpr const char* kEnvironmentAndExitCodes = R"(
Environment: BASE44_APP_ID, BASE44_SERVICE_TOKEN, BASE44_API_URL,
BASE44_USER_TOKEN, B44_CONNECT_TO (loopback only), B44_PLUGIN_PATH,
B44_TIMEOUT, B44_PROGRESS (auto, always or never), B44_LOG=debug.

Exit codes: 0 ok, 1 other failure, 2 usage or invalid input, 3 Base44 error,
4 service error (request: its body still printed), 5 network or malformed
answer, 6 adapter load failure (--strict).
)";

// "  name OPERANDS    summary", the summary's further lines aligned under it.
std::string commandLine(const Command& command) {
  std::string head = "  " + std::string(command.name);
  if (!command.operands.empty()) head += " " + std::string(command.operands);
  std::ostringstream text;
  text << std::left << std::setw(33) << head;
  if (head.size() >= 33) text << '\n' << std::string(33, ' ');
  for (const char c : command.summary) {
    text << c;
    if (c == '\n') text << std::string(33, ' ');
  }
  text << '\n';
  return text.str();
}

}  // namespace

std::string usageText() {
  std::string text = "usage: b44-connectors [options] <command> [arguments]\n\nCommands:\n";
  for (const auto& command : commandTable()) {
    if (!command.hidden) text += commandLine(command);
  }
  text += "\nOptions of every command:\n" + formatOptions(describeGroup(Group::Common));
  for (const Group group : kGroups) {
    if (group == Group::Common) continue;
    text += "\n" + commandsOffering(group) + ":\n" + formatOptions(describeGroup(group));
  }
  text += "\nb44-connectors COMMAND --help shows one command's usage and options.\n";
  return text + kEnvironmentAndExitCodes;
}

std::string commandUsageText(const std::string& name) {
  const Command* command = findCommand(name);
  if (command == nullptr || command->hidden) return {};
  std::string text = "usage: b44-connectors " + name +
                     (command->operands.empty() ? "" : " " + std::string(command->operands)) +
                     " [options]\n\n";
  std::string summary(command->summary);
  std::replace(summary.begin(), summary.end(), '\n', ' ');
  text += summary + "\n";
  if (!command->groups.empty()) text += "\nOptions:\n" + formatOptions(optionsOf(command->groups));
  text += "\nOptions of every command:\n" + formatOptions(describeGroup(Group::Common));
  return text + kEnvironmentAndExitCodes;
}

}  // namespace b44::cli
