#pragma once
// One adapter (the suite's own) against a real emulator answering from a route
// file the suite writes: the set-up the plugin tests share. A suite sets
// `adapter_`, `routes_` and `connections_` in its constructor (or overrides
// configure()), then calls service().
#include <b44/client.hpp>
#include <b44/emulator.hpp>
#include <b44/plugin/adapter.hpp>
#include <b44/service_client.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace b44::test_support {

class EmulatedServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance();
    directory_ =
        std::filesystem::temp_directory_path() /
        ("b44-" + std::to_string(test->random_seed()) + "-" +
         test->current_test_info()->test_suite_name() + "-" + test->current_test_info()->name());
    std::filesystem::create_directories(directory_);
    std::ofstream(directory_ / "routes.json") << routes_;
    emulator::EmulatorOptions options;
    options.connections = connections_;
    options.routeFiles = {directory_ / "routes.json"};
    options.recordFile = directory_ / "record.jsonl";
    options.adapterLookup = [this](std::string_view) { return adapter_; };
    configure(options);
    emulator_ = std::make_unique<emulator::Emulator>(options);
    emulator_->start();
  }
  void TearDown() override {
    emulator_.reset();
    std::filesystem::remove_all(directory_);
  }
  // Changes the emulator's options before it starts.
  virtual void configure(emulator::EmulatorOptions& /*options*/) {}

  // A client of the emulator that tries once and logs into log().
  Client client(const std::string& connectTo = "") {
    ClientOptions options;
    options.serverUrl = emulator_->base44Url();
    options.appId = connections_.value("app_id", "app");
    options.serviceToken = Secret(connections_.value("service_token", "svc"));
    options.transport.connectTo = connectTo.empty() ? emulator_->sandboxUrl() : connectTo;
    options.retry.maxAttempts = 1;
    options.log = [this](LogLevel, std::string_view line) {
      const std::lock_guard lock(logMutex_);
      log_ += std::string(line) + "\n";
    };
    return Client(options);
  }
  ServiceClient service(ServiceOptions options = {}) {
    return ServiceClient(adapter_, client(), std::move(options));
  }
  std::string log() {
    const std::lock_guard lock(logMutex_);
    return log_;
  }
  // The emulator's record file, as written so far.
  [[nodiscard]] std::string recordFile() const {
    std::ifstream in(directory_ / "record.jsonl");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::shared_ptr<const plugin::Adapter> adapter_;
  std::string routes_ = R"({"routes": []})";
  nlohmann::json connections_ = nlohmann::json::object();
  std::filesystem::path directory_;
  std::unique_ptr<emulator::Emulator> emulator_;

 private:
  std::mutex logMutex_;
  std::string log_;
};

}  // namespace b44::test_support
