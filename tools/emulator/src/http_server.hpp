// A Poco HTTPServer with its own thread pool that stops at once and
// completely. Header-only: the emulator and the test suite's scripted server
// both run on it.
//
// - At once: Poco's accept loop polls the listening socket with a 250 ms
//   timeout and only then sees the stop flag, so a plain stop() costs up to a
//   quarter second; across hundreds of short-lived loopback servers that was
//   most of the test suite's run time. Shutting the listening socket down first
//   wakes the poll immediately (Poco swallows the failed accept).
// - Completely: the pool is ours and joined before the server is destroyed,
//   so no handler or connection thread is still running when the server, the
//   owner or whatever the handlers use is destroyed.
#pragma once

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/ThreadPool.h>

#include <cstdint>
#include <memory>

namespace b44::emulator::detail {

class HttpServer {
 public:
  // Listens on `address` (port 0: any free port) and serves with up to
  // params->getMaxThreads() handler threads.
  HttpServer(const Poco::Net::SocketAddress& address,
             Poco::Net::HTTPRequestHandlerFactory::Ptr factory,
             Poco::Net::HTTPServerParams::Ptr params)
      // +1: the accept loop runs on a thread of the same pool.
      : pool_(2, params->getMaxThreads() + 1), socket_(address) {
    server_ = std::make_unique<Poco::Net::HTTPServer>(std::move(factory), pool_, socket_,
                                                      std::move(params));
    server_->start();
  }
  ~HttpServer() { stop(); }
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  void stop() {
    if (!server_) return;
    try {
      socket_.impl()->shutdown();
    } catch (const Poco::Exception&) {
      // Already closed: stopping the server is all that is left to do.
    }
    server_->stopAll(true);  // also aborts idle keep-alive connections
    // Join before destroying the server: a finishing connection still
    // unregisters itself from the server's stop event (TSan saw that race).
    pool_.joinAll();  // no handler runs after this
    server_.reset();
  }

  [[nodiscard]] std::uint16_t port() const { return socket_.address().port(); }

 private:
  Poco::ThreadPool pool_;
  Poco::Net::ServerSocket socket_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

}  // namespace b44::emulator::detail
