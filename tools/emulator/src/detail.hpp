#pragma once
// Internals of the emulator, shared by its source files. Nothing here is
// installed. Request handling is plain functions of (request -> reply), so the
// Poco server glue in emulator.cpp stays thin.
#include <b44/emulator.hpp>
#include <b44/http.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace b44::emulator::detail {

using HeaderMap = std::map<std::string, std::string>;  // lowercase names
using QueryList = std::vector<std::pair<std::string, std::string>>;

// A request as a server received it.
struct Incoming {
  std::string method;
  std::string target;  // the request line's target: raw path and query
  HeaderMap headers;
  std::string body;
};

// What a handler answers.
struct Reply {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // besides content-type
  std::string contentType;                                   // empty: no body type
  std::string body;
  // Wire-level faults, carried out by the HTTP server (and imitated by callApi):
  std::chrono::milliseconds delay{0};   // hold the answer (Slow)
  std::optional<std::size_t> cutAfter;  // send the headers and this many body bytes, then close
  std::optional<std::size_t> padding;   // stream a JSON body of this many bytes instead of `body`
  bool chunked = false;                 // with padding: no Content-Length
};

// ---- small helpers (util.cpp) ----
std::string toLower(std::string_view text);
std::string toUpper(std::string_view text);
// "/a/b%20c" -> {"a", "b%20c"} (raw, not decoded); "/" -> {""}.
std::vector<std::string> splitPath(std::string_view path);
// Splits a request target into its path and query (without '?').
std::pair<std::string, std::string> splitTarget(std::string_view target);
// The host name of a Host header value, without port, lowercase.
std::string hostWithoutPort(std::string_view hostHeader);
bool isValidUtf8(std::string_view text);
// JSON text that never throws on invalid UTF-8 (invalid bytes are replaced).
std::string dumpJson(const nlohmann::json& json);
// "Bearer <redacted>" for "Bearer xyz", "<redacted>" for "xyz".
std::string redactCredential(std::string_view value);
Reply jsonReply(int status, const nlohmann::json& body);
// A Base44-shaped error: {"message": m, "error": {"code": c, "message": m}}.
Reply base44Error(int status, const std::string& code, const std::string& message);

// ---- records (records.cpp) ----
class Redactor;

// The latest `maxRecords` requests of each side in memory (0 = all), every
// sandbox request in the record file (redacted unless `recordCredentials`).
class RecordStore {
 public:
  RecordStore(std::filesystem::path recordFile, bool recordCredentials, std::size_t maxRecords,
              const Redactor& redactor);
  void addSandbox(RecordedRequest request);
  void addBase44(RecordedRequest request);
  [[nodiscard]] std::vector<RecordedRequest> sandbox() const;
  [[nodiscard]] std::vector<RecordedRequest> base44() const;
  [[nodiscard]] DroppedRecords dropped() const;
  void clear();

 private:
  void keep(std::deque<RecordedRequest>& records, std::size_t& dropped, RecordedRequest request);

  mutable std::mutex mutex_;
  std::deque<RecordedRequest> sandbox_;
  std::deque<RecordedRequest> base44_;
  DroppedRecords dropped_;
  std::size_t maxRecords_;
  std::ofstream file_;
  bool recordCredentials_;
  const Redactor& redactor_;
};

// ---- sandbox routes (routes.cpp) ----
struct QueryCondition {
  std::string name;
  enum class Kind { Equals, Present, Absent } kind = Kind::Equals;
  std::string value;
};

// A condition on the parsed request body (JSON, or form fields), for routes
// that share method and path (GraphQL, POST searches with a cursor).
struct BodyCondition {
  std::vector<std::string> path;  // "variables.after" -> {"variables", "after"}
  enum class Kind { Equals, Present, Absent, Contains } kind = Kind::Equals;
  nlohmann::json value;  // Equals: the JSON value; Contains: the substring
};

