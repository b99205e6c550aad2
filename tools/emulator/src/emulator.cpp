// The Emulator object and its Poco HTTP servers. Handlers are thin: they turn a
// Poco request into an Incoming, call the side's handle(), and send the Reply.
#include "detail.hpp"
#include "http_server.hpp"

#include <b44/errors.hpp>

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <boost/dll/runtime_symbol_info.hpp>

#include <sys/socket.h>

#include <functional>
#include <istream>

#ifndef B44_EMULATOR_DATA_FROM_LIB
#define B44_EMULATOR_DATA_FROM_LIB "../share"
#endif

namespace b44::emulator {
namespace {

using detail::Incoming;
using detail::Reply;
using Handle = std::function<Reply(const Incoming&)>;

enum class BodyRead { Complete, TooLarge, Incomplete };

// Reads the body up to `limit` bytes.
BodyRead readBody(Poco::Net::HTTPServerRequest& request, std::size_t limit, std::string& body) {
  // RFC 9112 6.3: a request with neither Content-Length nor chunked encoding
  // has no body (Poco would read until the client closes, hanging keep-alive).
  if (!request.hasContentLength() && !request.getChunkedTransferEncoding()) {
    return BodyRead::Complete;
  }
  if (request.hasContentLength() &&
      request.getContentLength64() > static_cast<Poco::Int64>(limit)) {
    return BodyRead::TooLarge;
  }
  std::istream& in = request.stream();
  char buffer[16384];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    body.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (body.size() > limit) return BodyRead::TooLarge;
  }
  // The stream turns bad when a read times out (the idle timeout); a body
  // shorter than declared means the client closed early. Neither is a request.
  if (in.bad() || (request.hasContentLength() &&
                   static_cast<Poco::Int64>(body.size()) != request.getContentLength64())) {
    return BodyRead::Incomplete;
  }
  return BodyRead::Complete;
}

void startReply(Poco::Net::HTTPServerResponse& response, const Reply& reply) {
  response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status));
  for (const auto& [name, value] : reply.headers) response.add(name, value);
  if (!reply.contentType.empty()) response.setContentType(reply.contentType);
}

void send(Poco::Net::HTTPServerResponse& response, const Reply& reply) {
  startReply(response, reply);
  response.sendBuffer(reply.body.data(), reply.body.size());
}

Poco::Net::StreamSocket* socketOf(Poco::Net::HTTPServerRequest& request) {
  auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request);
  return impl == nullptr ? nullptr : &impl->socket();
}

// After poll() said readable: true at end of stream or on a socket error,
// false when the client merely sent more bytes (they stay unread).
bool clientHungUp(Poco::Net::StreamSocket& socket) {
  char byte = 0;
  try {
    return socket.receiveBytes(&byte, 1, MSG_PEEK) <= 0;
  } catch (const Poco::Exception&) {
    return true;
  }
}

// Holds the answer for `delay`. False when the client hung up meanwhile (its
// socket turns readable: end of stream) or the emulator is stopping.
bool hold(Poco::Net::HTTPServerRequest& request, std::chrono::milliseconds delay,
          detail::FaultInjector& faults) {
  using namespace std::chrono;
  const auto until = steady_clock::now() + delay;
  Poco::Net::StreamSocket* socket = socketOf(request);
  for (;;) {
    if (faults.stopping()) return false;
    const auto now = steady_clock::now();
    if (now >= until) return true;
    // Rounded up: a truncated remainder would end the hold up to 1 ms early.
    const auto left = ceil<milliseconds>(until - now);
    const auto slice = std::min(left, milliseconds(25));
    if (socket != nullptr) {
      const Poco::Timespan timeout(slice.count() * 1000);
      if (!socket->poll(timeout, Poco::Net::Socket::SELECT_READ)) continue;  // a quiet slice
      if (clientHungUp(*socket)) return false;
      // Bytes the client sent early keep the socket readable: wait the slice out.
    }
    if (!faults.pause(slice)) return false;
  }
}

// A JSON body of `size` bytes, streamed ({"padding":"xxx...x"}).
void sendPadding(Poco::Net::HTTPServerResponse& response, const Reply& reply) {
  static const std::string prefix = "{\"padding\":\"";
  static const std::string suffix = "\"}";
  const std::size_t total = std::max(*reply.padding, prefix.size() + suffix.size());
  if (reply.chunked) {
    response.setChunkedTransferEncoding(true);
  } else {
    response.setContentLength64(static_cast<Poco::Int64>(total));
  }
  std::ostream& out = response.send();
  out << prefix;
  const std::string chunk(64u << 10, 'x');
  std::size_t left = total - prefix.size() - suffix.size();
  while (left > 0 && out) {
    const std::size_t n = std::min(left, chunk.size());
    out.write(chunk.data(), static_cast<std::streamsize>(n));
    left -= n;
  }
  out << suffix;
  out.flush();
}

