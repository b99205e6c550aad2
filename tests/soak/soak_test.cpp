// Soak: one Client, and ServiceClients made from it by the Registry, make
// many calls from several threads across five real adapters (slack,
// googlecalendar, hubspot, notion, github), on both routes (Direct and the
// Base44 proxy), through actions, a paginated action and raw requests, while
// the emulator injects faults (503/500/502, 429 with a Retry-After of 0 or 1
// s, a token rotation, truncated bodies).
//
// The calls run in batches. After each batch:
//  (a) every call is accounted for exactly: each call carries a unique id
//      that the service sees; the sandbox requests bearing it, in order, are
//      replayed through the client's documented rules (a transient status on
//      a retry-safe call is retried up to maxAttempts; an unsafe call is never
//      re-sent once answered; a 401 is re-sent once with a fresh token; a
//      truncated body is a ProtocolError), which must predict the call's
//      outcome and use up exactly its requests (nothing lost, nothing
//      duplicated); the faulted requests match the emulator's fired faults
//      rule by rule; a proxied call has one Base44 callApi request per
//      service request, and the only other Base44 requests are the token
//      refreshes after a rotation;
//  (b) then the emulator's records are cleared, so that what it keeps does not
//      count as the client's growth.
// RSS, open descriptors and threads are read after a warm-up batch (start),
// half-way (middle) and at the end, printed and recorded as test properties,
// and the end must stay within the bounds explained at kRssSlackKb and
// kFdSlack below.
//
//   B44_SOAK_CALLS   calls in all (default 3000: the short run, in CI)
//   B44_SOAK_BATCH   calls per batch (default 400)
//   B44_SOAK_CALLS=200000 ctest --test-dir build -R Soak --output-on-failure
#include <b44/client.hpp>
#include <b44/emulator.hpp>
#include <b44/errors.hpp>
#include <b44/registry.hpp>
#include <b44/service_client.hpp>

#include <gtest/gtest.h>
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace b44::soak {
namespace {

using namespace std::chrono_literals;
using emulator::FaultKind;
using emulator::FaultRule;

constexpr int kThreads = 4;
constexpr int kMaxAttempts = 4;
constexpr std::chrono::milliseconds kMaxDelay{5};
constexpr std::size_t kDefaultCalls = 3000;
// Calls per batch, all threads together (B44_SOAK_BATCH); each batch starts
// its own threads and re-arms the faults. Enough that every fault rule fires
// its `times` (the smallest rule needs ~120 calls).
constexpr std::size_t kDefaultBatchCalls = 400;
constexpr std::size_t kMinBatchCalls = 200;
const char* const kTypes[] = {"slack", "googlecalendar", "notion", "hubspot", "github"};

// ---- The process's resources, from /proc ----

struct Resources {
  long rssKb = 0;
  long fds = 0;
  long threads = 0;
};

long statusField(const std::string& name) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(name + ":", 0) == 0) return std::stol(line.substr(name.size() + 1));
  }
  ADD_FAILURE() << "no " << name << " in /proc/self/status";
  return -1;
}

Resources measure() {
  // Free heap pages go back to the system first, so that RSS follows the
  // memory in use rather than what the allocator keeps cached from the
  // emulator's records of the batch just cleared.
  ::malloc_trim(0);
  Resources r;
  r.rssKb = statusField("VmRSS");
  r.threads = statusField("Threads");
  // The iterator's own descriptor is counted each time alike.
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    ++r.fds;
  }
  return r;
}

// ---- The workload ----

enum class Kind { Invoke, Pages, Raw };

struct Operation {
  std::string name;  // for reports
  std::string type;
  Route route = Route::Direct;
  Kind kind = Kind::Invoke;
  std::string action;
  bool safe = true;
  std::size_t pages = 1;  // service requests of a fault-free call
  std::function<nlohmann::json(const std::string& id)> args;
  std::function<RawRequest(const std::string& id)> raw;
};

