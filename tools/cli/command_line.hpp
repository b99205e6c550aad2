#pragma once
// The command-line reading b44-connectors and b44-emulator share:
// Boost.Program_options with GNU-style long options (`--opt value` and
// `--opt=value`, `--` ends the options), no abbreviations, and errors a
// person can act on ("did you mean").
#include <boost/program_options/options_description.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace b44::cli {

/// A mistake on the command line (exit 2), with one line of what to do.
class UsageError : public std::runtime_error {
 public:
  explicit UsageError(const std::string& message, std::string hint = {})
      : std::runtime_error(message), hint_(std::move(hint)) {}
  /// What to do about it ("see b44-connectors call --help"), or empty.
  [[nodiscard]] const std::string& hint() const { return hint_; }
  /// Sets the hint when none is set yet.
  void suggest(const std::string& hint) {
    if (hint_.empty()) hint_ = hint;
  }

 private:
  std::string hint_;
};

/// " (did you mean 'WORD'?)" for the candidate closest to `word`, or "".
std::string didYouMean(std::string_view word, const std::vector<std::string>& candidates);

/// A command line read against a description: its options in the order
/// given and its operands.
class CommandLine {
 public:
  /// One option as given: its long name without "--" and its value ("" for a flag).
  struct Given {
    std::string name;
    std::string value;
  };

  /// Reads `args` against `options`. An option not in `options` is kept in
  /// unknown() (the caller knows which names to suggest); a missing value, a
  /// value given to a flag or an option given twice is a UsageError.
  CommandLine(const std::vector<std::string>& args,
              const boost::program_options::options_description& options);

  /// The options given, in order (a repeatable one once per use).
  [[nodiscard]] const std::vector<Given>& given() const { return given_; }
  /// The options not described, as written ("--bogus", without "=value").
  [[nodiscard]] const std::vector<std::string>& unknown() const { return unknown_; }
  /// The arguments that are not options, in order.
  [[nodiscard]] const std::vector<std::string>& operands() const { return operands_; }

  /// Whether the option `name` (without "--") was given.
  [[nodiscard]] bool has(std::string_view name) const;
  /// The value of a single-valued option, if given.
  [[nodiscard]] std::optional<std::string> value(std::string_view name) const;
  /// Every value of a repeatable option, in order.
  [[nodiscard]] std::vector<std::string> values(std::string_view name) const;

 private:
  std::vector<Given> given_;
  std::vector<std::string> unknown_;
  std::vector<std::string> operands_;
};

/// One row of an option table.
struct OptionSpec {
  const char* name;         ///< "json"; "help,h" for a short name too
  const char* value;        ///< the value's name in the help ("FILE"), or nullptr for a flag
  const char* help;         ///< what it does, for --help
  bool repeatable = false;  ///< may be given more than once (each value kept)
};

/// The options of a table, for CommandLine and --help.
boost::program_options::options_description describeOptions(const std::vector<OptionSpec>& table);

/// "--name" of every option in `options`, in the order described.
std::vector<std::string> optionNames(const boost::program_options::options_description& options);

/// "--name" of the options in `options` that take a value.
std::vector<std::string> valuedOptionNames(
    const boost::program_options::options_description& options);

/// The UsageError for an unknown option, suggesting the closest of `known`.
UsageError unknownOption(const std::string& given, const std::vector<std::string>& known);

/// A description's options as --help shows them (aligned, wrapped at 80 columns).
std::string formatOptions(const boost::program_options::options_description& options);

}  // namespace b44::cli
