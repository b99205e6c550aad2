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
#include <b44/clock.hpp>
#include <b44/plugin/adapter.hpp>
#include <b44/rate_limit.hpp>

#include <chrono>
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
// the record file and in anything printed (Emulator::redactedJson).
struct RecordedRequest {
  // The request method, e.g. "POST".
  std::string method;
  // Sandbox side: "https://<Host header><path>[?<query>]".
  // Base44 side: "http://<Host header><path>[?<query>]".
  std::string url;
  // Every header by lowercase name, values in full.
  std::map<std::string, std::string> headers;
  std::optional<std::string> body;  // absent when the request had no body
  // The name of the fault rule that answered it (see FaultRule), or empty.
  // "revoked_token" marks a request made with a token rotated away.
  std::string fault;

  // {"method", "url", "headers", "body"} (and "fault" when one answered).
  // With `redactCredentials`, the value
  // of every credential header becomes "<scheme> <redacted>" (e.g.
  // "Bearer <redacted>"), or "<redacted>" when it has no scheme. That goes by
  // header names only; Emulator::redactedJson also knows the adapters' token
  // headers and the tokens themselves, and is what the record file holds.
  [[nodiscard]] nlohmann::json toJson(bool redactCredentials) const;
};

// ---- Fault injection ----
// Rules that make either side misbehave on purpose, so clients can be tested
// against the failures real services and Base44 produce. Rules are tried in
// order for every request; the first that fires decides the answer (a
// barrier only holds requests back, and a quota that is not exceeded only adds
// its headers; matching then goes on). The JSON form (`--faults FILE`,
// faultsFromJson) is documented in tools/emulator/README.md.
enum class FaultSide { Sandbox, Base44 };

// What a fault rule does to a matching request.
enum class FaultKind {
  Status,            // answer `status` (401, 403, 404, 500, 502, 503, 504, ...), route not run
  RateLimit,         // 429 (or `status`) with Retry-After and/or remaining/reset headers
  RateLimitHeaders,  // the normal answer plus remaining/reset headers
  Quota,             // a limiter: `limit` requests per `window`, 429 beyond; headers always
  Slow,              // hold the answer for `delay` (ends early when the client hangs up)
  Disconnect,        // send the headers and half the body, then close the connection
  TruncatedBody,     // the normal answer with its body cut in half (Content-Length agrees)
  InvalidJson,       // 200 with a JSON content type and a body that is not JSON
  EmptyBody,         // the normal status and content type, no body
  HugeBody,          // 200 with a JSON body of `size` bytes (streamed)
  WrongContentType,  // an HTML page (text/html) in place of the answer
  RotateToken,       // 401; the connection's token is rotated: Base44 hands out a new
                     // one and the old one is answered 401 from then on (sandbox only)
  Barrier,           // hold matching requests until `count` have arrived (or `delay`)
};

// The longest a Slow or Barrier fault holds a request.
inline constexpr std::chrono::milliseconds kMaxFaultDelay{60'000};

// One fault rule: which requests it matches, and what it answers (see above).
struct FaultRule {
  std::string name;  // in records and FiredFault; default "<kind>#<position>"
  // Which side's requests it matches.
  FaultSide side = FaultSide::Sandbox;
  // What it does to them.
  FaultKind kind = FaultKind::Status;

  // Which requests (every condition given must hold):
  std::string method;  // e.g. "POST"; empty = any
  // Sandbox only: the Host header's name, exact or "*.suffix"; empty = any.
  std::string host;
  // The raw request path (no query): exact, or a pattern in which '*' matches
  // any characters ("/api/chat.*", "/api/apps/*/external-auth/*"); empty = any.
  std::string path;
  // The integration type: on the sandbox, that of the connection whose token
  // the request carries; on Base44, that of the endpoint's type or connector.
  std::string integrationType;
  std::size_t skip = 0;              // let this many matching requests through first
  std::optional<std::size_t> times;  // fire this many times, then stop; absent = always

  // What (by kind):
  int status = 0;                              // Status: required; RateLimit: default 429
  nlohmann::json body = nullptr;               // Status/RateLimit: the error body
  std::map<std::string, std::string> headers;  // added to the answer
  std::string retryAfter;  // RateLimit: a literal Retry-After ("2" or an HTTP date)
  // RateLimit: Retry-After as an HTTP date this many seconds ahead.
  std::optional<std::chrono::seconds> retryAfterHttpDate;
  // RateLimit, RateLimitHeaders, Quota: the headers that carry the budget.
  std::string remainingHeader = "X-RateLimit-Remaining";
  // The header that carries the reset time.
  std::string resetHeader = "X-RateLimit-Reset";
  // How the reset time is written in resetHeader.
  RateLimitSignals::ResetFormat resetFormat = RateLimitSignals::ResetFormat::DeltaSeconds;
  std::optional<long long> remaining;         // RateLimit(Headers): the remaining value
  std::optional<std::chrono::seconds> reset;  // RateLimit(Headers): seconds until the reset
  std::size_t limit = 0;                      // Quota: requests per window
  std::chrono::seconds window{60};            // Quota
  std::chrono::milliseconds delay{0};         // Slow: the hold; Barrier: the longest wait
  std::size_t size = 0;                       // HugeBody: bytes
  bool chunked = false;                       // HugeBody: no Content-Length
  std::size_t count = 0;                      // Barrier: requests to gather
};

// One fault that fired.
struct FiredFault {
  std::string rule;  // the rule's name ("revoked_token" for a rotated-away token)
  // What the rule did.
  FaultKind kind = FaultKind::Status;
  // The side whose request it answered.
  FaultSide side = FaultSide::Sandbox;
  // The request's method.
  std::string method;
  std::string url;  // as in RecordedRequest
  // The request's integration type, when known; may be empty.
  std::string integrationType;
};

// "status", "rate_limit", ... as in the JSON form; and back (nullopt if unknown).
std::string toString(FaultKind kind);
// The kind a JSON-form name stands for; nullopt if unknown.
std::optional<FaultKind> faultKindFromString(std::string_view name);

// Parses {"faults": [rule, ...]} (or a bare array of rules). Throws
// InvalidArgumentError naming `source` and the field ("faults[2].status").
std::vector<FaultRule> faultsFromJson(const nlohmann::json& document,
                                      const std::string& source = "faults");
// Reads a faults file and parses it as faultsFromJson does; InvalidArgumentError
// when it cannot be read or is not valid JSON.
std::vector<FaultRule> loadFaultsFile(const std::filesystem::path& file);

// Finds the adapter of an integration type (see EmulatorOptions::adapterLookup).
using AdapterLookup =
    std::function<std::shared_ptr<const b44::plugin::Adapter>(std::string_view type)>;

// How an Emulator is set up: addresses, connections, routes, records, faults.
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
  // At most this many requests per side are kept in memory (sandboxRequests(),
  // base44Requests()); beyond it the oldest are dropped and counted
  // (droppedRecords()). The record file still gets every request. 0 = no limit.
  std::size_t maxRecords = 10'000;
  // The adapter of an integration type, for callApi (which needs the
  // connector's hosts and token presentation). May return null.
  AdapterLookup adapterLookup;
  // Requests with a larger body are answered 413 and not recorded.
  std::size_t maxBodyBytes = 8u << 20;
  std::size_t maxThreads = 16;  // per server
  // The longest a connection may stay silent while a request's headers or
  // body are expected (per read). A client that opens a connection and sends
  // half a request is dropped after this, so it holds a server thread only
  // briefly; answers (a Slow fault's hold included) are not bound by it.
  std::chrono::milliseconds idleTimeout{5000};
  // The longest a request's headers and body may take to arrive in all,
  // however they trickle (idleTimeout is per read: a client sending a byte
  // now and then would hold a thread for ever). Answers are not bound by it.
  std::chrono::milliseconds requestTimeout{15000};
  // Fault rules in force from the start (more with Emulator::addFault).
  std::vector<FaultRule> faults;
  // Time for quotas, reset headers and HTTP dates; default the system clock.
  // Tests share their ManualClock with the client so both see the same time.
  std::shared_ptr<b44::Clock> clock;
  // Called (on a server thread) for every fault that fires. Its url is in
  // full: print it through Emulator::redact.
  std::function<void(const FiredFault&)> onFault;
};