// Each call puts its id where the service sees it (path, query or body), so
// every sandbox request, and every Base44 callApi request, names its call.
const std::vector<Operation>& operations() {
  static const std::vector<Operation> all = [] {
    std::vector<Operation> ops;
    ops.push_back({.name = "slack.get_user_info (direct)",
                   .type = "slack",
                   .action = "get_user_info",
                   .args = [](const std::string& id) -> nlohmann::json {
                     return {{"user", id}};
                   }});
    ops.push_back({.name = "slack.post_message (direct)",
                   .type = "slack",
                   .action = "post_message",
                   .safe = false,
                   .args = [](const std::string& id) -> nlohmann::json {
                     return {{"channel", "C0123456789"}, {"text", "soak " + id}};
                   }});
    ops.push_back({.name = "googlecalendar.list_events pages (direct)",
                   .type = "googlecalendar",
                   .kind = Kind::Pages,
                   .action = "list_events",
                   .pages = 2,  // the sandbox has two pages of events
                   .args = [](const std::string& id) -> nlohmann::json {
                     return {{"calendar_id", id}};
                   }});
    ops.push_back({.name = "hubspot.get_contact (direct)",
                   .type = "hubspot",
                   .action = "get_contact",
                   .args = [](const std::string& id) -> nlohmann::json {
                     return {{"contact_id", id}};
                   }});
    ops.push_back({.name = "hubspot.get_contact (proxy)",
                   .type = "hubspot",
                   .route = Route::Base44Proxy,
                   .action = "get_contact",
                   .args = [](const std::string& id) -> nlohmann::json {
                     return {{"contact_id", id}};
                   }});
    ops.push_back(
        {.name = "notion.create_page (direct)",
         .type = "notion",
         .action = "create_page",
         .safe = false,
         .args = [](const std::string& id) -> nlohmann::json {
           return {{"parent_page_id", "59833787-2cf9-4fdf-8782-e53db20768a5"}, {"title", id}};
         }});
    ops.push_back({.name = "notion.search (proxy)",
                   .type = "notion",
                   .route = Route::Base44Proxy,
                   .action = "search",
                   .args = [](const std::string& id) -> nlohmann::json {
                     return {{"query", id}, {"page_size", 2}};
                   }});
    ops.push_back({.name = "github GET issue, raw (direct)",
                   .type = "github",
                   .kind = Kind::Raw,
                   .raw = [](const std::string& id) {
                     return RawRequest{.method = "GET",
                                       .path = "/repos/octocat/" + id + "/issues/1347"};
                   }});
    ops.push_back({.name = "github GET issues, raw (proxy)",
                   .type = "github",
                   .route = Route::Base44Proxy,
                   .kind = Kind::Raw,
                   .raw = [](const std::string& id) {
                     return RawRequest{.method = "GET", .path = "/repos/octocat/" + id + "/issues"};
                   }});
    ops.push_back({.name = "slack GET conversations.history, raw (proxy)",
                   .type = "slack",
                   .route = Route::Base44Proxy,
                   .kind = Kind::Raw,
                   .raw = [](const std::string& id) {
                     return RawRequest{.method = "GET",
                                       .path = "/conversations.history",
                                       .query = {{"channel", id}}};
                   }});
    return ops;
  }();
  return all;
}

