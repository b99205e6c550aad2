#include <b44/connectors.hpp>
#include <b44/errors.hpp>

#include "base44_wire.hpp"
#include "client_state.hpp"

#include <array>

namespace b44 {
namespace {

using detail::parseCallApi;
using detail::parseConnection;
using detail::parseSuccess;

// An integration type or connector id becomes one encoded path segment.
std::string segment(std::string_view value, const char* what) {
  if (value.empty()) throw InvalidArgumentError(what, "must be a non-empty string");
  if (value == "." || value == "..") throw InvalidArgumentError(what, "must not be '.' or '..'");
  for (char c : value) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      throw InvalidArgumentError(what, "must not contain control characters");
    }
  }
  return percentEncode(value);
}

std::string appPath(const detail::ClientState& state) {
  return "/apps/" + percentEncode(state.options.appId);
}

void validateCallApiRequest(const CallApiRequest& request) {
  static constexpr std::array<std::string_view, 6> kMethods{"GET",   "POST",   "PUT",
                                                            "PATCH", "DELETE", "HEAD"};
  if (std::find(kMethods.begin(), kMethods.end(), request.method) == kMethods.end()) {
    throw InvalidArgumentError("request.method",
                               "must be one of GET, POST, PUT, PATCH, DELETE, HEAD");
  }
  const auto& path = request.path;
  if (path.empty() || path.front() != '/' || path.starts_with("//") ||
      path.find("://") != std::string::npos) {
    throw InvalidArgumentError("request.path", "must start with '/' and not be an absolute URL");
  }
  for (char c : path) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      throw InvalidArgumentError("request.path", "must not contain spaces or control characters");
    }
  }
  if (!request.query.is_object()) throw InvalidArgumentError("request.query", "must be an object");
  if (!request.headers.is_object())
    throw InvalidArgumentError("request.headers", "must be an object");
}

}  // namespace

ConnectionSource ConnectionSource::app(std::string integrationType) {
  return {Scope::App, std::move(integrationType)};
}
ConnectionSource ConnectionSource::workspace(std::string connectorId) {
  return {Scope::Workspace, std::move(connectorId)};
}
ConnectionSource ConnectionSource::appUser(std::string connectorId) {
  return {Scope::AppUser, std::move(connectorId)};
}

Connectors::Connectors(std::shared_ptr<detail::ClientState> state) : state_(std::move(state)) {}

Connection Connectors::getConnection(std::string_view integrationType) const {
  const std::string path =
      appPath(*state_) + "/external-auth/tokens/" + segment(integrationType, "integrationType");
  const std::string operation = "getConnection(" + std::string(integrationType) + ")";
  const auto response = state_->sendToBase44("GET", path, "", true, operation);
  return parseConnection(parseSuccess(response, operation), integrationType, operation);
}

Secret Connectors::getAccessToken(std::string_view integrationType) const {
  return getConnection(integrationType).accessToken;
}

Connection Connectors::getWorkspaceConnection(std::string_view connectorId) const {
  const std::string path =
      appPath(*state_) + "/external-auth/tokens/connectors/" + segment(connectorId, "connectorId");
  const std::string operation = "getWorkspaceConnection(" + std::string(connectorId) + ")";
  const auto response = state_->sendToBase44("GET", path, "", true, operation);
  return parseConnection(parseSuccess(response, operation), "", operation);
}

Connection Connectors::getCurrentAppUserConnection(std::string_view connectorId) const {
  const std::string path = appPath(*state_) + "/app-user-auth/connectors/" +
                           segment(connectorId, "connectorId") + "/token";
  const std::string operation = "getCurrentAppUserConnection(" + std::string(connectorId) + ")";
  const auto response = state_->sendToBase44("GET", path, "", true, operation);
  return parseConnection(parseSuccess(response, operation), "", operation);
}

CallApiResponse Connectors::callApi(std::string_view integrationType, const CallApiRequest& request,
                                    std::optional<bool> retrySafe) const {
  const std::string path =
      appPath(*state_) + "/connectors/" + segment(integrationType, "integrationType") + "/call";
  validateCallApiRequest(request);
  nlohmann::json body{{"method", request.method},
                      {"path", request.path},
                      {"query", request.query},
                      {"headers", request.headers},
                      {"body", request.body}};
  if (!request.host.empty()) body["host"] = request.host;
  const std::string operation = "callApi(" + std::string(integrationType) + ")";
  const bool safe = retrySafe.value_or(request.method == "GET" || request.method == "HEAD");
  const auto response = state_->sendToBase44("POST", path, body.dump(), safe, operation);
  return parseCallApi(parseSuccess(response, operation), operation);
}

Connection Connectors::fetch(const ConnectionSource& source) const {
  switch (source.scope) {
    case ConnectionSource::Scope::App:
      return getConnection(source.key);
    case ConnectionSource::Scope::Workspace:
      return getWorkspaceConnection(source.key);
    case ConnectionSource::Scope::AppUser:
      return getCurrentAppUserConnection(source.key);
  }
  throw InvalidArgumentError("source.scope", "unknown connection scope");
}

Connection Connectors::cached(const ConnectionSource& source) const {
  return state_->cache.get(source, [&] { return fetch(source); });
}

void Connectors::invalidate(const ConnectionSource& source, const Secret& staleToken) const {
  state_->cache.invalidate(source, staleToken);
}

}  // namespace b44
