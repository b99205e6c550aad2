// What the Google Search Console declaration (google_search_console.json)
// cannot say as data: the site's checked path segment, the dates' form, the
// row limit, and the offset cursor the answer lacks.
#include "google_family.hpp"

#include <b44/plugin/declared_adapter.hpp>
#include <b44/plugin/url.hpp>

#include <regex>
#include <string>
#include <string_view>

namespace {

namespace family = b44::google_family;
using b44::plugin::Args;
using b44::plugin::ServiceRequest;
using b44::plugin::ServiceResponse;
using nlohmann::json;

constexpr std::int64_t kDefaultRowLimit = 1000;

// The property as one path segment: "https://www.example.com/" ->
// "https%3A%2F%2Fwww.example.com%2F".
std::string siteSegment(const Args& args) {
  const std::string site = args.string("site_url");
  static const std::regex property(R"(^(https?://[^\s/?#]+(/[^\s?#]*)?|sc-domain:[^\s/?#@]+)$)");
  if (site.size() > 2048 || !std::regex_match(site, property)) {
    family::rejectArgument(args, "site_url",
                           "must be a Search Console property: \"https://www.example.com/\" or "
                           "\"sc-domain:example.com\"");
  }
  return b44::plugin::pathSegment(site, "site_url");
}

void checkDate(const Args& args, std::string_view name) {
  static const std::regex day(R"(^\d{4}-\d{2}-\d{2}$)");
  if (!std::regex_match(args.string(name), day))
    family::rejectArgument(args, name, "must be a date, YYYY-MM-DD");
}

void buildQuery(const Args& args, ServiceRequest& request) {
  checkDate(args, "start_date");
  checkDate(args, "end_date");
  if (auto limit = args.optionalInteger("row_limit"); limit && (*limit < 1 || *limit > 25000)) {
    family::rejectArgument(args, "row_limit", "must be 1 to 25000");
  }
  if (auto start = family::optionalOffset(args, "start_row")) {
    json body = family::jsonBody(request);
    body["startRow"] = *start;
    request.setJsonBody(body);
  }
  request.path.insert(std::string_view("/sites").size(), "/" + siteSegment(args));
}

// A full page means there may be more: continue after its last row.
json parseQuery(const Args& args, json body, const ServiceResponse& /*response*/) {
  if (!body.is_object() || !body.contains("rows") || !body["rows"].is_array()) return body;
  const auto rows = static_cast<std::int64_t>(body["rows"].size());
  const std::int64_t limit = args.optionalInteger("row_limit").value_or(kDefaultRowLimit);
  if (rows > 0 && rows >= limit) {
    family::setNextOffset(body, family::optionalOffset(args, "start_row").value_or(0) + rows);
  }
  return body;
}

}  // namespace

B44_ADAPTER_HOOKS(hooks) {
  hooks.build("search_analytics", buildQuery);
  hooks.parse("query_next_offset", parseQuery);
}
