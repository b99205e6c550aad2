#pragma once
// A real redis-server for tests: started on a free loopback port with no
// persistence, ready once it answers PING (a bounded number of attempts),
// killed with the fixture. Tests can kill it, start it again on the same
// port, or freeze it (SIGSTOP) to play a slow Redis.
#include <Poco/Process.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace b44::testing {

class RedisServer {
 public:
  RedisServer();  // started and ready; throws with the reason otherwise
  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] std::string url() const;  // "redis://127.0.0.1:PORT"

  void kill();    // SIGKILL, and waits for the process to end
  void start();   // again, on the same port (after kill())
  void freeze();  // SIGSTOP: connections are accepted, nothing is answered
  void thaw();    // SIGCONT

  // One command on a fresh connection, e.g. {"GET", key}: the reply as text
  // (nullopt for nil); arrays are joined with '\n'.
  std::optional<std::string> command(const std::vector<std::string>& words) const;

 private:
  void waitReady() const;
  int port_ = 0;
  std::string directory_;
  std::unique_ptr<Poco::ProcessHandle> process_;
};

}  // namespace b44::testing
