#pragma once
// Safe URL building: config values are checked against their fields before
// substitution, the resulting URL is checked against the declared hosts, and
// values placed in a path are encoded as exactly one segment.
#include <b44/connectors.hpp>
#include <b44/plugin/spec.hpp>

#include <string>
#include <string_view>

namespace b44::plugin {

// Rejects (InvalidArgumentError naming "connectionConfig.<field>") a value that
// is empty, too long, has control characters, whitespace, '@', '#', '?', '\\',
// '%' or a ".." sequence, or does not match the field's pattern.
void validateConfigValue(const ConfigField& field, std::string_view value);

// The host's base URL with every {placeholder} filled from `config`. The result
// must parse, use https, carry no user info, query or fragment, keep the
// template's path, and have a host the ApiHost allows.
std::string resolveBaseUrl(const AdapterSpec& spec, const ApiHost& host,
                           const ConnectionConfig& config);

// Whether the host's base URL has placeholders in its path, not only in its
// host ("https://{host}/v3/company/{realm_id}"): each fills one path segment.
bool basePathIsConfigured(const ApiHost& host);

// The declared headers whose values hold {placeholders} (`"developer-token":
// "{developer_token}"`), filled from `config` and checked like base URL
// values. A header whose optional field is absent (and has no default) is
// left out; a missing required field is an InvalidArgumentError naming
// "connectionConfig.<field>". Headers without placeholders are not returned.
std::vector<Header> configuredHeaders(const AdapterSpec& spec, const ConnectionConfig& config);
// Whether a declared header's value is filled from connectionConfig.
bool isConfiguredHeader(const Header& header);

// `value` percent-encoded as one path segment; rejects empty, "." and "..".
// `argument` names the value in the error.
std::string pathSegment(std::string_view value, std::string_view argument);

// Distance used for "did you mean" suggestions.
std::size_t editDistance(std::string_view a, std::string_view b);
// The closest candidate within a small distance, or empty.
std::string closestMatch(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace b44::plugin
