#include "command_line.hpp"

#include <b44/plugin/url.hpp>

#include <boost/program_options/errors.hpp>
#include <boost/program_options/parsers.hpp>
#include <boost/program_options/value_semantic.hpp>

#include <algorithm>
#include <regex>
#include <sstream>

namespace b44::cli {
namespace {

namespace po = boost::program_options;

// Long options (--opt value, --opt=value) and the one short option -h; no
// abbreviations, no bundled short options.
constexpr int kStyle =
    po::command_line_style::allow_long | po::command_line_style::long_allow_adjacent |
    po::command_line_style::long_allow_next | po::command_line_style::allow_short |
    po::command_line_style::short_allow_next | po::command_line_style::allow_dash_for_short;

// "--args" for Boost's "args" (and for its already prefixed names).
std::string dashed(const std::string& name) {
  if (name.starts_with('-')) return name;
  return (name.size() == 1 ? "-" : "--") + name;
}

UsageError syntaxError(const po::invalid_command_line_syntax& error) {
  const std::string name = dashed(error.get_option_name());
  switch (error.kind()) {
    case po::invalid_command_line_syntax::missing_parameter:
      return UsageError(name + " needs a value");
    case po::invalid_command_line_syntax::extra_parameter:
      return UsageError(name + " takes no value");
    case po::invalid_command_line_syntax::empty_adjacent_parameter:
      return UsageError(name + "= has no value after the '='");
    default:
      return UsageError(std::string("cannot read the command line: ") + error.what());
  }
}

}  // namespace

std::string didYouMean(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string guess = plugin::closestMatch(word, candidates);
  return guess.empty() ? std::string() : " (did you mean '" + guess + "'?)";
}

CommandLine::CommandLine(const std::vector<std::string>& args,
                         const po::options_description& options) {
  po::parsed_options parsed(&options);
  try {
    parsed =
        po::command_line_parser(args).options(options).style(kStyle).allow_unregistered().run();
  } catch (const po::invalid_command_line_syntax& error) {
    throw syntaxError(error);
  } catch (const po::error& error) {
    throw UsageError(std::string("cannot read the command line: ") + error.what());
  }
  for (const auto& option : parsed.options) {
    if (option.position_key >= 0) {
      operands_.insert(operands_.end(), option.value.begin(), option.value.end());
    } else if (option.unregistered) {
      const std::string& token =
          option.original_tokens.empty() ? option.string_key : option.original_tokens.front();
      unknown_.push_back(token.substr(0, token.find('=')));
    } else {
      const auto& description = options.find(option.string_key, false);
      const auto& semantic = *description.semantic();
      const bool flag = semantic.max_tokens() == 0;
      if (!flag && !semantic.is_composing() && has(description.long_name())) {
        throw UsageError(dashed(description.long_name()) + " is given more than once");
      }
      given_.push_back({description.long_name(), option.value.empty() ? "" : option.value.front()});
    }
  }
}

po::options_description describeOptions(const std::vector<OptionSpec>& table) {
  po::options_description options;
  for (const auto& row : table) {
    if (row.value == nullptr) {
      options.add_options()(row.name, po::bool_switch(), row.help);
    } else if (row.repeatable) {
      options.add_options()(
          row.name, po::value<std::vector<std::string>>()->composing()->value_name(row.value),
          row.help);
    } else {
      options.add_options()(row.name, po::value<std::string>()->value_name(row.value), row.help);
    }
  }
  return options;
}

bool CommandLine::has(std::string_view name) const {
  return std::any_of(given_.begin(), given_.end(),
                     [&](const Given& option) { return option.name == name; });
}

std::optional<std::string> CommandLine::value(std::string_view name) const {
  for (const auto& option : given_) {
    if (option.name == name) return option.value;
  }
  return std::nullopt;
}

std::vector<std::string> CommandLine::values(std::string_view name) const {
  std::vector<std::string> found;
  for (const auto& option : given_) {
    if (option.name == name) found.push_back(option.value);
  }
  return found;
}

std::vector<std::string> optionNames(const po::options_description& options) {
  std::vector<std::string> names;
  for (const auto& option : options.options()) names.push_back("--" + option->long_name());
  return names;
}

std::vector<std::string> valuedOptionNames(const po::options_description& options) {
  std::vector<std::string> names;
  for (const auto& option : options.options()) {
    if (option->semantic()->max_tokens() > 0) names.push_back("--" + option->long_name());
  }
  return names;
}

UsageError unknownOption(const std::string& given, const std::vector<std::string>& known) {
  return UsageError("unknown option " + given + didYouMean(given, known));
}

std::string formatOptions(const po::options_description& options) {
  std::ostringstream printed;
  options.print(printed);
  // Boost writes "-h [ --help ]" and leaves a space where it wraps a line.
  static const std::regex bracketed(R"(-(\w) \[ (--[\w-]+) \])");
  std::string text;
  std::istringstream lines(printed.str());
  for (std::string line; std::getline(lines, line);) {
    std::smatch found;
    if (std::regex_search(line, found, bracketed)) {
      const std::string shorter = "-" + found[1].str() + ", " + found[2].str();
      line.replace(
          static_cast<std::size_t>(found.position(0)), static_cast<std::size_t>(found.length(0)),
          shorter + std::string(static_cast<std::size_t>(found.length(0)) - shorter.size(), ' '));
    }
    line.erase(line.find_last_not_of(' ') + 1);
    text += line + '\n';
  }
  return text;
}

}  // namespace b44::cli
