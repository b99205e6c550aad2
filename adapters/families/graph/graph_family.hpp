#pragma once
// What the Microsoft Graph adapters share (microsoft_teams, one_drive, outlook,
// share_point), written once and linked into each as the static library
// b44_family_graph.
//
// Checked against Microsoft's own documentation:
//   https://learn.microsoft.com/en-us/graph/use-the-api
//       every call goes to https://graph.microsoft.com/{version}/{resource};
//       v1.0 is the production version; the OAuth 2.0 access token travels as
//       "Authorization: Bearer <token>".
//   https://learn.microsoft.com/en-us/graph/paging
//       a collection that continues answers "@odata.nextLink", the full URL of
//       the next page (it repeats the query options of the first request); the
//       whole URL is sent as it is, never taken apart; the last page has no
//       @odata.nextLink. Items are in "value".
//   https://learn.microsoft.com/en-us/graph/query-parameters
//       OData system query options carry a "$" ($top, $select, $filter,
//       $orderby, $expand, $search); on v1.0 the prefix is mandatory for most
//       APIs; values are percent-encoded (RFC 3986). Graph's own SDKs send the
//       name percent-encoded too (%24top), which Graph reads as $top.
//   https://learn.microsoft.com/en-us/graph/errors
//       errors are a 4xx/5xx status with {error: {code, message, innerError:
//       {date, request-id, client-request-id}}}; the request-id is what
//       Microsoft support asks for.
//   https://learn.microsoft.com/en-us/graph/throttling
//       throttled requests get 429 Too Many Requests with Retry-After
//       (seconds); Graph sends no remaining/reset headers in general.
//   https://learn.microsoft.com/en-us/sharepoint/dev/general-development/how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online
//       SharePoint and OneDrive (also through Graph) throttle with 429 or 503,
//       both with Retry-After, and announce the budget with RateLimit-Limit,
//       RateLimit-Remaining and RateLimit-Reset (seconds until reset).
#include <b44/plugin/args.hpp>
#include <b44/plugin/basic_adapter.hpp>
#include <b44/plugin/spec.hpp>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace b44::graph_family {

inline constexpr const char* kBaseUrl = "https://graph.microsoft.com/v1.0";

// Whose throttling rules apply.
enum class Throttling {
  Graph,       // 429 + Retry-After
  SharePoint,  // also 503, and RateLimit-Remaining / RateLimit-Reset
};

// The parts every Graph adapter's spec shares: the v1.0 host, the Bearer
// token and the throttling signals.
plugin::AdapterSpec graphSpec(std::string type, std::string displayName, std::string description,
                              std::string documentationUrl, Throttling throttling);

// --- @odata.nextLink ------------------------------------------------------------

// The cursor argument of every paginated Graph action: the @odata.nextLink of
// the previous page, sent back as it is.
inline constexpr const char* kNextLinkArgument = "next_link";

plugin::Parameter nextLinkParameter();
// Items in /value, next page at /@odata.nextLink.
plugin::Pagination collectionPagination();

// A GET of a collection. With `next_link` the request is that URL, checked to
// be a Graph v1.0 URL (InvalidArgumentError naming args.next_link otherwise),
// and nothing else is added: the link already repeats the first request's
// query. Without it: `path`, plus the named OData options the caller gave
// (argument "top" is sent as "$top", and so on).
plugin::ServiceRequest collectionRequest(const plugin::Args& args, std::string path,
                                         std::initializer_list<std::string_view> odataOptions);

// --- OData query options ------------------------------------------------------

// The usual option parameters, named without the "$": "top", "select",
// "filter", "orderby", "expand". `what` names the items ("messages").
plugin::Parameter topParameter(std::string_view what, int maximum);
plugin::Parameter selectParameter(std::string_view example);
plugin::Parameter filterParameter(std::string_view example);
plugin::Parameter orderbyParameter(std::string_view example);

// Adds each named option the caller gave as "$<name>".
void addQueryOptions(const plugin::Args& args, plugin::ServiceRequest& request,
                     std::initializer_list<std::string_view> names);

// --- Values placed in a path ----------------------------------------------------

// A slash-separated path (a OneDrive file path, a SharePoint server-relative
// site path) as encoded path segments joined by "/". One leading "/" is
// dropped. Rejected (InvalidArgumentError naming args.<argument>): empty,
// an empty, "." or ".." segment, a trailing "/", control characters, "\" and
// ":" (Graph ends a path address at ":").
std::string encodedPath(std::string_view path, std::string_view argument);

// A DNS host name (lowercased): labels of letters, digits and hyphens, each
// 1-63 long and not starting or ending with a hyphen, at least two labels, at
// most 253 characters. Anything else is an InvalidArgumentError naming
// args.<argument>.
std::string hostName(std::string_view host, std::string_view argument);

// --- Drive items (OneDrive and SharePoint document libraries) -----------------

// The parameters of a "list the children of a folder" action: item_id (absent
// = the drive's root), top, select, orderby, next_link.
std::vector<plugin::Parameter> childrenParameters();
// GET {drivePath}/root/children or {drivePath}/items/{item_id}/children, with
// the children options; `drivePath` is e.g. "/me/drive" (already encoded).
plugin::ServiceRequest childrenRequest(const plugin::Args& args, const std::string& drivePath);

// --- Answers --------------------------------------------------------------------

// The adapter base of the family: reads Graph's error shape, adding the
// request-id to the detail.
class GraphAdapter : public plugin::BasicAdapter {
 public:
  using BasicAdapter::BasicAdapter;

 protected:
  void checkResponse(std::string_view action, const plugin::ServiceResponse& response,
                     const nlohmann::json& body) const override;
};

// The result of an action Graph answers with 202 Accepted and no body
// (sendMail): {"accepted": true, "status": 202}.
nlohmann::json acceptedResult(const plugin::Args& args, nlohmann::json body,
                              const plugin::ServiceResponse& response);

}  // namespace b44::graph_family
