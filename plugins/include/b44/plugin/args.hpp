#pragma once
// Typed access to an action's JSON arguments, with errors that name the
// argument ("slack.post_message: argument 'channel' must be a string").
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace b44::plugin {

struct ActionSpec;

class Args {
 public:
  Args(const nlohmann::json& json, std::string operation);

  [[nodiscard]] bool has(std::string_view name) const;
  [[nodiscard]] std::string string(std::string_view name) const;  // required
  [[nodiscard]] std::optional<std::string> optionalString(std::string_view name) const;
  [[nodiscard]] std::int64_t integer(std::string_view name) const;
  [[nodiscard]] std::optional<std::int64_t> optionalInteger(std::string_view name) const;
  [[nodiscard]] std::optional<bool> optionalBoolean(std::string_view name) const;
  // The raw JSON value of an argument (null when absent).
  [[nodiscard]] const nlohmann::json& value(std::string_view name) const;
  [[nodiscard]] const nlohmann::json& json() const { return json_; }
  [[nodiscard]] const std::string& operation() const { return operation_; }

 private:
  [[noreturn]] void fail(std::string_view name, const std::string& what) const;
  const nlohmann::json& json_;
  std::string operation_;
};

// Checks arguments against an action's declared parameters: an object, every
// required one present, every value of its declared type, no unknown names
// (with a "did you mean" suggestion).
void validateArguments(const ActionSpec& action, const nlohmann::json& args,
                       const std::string& operation);

}  // namespace b44::plugin
