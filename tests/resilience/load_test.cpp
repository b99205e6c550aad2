// Load: many threads share one Client and one Registry and make thousands of
// calls across four real adapters (slack, googlecalendar, notion, wrike)
// against the emulator, with faults of every family mixed in. Every call must
// end with a result or a precise error; the sandbox record proves that no
// call is lost or duplicated (each call carries a unique id, and the requests
// the service acted on are counted per id); the connection cache makes one
// Base44 request per key per time-to-live. The figures are printed.
//
//   ctest --test-dir build -R Load --output-on-failure     (prints the figures)
#include "fixture.hpp"

#include <atomic>
#include <iomanip>
#include <iostream>
#include <mutex>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

namespace b44::resilience {
namespace {

constexpr int kThreads = 8;
constexpr int kCallsPerThread = 750;
constexpr int kMaxAttempts = 4;

struct Operation {
  const char* type;
  const char* action;
  bool safe;
  nlohmann::json (*args)(const std::string& id);
};

// Each call puts its id where the service sees it: a path segment, a query
// parameter or the body.
const std::vector<Operation>& operations() {
  static const std::vector<Operation> all = {
      {"slack", "get_user_info", true,
       [](const std::string& id) -> nlohmann::json {
         return {{"user", id}};
       }},
      {"slack", "post_message", false,
       [](const std::string& id) -> nlohmann::json {
         return {{"channel", "C0123456789"}, {"text", "message " + id}};
       }},
      {"googlecalendar", "list_events", true,
       [](const std::string& id) -> nlohmann::json {
         return {{"calendar_id", id}, {"max_results", 2}};
       }},
      {"googlecalendar", "insert_event", false,
       [](const std::string& id) -> nlohmann::json {
         return {{"summary", "event " + id},
                 {"start", "2024-05-02T10:00:00Z"},
                 {"end", "2024-05-02T11:00:00Z"}};
       }},
      {"notion", "search", true,
       [](const std::string& id) -> nlohmann::json {
         return {{"query", id}, {"page_size", 2}};
       }},
      {"notion", "create_page", false,
       [](const std::string& id) -> nlohmann::json {
         return {{"parent_page_id", "59833787-2cf9-4fdf-8782-e53db20768a5"}, {"title", id}};
       }},
      {"wrike", "list_tasks", true,
       [](const std::string& id) -> nlohmann::json {
         return {{"folder_id", id}, {"page_size", 2}};
       }},
      {"wrike", "create_task", false,
       [](const std::string& id) -> nlohmann::json {
         return {{"folder_id", "IEAAAAAQI4AAAAAA"}, {"title", "task " + id}};
       }},
  };
  return all;
}

std::string idOf(int thread, int call) {
  std::ostringstream out;
  out << "LD" << thread << "X" << std::setw(4) << std::setfill('0') << call << "Z";
  return out.str();
}

// What a call ended with: "ok", or the kind of error.
std::string classify(const std::exception& error) {
  if (const auto* e = dynamic_cast<const ServiceError*>(&error)) {
    return "ServiceError HTTP " + std::to_string(e->status());
  }
  if (const auto* e = dynamic_cast<const Base44Error*>(&error)) {
    return "Base44Error HTTP " + std::to_string(e->status());
  }
  if (const auto* e = dynamic_cast<const TransportError*>(&error)) {
    static const char* const kKinds[] = {"Connect", "Tls",     "Timeout",
                                         "Io",      "Refused", "OutcomeUnknown"};
    return std::string("TransportError ") + kKinds[static_cast<int>(e->kind())] +
           (e->phase() == TransportError::Phase::NotSent ? " (not sent)" : " (maybe sent)");
  }
  if (dynamic_cast<const ProtocolError*>(&error) != nullptr) return "ProtocolError";
  return std::string("unexpected: ") + error.what();
}

// The faults whose answer comes from the route: the service acted on the request.
bool serviceActed(const std::string& fault) {
  static const std::set<std::string> kActing = {
      "",           "slow",           "disconnect",        "invalid_json",
      "empty_body", "truncated_body", "wrong_content_type"};
  const auto kind = fault.substr(0, fault.find('#'));
  return kActing.contains(kind);
}

struct Outcome {
  std::size_t operation = 0;
  std::string id;
  std::string result;  // "ok" or the error's kind
  std::string message;
};

class Load : public ResilienceTest {
 protected:
  void addFaults() {
    const auto add = [this](const char* name, FaultKind kind, const char* type, const char* method,
                            const char* path, std::size_t times, auto&& tweak) {
      FaultRule rule = fault(kind, path);
      rule.name = name;
      rule.integrationType = type;
      rule.method = method;
      rule.times = times;
      tweak(rule);
      addFault(rule);
    };
    const auto none = [](FaultRule&) {};
    add("slack-users-503", FaultKind::Status, "slack", "GET", "/api/users.info", 40,
        [](FaultRule& r) { r.status = 503; });
    add("slack-post-invalid-json", FaultKind::InvalidJson, "slack", "POST", "/api/chat.postMessage",
        10, none);
    add("slack-token-rotated", FaultKind::RotateToken, "slack", "", "", 1, none);
    add("calendar-list-500", FaultKind::Status, "googlecalendar", "GET", "/calendar/v3/calendars/*",
        30, [](FaultRule& r) { r.status = 500; });
    add("calendar-insert-disconnect", FaultKind::Disconnect, "googlecalendar", "POST", "", 10,
        none);
    add("notion-429", FaultKind::RateLimit, "notion", "", "", 20,
        [](FaultRule& r) { r.retryAfter = "1"; });
    add("notion-search-empty", FaultKind::EmptyBody, "notion", "POST", "/v1/search", 5, none);
    add("wrike-list-slow", FaultKind::Slow, "wrike", "GET", "", 3,
        [](FaultRule& r) { r.delay = 3s; });
    add("wrike-list-html", FaultKind::WrongContentType, "wrike", "GET", "", 5, none);
    add("wrike-create-502", FaultKind::Status, "wrike", "POST", "", 10,
        [](FaultRule& r) { r.status = 502; });
    add("wrike-create-truncated", FaultKind::TruncatedBody, "wrike", "POST", "", 5, none);
    // Base44 fails too: a getConnection is retried within itself.
    FaultRule base44 = fault(FaultKind::Status);
    base44.side = FaultSide::Base44;
    base44.integrationType = "wrike";
    base44.status = 503;
    base44.times = 2;
    base44.name = "base44-wrike-503";
    addFault(base44);
  }
};

TEST_F(Load, ThousandsOfCallsAcrossAdaptersWithFaultsMixedIn) {
  for (const char* type : {"slack", "googlecalendar", "notion", "wrike"}) {
    ASSERT_TRUE(registry().contains(type)) << type;
  }
  addFaults();
  auto options = clientOptions();
  options.retry.maxAttempts = kMaxAttempts;
  options.retry.maxDelay = 2s;
  options.retry.callDeadline = std::chrono::hours(1);  // the ManualClock adds up every wait
  options.connectionTtl = std::chrono::hours(1);
  options.transport.readTimeout = 1s;
  const Client client(options);  // shared by every thread
  std::map<std::string, ServiceClient> services;
  for (const char* type : {"slack", "googlecalendar", "notion", "wrike"}) {
    services.emplace(type, registry().service(type, client));
  }

  std::vector<std::vector<Outcome>> outcomes(kThreads);
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kCallsPerThread; ++i) {
        Outcome outcome;
        outcome.operation = static_cast<std::size_t>(i + t) % operations().size();
        outcome.id = idOf(t, i);
        const auto& operation = operations()[outcome.operation];
        try {
          services.at(operation.type).invoke(operation.action, operation.args(outcome.id));
          outcome.result = "ok";
        } catch (const std::exception& error) {
          outcome.result = classify(error);
          outcome.message = error.what();
        }
        outcomes[static_cast<std::size_t>(t)].push_back(std::move(outcome));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);