// How many requests were dropped from memory to keep EmulatorOptions::maxRecords.
struct DroppedRecords {
  // Sandbox requests dropped.
  std::size_t sandbox = 0;
  // Base44-side requests dropped.
  std::size_t base44 = 0;
};

// The emulator's two servers (see the top of this header), in-process.
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
  // The Base44 side's port (the one bound, when 0 was asked); valid after start().
  [[nodiscard]] std::uint16_t base44Port() const;
  // The sandbox's port (the one bound, when 0 was asked); valid after start().
  [[nodiscard]] std::uint16_t sandboxPort() const;

  // The upstream requests so far, oldest first: sandbox HTTP requests and
  // callApi dispatches (including those a fault answered: see
  // RecordedRequest::fault). At most maxRecords: the latest ones.
  [[nodiscard]] std::vector<RecordedRequest> sandboxRequests() const;
  // The requests the Base44 side received, oldest first (the latest maxRecords).
  [[nodiscard]] std::vector<RecordedRequest> base44Requests() const;
  // How many of each side were dropped from memory (oldest first) since the
  // start or the last clearRecords(); the record file has them.
  [[nodiscard]] DroppedRecords droppedRecords() const;
  void clearRecords();  // requests, drop counts and fired faults

  // Fault injection (see FaultRule); safe while requests are served. A rule is
  // checked when added (InvalidArgumentError naming the field). clearFaults()
  // removes every rule with its counters and quota windows and releases the
  // requests held at a barrier; rotated tokens stay rotated.
  void addFault(FaultRule rule);
  // Removes every rule (see above).
  void clearFaults();
  // The faults fired so far, oldest first (cleared by clearRecords; the latest
  // EmulatorOptions::maxRecords), and counts by kind
  // ("status", "rate_limit", ... as in the JSON form).
  [[nodiscard]] std::vector<FiredFault> firedFaults() const;
  // Counts of the fired faults by kind name, e.g. {"status": 2}.
  [[nodiscard]] std::map<std::string, std::size_t> firedFaultCounts() const;

  // What the record file holds for a request (unless recordCredentials): the
  // value of every credential header (b44::isCredentialHeader) and of the
  // token header each connection's adapter declares (adapterLookup,
  // spec().token.header) as toJson(true) redacts it, and every token the
  // emulator knows -- the service token and each connection's token, current
  // or rotated away, also percent-encoded or JSON-escaped -- replaced by
  // "<redacted>" in the other header values, the URL and the body. Tokens of
  // fewer than 4 characters are placeholders and only redacted by header.
  [[nodiscard]] nlohmann::json redactedJson(const RecordedRequest& request) const;
  // `text` with every token the emulator knows replaced by "<redacted>", as
  // above: for anything printed (e.g. FiredFault::url in an onFault callback).
  [[nodiscard]] std::string redact(std::string_view text) const;

  // The app the Base44 side serves (the connections document's app_id).
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
