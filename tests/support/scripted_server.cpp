#include "scripted_server.hpp"

#include "http_server.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <stdexcept>

namespace b44::testing {

struct ScriptedServer::State {
  std::mutex mutex;
  std::condition_variable arrived;
  std::deque<ScriptedAnswer> script;
  ScriptedAnswer fallback;
  std::vector<ReceivedRequest> requests;
  std::size_t holdCount = 0;
  std::chrono::milliseconds holdLimit{0};
};

namespace {

class Handler final : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(std::shared_ptr<ScriptedServer::State> state) : state_(std::move(state)) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    ReceivedRequest received;
    received.method = request.getMethod();
    received.target = request.getURI();
    for (const auto& [name, value] : request) {
      std::string lower = name;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      received.headers[lower] = value;
    }
    Poco::StreamCopier::copyToString(request.stream(), received.body);

    ScriptedAnswer answer;
    {
      std::unique_lock lock(state_->mutex);
      state_->requests.push_back(received);
      state_->arrived.notify_all();
      if (state_->holdCount > 0) {
        state_->arrived.wait_for(lock, state_->holdLimit,
                                 [&] { return state_->requests.size() >= state_->holdCount; });
      }
      if (!state_->script.empty()) {
        answer = state_->script.front();
        state_->script.pop_front();
      } else {
        answer = state_->fallback;
      }
    }
    if (answer.dropConnection) {
      // Shut the socket and leave the handler with a non-Poco exception, which
      // Poco's connection loop does not answer: the client sees the
      // connection close with no response at all.
      static_cast<Poco::Net::HTTPServerRequestImpl&>(request).socket().shutdown();
      throw std::runtime_error("scripted: connection dropped");
    }
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
    for (const auto& [name, value] : answer.headers) response.set(name, value);
    if (!response.has("Content-Type")) response.setContentType("application/json");
    response.setContentLength(static_cast<std::streamsize>(answer.body.size()));
    response.send() << answer.body;
  }

 private:
  std::shared_ptr<ScriptedServer::State> state_;
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(std::shared_ptr<ScriptedServer::State> state) : state_(std::move(state)) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    // Poco takes ownership of the handler it asked for.
    return std::make_unique<Handler>(state_).release();
  }

 private:
  std::shared_ptr<ScriptedServer::State> state_;
};

}  // namespace

struct ScriptedServer::Server : b44::emulator::detail::HttpServer {
  using HttpServer::HttpServer;
};

namespace {
Poco::Net::HTTPServerParams::Ptr scriptedServerParams() {
  auto params = Poco::makeAuto<Poco::Net::HTTPServerParams>();
  params->setMaxThreads(16);
  params->setKeepAlive(true);
  return params;
}
}  // namespace

ScriptedServer::ScriptedServer()
    : state_(std::make_shared<State>()),
      server_(std::make_unique<Server>(Poco::Net::SocketAddress("127.0.0.1", 0),
                                       Poco::makeShared<Factory>(state_), scriptedServerParams())) {
}

ScriptedServer::~ScriptedServer() {
  {
    std::lock_guard lock(state_->mutex);
    state_->holdCount = 0;
    state_->arrived.notify_all();
  }
  server_->stop();
}

void ScriptedServer::push(ScriptedAnswer answer) {
  std::lock_guard lock(state_->mutex);
  state_->script.push_back(std::move(answer));
}

void ScriptedServer::setFallback(ScriptedAnswer answer) {
  std::lock_guard lock(state_->mutex);
  state_->fallback = std::move(answer);
}

void ScriptedServer::holdUntil(std::size_t count, std::chrono::milliseconds limit) {
  std::lock_guard lock(state_->mutex);
  state_->holdCount = count;
  state_->holdLimit = limit;
}

std::string ScriptedServer::url() const {
  return "http://127.0.0.1:" + std::to_string(server_->port());
}

std::vector<ReceivedRequest> ScriptedServer::requests() const {
  std::lock_guard lock(state_->mutex);
  return state_->requests;
}

std::uint16_t closedPort() {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  const auto port = socket.address().port();
  socket.close();
  return port;
}

}  // namespace b44::testing
