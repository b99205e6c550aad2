#pragma once
// The interface between the host and an adapter library. An adapter turns an
// action and its JSON arguments into a ServiceRequest (relative to one of its
// declared hosts) and turns the answer into a JSON result. Everything else —
// URL substitution, the token, retries, 401 refresh, direct or proxied
// transport — is done once, host-side, by ServiceClient.
#include <b44/http.hpp>
#include <b44/json.hpp>
#include <b44/plugin/spec.hpp>

#include <boost/config.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace b44::plugin {

// The request an adapter builds for one action; the host completes it (base
// URL, token, default headers) and sends it.
struct ServiceRequest {
  std::string host;    // a declared host's name; empty = the default host
  std::string method;  // empty: the action's declared method
  std::string path;    // below the host's base URL, starts with "/"
  // Query pairs, in order, appended percent-encoded.
  QueryParams query;
  Headers headers;  // besides the adapter's default headers and the token
  // The body, sent as it is; empty for none.
  std::string body;
  std::string contentType;  // set with the body
  // NextUrl pagination: a full URL from the previous page. It must lie under
  // the same host's base URL; it replaces path and query.
  std::string absoluteUrl;

  // Sets body to `json` serialized and contentType to application/json.
  void setJsonBody(const nlohmann::json& json);
};

// The service's answer, as an adapter's parseResponse sees it.
struct ServiceResponse {
  // The HTTP status.
  int status = 0;
  // The answer headers, in the order received.
  Headers headers;
  // The whole body, unparsed.
  std::string body;
  // The deepest JSON nesting the client accepts (TransportOptions::maxJsonDepth):
  // the SDK's parsing refuses a deeper body with a ProtocolError.
  std::size_t maxJsonDepth = kDefaultMaxJsonDepth;
};

// What an adapter library implements; see the top of this header. One
// instance serves every call of its integration type, so its methods must not
// change it.
class BOOST_SYMBOL_VISIBLE Adapter {
 public:
  virtual ~Adapter() = default;
  // The adapter's declaration: integration type, hosts, actions.
  [[nodiscard]] virtual const AdapterSpec& spec() const = 0;
  // `args` have been checked against the action's declared parameters.
  [[nodiscard]] virtual ServiceRequest buildRequest(std::string_view action,
                                                    const nlohmann::json& args) const = 0;
  // Throws ServiceError for an answer that reports an error.
  [[nodiscard]] virtual nlohmann::json parseResponse(std::string_view action,
                                                     const nlohmann::json& args,
                                                     const ServiceResponse& response) const = 0;
  // The adapter's error rules for an answer to a raw request (no action):
  // throws ServiceError (action "request") when the answer reports an error,
  // e.g. a non-2xx status or Slack's HTTP 200 with "ok": false. The default
  // treats non-2xx statuses as errors with the usual error fields.
  virtual void checkRawResponse(const ServiceResponse& response) const;
};

// What every plugin exports under kFactorySymbol.
using AdapterFactory = std::unique_ptr<Adapter>(std::string_view integrationType);

}  // namespace b44::plugin
