#include <b44/connectors.hpp>
#include <b44/errors.hpp>

#include "client_state.hpp"

#include <array>

namespace b44 {
namespace {

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

nlohmann::json parseJsonOrNull(const std::string& body) {
  if (body.empty()) return nullptr;
  auto parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  return parsed.is_discarded() ? nlohmann::json(body) : parsed;
}

std::string firstString(const nlohmann::json& body,
                        std::initializer_list<nlohmann::json::json_pointer> pointers) {
  for (const auto& pointer : pointers) {
    if (body.is_object() && body.contains(pointer)) {
      const auto& value = body.at(pointer);
      if (value.is_string() && !value.get_ref<const std::string&>().empty())
        return value.get<std::string>();
      if (value.is_number()) return value.dump();
    }
  }
  return {};
}

// The official SDK's error shape: message, status, code, data.
[[noreturn]] void throwBase44Error(const HttpResponse& response) {
  const nlohmann::json data = parseJsonOrNull(response.body);
  using P = nlohmann::json::json_pointer;
  std::string message = firstString(data, {P("/error/message"), P("/message"), P("/detail")});
  if (message.empty())
    message = "Request failed with status code " + std::to_string(response.status);
  std::string code = firstString(data, {P("/error/code"), P("/code")});
  if (code.empty()) code = response.headers.get("x-base44-connector-error").value_or("");
  throw Base44Error(response.status, std::move(code), std::move(message), data);
}

nlohmann::json parseSuccess(const HttpResponse& response, const std::string& operation) {
  if (response.status < 200 || response.status > 299) throwBase44Error(response);
  auto body = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) {
    throw ProtocolError(operation + ": Base44 answered HTTP " + std::to_string(response.status) +
                        " with a body that is not valid JSON (" +
                        std::to_string(response.body.size()) + " bytes)");
  }
  return body;
}

Connection parseConnection(const nlohmann::json& body, std::string_view requested,
                           const std::string& operation) {
  auto fail = [&](const std::string& what) -> ProtocolError {
    return ProtocolError(operation + ": malformed answer from Base44: " + what);
  };
  if (!body.is_object()) throw fail("expected a JSON object");
  const auto token = body.find("access_token");
  if (token == body.end() || !token->is_string() || token->get_ref<const std::string&>().empty()) {
    throw fail("'access_token' is missing or not a non-empty string");
  }
  Connection connection;
  connection.accessToken = Secret(token->get<std::string>());
  const auto type = body.find("integration_type");
  connection.integrationType =
      type != body.end() && type->is_string() ? type->get<std::string>() : std::string(requested);
  const auto config = body.find("connection_config");
  if (config != body.end() && !config->is_null()) {
    if (!config->is_object()) throw fail("'connection_config' is neither an object nor null");
    ConnectionConfig values;
    for (const auto& [key, value] : config->items()) {
      if (value.is_string()) {
        values[key] = value.get<std::string>();
      } else if (value.is_number() || value.is_boolean()) {
        values[key] = value.dump();
      } else if (!value.is_null()) {
        throw fail("'connection_config." + key + "' is not a string");
      }
    }
    connection.connectionConfig = std::move(values);
  }
  return connection;
}

CallApiResponse::Phase parsePhase(const nlohmann::json& value, const std::string& operation) {
  static const std::array<std::pair<const char*, CallApiResponse::Phase>, 4> kPhases{{
      {"not_sent", CallApiResponse::Phase::NotSent},
      {"responded", CallApiResponse::Phase::Responded},
      {"timed_out", CallApiResponse::Phase::TimedOut},
      {"sent_unconfirmed", CallApiResponse::Phase::SentUnconfirmed},
  }};
  if (value.is_string()) {
    for (const auto& [name, phase] : kPhases) {
      if (value == name) return phase;
    }
  }
  throw ProtocolError(operation + ": malformed answer from Base44: unknown phase " + value.dump());
}

CallApiResponse parseCallApi(const nlohmann::json& body, const std::string& operation) {
  if (!body.is_object()) {
    throw ProtocolError(operation + ": malformed answer from Base44: expected a JSON object");
  }
  CallApiResponse out;
  out.success = body.value("success", false);
  out.phase = parsePhase(body.value("phase", nlohmann::json("not_sent")), operation);
  if (const auto status = body.find("status_code");
      status != body.end() && status->is_number_integer()) {
    out.statusCode = status->get<int>();
  }
  out.data = body.value("data", nlohmann::json(nullptr));
  if (const auto b64 = body.find("data_base64"); b64 != body.end() && b64->is_string()) {
    out.dataBase64 = b64->get<std::string>();
  }
  if (const auto type = body.find("content_type"); type != body.end() && type->is_string()) {
    out.contentType = type->get<std::string>();
  }
  if (const auto headers = body.find("headers"); headers != body.end() && headers->is_object()) {
    for (const auto& [name, value] : headers->items()) {
      out.headers[name] = value.is_string() ? value.get<std::string>() : value.dump();
    }
  }
  if (const auto credits = body.find("credits_charged");
      credits != body.end() && credits->is_number()) {
    out.creditsCharged = credits->get<double>();
  }
  return out;
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
