#pragma once
// Calling an adapter's actions, host-side. A ServiceClient binds one loaded
// adapter to a Base44 client, a connection source and a route:
//
//   Route::Direct       the request goes to the service with the token from
//                       Base44 (cached; a 401 refreshes it once);
//   Route::Base44Proxy  the same request goes through Base44's callApi, for
//                       metered connectors whose token Base44 withholds.
//
// Typed helpers (e.g. b44/adapters/slack.hpp) are thin wrappers over this;
// each gives its ServiceClient back with client(), for raw requests:
//   slack.client().request({.method = "GET", .path = "/auth.test"}).
#include <b44/client.hpp>
#include <b44/plugin/adapter.hpp>
#include <b44/raw_request.hpp>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace b44 {

// How a ServiceClient reaches the service; see the top of this header.
enum class Route { Direct, Base44Proxy };

// How a ServiceClient calls: whose connection, which route, how many pages.
struct ServiceOptions {
  // Default: the app's shared connection for the adapter's integration type.
  std::optional<ConnectionSource> source;
  // Direct to the service, or through Base44's callApi.
  Route route = Route::Direct;
  // A page walk (Pager, RawPager) stops with a ProtocolError after this many
  // pages: a service that never ends its pages cannot keep a caller forever.
  std::size_t maxPages = 10'000;
};

// One page of a paginated action.
struct Page {
  nlohmann::json result;                  // the action's whole result
  nlohmann::json items;                   // the page's items (an array; empty if none)
  std::optional<std::string> nextCursor;  // absent on the last page
  // Base44 proxy route: the credits callApi charged for this page, summed
  // over its attempts (0 on the direct route).
  double creditsCharged = 0;
};

// What a download action answered (ServiceClient::download).
struct Download {
  // The HTTP status (2xx).
  int status = 0;
  // The Content-Type header; empty if there is none.
  std::string contentType;
  // The file name the answer's Content-Disposition gives (its last path
  // segment; empty when none is given or it holds control characters). Never
  // trust it as a path.
  std::string fileName;
  // Bytes received, whether kept or streamed.
  std::size_t size = 0;
  // The answer headers, in the order received.
  Headers headers;
  // The bytes; empty when they went to DownloadOptions::sink.
  std::string bytes;
  // Base44 proxy route: the credits callApi charged (0 on the direct route).
  double creditsCharged = 0;
};

// How ServiceClient::download delivers the bytes.
struct DownloadOptions {
  // The bytes are streamed here, chunk by chunk, instead of into
  // Download::bytes. A download that breaks off after bytes reached the sink
  // is never retried.
  BodySink sink;
  // The largest body accepted, in bytes; 0 = kDefaultMaxDownloadBytes (1 GiB)
  // with a sink, else the client's TransportOptions::maxResponseBytes
  // (32 MiB). A larger body is a ProtocolError.
  std::size_t maxBytes = 0;
};

// The seam between ServiceClient (and the typed helpers over it) and what
// runs its calls. The real one runs an adapter's requests through Base44 and
// the service; a user's unit tests install b44::mocks::MockServiceConnection
// (b44/mocks/service_connection.hpp) instead.
class ServiceConnection {
 public:
  virtual ~ServiceConnection() = default;
  // The adapter's declaration: integration type, hosts, actions.
  [[nodiscard]] virtual const plugin::AdapterSpec& spec() const = 0;
  // One page of an action (its cursor, if any, in args); invoke() is its result.
  [[nodiscard]] virtual Page invokePage(std::string_view action,
                                        const nlohmann::json& args) const = 0;
  // One raw request to the service (ServiceClient::request).
  [[nodiscard]] virtual RawResponse request(const RawRequest& request,
                                            const RequestOptions& options) const = 0;
  // A download action's bytes (ServiceClient::download). The default reads
  // them from invokePage's JSON result (content_base64), which is what a mock
  // answers; the real connection streams them.
  [[nodiscard]] virtual Download download(std::string_view action, const nlohmann::json& args,
                                          const DownloadOptions& options) const;
};

class ServiceClient;

// Paging, in one vocabulary for the three pagers (Pager: an action's JSON
// pages; RawPager: a raw request's; ItemPager<T>: an action's typed items):
//   hasNext()   whether another page remains;
//   nextPage()  that page (an InvalidArgumentError after the last);
//   all(max)    every remaining item, fetching pages as needed;
//   cursor()    where the next page starts: save it to resume later.

// Walks a paginated action page by page or item by item. Save cursor() to
// resume later with ServiceClient::pages(action, args, cursor). A cursor seen
// before in the same walk, or more than ServiceOptions::maxPages pages, ends
// the walk with a ProtocolError.
class Pager {
 public:
  Pager(const ServiceClient& client, std::string action, nlohmann::json args,
        std::optional<std::string> startCursor);  // keeps its own copy of the client
  // Whether another page remains (true before the first page).
  [[nodiscard]] bool hasNext() const { return !done_; }
  Page nextPage();  // throws InvalidArgumentError when there is none
  // The cursor the next page starts from (absent before the first page and
  // after the last).
  [[nodiscard]] const std::optional<std::string>& cursor() const { return cursor_; }
  // Every remaining item, fetching pages as needed.
  nlohmann::json all(std::size_t maxItems = SIZE_MAX);
  // The old name of all().
  [[deprecated("use all()")]] nlohmann::json collectItems(std::size_t maxItems = SIZE_MAX) {
    return all(maxItems);
  }

 private:
  std::shared_ptr<const ServiceClient> client_;
  std::string action_;
  nlohmann::json args_;
  std::optional<std::string> cursor_;
  std::set<std::string> seen_;
  std::size_t pages_ = 0;
  bool done_ = false;
};

