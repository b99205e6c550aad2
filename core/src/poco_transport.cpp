// The Poco-based transport: one keep-alive session pool per origin, TLS peer
// verification with the system CA store, plain HTTP only to loopback (or when
// explicitly allowed), and `connectTo` redirection of upstream requests.
#include "deadline_watchdog.hpp"

#include <b44/errors.hpp>
#include <b44/http.hpp>

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SecureStreamSocketImpl.h>
#include <Poco/Net/StreamSocketImpl.h>

#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <istream>
#include <map>
#include <mutex>
#include <optional>
#include <ostream>

namespace b44 {
namespace {

using detail::DeadlineWatchdog;

Poco::Timespan toTimespan(std::chrono::milliseconds ms) {
  return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms.count()) * 1000);
}

// What one exchange (request out, answer in) may still spend, checked before
// every read and write on its socket. Poco's timeouts are per socket
// operation: a peer that trickles one byte a second would reset them for
// ever, so each operation may wait only what is left of the whole exchange.
// The same watch sees the answer's first bytes, to tell headers that ended
// with their blank line from headers cut off by the peer closing.
class ExchangeWatch {
 public:
  using SteadyClock = std::chrono::steady_clock;

  void arm(std::chrono::milliseconds budget, std::chrono::milliseconds perOperation) {
    deadline_ = SteadyClock::now() + budget;
    perOperation_ = perOperation;
    armed_ = true;
    expired_ = false;
    cut_ = false;
    headers_ = HeaderScan{};
  }
  void disarm() { armed_ = false; }

  // The longest the next socket operation may block; throws Poco's timeout
  // once the exchange's budget is spent.
  Poco::Timespan nextWait() {
    if (!armed_) return toTimespan(perOperation_);
    const auto left =
        std::chrono::duration_cast<std::chrono::microseconds>(deadline_ - SteadyClock::now());
    if (left.count() <= 0) {
      expired_ = true;
      throw Poco::TimeoutException("the exchange's time is spent");
    }
    return Poco::Timespan(std::min<Poco::Timespan::TimeDiff>(
        left.count(),
        std::chrono::duration_cast<std::chrono::microseconds>(perOperation_).count()));
  }

  // Bytes read from the peer (0: it closed the connection).
  void received(const char* bytes, int count) {
    if (!armed_ || headers_.complete) return;
    if (count <= 0) {
      headers_.closedEarly = headers_.started;
      return;
    }
    for (int i = 0; i < count && !headers_.complete; ++i) {
      const char c = bytes[i];
      headers_.started = true;
      if (c == '\n') {
        // An empty line (bare LF or CRLF) ends the header block.
        if (headers_.lineLength == 0 && headers_.lines > 0) headers_.complete = true;
        headers_.lineLength = 0;
        ++headers_.lines;
      } else if (c != '\r') {
        ++headers_.lineLength;
      }
    }
  }

  [[nodiscard]] SteadyClock::time_point deadline() const { return deadline_; }
  [[nodiscard]] bool expired() const { return expired_ || cut_; }
  // The watchdog shut the socket down at the deadline (its thread calls this).
  void cut() { cut_ = true; }
  // The peer closed the connection after some of the answer's headers and
  // before their end.
  [[nodiscard]] bool headersCutOff() const { return headers_.closedEarly && !headers_.complete; }

 private:
  struct HeaderScan {
    bool started = false;
    bool complete = false;
    bool closedEarly = false;
    std::size_t lines = 0;
    std::size_t lineLength = 0;
  };
  SteadyClock::time_point deadline_{};
  std::chrono::milliseconds perOperation_{30'000};
  bool armed_ = false;
  bool expired_ = false;
  std::atomic<bool> cut_ = false;
  HeaderScan headers_;
};

// A socket (plain or TLS) whose every read and write is bounded by its
// exchange's watch. Only the thread running the exchange touches the watch.
template <class Base>
class WatchedSocketImpl final : public Base {
 public:
  template <class... BaseArgs>
  explicit WatchedSocketImpl(std::shared_ptr<ExchangeWatch> watch, BaseArgs&&... args)
      : Base(std::forward<BaseArgs>(args)...), watch_(std::move(watch)) {}

