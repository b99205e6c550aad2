// The hot paths whose speed we changed, each beside the way it used to be
// done, so one run gives the ratio. Run: scripts/bench.sh
#include <b44/plugin/url.hpp>
#include <b44/registry.hpp>

#include "http_server.hpp"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/NullStream.h>
#include <Poco/StreamCopier.h>
#include <benchmark/benchmark.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <memory>
#include <regex>
#include <string>

namespace {

// Validating a connection-config value (every direct request does it): the
// compiled pattern is cached; it used to be compiled on every call.
b44::plugin::ConfigField hostField() {
  b44::plugin::ConfigField field;
  field.name = "host";
  field.pattern = R"(^(www|app-eu|app-us2)\.wrike\.com$)";
  return field;
}

void BM_ConfigValue_Validate(benchmark::State& state) {
  const auto field = hostField();
  for (auto _ : state) b44::plugin::validateConfigValue(field, "app-eu.wrike.com");
}
BENCHMARK(BM_ConfigValue_Validate);

void BM_ConfigValue_CompilePatternEachCall(benchmark::State& state) {
  const auto field = hostField();
  const std::string value = "app-eu.wrike.com";
  for (auto _ : state) {
    const std::regex pattern(field.pattern, std::regex::ECMAScript);
    benchmark::DoNotOptimize(std::regex_match(value, pattern));
  }
}
BENCHMARK(BM_ConfigValue_CompilePatternEachCall);

// Judging an adapter file by its manifest (every registry load, every CLI
// start): only the ELF parts needed are read; it used to read the whole file.
void BM_Manifest_Read(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(b44::readManifest(B44_BENCH_ADAPTER));
}
BENCHMARK(BM_Manifest_Read);

void BM_Manifest_ReadWholeFileFirst(benchmark::State& state) {
  for (auto _ : state) {
    std::ifstream in(B44_BENCH_ADAPTER, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    benchmark::DoNotOptimize(bytes.data());
    benchmark::DoNotOptimize(b44::readManifest(B44_BENCH_ADAPTER));
  }
}
BENCHMARK(BM_Manifest_ReadWholeFileFirst);

// A loopback server's life in a test: start, answer one keep-alive request,
// stop. Our HttpServer (the emulator's and the test suite's) wakes Poco's
// accept loop to stop; a plain Poco stopAll() waits out the loop's 250 ms poll.
class Ok : public Poco::Net::HTTPRequestHandler {
  void handleRequest(Poco::Net::HTTPServerRequest&,
                     Poco::Net::HTTPServerResponse& response) override {
    response.setContentLength(2);
    response.send() << "ok";
  }
};

class OkFactory : public Poco::Net::HTTPRequestHandlerFactory {
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return std::make_unique<Ok>().release();  // Poco deletes the handler
  }
};

Poco::Net::HTTPServerParams::Ptr keepAliveParams() {
  auto params = Poco::makeAuto<Poco::Net::HTTPServerParams>();
  params->setKeepAlive(true);
  params->setMaxThreads(4);
  return params;
}

// Leaves the client's keep-alive session open, as the client's pool does.
std::unique_ptr<Poco::Net::HTTPClientSession> requestOnce(std::uint16_t port) {
  auto session = std::make_unique<Poco::Net::HTTPClientSession>("127.0.0.1", port);
  session->setKeepAlive(true);
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/",
                                 Poco::Net::HTTPMessage::HTTP_1_1);
  session->sendRequest(request);
  Poco::Net::HTTPResponse response;
  Poco::NullOutputStream sink;
  Poco::StreamCopier::copyStream(session->receiveResponse(response), sink);
  return session;
}

void BM_HttpServer_RequestThenStop(benchmark::State& state) {
  for (auto _ : state) {
    b44::emulator::detail::HttpServer server(Poco::Net::SocketAddress("127.0.0.1", 0),
                                             Poco::makeShared<OkFactory>(), keepAliveParams());
    const auto session = requestOnce(server.port());
    server.stop();
  }
}
BENCHMARK(BM_HttpServer_RequestThenStop)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_PlainPocoServer_RequestThenStop(benchmark::State& state) {
  for (auto _ : state) {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    Poco::Net::HTTPServer server(Poco::makeShared<OkFactory>(), socket, keepAliveParams());
    server.start();
    const auto session = requestOnce(socket.address().port());
    server.stopAll(true);
  }
}
BENCHMARK(BM_PlainPocoServer_RequestThenStop)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(8);

}  // namespace

BENCHMARK_MAIN();
