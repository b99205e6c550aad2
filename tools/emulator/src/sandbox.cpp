#include "detail.hpp"

#include <b44/errors.hpp>

namespace b44::emulator::detail {

Sandbox::Sandbox(RouteTable routes, RecordStore& records, Redactor& redactor)
    : routes_(std::move(routes)), records_(records), redactor_(redactor) {}

void Sandbox::learnSecrets(const std::string& hostHeader, const std::string& path) {
  for (const auto& file : routes_) {
    for (const auto& route : *file) {
      if (route.secret.empty()) continue;
      const auto params = matchPath(route, hostWithoutPort(hostHeader), path);
      if (!params) continue;
      for (const auto& name : route.secret) {
        if (const auto value = params->find(name); value != params->end()) {
          redactor_.learn(value->second);
        }
      }
    }
  }
}

Reply Sandbox::handle(const Incoming& request) {
  const auto host = request.headers.find("host");
  return handle(request.method, host == request.headers.end() ? std::string() : host->second,
                request.target, request.headers, request.body);
}

Reply Sandbox::handle(const std::string& method, const std::string& hostHeader,
                      const std::string& target, const HeaderMap& headers, const std::string& body,
                      const std::string& fault) {
  auto [path, query] = splitTarget(target);
  const std::string origin = "https://" + hostHeader;
  learnSecrets(hostHeader, path);

  RecordedRequest record;
  record.method = method;
  record.url = origin + path + (query.empty() ? "" : "?" + query);
  record.headers = headers;
  if (!body.empty()) record.body = body;
  record.fault = fault;
  records_.addSandbox(std::move(record));

  SandboxRequest request{toUpper(method),
                         hostWithoutPort(hostHeader),
                         path,
                         parseQuery(query, /*plusIsSpace=*/true),
                         headers,
                         body,
                         {}};
  try {
    request.parsedBody = parseRequestBody(body, headers);
  } catch (const ProtocolError& error) {
    // A service refuses such a body; the message names the depth limit.
    return jsonReply(400, {{"error", "json_too_deep"}, {"message", error.what()}});
  }
  for (const auto& file : routes_) {
    for (const auto& route : *file) {
      if (auto params = matchRoute(route, request)) return renderRoute(route, request, *params);
    }
  }
  // The path may carry a token (some APIs put one there).
  const std::string message =
      redactor_.text("no sandbox route for " + method + " " + origin + path);
  return jsonReply(404, {{"error", "no_sandbox_route"}, {"message", message}});
}

}  // namespace b44::emulator::detail
