#include <b44/errors.hpp>

namespace b44 {
namespace {

std::string base44What(int status, const std::string& code, const std::string& message) {
  std::string what = "Base44 error " + std::to_string(status);
  if (!code.empty()) what += " [" + code + "]";
  return what + ": " + message;
}

std::string serviceWhat(const std::string& type, const std::string& action, int status,
                        const std::string& code, const std::string& detail) {
  std::string what = type + "." + action + " failed";
  if (status != 0) what += " with HTTP " + std::to_string(status);
  if (!code.empty()) what += " [" + code + "]";
  if (!detail.empty()) what += ": " + detail;
  return what;
}

}  // namespace

InvalidArgumentError::InvalidArgumentError(std::string field, const std::string& message)
    : Error(field.empty() ? message : field + ": " + message), field_(std::move(field)) {}

Base44Error::Base44Error(int status, std::string code, std::string message, nlohmann::json data)
    : Error(base44What(status, code, message)),
      status_(status),
      code_(std::move(code)),
      message_(std::move(message)),
      data_(std::move(data)) {}

ServiceError::ServiceError(std::string integrationType, std::string action, int status,
                           std::string code, std::string detail, nlohmann::json body)
    : Error(serviceWhat(integrationType, action, status, code, detail)),
      type_(std::move(integrationType)),
      action_(std::move(action)),
      status_(status),
      code_(std::move(code)),
      detail_(std::move(detail)),
      body_(std::move(body)) {}

TransportError::TransportError(Kind kind, Phase phase, const std::string& message)
    : Error(message), kind_(kind), phase_(phase) {}

PluginError::PluginError(std::string path, const std::string& reason)
    : Error(path + ": " + reason), path_(std::move(path)), reason_(reason) {}

}  // namespace b44
