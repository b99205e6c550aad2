#include <b44/base64.hpp>
#include <b44/errors.hpp>
#include <b44/plugin/adapter.hpp>
#include <b44/plugin/args.hpp>
#include <b44/plugin/declared_adapter.hpp>
#include <b44/plugin/spec.hpp>
#include <b44/plugin/url.hpp>

#include "value_types.hpp"

#include <algorithm>

namespace b44::plugin {
namespace {

const nlohmann::json& nullJson() {
  static const nlohmann::json value;
  return value;
}

}  // namespace

bool hasType(const nlohmann::json& value, Parameter::Type type) {
  switch (type) {
    case Parameter::Type::String:
      return value.is_string();
    case Parameter::Type::Integer:
      return value.is_number_integer();
    case Parameter::Type::Boolean:
      return value.is_boolean();
    case Parameter::Type::Number:
      return value.is_number();
    case Parameter::Type::Object:
      return value.is_object();
    case Parameter::Type::Array:
      return value.is_array();
    case Parameter::Type::Any:
      return true;
  }
  return false;
}

Args::Args(const nlohmann::json& json, std::string operation)
    : json_(json), operation_(std::move(operation)) {}

void Args::fail(std::string_view name, const std::string& what) const {
  throw InvalidArgumentError("args." + std::string(name),
                             operation_ + ": argument '" + std::string(name) + "' " + what);
}

bool Args::has(std::string_view name) const {
  const auto it = json_.find(name);
  return it != json_.end() && !it->is_null();
}

const nlohmann::json& Args::value(std::string_view name) const {
  const auto it = json_.find(name);
  return it == json_.end() ? nullJson() : *it;
}

std::string Args::string(std::string_view name) const {
  auto value = optionalString(name);
  if (!value) fail(name, "is required");
  return *value;
}

std::optional<std::string> Args::optionalString(std::string_view name) const {
  const auto& v = value(name);
  if (v.is_null()) return std::nullopt;
  if (!v.is_string()) fail(name, "must be a string");
  return v.get<std::string>();
}

std::string Args::bytes(std::string_view textName, std::string_view base64Name) const {
  const auto text = optionalString(textName);
  const auto encoded = optionalString(base64Name);
  if (text.has_value() == encoded.has_value()) {
    fail(textName, text ? "or '" + std::string(base64Name) + "' is given, not both"
                        : "or '" + std::string(base64Name) + "' is required");
  }
  if (text) return *text;
  auto decoded = base64Decode(*encoded);
  if (!decoded) fail(base64Name, "is not base64");
  return std::move(*decoded);
}

std::int64_t Args::integer(std::string_view name) const {
  auto value = optionalInteger(name);
  if (!value) fail(name, "is required");
  return *value;
}

std::optional<std::int64_t> Args::optionalInteger(std::string_view name) const {
  const auto& v = value(name);
  if (v.is_null()) return std::nullopt;
  if (!v.is_number_integer()) fail(name, "must be an integer");
  return v.get<std::int64_t>();
}

std::optional<bool> Args::optionalBoolean(std::string_view name) const {
  const auto& v = value(name);
  if (v.is_null()) return std::nullopt;
  if (!v.is_boolean()) fail(name, "must be a boolean");
  return v.get<bool>();
}

std::optional<std::string> Args::optionalChoice(
    std::string_view name, std::initializer_list<std::string_view> choices) const {
  auto value = optionalString(name);
  if (value && std::find(choices.begin(), choices.end(), *value) == choices.end()) {
    std::string allowed;
    for (auto choice : choices) allowed += (allowed.empty() ? "" : ", ") + std::string(choice);
    fail(name, "must be one of " + allowed);
  }
  return value;
}

void Args::toQuery(ServiceRequest& request, std::string_view name,
                   std::string_view queryName) const {
  const auto& v = value(name);
  if (v.is_null()) return;
  if (v.is_object()) fail(name, "cannot be sent as a query parameter");
  request.query.emplace_back(std::string(queryName.empty() ? name : queryName), wireText(v));
}

void Args::toBody(nlohmann::json& body, std::string_view name, std::string_view field) const {
  const auto& v = value(name);
  if (!v.is_null()) body[std::string(field.empty() ? name : field)] = v;
}

void validateArguments(const ActionSpec& action, const nlohmann::json& args,
                       const std::string& operation) {
  if (!args.is_object()) {
    throw InvalidArgumentError("args", operation + ": arguments must be a JSON object");
  }
  std::vector<std::string> known;
  for (const auto& p : action.parameters) known.push_back(p.name);
  for (const auto& [name, value] : args.items()) {
    const Parameter* parameter = nullptr;
    for (const auto& p : action.parameters) {
      if (p.name == name) parameter = &p;
    }
    if (parameter == nullptr) {
      std::string message = operation + ": unknown argument '" + name + "'";
      if (auto guess = closestMatch(name, known); !guess.empty()) {
        message += " (did you mean '" + guess + "'?)";
      }
      throw InvalidArgumentError("args." + name, message);
    }
    if (!value.is_null() && !hasType(value, parameter->type)) {
      throw InvalidArgumentError(
          "args." + name,
          operation + ": argument '" + name + "' must be of type " + toString(parameter->type));
    }
  }
  for (const auto& p : action.parameters) {
    if (p.required && (!args.contains(p.name) || args.at(p.name).is_null())) {
      throw InvalidArgumentError("args." + p.name,
                                 operation + ": argument '" + p.name + "' is required");
    }
  }
}

}  // namespace b44::plugin
