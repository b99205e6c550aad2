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

using ConnectionConfig = std::map<std::string, std::string>;

// What Base44 hands out for a connector: a token and, for services whose URL
// depends on the account, connection config such as {"subdomain": "acme"}.
struct Connection {
  Secret accessToken;
  std::optional<ConnectionConfig> connectionConfig;  // absent when Base44 sends null
  std::string integrationType;
};

// Where a connection comes from.
struct ConnectionSource {
  enum class Scope { App, Workspace, AppUser };
  Scope scope = Scope::App;
  std::string key;  // integration type (App) or connector id (Workspace, AppUser)

  static ConnectionSource app(std::string integrationType);
  // "app", "workspace" or "app-user": the scope's name in keys and messages.
  [[nodiscard]] std::string_view scopeName() const;
  static ConnectionSource workspace(std::string connectorId);
  static ConnectionSource appUser(std::string connectorId);
  friend bool operator==(const ConnectionSource&, const ConnectionSource&) = default;
  friend auto operator<=>(const ConnectionSource&, const ConnectionSource&) = default;
};

// A request for Base44's metered proxy (`callApi`).
struct CallApiRequest {
  std::string method = "GET";  // GET, POST, PUT, PATCH, DELETE or HEAD
  std::string host;            // one of the connector's declared hosts; empty = default
  std::string path;            // starts with "/", never an absolute URL
  nlohmann::json query = nlohmann::json::object();
  nlohmann::json headers = nlohmann::json::object();
  nlohmann::json body = nullptr;
};

struct CallApiResponse {
  enum class Phase { NotSent, Responded, TimedOut, SentUnconfirmed };
  bool success = false;
  Phase phase = Phase::NotSent;
  std::optional<int> statusCode;
  nlohmann::json data;
  std::optional<std::string> dataBase64;
  std::optional<std::string> contentType;
  std::map<std::string, std::string> headers;
  double creditsCharged = 0;
};

class Connectors {
 public:
  explicit Connectors(std::shared_ptr<detail::ClientState> state);

  // GET /apps/{appId}/external-auth/tokens/{type}
  Connection getConnection(std::string_view integrationType) const;
  [[deprecated("use getConnection(type).accessToken")]] Secret getAccessToken(
      std::string_view integrationType) const;
  // GET /apps/{appId}/external-auth/tokens/connectors/{connectorId}
  Connection getWorkspaceConnection(std::string_view connectorId) const;
  // GET /apps/{appId}/app-user-auth/connectors/{connectorId}/token
  Connection getCurrentAppUserConnection(std::string_view connectorId) const;
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