// The faults of one batch: each fires a limited number of times, fewer than
// the batch's matching requests, so every rule fires exactly `times`.
// Rotation and truncation only touch paths that the direct route alone uses.
std::vector<FaultRule> batchFaults() {
  std::vector<FaultRule> rules;
  const auto add = [&](std::string name, FaultKind kind, std::string type, std::string method,
                       std::string path, std::size_t times, std::size_t skip,
                       const std::function<void(FaultRule&)>& tweak = {}) {
    FaultRule rule;
    rule.name = std::move(name);
    rule.kind = kind;
    rule.integrationType = std::move(type);
    rule.method = std::move(method);
    rule.path = std::move(path);
    rule.times = times;
    rule.skip = skip;
    if (tweak) tweak(rule);
    rules.push_back(std::move(rule));
  };
  add("slack-users-503", FaultKind::Status, "slack", "GET", "/api/users.info", 6, 0,
      [](FaultRule& r) { r.status = 503; });
  add("slack-users-rotate", FaultKind::RotateToken, "slack", "GET", "/api/users.info", 1, 10);
  add("slack-users-truncated", FaultKind::TruncatedBody, "slack", "GET", "/api/users.info", 2, 15);
  add("slack-post-429", FaultKind::RateLimit, "slack", "POST", "/api/chat.postMessage", 3, 5,
      [](FaultRule& r) { r.retryAfter = "0"; });
  add("slack-history-429", FaultKind::RateLimit, "slack", "GET", "/api/conversations.history", 4, 3,
      [](FaultRule& r) { r.retryAfter = "1"; });  // beyond retry.maxDelay: ends the call
  add("calendar-events-503", FaultKind::Status, "googlecalendar", "GET",
      "/calendar/v3/calendars/*/events", 5, 0, [](FaultRule& r) { r.status = 503; });
  add("calendar-events-truncated", FaultKind::TruncatedBody, "googlecalendar", "GET",
      "/calendar/v3/calendars/*/events", 2, 20);
  add("hubspot-contact-429", FaultKind::RateLimit, "hubspot", "GET", "/crm/v3/objects/contacts/*",
      6, 2, [](FaultRule& r) { r.retryAfter = "0"; });
  add("notion-pages-503", FaultKind::Status, "notion", "POST", "/v1/pages", 2, 4,
      [](FaultRule& r) { r.status = 503; });
  add("notion-search-503", FaultKind::Status, "notion", "POST", "/v1/search", 4, 1,
      [](FaultRule& r) { r.status = 503; });
  add("github-issue-500", FaultKind::Status, "github", "GET", "/repos/octocat/*/issues/1347", 3, 0,
      [](FaultRule& r) { r.status = 500; });
  add("github-issues-502", FaultKind::Status, "github", "GET", "/repos/octocat/*/issues", 3, 6,
      [](FaultRule& r) { r.status = 502; });
  return rules;
}

// The status a faulted request was answered with, by rule name.
int faultStatus(const std::string& fault) {
  if (fault == "revoked_token" || fault == "slack-users-rotate") return 401;
  static const std::map<std::string, int> kStatus = [] {
    std::map<std::string, int> out;
    for (const auto& rule : batchFaults()) {
      if (rule.kind == FaultKind::Status) out[rule.name] = rule.status;
      if (rule.kind == FaultKind::RateLimit) out[rule.name] = 429;
      if (rule.kind == FaultKind::TruncatedBody) out[rule.name] = 200;
    }
    return out;
  }();
  const auto found = kStatus.find(fault);
  return found == kStatus.end() ? -1 : found->second;
}

bool isTruncation(const std::string& fault) { return fault.find("truncated") != std::string::npos; }

// The wait a rate-limit rule asks for (its Retry-After), by rule name.
std::chrono::seconds askedWait(const std::string& fault) {
  static const std::map<std::string, std::chrono::seconds> kWaits = [] {
    std::map<std::string, std::chrono::seconds> out;
    for (const auto& rule : batchFaults()) {
      if (rule.kind == FaultKind::RateLimit && !rule.retryAfter.empty()) {
        out[rule.name] = std::chrono::seconds(std::stoll(rule.retryAfter));
      }
    }
    return out;
  }();
  const auto found = kWaits.find(fault);
  return found == kWaits.end() ? std::chrono::seconds(0) : found->second;
}

