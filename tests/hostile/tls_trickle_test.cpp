// A TLS service that trickles its answer inside one TLS record: a real TLS
// server on loopback (with a certificate made here) behind a TCP proxy that,
// once the client has sent its request, passes the server's bytes on one at a
// time. Inside one SSL_read each byte restarts the socket's read timeout, so
// only the transport's deadline watchdog ends such a call on time.
#include <b44/errors.hpp>
#include <b44/http.hpp>

#include <Poco/Net/Context.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <unistd.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

namespace b44 {
namespace {

namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;

// How often the servers' accept loops look whether they should stop (closing
// a listening socket does not wake a thread blocked in accept()).
const Poco::Timespan kAcceptPoll(0, 20'000);

// Serves one connection at a time until `stopping`; a connection's failure
// (a side closed) ends only that connection.
template <class Connection, class Listener, class Serve>
void acceptLoop(Listener& socket, const std::atomic<bool>& stopping, Serve&& serve) {
  while (!stopping) {
    try {
      if (!socket.poll(kAcceptPoll, Poco::Net::Socket::SELECT_READ)) continue;
      Connection peer = socket.acceptConnection();
      serve(peer);
    } catch (const Poco::Exception&) {
      // a side closed, or the server is closing
    }
  }
}

// A self-signed certificate for 127.0.0.1 and its key, as PEM files in a
// temporary directory.
class SelfSignedCertificate {
 public:
  SelfSignedCertificate()
      : dir_(fs::temp_directory_path() / ("b44-tls-" + std::to_string(::getpid()))) {
    fs::create_directories(dir_);
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
    std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
    if (!key || !cert) throw std::runtime_error("cannot make a key or certificate");
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) {
      throw std::runtime_error("cannot sign the certificate");
    }
    write(keyFile(), [&](FILE* f) {
      return PEM_write_PrivateKey(f, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    });
    write(certFile(), [&](FILE* f) { return PEM_write_X509(f, cert.get()); });
  }
  ~SelfSignedCertificate() {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  SelfSignedCertificate(const SelfSignedCertificate&) = delete;
  SelfSignedCertificate& operator=(const SelfSignedCertificate&) = delete;

  [[nodiscard]] std::string keyFile() const { return (dir_ / "key.pem").string(); }
  [[nodiscard]] std::string certFile() const { return (dir_ / "cert.pem").string(); }

 private:
  template <class Write>
  static void write(const std::string& path, Write&& pem) {
    std::unique_ptr<FILE, decltype(&std::fclose)> file(std::fopen(path.c_str(), "w"), std::fclose);
    if (!file || pem(file.get()) == 0) throw std::runtime_error("cannot write " + path);
  }
  fs::path dir_;
};

// One TLS connection at a time: reads a request's headers, then answers 200
// with `body` in one write (one TLS record).
class TlsServer {
 public:
  TlsServer(const SelfSignedCertificate& certificate, std::string body)
      // TLS 1.2: TLS 1.3 session tickets after the handshake would be
      // trickled too, and the test is about the one record of the answer.
      : context_(new Poco::Net::Context(Poco::Net::Context::TLSV1_2_SERVER_USE,
                                        certificate.keyFile(), certificate.certFile(), "",
                                        Poco::Net::Context::VERIFY_NONE)),
        socket_(Poco::Net::SocketAddress("127.0.0.1", 0), 64, context_),
        body_(std::move(body)),
        thread_([this] { serve(); }) {}
  ~TlsServer() {
    stopping_ = true;  // seen by the accept loop within its poll
    thread_.join();
  }
  TlsServer(const TlsServer&) = delete;
  TlsServer& operator=(const TlsServer&) = delete;

  [[nodiscard]] Poco::UInt16 port() const { return socket_.address().port(); }

 private:
  void serve() {
    acceptLoop<Poco::Net::SecureStreamSocket>(
        socket_, stopping_, [this](Poco::Net::SecureStreamSocket& peer) {
          peer.setReceiveTimeout(Poco::Timespan(10, 0));
          std::string request;
          char buffer[1024];
          while (request.find("\r\n\r\n") == std::string::npos) {
            const int n = peer.receiveBytes(buffer, sizeof buffer);
            if (n <= 0) break;
            request.append(buffer, static_cast<std::size_t>(n));
          }
          const std::string answer =
              "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " +
              std::to_string(body_.size()) + "\r\n\r\n" + body_;
          peer.sendBytes(answer.data(), static_cast<int>(answer.size()));
          peer.shutdown();
        });
  }

  Poco::Net::Context::Ptr context_;
  Poco::Net::SecureServerSocket socket_;
  std::string body_;
  std::atomic<bool> stopping_ = false;
  std::thread thread_;
};

// Follows a stream of TLS records (5-byte header: type, version, length),
// however TCP cuts it: the client may send its first application data in the
// same segment as the end of its handshake.
class RecordScanner {
 public:
  // Whether `bytes` complete the header of an application-data record (23).
  bool scan(const char* bytes, int count) {
    bool applicationData = false;
    for (int i = 0; i < count;) {
      if (bodyLeft_ > 0) {
        const auto skipped = std::min<std::size_t>(bodyLeft_, static_cast<std::size_t>(count - i));
        bodyLeft_ -= skipped;
        i += static_cast<int>(skipped);
        continue;
      }
      header_.push_back(bytes[i++]);
      if (header_.size() == 5) {
        applicationData = applicationData || header_[0] == 23;
        bodyLeft_ = (static_cast<std::size_t>(static_cast<unsigned char>(header_[3])) << 8) |
                    static_cast<unsigned char>(header_[4]);
        header_.clear();
      }
    }
    return applicationData;
  }

 private:
  std::string header_;
  std::size_t bodyLeft_ = 0;
};

// A TCP proxy for one connection at a time. The server's bytes are passed on
// at once until the client sends application data (TLS record type 23: its
// request); after that, with `trickle`, one byte every `pause`.
class TrickleProxy {
 public:
  TrickleProxy(Poco::UInt16 upstreamPort, bool trickle, std::chrono::milliseconds pause)
      : upstreamPort_(upstreamPort),
        trickle_(trickle),
        pause_(pause),
        socket_(Poco::Net::SocketAddress("127.0.0.1", 0)),
        thread_([this] { serve(); }) {}
  ~TrickleProxy() {
    stopping_ = true;  // seen by the accept loop within its poll
    thread_.join();
  }
  TrickleProxy(const TrickleProxy&) = delete;
  TrickleProxy& operator=(const TrickleProxy&) = delete;

  [[nodiscard]] Poco::UInt16 port() const { return socket_.address().port(); }

 private:
  void serve() {
    acceptLoop<Poco::Net::StreamSocket>(
        socket_, stopping_, [this](Poco::Net::StreamSocket& client) {
          Poco::Net::StreamSocket server(Poco::Net::SocketAddress("127.0.0.1", upstreamPort_));
          relay(client, server);
        });
  }

  // Both directions from one thread, polling, so that the trickle's pace is
  // the proxy's alone.
  void relay(Poco::Net::StreamSocket& client, Poco::Net::StreamSocket& server) {
    bool requestSeen = false;
    RecordScanner clientRecords;
    std::string toClient;
    char buffer[4096];
    const Poco::Timespan poll(0, 2000);
    auto lastByte = SteadyClock::now();
    while (!stopping_) {
      if (client.poll(poll, Poco::Net::Socket::SELECT_READ)) {
        const int n = client.receiveBytes(buffer, sizeof buffer);
        if (n <= 0) return;
        if (clientRecords.scan(buffer, n)) requestSeen = true;
        server.sendBytes(buffer, n);
      }
      if (server.poll(poll, Poco::Net::Socket::SELECT_READ)) {
        const int n = server.receiveBytes(buffer, sizeof buffer);
        if (n <= 0 && toClient.empty()) return;
        if (n > 0) toClient.append(buffer, static_cast<std::size_t>(n));
      }
      if (toClient.empty()) continue;
      if (!trickle_ || !requestSeen) {
        client.sendBytes(toClient.data(), static_cast<int>(toClient.size()));
        toClient.clear();
      } else if (SteadyClock::now() - lastByte >= pause_) {
        client.sendBytes(toClient.data(), 1);
        toClient.erase(0, 1);
        lastByte = SteadyClock::now();
      }
    }
  }

  Poco::UInt16 upstreamPort_;
  bool trickle_;
  std::chrono::milliseconds pause_;
  Poco::Net::ServerSocket socket_;
  std::atomic<bool> stopping_ = false;
  std::thread thread_;
};

class TlsTrickle : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { Poco::Net::initializeSSL(); }
  static void TearDownTestSuite() { Poco::Net::uninitializeSSL(); }

  static std::shared_ptr<HttpTransport> transport() {
    TransportOptions options;
    options.verifyTls = false;  // the certificate is our own; what is tested is the deadline
    options.readTimeout = std::chrono::seconds(20);
    return makePocoTransport(options);
  }

  static HttpRequest get(Poco::UInt16 port) {
    HttpRequest request;
    request.url = "https://127.0.0.1:" + std::to_string(port) + "/slow";
    return request;
  }

  SelfSignedCertificate certificate_;
  // About 1.5 KB in one TLS record: 15 s at one byte per 10 ms.
  std::string body_ = std::string(1500, 'x');
};

TEST_F(TlsTrickle, AnAnswerPassedOnAtOnceArrivesWhole) {
  TlsServer server(certificate_, body_);
  TrickleProxy proxy(server.port(), false, std::chrono::milliseconds(0));
  const auto response =
      transport()->send(get(proxy.port()), Destination::Upstream, std::chrono::seconds(10));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, body_);
}

TEST_F(TlsTrickle, ARecordTrickledAByteAtATimeEndsAtTheCallDeadline) {
  TlsServer server(certificate_, body_);
  TrickleProxy proxy(server.port(), true, std::chrono::milliseconds(10));
  const auto deadline = std::chrono::milliseconds(1500);
  const auto started = SteadyClock::now();
  try {
    (void)transport()->send(get(proxy.port()), Destination::Upstream, deadline);
    ADD_FAILURE() << "a trickled answer was taken as complete";
  } catch (const TransportError& error) {
    EXPECT_EQ(error.kind(), TransportError::Kind::Timeout) << error.what();
    EXPECT_EQ(error.phase(), TransportError::Phase::MaybeSent) << error.what();
    EXPECT_NE(std::string(error.what()).find("no complete answer within 1500 ms"),
              std::string::npos)
        << error.what();
  }
  // The trickle alone would take 15 s; each byte comes well within the 20 s
  // per-read timeout.
  EXPECT_LT(SteadyClock::now() - started, std::chrono::seconds(5));
}

}  // namespace
}  // namespace b44