// Sends a reply, carrying out its wire-level faults.
void deliver(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
             const Reply& reply, detail::FaultInjector& faults) {
  try {
    if (reply.delay > std::chrono::milliseconds::zero() && !hold(request, reply.delay, faults)) {
      response.setKeepAlive(false);  // nobody waits for this answer any more
      return;
    }
    if (reply.padding) {
      response.setKeepAlive(false);  // the client may stop reading half-way
      startReply(response, reply);
      sendPadding(response, reply);
      return;
    }
    if (reply.cutAfter) {
      response.setKeepAlive(false);
      startReply(response, reply);
      response.setContentLength64(static_cast<Poco::Int64>(reply.body.size()));
      std::ostream& out = response.send();
      out.write(reply.body.data(), static_cast<std::streamsize>(*reply.cutAfter));
      out.flush();
      // Close now: the rest of the declared body never comes.
      if (Poco::Net::StreamSocket* socket = socketOf(request)) socket->shutdown();
      return;
    }
    send(response, reply);
  } catch (const Poco::Exception&) {
    response.setKeepAlive(false);  // the client went away mid-answer
  } catch (const std::exception&) {
    response.setKeepAlive(false);
  }
}

class Handler : public Poco::Net::HTTPRequestHandler {
 public:
  Handler(const Handle& handle, std::size_t maxBodyBytes, bool base44Shape,
          detail::FaultInjector& faults, const detail::Redactor& redactor)
      : handle_(handle),
        maxBodyBytes_(maxBodyBytes),
        base44Shape_(base44Shape),
        faults_(faults),
        redactor_(redactor) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    Incoming incoming;
    incoming.method = request.getMethod();
    incoming.target = request.getURI();
    for (const auto& [name, value] : request) {
      auto& slot = incoming.headers[detail::toLower(name)];
      slot = slot.empty() ? value : slot + ", " + value;
    }
    const BodyRead read = readBody(request, maxBodyBytes_, incoming.body);
    if (read == BodyRead::Incomplete) {
      // Nothing to answer: the client went quiet (or away) mid-body.
      response.setKeepAlive(false);
      return;
    }
    if (read == BodyRead::TooLarge) {
      // The rest of the body is unread: the connection cannot be reused.
      response.setKeepAlive(false);
      const std::string message =
          "request body larger than " + std::to_string(maxBodyBytes_) + " bytes";
      send(response, base44Shape_ ? detail::base44Error(413, "payload_too_large", message)
                                  : detail::jsonReply(413, {{"error", "payload_too_large"},
                                                            {"message", message}}));
      return;
    }
    Reply reply;
    try {
      reply = handle_(incoming);
    } catch (const std::exception& error) {
      reply = detail::jsonReply(
          500, {{"error", "emulator_error"}, {"message", redactor_.text(error.what())}});
    }
    deliver(request, response, reply, faults_);
  }

 private:
  const Handle& handle_;
  std::size_t maxBodyBytes_;
  bool base44Shape_;
  detail::FaultInjector& faults_;
  const detail::Redactor& redactor_;
};

class HandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  HandlerFactory(Handle handle, std::size_t maxBodyBytes, bool base44Shape,
                 detail::FaultInjector& faults, const detail::Redactor& redactor)
      : handle_(std::move(handle)),
        maxBodyBytes_(maxBodyBytes),
        base44Shape_(base44Shape),
        faults_(faults),
        redactor_(redactor) {}

  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    // Poco's ownership convention: the server deletes the handler it is given.
    return std::make_unique<Handler>(handle_, maxBodyBytes_, base44Shape_, faults_, redactor_)
        .release();
  }

 private:
  Handle handle_;
  std::size_t maxBodyBytes_;
  bool base44Shape_;
  detail::FaultInjector& faults_;
  const detail::Redactor& redactor_;
};

// One HTTP server of the emulator (Base44 side or sandbox side).
class Server {
 public:
  Server(const std::string& host, std::uint16_t port, Handle handle, std::size_t maxBodyBytes,
         bool base44Shape, std::size_t maxThreads, std::chrono::milliseconds idleTimeout,
         std::chrono::milliseconds requestTimeout, detail::FaultInjector& faults,
         const detail::Redactor& redactor)
      : http_(Poco::Net::SocketAddress(host, port),
              Poco::makeShared<HandlerFactory>(std::move(handle), maxBodyBytes, base44Shape, faults,
                                               redactor),
              params(maxThreads, idleTimeout), requestTimeout) {}

