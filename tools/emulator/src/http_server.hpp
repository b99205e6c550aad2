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
// - Bounded: with a request timeout, a request's headers and body must
//   arrive within it from the first read, however slowly they trickle (Poco's
//   own timeout is per read, and each byte restarts it).
#pragma once

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/ServerSocketImpl.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocketImpl.h>
#include <Poco/ThreadPool.h>

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>

namespace b44::emulator::detail {

// An accepted connection whose reads of one request (from the first read
// after the previous answer began, to the first byte of this one's answer)
// together take at most `limit`; each read also waits at most `perRead`.
class RequestBoundSocketImpl final : public Poco::Net::StreamSocketImpl {
 public:
  RequestBoundSocketImpl(poco_socket_t fd, std::chrono::milliseconds limit,
                         std::chrono::milliseconds perRead)
      : Poco::Net::StreamSocketImpl(fd), limit_(limit), perRead_(perRead) {}

  int receiveBytes(void* buffer, int length, int flags) override {
    const auto now = std::chrono::steady_clock::now();
    if (!reading_) {
      reading_ = true;
      deadline_ = now + limit_;
    }
    if (now >= deadline_) throw Poco::TimeoutException("the request took too long to arrive");
    const auto left = std::chrono::duration_cast<std::chrono::microseconds>(deadline_ - now);
    const auto wait =
        std::min(left, std::chrono::duration_cast<std::chrono::microseconds>(perRead_));
    setReceiveTimeout(Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(wait.count())));
    return Poco::Net::StreamSocketImpl::receiveBytes(buffer, length, flags);
  }
  int sendBytes(const void* buffer, int length, int flags) override {
    reading_ = false;  // answering: the next read starts the next request
    return Poco::Net::StreamSocketImpl::sendBytes(buffer, length, flags);
  }

 private:
  std::chrono::milliseconds limit_;
  std::chrono::milliseconds perRead_;
  bool reading_ = false;
  std::chrono::steady_clock::time_point deadline_{};
};

// A listening socket whose accepted connections are RequestBoundSocketImpls.
class RequestBoundServerSocketImpl final : public Poco::Net::ServerSocketImpl {
 public:
  RequestBoundServerSocketImpl(std::chrono::milliseconds limit, std::chrono::milliseconds perRead)
      : limit_(limit), perRead_(perRead) {}

  Poco::Net::SocketImpl* acceptConnection(Poco::Net::SocketAddress& clientAddress) override {
    sockaddr_storage address{};
    auto length = static_cast<socklen_t>(sizeof address);
    poco_socket_t fd = POCO_INVALID_SOCKET;
    do {
      fd = ::accept(sockfd(), reinterpret_cast<sockaddr*>(&address), &length);
    } while (fd == POCO_INVALID_SOCKET && errno == EINTR);
    if (fd == POCO_INVALID_SOCKET) error();  // throws, as Poco's own accept does
    clientAddress = Poco::Net::SocketAddress(reinterpret_cast<const sockaddr*>(&address), length);
    return new RequestBoundSocketImpl(fd, limit_, perRead_);  // owned by Poco's Socket
  }

 private:
  std::chrono::milliseconds limit_;
  std::chrono::milliseconds perRead_;
};

class RequestBoundServerSocket final : public Poco::Net::ServerSocket {
 public:
  RequestBoundServerSocket(const Poco::Net::SocketAddress& address, std::chrono::milliseconds limit,
                           std::chrono::milliseconds perRead)
      : Poco::Net::ServerSocket(new RequestBoundServerSocketImpl(limit, perRead), true) {
    bind(address, true);
    listen();
  }
};

class HttpServer {
 public:
  // Listens on `address` (port 0: any free port) and serves with up to
  // params->getMaxThreads() handler threads. With `requestTimeout`, each
  // request must arrive whole within it (see above).
  HttpServer(const Poco::Net::SocketAddress& address,
             Poco::Net::HTTPRequestHandlerFactory::Ptr factory,
             Poco::Net::HTTPServerParams::Ptr params,
             std::optional<std::chrono::milliseconds> requestTimeout = std::nullopt)
      // +1: the accept loop runs on a thread of the same pool.
      : pool_(2, params->getMaxThreads() + 1),
        socket_(requestTimeout
                    ? RequestBoundServerSocket(
                          address, *requestTimeout,
                          std::chrono::milliseconds(params->getTimeout().totalMilliseconds()))
                    : Poco::Net::ServerSocket(address)) {
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
