// b44-emulator: runs the Base44 emulator until SIGINT/SIGTERM.
//
// When both servers listen it prints one line to stdout,
//   {"base44_url":"http://127.0.0.1:P1","sandbox_url":"http://127.0.0.1:P2"}
// which scripts read to synchronise. It never prints a token.
#include <b44/emulator.hpp>
#include <b44/errors.hpp>
#include <b44/plugin/manifest.hpp>
#include <b44/registry.hpp>
#include <b44/version.hpp>

#include <boost/program_options/options_description.hpp>

#include "command_line.hpp"

#include <pthread.h>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace po = boost::program_options;

using b44::cli::UsageError;

po::options_description describeOptions() {
  return b44::cli::describeOptions({
      {"connections", "FILE", "the connections document (app id, service token, connections)"},
      {"host", "ADDRESS", "loopback address to listen on (default 127.0.0.1)"},
      {"port", "N", "port of the Base44 side (default 0: any free port)"},
      {"sandbox-port", "N", "port of the sandbox side (default 0: any free port)"},
      {"routes", "PATH",
       "a route file or a directory of *.json route files; repeatable (default: the installed "
       "share/b44/sandbox)",
       true},
      {"record", "FILE", "append every sandbox request to FILE as JSON Lines"},
      {"record-credentials", nullptr, "write credential headers unredacted to the record file"},
      {"faults", "FILE",
       "fault rules (JSON, see README \"Faults\"); each fault that fires is reported on stderr"},
      {"plugin-path", "DIR",
       "an extra adapter directory for callApi; repeatable (the registry's search path is "
       "always loaded)",
       true},
      {"idle-timeout", "MS",
       "drop a connection that stays silent this long while a request's headers or body are "
       "expected (default 5000)"},
      {"request-timeout", "MS",
       "drop a connection whose request has not arrived whole this long after it began "
       "(default 15000)"},
      {"help,h", nullptr, "show this help"},
      {"version", nullptr, "show the version and the plugin ABI it loads"},
  });
}

std::string usageText() {
  return "usage: b44-emulator --connections FILE [options]\n\n"
         "Runs a local Base44 connectors API and an upstream-service sandbox on loopback.\n\n" +
         b44::cli::formatOptions(describeOptions()) +
         "\nWhen both servers listen, one JSON line with base44_url and sandbox_url is\n"
         "printed to stdout. Stop with SIGINT or SIGTERM.\n";
}

struct Arguments {
  std::string connections;
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  std::uint16_t sandboxPort = 0;
  std::vector<std::string> routes;
  std::string record;
  bool recordCredentials = false;
  std::string faults;
  std::vector<std::string> pluginPaths;
  std::optional<std::chrono::milliseconds> idleTimeout;
  std::optional<std::chrono::milliseconds> requestTimeout;
  bool help = false;
  bool version = false;
};

std::uint16_t parsePort(std::string_view option, std::string_view text) {
  unsigned value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value > 65535) {
    throw UsageError(std::string(option) + " needs a port number (0-65535), not '" +
                     std::string(text) + "'");
  }
  return static_cast<std::uint16_t>(value);
}

std::chrono::milliseconds parseMilliseconds(std::string_view option, std::string_view text) {
  unsigned long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value == 0 || value > 3'600'000) {
    throw UsageError(std::string(option) + " needs milliseconds (1-3600000), not '" +
                     std::string(text) + "'");
  }
  return std::chrono::milliseconds(value);
}

Arguments parseArguments(int argc, char** argv) {
  const auto options = describeOptions();
  const b44::cli::CommandLine line(std::vector<std::string>(argv + 1, argv + argc), options);
  if (!line.unknown().empty()) {
    throw b44::cli::unknownOption(line.unknown().front(), b44::cli::optionNames(options));
  }
  if (!line.operands().empty()) {
    throw UsageError("unexpected argument '" + line.operands().front() +
                     "' (every setting is an option)");
  }
  Arguments args;
  args.help = line.has("help");
  args.version = line.has("version");
  args.connections = line.value("connections").value_or("");
  args.host = line.value("host").value_or(args.host);
  if (const auto port = line.value("port")) args.port = parsePort("--port", *port);
  if (const auto port = line.value("sandbox-port")) {
    args.sandboxPort = parsePort("--sandbox-port", *port);
  }
  args.routes = line.values("routes");
  args.record = line.value("record").value_or("");
  args.recordCredentials = line.has("record-credentials");
  args.faults = line.value("faults").value_or("");
  args.pluginPaths = line.values("plugin-path");
  if (const auto idle = line.value("idle-timeout")) {
    args.idleTimeout = parseMilliseconds("--idle-timeout", *idle);
  }
  if (const auto whole = line.value("request-timeout")) {
    args.requestTimeout = parseMilliseconds("--request-timeout", *whole);
  }
  if (!args.help && !args.version && args.connections.empty())
    throw UsageError("--connections FILE is required");
  return args;
}