// Walks the pages of a raw request in one pagination style. cursor() is a
// string to save and resume from (the next page's URL for the URL styles).
class RawPager {
 public:
  // Starts at `startCursor`, or at the first page; keeps its own copy of the
  // client. InvalidArgumentError if a cursor style names no cursorArgument.
  RawPager(const ServiceClient& client, RawRequest request, RawPagination pagination,
           RequestOptions options, std::optional<std::string> startCursor);
  // Whether another page remains (true before the first page).
  [[nodiscard]] bool hasNext() const { return !done_; }
  RawPage nextPage();  // throws InvalidArgumentError when there is none
  // Where the next page starts (absent before the first page and after the
  // last): save it to resume with ServiceClient::paginate.
  [[nodiscard]] const std::optional<std::string>& cursor() const { return cursor_; }
  // Every remaining item, fetching pages as needed, up to maxItems.
  nlohmann::json all(std::size_t maxItems = SIZE_MAX);
  // The old name of all().
  [[deprecated("use all()")]] nlohmann::json collectItems(std::size_t maxItems = SIZE_MAX) {
    return all(maxItems);
  }

 private:
  void setCursor(RawRequest& request, const nlohmann::json& value) const;
  [[nodiscard]] std::string nextPagePath(const std::string& cursor) const;

  std::shared_ptr<const ServiceClient> client_;
  RawRequest request_;
  RawPagination pagination_;
  RequestOptions options_;
  std::optional<std::string> cursor_;
  std::set<std::string> seen_;
  nlohmann::json previousItems_;
  std::size_t pages_ = 0;
  std::size_t itemsSoFar_ = 0;
  bool cursorIsNumber_ = false;
  bool done_ = false;
};

// Calls one adapter's actions and raw requests; see the top of this header.
// Cheap to copy: copies share the connection.
class ServiceClient {
 public:
  // Runs `adapter`'s requests with the connection Base44 holds.
  ServiceClient(std::shared_ptr<const plugin::Adapter> adapter, Client client,
                ServiceOptions options = {});
  // Runs them through any connection: a mock in a user's unit tests.
  explicit ServiceClient(std::shared_ptr<const ServiceConnection> connection,
                         ServiceOptions options = {});

  // The adapter's declaration: integration type, hosts, actions.
  [[nodiscard]] const plugin::AdapterSpec& spec() const { return connection_->spec(); }
  // The adapter's integration type, e.g. "slack".
  [[nodiscard]] const std::string& integrationType() const { return spec().type; }
  // The options it was made with.
  [[nodiscard]] const ServiceOptions& options() const { return options_; }

  // Runs an action with JSON arguments and returns its JSON result.
  nlohmann::json invoke(std::string_view action,
                        const nlohmann::json& args = nlohmann::json::object()) const;
  // Runs one page of a paginated action (the cursor, if any, is in args).
  Page invokePage(std::string_view action, const nlohmann::json& args) const;
  // Walks a paginated action's pages, from `resumeCursor` (a saved
  // Pager::cursor()) or from the first page.
  Pager pages(std::string_view action, nlohmann::json args = nlohmann::json::object(),
              std::optional<std::string> resumeCursor = std::nullopt) const;

  // Runs a download action (one whose answer is a file: `describe` shows
  // "download": true) and hands out its bytes; invoke() gives the same as JSON
  // with the bytes in base64. InvalidArgumentError for any other action.
  Download download(std::string_view action, const nlohmann::json& args = nlohmann::json::object(),
                    const DownloadOptions& options = {}) const;

  // Any endpoint of the service (see b44/raw_request.hpp).
  RawResponse request(const RawRequest& request, const RequestOptions& options = {}) const;
  // Its pages, in the style the adapter declares for the request's host (an
  // InvalidArgumentError if it declares none) or in the one given.
  RawPager paginate(RawRequest request, RequestOptions options = {},
                    std::optional<std::string> resumeCursor = std::nullopt) const;
  // The same in the pagination style given.
  RawPager paginate(RawRequest request, RawPagination pagination, RequestOptions options = {},
                    std::optional<std::string> resumeCursor = std::nullopt) const;

 private:
  std::shared_ptr<const ServiceConnection> connection_;
  ServiceOptions options_;
};

}  // namespace b44

namespace b44 {

// A Pager whose items are converted to a typed value; typed helpers return it.
template <class T>
class ItemPager {
 public:
  // Turns one JSON item into a T.
  using Convert = T (*)(const nlohmann::json&);
  // Walks `pager`, converting each item with `convert`.
  ItemPager(Pager pager, Convert convert) : pager_(std::move(pager)), convert_(convert) {}

  // Whether another page remains.
  [[nodiscard]] bool hasNext() const { return pager_.hasNext(); }
  // The old name of hasNext().
  [[deprecated("use hasNext()")]] [[nodiscard]] bool hasNextPage() const { return hasNext(); }
  // The next page's items (throws InvalidArgumentError after the last page).
  std::vector<T> nextPage() {
    std::vector<T> out;
    for (const auto& item : pager_.nextPage().items) out.push_back(convert_(item));
    return out;
  }
  // Every remaining item, up to maxItems.
  std::vector<T> all(std::size_t maxItems = SIZE_MAX) {
    std::vector<T> out;
    for (const auto& item : pager_.all(maxItems)) out.push_back(convert_(item));
    return out;
  }
  // Where the next page starts; pass it back to resume later.
  [[nodiscard]] const std::optional<std::string>& cursor() const { return pager_.cursor(); }

 private:
  Pager pager_;
  Convert convert_;
};

}  // namespace b44
