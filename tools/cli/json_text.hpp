#pragma once
// JSON as b44-connectors prints it.
#include <nlohmann/json.hpp>

#include <string>

namespace b44::cli {

// One JSON value and a newline, pretty (indent 2) or on one line (indent -1);
// text that is not UTF-8 is replaced, never a throw.
inline std::string dumped(const nlohmann::json& json, int indent = 2) {
  return json.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace) + '\n';
}

}  // namespace b44::cli