struct Route {
  std::string where;                      // "file.json: routes[3]", for messages
  std::string method;                     // uppercase; empty = any
  std::string host;                       // lowercase, no port; "*.suffix" wildcard; empty = any
  std::vector<std::string> pathSegments;  // decoded; "{name}" captures one segment,
                                          // a last "{name*}" the rest of the path
  std::vector<QueryCondition> query;
  std::vector<BodyCondition> bodyMatch;
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::optional<nlohmann::json> body;
  std::optional<std::string> bodyText;
  std::optional<std::string> bodyBytes;  // body_base64, decoded; sent as is (not templated)
  std::string contentType;
  // Path parameters whose values are secrets (a webhook token in the path):
  // cut out of everything the emulator writes, as tokens are.
  std::vector<std::string> secret;
};

// Parses the routes of one route document; `source` names it in errors.
std::vector<Route> parseRoutes(const nlohmann::json& document, const std::string& source);

// The routes of every file, in order; matching tries them first to last. The
// routes of one file are shared (immutable) between emulators of a process.
using RouteTable = std::vector<std::shared_ptr<const std::vector<Route>>>;
// Files and directories (every *.json, by name), merged in order. A file read
// before by this process with the same path and the same content is not
// parsed again: a test process starts an emulator per test, and parsing the
// bundled routes (about 1 MB) was most of each adapter test's time.
RouteTable loadRoutes(const std::vector<std::filesystem::path>& paths);

// The request as route matching and templating see it.
struct SandboxRequest {
  std::string method;
  std::string host;  // without port, lowercase
  std::string path;  // raw
  QueryList query;
  HeaderMap headers;
  std::string body;
  nlohmann::json parsedBody;  // parseRequestBody(body, headers), parsed once
};

// The path parameters when `route` matches `request`.
// The {name} values of a path the route's host and path match (method,
// query and body aside), or nullopt.
std::optional<std::map<std::string, std::string>> matchPath(const Route& route,
                                                            const std::string& host,
                                                            const std::string& path);
std::optional<std::map<std::string, std::string>> matchRoute(const Route& route,
                                                             const SandboxRequest& request);
Reply renderRoute(const Route& route, const SandboxRequest& request,
                  const std::map<std::string, std::string>& pathParams);
// Replaces {{...}} placeholders in a JSON value (see the README).
struct TemplateContext {
  const nlohmann::json& body;  // parsed request body (null when unreadable)
  const QueryList& query;
  const std::map<std::string, std::string>& path;
  const HeaderMap& headers;
};
nlohmann::json renderTemplate(const nlohmann::json& value, const TemplateContext& context);
std::string renderText(std::string_view text, const TemplateContext& context);
// The request body as JSON: parsed JSON, a form as an object of strings, else
// null. Throws ProtocolError (naming the limit) when the JSON nests deeper than
// b44::kDefaultMaxJsonDepth.
nlohmann::json parseRequestBody(const std::string& body, const HeaderMap& headers);

// ---- tokens (tokens.cpp) ----
// The tokens of the connections document, by entry ("connections/slack",
// "workspace_connectors/conn_1"): the current one (rotated by a RotateToken
// fault) and the ones rotated away, which the sandbox answers 401.
class TokenBook {
 public:
  explicit TokenBook(const nlohmann::json& document);
  struct Holder {
    std::string entry;
    std::string integrationType;
    bool revoked = false;
  };
  // The current token of an entry (the document's until rotated).
  [[nodiscard]] std::string current(const std::string& entry) const;
  // The entry whose token (current or rotated away) a request carries in a
  // credential header ("Bearer <token>" or the raw token).
  [[nodiscard]] std::optional<Holder> holder(const HeaderMap& headers) const;
  // Replaces the entry's current token by a new one; the old one is revoked.
  void rotate(const std::string& entry);
  // Every token handed out so far: current and rotated away.
  [[nodiscard]] std::vector<std::string> all() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::string> current_;  // entry -> token
  std::map<std::string, Holder> byToken_;       // token -> holder (current and revoked)
  std::map<std::string, int> rotations_;
};

// ---- redaction (redact.cpp) ----
// Tokens shorter than this are not cut out of text (see Redactor::text).
inline constexpr std::size_t kMinRedactedToken = 4;

