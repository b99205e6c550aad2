#include "input.hpp"

#include "command_line.hpp"

#include <b44/json.hpp>

#include <filesystem>
#include <fstream>
#include <istream>
#include <iterator>
#include <system_error>

namespace b44::cli {
namespace {

std::string readAll(std::istream& in) {
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Where the operand's text came from, for messages: " (FILE)", " (stdin)" or "".
std::string origin(const std::string& operand) {
  if (operand == "-") return " (stdin)";
  if (operand.starts_with('@')) return " (" + operand.substr(1) + ")";
  return "";
}

// nlohmann's "[json.exception.parse_error.101] parse error at line 1, column
// 2: syntax error ...; last read: '{n'; expected ..." without its id and the
// text it last read.
std::string describeParseError(const nlohmann::json::parse_error& error) {
  std::string text = error.what();
  if (const auto at = text.find("parse error at "); at != std::string::npos) {
    text.erase(0, at + 15);
  }
  if (const auto read = text.find("; last read: '"); read != std::string::npos) {
    const auto expected = text.find("'; expected", read);
    text.erase(read, expected == std::string::npos ? std::string::npos : expected + 1 - read);
  }
  return text;
}

}  // namespace

std::string readOperand(const std::string& option, const std::string& operand, std::istream& in,
                        bool literal) {
  if (operand == "-") {
    std::string bytes = readAll(in);
    if (in.bad()) throw UsageError(option + ": cannot read stdin");
    return bytes;
  }
  if (!operand.starts_with('@') || operand.size() == 1) {
    if (literal) return operand;
    throw UsageError(option + " takes @FILE or - (stdin)");
  }
  const std::string path = operand.substr(1);
  std::error_code ignored;
  std::ifstream file(path, std::ios::binary);
  if (!file || std::filesystem::is_directory(path, ignored)) {
    throw UsageError(option + ": cannot read " + path);
  }
  std::string bytes = readAll(file);
  if (file.bad()) throw UsageError(option + ": cannot read " + path);
  return bytes;
}

nlohmann::json parseJsonOperand(const std::string& option, const std::string& operand,
                                std::istream& in) {
  const std::string text = readOperand(option, operand, in);
  if (jsonDeeperThan(text, kDefaultMaxJsonDepth)) {
    throw UsageError(option + origin(operand) + " nests deeper than " +
                     std::to_string(kDefaultMaxJsonDepth) + " levels");
  }
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& error) {
    throw UsageError(option + origin(operand) + " is not valid JSON: " + describeParseError(error),
                     "quote JSON for the shell (" + option +
                         " '{\"name\":\"value\"}'), or give @FILE or - (stdin)");
  }
}

}  // namespace b44::cli