  // What the service received, per call id.
  struct Seen {
    std::size_t requests = 0;
    std::size_t acted = 0;
  };
  std::map<std::string, Seen> seen;
  const std::regex idPattern("LD[0-9]+X[0-9]{4}Z");
  const auto sandbox = emulator().sandboxRequests();
  std::size_t unattributed = 0;
  for (const auto& request : sandbox) {
    const std::string text = request.url + " " + request.body.value_or("");
    std::smatch match;
    if (!std::regex_search(text, match, idPattern)) {
      ++unattributed;
      continue;
    }
    auto& entry = seen[match.str()];
    ++entry.requests;
    if (serviceActed(request.fault)) ++entry.acted;
  }

  std::size_t calls = 0;
  std::size_t lost = 0;
  std::size_t duplicated = 0;
  std::size_t inconsistent = 0;
  std::map<std::string, std::size_t> results;
  std::set<std::string> ids;
  for (const auto& perThread : outcomes) {
    for (const auto& outcome : perThread) {
      ++calls;
      ids.insert(outcome.id);
      ++results[outcome.result];
      const auto& operation = operations()[outcome.operation];
      const Seen found = seen.contains(outcome.id) ? seen.at(outcome.id) : Seen{};
      const bool ok = outcome.result == "ok";
      if (ok && found.acted == 0) ++lost;                    // a success the service never saw
      if (!operation.safe && found.acted > 1) ++duplicated;  // an unsafe call acted on twice
      // The error agrees with what the service saw.
      const bool refused = outcome.result.starts_with("ServiceError");
      if (!operation.safe && refused && found.acted != 0) ++inconsistent;
      if (outcome.result.find("(not sent)") != std::string::npos && found.requests != 0) {
        ++inconsistent;
      }
      if (found.requests > 2 * kMaxAttempts) ++inconsistent;
      EXPECT_FALSE(outcome.result.starts_with("unexpected")) << outcome.message;
      if (!ok) {
        // Precise: the error names the call.
        EXPECT_TRUE(
            contains(outcome.message, std::string(operation.type) + "." + operation.action) ||
            outcome.result.starts_with("Base44Error"))
            << outcome.message;
      }
    }
  }

