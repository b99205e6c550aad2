#pragma once
// The one error hierarchy of the framework. Every error thrown by core, the
// plugin SDK, the registry or an adapter is one of these (adapters never define
// their own: their library must not own a type that outlives a call).
//
//   Error
//   ├── InvalidArgumentError  bad input, rejected before anything is sent
//   ├── Base44Error           Base44 answered non-2xx (status, code, message, data)
//   ├── ServiceError          the upstream service answered an error
//   │   └── RateLimitError    ... asking to wait longer than the call may
//   ├── TransportError        no usable HTTP answer (connect, TLS, timeout, ...)
//   ├── ProtocolError         an answer that cannot be understood (bad JSON, too big)
//   └── PluginError           an adapter library could not be loaded
//
// No message ever contains a token. Text that comes from outside (a service's
// or Base44's error message and code) is made inert before it is kept:
// control characters escaped, length bounded (see inertText).
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace b44 {

// The longest piece of outside text an error keeps (longer text is cut and
// says how much was cut).
inline constexpr std::size_t kMaxErrorTextBytes = 1000;

// `text` safe to print on a terminal or in a log line: CR, LF, tab, ESC and
// every other control character escaped ("\n", "\x1b"), bytes that are not
// UTF-8 escaped as "\xHH", cut to `maxBytes`.
std::string inertText(std::string_view text, std::size_t maxBytes = kMaxErrorTextBytes);

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message);
  [[nodiscard]] const char* what() const noexcept override { return message_.c_str(); }

  // Replaces every occurrence of each secret in the message (and in the
  // fields a subclass keeps: detail, code, body) with "****". The send path
  // calls it with the tokens it holds before an error leaves it, so a service
  // that echoes the token it received cannot put it on a terminal.
  void redact(const std::vector<std::string_view>& secrets);

 protected:
  virtual void redactFields(const std::vector<std::string_view>& secrets);
  void appendToMessage(const std::string& text) { message_ += text; }

 private:
  std::string message_;
};

// Each occurrence of a non-empty secret in `text` replaced with "****".
std::string redacted(std::string text, const std::vector<std::string_view>& secrets);
// The same through every string (and key) of a JSON value.
void redactJson(nlohmann::json& value, const std::vector<std::string_view>& secrets);

// Input rejected before any request: an empty integration type, a config value
// that does not match its field, a missing action argument. `field` names the
// offending input (e.g. "connectionConfig.host", "args.channel").
class InvalidArgumentError : public Error {
 public:
  InvalidArgumentError(std::string field, const std::string& message);
  [[nodiscard]] const std::string& field() const { return field_; }

 private:
  std::string field_;
};

// Base44 answered with a non-2xx status. Fields follow the official SDK:
// message = error.message | message | detail | transport text,
// code = error.code | code | header x-base44-connector-error, data = the body.
class Base44Error : public Error {
 public:
  Base44Error(int status, std::string code, std::string message, nlohmann::json data);
  [[nodiscard]] int status() const { return status_; }
  [[nodiscard]] const std::string& code() const { return code_; }
  [[nodiscard]] const std::string& message() const { return message_; }
  [[nodiscard]] const nlohmann::json& data() const { return data_; }

 protected:
  void redactFields(const std::vector<std::string_view>& secrets) override;

 private:
  int status_;
  std::string code_;
  std::string message_;
  nlohmann::json data_;
};

// The upstream service (Slack, Notion, ...) answered with an error, either as
// an HTTP status or in its body (Slack's `"ok": false`).
class ServiceError : public Error {
 public:
  ServiceError(std::string integrationType, std::string action, int status, std::string code,
               std::string detail, nlohmann::json body = nullptr);
  [[nodiscard]] const std::string& integrationType() const { return type_; }
  [[nodiscard]] const std::string& action() const { return action_; }
  [[nodiscard]] int status() const { return status_; }
  [[nodiscard]] const std::string& code() const { return code_; }
  [[nodiscard]] const std::string& detail() const { return detail_; }
  [[nodiscard]] const nlohmann::json& body() const { return body_; }

 protected:
  void redactFields(const std::vector<std::string_view>& secrets) override;

 private:
  std::string type_;
  std::string action_;
  int status_;
  std::string code_;
  std::string detail_;
  nlohmann::json body_;
};

// The service refused the call for its rate limit and asked to wait longer
// than the call may (beyond its deadline or RetryOptions::maxDelay), or the
// retries allowed are spent. The request is never re-sent sooner than the
// service asked: the call ends at once, with the wait it asked for.
class RateLimitError : public ServiceError {
 public:
  // `why` (why the call did not wait) is added to the message, not to detail().
  RateLimitError(std::string integrationType, std::string action, int status, std::string code,
                 std::string detail, nlohmann::json body,
                 std::optional<std::chrono::milliseconds> retryAfter, const std::string& why);
  // What the service asked for (Retry-After or its reset header), if it said.
  [[nodiscard]] std::optional<std::chrono::milliseconds> retryAfter() const { return retryAfter_; }

 private:
  std::optional<std::chrono::milliseconds> retryAfter_;
};

// "11 d 13 h", "2 min 5 s", "750 ms": a wait as people read it.
std::string humanDuration(std::chrono::milliseconds wait);

// No usable answer arrived. `phase` says whether the request may have reached
// the peer: only NotSent proves it did not (the same rule as callApi's phase).
class TransportError : public Error {
 public:
  enum class Phase { NotSent, MaybeSent };
  enum class Kind { Connect, Tls, Timeout, Io, Refused, OutcomeUnknown };
  TransportError(Kind kind, Phase phase, const std::string& message);
  [[nodiscard]] Kind kind() const { return kind_; }
  [[nodiscard]] Phase phase() const { return phase_; }

 private:
  Kind kind_;
  Phase phase_;
};

// An answer arrived but cannot be used: malformed JSON, a missing field, a body
// over the configured size limit.
class ProtocolError : public Error {
 public:
  using Error::Error;
};

// An adapter library could not be loaded or used. `path` names the file.
class PluginError : public Error {
 public:
  PluginError(std::string path, const std::string& reason);
  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] const std::string& reason() const { return reason_; }

 private:
  std::string path_;
  std::string reason_;
};

}  // namespace b44
