// Fuzzes the conversion of JSON arguments into requests by the real adapters
// (loaded through the registry): the first byte picks an adapter and action,
// the rest is the JSON. Accepted arguments must give a request whose path
// stays one clean path and whose URL stays on the adapter's declared host.
#include <b44/errors.hpp>
#include <b44/registry.hpp>

#include "fuzz_adapters.hpp"

#include <cstdlib>
#include <string>
#include <vector>

namespace {

struct Target {
  std::shared_ptr<const b44::plugin::Adapter> adapter;
  std::string action;
};

const std::vector<Target>& targets() {
  static const std::vector<Target> all = [] {
    std::vector<Target> out;
    for (const auto& loaded : b44::fuzzing::loadedAdapters()) {
      for (const auto& action : loaded.adapter->spec().actions)
        out.push_back({loaded.adapter, action.name});
    }
    if (out.empty()) std::abort();  // no adapters: the fuzzer would test nothing
    return out;
  }();
  return all;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto& all = targets();
  const Target& target = all[data[0] % all.size()];
  const auto args =
      nlohmann::json::parse(data + 1, data + size, nullptr, /*allow_exceptions=*/false);
  if (args.is_discarded()) return 0;
  try {
    const auto request = target.adapter->buildRequest(target.action, args);
    if (!request.absoluteUrl.empty()) return 0;  // checked host-side by ServiceClient
    if (request.path.empty() || request.path.front() != '/') std::abort();
    for (const char bad : {'?', '#', ' ', '\r', '\n', '\0'}) {
      if (request.path.find(bad) != std::string::npos) std::abort();
    }
    if (request.path.find("/../") != std::string::npos || request.path.ends_with("/.."))
      std::abort();
  } catch (const b44::Error&) {
  } catch (const nlohmann::json::exception&) {
    std::abort();  // adapters must turn bad JSON shapes into b44 errors
  }
  return 0;
}