// What the record file, stderr and the emulator's own error messages show
// instead of tokens. Thread-safe.
class Redactor {
 public:
  // `document`: the connections document (the service token, the integration
  // types whose adapters declare token headers).
  Redactor(const nlohmann::json& document, const TokenBook& tokens, AdapterLookup adapterLookup);
  // A credential-looking header name (b44::isCredentialHeader) or the token
  // header an adapter of the document declares (spec().token.header).
  [[nodiscard]] bool isTokenHeader(const std::string& name) const;
  // `text` with every known token (the service token, the app users' tokens,
  // every connection's
  // current and rotated-away tokens; raw, percent-encoded or JSON-escaped)
  // replaced by "<redacted>".
  [[nodiscard]] std::string text(std::string_view text) const;
  // A request as the record file shows it: token headers as
  // redactCredential() makes them, tokens cut out of the other header values,
  // the URL and the body.
  [[nodiscard]] nlohmann::json request(const RecordedRequest& request) const;
  // Redacts the strings of an error reply the emulator itself produced.
  void errorReply(Reply& reply) const;
  // Cut `secret` (a value a route declares secret) from all text from now on.
  void learn(const std::string& secret);

 private:
  const TokenBook& tokens_;
  std::vector<std::string> fixedSecrets_;  // the service token, the app users' tokens
  // Every needle to cut: the tokens and the learned secrets, in each form.
  [[nodiscard]] std::vector<std::string> known() const;

  mutable std::mutex learnedMutex_;
  std::set<std::string> learned_;  // values of routes' secret path parameters
  std::set<std::string> types_;
  AdapterLookup adapterLookup_;
  mutable std::once_flag declaredOnce_;
  mutable std::set<std::string> declaredHeaders_;  // lowercase; written once, in declaredOnce_
};

// ---- fault injection (faults.cpp) ----
// A request as fault rules see it.
struct FaultRequest {
  FaultSide side = FaultSide::Sandbox;
  std::string method;  // uppercase
  std::string host;    // sandbox: lowercase, no port
  std::string path;    // raw, no query
  std::string url;     // as recorded
  std::string integrationType;
  std::optional<TokenBook::Holder> token;  // sandbox: the connection the request's token belongs to
  const HeaderMap* headers = nullptr;      // sandbox: to see whether the token is still good
};

// The rule that fired for a request (a copy), or the headers of a quota that
// was not exceeded.
struct FaultDecision {
  std::optional<FaultRule> rule;
  std::vector<std::pair<std::string, std::string>> extraHeaders;
  [[nodiscard]] std::string name() const { return rule ? rule->name : std::string(); }
  // True when the route (or the Base44 handler) must not run: the fault
  // answers in its place.
  [[nodiscard]] bool replacesAnswer() const;
};

void validateFault(const FaultRule& rule, const std::string& field);

class FaultInjector {
 public:
  // `maxFired`: how many fired faults fired() keeps, the latest (0: all).
  FaultInjector(std::vector<FaultRule> rules, std::shared_ptr<b44::Clock> clock,
                std::function<void(const FiredFault&)> onFault, TokenBook& tokens,
                std::size_t maxFired);
  void add(FaultRule rule);
  void clear();
  // Holds the request at every matching barrier, then decides: a rotated-away
  // token is answered 401; otherwise the first rule that fires. Counters,
  // quota windows and token rotation change atomically.
  FaultDecision decide(const FaultRequest& request);
  // The answer: the fault's own, or `normal` (the route's, Base44's) changed
  // by it. `base44Shape`: error bodies as Base44 shapes them.
  Reply shape(const FaultDecision& decision, Reply normal, bool base44Shape) const;
  // Waits up to `delay` (false when stopping).
  bool pause(std::chrono::milliseconds delay);
  [[nodiscard]] bool stopping() const;
  void setStopping(bool stopping);  // wakes every waiting request
  [[nodiscard]] std::vector<FiredFault> fired() const;
  // How many fired, by kind, all of them (fired() keeps only the latest).
  [[nodiscard]] std::map<std::string, std::size_t> firedCounts() const;
  void clearFired();

 private:
  struct Rule {
    FaultRule rule;
    std::size_t seen = 0;
    std::size_t fired = 0;
    std::size_t arrived = 0;  // Barrier
    Clock::TimePoint windowStart{};
    bool windowOpen = false;
    std::size_t inWindow = 0;  // Quota
  };
  void passBarriers(const FaultRequest& request);
  void record(const FaultRule& rule, const FaultRequest& request);
  std::vector<std::pair<std::string, std::string>> budgetHeaders(
      const FaultRule& rule, long long remaining, std::chrono::milliseconds reset) const;

