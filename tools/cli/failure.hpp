#pragma once
// How b44-connectors reports an error: one line of what went wrong, one of
// what to do about it (when it has a usual cause), and an exit code; with
// --json the same as {"error": {"kind", "message", "exit_code", "hint", ...}}.
#include <nlohmann/json.hpp>

#include <iosfwd>
#include <stdexcept>
#include <string>

namespace b44::cli {

struct Options;

// An error as the CLI reports it.
struct Failure {
  std::string kind;  // usage, invalid_input, base44, service, network, protocol, plugin, failure
  int exitCode = 1;
  std::string message;
  std::string hint;                                   // what to do, or empty
  nlohmann::json details = nlohmann::json::object();  // status, code, field, ...
};

// An error a command reports itself, after printing what it could (a
// service's error answer, whose body is already on stdout).
class CommandFailure : public std::runtime_error {
 public:
  explicit CommandFailure(Failure failure)
      : std::runtime_error(failure.message), failure_(std::move(failure)) {}
  [[nodiscard]] const Failure& failure() const { return failure_; }

 private:
  Failure failure_;
};

// The failure for the exception being handled (call it in a catch block);
// `options` (null when the command line did not parse) words the hints.
Failure currentFailure(const Options* options);

// The failure on `err`: text lines, or one JSON line when `json`.
void printFailure(const Failure& failure, bool json, std::ostream& err);

}  // namespace b44::cli
