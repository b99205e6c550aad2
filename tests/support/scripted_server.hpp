#pragma once
// A real HTTP server on 127.0.0.1 that answers from a script, for tests of the
// send path (retries, 401 refresh, malformed answers): each request takes the
// next scripted answer, or the fallback when the script is used up.
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace b44::testing {

struct ScriptedAnswer {
  int status = 200;
  std::map<std::string, std::string> headers;
  std::string body;
  bool dropConnection = false;  // close the socket without answering
};

struct ReceivedRequest {
  std::string method;
  std::string target;                          // path and query
  std::map<std::string, std::string> headers;  // lowercase names
  std::string body;
};

class ScriptedServer {
 public:
  ScriptedServer();
  ~ScriptedServer();
  ScriptedServer(const ScriptedServer&) = delete;
  ScriptedServer& operator=(const ScriptedServer&) = delete;

  void push(ScriptedAnswer answer);
  void setFallback(ScriptedAnswer answer);
  // Hold every answer until `count` requests have arrived (or `limit` passed):
  // lets a test have concurrent callers meet at the server.
  void holdUntil(std::size_t count, std::chrono::milliseconds limit);

  [[nodiscard]] std::string url() const;  // "http://127.0.0.1:PORT"
  [[nodiscard]] std::vector<ReceivedRequest> requests() const;

  struct State;

 private:
  std::shared_ptr<State> state_;
  struct Server;
  std::unique_ptr<Server> server_;
};

// A loopback port that nothing listens on (bound, then closed).
std::uint16_t closedPort();

}  // namespace b44::testing