  int receiveBytes(void* buffer, int length, int flags) override {
    this->setReceiveTimeout(watch_->nextWait());
    const int count = Base::receiveBytes(buffer, length, flags);
    watch_->received(static_cast<const char*>(buffer), count);
    return count;
  }
  int sendBytes(const void* buffer, int length, int flags) override {
    this->setSendTimeout(watch_->nextWait());
    return Base::sendBytes(buffer, length, flags);
  }

 private:
  std::shared_ptr<ExchangeWatch> watch_;
};

// Exposes the protected reconnect() so a connection is established explicitly
// before any byte of the request is written: a failure there proves the
// request was not sent.
template <class Session>
class ConnectableSession final : public Session {
 public:
  using Session::Session;
  void connectNow() {
    if (!this->connected()) this->reconnect();
  }
};
using PlainSession = ConnectableSession<Poco::Net::HTTPClientSession>;
using TlsSession = ConnectableSession<Poco::Net::HTTPSClientSession>;

struct PooledSession {
  std::unique_ptr<Poco::Net::HTTPClientSession> session;
  std::function<void()> connect;
  std::shared_ptr<ExchangeWatch> watch;
};

void initializeSslOnce() {
  static std::once_flag once;
  std::call_once(once, [] { Poco::Net::initializeSSL(); });
}

TransportError::Kind classify(const Poco::Exception& e) {
  if (dynamic_cast<const Poco::TimeoutException*>(&e) != nullptr)
    return TransportError::Kind::Timeout;
  if (dynamic_cast<const Poco::Net::SSLException*>(&e) != nullptr) return TransportError::Kind::Tls;
  if (dynamic_cast<const Poco::Net::ConnectionRefusedException*>(&e) != nullptr) {
    return TransportError::Kind::Refused;
  }
  return TransportError::Kind::Io;
}

std::string describeLimit(int status, const std::string& where) {
  return "the HTTP " + std::to_string(status) + " answer from " + where;
}

// Reads the body up to `limit` bytes, into `body` or, when `sink` is set, to
// the sink chunk by chunk. A body shorter than its declared Content-Length
// means the connection closed mid-response.
void readBody(std::istream& in, std::size_t limit, int status, const std::string& where,
              std::optional<Poco::Int64> declaredLength,
              const std::function<void(std::string_view)>& sink, std::string& body) {
  std::size_t total = 0;
  char buffer[16384];
  while (in) {
    in.read(buffer, sizeof buffer);
    const auto got = static_cast<std::size_t>(in.gcount());
    if (total + got > limit) {
      throw ProtocolError(describeLimit(status, where) + " exceeds the response size limit of " +
                          std::to_string(limit) + " bytes");
    }
    total += got;
    if (got == 0) continue;
    if (sink) {
      sink(std::string_view(buffer, got));
    } else {
      body.append(buffer, got);
    }
  }
  if (declaredLength && static_cast<Poco::Int64>(total) < *declaredLength) {
    throw TransportError(TransportError::Kind::Io, TransportError::Phase::MaybeSent,
                         "the connection to " + where + " closed mid-response (" +
                             std::to_string(total) + " of " + std::to_string(*declaredLength) +
                             " bytes of an HTTP " + std::to_string(status) + " answer)");
  }
}

class PocoTransport final : public HttpTransport {
 public:
  explicit PocoTransport(TransportOptions options) : options_(std::move(options)) {
    if (!options_.connectTo.empty()) {
      connectTo_ = splitUrl(options_.connectTo);
      if (connectTo_->scheme != "http") {
        throw InvalidArgumentError("connectTo",
                                   "must be an http:// origin such as http://127.0.0.1:8080");
      }
      if (!isLoopbackHost(connectTo_->host) && !options_.connectToAnyHostInsecure) {
        throw InvalidArgumentError(
            "connectTo",
            "must be a loopback origin (127.0.0.1, ::1, localhost): the requests "
            "carry tokens in clear; set connectToAnyHostInsecure "
            "(B44_CONNECT_TO_ANY_HOST_INSECURE=1) to send them elsewhere anyway");
      }
    }
  }