  std::shared_ptr<b44::Clock> clock_;
  std::function<void(const FiredFault&)> onFault_;
  TokenBook& tokens_;
  std::size_t maxFired_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Rule> rules_;
  std::deque<FiredFault> fired_;
  std::map<std::string, std::size_t> firedCounts_;
  std::size_t added_ = 0;
  std::uint64_t generation_ = 0;  // bumped by clear(): releases barriers
  bool stopping_ = false;
};

// ---- the sandbox (sandbox.cpp) ----
class Sandbox {
 public:
  Sandbox(RouteTable routes, RecordStore& records, Redactor& redactor);
  // Hands the redactor the values of secret path parameters (Route::secret)
  // of any route whose host and path match, before anything is written.
  void learnSecrets(const std::string& hostHeader, const std::string& path);
  // Records the request (with the fault that answers it, if any) and answers
  // from the first matching route. `hostHeader` is the Host header as sent
  // (may carry a port).
  Reply handle(const std::string& method, const std::string& hostHeader, const std::string& target,
               const HeaderMap& headers, const std::string& body, const std::string& fault = {});
  Reply handle(const Incoming& request);

 private:
  RouteTable routes_;
  RecordStore& records_;
  Redactor& redactor_;
};

// ---- the Base44 side (base44_side.cpp) ----
// An upstream request from callApi, through the sandbox and its faults.
using Dispatch = std::function<Reply(const std::string& method, const std::string& hostHeader,
                                     const std::string& target, const HeaderMap& headers,
                                     const std::string& body)>;

class Base44Side {
 public:
  Base44Side(nlohmann::json connections, Dispatch dispatch, AdapterLookup adapterLookup,
             TokenBook& tokens, FaultInjector& faults, const Redactor& redactor);
  // The answer; error messages never carry a token (they may quote the request).
  Reply handle(const Incoming& request);
  // The integration type a request is about (its type or connector), or "".
  [[nodiscard]] std::string integrationTypeOf(const Incoming& request) const;
  [[nodiscard]] const std::string& appId() const { return appId_; }
  [[nodiscard]] const std::string& serviceToken() const { return serviceToken_; }

 private:
  Reply getConnection(const std::string& type) const;
  Reply getScopedConnection(const char* section, const std::string& connectorId,
                            const char* what) const;
  Reply route(const Incoming& request);
  Reply callApi(const std::string& type, const Incoming& request) const;
  Reply notSent(const std::string& code, const std::string& message) const;
  // The app id checks every endpoint makes; nullopt when they pass.
  std::optional<Reply> checkApp(const Incoming& request, const std::string& pathApp,
                                const char* token) const;
  // The user-scoped endpoints (connectAppUser, disconnectAppUser) and the
  // authorization page connectAppUser's URL leads to.
  Reply appUserCall(const Incoming& request, const std::string& pathApp,
                    const std::string& connectorId, const std::string& operation,
                    const std::string& query);
  // Why the app user behind `authorization` ("Bearer <user token>") may not
  // act, as a 401; nullopt when they may.
  std::optional<Reply> checkAppUser(const std::string& authorization, const char* header) const;
  [[nodiscard]] bool isDisconnected(const std::string& userToken,
                                    const std::string& connectorId) const;
  nlohmann::json document_;
  std::string appId_;
  std::string serviceToken_;
  // The app users' tokens from the document; empty: any Bearer token is one.
  std::set<std::string> appUserTokens_;
  // App user connections removed by disconnectAppUser, as (user token,
  // connector id), and the authorizations connectAppUser started, by state.
  mutable std::mutex appUsersMutex_;
  std::set<std::pair<std::string, std::string>> disconnected_;
  std::map<std::string, std::pair<std::string, std::string>> pendingAuthorizations_;
  Dispatch dispatch_;
  AdapterLookup adapterLookup_;
  TokenBook& tokens_;
  FaultInjector& faults_;
  const Redactor& redactor_;
};

}  // namespace b44::emulator::detail
