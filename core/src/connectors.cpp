#include <b44/connectors.hpp>
#include <b44/errors.hpp>

#include "base44_wire.hpp"
#include "client_state.hpp"

#include <array>

namespace b44 {
namespace {

using detail::parseCallApi;
using detail::parseConnection;
using detail::parseRedirectUrl;
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

std::string appUserPath(const detail::ClientState& state, std::string_view connectorId) {
  return appPath(state) + "/app-user-auth/connectors/" + segment(connectorId, "connectorId");
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
std::string_view ConnectionSource::scopeName() const {
  // Indexed by Scope.
  static constexpr std::array<std::string_view, 3> kNames{"app", "workspace", "app-user"};
  const auto index = static_cast<std::size_t>(scope);
  return index < kNames.size() ? kNames[index] : "unknown";
}

ConnectionSource ConnectionSource::workspace(std::string connectorId) {
  return {Scope::Workspace, std::move(connectorId)};
}
ConnectionSource ConnectionSource::appUser(std::string connectorId) {
  return {Scope::AppUser, std::move(connectorId)};
}

Connectors::Connectors(std::shared_ptr<detail::ClientState> state) : state_(std::move(state)) {}

namespace {

// One GET of a connection endpoint; `requested` names the type when the answer
// does not.
// Base44's answers are read with the client's JSON depth limit, and any error
// leaves scrubbed of the client's own tokens (an error body may echo them).
template <class Read>
auto readingBase44(const detail::ClientState& state, Read&& read) {
  try {
    return read();
  } catch (Error& e) {
    e.redact({state.options.serviceToken.reveal(), state.options.userToken.reveal()});
    throw;
  }
}

Connection getConnectionAt(const detail::ClientState& state, const std::string& path,
                           const std::string& operation, std::string_view requested,
                           std::optional<Clock::TimePoint> deadline) {
  return readingBase44(state, [&] {
    const auto response = state.sendToBase44("GET", path, "", true, operation, deadline);
    detail::Metrics::count(state.metrics.base44Fetches, state.options.log,
                           "Base44 connection fetch", operation);
    return parseConnection(parseSuccess(response, operation, state.options.transport.maxJsonDepth),
                           requested, operation);
  });
}

Connection fetchConnection(const detail::ClientState& state, const ConnectionSource& source,
                           std::optional<Clock::TimePoint> deadline) {
  switch (source.scope) {
    case ConnectionSource::Scope::App:
      return getConnectionAt(
          state, appPath(state) + "/external-auth/tokens/" + segment(source.key, "integrationType"),
          "getConnection(" + source.key + ")", source.key, deadline);
    case ConnectionSource::Scope::Workspace:
      return getConnectionAt(
          state,
          appPath(state) + "/external-auth/tokens/connectors/" + segment(source.key, "connectorId"),
          "getWorkspaceConnection(" + source.key + ")", "", deadline);
    case ConnectionSource::Scope::AppUser:
      return getConnectionAt(state, appUserPath(state, source.key) + "/token",
                             "getCurrentAppUserConnection(" + source.key + ")", "", deadline);
  }
  throw InvalidArgumentError("source.scope", "unknown connection scope");
}

}  // namespace

Connection Connectors::getConnection(std::string_view integrationType) const {
  return fetchConnection(*state_, ConnectionSource::app(std::string(integrationType)),
                         std::nullopt);
}

Secret Connectors::getAccessToken(std::string_view integrationType) const {
  return getConnection(integrationType).accessToken;
}

Connection Connectors::getWorkspaceConnection(std::string_view connectorId) const {
  return fetchConnection(*state_, ConnectionSource::workspace(std::string(connectorId)),
                         std::nullopt);
}

Connection Connectors::getCurrentAppUserConnection(std::string_view connectorId) const {
  return fetchConnection(*state_, ConnectionSource::appUser(std::string(connectorId)),
                         std::nullopt);
}

Secret Connectors::getCurrentAppUserAccessToken(std::string_view connectorId) const {
  return getCurrentAppUserConnection(connectorId).accessToken;
}

std::string Connectors::connectAppUser(std::string_view connectorId) const {
  const std::string operation = "connectAppUser(" + std::string(connectorId) + ")";
  const std::string path = appUserPath(*state_, connectorId) + "/initiate";
  return readingBase44(*state_, [&] {
    // Initiating twice only yields another authorization URL: safe to resend.
    const auto response = state_->sendToBase44("POST", path, "", /*retrySafe=*/true, operation,
                                               std::nullopt, detail::ClientState::Role::AppUser);
    return parseRedirectUrl(
        parseSuccess(response, operation, state_->options.transport.maxJsonDepth), operation);
  });
}

void Connectors::disconnectAppUser(std::string_view connectorId) const {
  const std::string operation = "disconnectAppUser(" + std::string(connectorId) + ")";
  const std::string path = appUserPath(*state_, connectorId);
  readingBase44(*state_, [&] {
    // The answer's body is ignored, as the SDK does; only its status counts.
    detail::checkSuccess(state_->sendToBase44("DELETE", path, "", /*retrySafe=*/true, operation,
                                              std::nullopt, detail::ClientState::Role::AppUser),
                         state_->options.transport.maxJsonDepth);
    return 0;
  });
  const auto source = ConnectionSource::appUser(std::string(connectorId));
  state_->cache.drop(source);
  if (state_->sharedConnections) state_->sharedConnections->drop(source);
}

CallApiResponse Connectors::callApi(std::string_view integrationType, const CallApiRequest& request,
                                    std::optional<bool> retrySafe,
                                    std::optional<Clock::TimePoint> deadline) const {
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
  return readingBase44(*state_, [&] {
    const auto response =
        state_->sendToBase44("POST", path, body.dump(), safe, operation, deadline);
    return parseCallApi(parseSuccess(response, operation, state_->options.transport.maxJsonDepth),
                        operation);
  });
}

Connection Connectors::fetch(const ConnectionSource& source) const {
  return fetchConnection(*state_, source, std::nullopt);
}

Connection Connectors::cached(const ConnectionSource& source) const {
  return cached(source, state_->options.clock->now() + state_->options.retry.callDeadline);
}

Connection Connectors::cached(const ConnectionSource& source, Clock::TimePoint deadline) const {
  // This process's cache first; on a miss, the fleet's (Redis) when shared.
  return state_->cache.get(source, [&]() -> detail::AgedConnection {
    const auto fetchHere = [&] { return fetchConnection(*state_, source, deadline); };
    if (state_->sharedConnections)
      return state_->sharedConnections->get(source, fetchHere, deadline);
    return {fetchHere(), {}};
  });
}

void Connectors::invalidate(const ConnectionSource& source, const Secret& staleToken) const {
  state_->cache.invalidate(source, staleToken);
  if (state_->sharedConnections) state_->sharedConnections->invalidate(source, staleToken);
}

}  // namespace b44