  HttpResponse send(const HttpRequest& request, Destination destination,
                    std::chrono::milliseconds timeout) override {
    const UrlParts url = splitUrl(request.url);
    if (!url.userInfo.empty()) throw InvalidArgumentError("url", "must not carry user info");
    const bool redirected = destination == Destination::Upstream && connectTo_.has_value();
    const UrlParts& target = redirected ? *connectTo_ : url;
    if (!redirected && url.scheme == "http" && !isLoopbackHost(url.host) &&
        !options_.allowInsecureHttp) {
      throw InvalidArgumentError(
          "url", "plain http:// to " + url.host + " is refused; use https or allowInsecureHttp");
    }
    const std::string origin = target.scheme + "://" + target.authority();
    const std::string where = url.scheme + "://" + url.authority();

    const auto exchange = std::min(timeout, options_.readTimeout);
    PooledSession pooled = acquire(origin, target, timeout);
    auto& session = *pooled.session;
    Poco::Net::HTTPRequest pocoRequest(request.method, url.target,
                                       Poco::Net::HTTPMessage::HTTP_1_1);
    pocoRequest.setHost(url.authority());
    pocoRequest.setKeepAlive(true);
    for (const auto& [name, value] : request.headers.entries()) pocoRequest.add(name, value);
    if (!request.body.empty() || request.method == "POST" || request.method == "PUT" ||
        request.method == "PATCH") {
      pocoRequest.setContentLength(static_cast<std::streamsize>(request.body.size()));
    }

    try {
      pooled.connect();
    } catch (const Poco::Exception& e) {
      const auto kind = classify(e);
      const std::string why =
          kind == TransportError::Kind::Timeout
              ? "no connection within " +
                    std::to_string(std::min(timeout, options_.connectTimeout).count()) + " ms"
              : e.displayText();
      throw TransportError(kind, TransportError::Phase::NotSent,
                           "could not connect to " + where + ": " + why);
    }
    // From here on every socket operation waits at most what is left of
    // `timeout`, however slowly the peer sends.
    ExchangeWatch& watch = *pooled.watch;
    // Disarmed before the session goes back to the pool (another thread may
    // take it at once); a session that fails is dropped, watch and all.
    watch.arm(timeout, options_.readTimeout);
    // A TLS read can outlast any per-operation timeout (see
    // deadline_watchdog.hpp): at the deadline, the socket is shut down.
    DeadlineWatchdog::Guard cutAtDeadline;
    if (target.scheme == "https") {
      const auto fd = session.socket().impl()->sockfd();
      cutAtDeadline = watchdog_.watch(watch.deadline(), [fd, watched = pooled.watch] {
        watched->cut();
        ::shutdown(fd, SHUT_RDWR);
      });
    }
    HttpResponse response;
    try {
      std::ostream& out = session.sendRequest(pocoRequest);
      out << request.body;
      out.flush();
      Poco::Net::HTTPResponse pocoResponse;
      std::istream& in = session.receiveResponse(pocoResponse);
      if (watch.headersCutOff()) {
        throw TransportError(TransportError::Kind::Io, TransportError::Phase::MaybeSent,
                             request.method + " " + where +
                                 ": the connection closed before the end of the answer's headers");
      }
      response.status = static_cast<int>(pocoResponse.getStatus());
      response.reason = pocoResponse.getReason();
      for (const auto& [name, value] : pocoResponse) response.headers.add(name, value);
      std::optional<Poco::Int64> declared;
      if (pocoResponse.hasContentLength()) declared = pocoResponse.getContentLength64();
      const std::size_t limit =
          request.maxResponseBytes != 0 ? request.maxResponseBytes : options_.maxResponseBytes;
      if (declared && *declared > static_cast<Poco::Int64>(limit)) {
        throw ProtocolError(describeLimit(response.status, where) + " declares " +
                            std::to_string(*declared) + " bytes, over the response size limit of " +
                            std::to_string(limit) + " bytes");
      }
      if (request.method != "HEAD") {
        // Only a success is streamed: an error answer's body is the error.
        const bool streamed = request.bodySink && response.status >= 200 && response.status < 300;
        readBody(in, streamed ? limit : std::min(limit, options_.maxResponseBytes), response.status,
                 where, declared,
                 streamed ? request.bodySink : std::function<void(std::string_view)>{},
                 response.body);
      }
      cutAtDeadline.cancel();
      // Cut at the deadline, a TLS answer may look complete but is not.
      if (watch.expired()) throw Poco::TimeoutException("the exchange's time is spent");
      watch.disarm();
      if (pocoResponse.getKeepAlive()) release(origin, std::move(pooled));
    } catch (const Poco::Exception& e) {
      const auto kind = watch.expired() ? TransportError::Kind::Timeout : classify(e);
      std::string why = e.displayText();
      if (watch.expired()) {
        why = "no complete answer within " + std::to_string(timeout.count()) +
              " ms (the time the call had left)";
      } else if (kind == TransportError::Kind::Timeout) {
        why = "no answer within " + std::to_string(exchange.count()) + " ms";
      }
      throw TransportError(
          kind, TransportError::Phase::MaybeSent,
          request.method + " " + where + " failed after the request was sent: " + why);
    } catch (const std::ios_base::failure& e) {
      throw TransportError(TransportError::Kind::Io, TransportError::Phase::MaybeSent,
                           request.method + " " + where + " failed: " + e.what());
    }
    return response;
  }

