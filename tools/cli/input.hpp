#pragma once
// What an option's operand stands for: the text itself, "@FILE" (FILE's
// bytes) or "-" (standard input), and JSON read from it.
#include <nlohmann/json.hpp>

#include <iosfwd>
#include <string>

namespace b44::cli {

// The bytes `operand` stands for: FILE's for "@FILE", `in`'s for "-", else
// the operand itself (a UsageError naming `option` when `literal` is false).
std::string readOperand(const std::string& option, const std::string& operand, std::istream& in,
                        bool literal = true);

// JSON from `operand` (as readOperand reads it). A UsageError naming
// `option`, the file, and the line and column of the mistake when it is not
// JSON or nests too deep; the text itself is never quoted (it may hold a token).
nlohmann::json parseJsonOperand(const std::string& option, const std::string& operand,
                                std::istream& in);

}  // namespace b44::cli
