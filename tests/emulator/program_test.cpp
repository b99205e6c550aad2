// The b44-emulator program: started as a child process, synchronised on the
// JSON line it prints, stopped with a signal. Every wait is bounded by poll().
#include "fixture.hpp"

#include <b44/plugin/manifest.hpp>
#include <b44/version.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <optional>

extern char** environ;

using b44::emulator::testing::httpRequest;
using b44::emulator::testing::readFile;
using b44::emulator::testing::TempDir;
using nlohmann::json;

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::chrono::seconds kLimit{20};

class Child {
 public:
  explicit Child(const std::vector<std::string>& args) {
    int out[2];
    int err[2];
    if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
    std::vector<std::string> storage = {B44_EMULATOR_EXE};
    storage.insert(storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& arg : storage) argv.push_back(arg.data());
    argv.push_back(nullptr);
    const int status =
        posix_spawn(&pid_, B44_EMULATOR_EXE, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    close(err[1]);
    out_ = out[0];
    err_ = err[0];
    if (status != 0) throw std::runtime_error("posix_spawn failed");
  }

  ~Child() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    close(out_);
    close(err_);
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  // The first stdout line, waiting at most kLimit.
  std::optional<std::string> readLine() {
    const auto deadline = Clock::now() + kLimit;
    while (true) {
      if (const auto newline = out.find('\n'); newline != std::string::npos) {
        std::string line = out.substr(0, newline);
        out.erase(0, newline + 1);
        return line;
      }
      if (!readSome(deadline)) return std::nullopt;
    }
  }

  void signal(int number) { kill(pid_, number); }

  // Reads both pipes to their end and reaps the child; nullopt when it did not
  // exit within kLimit.
  std::optional<int> exitStatus() {
    const auto deadline = Clock::now() + kLimit;
    while (readSome(deadline)) {
    }
    if (Clock::now() >= deadline) return std::nullopt;
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  std::string out;
  std::string err;

 private:
  // Reads what is available on either pipe; false at EOF of both or deadline.
  bool readSome(Clock::time_point deadline) {
    pollfd fds[2] = {{out_, POLLIN, 0}, {err_, POLLIN, 0}};
    const int open = (outOpen_ ? 1 : 0) + (errOpen_ ? 1 : 0);
    if (open == 0) return false;
    if (!outOpen_) fds[0].fd = -1;
    if (!errOpen_) fds[1].fd = -1;
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    if (poll(fds, 2, static_cast<int>(left.count())) <= 0) return false;
    char buffer[4096];
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n <= 0) {
        (i == 0 ? outOpen_ : errOpen_) = false;
      } else {
        (i == 0 ? out : err).append(buffer, static_cast<std::size_t>(n));
      }
    }
    return true;
  }

  pid_t pid_ = -1;
  int out_ = -1;
  int err_ = -1;
  bool outOpen_ = true;
  bool errOpen_ = true;
};

}  // namespace

TEST(EmulatorProgram, PrintsItsUrlsServesAndStopsOnSignal) {
  for (const int stopSignal : {SIGTERM, SIGINT}) {
    SCOPED_TRACE(stopSignal);
    TempDir dir;
    const auto connections = dir.write("connections.json", b44::emulator::testing::kConnections);
    const auto routes = dir.write("routes.json", b44::emulator::testing::kRoutes);
    const auto record = dir.path() / "record.jsonl";
    Child child({"--connections", connections.string(), "--routes", routes.string(), "--record",
                 record.string()});

    const auto line = child.readLine();
    ASSERT_TRUE(line) << "no ready line; stderr: " << child.err;
    const json ready = json::parse(*line);
    ASSERT_EQ(ready.size(), 2u) << *line;
    const std::string base44 = ready.at("base44_url");
    const std::string sandbox = ready.at("sandbox_url");
    EXPECT_EQ(*line, json({{"base44_url", base44}, {"sandbox_url", sandbox}}).dump());

    const auto token =
        httpRequest(base44, "GET", "/api/apps/demo-app/external-auth/tokens/example",
                    {{"Authorization", "Bearer svc-demo-token"}, {"X-App-Id", "demo-app"}});
    EXPECT_EQ(token.status, 200) << token.body;
    const auto answer = httpRequest(sandbox, "GET", "/api/order",
                                    {{"Host", "slack.com"}, {"Authorization", "Bearer xoxp-1"}});
    EXPECT_EQ(answer.status, 200);
    EXPECT_EQ(answer.json().at("which"), "first");

    child.signal(stopSignal);
    EXPECT_EQ(child.exitStatus(), std::optional<int>(0)) << child.err;
    EXPECT_EQ(child.out, "");  // nothing after the ready line
    for (const std::string secret : {"svc-demo-token", "ex-token", "xoxp-1"}) {
      EXPECT_EQ(child.err.find(secret), std::string::npos);
    }
    const std::string recorded = readFile(record);
    EXPECT_NE(recorded.find("https://slack.com/api/order"), std::string::npos);
    EXPECT_EQ(recorded.find("xoxp-1"), std::string::npos);
  }
}

