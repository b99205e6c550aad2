// Fuzzes URL template substitution with hostile connectionConfig values and
// checks the safety property, not just the absence of a crash: whatever is
// accepted yields an https URL on an allowed host with the template's path.
#include <b44/errors.hpp>
#include <b44/http.hpp>
#include <b44/plugin/url.hpp>

#include <cstdlib>
#include <string>

namespace {

using b44::plugin::AdapterSpec;
using b44::plugin::ApiHost;
using b44::plugin::ConfigField;

AdapterSpec makeSpec(bool wholeOrigin) {
  AdapterSpec spec;
  spec.type = "fuzzed";
  if (wholeOrigin) {
    // Salesforce-like: the whole origin comes from config; the pattern is
    // deliberately loose so the host check after substitution is exercised.
    spec.configFields = {
        ConfigField{.name = "instance_url", .pattern = "^https://.*$", .maxLength = 200}};
    spec.hosts = {ApiHost{"default", "{instance_url}/services/data/v60.0", {".my.salesforce.com"}}};
  } else {
    spec.configFields = {ConfigField{.name = "host", .pattern = "^.*$", .maxLength = 200}};
    spec.hosts = {ApiHost{"default", "https://{host}/api/v4", {".wrike.com", "www.wrike.com"}}};
  }
  return spec;
}

void require(bool condition) {
  if (!condition) std::abort();
}

bool allowed(const std::string& host, const ApiHost& api) {
  for (const auto& rule : api.allowedHosts) {
    if (rule.front() == '.' ? host.size() > rule.size() && host.ends_with(rule) : host == rule)
      return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool wholeOrigin = (data[0] & 1) != 0;
  const std::string value(reinterpret_cast<const char*>(data + 1), size - 1);
  static const AdapterSpec specs[2] = {makeSpec(false), makeSpec(true)};
  const AdapterSpec& spec = specs[wholeOrigin ? 1 : 0];
  try {
    const std::string url =
        b44::plugin::resolveBaseUrl(spec, spec.hosts[0], {{spec.configFields[0].name, value}});
    const b44::UrlParts parts = b44::splitUrl(url);
    require(parts.scheme == "https");
    require(parts.userInfo.empty() && parts.fragment.empty());
    require(parts.target.find('?') == std::string::npos);
    require(allowed(parts.host, spec.hosts[0]));
    require(parts.path() == (wholeOrigin ? "/services/data/v60.0" : "/api/v4"));
  } catch (const b44::InvalidArgumentError& e) {
    require(e.field().starts_with("connectionConfig"));
  }
  try {
    const std::string segment = b44::plugin::pathSegment(value, "id");
    require(segment.find_first_of("/?# \r\n") == std::string::npos);
    require(b44::percentDecode(segment) == value);
  } catch (const b44::InvalidArgumentError&) {
  }
  return 0;
}