 private:
  PooledSession acquire(const std::string& origin, const UrlParts& target,
                        std::chrono::milliseconds timeout) {
    PooledSession pooled;
    {
      std::lock_guard lock(mutex_);
      auto& idle = pool_[origin];
      if (!idle.empty()) {
        pooled = std::move(idle.back());
        idle.pop_back();
      }
    }
    if (!pooled.session) pooled = open(target);
    // No phase of the exchange may outlast the call's remaining time.
    const auto exchange = std::min(timeout, options_.readTimeout);
    pooled.session->setTimeout(toTimespan(std::min(timeout, options_.connectTimeout)),
                               toTimespan(exchange), toTimespan(exchange));
    return pooled;
  }

  // Sessions own their socket, built with a watch so that the exchange's
  // deadline bounds every read and write (Poco takes ownership of the raw
  // SocketImpl: it is reference-counted by its Socket).
  PooledSession open(const UrlParts& target) {
    PooledSession pooled;
    pooled.watch = std::make_shared<ExchangeWatch>();
    if (target.scheme == "https") {
      const Poco::Net::StreamSocket socket(
          new WatchedSocketImpl<Poco::Net::SecureStreamSocketImpl>(pooled.watch, tlsContext()));
      auto session = std::make_unique<TlsSession>(Poco::Net::SecureStreamSocket(socket));
      auto* raw = session.get();
      pooled.connect = [raw] { raw->connectNow(); };
      pooled.session = std::move(session);
    } else {
      const Poco::Net::StreamSocket socket(
          new WatchedSocketImpl<Poco::Net::StreamSocketImpl>(pooled.watch));
      auto session = std::make_unique<PlainSession>(socket);
      auto* raw = session.get();
      pooled.connect = [raw] { raw->connectNow(); };
      pooled.session = std::move(session);
    }
    pooled.session->setHost(target.host);
    pooled.session->setPort(target.port);
    pooled.session->setKeepAlive(true);
    return pooled;
  }

  void release(const std::string& origin, PooledSession pooled) {
    std::lock_guard lock(mutex_);
    auto& idle = pool_[origin];
    if (idle.size() < kMaxIdlePerOrigin) idle.push_back(std::move(pooled));
  }

  Poco::Net::Context::Ptr tlsContext() {
    std::lock_guard lock(mutex_);
    if (!context_) {
      initializeSslOnce();
      // Peer verification against the system CA store (plus caFile); Poco
      // also checks that the certificate matches the host name.
      context_ = Poco::makeAuto<Poco::Net::Context>(
          Poco::Net::Context::TLS_CLIENT_USE, options_.caFile,
          options_.verifyTls ? Poco::Net::Context::VERIFY_RELAXED : Poco::Net::Context::VERIFY_NONE,
          9, true);
    }
    return context_;
  }

  static constexpr std::size_t kMaxIdlePerOrigin = 8;
  TransportOptions options_;
  std::optional<UrlParts> connectTo_;
  std::mutex mutex_;
  std::map<std::string, std::vector<PooledSession>> pool_;
  Poco::Net::Context::Ptr context_;
  DeadlineWatchdog watchdog_;
};

}  // namespace

std::shared_ptr<HttpTransport> makePocoTransport(TransportOptions options) {
  return std::make_shared<PocoTransport>(std::move(options));
}

}  // namespace b44
