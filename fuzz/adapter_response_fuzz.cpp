// Fuzzes the reading of service answers by the real adapters (loaded through
// the registry): parseResponse for an action, and checkRawResponse for a raw
// request. The input picks the adapter (byte 0, in the order of the types'
// names), the action (byte 1), the status (byte 2), the content type and extra
// headers (byte 3); the rest is the body. The action's declared example is its
// arguments.
//
// What the design promises (plugins/include/b44/plugin/adapter.hpp,
// plugins/src/basic_adapter.cpp), checked here:
//  - both either return or throw a b44::Error; nothing else escapes (a
//    nlohmann exception or a std::exception would reach the caller raw);
//  - a non-2xx answer never returns: it is a ServiceError carrying the
//    status (or, for a body nested deeper than kDefaultMaxJsonDepth, a
//    ProtocolError once the SDK parses with parseUntrustedJson);
//  - an action's 2xx result that returns is JSON that can be dumped.
#include <b44/errors.hpp>
#include <b44/json.hpp>
#include <b44/registry.hpp>

#include "fuzz_adapters.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

struct Target {
  std::shared_ptr<const b44::plugin::Adapter> adapter;
  std::vector<const b44::plugin::ActionSpec*> actions;
};

const std::vector<Target>& targets() {
  static const std::vector<Target> all = [] {
    std::vector<Target> out;
    for (const auto& loaded : b44::fuzzing::loadedAdapters()) {
      Target target{loaded.adapter, {}};
      for (const auto& action : loaded.adapter->spec().actions) target.actions.push_back(&action);
      if (!target.actions.empty()) out.push_back(std::move(target));
    }
    if (out.empty()) std::abort();  // no adapters: the fuzzer would test nothing
    // By type name, so that an input means the same whatever the load order.
    std::sort(out.begin(), out.end(), [](const Target& a, const Target& b) {
      return a.adapter->spec().type < b.adapter->spec().type;
    });
    return out;
  }();
  return all;
}

constexpr int kStatuses[] = {200, 201, 202, 204, 206, 299, 100, 301, 304, 400, 401, 403,
                             404, 409, 410, 422, 429, 500, 502, 503, 504, 0,   599, 999};
constexpr const char* kContentTypes[] = {
    "application/json",         "application/json; charset=utf-8", "text/html", "text/plain", "",
    "application/octet-stream", "application/problem+json",        "text/csv"};

bool isSuccess(int status) { return status >= 200 && status < 300; }

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "adapter_response_fuzz: %s: %s\n", what, detail.c_str());
  __builtin_trap();
}

// Runs `call`, which must return or throw a b44::Error; for an error status
// it must not return and must throw a ServiceError with that status.
template <class Call>
void check(const char* what, int status, bool tooDeep, Call&& call) {
  try {
    call();
  } catch (const b44::ServiceError& e) {
    if (!isSuccess(status) && e.status() != status) {
      fail(what, "a ServiceError with status " + std::to_string(e.status()) + " for HTTP " +
                     std::to_string(status));
    }
    return;
  } catch (const b44::ProtocolError& e) {
    if (!isSuccess(status) && !tooDeep) {
      fail(what, std::string("an error answer became a ProtocolError: ") + e.what());
    }
    return;
  } catch (const b44::Error& e) {
    if (!isSuccess(status)) fail(what, std::string("an error answer became: ") + e.what());
    return;
  } catch (const nlohmann::json::exception& e) {
    fail(what, std::string("a nlohmann exception escaped: ") + e.what());
  } catch (const std::exception& e) {
    fail(what, std::string("a non-b44 exception escaped: ") + e.what());
  } catch (...) {
    fail(what, "an unknown exception escaped");
  }
  if (!isSuccess(status)) fail(what, "HTTP " + std::to_string(status) + " returned normally");
}

}  // namespace

// With 32 instrumented adapters there are ~64 000 coverage features, and
// libFuzzer's entropic scheduling then spends >80% of the time updating
// feature frequencies (15 runs/s instead of hundreds). Off unless asked for.
extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  static std::vector<char*> args(*argv, *argv + *argc);
  static std::string entropicOff = "-entropic=0";
  for (int i = 1; i < *argc; ++i) {
    if (std::string((*argv)[i]).rfind("-entropic=", 0) == 0) return 0;
  }
  args.push_back(entropicOff.data());
  args.push_back(nullptr);
  *argc += 1;
  *argv = args.data();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 4) return 0;
  const auto& all = targets();
  const Target& target = all[data[0] % all.size()];
  const b44::plugin::ActionSpec& action = *target.actions[data[1] % target.actions.size()];
  const int status = kStatuses[data[2] % std::size(kStatuses)];
  const std::uint8_t flags = data[3];

  b44::plugin::ServiceResponse response;
  response.status = status;
  const char* type = kContentTypes[flags % std::size(kContentTypes)];
  if (*type != '\0') response.headers.set("Content-Type", type);
  if ((flags & 0x08) != 0) {
    response.headers.set("Link", "<https://example.test/next?page=2&cursor=c2>; rel=\"next\"");
  }
  if ((flags & 0x10) != 0) response.headers.set("request-id", "fuzz-request-id");
  if ((flags & 0x20) != 0) response.headers.set("Retry-After", "1");
  response.body.assign(reinterpret_cast<const char*>(data + 4), size - 4);
  const bool tooDeep = b44::jsonDeeperThan(response.body, b44::kDefaultMaxJsonDepth);

  check("parseResponse", status, tooDeep, [&] {
    const nlohmann::json result =
        target.adapter->parseResponse(action.name, action.example, response);
    if (isSuccess(status)) {
      try {
        (void)result.dump();
      } catch (const nlohmann::json::exception& e) {
        fail("parseResponse", std::string("a 2xx result cannot be dumped: ") + e.what());
      }
    }
  });
  check("checkRawResponse", status, tooDeep, [&] { target.adapter->checkRawResponse(response); });
  return 0;
}