// What a call ended with: "ok", or the kind of error.
std::string classify(const std::exception& error) {
  if (const auto* e = dynamic_cast<const ServiceError*>(&error)) {
    return "ServiceError " + std::to_string(e->status());
  }
  if (const auto* e = dynamic_cast<const Base44Error*>(&error)) {
    return "Base44Error " + std::to_string(e->status());
  }
  if (dynamic_cast<const TransportError*>(&error) != nullptr) return "TransportError";
  if (dynamic_cast<const ProtocolError*>(&error) != nullptr) return "ProtocolError";
  return "unexpected";
}

struct Prediction {
  std::string outcome;
  std::size_t used = 0;  // requests the rules account for
  // Proxy route: requests Base44 re-sent within one callApi (after a 401
  // from a token that rotated meanwhile), so callApi requests = used - resent.
  std::size_t resent = 0;
};

// Replays the requests a call caused (their fault names, in order; empty =
// the route answered) through the client's rules, predicting its outcome.
Prediction predict(const Operation& op, const std::vector<std::string>& faults) {
  std::size_t next = 0;
  std::size_t resent = 0;
  for (std::size_t page = 0; page < op.pages; ++page) {
    for (int attempt = 1;; ++attempt) {
      if (next >= faults.size()) return {"missing requests", next, resent};
      std::string fault = faults[next++];
      if (faultStatus(fault) == 401) {
        // Re-sent once with the fresh token (not an attempt of the retry
        // policy): by the client on the direct route, by Base44 within the
        // same callApi on the proxy route (every 401 here is a rotation).
        if (op.route == Route::Base44Proxy) ++resent;
        if (next >= faults.size()) return {"missing requests", next, resent};
        fault = faults[next++];
        if (faultStatus(fault) == 401) return {"ServiceError 401", next, resent};
      }
      if (fault.empty()) break;  // this page is done
      if (isTruncation(fault)) return {"ProtocolError", next, resent};
      const int status = faultStatus(fault);
      if (status < 0) return {"unknown fault " + fault, next, resent};
      const bool transient = status == 429 || status >= 500;
      // A wait asked beyond maxDelay is never cut short: the call ends now.
      const bool waitTooLong = askedWait(fault) > kMaxDelay;
      if (!transient || !op.safe || attempt >= kMaxAttempts || waitTooLong) {
        return {"ServiceError " + std::to_string(status), next, resent};
      }
    }
  }
  return {"ok", next, resent};
}

struct Outcome {
  std::size_t operation = 0;
  std::string id;
  std::string result;
  std::string message;
};

// What went wrong in one batch (empty: nothing), and its tallies.
struct BatchReport {
  std::vector<std::string> problems;
  // Outcomes the rules account for but worth a look: a 401 that reached the
  // caller (a re-sent request refused again after a token refresh).
  std::vector<std::string> notes;
  std::map<std::string, std::size_t> results;
  std::size_t sandboxRequests = 0;
  std::size_t base44Requests = 0;
  std::size_t faultsFired = 0;
};

std::string idOf(std::size_t batch, int thread, std::size_t call) {
  std::ostringstream out;
  out << "SK" << batch << "T" << thread << "N" << call << "Z";
  return out.str();
}

nlohmann::json connectionsDocument() {
  return {{"app_id", "app_soak"},
          {"service_token", "service-token-soak"},
          {"connections",
           {{"slack", {{"access_token", "xoxp-soak-slack"}}},
            {"googlecalendar", {{"access_token", "ya29.soak-calendar"}}},
            {"notion", {{"access_token", "secret_soak-notion"}}},
            {"hubspot", {{"access_token", "pat-soak-hubspot"}}},
            {"github", {{"access_token", "ghp_soak-github"}}}}}};
}

