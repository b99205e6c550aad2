#pragma once
// The resilience tests' set-up: an in-process emulator (Base44 and the
// services, with fault injection), a small "flaky" adapter defined here whose
// rate-limit signals each test chooses, the real adapters loaded by a Registry
// from B44_TEST_ADAPTER_DIR, and a client on a ManualClock shared with the
// emulator, so back-off waits, quotas, reset headers and connection
// time-to-live are exact and nothing sleeps.
#include <b44/client.hpp>
#include <b44/emulator.hpp>
#include <b44/errors.hpp>
#include <b44/plugin/basic_adapter.hpp>
#include <b44/plugin/url.hpp>
#include <b44/registry.hpp>
#include <b44/service_client.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace b44::resilience {

using namespace std::chrono_literals;
using emulator::FaultKind;
using emulator::FaultRule;
using emulator::FaultSide;

inline constexpr const char* kFlakyToken = "flaky-app-token";
inline constexpr const char* kFlakyWorkspaceToken = "flaky-workspace-token";

// A service with one safe and one unsafe action, and the rate-limit signals a
// test gives it.
class FlakyAdapter final : public plugin::BasicAdapter {
 public:
  explicit FlakyAdapter(RateLimitSignals signals = {}) : BasicAdapter(makeSpec(signals)) {
    addAction(
        plugin::ActionSpec{.name = "get_item",
                           .description = "Reads an item.",
                           .method = "GET",
                           .retrySafe = true,
                           .parameters = {{"id", plugin::Parameter::Type::String, true, "item id"}},
                           .example = {{"id", "a1"}},
                           .pagination = std::nullopt},
        [](const plugin::Args& args) {
          plugin::ServiceRequest request;
          request.path = "/items/" + plugin::pathSegment(args.string("id"), "id");
          return request;
        });
    // A GET whose adapter forgot to declare it safe.
    addAction(
        plugin::ActionSpec{.name = "peek_item",
                           .description = "Reads an item (not declared retry-safe).",
                           .method = "GET",
                           .retrySafe = false,
                           .parameters = {{"id", plugin::Parameter::Type::String, true, "item id"}},
                           .example = {{"id", "a1"}},
                           .pagination = std::nullopt},
        [](const plugin::Args& args) {
          plugin::ServiceRequest request;
          request.path = "/items/" + plugin::pathSegment(args.string("id"), "id");
          return request;
        });
    addAction(plugin::ActionSpec{.name = "create_item",
                                 .description = "Creates an item: not safe to repeat.",
                                 .method = "POST",
                                 .retrySafe = false,
                                 .parameters = {{"name", plugin::Parameter::Type::String, true,
                                                 "item name"}},
                                 .example = {{"name", "n"}},
                                 .pagination = std::nullopt},
              [](const plugin::Args& args) {
                plugin::ServiceRequest request;
                request.path = "/items";
                request.setJsonBody({{"name", args.string("name")}});
                return request;
              });
  }

 private:
  static plugin::AdapterSpec makeSpec(const RateLimitSignals& signals) {
    plugin::AdapterSpec spec;
    spec.type = "flaky";
    spec.displayName = "Flaky";
    spec.hosts = {{"default", "https://api.flaky.test/v1", {}}};
    spec.rateLimit = signals;
    return spec;
  }
};

inline constexpr const char* kFlakyRoutes = R"({"routes": [
  {"method": "GET", "host": "api.flaky.test", "path": "/v1/items/{id}",
   "body": {"id": "{{path.id}}", "name": "item {{path.id}}"}},
  {"method": "POST", "host": "api.flaky.test", "path": "/v1/items", "status": 201,
   "body": {"id": "new", "name": "{{body.name}}"}}
]})";

