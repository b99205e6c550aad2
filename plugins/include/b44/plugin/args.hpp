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
struct ServiceRequest;

class Args {
 public:
  Args(const nlohmann::json& json, std::string operation);

  [[nodiscard]] bool has(std::string_view name) const;
  [[nodiscard]] std::string string(std::string_view name) const;  // required
  [[nodiscard]] std::optional<std::string> optionalString(std::string_view name) const;
  [[nodiscard]] std::int64_t integer(std::string_view name) const;
  [[nodiscard]] std::optional<std::int64_t> optionalInteger(std::string_view name) const;
  [[nodiscard]] std::optional<bool> optionalBoolean(std::string_view name) const;
  // A string argument that must be one of `choices` when given.
  [[nodiscard]] std::optional<std::string> optionalChoice(
      std::string_view name, std::initializer_list<std::string_view> choices) const;

  // When the argument is given, adds it to the request's query under
  // `queryName` (default: the argument's own name). Strings go as they are,
  // numbers and booleans in their JSON spelling, arrays comma-separated.
  void toQuery(ServiceRequest& request, std::string_view name,
               std::string_view queryName = {}) const;
  // When the argument is given, copies its JSON value into `body[field]`
  // (default: the argument's own name).
  void toBody(nlohmann::json& body, std::string_view name, std::string_view field = {}) const;

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
