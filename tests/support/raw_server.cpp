#include "raw_server.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/ServerSocket.h>

#include <mutex>
#include <thread>
#include <vector>

namespace b44::testing {

struct RawServer::State {
  Handler handler;
  Poco::Net::ServerSocket listener;
  std::atomic<bool> stopping{false};
  std::atomic<std::size_t> connections{0};
  std::mutex mutex;
  std::vector<std::thread> workers;
  // Every accepted socket, released only after the workers are joined: Poco
  // counts a socket's references without TSan seeing it, so the last one must
  // go where a join orders it after every use.
  std::vector<Poco::Net::StreamSocket> accepted;
  std::thread acceptor;

  // The request's headers and, when it declares one, its body.
  static std::string readRequest(Poco::Net::StreamSocket& socket) {
    std::string request;
    char buffer[4096];
    std::size_t bodyNeeded = std::string::npos;
    std::size_t headerEnd = std::string::npos;
    while (true) {
      if (headerEnd != std::string::npos && request.size() >= headerEnd + bodyNeeded) break;
      const int got = socket.receiveBytes(buffer, sizeof buffer);
      if (got <= 0) break;
      request.append(buffer, static_cast<std::size_t>(got));
      if (headerEnd == std::string::npos) {
        const auto end = request.find("\r\n\r\n");
        if (end == std::string::npos) continue;
        headerEnd = end + 4;
        bodyNeeded = 0;
        std::string lower = request.substr(0, headerEnd);
        for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (const auto at = lower.find("content-length:"); at != std::string::npos) {
          bodyNeeded = std::stoul(lower.substr(at + 15));
        }
      }
    }
    return request;
  }

  void serve(Poco::Net::StreamSocket socket) {
    try {
      socket.setReceiveTimeout(Poco::Timespan(10, 0));
      const std::string request = readRequest(socket);
      handler(socket, request, stopping);
      socket.shutdown();
    } catch (const Poco::Exception&) {
      // the client went away; the socket is closed when the server goes
      try {
        socket.shutdown();
      } catch (const Poco::Exception&) {
        // already gone
      }
    }
  }

  void acceptLoop() {
    while (!stopping) {
      try {
        if (!listener.poll(Poco::Timespan(0, 20'000), Poco::Net::Socket::SELECT_READ)) continue;
        Poco::Net::StreamSocket socket = listener.acceptConnection();
        ++connections;
        std::lock_guard lock(mutex);
        accepted.push_back(socket);
        workers.emplace_back([this, socket]() mutable { serve(socket); });
      } catch (const Poco::Exception&) {
        if (stopping) return;
      }
    }
  }
};

RawServer::RawServer(Handler handler) : state_(std::make_unique<State>()) {
  state_->handler = std::move(handler);
  state_->listener.bind(Poco::Net::SocketAddress("127.0.0.1", 0), true);
  state_->listener.listen(64);
  state_->acceptor = std::thread([state = state_.get()] { state->acceptLoop(); });
}

RawServer::~RawServer() {
  state_->stopping = true;
  state_->acceptor.join();
  std::lock_guard lock(state_->mutex);
  for (auto& worker : state_->workers) worker.join();
  state_->accepted.clear();
}

std::string RawServer::url() const {
  return "http://127.0.0.1:" + std::to_string(state_->listener.address().port());
}

std::size_t RawServer::connections() const { return state_->connections; }

void RawServer::write(Poco::Net::StreamSocket& socket, const std::string& text) {
  try {
    std::size_t sent = 0;
    while (sent < text.size()) {
      const int n = socket.sendBytes(text.data() + sent, static_cast<int>(text.size() - sent));
      if (n <= 0) return;
      sent += static_cast<std::size_t>(n);
    }
  } catch (const Poco::Exception&) {
    // the client hung up: a hostile server does not care
  }
}

}  // namespace b44::testing