Registry& registry() {
  static Registry* loaded = [] {
    static Registry instance;
    const char* dir = std::getenv("B44_TEST_ADAPTER_DIR");
    if (dir == nullptr) {
      ADD_FAILURE() << "B44_TEST_ADAPTER_DIR is not set";
    } else {
      for (const auto& diagnostic : instance.loadDirectory(dir)) {
        const auto name = std::filesystem::path(diagnostic.path).filename().string();
        for (const char* type : kTypes) {
          if (name == std::string("libb44_adapter_") + type + ".so") {
            ADD_FAILURE() << "adapter failed to load: " << diagnostic.path << ": "
                          << diagnostic.reason;
          }
        }
      }
    }
    return &instance;
  }();
  return *loaded;
}

std::size_t fromEnvironment(const char* name, std::size_t fallback) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return fallback;
  return static_cast<std::size_t>(std::stoull(text));
}

class Soak : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* type : kTypes) ASSERT_TRUE(registry().contains(type)) << type;
    emulator::EmulatorOptions options;
    options.connections = connectionsDocument();
    options.routeFiles = {emulator::defaultRouteDirectory()};
    options.adapterLookup = [](std::string_view type) { return registry().adapter(type); };
    emulator_ = std::make_unique<emulator::Emulator>(std::move(options));
    emulator_->start();

    ClientOptions client;
    client.serverUrl = emulator_->base44Url();
    client.appId = emulator_->appId();
    client.serviceToken = Secret(emulator_->serviceToken());
    client.transport.connectTo = emulator_->sandboxUrl();
    client.retry.maxAttempts = kMaxAttempts;
    // Real time, tiny waits: back-off 1, 2, 4 ms; a Retry-After beyond
    // maxDelay (the "1" s one) ends the call with a RateLimitError.
    client.retry.initialDelay = 1ms;
    client.retry.maxDelay = kMaxDelay;
    // Cached tokens outlive the longest run: any Base44 fetch is a refresh.
    client.connectionTtl = std::chrono::hours(24);
    client_ = std::make_unique<Client>(client);
    for (const auto& op : operations()) {
      const auto key = op.type + (op.route == Route::Direct ? "|direct" : "|proxy");
      if (!services_.contains(key)) {
        services_.emplace(key, registry().service(op.type, *client_, {.route = op.route}));
      }
    }
  }

  void TearDown() override {
    services_.clear();
    client_.reset();
    emulator_.reset();
  }

  const ServiceClient& service(const Operation& op) const {
    return services_.at(op.type + (op.route == Route::Direct ? "|direct" : "|proxy"));
  }

  // One call, whatever its kind; returns "ok" or the error's kind.
  void call(const Operation& op, const std::string& id, Outcome& outcome) const {
    try {
      switch (op.kind) {
        case Kind::Invoke:
          (void)service(op).invoke(op.action, op.args(id));
          break;
        case Kind::Pages: {
          auto pager = service(op).pages(op.action, op.args(id));
          const auto items = pager.all();
          if (!items.is_array() || items.empty()) {
            outcome.result = "no items";
            return;
          }
          break;
        }
        case Kind::Raw: {
          const auto response = service(op).request(op.raw(id));
          if (!response.ok() || response.json.is_null()) {
            outcome.result = "raw answer without JSON";
            return;
          }
          break;
        }
      }
      outcome.result = "ok";
    } catch (const std::exception& error) {
      outcome.result = classify(error);
      outcome.message = error.what();
    }
  }

  // Runs one batch of `calls` calls and accounts for every one of them.
  BatchReport runBatch(std::size_t batch, std::size_t calls) {
    emulator_->clearFaults();
    for (auto& rule : batchFaults()) emulator_->addFault(rule);
    const std::size_t perThread = (calls + kThreads - 1) / kThreads;
    std::vector<std::vector<Outcome>> outcomes(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (std::size_t i = 0; i < perThread; ++i) {
          Outcome outcome;
          outcome.operation =
              (i * kThreads + static_cast<std::size_t>(t) + batch) % operations().size();
          outcome.id = idOf(batch, t, i);
          call(operations()[outcome.operation], outcome.id, outcome);
          outcomes[static_cast<std::size_t>(t)].push_back(std::move(outcome));
        }
      });
    }
    for (auto& thread : threads) thread.join();
    BatchReport report = account(outcomes);
    emulator_->clearRecords();
    return report;
  }

  BatchReport account(const std::vector<std::vector<Outcome>>& outcomes) const {
    BatchReport report;
    const auto problem = [&](const std::string& text) {
      if (report.problems.size() < 20) report.problems.push_back(text);
    };
    const std::regex idPattern("SK[0-9]+T[0-9]+N[0-9]+Z");
    const auto idIn = [&](const std::string& text) -> std::string {
      std::smatch match;
      return std::regex_search(text, match, idPattern) ? match.str() : std::string();
    };

    // The service's requests per call, in arrival order (one thread makes a
    // call's requests one after another), and the faults by rule.
    std::map<std::string, std::vector<std::string>> sandboxById;
    std::map<std::string, std::size_t> faultedByRule;
    const auto sandbox = emulator_->sandboxRequests();
    report.sandboxRequests = sandbox.size();
    for (const auto& request : sandbox) {
      const auto id = idIn(request.url + " " + request.body.value_or(""));
      if (id.empty()) {
        problem("a sandbox request without a call id: " + request.method + " " + request.url);
        continue;
      }
      sandboxById[id].push_back(request.fault);
      if (!request.fault.empty()) ++faultedByRule[request.fault];
    }
    // Base44: callApi requests per call, and the rest (connection fetches).
    std::map<std::string, std::size_t> callApiById;
    std::vector<std::string> fetches;
    const auto base44 = emulator_->base44Requests();
    report.base44Requests = base44.size();
    for (const auto& request : base44) {
      if (request.url.ends_with("/call")) {
        const auto id = idIn(request.body.value_or(""));
        if (id.empty()) problem("a callApi request without a call id");
        ++callApiById[id];
      } else {
        fetches.push_back(request.url);
        if (!request.fault.empty()) problem("a Base44 fault fired: " + request.fault);
      }
    }

    // Every call: its outcome as its requests predict it, all of them used.
    std::set<std::string> ids;
    for (const auto& perThread : outcomes) {
      for (const auto& outcome : perThread) {
        ids.insert(outcome.id);
        ++report.results[outcome.result];
        const Operation& op = operations()[outcome.operation];
        const auto found = sandboxById.find(outcome.id);
        const std::vector<std::string> requests =
            found == sandboxById.end() ? std::vector<std::string>{} : found->second;
        const Prediction predicted = predict(op, requests);
        if (predicted.outcome != outcome.result || predicted.used != requests.size()) {
          std::string seen;
          for (const auto& fault : requests) seen += (fault.empty() ? "route" : fault) + ",";
          problem(outcome.id + " " + op.name + ": ended '" + outcome.result + "' (" +
                  outcome.message + ") after requests [" + seen + "]; the rules predict '" +
                  predicted.outcome + "' using " + std::to_string(predicted.used));
        }
        if (outcome.result == "ServiceError 401" && report.notes.size() < 10) {
          std::string seen;
          for (const auto& fault : requests) seen += (fault.empty() ? "route" : fault) + ",";
          report.notes.push_back(outcome.id + " " + op.name + ": " + outcome.message +
                                 " after requests [" + seen + "]");
        }
        const std::size_t proxied = callApiById.contains(outcome.id) ? callApiById[outcome.id] : 0;
        const std::size_t expected =
            op.route == Route::Base44Proxy ? requests.size() - predicted.resent : 0;
        if (proxied != expected) {
          problem(outcome.id + " " + op.name + ": " + std::to_string(proxied) +
                  " callApi requests for " + std::to_string(requests.size()) + " service requests");
        }
      }
    }
    for (const auto& [id, requests] : sandboxById) {
      if (!ids.contains(id)) problem("requests for a call that was never made: " + id);
    }

    // The faults the emulator fired are the faulted requests, rule by rule.
    std::map<std::string, std::size_t> firedByRule;
    for (const auto& fired : emulator_->firedFaults()) ++firedByRule[fired.rule];
    for (const auto& [rule, count] : firedByRule) report.faultsFired += count;
    if (firedByRule != faultedByRule) problem("fired faults differ from faulted requests");
    for (const auto& rule : batchFaults()) {
      const std::size_t fired = firedByRule.contains(rule.name) ? firedByRule[rule.name] : 0;
      if (fired != *rule.times) {
        problem(rule.name + " fired " + std::to_string(fired) + " times, not " +
                std::to_string(*rule.times) + " (too little traffic on its path?)");
      }
    }
    // The only connection fetches: one per token rotation, for Slack.
    const std::size_t rotations =
        firedByRule.contains("slack-users-rotate") ? firedByRule["slack-users-rotate"] : 0;
    if (fetches.size() != rotations) {
      problem(std::to_string(fetches.size()) + " connection fetches for " +
              std::to_string(rotations) + " token rotations");
    }
    for (const auto& url : fetches) {
      if (!url.ends_with("/slack")) problem("a connection fetch other than Slack's: " + url);
    }
    return report;
  }

  std::unique_ptr<emulator::Emulator> emulator_;
  std::unique_ptr<Client> client_;
  std::map<std::string, ServiceClient> services_;
};

