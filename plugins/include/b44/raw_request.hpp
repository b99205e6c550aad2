#pragma once
// Raw requests: any endpoint of a service, sent with everything its adapter
// knows (base URL from connectionConfig and host-checked, token presentation,
// default headers, rate-limit signals, error rules) and through the same send
// path as actions (connection source, route, retries, one 401 refresh,
// deadline, size limit, redacted logging).
//
//   b44::RawRequest request{.method = "GET", .path = "/conversations.history"};
//   request.query = {{"channel", "C0123456789"}, {"limit", "2"}};
//   b44::RawResponse answer = slack.client().request(request);
//   for (const auto& message : answer.json["messages"]) ...
#include <b44/http.hpp>
#include <b44/plugin/spec.hpp>

#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace b44 {

// One request to any endpoint of a service; see the top of this header.
struct RawRequest {
  // The HTTP method, upper case.
  std::string method = "GET";
  std::string host;  // a declared host's name ("upload", "content"); empty = the default host
  // Below the host's base URL, starting with "/" ("/conversations.history" for
  // Slack, whose base is https://slack.com/api). A "?query" part is allowed.
  // Never a URL, "//authority", ".." or "." segments, '#', '\' or control
  // characters. A full URL only with RequestOptions::allowAbsoluteUrl.
  std::string path;
  std::vector<std::pair<std::string, std::string>> query;  // appended percent-encoded
  Headers headers;  // besides the adapter's default headers and the token
  // The body, sent as it is; empty for none. Set it with a body setter.
  std::string body;
  std::string contentType;  // set with the body

  // Body setters; each sets the content type.
  RawRequest& jsonBody(const nlohmann::json& json);  // application/json
  // application/x-www-form-urlencoded
  RawRequest& formBody(const std::vector<std::pair<std::string, std::string>>& fields);
  RawRequest& bytesBody(std::string bytes, std::string type);  // as they are
};

// Where a downloaded body goes, chunk by chunk, instead of into memory.
using BodySink = std::function<void(std::string_view chunk)>;

// How ServiceClient::request sends a RawRequest and what it returns.
struct RequestOptions {
  // May the request be sent twice? Default by HTTP method: GET, HEAD, OPTIONS,
  // PUT and DELETE yes; POST and PATCH no (not re-sent once they may have
  // arrived). Say true for a POST that carries an idempotency key.
  std::optional<bool> retrySafe;
  // false (default): a non-2xx answer, or an error the adapter's rules find in
  // a 2xx one, throws ServiceError. true: every answer is returned.
  bool returnErrorAnswers = false;
  // Accept a full URL in `path` when it lies under one of the adapter's
  // declared hosts (next-page links, upload URLs handed out by the service).
  bool allowAbsoluteUrl = false;
  // A 2xx answer's body is streamed here instead of RawResponse::body.
  // A download that breaks off after bytes reached the sink is never retried.
  BodySink sink;
  // The largest body accepted, in bytes; 0 = the client's
  // TransportOptions::maxResponseBytes (32 MiB), or kDefaultMaxDownloadBytes
  // with a sink. A larger body is a ProtocolError.
  std::size_t maxResponseBytes = 0;
};

inline constexpr std::size_t kDefaultMaxDownloadBytes = std::size_t{1} << 30;  // 1 GiB

// The service's answer to a RawRequest.
struct RawResponse {
  // The HTTP status.
  int status = 0;
  // The answer headers, in the order received.
  Headers headers;
  std::string body;  // empty when streamed to a sink
  // The body parsed, when the content type says JSON (null otherwise, and
  // for an empty body).
  nlohmann::json json;
  std::size_t bodyBytes = 0;  // bytes received, whether kept or streamed
  // Base44 proxy route: the credits callApi charged, summed over the
  // attempts (0 on the direct route).
  double creditsCharged = 0;

  // True for a 2xx status.
  [[nodiscard]] bool ok() const { return status >= 200 && status < 300; }
  // The Content-Type header; empty if there is none.
  [[nodiscard]] std::string contentType() const { return headers.get("Content-Type").value_or(""); }
};

// One page of a raw walk.
struct RawPage {
  // The page's whole answer.
  RawResponse response;
  nlohmann::json items = nlohmann::json::array();  // at the style's itemsPointer
  std::optional<std::string> nextCursor;           // absent on the last page
};

// A pagination style, as adapters declare them (b44/plugin/spec.hpp).
using RawPagination = plugin::Pagination;

}  // namespace b44
