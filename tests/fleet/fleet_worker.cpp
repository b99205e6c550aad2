// One process of a fleet, for the fleet tests and the fleet benchmark: a
// Client from the environment (BASE44_*, B44_CONNECT_TO, B44_REDIS_URL,
// B44_CACHE_KEY), the real adapters from B44_TEST_ADAPTER_DIR, and
//   b44_fleet_worker <calls> <type,type,...> [rate]
// calls spread over the types (a safe read each, with a unique id); `rate`
// turns the adaptive client-side limiter on. With B44_FLEET_START=stdin it
// prints "ready" once set up and waits for a line on stdin before the first
// call (the benchmark starts its processes together). Prints "progress <n>" every 50
// calls and, at the end, one line "result <json>": calls, ok, errors by kind
// (with the first message of each), the slowest call in ms, and the client's
// metrics.
#include <b44/client.hpp>
#include <b44/errors.hpp>
#include <b44/raw_request.hpp>
#include <b44/registry.hpp>

#include <unistd.h>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace {

using b44::Registry;
using b44::ServiceClient;

nlohmann::json call(Registry& registry, const b44::Client& client, const std::string& type,
                    const std::string& id) {
  auto service = registry.service(type, client);
  if (type == "slack") return service.invoke("get_user_info", {{"user", id}});
  if (type == "googlecalendar") {
    return service.invoke("list_events", {{"calendar_id", id}, {"max_results", 2}});
  }
  if (type == "notion") return service.invoke("search", {{"query", id}, {"page_size", 2}});
  if (type == "wrike") return service.invoke("list_tasks", {{"folder_id", id}, {"page_size", 2}});
  if (type == "calendly") return service.invoke("get_current_user", nlohmann::json::object());
  if (type == "github") {
    return service.request({.method = "GET", .path = "/repos/octocat/" + id + "/issues/1347"}).json;
  }
  throw b44::InvalidArgumentError("type", "the fleet worker has no call for " + type);
}

std::string kindOf(const std::exception& error) {
  if (dynamic_cast<const b44::RateLimitError*>(&error)) return "RateLimitError";
  if (dynamic_cast<const b44::ServiceError*>(&error)) return "ServiceError";
  if (dynamic_cast<const b44::TransportError*>(&error)) return "TransportError";
  if (dynamic_cast<const b44::Base44Error*>(&error)) return "Base44Error";
  if (dynamic_cast<const b44::ProtocolError*>(&error)) return "ProtocolError";
  if (dynamic_cast<const b44::InvalidArgumentError*>(&error)) return "InvalidArgumentError";
  return "other";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: b44_fleet_worker <calls> <type,type,...> [rate]\n";
    return 2;
  }
  const int calls = std::atoi(argv[1]);
  std::vector<std::string> types;
  std::stringstream list(argv[2]);
  for (std::string type; std::getline(list, type, ',');) types.push_back(type);
  try {
    Registry registry;
    const char* dir = std::getenv("B44_TEST_ADAPTER_DIR");
    if (dir == nullptr) throw std::runtime_error("B44_TEST_ADAPTER_DIR is not set");
    registry.loadDirectory(dir);
    b44::ClientOptions base;
    base.retry.callDeadline = std::chrono::seconds(30);
    if (argc > 3 && std::string(argv[3]) == "rate") {
      base.rateLimit.enabled = true;
      base.rateLimit.adaptive = true;
    }
    const auto client = b44::Client::fromEnvironment(base);
    const std::string pid = std::to_string(::getpid());
    if (const char* start = std::getenv("B44_FLEET_START");
        start && std::string(start) == "stdin") {
      std::cout << "ready" << std::endl;
      std::string go;
      std::getline(std::cin, go);
    }
    int ok = 0;
    nlohmann::json errors = nlohmann::json::object();
    long long slowestMs = 0;
    for (int i = 0; i < calls; ++i) {
      const std::string& type = types[static_cast<std::size_t>(i) % types.size()];
      const auto started = std::chrono::steady_clock::now();
      try {
        call(registry, client, type, "F" + pid + "N" + std::to_string(i) + "Z");
        ++ok;
      } catch (const std::exception& e) {
        auto& entry = errors[kindOf(e)];
        if (entry.is_null()) entry = {{"count", 0}, {"first", e.what()}};
        entry["count"] = entry["count"].get<int>() + 1;
      }
      const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - started);
      slowestMs = std::max<long long>(slowestMs, took.count());
      if ((i + 1) % 50 == 0) std::cout << "progress " << (i + 1) << std::endl;
    }
    const auto m = client.metrics();
    nlohmann::json result{{"calls", calls}, {"ok", ok}, {"errors", errors}};
    result["slowestMs"] = slowestMs;
    // ClientMetrics under the same names: the connection cache's counters,
    // then the fleet's.
    using Counter = std::pair<const char*, std::uint64_t>;
    for (const auto& [name, value] :
         {Counter{"base44Fetches", m.base44Fetches}, Counter{"localCacheHits", m.localCacheHits},
          Counter{"sharedCacheHits", m.sharedCacheHits}}) {
      result[name] = value;
    }
    for (const auto& [name, value] :
         {Counter{"lockWaits", m.lockWaits}, Counter{"sharedInvalidations", m.sharedInvalidations},
          Counter{"redisFallbacks", m.redisFallbacks},
          Counter{"rateLimitWaits", m.rateLimitWaits}}) {
      result[name] = value;
    }
    std::cout << "result " << result.dump() << std::endl;
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "b44_fleet_worker: " << e.what() << "\n";
    return 1;
  }
}
