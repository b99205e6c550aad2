#pragma once
// Typed helpers for the "share_point" adapter (SharePoint Online sites through
// Microsoft Graph). Header-only: they build the action's JSON arguments, call
// ServiceClient::invoke (or pages) and convert the result.
//
//   b44::share_point::SharePoint sharePoint(registry.service("share_point", client));
//   auto site = sharePoint.getSite("contoso.sharepoint.com", "sites/marketing");
//   for (auto& item : sharePoint.listDriveItems(site.id).all()) ...
//
// Every result keeps Graph's JSON in `raw`.
#include <b44/adapters/microsoft_graph.hpp>
#include <b44/service_client.hpp>
#include <b44/typed.hpp>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>

namespace b44::share_point {

using microsoft_graph::DriveItem;
using microsoft_graph::ListChildrenOptions;

struct Site {
  std::string id;  // "{hostname},{site-collection-id},{web-id}"
  std::string name;
  std::string displayName;
  std::string description;
  std::string webUrl;
  std::string hostname;  // siteCollection.hostname
  std::string createdDateTime;
  std::string lastModifiedDateTime;
  nlohmann::json raw;
};

inline Site siteFromJson(const nlohmann::json& json) {
  Site site;
  site.id = typed::stringField(json, "id");
  site.name = typed::stringField(json, "name");
  site.displayName = typed::stringField(json, "displayName");
  site.description = typed::stringField(json, "description");
  site.webUrl = typed::stringField(json, "webUrl");
  site.hostname = typed::stringField(typed::objectField(json, "siteCollection"), "hostname");
  site.createdDateTime = typed::stringField(json, "createdDateTime");
  site.lastModifiedDateTime = typed::stringField(json, "lastModifiedDateTime");
  site.raw = json;
  return site;
}

class SharePoint {
 public:
  // `client` comes from registry.service("share_point", client[, options]).
  explicit SharePoint(ServiceClient client) : client_(std::move(client)) {}

  // Sites matching the keywords, page by page; `nextLink` resumes a saved walk.
  ItemPager<Site> searchSites(std::string query,
                              std::optional<std::string> nextLink = std::nullopt) const {
    return ItemPager<Site>(
        client_.pages("search_sites", {{"query", std::move(query)}}, std::move(nextLink)),
        &siteFromJson);
  }

  // The site at https://{hostname}/{path}; without a path, the host's root site.
  Site getSite(std::string hostname, std::optional<std::string> path = std::nullopt) const {
    nlohmann::json args = {{"hostname", std::move(hostname)}};
    typed::setIf(args, "path", path);
    return siteFromJson(client_.invoke("get_site", args));
  }

  // The files and folders of the site's default document library (its root
  // folder, or options.itemId), page by page; options.nextLink resumes.
  ItemPager<DriveItem> listDriveItems(std::string siteId,
                                      const ListChildrenOptions& options = {}) const {
    nlohmann::json args = {{"site_id", std::move(siteId)}};
    microsoft_graph::addChildrenArguments(args, options);
    return ItemPager<DriveItem>(client_.pages("list_drive_items", args, options.nextLink),
                                &microsoft_graph::driveItemFromJson);
  }

  [[nodiscard]] const ServiceClient& client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace b44::share_point
