#pragma once
// How an adapter describes itself. An adapter is mostly this data; the SDK
// turns it into URLs, headers, argument checks, pagination and the CLI's
// `describe` output.
#include <b44/rate_limit.hpp>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace b44::plugin {

// A value that arrives in connectionConfig and is substituted into a URL.
struct ConfigField {
  std::string name;  // as in connectionConfig, e.g. "host"
  std::string displayName;
  std::string description;
  std::string example;          // a valid value, e.g. "app-eu.wrike.com"
  std::string pattern;          // ECMAScript regex the whole value must match
  std::string validationError;  // shown when the pattern does not match
  bool required = true;
  std::string defaultValue;  // used when not required and absent
  std::size_t maxLength = 253;
};

// How results continue on a next page.
//
// For an action, the cursor is always an ordinary argument of the action
// (`cursorArgument`), so a caller can resume from a saved cursor by passing it
// back. For a raw request (ServiceClient::paginate), `cursorArgument` names the
// query parameter (or, with `cursorInBody`, the JSON body field) that takes the
// cursor, and the cursor of LinkHeader and NextUrl walks is the next page's URL.
struct Pagination {
  enum class Style {
    BodyCursor,  // next cursor at `cursorPointer` in the JSON body; empty/null ends
    LinkHeader,  // RFC 8288 Link rel="next"; its `cursorArgument` query value
    NextUrl,     // a full next-page URL at `cursorPointer` (@odata.nextLink)
    PageNumber,  // `cursorArgument` = 1, 2, 3 ... until a page has no items
    Offset,      // `cursorArgument` = 0, n, 2n ... (items seen so far) until a page has none
  };
  Style style = Style::BodyCursor;
  std::string cursorPointer;   // JSON pointer, e.g. "/response_metadata/next_cursor"
  std::string cursorArgument;  // the action argument that takes it, e.g. "cursor"
  std::string itemsPointer;    // JSON pointer to the page's items, e.g. "/channels"
  std::string hasMorePointer;  // optional boolean: false ends even with a cursor
  bool cursorInBody = false;   // raw requests: the cursor goes into the JSON body
  long firstPage = 1;          // PageNumber: the number of the first page
};

// One API host of the service. The first declared host is the default.
struct ApiHost {
  std::string name;  // "default", "upload", "content", ...
  // "https://slack.com/api" or, filled from connectionConfig,
  // "https://{host}/api/v4". Placeholders name ConfigFields.
  std::string baseUrlTemplate;
  // The host a substituted URL must keep: exact ("slack.com") or a suffix
  // starting with a dot (".wrike.com"). Empty = the template's own host.
  std::vector<std::string> allowedHosts;
  // How raw requests to this host page by default (ServiceClient::paginate
  // without an explicit style); absent = the caller must name one.
  std::optional<Pagination> pagination;
};

// How the OAuth access token travels.
struct TokenPresentation {
  std::string header = "Authorization";
  std::string scheme = "Bearer";  // empty: the raw token is the header value
};

struct Header {
  std::string name;
  std::string value;
};

struct Parameter {
  enum class Type { String, Integer, Boolean, Number, Object, Array, Any };
  std::string name;
  Type type = Type::String;
  bool required = false;
  std::string description;
};

// The common shapes, e.g. bodyCursor("/nextPageToken", "page_token", "/items").
Pagination bodyCursor(std::string cursorPointer, std::string cursorArgument,
                      std::string itemsPointer, std::string hasMorePointer = {});
Pagination linkHeader(std::string cursorArgument, std::string itemsPointer);
// The adapter's build function puts the URL from `cursorArgument` into
// ServiceRequest::absoluteUrl.
Pagination nextUrl(std::string urlPointer, std::string cursorArgument, std::string itemsPointer);
// Raw-request styles: numbered pages, and offsets counted in items.
Pagination pageNumber(std::string pageParameter, std::string itemsPointer, long firstPage = 1);
Pagination offset(std::string offsetParameter, std::string itemsPointer);

struct ActionSpec {
  std::string name;  // snake_case, e.g. "post_message"
  std::string description;
  std::string method = "GET";
  // Sending it twice is harmless. Actions that create things are not.
  bool retrySafe = false;
  std::vector<Parameter> parameters;
  nlohmann::json example = nlohmann::json::object();  // a working argument set
  std::optional<Pagination> pagination;
};

// How the service signals its rate limits (extra statuses, remaining/reset
// headers). The type lives in core, where the retry policy and the
// client-side limiter read it; adapters keep using this name.
using RateLimitSignals = b44::RateLimitSignals;

struct AdapterSpec {
  std::string type;  // the integration type, e.g. "slack"
  std::string displayName;
  std::string description;
  std::string documentationUrl;
  std::vector<ApiHost> hosts;
  std::vector<ConfigField> configFields;
  TokenPresentation token;
  std::vector<Header> defaultHeaders;
  RateLimitSignals rateLimit;  // Retry-After is always honoured
  std::vector<ActionSpec> actions;

  [[nodiscard]] const ActionSpec* findAction(std::string_view name) const;
  [[nodiscard]] const ApiHost* findHost(std::string_view name) const;  // "" = default
};

std::string toString(Parameter::Type type);
// The whole description as JSON (the CLI's `describe --json`).
nlohmann::json toJson(const AdapterSpec& spec);

}  // namespace b44::plugin