  [[nodiscard]] std::uint16_t port() const { return http_.port(); }

 private:
  static Poco::Net::HTTPServerParams::Ptr params(std::size_t maxThreads,
                                                 std::chrono::milliseconds idleTimeout) {
    auto params = Poco::makeAuto<Poco::Net::HTTPServerParams>();
    params->setKeepAlive(true);
    params->setMaxKeepAliveRequests(0);  // unlimited
    params->setKeepAliveTimeout(Poco::Timespan(10, 0));
    params->setMaxThreads(static_cast<int>(maxThreads));
    params->setMaxQueued(256);
    // Poco applies this to the socket's receive timeout only: every read of a
    // request (headers, body) gives up after idleTimeout, so a half-sent
    // request frees its thread quickly; sending answers is not bound by it.
    // Idle keep-alive connections keep the 10 s above: clients reuse pooled
    // connections within their own keep-alive time (Poco's is 8 s).
    params->setTimeout(
        Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(idleTimeout.count()) * 1000));
    return params;
  }

  detail::HttpServer http_;
};

std::string loopbackHost(const std::string& host) {
  if (host == "localhost") return "127.0.0.1";
  Poco::Net::IPAddress address;
  if (!Poco::Net::IPAddress::tryParse(host, address) || !address.isLoopback()) {
    throw InvalidArgumentError("host",
                               "the emulator listens on loopback only (127.0.0.1, ::1 or "
                               "localhost), not '" +
                                   host + "'");
  }
  return address.toString();
}

}  // namespace

struct Emulator::Impl {
  explicit Impl(EmulatorOptions options)
      : options(std::move(options)),
        host(loopbackHost(this->options.host)),
        tokens(validated(this->options.connections)),
        redactor(this->options.connections, tokens, this->options.adapterLookup),
        records(this->options.recordFile, this->options.recordCredentials, this->options.maxRecords,
                redactor),
        faults(this->options.faults, this->options.clock, this->options.onFault, tokens,
               this->options.maxRecords),
        sandbox(detail::loadRoutes(this->options.routeFiles), records, redactor),
        base44(
            this->options.connections,
            [this](const std::string& method, const std::string& hostHeader,
                   const std::string& target, const detail::HeaderMap& headers,
                   const std::string& body) {
              return dispatchSandbox(method, hostHeader, target, headers, body);
            },
            this->options.adapterLookup, tokens, faults, redactor) {
    if (this->options.idleTimeout <= std::chrono::milliseconds::zero()) {
      throw InvalidArgumentError("idleTimeout", "idleTimeout must be positive");
    }
    if (this->options.requestTimeout <= std::chrono::milliseconds::zero()) {
      throw InvalidArgumentError("requestTimeout", "requestTimeout must be positive");
    }
  }

  static const nlohmann::json& validated(const nlohmann::json& connections) {
    validateConnections(connections);
    return connections;
  }

  std::string url(std::uint16_t port) const {
    const bool ipv6 = host.find(':') != std::string::npos;
    return "http://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
  }

  // An upstream request (over HTTP or from callApi): its faults, its record,
  // its route.
  Reply dispatchSandbox(const std::string& method, const std::string& hostHeader,
                        const std::string& target, const detail::HeaderMap& headers,
                        const std::string& body) {
    const auto [path, query] = detail::splitTarget(target);
    // Before a fault line or the record can show them.
    sandbox.learnSecrets(hostHeader, path);
    detail::FaultRequest request;
    request.side = FaultSide::Sandbox;
    request.method = detail::toUpper(method);
    request.host = detail::hostWithoutPort(hostHeader);
    request.path = path;
    request.url = "https://" + hostHeader + path + (query.empty() ? "" : "?" + query);
    request.token = tokens.holder(headers);
    request.headers = &headers;
    if (request.token) request.integrationType = request.token->integrationType;
    const auto decision = faults.decide(request);
    Reply normal = sandbox.handle(method, hostHeader, target, headers, body, decision.name());
    return faults.shape(decision, std::move(normal), false);
  }

  Reply handleSandbox(const Incoming& request) {
    const auto hostHeader = request.headers.find("host");
    return dispatchSandbox(request.method,
                           hostHeader == request.headers.end() ? std::string() : hostHeader->second,
                           request.target, request.headers, request.body);
  }

