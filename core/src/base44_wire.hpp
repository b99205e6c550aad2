#pragma once
// Reading Base44's answers: the error rules of the official SDK and the shapes
// of getConnection and callApi. Kept apart from the HTTP calls so the parsers
// can be fuzzed on their own (fuzz/base44_response_fuzz.cpp).
#include <b44/connectors.hpp>
#include <b44/http.hpp>
#include <b44/json.hpp>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace b44::detail {

// The JSON body of a 2xx answer; a non-2xx answer throws Base44Error (message,
// code and data by the SDK's precedence), an unparsable body ProtocolError.
// JSON nested deeper than `maxDepth` is a ProtocolError.
nlohmann::json parseSuccess(const HttpResponse& response, const std::string& operation,
                            std::size_t maxDepth = kDefaultMaxJsonDepth);

// Only the status: a non-2xx answer throws as parseSuccess; the body of a 2xx
// one is not read (disconnectAppUser ignores it, as the SDK does).
void checkSuccess(const HttpResponse& response, std::size_t maxDepth = kDefaultMaxJsonDepth);

// {"access_token", "integration_type", "connection_config"}; ProtocolError
// when malformed. `requested` is the type asked for, used when the answer
// does not name one.
Connection parseConnection(const nlohmann::json& body, std::string_view requested,
                           const std::string& operation);

// connectAppUser's answer {"redirect_url"}: the URL, an absolute http(s) URL
// of visible ASCII (the caller redirects a browser to it); ProtocolError
// otherwise.
std::string parseRedirectUrl(const nlohmann::json& body, const std::string& operation);

// The callApi answer; ProtocolError when malformed.
CallApiResponse parseCallApi(const nlohmann::json& body, const std::string& operation);

}  // namespace b44::detail
