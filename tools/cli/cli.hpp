#pragma once
// b44-connectors: the command-line tool over the registry and the Base44
// client. Kept as a function of (arguments, streams) so it reads top-down.
#include <iosfwd>
#include <string>
#include <vector>

namespace b44::cli {

// Exit codes a script can rely on.
enum ExitCode : int {
  kOk = 0,
  kFailure = 1,       // anything not covered below
  kUsage = 2,         // bad command line or invalid input (unknown type, bad --args)
  kBase44Error = 3,   // Base44 answered with an error
  kServiceError = 4,  // the service answered with an error
  kNetworkError = 5,  // no usable answer (connect, TLS, timeout, malformed)
  kPluginError = 6,   // an adapter library failed to load (with --strict)
};

// Runs the command line `args` (without the program name): input such as
// `--args -` comes from `in`, results go to `out`, errors and progress to
// `err`. Returns the exit code.
int run(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
        std::ostream& err);

}  // namespace b44::cli
