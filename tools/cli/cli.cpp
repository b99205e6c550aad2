#include "cli.hpp"

#include "options.hpp"
#include "request_command.hpp"

#include <b44/errors.hpp>
#include <b44/json.hpp>
#include <b44/plugin/manifest.hpp>
#include <b44/registry.hpp>
#include <b44/version.hpp>

#include <cstdlib>
#include <iomanip>
#include <map>
#include <optional>
#include <ostream>

namespace b44::cli {
namespace {

constexpr const char* kUsageText = R"(usage: b44-connectors [options] <command> [arguments]

Commands:
  list-available                 the integration types of the loaded adapters
  describe TYPE                  hosts, auth, config fields and actions of one type
  get-connection TYPE            the connection Base44 holds (token masked)
  connect-app-user ID            the URL where the app user (BASE44_USER_TOKEN)
                                 authorizes the connector ID
  disconnect-app-user ID         remove the app user's connection to connector ID
  call TYPE ACTION               run an action (arguments as JSON with --args)
  request TYPE METHOD PATH       send any request, PATH below the service's base
                                 URL (e.g. request slack GET /conversations.list)

Options:
  --json                         machine-readable output (request: the status,
                                 headers and body as one JSON object)
  --plugin-path DIR              also load adapters from DIR (repeatable;
                                 B44_PLUGIN_PATH is read too)
  --strict                       fail (exit 6) if any adapter library fails to load
  --workspace ID                 use the workspace connector ID
  --app-user ID                  use the current app user's connector ID
  --proxy                        call, request: send through Base44's callApi proxy
  --show-token                   get-connection: print the token unmasked
  --timeout SECONDS              the deadline of each call, retries and waits
                                 included (default 60; B44_TIMEOUT)
  -h, --help                     this text
  --version                      the version and the plugin ABI it loads

call:
  --args JSON                    the action's arguments (default {})
  --all-pages                    follow pagination, print every item
  --max-pages N                  with --all-pages: exit 5 past N pages (default 10000)

request (a JSON answer is pretty-printed, other text printed as it is):
  --query NAME=VALUE             a query parameter (repeatable, order kept)
  --header 'NAME: VALUE'         a request header (repeatable)
  --data JSON | --data @FILE     a JSON body, given or read from FILE
  --data-binary @FILE            FILE's bytes as the body, with --content-type TYPE
  --form NAME=VALUE              a form-encoded body field (repeatable)
  --host NAME                    one of the adapter's hosts (see describe)
  --retry-safe                   may be sent twice (a POST with an idempotency
                                 key); GET, HEAD, OPTIONS, PUT, DELETE always are
  --include                      the status line and headers on stderr first
  --output FILE                  the body into FILE (any bytes; a body that is
                                 not text is only written this way)
  --paginate                     follow the host's pagination, print all items
                                 as one JSON array (or with --ndjson one per line)
  --max-pages N                  with --paginate: exit 5 past N pages (default 10000)

Environment: BASE44_APP_ID, BASE44_SERVICE_TOKEN, BASE44_API_URL,
BASE44_USER_TOKEN, B44_CONNECT_TO (loopback only), B44_PLUGIN_PATH,
B44_TIMEOUT, B44_LOG=debug.

Exit codes: 0 ok, 1 other failure, 2 usage or invalid input, 3 Base44 error,
4 service error (request: its body still printed), 5 network or malformed
answer, 6 adapter load failure (--strict).
)";

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
  Options options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= args.size()) throw UsageError(arg + " needs a value");
      return args[++i];
    };
    if (arg == "--json") {
      options.json = true;
    } else if (arg == "--strict") {
      options.strict = true;
    } else if (arg == "--all-pages") {
      options.allPages = true;
    } else if (arg == "--proxy") {
      options.proxy = true;
    } else if (arg == "--show-token") {
      options.showToken = true;
    } else if (arg == "--plugin-path") {
      options.pluginPaths.push_back(value());
    } else if (arg == "--args") {
      options.args = value();
    } else if (arg == "--timeout") {
      try {
        options.timeout = parseSeconds("--timeout", value());
      } catch (const InvalidArgumentError& e) {
        throw UsageError(e.what());
      }
    } else if (arg == "--workspace") {
      options.source = ConnectionSource::workspace(value());
    } else if (arg == "--app-user") {
      options.source = ConnectionSource::appUser(value());
    } else if (parseRequestOption(arg, value, options.request)) {
      // taken into options.request
    } else if (arg == "-h" || arg == "--help") {
      options.command = "help";
    } else if (arg == "--version") {
      options.version = true;
    } else if (arg.starts_with("-")) {
      throw UsageError("unknown option " + arg);
    } else if (options.command.empty()) {
      options.command = arg;
    } else {
      options.positional.push_back(arg);
    }
  }
  return options;
}

