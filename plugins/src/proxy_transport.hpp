#pragma once
// Base44's callApi proxy as a transport: the upstream request the pipeline
// built is wrapped into one callApi call, and the service's answer inside
// Base44's reply comes back as an ordinary HttpResponse, so retries, rate
// limits and error rules treat both routes alike.
//
// The request's URL is "https://<host key><base path><path>?<query>", where
// the host key is the literal host of a declared host's base URL, or the
// declared host's name when that URL is filled from connectionConfig (the
// proxy knows the connection, we do not). proxyUrl() builds it.
#include <b44/client.hpp>
#include <b44/http.hpp>
#include <b44/plugin/spec.hpp>

#include <memory>
#include <string>

namespace b44::detail {

// The header on which the proxy transport hands the credits callApi charged
// for one attempt to the address step (which sums them and removes it).
inline constexpr const char* kProxyCreditsHeader = "X-B44-Internal-Credits-Charged";

// The proxy URL of `target` (a path below the host's base URL, with query,
// or an absolute URL that must lie under that base) on a declared host.
// `config` is the connection's config, needed (and only read) when the base
// URL has placeholders in its path (QuickBooks' realm). Throws
// InvalidArgumentError when it cannot be proxied.
std::string proxyUrl(const plugin::AdapterSpec& spec, const plugin::ApiHost& host,
                     const std::string& target, const ConnectionConfig* config = nullptr);

std::shared_ptr<HttpTransport> makeProxyTransport(Client client, plugin::AdapterSpec spec);

}  // namespace b44::detail