TEST(EmulatorProgram, FaultsFileMakesItMisbehaveAndEveryFaultIsReported) {
  TempDir dir;
  const auto connections = dir.write("connections.json", b44::emulator::testing::kConnections);
  const auto routes = dir.write("routes.json", b44::emulator::testing::kRoutes);
  const auto faults = dir.write("faults.json", R"({"faults": [
    {"name": "order-503", "fault": "status", "status": 503, "times": 1, "path": "/api/order"},
    {"name": "tokens-down", "side": "base44", "fault": "status", "status": 502, "times": 1,
     "integration_type": "example"}]})");
  const auto record = dir.path() / "record.jsonl";
  Child child({"--connections", connections.string(), "--routes", routes.string(), "--faults",
               faults.string(), "--record", record.string()});
  const auto line = child.readLine();
  ASSERT_TRUE(line) << "no ready line; stderr: " << child.err;
  const json ready = json::parse(*line);
  const std::string base44 = ready.at("base44_url");
  const std::string sandbox = ready.at("sandbox_url");
  const b44::emulator::testing::HeaderList slack = {{"Host", "slack.com"},
                                                    {"Authorization", "Bearer xoxp-1"}};
  // A token in the URL (a known one: the app user connector's) is redacted on stderr.
  EXPECT_EQ(httpRequest(sandbox, "GET", "/api/order?access_token=xoxp-user", slack).status, 503);
  EXPECT_EQ(httpRequest(sandbox, "GET", "/api/order", slack).status, 200);
  const b44::emulator::testing::HeaderList service = {{"Authorization", "Bearer svc-demo-token"},
                                                      {"X-App-Id", "demo-app"}};
  const std::string tokens = "/api/apps/demo-app/external-auth/tokens/example";
  EXPECT_EQ(httpRequest(base44, "GET", tokens, service).status, 502);
  EXPECT_EQ(httpRequest(base44, "GET", tokens, service).status, 200);

  child.signal(SIGTERM);
  EXPECT_EQ(child.exitStatus(), std::optional<int>(0)) << child.err;
  EXPECT_NE(child.err.find(R"("fault":"order-503","kind":"status")"), std::string::npos)
      << child.err;
  EXPECT_NE(child.err.find(R"("fault":"tokens-down","kind":"status")"), std::string::npos);
  EXPECT_NE(child.err.find(R"("side":"base44")"), std::string::npos);
  EXPECT_NE(child.err.find(R"("url":"https://slack.com/api/order?access_token=<redacted>")"),
            std::string::npos)
      << child.err;
  for (const std::string secret : {"svc-demo-token", "ex-token", "xoxp-1", "xoxp-user"}) {
    EXPECT_EQ(child.err.find(secret), std::string::npos);
  }
  const std::string recorded = readFile(record);
  EXPECT_NE(recorded.find(R"("fault":"order-503")"), std::string::npos);
  EXPECT_EQ(recorded.find("xoxp-user"), std::string::npos);
}

// --version needs no connections file: the version and the plugin ABI on
// stdout, exit 0; --help names it.
TEST(EmulatorProgram, VersionPrintsTheVersionAndThePluginAbi) {
  const std::string expected = std::string("b44-emulator ") + B44_VERSION_STRING + " (plugin ABI " +
                               std::to_string(b44::plugin::kAbiVersion) + ")\n";
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--version"}, {"--connections", "absent.json", "--version"}}) {
    Child child(args);
    EXPECT_EQ(child.exitStatus(), std::optional<int>(0)) << args.back();
    EXPECT_EQ(child.out, expected);
    EXPECT_EQ(child.err, "");
  }
  Child help({"--help"});
  EXPECT_EQ(help.exitStatus(), std::optional<int>(0));
  EXPECT_NE(help.out.find("\n  --version "), std::string::npos) << help.out;
}

TEST(EmulatorProgram, BadArgumentsExitWith2) {
  TempDir dir;
  const auto connections = dir.write("connections.json", b44::emulator::testing::kConnections);
  const auto invalid = dir.write("invalid.json", R"({"app_id": "a", "service_token": 1})");
  const auto badFaults = dir.write("bad-faults.json", R"({"faults": [{"fault": "status"}]})");
  const std::vector<std::vector<std::string>> cases = {
      {},
      {"--connections"},
      {"--connections", connections.string(), "--port", "abc"},
      {"--connections", connections.string(), "--sandbox-port", "70000"},
      {"--connections", connections.string(), "--bogus"},
      {"--connections", connections.string(), "--host", "0.0.0.0"},
      {"--connections", connections.string(), "--routes", (dir.path() / "none.json").string()},
      {"--connections", invalid.string()},
      {"--connections", (dir.path() / "absent.json").string()},
      {"--connections", connections.string(), "--faults", (dir.path() / "none.json").string()},
      {"--connections", connections.string(), "--faults", badFaults.string()},
      {"--connections", connections.string(), "--idle-timeout", "0"},
      {"--connections", connections.string(), "--idle-timeout", "5s"},
      {"--version=1"},
  };
  for (const auto& args : cases) {
    std::string joined;
    for (const auto& arg : args) joined += arg + " ";
    SCOPED_TRACE(joined);
    Child child(args);
    EXPECT_EQ(child.exitStatus(), std::optional<int>(2));
    EXPECT_EQ(child.out, "");
    EXPECT_NE(child.err, "");
  }
}

TEST(EmulatorProgram, HelpExitsWith0) {
  Child child({"--help"});
  EXPECT_EQ(child.exitStatus(), std::optional<int>(0));
  EXPECT_NE(child.out.find("usage: b44-emulator"), std::string::npos);
}
