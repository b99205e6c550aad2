#pragma once
// Small JSON readers and writers for typed helpers (the header-only
// b44/adapters/<type>.hpp files): read a field of the expected type or a
// default, and set a field only when an optional holds a value.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace b44::typed {

inline const nlohmann::json* field(const nlohmann::json& object, const char* name) {
  if (!object.is_object()) return nullptr;
  const auto found = object.find(name);
  return found == object.end() ? nullptr : &*found;
}

inline std::string stringField(const nlohmann::json& object, const char* name) {
  const auto* value = field(object, name);
  return value != nullptr && value->is_string() ? value->get<std::string>() : std::string();
}

inline bool boolField(const nlohmann::json& object, const char* name) {
  const auto* value = field(object, name);
  return value != nullptr && value->is_boolean() && value->get<bool>();
}

inline std::int64_t intField(const nlohmann::json& object, const char* name) {
  const auto* value = field(object, name);
  return value != nullptr && value->is_number_integer() ? value->get<std::int64_t>() : 0;
}

inline double numberField(const nlohmann::json& object, const char* name) {
  const auto* value = field(object, name);
  return value != nullptr && value->is_number() ? value->get<double>() : 0.0;
}

// The object (or array) at `name`, or an empty one.
inline const nlohmann::json& objectField(const nlohmann::json& object, const char* name) {
  static const nlohmann::json empty = nlohmann::json::object();
  const auto* value = field(object, name);
  return value != nullptr && value->is_object() ? *value : empty;
}
inline const nlohmann::json& arrayField(const nlohmann::json& object, const char* name) {
  static const nlohmann::json empty = nlohmann::json::array();
  const auto* value = field(object, name);
  return value != nullptr && value->is_array() ? *value : empty;
}

inline std::vector<std::string> stringsField(const nlohmann::json& object, const char* name) {
  std::vector<std::string> out;
  for (const auto& item : arrayField(object, name)) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

// json[name] = *value when value holds one.
template <class T>
void setIf(nlohmann::json& json, const char* name, const std::optional<T>& value) {
  if (value) json[name] = *value;
}
// json[name] = value when it is not empty (strings, vectors, JSON).
template <class T>
void setIfNotEmpty(nlohmann::json& json, const char* name, const T& value) {
  if (!value.empty()) json[name] = value;
}

}  // namespace b44::typed
