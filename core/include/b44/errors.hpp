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

// The base of every framework error: catch it to handle them all. Its message
// never holds a token once it has left the send path (see redact).
class Error : public std::runtime_error {
 public:
  // `message` is the whole text what() returns.
  explicit Error(const std::string& message);
  // The message, as redact() left it.
  [[nodiscard]] const char* what() const noexcept override { return message_.c_str(); }

  // Replaces every occurrence of each secret in the message (and in the
  // fields a subclass keeps: detail, code, body) with "****". The send path
  // calls it with the tokens it holds before an error leaves it, so a service
  // that echoes the token it received cannot put it on a terminal.
  void redact(const std::vector<std::string_view>& secrets);

 protected:
  // Redacts what a subclass keeps besides the message; redact() calls it.
  virtual void redactFields(const std::vector<std::string_view>& secrets);
  // Adds `text` to the end of the message (a subclass's extra explanation).
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
  // The message becomes "FIELD: MESSAGE" (just `message` if `field` is empty).
  InvalidArgumentError(std::string field, const std::string& message);
  // The offending input, e.g. "args.channel"; may be empty.
  [[nodiscard]] const std::string& field() const { return field_; }

 private:
  std::string field_;
};

// Base44 answered with a non-2xx status. Fields follow the official SDK:
// message = error.message | message | detail | transport text,
// code = error.code | code | header x-base44-connector-error, data = the body.
class Base44Error : public Error {
 public:
  // `code` and `message` are made inert before they are kept; the message
  // becomes "Base44 error STATUS [CODE]: MESSAGE".
  Base44Error(int status, std::string code, std::string message, nlohmann::json data);
  // The HTTP status Base44 answered with.
  [[nodiscard]] int status() const { return status_; }
  // Base44's error code; empty if it gave none.
  [[nodiscard]] const std::string& code() const { return code_; }
  // Base44's own error text, without the status and code what() adds.
  [[nodiscard]] const std::string& message() const { return message_; }
  // The answer's body: its JSON, a string if it was not JSON, null if empty.
  [[nodiscard]] const nlohmann::json& data() const { return data_; }

 protected:
  // Redacts code, message and data too.
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
  // `code` and `detail` are made inert before they are kept; the message
  // becomes "TYPE.ACTION failed with HTTP STATUS [CODE]: DETAIL".
  ServiceError(std::string integrationType, std::string action, int status, std::string code,
               std::string detail, nlohmann::json body = nullptr);
  // The integration type that called the service, e.g. "slack".
  [[nodiscard]] const std::string& integrationType() const { return type_; }
  // The action that failed, e.g. "chat.postMessage".
  [[nodiscard]] const std::string& action() const { return action_; }
  // The HTTP status the service answered with (200 for an error in the body).
  [[nodiscard]] int status() const { return status_; }
  // The service's error code, e.g. Slack's "channel_not_found"; may be empty.
  [[nodiscard]] const std::string& code() const { return code_; }
  // The service's explanation, made inert; may be empty.
  [[nodiscard]] const std::string& detail() const { return detail_; }
  // The answer's body as the adapter read it (null if it kept none).
  [[nodiscard]] const nlohmann::json& body() const { return body_; }

 protected:
  // Redacts code, detail and body too.
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
  // Whether the request may have reached the peer: NotSent proves it did not.
  enum class Phase { NotSent, MaybeSent };
  // What went wrong: the connection could not be opened (Connect), refused
  // (Refused), TLS failed (Tls), a deadline or timeout passed (Timeout), the
  // exchange broke (Io), or it may have been sent and no answer says what
  // happened, so it is not retried (OutcomeUnknown).
  enum class Kind { Connect, Tls, Timeout, Io, Refused, OutcomeUnknown };
  // `message` is the whole text what() returns.
  TransportError(Kind kind, Phase phase, const std::string& message);
  // What went wrong.
  [[nodiscard]] Kind kind() const { return kind_; }
  // Whether the request may have been sent (only NotSent proves it was not).
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
  // The message becomes "PATH: REASON".
  PluginError(std::string path, const std::string& reason);
  // The adapter library's file.
  [[nodiscard]] const std::string& path() const { return path_; }
  // Why it could not be loaded or used, without the path.
  [[nodiscard]] const std::string& reason() const { return reason_; }

 private:
  std::string path_;
  std::string reason_;
};

}  // namespace b44
