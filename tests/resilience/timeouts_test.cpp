// Timeouts: connect, read and the whole call's deadline, each configurable and
// each proven against something that really stalls. Read and deadline use the
// emulator's slow fault; connect uses a loopback listener whose accept queue
// is full, so the kernel drops new connection attempts (no fault at the HTTP
// level can stall a TCP connect). Real time passes here only as long as the
// timeouts under test.
#include "fixture.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace b44::resilience {
namespace {

// A loopback port where connections are never accepted: listen(0) and a few
// connections that fill the accept queue, after which SYNs are dropped.
class StalledListener {
 public:
  StalledListener() {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
        ::listen(listener_, 0) != 0 ||
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
      throw std::runtime_error("cannot set up the stalled listener");
    }
    port_ = ntohs(address.sin_port);
    for (int i = 0; i < 3; ++i) {
      const int filler = ::socket(AF_INET, SOCK_STREAM, 0);
      ::fcntl(filler, F_SETFL, O_NONBLOCK);
      ::connect(filler, reinterpret_cast<sockaddr*>(&address), size);  // in progress or done
      fillers_.push_back(filler);
    }
  }
  ~StalledListener() {
    for (const int filler : fillers_) ::close(filler);
    ::close(listener_);
  }
  StalledListener(const StalledListener&) = delete;
  StalledListener& operator=(const StalledListener&) = delete;
  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  int listener_ = -1;
  std::vector<int> fillers_;
  std::uint16_t port_ = 0;
};

class Timeouts : public ResilienceTest {
 protected:
  static std::chrono::milliseconds since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 start);
  }
};

TEST_F(Timeouts, ConnectTimeoutIsConfigurableAndProvesNothingWasSent) {
  StalledListener stalled;
  auto options = clientOptions();
  options.transport.connectTo = stalled.url();  // the service does not accept
  options.transport.connectTimeout = 200ms;
  options.retry.maxAttempts = 2;
  const auto started = std::chrono::steady_clock::now();
  // Unsafe, yet retried: a connect that never completed proves the request
  // did not leave.
  const auto error = expectThrow<TransportError>([&] {
    flaky(options).invoke("create_item", {{"name", "n"}});
  });
  EXPECT_EQ(error.kind(), TransportError::Kind::Timeout);
  EXPECT_EQ(error.phase(), TransportError::Phase::NotSent);
  EXPECT_TRUE(contains(error.what(), "flaky.create_item: could not connect")) << error.what();
  EXPECT_TRUE(contains(error.what(), "no connection within 200 ms")) << error.what();
  EXPECT_GE(since(started), 400ms);  // two attempts, each waited for its connect
  EXPECT_EQ(clock_->totalSlept(), 100ms);
}

TEST_F(Timeouts, ConnectTimeoutToBase44) {
  StalledListener stalled;
  auto options = clientOptions();
  options.serverUrl = stalled.url();
  options.transport.connectTimeout = 150ms;
  options.retry.maxAttempts = 1;
  const auto error =
      expectThrow<TransportError>([&] { Client(options).connectors().getConnection("flaky"); });
  EXPECT_EQ(error.kind(), TransportError::Kind::Timeout);
  EXPECT_TRUE(contains(error.what(), "getConnection(flaky): could not connect")) << error.what();
}

TEST_F(Timeouts, ReadTimeoutOnASafeActionIsRetried) {
  auto slow = fault(FaultKind::Slow, "/v1/items/*");
  slow.delay = 20s;
  slow.times = 1;
  addFault(slow);
  auto options = clientOptions();
  options.transport.readTimeout = 300ms;
  EXPECT_EQ(flaky(options).invoke("get_item", {{"id", "x"}})["id"], "x");
  EXPECT_EQ(sandboxCount(), 2u);
  EXPECT_EQ(emulator().firedFaultCounts().at("slow"), 1u);
}

TEST_F(Timeouts, ReadTimeoutOnAnUnsafeActionLeavesTheOutcomeUnknown) {
  auto slow = fault(FaultKind::Slow, "/v1/items");
  slow.delay = 20s;
  addFault(slow);
  auto options = clientOptions();
  options.transport.readTimeout = 300ms;
  const auto error = expectThrow<TransportError>([&] {
    flaky(options).invoke("create_item", {{"name", "n"}});
  });
  EXPECT_EQ(error.kind(), TransportError::Kind::OutcomeUnknown);
  EXPECT_TRUE(contains(error.what(), "flaky.create_item")) << error.what();
  EXPECT_TRUE(contains(error.what(), "no answer within 300 ms")) << error.what();
  EXPECT_EQ(sandboxCount(), 1u);
}

TEST_F(Timeouts, TheCallDeadlineBoundsEveryAttemptAndWait) {
  auto slow = fault(FaultKind::Slow, "/v1/items/*");
  slow.delay = 30s;
  addFault(slow);
  auto options = clientOptions();
  options.clock = systemClock();  // the deadline is real time here
  options.transport.readTimeout = 30s;
  options.retry.callDeadline = 800ms;
  const auto started = std::chrono::steady_clock::now();
  const auto error = expectThrow<TransportError>([&] {
    flaky(options).invoke("get_item", {{"id", "x"}});
  });
  EXPECT_LT(since(started), 10s);  // not the 30 s read timeout, nor the 30 s hold
  EXPECT_EQ(error.kind(), TransportError::Kind::Timeout);
  const std::string what = error.what();
  EXPECT_TRUE(contains(what, "flaky.get_item")) << what;
  EXPECT_TRUE(contains(what, "deadline")) << what;
}

TEST_F(Timeouts, TheCallDeadlineAlsoBoundsTheConnect) {
  StalledListener stalled;
  auto options = clientOptions();
  options.clock = systemClock();
  options.transport.connectTo = stalled.url();
  options.transport.connectTimeout = 30s;
  options.retry.callDeadline = 500ms;
  const auto started = std::chrono::steady_clock::now();
  const auto error = expectThrow<TransportError>([&] {
    flaky(options).invoke("get_item", {{"id", "x"}});
  });
  EXPECT_LT(since(started), 10s);
  EXPECT_EQ(error.kind(), TransportError::Kind::Timeout);
  EXPECT_EQ(error.phase(), TransportError::Phase::NotSent);
}

}  // namespace
}  // namespace b44::resilience