// The tokens the emulator hands out for the real adapters.
inline nlohmann::json connectionsDocument() {
  return {
      {"app_id", "app_resilience"},
      {"service_token", "service-token-resilience"},
      {"connections",
       {
           {"flaky", {{"access_token", kFlakyToken}}},
           {"slack", {{"access_token", "xoxp-resilience-slack"}}},
           {"googlecalendar", {{"access_token", "ya29.resilience-calendar"}}},
           {"notion", {{"access_token", "secret_resilience-notion"}}},
           {"wrike",
            {{"access_token", "eyJ0.resilience-wrike"},
             {"connection_config", {{"host", "app-eu.wrike.com"}}}}},
       }},
      {"workspace_connectors",
       {{"flaky_ws", {{"integration_type", "flaky"}, {"access_token", kFlakyWorkspaceToken}}}}},
  };
}

// The real adapters, loaded once per process from the build's adapter directory.
inline Registry& registry() {
  static Registry* loaded = [] {
    static Registry instance;
    const char* dir = std::getenv("B44_TEST_ADAPTER_DIR");
    if (dir == nullptr) {
      ADD_FAILURE() << "B44_TEST_ADAPTER_DIR is not set";
    } else {
      for (const auto& diagnostic : instance.loadDirectory(dir)) {
        // Other adapters may be half-written; only the four used here matter.
        const auto name = std::filesystem::path(diagnostic.path).filename().string();
        for (const char* type : {"slack", "googlecalendar", "notion", "wrike"}) {
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

class ResilienceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("b44-resilience-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(directory_);
    std::ofstream(directory_ / "flaky.json") << kFlakyRoutes;
  }

  void TearDown() override {
    emulator_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
  }

  // The emulator, started on first use (set `flaky_` and `emulatorOptions`
  // before that).
  emulator::Emulator& emulator() {
    if (!emulator_) {
      emulator::EmulatorOptions options;
      options.connections = connectionsDocument();
      options.routeFiles = {emulator::defaultRouteDirectory(), directory_ / "flaky.json"};
      options.clock = clock_;
      options.maxThreads = 24;
      options.adapterLookup =
          [this](std::string_view type) -> std::shared_ptr<const plugin::Adapter> {
        if (type == "flaky") return flaky_;
        return registry().adapter(type);
      };
      emulator_ = std::make_unique<emulator::Emulator>(std::move(options));
      emulator_->start();
    }
    return *emulator_;
  }

  // Client options against the emulator: exact back-off (jitter 1), the
  // shared ManualClock.
  ClientOptions clientOptions() {
    ClientOptions options;
    options.serverUrl = emulator().base44Url();
    options.appId = emulator().appId();
    options.serviceToken = Secret(emulator().serviceToken());
    options.transport.connectTo = emulator().sandboxUrl();
    options.clock = clock_;
    options.retry.maxAttempts = 4;
    options.retry.initialDelay = 100ms;
    options.retry.maxDelay = 20s;
    options.retry.callDeadline = 60s;
    options.retry.jitter = [] { return 1.0; };
    return options;
  }

  ServiceClient flaky(const ClientOptions& options, ServiceOptions service = {}) {
    return ServiceClient(flaky_, Client(options), std::move(service));
  }
  ServiceClient flaky() { return flaky(clientOptions()); }

  void addFault(FaultRule rule) { emulator().addFault(std::move(rule)); }

  static FaultRule fault(FaultKind kind, std::string path = {}) {
    FaultRule rule;
    rule.kind = kind;
    rule.path = std::move(path);
    return rule;
  }

  // Requests the sandbox (the service) received, and those it acted on: the
  // route ran (no fault answered in its place).
  std::size_t sandboxCount() { return emulator().sandboxRequests().size(); }
  std::size_t base44Count() { return emulator().base44Requests().size(); }

  std::shared_ptr<ManualClock> clock_ = std::make_shared<ManualClock>();
  std::shared_ptr<const plugin::Adapter> flaky_ = std::make_shared<FlakyAdapter>();
  std::filesystem::path directory_;
  std::unique_ptr<emulator::Emulator> emulator_;
};

// Runs `call`, expecting an exception of type E; returns it for inspection.
template <class E, class Call>
E expectThrow(Call&& call) {
  try {
    call();
  } catch (const E& e) {
    return e;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "threw " << typeid(e).name() << ": " << e.what();
    throw;
  }
  ADD_FAILURE() << "did not throw";
  throw std::logic_error("did not throw");
}

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace b44::resilience
