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

// An action's arguments, read by name and type. A wrong type or a missing
// required argument is an InvalidArgumentError (field "args.NAME").
class Args {
 public:
  // Reads `json` (kept by reference: it must outlive this); `operation`
  // ("slack.post_message") starts every error message.
  Args(const nlohmann::json& json, std::string operation);

  // True when the argument is given and not null.
  [[nodiscard]] bool has(std::string_view name) const;
  [[nodiscard]] std::string string(std::string_view name) const;  // required
  // The string argument, or nothing when absent or null.
  [[nodiscard]] std::optional<std::string> optionalString(std::string_view name) const;
  // A file's bytes for an upload hook: the text argument `textName` as it is
  // (UTF-8), or the argument `base64Name` decoded (any bytes). Exactly one of
  // them must be given; an InvalidArgumentError names the problem otherwise.
  [[nodiscard]] std::string bytes(std::string_view textName, std::string_view base64Name) const;
  // The integer argument; required.
  [[nodiscard]] std::int64_t integer(std::string_view name) const;
  // The integer argument, or nothing when absent or null.
  [[nodiscard]] std::optional<std::int64_t> optionalInteger(std::string_view name) const;
  // The boolean argument, or nothing when absent or null.
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
  // All the arguments, as given.
  [[nodiscard]] const nlohmann::json& json() const { return json_; }
  // The operation name errors start with, e.g. "slack.post_message".
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
