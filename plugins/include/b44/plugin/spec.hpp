#pragma once
// How an adapter describes itself. An adapter is mostly this data; the SDK
// turns it into URLs, headers, argument checks, pagination and the CLI's
// `describe` output.
#include <b44/rate_limit.hpp>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
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

  bool operator==(const ConfigField&) const = default;
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

// An allowedHosts rule admitting whatever host name connectionConfig gives
// (still a DNS name, never an IP address, and checked by the field's pattern).
inline constexpr const char* kAnyConfiguredHost = "*";

// One API host of the service. The first declared host is the default.
struct ApiHost {
  std::string name;  // "default", "upload", "content", ...
  // "https://slack.com/api" or, filled from connectionConfig,
  // "https://{host}/api/v4". Placeholders name ConfigFields.
  std::string baseUrlTemplate;
  // The host a substituted URL must keep: exact ("slack.com"), a suffix
  // starting with a dot (".wrike.com"), or kAnyConfiguredHost for services a
  // customer runs on their own domain (self-managed GitLab). Empty = the
  // template's own host.
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

using QueryParams = std::vector<std::pair<std::string, std::string>>;

struct Parameter {
  enum class Type { String, Integer, Boolean, Number, Object, Array, Any };
  // Where a declared action's request carries the value (see declaration.hpp).
  enum class Location {
    Hook,     // nowhere by itself: the action's build hook reads it
    Path,     // a {name} segment of the path template, encoded as one segment
    Query,    // a query parameter
    Body,     // a field of the JSON body; wireName may be a pointer ("/parent/id")
    Form,     // a field of the form-encoded body
    Header,   // a request header
    NextUrl,  // a whole next-page URL (NextUrl pagination) that replaces path and query
  };
  // How a value becomes text in a query, form field or header.
  enum class Format {
    Text,      // strings as they are, numbers and booleans in JSON, arrays comma-joined
    Json,      // the value's JSON text
    Repeated,  // an array: one query pair per item
    Segments,  // a path value of '/'-separated segments ("docs/README.md"), each encoded
  };
  std::string name;
  Type type = Type::String;
  bool required = false;
  std::string description;

  Location location = Location::Hook;
  std::string wireName;  // the name on the wire; empty = `name`
  Format format = Format::Text;
  std::vector<std::string> choices;     // the allowed values of a string, when listed
  std::optional<std::int64_t> minimum;  // bounds of an integer
  std::optional<std::int64_t> maximum;
  std::string valueError;  // "must be 1..200": replaces the usual words for a bad enum or range
  nlohmann::json defaultValue;  // sent when the argument is absent (null: nothing)

  // More checks of a given value (the declaration's "pattern", "maxLength",
  // "minItems", "maxItems", "items", "integerText"); a failed one refuses the
  // argument with `message` when declared, else with `valueError` or the
  // usual words.
  std::string pattern;                   // ECMAScript regex the whole string must match
  std::optional<std::size_t> maxLength;  // of a string, in bytes
  std::optional<std::size_t> minItems;   // of an array
  std::optional<std::size_t> maxItems;
  // Each item of an array: one of `types` (none listed: any), one of
  // `choices`, matching `pattern`; `message` replaces the parameter's.
  struct Items {
    std::vector<Type> types;
    std::vector<std::string> choices;
    std::string pattern;
    std::string message;
  };
  std::optional<Items> items;
  // An integer or its decimal text (how a saved cursor comes back): checked
  // as an integer (minimum, maximum), sent as a JSON number in a body and as
  // its decimal digits elsewhere.
  bool integerText = false;
  std::string message;  // the whole refusal after "<type>.<action>: "
  // A query, form or header value written into this text at "{value}", e.g.
  // "outlook.body-content-type=\"{value}\"".
  std::string valueTemplate;
};

// Arguments that go together: at least one of `parameters` must be given
// (AtLeastOne), or `parameter` must not be given with any of `parameters`
// (Exclusive). `message` follows "<type>.<action>: ".
struct ArgumentRule {
  enum class Kind { AtLeastOne, Exclusive };
  Kind kind = Kind::AtLeastOne;
  std::string parameter;  // Exclusive: the one that excludes the others; also names the error
  std::vector<std::string> parameters;
  std::string message;
};

// Where an error answer keeps its code and text. Rules are tried in order; the
// first that matches makes the ServiceError. An answer no rule matches is an
// error when its status is not 2xx, read with the usual fields.
struct ErrorRule {
  bool anyStatus = false;  // also match a 2xx answer (Slack's "ok": false)
  // Matches only when one of these pointers holds a value that is not null,
  // "", [] or {} (none listed: always).
  std::vector<std::string> present;
  std::string equalsPointer;  // and, when set, the value there equals `equals` ...
  nlohmann::json equals;
  bool negate = false;            // ... or, with negate, differs from it (a missing value matches)
  std::vector<std::string> code;  // pointers; the first string or number wins
  std::string defaultCode;
  std::vector<std::string> detail;  // pointers; the first string or number wins
  // The detail when no pointer gave one; "{code}" and "{status}" are filled in.
  std::string detailDefault;
  struct Suffix {
    std::string pointer;
    std::string prefix;
  };
  std::vector<Suffix> detailSuffixes;  // appended, "<prefix><value>", when present
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

