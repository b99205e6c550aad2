#include "failure.hpp"

#include "cli.hpp"
#include "command_line.hpp"
#include "json_text.hpp"
#include "options.hpp"

#include <b44/errors.hpp>
#include <b44/http.hpp>

#include <cstdlib>
#include <exception>
#include <functional>
#include <map>
#include <ostream>
#include <string_view>

namespace b44::cli {
namespace {

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

std::string operand(const Options* options, std::size_t index, const char* fallback) {
  if (options == nullptr || options->positional.size() <= index) return fallback;
  return options->positional[index];
}

bool appUserCommand(const Options* options) {
  return options != nullptr &&
         (options->command == "connect-app-user" || options->command == "disconnect-app-user");
}

std::string invalidInputHint(const InvalidArgumentError& error, const Options* options) {
  const std::string& field = error.field();
  const std::string type = operand(options, 0, "TYPE");
  if (field == "BASE44_APP_ID") {
    return "set the app's id: export BASE44_APP_ID=<app id> (the Base44 dashboard shows it)";
  }
  if (field == "serviceToken") {
    return "set a service token of the app: export BASE44_SERVICE_TOKEN=<token>";
  }
  if (field == "userToken") return "set the app user's token: export BASE44_USER_TOKEN=<token>";
  if (field == "integrationType") {
    return "b44-connectors list-available shows the loaded types; adapters elsewhere load with "
           "--plugin-path DIR or B44_PLUGIN_PATH";
  }
  if (field == "action") return "b44-connectors describe " + type + " lists its actions";
  if (field.starts_with("args")) {
    return "b44-connectors describe " + type + " shows each action's parameters and an example";
  }
  if (field == "connectTo")
    return "B44_CONNECT_TO takes a loopback origin (the emulator's sandbox)";
  if (field == "serverUrl") return "BASE44_API_URL takes an origin such as https://base44.app";
  return {};
}

std::string base44Hint(const Base44Error& error, const Options* options) {
  if (error.status() == 401 || error.status() == 403) {
    return appUserCommand(options)
               ? "check BASE44_USER_TOKEN: Base44 did not accept the app user's token"
               : "check BASE44_SERVICE_TOKEN (and BASE44_APP_ID): Base44 did not accept the "
                 "service token";
  }
  if (error.status() == 404) {
    return "check BASE44_APP_ID, and that the app has this connector connected";
  }
  return {};
}

std::string serviceHint(const ServiceError& error) {
  if (const auto* limited = dynamic_cast<const RateLimitError*>(&error);
      limited != nullptr && limited->retryAfter()) {
    return "the service asks to wait " + humanDuration(*limited->retryAfter()) +
           " before the next call";
  }
  if (error.status() == 401) {
    return "the service refused the token: reconnect " + error.integrationType() +
           " in the app's Base44 dashboard";
  }
  return {};
}

// Whether BASE44_API_URL points at this machine (the emulator, usually).
bool apiIsLoopback() {
  const std::string api = environment("BASE44_API_URL");
  if (api.empty()) return false;
  try {
    return isLoopbackHost(splitUrl(api).host);
  } catch (const InvalidArgumentError&) {
    return false;  // not a URL: the client reports that itself
  }
}

std::string networkHint(const TransportError& error) {
  const bool local = !environment("B44_CONNECT_TO").empty() || apiIsLoopback();
  if (local && error.kind() != TransportError::Kind::Timeout) {
    return "is b44-emulator running? BASE44_API_URL and B44_CONNECT_TO must be the URLs it "
           "printed";
  }
  if (error.kind() == TransportError::Kind::Timeout) {
    return "the call ran out of time: give it longer with --timeout SECONDS (or B44_TIMEOUT)";
  }
  return "check the network and BASE44_API_URL";
}

Failure failure(std::string kind, int exitCode, std::string message, std::string hint = {}) {
  return {std::move(kind), exitCode, std::move(message), std::move(hint), nlohmann::json::object()};
}

}  // namespace

Failure currentFailure(const Options* options) {
  try {
    throw;
  } catch (const CommandFailure& e) {
    return e.failure();
  } catch (const UsageError& e) {
    return failure("usage", kUsage, e.what(), e.hint());
  } catch (const InvalidArgumentError& e) {
    auto result = failure("invalid_input", kUsage, e.what(), invalidInputHint(e, options));
    result.details["field"] = e.field();
    return result;
  } catch (const Base44Error& e) {
    auto result = failure("base44", kBase44Error, e.what(), base44Hint(e, options));
    result.details["status"] = e.status();
    result.details["code"] = e.code();
    return result;
  } catch (const ServiceError& e) {
    auto result = failure("service", kServiceError, e.what(), serviceHint(e));
    result.details["integration_type"] = e.integrationType();
    result.details["action"] = e.action();
    result.details["status"] = e.status();
    result.details["code"] = e.code();
    if (const auto* limited = dynamic_cast<const RateLimitError*>(&e);
        limited != nullptr && limited->retryAfter()) {
      result.details["retry_after_ms"] = limited->retryAfter()->count();
    }
    return result;
  } catch (const TransportError& e) {
    auto result = failure("network", kNetworkError, e.what(), networkHint(e));
    result.details["maybe_sent"] = e.phase() == TransportError::Phase::MaybeSent;
    return result;
  } catch (const ProtocolError& e) {
    const bool pages = std::string_view(e.what()).find("maxPages") != std::string_view::npos;
    return failure("protocol", kNetworkError, e.what(),
                   pages ? "raise the limit with --max-pages N" : "");
  } catch (const PluginError& e) {
    return failure("plugin", kPluginError, e.what(),
                   "check the adapter directories (--plugin-path DIR, B44_PLUGIN_PATH); an "
                   "adapter must be built for this version (b44-connectors --version)");
  } catch (const std::exception& e) {
    return failure("failure", kFailure, e.what());
  } catch (...) {
    return failure("failure", kFailure, "unknown error");
  }
}

void printFailure(const Failure& failure, bool json, std::ostream& err) {
  if (json) {
    nlohmann::json error = failure.details;
    error["kind"] = failure.kind;
    error["message"] = failure.message;
    error["exit_code"] = failure.exitCode;
    if (!failure.hint.empty()) error["hint"] = failure.hint;
    err << dumped({{"error", error}}, -1);
    return;
  }
  static const std::map<std::string, std::string, std::less<>> kPrefixes = {
      {"invalid_input", "invalid input: "},
      {"network", "network error: "},
      {"protocol", "malformed answer: "},
      {"failure", "error: "}};
  const auto prefix = kPrefixes.find(failure.kind);
  err << "b44-connectors: " << (prefix == kPrefixes.end() ? "" : prefix->second) << failure.message
      << '\n';
  if (!failure.hint.empty()) err << "hint: " << failure.hint << '\n';
}

}  // namespace b44::cli