namespace {

void expectPositional(const Options& options, std::size_t count, const char* shape) {
  if (options.positional.size() != count) {
    throw UsageError(options.command + " takes " + shape);
  }
}

void warnLoadFailure(std::ostream& err, const LoadDiagnostic& failure) {
  err << "b44-connectors: warning: " << failure.path << ": " << failure.reason << '\n';
}

int loadAdapters(Registry& registry, const Options& options, std::ostream& err) {
  auto failures = registry.loadSearchPath();
  for (const auto& directory : options.pluginPaths) {
    auto more = registry.loadDirectory(directory);
    failures.insert(failures.end(), more.begin(), more.end());
  }
  for (const auto& failure : failures) {
    // The default directory may legitimately be absent (e.g. a custom install).
    if (failure.path == Registry::defaultDirectory().string() &&
        failure.reason == "is not a directory") {
      continue;
    }
    warnLoadFailure(err, failure);
    if (options.strict) return kPluginError;
  }
  return kOk;
}

std::string requiredMark(bool required) { return required ? "required" : "optional"; }

// From the summaries the registry reads from the library files: listing parses
// no declaration and opens no library. A malformed summary, found only now,
// is a load failure like the others.
int listAvailable(const Registry& registry, const Options& options, std::ostream& out,
                  std::ostream& err) {
  const auto known = registry.diagnostics().size();
  const auto available = registry.available();
  const auto diagnostics = registry.diagnostics();
  for (auto failure = diagnostics.begin() + static_cast<std::ptrdiff_t>(known);
       failure != diagnostics.end(); ++failure) {
    warnLoadFailure(err, *failure);
    if (options.strict) return kPluginError;
  }
  if (options.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& loaded : available) list.push_back(plugin::toJson(loaded.summary));
    out << list.dump(2) << '\n';
    return kOk;
  }
  for (const auto& loaded : available) {
    const auto& summary = loaded.summary;
    // The adapter's own version (its manifest's), at least one space after it.
    out << std::left << std::setw(24) << loaded.integrationType << std::setw(24)
        << summary.displayName << std::setw(10) << (summary.version + ' ');
    std::string fields;
    for (const auto& field : summary.configFields) {
      fields +=
          (fields.empty() ? "" : ", ") + field.name + " (" + requiredMark(field.required) + ")";
    }
    out << (fields.empty() ? "" : "config: " + fields) << '\n';
  }
  return kOk;
}

int describe(const Registry& registry, const Options& options, std::ostream& out) {
  expectPositional(options, 1, "one integration type");
  // Read from the library file: describing runs no adapter code.
  const auto described = registry.spec(options.positional[0]);
  const auto& spec = *described;
  if (options.json) {
    out << plugin::toJson(spec).dump(2) << '\n';
    return kOk;
  }
  out << spec.displayName << " (" << spec.type << ")\n" << spec.description << '\n';
  if (!spec.documentationUrl.empty()) out << "Docs: " << spec.documentationUrl << '\n';
  out << "\nHosts:\n";
  for (const auto& host : spec.hosts)
    out << "  " << host.name << ": " << host.baseUrlTemplate << '\n';
  out << "Auth: " << spec.token.header << ": "
      << (spec.token.scheme.empty() ? "" : spec.token.scheme + " ") << "<token>\n";
  for (const auto& header : spec.defaultHeaders)
    out << "Header: " << header.name << ": " << header.value << '\n';
  if (!spec.configFields.empty()) out << "\nConnection config:\n";
  for (const auto& field : spec.configFields) {
    out << "  " << field.name << " (" << requiredMark(field.required) << ", e.g. " << field.example
        << "): " << field.description << '\n';
  }
  out << "\nActions:\n";
  for (const auto& action : spec.actions) {
    out << "  " << action.name << "  [" << action.method << (action.retrySafe ? ", retry-safe" : "")
        << (action.pagination ? ", paginated" : "") << "]\n    " << action.description << '\n';
    for (const auto& p : action.parameters) {
      out << "    - " << p.name << " (" << plugin::toString(p.type) << ", "
          << requiredMark(p.required) << "): " << p.description << '\n';
    }
    out << "    example: --args '" << action.example.dump() << "'\n";
  }
  return kOk;
}

