#include "cli.hpp"

#include "failure.hpp"
#include "input.hpp"
#include "json_text.hpp"
#include "options.hpp"
#include "output_file.hpp"
#include "progress.hpp"
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
#include <sstream>

namespace b44::cli {
namespace {

// A load failure: a warning (one JSON line with --json), with a hint for a
// directory that is not there.
void warnLoadFailure(const Options& options, std::ostream& err, const LoadDiagnostic& failure) {
  const bool missingDirectory = failure.reason == "is not a directory";
  const std::string hint =
      missingDirectory ? "check --plugin-path and B44_PLUGIN_PATH (directories of adapters)" : "";
  if (options.json) {
    nlohmann::json warning = {
        {"kind", "plugin"}, {"path", failure.path}, {"message", failure.reason}};
    if (!hint.empty()) warning["hint"] = hint;
    err << dumped({{"warning", warning}}, -1);
    return;
  }
  err << "b44-connectors: warning: " << failure.path << ": " << failure.reason << '\n';
  if (!hint.empty()) err << "hint: " << hint << '\n';
}

[[noreturn]] void strictFailure() {
  throw CommandFailure({"plugin", kPluginError, "an adapter library failed to load (--strict)",
                        "see the warnings above; an adapter must be built for this version "
                        "(b44-connectors --version)",
                        nlohmann::json::object()});
}

void loadAdapters(Registry& registry, const Options& options, std::ostream& err) {
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
    warnLoadFailure(options, err, failure);
    if (options.strict) strictFailure();
  }
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
    warnLoadFailure(options, err, *failure);
    if (options.strict) strictFailure();
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

int call(const Registry& registry, const Options& options, std::istream& in, std::ostream& out,
         std::ostream& err) {
  nlohmann::json args = nlohmann::json::object();
  if (options.args) args = parseJsonOperand("--args", *options.args, in);
  if (options.request.maxPages && !options.allPages) {
    throw UsageError("--max-pages goes with call --all-pages or request --paginate");
  }
  const auto service =
      registry.service(options.positional[0], makeClient(options), serviceOptions(options));
  const auto& action = options.positional[1];
  // The action's secret arguments (a webhook token) are printed as "****",
  // also where the answer echoes them.
  const auto shown = [secrets =
                          service.spec().secretArguments(action, args)](nlohmann::json value) {
    redactJson(value, {secrets.begin(), secrets.end()});
    return value.dump(2);
  };
  if (options.request.output) {
    const auto* declared = service.spec().findAction(action);
    if (declared != nullptr && !declared->download) {
      throw UsageError(
          "--output goes with a download action (describe shows \"download\": "
          "true); " +
          service.integrationType() + "." + action + " answers JSON");
    }
    if (options.allPages) throw UsageError("--output does not go with --all-pages");
    // Opened first, so an unwritable path fails before anything is sent.
    OutputFile file(*options.request.output);
    const Download download = service.download(
        action, args, {.sink = [&file](std::string_view chunk) { file.write(chunk); }});
    file.keep();
    nlohmann::json written = {{"content_type", download.contentType},
                              {"size", download.size},
                              {"output", *options.request.output}};
    if (!download.fileName.empty()) written["file_name"] = download.fileName;
    out << written.dump(2) << '\n';
    return kOk;
  }
  if (!options.allPages) {
    out << shown(service.invoke(action, args)) << '\n';
    return kOk;
  }
  auto pager = service.pages(action, args);
  auto items = nlohmann::json::array();
  {
    Progress progress(err, progressShown(options.quiet));
    while (pager.hasNext()) {
      auto page = pager.nextPage();
      progress.page(page.items.size());
      for (auto& item : page.items) items.push_back(std::move(item));
    }
  }
  out << shown(std::move(items)) << '\n';
  return kOk;
}

// For the completion scripts, one name a line: commands, options [COMMAND],
// valued (the options that take a value), types (of the loaded adapters),
// actions TYPE.
int complete(const Options& options, std::ostream& out) {
  const std::string& what = options.positional[0];
  const std::string argument = options.positional.size() > 1 ? options.positional[1] : "";
  std::vector<std::string> names;
  if (what == "commands") {
    names = commandNames();
  } else if (what == "options") {
    names = commandOptionNames(argument);
  } else if (what == "valued") {
    names = valuedOptionNames();
  } else if (what == "types" || what == "actions") {
    Registry registry;
    std::ostringstream ignored;  // completion shows no warnings
    loadAdapters(registry, options, ignored);
    if (what == "types") {
      for (const auto& loaded : registry.available()) names.push_back(loaded.integrationType);
    } else {
      for (const auto& action : registry.spec(argument)->actions) names.push_back(action.name);
    }
  } else {
    throw UsageError("__complete takes commands, options [COMMAND], valued, types or actions TYPE");
  }
  for (const auto& name : names) out << name << '\n';
  return kOk;
}

int help(const Options& options, std::ostream& out) {
  out << (options.helpFor.empty() ? usageText() : commandUsageText(options.helpFor));
  return kOk;
}

int dispatch(const Options& options, std::istream& in, std::ostream& out, std::ostream& err) {
  if (options.version) {
    // The library's version (b44::version(), at run time) and the plugin ABI
    // number an adapter's manifest must carry to be loaded.
    out << "b44-connectors " << version() << " (plugin ABI " << plugin::kAbiVersion << ")\n";
    return kOk;
  }
  if (options.command.empty()) {
    err << usageText();
    return kUsage;
  }
  if (options.command == "help") return help(options, out);
  if (options.command == "get-connection") return getConnection(options, out);
  if (options.command == "connect-app-user" || options.command == "disconnect-app-user") {
    return appUserCommand(options, out);
  }
  if (options.command == "__complete") return complete(options, out);
  Registry registry;
  loadAdapters(registry, options, err);
  if (options.command == "list-available") return listAvailable(registry, options, out, err);
  if (options.command == "describe") return describe(registry, options, out);
  if (options.command == "call") return call(registry, options, in, out, err);
  return requestCommand(registry, options, in, out, err);
}

// --json asked for, on a command line that may not parse.
bool asksForJson(const std::vector<std::string>& args) {
  for (const auto& arg : args) {
    if (arg == "--") return false;
    if (arg == "--json") return true;
  }
  return false;
}

}  // namespace

int run(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
        std::ostream& err) {
  std::optional<Options> options;
  try {
    options = parseOptions(args);
    return dispatch(*options, in, out, err);
  } catch (...) {
    const Failure failure = currentFailure(options ? &*options : nullptr);
    printFailure(failure, options ? options->json : asksForJson(args), err);
    return failure.exitCode;
  }
}

}  // namespace b44::cli
