#pragma once
// A TCP server on 127.0.0.1 that answers with whatever bytes a test writes,
// for answers no well-behaved HTTP server sends: headers cut off, bodies
// trickled a byte at a time, nesting twenty thousand levels deep.
#include <Poco/Net/StreamSocket.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>

namespace b44::testing {

class RawServer {
 public:
  // Runs once per connection, on its own thread, after the request's headers
  // (and Content-Length body) were read; `request` holds them raw. A handler
  // that loops must end once `stopping` is set (the server is going away).
  using Handler = std::function<void(Poco::Net::StreamSocket& socket, const std::string& request,
                                     const std::atomic<bool>& stopping)>;

  explicit RawServer(Handler handler);
  ~RawServer();  // stops accepting, tells handlers to stop, joins every thread
  RawServer(const RawServer&) = delete;
  RawServer& operator=(const RawServer&) = delete;

  [[nodiscard]] std::string url() const;  // "http://127.0.0.1:PORT"
  [[nodiscard]] std::size_t connections() const;

  // Writes `text` in full (ignoring a peer that went away).
  static void write(Poco::Net::StreamSocket& socket, const std::string& text);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace b44::testing
