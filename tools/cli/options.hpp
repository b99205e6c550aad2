#pragma once
// The command line of b44-connectors: its commands, their options, and the
// parsed result the commands share.
#include "command_line.hpp"

#include <b44/client.hpp>
#include <b44/connectors.hpp>
#include <b44/service_client.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace b44::cli {

using NameValue = std::pair<std::string, std::string>;

// The options of `request` (tools/cli/request_command.hpp).
struct RequestArgs {
  std::vector<NameValue> query;
  std::vector<NameValue> headers;         // from "Name: value"
  std::optional<std::string> data;        // JSON text, @FILE or - (stdin)
  std::optional<std::string> dataBinary;  // @FILE or - (stdin)
  std::optional<std::string> contentType;
  std::vector<NameValue> form;
  std::string host;
  std::optional<std::string> output;
  std::optional<std::size_t> maxPages;
  bool paginate = false;
  bool ndjson = false;
  bool include = false;
  bool retrySafe = false;
};

// The command line as the commands read it.
struct Options {
  // The command; "help" for --help or `help`; empty when none was given.
  std::string command;
  // With "help": the command whose help to show (empty: the general one).
  std::string helpFor;
  std::vector<std::string> positional;
  bool json = false;
  bool strict = false;
  bool allPages = false;
  bool proxy = false;
  bool showToken = false;
  bool quiet = false;    // no progress on stderr
  bool version = false;  // --version: print it and exit
  std::vector<std::string> pluginPaths;
  std::optional<std::string> args;  // JSON text, @FILE or - (stdin)
  std::optional<ConnectionSource> source;
  // The call deadline (--timeout, else B44_TIMEOUT, else the client's default).
  std::optional<std::chrono::milliseconds> timeout;
  RequestArgs request;
};

// The client for the commands: the environment's, with the options' deadline.
Client makeClient(const Options& options);

// The command line, parsed (UsageError for a mistake in it, with a hint).
Options parseOptions(const std::vector<std::string>& args);

// The general usage text (--help), made from the tables of commands and options.
std::string usageText();
// One command's usage and options (`COMMAND --help`); empty for an unknown one.
std::string commandUsageText(const std::string& command);
// The commands a user may give (not the hidden ones), in the order of --help.
std::vector<std::string> commandNames();
// "--name" of every option `command` takes (every option for an empty one).
std::vector<std::string> commandOptionNames(const std::string& command);
// "--name" of every option that takes a value.
std::vector<std::string> valuedOptionNames();

// The connection source and route the options ask for.
inline ServiceOptions serviceOptions(const Options& options) {
  ServiceOptions service;
  service.source = options.source;
  service.route = options.proxy ? Route::Base44Proxy : Route::Direct;
  if (options.request.maxPages) service.maxPages = *options.request.maxPages;
  return service;
}

}  // namespace b44::cli