  Reply handleBase44(const Incoming& request) {
    const auto hostHeader = request.headers.find("host");
    RecordedRequest record;
    record.method = request.method;
    record.url =
        (hostHeader == request.headers.end() ? url(base44Port) : "http://" + hostHeader->second) +
        request.target;
    record.headers = request.headers;
    if (!request.body.empty()) record.body = request.body;

    detail::FaultRequest faulted;
    faulted.side = FaultSide::Base44;
    faulted.method = detail::toUpper(request.method);
    faulted.path = detail::splitTarget(request.target).first;
    faulted.url = record.url;
    faulted.integrationType = base44.integrationTypeOf(request);
    const auto decision = faults.decide(faulted);
    record.fault = decision.name();
    records.addBase44(std::move(record));
    Reply normal = decision.replacesAnswer() ? Reply{} : base44.handle(request);
    return faults.shape(decision, std::move(normal), true);
  }

  EmulatorOptions options;
  std::string host;
  detail::TokenBook tokens;
  detail::Redactor redactor;
  detail::RecordStore records;
  detail::FaultInjector faults;
  detail::Sandbox sandbox;
  detail::Base44Side base44;
  std::mutex lifecycle;
  std::unique_ptr<Server> base44Server;
  std::unique_ptr<Server> sandboxServer;
  std::uint16_t base44Port = 0;
  std::uint16_t sandboxPort = 0;
};

Emulator::Emulator(EmulatorOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Emulator::~Emulator() { stop(); }

void Emulator::start() {
  std::lock_guard lock(impl_->lifecycle);
  if (impl_->base44Server) return;
  Impl& impl = *impl_;
  impl.faults.setStopping(false);
  try {
    impl.sandboxServer = std::make_unique<Server>(
        impl.host, impl.options.sandboxPort,
        [&impl](const Incoming& request) { return impl.handleSandbox(request); },
        impl.options.maxBodyBytes, false, impl.options.maxThreads, impl.options.idleTimeout,
        impl.options.requestTimeout, impl.faults, impl.redactor);
    impl.base44Server = std::make_unique<Server>(
        impl.host, impl.options.base44Port,
        [&impl](const Incoming& request) { return impl.handleBase44(request); },
        impl.options.maxBodyBytes, true, impl.options.maxThreads, impl.options.idleTimeout,
        impl.options.requestTimeout, impl.faults, impl.redactor);
  } catch (const Poco::Exception& error) {
    impl.sandboxServer.reset();
    impl.base44Server.reset();
    throw Error("the emulator cannot listen on " + impl.host + ": " + error.displayText());
  }
  impl.sandboxPort = impl.sandboxServer->port();
  impl.base44Port = impl.base44Server->port();
}

void Emulator::stop() {
  std::lock_guard lock(impl_->lifecycle);
  if (!impl_->sandboxServer) return;
  // Release held answers (slow faults, barriers) first, so no handler waits.
  impl_->faults.setStopping(true);
  // Each stop returns once its server's threads are joined (HttpServer).
  impl_->sandboxServer.reset();
  impl_->base44Server.reset();
}

std::string Emulator::base44Url() const { return impl_->url(impl_->base44Port); }
std::string Emulator::sandboxUrl() const { return impl_->url(impl_->sandboxPort); }
std::uint16_t Emulator::base44Port() const { return impl_->base44Port; }
std::uint16_t Emulator::sandboxPort() const { return impl_->sandboxPort; }

std::vector<RecordedRequest> Emulator::sandboxRequests() const { return impl_->records.sandbox(); }
std::vector<RecordedRequest> Emulator::base44Requests() const { return impl_->records.base44(); }
DroppedRecords Emulator::droppedRecords() const { return impl_->records.dropped(); }
void Emulator::clearRecords() {
  impl_->records.clear();
  impl_->faults.clearFired();
}

void Emulator::addFault(FaultRule rule) { impl_->faults.add(std::move(rule)); }
void Emulator::clearFaults() { impl_->faults.clear(); }
std::vector<FiredFault> Emulator::firedFaults() const { return impl_->faults.fired(); }

std::map<std::string, std::size_t> Emulator::firedFaultCounts() const {
  return impl_->faults.firedCounts();
}

nlohmann::json Emulator::redactedJson(const RecordedRequest& request) const {
  return impl_->redactor.request(request);
}

std::string Emulator::redact(std::string_view text) const { return impl_->redactor.text(text); }

std::string Emulator::appId() const { return impl_->base44.appId(); }
std::string Emulator::serviceToken() const { return impl_->base44.serviceToken(); }

std::filesystem::path defaultRouteDirectory() {
  const std::filesystem::path library = boost::dll::this_line_location();
  return (library.parent_path() / B44_EMULATOR_DATA_FROM_LIB / "b44" / "sandbox")
      .lexically_normal();
}

}  // namespace b44::emulator
