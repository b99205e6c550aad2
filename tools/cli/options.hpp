#pragma once
// The parsed command line of b44-connectors, shared by its commands.
#include <b44/client.hpp>
#include <b44/connectors.hpp>
#include <b44/service_client.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace b44::cli {

// A mistake on the command line (exit kUsage).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using NameValue = std::pair<std::string, std::string>;

// The options of `request` (tools/cli/request_command.hpp).
struct RequestArgs {
  std::string firstOption;  // the first one given, named when another command gets it
  std::vector<NameValue> query;
  std::vector<NameValue> headers;         // from "Name: value"
  std::optional<std::string> data;        // JSON text, or @FILE
  std::optional<std::string> dataBinary;  // @FILE
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

struct Options {
  std::string command;
  std::vector<std::string> positional;
  bool json = false;
  bool strict = false;
  bool allPages = false;
  bool proxy = false;
  bool showToken = false;
  bool version = false;  // --version: print it and exit
  std::vector<std::string> pluginPaths;
  std::optional<std::string> args;
  std::optional<ConnectionSource> source;
  // The call deadline (--timeout, else B44_TIMEOUT, else the client's default).
  std::optional<std::chrono::milliseconds> timeout;
  RequestArgs request;
};

// The client for the commands: the environment's, with the options' deadline.
Client makeClient(const Options& options);

// The command line, parsed (UsageError for a mistake in it).
Options parseOptions(const std::vector<std::string>& args);

// The connection source and route the options ask for.
inline ServiceOptions serviceOptions(const Options& options) {
  ServiceOptions service;
  service.source = options.source;
  service.route = options.proxy ? Route::Base44Proxy : Route::Direct;
  if (options.request.maxPages) service.maxPages = *options.request.maxPages;
  return service;
}

}  // namespace b44::cli
