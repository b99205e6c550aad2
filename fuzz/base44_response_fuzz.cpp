// Fuzzes the parsing of Base44's answers (getConnection, callApi, errors):
// any body, any status, must give a result or a b44::Error, and never let a
// token into an error message.
#include <b44/errors.hpp>

#include "../core/src/base44_wire.hpp"

#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const int kStatuses[] = {200, 201, 204, 400, 401, 403, 404, 429, 500, 502};
  b44::HttpResponse response;
  response.status = kStatuses[data[0] % 10];
  if ((data[0] & 0x80) != 0) response.headers.add("x-base44-connector-error", "fuzz_code");
  response.body.assign(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    const auto body = b44::detail::parseSuccess(response, "fuzz");
    try {
      const auto connection = b44::detail::parseConnection(body, "slack", "fuzz");
      if (connection.accessToken.empty()) std::abort();  // never accepted empty
    } catch (const b44::Error& e) {
      // A rejected answer may contain a token: the message must not.
      if (body.is_object() && body.contains("access_token") && body["access_token"].is_string()) {
        const auto token = body["access_token"].get<std::string>();
        if (token.size() >= 8 && std::string(e.what()).find(token) != std::string::npos)
          std::abort();
      }
    }
    try {
      (void)b44::detail::parseCallApi(body, "fuzz");
    } catch (const b44::Error&) {
    }
  } catch (const b44::Base44Error& e) {
    if (e.status() == response.status && response.status < 300) std::abort();
  } catch (const b44::Error&) {
  }
  return 0;
}