// Resource bounds, end against start (after a warm-up batch):
//  - descriptors and threads: the client keeps up to 8 idle keep-alive
//    sessions per origin (6 origins here: 5 service hosts via connectTo, and
//    Base44), each an fd in the client and an fd and a server thread in the
//    in-process emulator while it stays open. With kThreads threads at most
//    kThreads sessions per origin are ever in use at once, so once the
//    warm-up has met each origin the pools can grow by at most
//    (kThreads - 1) per origin if a later batch happens to overlap more
//    calls on one origin than the warm-up did: 2 fds and 1 thread each.
//    A leak per call (thousands of calls) or per batch (a thread per batch)
//    is far above it.
//  - RSS: measured after the emulator's records are cleared. Allocator
//    caches (glibc arenas for the client and server threads) and lazily
//    touched pages still move it by a few MB between runs; 8 MB is the bound.
//    A leak of 1 KB per call shows at 3000 calls only as 3 MB, so the
//    short run catches leaks of ~3 KB or more per call; the long run
//    (B44_SOAK_CALLS=200000) catches ~40 bytes per call.
constexpr long kOrigins = 6;
constexpr long kFdSlack = 2 * kOrigins * (kThreads - 1);
constexpr long kThreadSlack = kOrigins * (kThreads - 1);
constexpr long kRssSlackKb = 8 * 1024;