  // Base44 requests per connection key.
  std::map<std::string, std::size_t> base44All;
  std::map<std::string, std::size_t> base44Fetches;
  for (const auto& request : emulator().base44Requests()) {
    const auto key = request.url.substr(request.url.rfind('/') + 1);
    ++base44All[key];
    if (request.fault.empty()) ++base44Fetches[key];
  }

  const auto fired = emulator().firedFaultCounts();
  std::size_t faults = 0;
  for (const auto& [kind, count] : fired) faults += count;
  std::map<std::string, std::size_t> byRule;
  for (const auto& each : emulator().firedFaults()) ++byRule[each.rule];

  std::ostringstream report;
  report << "\n=== load: " << calls << " calls, " << kThreads << " threads, one Client, one "
         << "Registry, 4 adapters; " << elapsed.count() << " ms wall, "
         << std::chrono::duration_cast<std::chrono::seconds>(clock_->totalSlept()).count()
         << " s of back-off on the ManualClock\n";
  report << "results:\n";
  for (const auto& [result, count] : results)
    report << "  " << std::setw(6) << count << "  " << result << "\n";
  report << "faults injected (" << faults << "):\n";
  for (const auto& [kind, count] : fired)
    report << "  " << std::setw(6) << count << "  " << kind << "\n";
  report << "faults by rule:\n";
  for (const auto& [rule, count] : byRule) {
    report << "  " << std::setw(6) << count << "  " << rule << "\n";
  }
  report << "sandbox requests: " << sandbox.size() << " (" << unattributed
         << " without a call id)\n";
  report << "lost: " << lost << "  duplicated: " << duplicated << "  inconsistent: " << inconsistent
         << "\n";
  report << "Base44 requests per key (all / successful fetches):\n";
  for (const auto& [key, count] : base44All) {
    report << "  " << key << ": " << count << " / " << base44Fetches[key] << "\n";
  }
  std::cout << report.str() << std::flush;

  EXPECT_EQ(calls, static_cast<std::size_t>(kThreads * kCallsPerThread));
  EXPECT_EQ(ids.size(), calls);
  EXPECT_EQ(lost, 0u);
  EXPECT_EQ(duplicated, 0u);
  EXPECT_EQ(inconsistent, 0u);
  EXPECT_EQ(unattributed, 0u);
  EXPECT_GT(results["ok"], calls * 9 / 10);
  // Every fault rule fired (the workload reaches each of them).
  for (const char* kind : {"status", "invalid_json", "rotate_token", "disconnect", "rate_limit",
                           "empty_body", "slow", "wrong_content_type", "truncated_body"}) {
    EXPECT_TRUE(fired.contains(kind)) << kind;
  }
  // One successful Base44 fetch per key, plus one for the rotated Slack token.
  EXPECT_EQ(base44Fetches["slack"], 2u);
  EXPECT_EQ(base44Fetches["googlecalendar"], 1u);
  EXPECT_EQ(base44Fetches["notion"], 1u);
  EXPECT_EQ(base44Fetches["wrike"], 1u);
  EXPECT_EQ(base44All["wrike"], 3u);  // two refused by Base44, retried within the fetch
}

// The same traffic with the client-side limiter on, against services that
// enforce a quota of 20 requests per 10 s per connection. These four adapters
// declare no remaining/reset headers (their services send Retry-After only),
// so the limiter's own pace keeps each connection under its quota: none
// refuses a call. (Following declared headers is shown in rate_limit_test.)
TEST_F(Load, TheClientSideLimiterKeepsABurstUnderEveryQuota) {
  constexpr int kCalls = 100;
  for (const char* type : {"slack", "googlecalendar", "notion", "wrike"}) {
    FaultRule quota = fault(FaultKind::Quota);
    quota.integrationType = type;
    quota.limit = 20;
    quota.window = 10s;
    addFault(quota);
  }
  auto options = clientOptions();
  options.retry.callDeadline = std::chrono::hours(1);
  options.connectionTtl = std::chrono::hours(1);
  options.rateLimit = {.enabled = true, .requestsPerSecond = 1.5, .burst = 1, .adaptive = true};
  const Client client(options);
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kCalls; ++i) {
        const auto& operation = operations()[static_cast<std::size_t>(i + t) % operations().size()];
        try {
          registry()
              .service(operation.type, client)
              .invoke(operation.action, operation.args(idOf(t, i)));
          ++ok;
        } catch (const std::exception& error) {
          ADD_FAILURE() << error.what();
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const auto fired = emulator().firedFaultCounts();
  std::cout << "\n=== limiter on: " << ok << " of " << kThreads * kCalls << " calls ok, "
            << (fired.contains("quota") ? fired.at("quota") : 0) << " refused by a quota, "
            << std::chrono::duration_cast<std::chrono::seconds>(clock_->totalSlept()).count()
            << " s waited on the ManualClock\n"
            << std::flush;
  EXPECT_EQ(ok, kThreads * kCalls);
  EXPECT_FALSE(fired.contains("quota"));
}

}  // namespace
}  // namespace b44::resilience
