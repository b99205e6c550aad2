#pragma once
// The one error hierarchy of the framework. Every error thrown by core, the
// plugin SDK, the registry or an adapter is one of these (adapters never define
// their own: their library must not own a type that outlives a call).
//
//   Error
//   ├── InvalidArgumentError  bad input, rejected before anything is sent
//   ├── Base44Error           Base44 answered non-2xx (status, code, message, data)
//   ├── ServiceError          the upstream service answered an error
//   ├── TransportError        no usable HTTP answer (connect, TLS, timeout, ...)
//   ├── ProtocolError         an answer that cannot be understood (bad JSON, too big)
//   └── PluginError           an adapter library could not be loaded
//
// No message ever contains a token.
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

namespace b44 {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

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

 private:
  std::string type_;
  std::string action_;
  int status_;
  std::string code_;
  std::string detail_;
  nlohmann::json body_;
};

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