// Under AddressSanitizer freed memory sits in its quarantine (256 MB by
// default) before it is reused, so RSS grows with every allocation and says
// nothing about leaks; there LeakSanitizer checks them instead, at exit.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kRssMeaningful = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kRssMeaningful = false;
#else
constexpr bool kRssMeaningful = true;
#endif
#else
constexpr bool kRssMeaningful = true;
#endif

TEST_F(Soak, ManyCallsOnBothRoutesAccountedForExactlyWithFlatResources) {
  const std::size_t total = fromEnvironment("B44_SOAK_CALLS", kDefaultCalls);
  const std::size_t batchCalls =
      std::max<std::size_t>(fromEnvironment("B44_SOAK_BATCH", kDefaultBatchCalls), kMinBatchCalls);
  const std::size_t batches = std::max<std::size_t>(3, (total + batchCalls - 1) / batchCalls);
  const std::size_t perBatch = std::max<std::size_t>(total / batches, kThreads);

  // Priming: one sequential call per direct service, so that each fetches its
  // connection once, outside the accounting of the batches.
  for (const auto& op : operations()) {
    if (op.route != Route::Direct) continue;
    Outcome outcome;
    call(op, "SK0T0N0Z", outcome);
    ASSERT_EQ(outcome.result, "ok") << op.name << ": " << outcome.message;
  }
  emulator_->clearRecords();

  std::map<std::string, std::size_t> results;
  std::size_t sandboxRequests = 0;
  std::size_t base44Requests = 0;
  std::size_t faults = 0;
  std::size_t failedBatches = 0;
  std::vector<std::string> notes;
  Resources start;
  Resources middle;
  const auto began = std::chrono::steady_clock::now();
  for (std::size_t batch = 0; batch < batches; ++batch) {
    const BatchReport report = runBatch(batch + 1, perBatch);
    for (const auto& [result, count] : report.results) results[result] += count;
    sandboxRequests += report.sandboxRequests;
    base44Requests += report.base44Requests;
    faults += report.faultsFired;
    for (const auto& note : report.notes) {
      if (notes.size() < 10) notes.push_back("batch " + std::to_string(batch + 1) + ": " + note);
    }
    if (!report.problems.empty()) {
      ++failedBatches;
      std::string text;
      for (const auto& p : report.problems) text += "\n  " + p;
      ADD_FAILURE() << "batch " << batch + 1 << ":" << text;
      if (failedBatches >= 3) break;  // enough to go on
    }
    if (batch == 0) start = measure();  // after the warm-up batch
    if (batch == batches / 2) middle = measure();
  }
  const Resources end = measure();
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - began);

  std::size_t calls = 0;
  for (const auto& [result, count] : results) calls += count;
  std::ostringstream out;
  out << "\n=== soak: " << calls << " calls in " << batches << " batches, " << kThreads
      << " threads, one Client, 5 adapters, both routes; " << elapsed.count() << " ms\n";
  out << "results:\n";
  for (const auto& [result, count] : results)
    out << "  " << std::setw(7) << count << "  " << result << "\n";
  out << "sandbox requests " << sandboxRequests << ", Base44 requests " << base44Requests
      << ", faults fired " << faults << "\n";
  out << "            start    middle       end\n";
  out << "RSS kB  " << std::setw(9) << start.rssKb << " " << std::setw(9) << middle.rssKb << " "
      << std::setw(9) << end.rssKb << "\n";
  out << "fds     " << std::setw(9) << start.fds << " " << std::setw(9) << middle.fds << " "
      << std::setw(9) << end.fds << "\n";
  out << "threads " << std::setw(9) << start.threads << " " << std::setw(9) << middle.threads << " "
      << std::setw(9) << end.threads << "\n";
  for (const auto& note : notes) out << "note: " << note << "\n";
  std::cout << out.str() << std::flush;
  RecordProperty("calls", static_cast<int>(calls));
  RecordProperty("elapsed_ms", static_cast<int>(elapsed.count()));
  RecordProperty("rss_kb", std::to_string(start.rssKb) + " " + std::to_string(middle.rssKb) + " " +
                               std::to_string(end.rssKb));
  RecordProperty("fds", std::to_string(start.fds) + " " + std::to_string(middle.fds) + " " +
                            std::to_string(end.fds));
  RecordProperty("threads", std::to_string(start.threads) + " " + std::to_string(middle.threads) +
                                " " + std::to_string(end.threads));

  EXPECT_EQ(failedBatches, 0u);
  if (failedBatches == 0) {
    EXPECT_EQ(calls, batches * ((perBatch + kThreads - 1) / kThreads) * kThreads);
  }
  EXPECT_GT(results["ok"], calls * 8 / 10);
  EXPECT_LE(end.fds, start.fds + kFdSlack);
  EXPECT_LE(end.threads, start.threads + kThreadSlack);
  if (kRssMeaningful) {
    EXPECT_LE(end.rssKb, start.rssKb + kRssSlackKb);
  }
}

}  // namespace
}  // namespace b44::soak