int getConnection(const Options& options, std::ostream& out) {
  expectPositional(options, 1, "one integration type");
  const auto source = options.source.value_or(ConnectionSource::app(options.positional[0]));
  const Connection connection = makeClient(options).connectors().fetch(source);
  const std::string token =
      options.showToken ? connection.accessToken.reveal() : connection.accessToken.masked();
  nlohmann::json config = nullptr;
  if (connection.connectionConfig) config = *connection.connectionConfig;
  if (options.json) {
    out << nlohmann::json{{"integration_type", connection.integrationType},
                          {"access_token", token},
                          {"connection_config", config}}
               .dump(2)
        << '\n';
  } else {
    out << "integration type:  " << connection.integrationType << "\naccess token:      " << token
        << "\nconnection config: " << config.dump() << '\n';
  }
  return kOk;
}

// The app user's own calls (BASE44_USER_TOKEN, no service token).
int appUserCommand(const Options& options, std::ostream& out) {
  expectPositional(options, 1, "one connector id");
  const auto& connectorId = options.positional[0];
  const auto connectors = makeClient(options).connectors();
  if (options.command == "connect-app-user") {
    const std::string url = connectors.connectAppUser(connectorId);
    if (options.json) {
      out << nlohmann::json{{"redirect_url", url}}.dump(2) << '\n';
    } else {
      out << url << '\n';
    }
    return kOk;
  }
  connectors.disconnectAppUser(connectorId);
  if (options.json) {
    out << nlohmann::json{{"disconnected", connectorId}}.dump(2) << '\n';
  } else {
    out << "disconnected the app user from connector " << connectorId << '\n';
  }
  return kOk;
}

int call(const Registry& registry, const Options& options, std::ostream& out) {
  expectPositional(options, 2, "an integration type and an action");
  nlohmann::json args = nlohmann::json::object();
  if (options.args) {
    if (jsonDeeperThan(*options.args, kDefaultMaxJsonDepth)) {
      throw UsageError("--args nests deeper than " + std::to_string(kDefaultMaxJsonDepth) +
                       " levels");
    }
    args = nlohmann::json::parse(*options.args, nullptr, false);
    if (args.is_discarded()) throw UsageError("--args is not valid JSON");
  }
  if (options.request.maxPages && !options.allPages) {
    throw UsageError("--max-pages goes with call --all-pages or request --paginate");
  }
  const auto service =
      registry.service(options.positional[0], makeClient(options), serviceOptions(options));
  const auto& action = options.positional[1];
  if (options.allPages) {
    out << service.pages(action, args).all().dump(2) << '\n';
  } else {
    out << service.invoke(action, args).dump(2) << '\n';
  }
  return kOk;
}

}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  try {
    const Options options = parseOptions(args);
    if (options.version) {
      // The library's version (b44::version(), at run time) and the plugin ABI
      // number an adapter's manifest must carry to be loaded.
      out << "b44-connectors " << version() << " (plugin ABI " << plugin::kAbiVersion << ")\n";
      return kOk;
    }
    if (options.command.empty() || options.command == "help") {
      (options.command.empty() ? err : out) << kUsageText;
      return options.command.empty() ? kUsage : kOk;
    }
    if (!options.request.firstOption.empty() && options.command != "request") {
      throw UsageError(options.request.firstOption + " goes with request only");
    }
    if (options.command == "get-connection") return getConnection(options, out);
    if (options.command == "connect-app-user" || options.command == "disconnect-app-user") {
      return appUserCommand(options, out);
    }
    Registry registry;
    if (const int code = loadAdapters(registry, options, err); code != kOk) return code;
    if (options.command == "list-available") return listAvailable(registry, options, out, err);
    if (options.command == "describe") return describe(registry, options, out);
    if (options.command == "call") return call(registry, options, out);
    if (options.command == "request") return requestCommand(registry, options, out, err);
    throw UsageError("unknown command '" + options.command + "' (see --help)");
  } catch (const UsageError& e) {
    err << "b44-connectors: " << e.what() << '\n';
    return kUsage;
  } catch (const InvalidArgumentError& e) {
    err << "b44-connectors: invalid input: " << e.what() << '\n';
    return kUsage;
  } catch (const Base44Error& e) {
    err << "b44-connectors: " << e.what() << '\n';
    return kBase44Error;
  } catch (const ServiceError& e) {
    err << "b44-connectors: " << e.what() << '\n';
    return kServiceError;
  } catch (const TransportError& e) {
    err << "b44-connectors: network error: " << e.what() << '\n';
    return kNetworkError;
  } catch (const ProtocolError& e) {
    err << "b44-connectors: malformed answer: " << e.what() << '\n';
    return kNetworkError;
  } catch (const std::exception& e) {
    err << "b44-connectors: error: " << e.what() << '\n';
    return kFailure;
  }
}

}  // namespace b44::cli
