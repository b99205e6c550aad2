#pragma once
// Inside the plugin SDK: whether a JSON value is of a declared parameter type
// (checking arguments, and each item of an array parameter).
#include <b44/plugin/spec.hpp>

#include <nlohmann/json.hpp>

namespace b44::plugin {

// Any: anything.
bool hasType(const nlohmann::json& value, Parameter::Type type);

}  // namespace b44::plugin
