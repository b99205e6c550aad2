#pragma once
// The Base44 emulator: a local stand-in for Base44's connectors API and for the
// upstream services behind it, for integration tests and offline development.
//
// One Emulator runs two HTTP servers on loopback:
//   - the Base44 side (`base44Url()`, use as ClientOptions::serverUrl) answers
//     getConnection, getWorkspaceConnection, getCurrentAppUserConnection and
//     callApi from a connections document, checking the service token and the
//     app id like Base44 does;
//   - the sandbox side (`sandboxUrl()`, use as TransportOptions::connectTo /
//     B44_CONNECT_TO) receives upstream service requests with their original
//     Host header, records each one and answers from data-driven route files.
// callApi dispatches in-process to the sandbox, so a proxied call is recorded
// exactly like a direct one. File formats: tools/emulator/README.md.
#include <b44/plugin/adapter.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace b44::emulator {

// One request as the emulator received it. Header names are lowercase; the
// values are kept in full in memory (tests assert on tokens), and redacted in
// toJson(true), in the record file and in anything printed.
struct RecordedRequest {
  std::string method;
  // Sandbox side: "https://<Host header><path>[?<query>]".
  // Base44 side: "http://<Host header><path>[?<query>]".
  std::string url;
  std::map<std::string, std::string> headers;
  std::optional<std::string> body;  // absent when the request had no body

  // {"method", "url", "headers", "body"}. With `redactCredentials`, the value
  // of every credential header becomes "<scheme> <redacted>" (e.g.
  // "Bearer <redacted>"), or "<redacted>" when it has no scheme.
  [[nodiscard]] nlohmann::json toJson(bool redactCredentials) const;
};

using AdapterLookup =
    std::function<std::shared_ptr<const b44::plugin::Adapter>(std::string_view type)>;

struct EmulatorOptions {
  // Loopback only ("127.0.0.1", "::1" or "localhost"); anything else is refused.
  std::string host = "127.0.0.1";
  std::uint16_t base44Port = 0;   // 0 = an ephemeral port
  std::uint16_t sandboxPort = 0;  // 0 = an ephemeral port
  // The connections document (see loadConnectionsFile and the README).
  nlohmann::json connections;
  // Route files and/or directories (every *.json inside, by name), merged in order.
  std::vector<std::filesystem::path> routeFiles;
  // When set, every sandbox request is appended to it as one JSON line.
  std::filesystem::path recordFile;
  // Write credential header values unredacted to the record file.
  bool recordCredentials = false;
  // The adapter of an integration type, for callApi (which needs the
  // connector's hosts and token presentation). May return null.
  AdapterLookup adapterLookup;
  // Requests with a larger body are answered 413 and not recorded.
  std::size_t maxBodyBytes = 8u << 20;
  std::size_t maxThreads = 16;  // per server
};

class Emulator {
 public:
  // Validates the connections document and loads the route files; throws
  // InvalidArgumentError naming the offending field or file.
  explicit Emulator(EmulatorOptions options);
  ~Emulator();  // stops the servers
  Emulator(const Emulator&) = delete;
  Emulator& operator=(const Emulator&) = delete;

  // Binds and starts both servers. When it returns, both accept connections.
  void start();
  // Stops both servers, aborting open connections. Idempotent.
  void stop();

  [[nodiscard]] std::string base44Url() const;   // "http://127.0.0.1:PORT"
  [[nodiscard]] std::string sandboxUrl() const;  // "http://127.0.0.1:PORT"
  [[nodiscard]] std::uint16_t base44Port() const;
  [[nodiscard]] std::uint16_t sandboxPort() const;

  // Every upstream request so far: sandbox HTTP requests and callApi dispatches.
  [[nodiscard]] std::vector<RecordedRequest> sandboxRequests() const;
  // Every request the Base44 side received.
  [[nodiscard]] std::vector<RecordedRequest> base44Requests() const;
  void clearRecords();

  [[nodiscard]] std::string appId() const;
  // The token the Base44 side expects as "Authorization: Bearer <token>".
  [[nodiscard]] std::string serviceToken() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Where the route files shipped with the framework are: share/b44/sandbox
// beside the lib/ directory holding this library (build and install trees).
std::filesystem::path defaultRouteDirectory();

// Reads and validates a connections document. Throws InvalidArgumentError
// naming the file and the field ("connections.slack.access_token").
nlohmann::json loadConnectionsFile(const std::filesystem::path& file);

// Validates a connections document (as loadConnectionsFile does after parsing).
void validateConnections(const nlohmann::json& document);

}  // namespace b44::emulator
