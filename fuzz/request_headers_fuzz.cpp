// Fuzzes building a client from the headers of an incoming request: lines of
// "Name: value". Each call gives a client or a b44::Error; an accepted client
// holds exactly what the strict "Bearer <token>" rule allows.
#include <b44/client.hpp>
#include <b44/errors.hpp>

#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  b44::Headers headers;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    const auto colon = line.find(": ");
    if (colon == std::string::npos) continue;
    try {
      headers.add(line.substr(0, colon), line.substr(colon + 2));
    } catch (const b44::InvalidArgumentError&) {
      // Header names/values that would break framing are refused: fine.
    }
  }
  b44::ClientOptions base;
  base.httpTransport = nullptr;
  try {
    const auto client = b44::Client::fromRequestHeaders(headers, base);
    const auto& options = client.options();
    if (options.appId.empty()) std::abort();
    for (const auto* token : {&options.serviceToken, &options.userToken}) {
      if (token->reveal().find(' ') != std::string::npos) std::abort();
    }
    if (const auto env = options.extraHeaders.get("X-Data-Env");
        env && *env != "dev" && *env != "prod") {
      std::abort();
    }
  } catch (const b44::Error&) {
  }
  return 0;
}