void printDiagnostics(const std::vector<b44::LoadDiagnostic>& diagnostics) {
  for (const auto& diagnostic : diagnostics) {
    std::cerr << "b44-emulator: adapter " << diagnostic.path << ": " << diagnostic.reason << '\n';
  }
}

}  // namespace

int main(int argc, char** argv) {
  // Block the stop signals before any thread starts: every server thread
  // inherits the mask, and the main thread receives them with sigwait.
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGINT);
  sigaddset(&stopSignals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

  Arguments args;
  try {
    args = parseArguments(argc, argv);
  } catch (const UsageError& error) {
    std::cerr << "b44-emulator: " << error.what() << "\n(see b44-emulator --help)\n";
    return 2;
  }
  if (args.version) {
    // The library's version (b44::version(), at run time) and the plugin ABI
    // number an adapter's manifest must carry to be loaded.
    std::cout << "b44-emulator " << b44::version() << " (plugin ABI " << b44::plugin::kAbiVersion
              << ")\n";
    return 0;
  }
  if (args.help) {
    std::cout << usageText();
    return 0;
  }

  b44::Registry registry;
  std::optional<b44::emulator::Emulator> emulator;
  try {
    b44::emulator::EmulatorOptions options;
    options.host = args.host;
    options.base44Port = args.port;
    options.sandboxPort = args.sandboxPort;
    options.connections = b44::emulator::loadConnectionsFile(args.connections);
    if (args.routes.empty()) {
      const auto directory = b44::emulator::defaultRouteDirectory();
      if (std::filesystem::is_directory(directory)) {
        options.routeFiles.push_back(directory);
      } else {
        std::cerr << "b44-emulator: no route directory at " << directory.string()
                  << "; every sandbox request will answer 404\n";
      }
    } else {
      options.routeFiles.assign(args.routes.begin(), args.routes.end());
    }
    options.recordFile = args.record;
    options.recordCredentials = args.recordCredentials;
    if (args.idleTimeout) options.idleTimeout = *args.idleTimeout;
    if (args.requestTimeout) options.requestTimeout = *args.requestTimeout;
    if (!args.faults.empty()) options.faults = b44::emulator::loadFaultsFile(args.faults);
    // Faults fire only once the emulator runs, so `emulator` is set by then.
    options.onFault = [&emulator](const b44::emulator::FiredFault& fired) {
      // One line per fault; a client may have put a token in the URL.
      const nlohmann::json line = {
          {"fault", fired.rule},
          {"kind", b44::emulator::toString(fired.kind)},
          {"side", fired.side == b44::emulator::FaultSide::Base44 ? "base44" : "sandbox"},
          {"method", fired.method},
          {"url", emulator->redact(fired.url)}};
      std::cerr << "b44-emulator: fault " +
                       line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"
                << std::flush;
    };

    printDiagnostics(registry.loadSearchPath());
    for (const auto& directory : args.pluginPaths) {
      printDiagnostics(registry.loadDirectory(directory));
    }
    options.adapterLookup =
        [&registry](std::string_view type) -> std::shared_ptr<const b44::plugin::Adapter> {
      if (!registry.contains(type)) return nullptr;
      return registry.adapter(type);
    };
    emulator.emplace(std::move(options));
  } catch (const b44::InvalidArgumentError& error) {
    std::cerr << "b44-emulator: " << error.what() << '\n';
    return 2;
  } catch (const std::exception& error) {
    std::cerr << "b44-emulator: " << error.what() << '\n';
    return 1;
  }

  try {
    emulator->start();
  } catch (const std::exception& error) {
    std::cerr << "b44-emulator: " << error.what() << '\n';
    return 1;
  }
  const nlohmann::json ready = {{"base44_url", emulator->base44Url()},
                                {"sandbox_url", emulator->sandboxUrl()}};
  std::cout << ready.dump() << std::endl;  // endl: flushed, scripts wait for it

  int received = 0;
  sigwait(&stopSignals, &received);
  emulator->stop();
  return 0;
}
