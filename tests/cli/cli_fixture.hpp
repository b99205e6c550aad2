#pragma once
// The set-up of the CLI tests: b44-connectors as a user runs it, the real
// binary in a child process, the real emulator on loopback, the adapters
// loaded from the build tree.
#include <b44/emulator.hpp>
#include <b44/registry.hpp>

#include <Poco/Exception.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace b44 {

struct Outcome {
  int exitCode = -1;
  std::string out;
  std::string err;
};

class CliFixture : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::signal(SIGPIPE, SIG_IGN);  // a program that does not read its input
    registry_ = std::make_unique<Registry>();
    registry_->loadDirectory(std::getenv("B44_TEST_ADAPTER_DIR"));
  }
  static void TearDownTestSuite() { registry_.reset(); }

  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("b44-cli-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    emulator::EmulatorOptions options;
    options.connections = emulator::loadConnectionsFile(B44_DEMO_CONNECTIONS);
    options.routeFiles = {emulator::defaultRouteDirectory()};
    options.adapterLookup = [](std::string_view type) -> std::shared_ptr<const plugin::Adapter> {
      return registry_->contains(type) ? registry_->adapter(type) : nullptr;
    };
    configure(options);
    emulator_ = std::make_unique<emulator::Emulator>(options);
    emulator_->start();
    env_ = {{"BASE44_API_URL", emulator_->base44Url()},
            {"BASE44_APP_ID", "demo-app"},
            {"BASE44_SERVICE_TOKEN", "svc-demo-token"},
            {"B44_CONNECT_TO", emulator_->sandboxUrl()},
            {"B44_PLUGIN_PATH", std::getenv("B44_TEST_ADAPTER_DIR")}};
  }

  void TearDown() override { std::filesystem::remove_all(dir_); }

  // A suite's additions to the emulator (route files, faults).
  virtual void configure(emulator::EmulatorOptions& /*options*/) {}

  // A file in the test's own directory (removed after the test).
  [[nodiscard]] std::string path(const std::string& name) const { return (dir_ / name).string(); }

  Outcome run(const std::vector<std::string>& args) { return run(args, ""); }

  // With `input` on its standard input.
  Outcome run(const std::vector<std::string>& args, const std::string& input) {
    return runProgram(B44_CLI_BINARY, args, input);
  }

  // Any program, with the suite's environment.
  Outcome runProgram(const std::string& program, const std::vector<std::string>& args,
                     const std::string& input = "") {
    Poco::Pipe inPipe;
    Poco::Pipe outPipe;
    Poco::Pipe errPipe;
    auto handle = Poco::Process::launch(program, args, ".", &inPipe, &outPipe, &errPipe, env_);
    try {
      Poco::PipeOutputStream in(inPipe);
      in << input;
      in.close();
    } catch (const Poco::Exception&) {
      // The program ended without reading it all: its outcome says why.
    }
    Outcome outcome;
    Poco::PipeInputStream out(outPipe);
    Poco::PipeInputStream err(errPipe);
    Poco::StreamCopier::copyToString(out, outcome.out);
    Poco::StreamCopier::copyToString(err, outcome.err);
    outcome.exitCode = handle.wait();
    return outcome;
  }

  inline static std::unique_ptr<Registry> registry_;
  std::filesystem::path dir_;
  std::unique_ptr<emulator::Emulator> emulator_;
  Poco::Process::Env env_;
};

}  // namespace b44
