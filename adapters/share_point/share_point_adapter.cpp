// The SharePoint adapter (integration type "share_point"): SharePoint Online
// sites and their document libraries through Microsoft Graph v1.0. What all
// Graph adapters share (host, token, @odata.nextLink, OData options, errors,
// throttling) is in adapters/families/graph/ with the pages it was checked
// against.
//
// Checked against Microsoft's official Graph v1.0 reference:
//   https://learn.microsoft.com/en-us/graph/api/site-search
//       GET /sites?search={query} (the parameter is "search", without "$"):
//       a free-text search across the tenant's sites; answers {value: [site],
//       @odata.nextLink}.
//   https://learn.microsoft.com/en-us/graph/api/site-getbypath
//       GET /sites/{hostname}:/{relative-path}: the site collection's host
//       name (contoso.sharepoint.com), a colon, then the site's path relative
//       to that host (/sites/marketing); answers the site.
//   https://learn.microsoft.com/en-us/graph/api/site-get
//       GET /sites/{hostname} is the root site of that host; a site's id is
//       "{hostname},{site-collection-id},{web-id}".
//   https://learn.microsoft.com/en-us/graph/api/driveitem-list-children
//       GET /sites/{site-id}/drive/root/children (the default document
//       library's root) or /sites/{site-id}/drive/items/{item-id}/children;
//       supports $expand, $select, $skipToken, $top and $orderby.
//   https://learn.microsoft.com/en-us/graph/onedrive-addressing-driveitems
//       path segments are percent-encoded (RFC 3986); ":" switches between
//       path and resource addressing, so it cannot appear inside the path.
// The host name and the path are arguments, never pasted: the host name must
// be a DNS name (checked and lowercased), each path segment is encoded and
// ".", ".." and empty segments are refused (graph_family::encodedPath).
#include <b44/plugin/export.hpp>
#include <b44/plugin/url.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "graph_family.hpp"

namespace {

using b44::graph_family::collectionPagination;
using b44::graph_family::nextLinkParameter;
using b44::plugin::ActionSpec;
using b44::plugin::Args;
using b44::plugin::ServiceRequest;
using Type = b44::plugin::Parameter::Type;

constexpr const char* kExampleSiteId =
    "contoso.sharepoint.com,2C712604-1370-44E7-A1F5-426573FDA80A,2D2244C3-251A-49EA-93A8-"
    "39E1C3A060FE";

ServiceRequest buildSearchSites(const Args& args) {
  ServiceRequest request = b44::graph_family::collectionRequest(args, "/sites", {});
  if (request.absoluteUrl.empty()) request.query.emplace_back("search", args.string("query"));
  return request;
}

ServiceRequest buildGetSite(const Args& args) {
  ServiceRequest request;
  request.path = "/sites/" + b44::graph_family::hostName(args.string("hostname"), "hostname");
  if (auto path = args.optionalString("path")) {
    request.path += ":/" + b44::graph_family::encodedPath(*path, "path");
  }
  return request;
}

ServiceRequest buildListDriveItems(const Args& args) {
  const std::string site = b44::plugin::pathSegment(args.string("site_id"), "site_id");
  return b44::graph_family::childrenRequest(args, "/sites/" + site + "/drive");
}

class SharePointAdapter final : public b44::graph_family::GraphAdapter {
 public:
  SharePointAdapter()
      : GraphAdapter(b44::graph_family::graphSpec(
            "share_point", "SharePoint",
            "SharePoint Online through Microsoft Graph: find sites, get a site by its URL path, "
            "list the files of a site's document library.",
            "https://learn.microsoft.com/en-us/graph/api/resources/sharepoint",
            b44::graph_family::Throttling::SharePoint)) {
    addAction(
        ActionSpec{
            .name = "search_sites",
            .description = "Searches the tenant's SharePoint sites by keywords (free text over "
                           "several properties), page by page.",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    {"query", Type::String, true,
                     "Keywords to look for, e.g. marketing; an empty string lists every site "
                     "the user can see."},
                    nextLinkParameter(),
                },
            .example = {{"query", "marketing"}},
            .pagination = collectionPagination(),
        },
        buildSearchSites);
    addAction(
        ActionSpec{
            .name = "get_site",
            .description = "Gets a site by its host name and server-relative path (GET "
                           "/sites/{hostname}:/{path}), or the host's root site without a path.",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    {"hostname", Type::String, true,
                     "The site collection's host name, e.g. contoso.sharepoint.com."},
                    {"path", Type::String, false,
                     "The site's path relative to the host, e.g. sites/marketing (a leading '/' "
                     "is allowed); absent = the host's root site."},
                },
            .example = {{"hostname", "contoso.sharepoint.com"}, {"path", "sites/marketing"}},
            .pagination = std::nullopt,
        },
        buildGetSite);
    auto listParameters = b44::graph_family::childrenParameters();
    listParameters.insert(
        listParameters.begin(),
        {"site_id", Type::String, true,
         "The site's id as Graph gives it ({hostname},{site-collection-id},{web-id}), e.g. from "
         "get_site or search_sites."});
    addAction(
        ActionSpec{
            .name = "list_drive_items",
            .description = "Lists the files and folders of a site's default document library "
                           "(its root folder unless item_id is given), page by page.",
            .method = "GET",
            .retrySafe = true,
            .parameters = listParameters,
            .example = {{"site_id", kExampleSiteId}, {"top", 2}},
            .pagination = collectionPagination(),
        },
        buildListDriveItems);
  }
};

std::unique_ptr<b44::plugin::Adapter> makeSharePointAdapter(std::string_view /*type*/) {
  return std::make_unique<SharePointAdapter>();
}

}  // namespace

B44_PLUGIN("1.0.0", "share_point", makeSharePointAdapter)
