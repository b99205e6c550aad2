#pragma once
// The connectors module, as the official SDK's `base44.asServiceRole.connectors`
// (service token), plus the SDK's user-scoped `base44.connectors` calls
// (connectAppUser, disconnectAppUser: the app user's token alone).
// Obtain it from Client::connectors().
#include <b44/clock.hpp>
#include <b44/secret.hpp>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace b44 {

namespace detail {
struct ClientState;
}

// A connection's account-specific values by name, e.g. {"subdomain": "acme"}
// (numbers and booleans Base44 sends are kept as their JSON text).
using ConnectionConfig = std::map<std::string, std::string>;

// What Base44 hands out for a connector: a token and, for services whose URL
// depends on the account, connection config such as {"subdomain": "acme"}.
struct Connection {
  // The service's access token (never empty, visible ASCII only).
  Secret accessToken;
  std::optional<ConnectionConfig> connectionConfig;  // absent when Base44 sends null
  // The connector's integration type, e.g. "slack" (the requested one when
  // Base44 does not say).
  std::string integrationType;
};

// Where a connection comes from.
struct ConnectionSource {
  // Whose connection: the app's own connector (App), a workspace connector
  // (Workspace), or the current app user's (AppUser).
  enum class Scope { App, Workspace, AppUser };
  // Whose connection it is.
  Scope scope = Scope::App;
  std::string key;  // integration type (App) or connector id (Workspace, AppUser)

  // The app's connection for `integrationType` (getConnection).
  static ConnectionSource app(std::string integrationType);
  // "app", "workspace" or "app-user": the scope's name in keys and messages.
  [[nodiscard]] std::string_view scopeName() const;
  // A workspace connector's connection (getWorkspaceConnection).
  static ConnectionSource workspace(std::string connectorId);
  // The current app user's connection (getCurrentAppUserConnection).
  static ConnectionSource appUser(std::string connectorId);
  // Same scope and key.
  friend bool operator==(const ConnectionSource&, const ConnectionSource&) = default;
  // Ordered by scope, then key (the connection cache's key order).
  friend auto operator<=>(const ConnectionSource&, const ConnectionSource&) = default;
};

// A request for Base44's metered proxy (`callApi`).
struct CallApiRequest {
  std::string method = "GET";  // GET, POST, PUT, PATCH, DELETE or HEAD
  std::string host;            // one of the connector's declared hosts; empty = default
  std::string path;            // starts with "/", never an absolute URL
  // Query parameters as a JSON object (InvalidArgumentError otherwise).
  nlohmann::json query = nlohmann::json::object();
  // Headers to send as a JSON object, without credentials: Base44 adds them.
  nlohmann::json headers = nlohmann::json::object();
  // The request body: JSON, a string for text, null for none.
  nlohmann::json body = nullptr;
};

// Base44's answer to `callApi`: what became of the request, and the service's
// answer if there was one.
struct CallApiResponse {
  // How far the request got: Base44 did not send it (NotSent), the service
  // answered (Responded), or it was sent and no answer came in time (TimedOut,
  // SentUnconfirmed): the outcome is unknown.
  enum class Phase { NotSent, Responded, TimedOut, SentUnconfirmed };
  // Base44's own verdict on the call; false when it did not say.
  bool success = false;
  // How far the request got (NotSent when Base44 did not say).
  Phase phase = Phase::NotSent;
  // The service's HTTP status, when it answered.
  std::optional<int> statusCode;
  // The service's body: JSON as JSON, text as a string, null if none (or a
  // NotSent reason from Base44).
  nlohmann::json data;
  // The body as base64, when Base44 sent it that way (bytes that are not text).
  std::optional<std::string> dataBase64;
  // The service's Content-Type, when Base44 passed it on.
  std::optional<std::string> contentType;
  // The service's answer headers Base44 passed on, by name.
  std::map<std::string, std::string> headers;
  // The Base44 credits this call cost (0 when Base44 did not say).
  double creditsCharged = 0;
};

// The connectors module; see the top of this header. Copies share the client's
// state (options, send path, connection cache).
class Connectors {
 public:
  // Made by Client; `state` is the client's internal state.
  explicit Connectors(std::shared_ptr<detail::ClientState> state);

  // GET /apps/{appId}/external-auth/tokens/{type}
  Connection getConnection(std::string_view integrationType) const;
  // Only the token of getConnection(); kept for the official SDK's name.
  [[deprecated("use getConnection(type).accessToken")]] Secret getAccessToken(
      std::string_view integrationType) const;
  // GET /apps/{appId}/external-auth/tokens/connectors/{connectorId}
  Connection getWorkspaceConnection(std::string_view connectorId) const;
  // GET /apps/{appId}/app-user-auth/connectors/{connectorId}/token
  Connection getCurrentAppUserConnection(std::string_view connectorId) const;
  // Only the token of getCurrentAppUserConnection(); kept for the official SDK's
  // name.
  [[deprecated("use getCurrentAppUserConnection(id).accessToken")]] Secret
  getCurrentAppUserAccessToken(std::string_view connectorId) const;

  // The app user's own calls, sent with ClientOptions::userToken as
  // `Authorization: Bearer` and no service token (InvalidArgumentError
  // without a user token).
  // POST /apps/{appId}/app-user-auth/connectors/{connectorId}/initiate: the
  // URL to send the app user's browser to, where they authorize the
  // connector. ProtocolError unless Base44 answers an http(s) URL.
  std::string connectAppUser(std::string_view connectorId) const;
  // DELETE /apps/{appId}/app-user-auth/connectors/{connectorId}: the app
  // user's connection is removed (and dropped from this client's cache).
  void disconnectAppUser(std::string_view connectorId) const;
  // POST /apps/{appId}/connectors/{type}/call. Base44-side failures are
  // retried only when `retrySafe` (default: GET and HEAD requests).
  // `deadline` bounds the whole Base44 request (default: the client's call
  // deadline from now).
  CallApiResponse callApi(std::string_view integrationType, const CallApiRequest& request,
                          std::optional<bool> retrySafe = std::nullopt,
                          std::optional<Clock::TimePoint> deadline = std::nullopt) const;

  // The uncached fetch for any source.
  Connection fetch(const ConnectionSource& source) const;
  // Through the client's connection cache: one Base44 request per source per
  // time-to-live, shared by concurrent callers.
  Connection cached(const ConnectionSource& source) const;
  // The same, with a fetch bounded by `deadline` (that of the service call
  // needing the connection) rather than a deadline of its own.
  Connection cached(const ConnectionSource& source, Clock::TimePoint deadline) const;
  // Drops the cached connection if it still holds `staleToken` (a 401 proved
  // it dead); a newer connection fetched meanwhile is kept.
  void invalidate(const ConnectionSource& source, const Secret& staleToken) const;

 private:
  std::shared_ptr<detail::ClientState> state_;
};

}  // namespace b44