  // How a declared action builds its request (see declaration.hpp).
  enum class Body { None, Json, Form };
  std::string reference;  // the service's reference page for this operation
  std::string host;       // a declared host's name; empty = the default host
  std::string path;       // template below the host's base URL: "/repos/{owner}/{repo}"
  Body body = Body::None;
  std::string contentType;    // overrides the body's usual content type
  QueryParams constantQuery;  // sent after the parameters' query pairs
  std::vector<Header> constantHeaders;
  nlohmann::json constantBody;  // a JSON object the body parameters are merged into
  std::vector<ArgumentRule> rules;
  std::string buildHook;      // named C++ that finishes the request
  std::string parseHook;      // named C++ that shapes the result
  std::string resultWrap;     // wrap the answer as {"<resultWrap>": answer} (an array answer)
  std::string resultPointer;  // the result is this member of the answer (which must have it)

  // Another path when an optional argument is given: the first listed
  // parameter given picks its path, e.g. {"folder_id",
  // "/folders/{folder_id}/tasks"}.
  std::vector<std::pair<std::string, std::string>> pathWhen;
  // Query pairs with these names go first, in this order; the rest follow in
  // their usual order (parameters as declared, then the constants).
  std::vector<std::string> queryOrder;

  // A next-page cursor the answer lacks, computed and added to the result at
  // the pagination's cursorPointer. Continues only while the page has items
  // (at the pagination's itemsPointer) and every declared condition holds.
  struct NextCursor {
    enum class From {
      Offset,    // the cursor argument (default `start`) + the page's item count
      Page,      // the cursor argument (default `start`) + 1
      LastItem,  // the string at `lastItem` in the page's last item
    };
    From from = From::Offset;
    std::int64_t start = 0;
    bool text = false;             // Offset, Page: the cursor as decimal text, not a number
    std::string lastItem;          // LastItem: a JSON pointer inside the item, e.g. "/id"
    std::string totalItems;        // pointer: more only while the next offset is below it
    std::string totalPages;        // pointer: more only while this page's number is below it
    std::string pageSizeArgument;  // more only while a page is full: its size is this
    std::optional<std::int64_t> pageSize;  // argument's value, else this
    std::string lastPage;  // pointer to a boolean, true on the last page; when the answer
                           // has it, it decides instead of the page size
  };
  std::optional<NextCursor> next;
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

  std::string version;                  // the adapter's own version, e.g. "1.0.0"
  std::vector<std::string> references;  // the reference pages it was checked against
  std::vector<ErrorRule> errorRules;
  std::string checkHook;  // named C++ that reads error answers before the rules
  // Headers whose values are secrets besides the token's (a signing key, a
  // second credential): redacted wherever headers are printed or stored.
  std::vector<std::string> secretHeaders;

  [[nodiscard]] const ActionSpec* findAction(std::string_view name) const;
  [[nodiscard]] const ApiHost* findHost(std::string_view name) const;  // "" = default
  // Whether a header's value must never be shown: the token's header, a
  // declared secret header, or a credential-looking name (isCredentialHeader).
  [[nodiscard]] bool isSecretHeader(std::string_view name) const;
};

// What listing an adapter shows (`list-available`): a small part of its spec.
// A declared adapter's library carries it in its own section (see
// manifest.hpp), so listing reads it without parsing the declaration.
struct AdapterSummary {
  std::string type;
  std::string displayName;
  std::string description;
  std::string version;  // the adapter's own version, as in the manifest
  std::vector<ConfigField> configFields;

  bool operator==(const AdapterSummary&) const = default;
};

AdapterSummary summarize(const AdapterSpec& spec);

std::string toString(Parameter::Type type);
// The whole description as JSON (the CLI's `describe --json`).
nlohmann::json toJson(const AdapterSpec& spec);
// A config field as `describe --json` and `list-available --json` show it.
nlohmann::json toJson(const ConfigField& field);
// The summary as `list-available --json` shows it: type, display_name,
// description, adapter_version, connection_config_fields. Compact, it is
// also the text of the summary section (parseSummary reads it back).
nlohmann::json toJson(const AdapterSummary& summary);

}  // namespace b44::plugin
