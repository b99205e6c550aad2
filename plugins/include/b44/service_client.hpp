#pragma once
// Calling an adapter's actions, host-side. A ServiceClient binds one loaded
// adapter to a Base44 client, a connection source and a route:
//
//   Route::Direct       the request goes to the service with the token from
//                       Base44 (cached; a 401 refreshes it once);
//   Route::Base44Proxy  the same request goes through Base44's callApi, for
//                       metered connectors whose token Base44 withholds.
//
// Typed helpers (e.g. b44/adapters/slack.hpp) are thin wrappers over this.
#include <b44/client.hpp>
#include <b44/plugin/adapter.hpp>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace b44 {

enum class Route { Direct, Base44Proxy };

struct ServiceOptions {
  // Default: the app's shared connection for the adapter's integration type.
  std::optional<ConnectionSource> source;
  Route route = Route::Direct;
};

// One page of a paginated action.
struct Page {
  nlohmann::json result;                  // the action's whole result
  nlohmann::json items;                   // the page's items (an array; empty if none)
  std::optional<std::string> nextCursor;  // absent on the last page
};

class ServiceClient;

// Walks a paginated action page by page or item by item. Save cursor() to
// resume later with ServiceClient::pages(action, args, cursor).
class Pager {
 public:
  Pager(const ServiceClient& client, std::string action, nlohmann::json args,
        std::optional<std::string> startCursor);  // keeps its own copy of the client
  [[nodiscard]] bool hasNext() const { return !done_; }
  Page nextPage();  // throws std::out_of_range when there is none
  // The cursor the next page starts from (absent before the first page and
  // after the last).
  [[nodiscard]] const std::optional<std::string>& cursor() const { return cursor_; }
  // Every remaining item, fetching pages as needed.
  nlohmann::json collectItems(std::size_t maxItems = SIZE_MAX);

 private:
  std::shared_ptr<const ServiceClient> client_;
  std::string action_;
  nlohmann::json args_;
  std::optional<std::string> cursor_;
  bool done_ = false;
};

class ServiceClient {
 public:
  ServiceClient(std::shared_ptr<const plugin::Adapter> adapter, Client client,
                ServiceOptions options = {});

  [[nodiscard]] const plugin::AdapterSpec& spec() const { return adapter_->spec(); }
  [[nodiscard]] const std::string& integrationType() const { return adapter_->spec().type; }
  [[nodiscard]] const ServiceOptions& options() const { return options_; }

  // Runs an action with JSON arguments and returns its JSON result.
  nlohmann::json invoke(std::string_view action,
                        const nlohmann::json& args = nlohmann::json::object()) const;
  // Runs one page of a paginated action (the cursor, if any, is in args).
  Page invokePage(std::string_view action, const nlohmann::json& args) const;
  Pager pages(std::string_view action, nlohmann::json args = nlohmann::json::object(),
              std::optional<std::string> resumeCursor = std::nullopt) const;

  // The full URL a request would go to with this connection config (for tests
  // and `describe`): base URL substituted and checked, plus path and query.
  std::string resolveUrl(const plugin::ServiceRequest& request,
                         const ConnectionConfig& config) const;

 private:
  plugin::ServiceResponse sendDirect(const plugin::ServiceRequest& request,
                                     const plugin::ActionSpec& action) const;
  plugin::ServiceResponse sendViaProxy(const plugin::ServiceRequest& request,
                                       const plugin::ActionSpec& action) const;
  // The adapter's parse, with the checks every answer gets (an empty body
  // that declares JSON) and the content type added to a malformed answer's
  // error.
  nlohmann::json parseAnswer(const plugin::ActionSpec& action,
                             const plugin::ServiceRequest& request, const nlohmann::json& args,
                             const plugin::ServiceResponse& response) const;
  std::shared_ptr<const plugin::Adapter> adapter_;
  Client client_;
  ServiceOptions options_;
};

}  // namespace b44

namespace b44 {

// A Pager whose items are converted to a typed value; typed helpers return it.
template <class T>
class ItemPager {
 public:
  using Convert = T (*)(const nlohmann::json&);
  ItemPager(Pager pager, Convert convert) : pager_(std::move(pager)), convert_(convert) {}

  [[nodiscard]] bool hasNextPage() const { return pager_.hasNext(); }
  // The next page's items (throws std::out_of_range after the last page).
  std::vector<T> nextPage() {
    std::vector<T> out;
    for (const auto& item : pager_.nextPage().items) out.push_back(convert_(item));
    return out;
  }
  // Every remaining item, up to maxItems.
  std::vector<T> all(std::size_t maxItems = SIZE_MAX) {
    std::vector<T> out;
    for (const auto& item : pager_.collectItems(maxItems)) out.push_back(convert_(item));
    return out;
  }
  // Where the next page starts; pass it back to resume later.
  [[nodiscard]] const std::optional<std::string>& cursor() const { return pager_.cursor(); }

 private:
  Pager pager_;
  Convert convert_;
};

}  // namespace b44
