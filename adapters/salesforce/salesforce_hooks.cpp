// What the Salesforce declaration (salesforce.json) cannot say as data.
#include <b44/errors.hpp>
#include <b44/plugin/declared_adapter.hpp>

#include <regex>
#include <string>

namespace {

using b44::plugin::Args;
using b44::plugin::ServiceRequest;

// The host's base URL ends with it; nextRecordsUrl starts with it.
constexpr const char* kApiPath = "/services/data/v60.0";

// "/services/data/v60.0/query/01gD0000002HU6KIAW-2000" -> "/query/01gD...-2000".
std::string nextRecordsPath(const Args& args, const std::string& url) {
  static const std::regex locator(R"(^/(query|queryAll)/[A-Za-z0-9]+-[0-9]+$)");
  const std::string prefix = kApiPath;
  const std::string rest = url.starts_with(prefix) ? url.substr(prefix.size()) : std::string();
  if (rest.empty() || !std::regex_match(rest, locator)) {
    throw b44::InvalidArgumentError(
        "args.next_records_url",
        args.operation() +
            ": 'next_records_url' must be a nextRecordsUrl of this API version, "
            "e.g. " +
            prefix + "/query/01gD0000002HU6KIAW-2000");
  }
  return rest;
}

void queryPage(const Args& args, ServiceRequest& request) {
  if (auto next = args.optionalString("next_records_url")) {
    // The locator carries the query; Salesforce wants no parameters with it.
    request.path = nextRecordsPath(args, *next);
    request.query.clear();
    return;
  }
  if (args.optionalBoolean("include_deleted").value_or(false)) request.path = "/queryAll";
}

}  // namespace

B44_ADAPTER_HOOKS(hooks) { hooks.build("query_page", queryPage); }
