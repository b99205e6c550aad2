// Fuzzes the command line of b44-connectors: the input, split at NUL bytes,
// is the argument list. Parsing either gives options or a usage error (never
// another exception, never a crash); and a --args value that parses as JSON
// within the depth limit survives a dump and re-parse unchanged, the walk the
// CLI and the adapters then make over it.
#include "options.hpp"

#include <b44/errors.hpp>
#include <b44/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> args(1);
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == 0) {
      args.emplace_back();
    } else {
      args.back() += static_cast<char>(data[i]);
    }
  }
  b44::cli::Options options;
  try {
    options = b44::cli::parseOptions(args);
  } catch (const b44::cli::UsageError&) {
    return 0;
  } catch (const b44::Error&) {
    return 0;
  } catch (...) {
    __builtin_trap();  // anything else escaping the parser is a bug
  }
  if (!options.args) return 0;
  nlohmann::json parsed;
  try {
    parsed = b44::parseUntrustedJson(*options.args, "--args");
  } catch (const b44::ProtocolError&) {
    if (!b44::jsonDeeperThan(*options.args, b44::kDefaultMaxJsonDepth)) __builtin_trap();
    return 0;
  }
  if (parsed.is_discarded()) return 0;
  const std::string dumped = parsed.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  const auto again = nlohmann::json::parse(dumped, nullptr, false);
  if (again.is_discarded()) __builtin_trap();
  // What the CLI prints of a value is stable: printing it again after a
  // re-parse gives the same text.
  if (again.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) != dumped) {
    __builtin_trap();
  }
  return 0;
}
