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
  // A human name for it, shown by `describe`.
  std::string displayName;
  // What the value is and where to find it, shown by `describe`.
  std::string description;
  std::string example;          // a valid value, e.g. "app-eu.wrike.com"
  std::string pattern;          // ECMAScript regex the whole value must match
  std::string validationError;  // shown when the pattern does not match
  // Whether a connection must have it (InvalidArgumentError when absent).
  bool required = true;
  std::string defaultValue;  // used when not required and absent
  // The longest value accepted, in bytes (253: a DNS name).
  std::size_t maxLength = 253;

  // Every member equal.
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
  // How the next page is found.
  enum class Style {
    BodyCursor,  // next cursor at `cursorPointer` in the JSON body; empty/null ends
    LinkHeader,  // RFC 8288 Link rel="next"; its `cursorArgument` query value
    NextUrl,     // a full next-page URL at `cursorPointer` (`@odata.nextLink`)
    PageNumber,  // `cursorArgument` = 1, 2, 3 ... until a page has no items
    Offset,      // `cursorArgument` = 0, n, 2n ... (items seen so far) until a page has none
  };
  // How the next page is found.
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
  // The header that carries it.
  std::string header = "Authorization";
  std::string scheme = "Bearer";  // empty: the raw token is the header value
};

// A request header with a fixed value.
struct Header {
  // The header's name, e.g. "Notion-Version".
  std::string name;
  // Its value, e.g. "2022-06-28".
  std::string value;
};

// Query pairs (name, value) in the order they are sent, not yet encoded.
using QueryParams = std::vector<std::pair<std::string, std::string>>;

// One argument of an action: its type, its checks and where it goes.
struct Parameter {
  // The JSON type a value must have (Any: no check; Number includes integers).
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
    Content,  // the whole body: a string's bytes as they are (Format::Base64: decoded)
  };
  // How a value becomes text in a query, form field or header.
  enum class Format {
    Text,      // strings as they are, numbers and booleans in JSON, arrays comma-joined
    Json,      // the value's JSON text
    Repeated,  // an array: one query pair per item
    Segments,  // a path value of '/'-separated segments ("docs/README.md"), each encoded
    Base64,    // a Content value in base64 (either alphabet), sent decoded: any bytes
  };
  // The argument's name, e.g. "channel".
  std::string name;
  // The JSON type a given value must have.
  Type type = Type::String;
  // Whether a call must give it (InvalidArgumentError otherwise).
  bool required = false;
  // What it is, shown by `describe`.
  std::string description;

  // Where the request carries it.
  Location location = Location::Hook;
  std::string wireName;  // the name on the wire; empty = `name`
  // How it becomes text in a query, form field or header.
  Format format = Format::Text;
  std::vector<std::string> choices;     // the allowed values of a string, when listed
  std::optional<std::int64_t> minimum;  // bounds of an integer
  // The largest integer allowed.
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
  // The longest array allowed.
  std::optional<std::size_t> maxItems;
  // Each item of an array: one of `types` (none listed: any), one of
  // `choices`, matching `pattern`; `message` replaces the parameter's.
  struct Items {
    // The JSON types an item may have; none listed: any.
    std::vector<Type> types;
    // The values a string item may take; none listed: any.
    std::vector<std::string> choices;
    // ECMAScript regex a string item must match as a whole; empty: none.
    std::string pattern;
    // The refusal for a bad item, instead of the parameter's.
    std::string message;
  };
  // What each item of an array must be, when declared.
  std::optional<Items> items;
  // An integer or its decimal text (how a saved cursor comes back): checked
  // as an integer (minimum, maximum), sent as a JSON number in a body and as
  // its decimal digits elsewhere.
  bool integerText = false;
  std::string message;  // the whole refusal after "TYPE.ACTION: "
  // A query, form or header value written into this text at "{value}", e.g.
  // "outlook.body-content-type=\"{value}\"".
  std::string valueTemplate;
  // A secret such as a webhook token in the path (a path or query value):
  // cut out of error messages, log lines and the CLI's output, as tokens are.
  bool secret = false;
  // A body parameter of type object whose members are the body's root
  // members (`"as": "/"`), merged after the constants.
  [[nodiscard]] bool isWholeBody() const { return location == Location::Body && wireName == "/"; }
};

// Arguments that go together: at least one of `parameters` must be given
// (AtLeastOne), or `parameter` must not be given with any of `parameters`
// (Exclusive). `message` follows "TYPE.ACTION: ".
struct ArgumentRule {
  // Which of the two rules above.
  enum class Kind { AtLeastOne, Exclusive };
  // Which rule it is.
  Kind kind = Kind::AtLeastOne;
  std::string parameter;  // Exclusive: the one that excludes the others; also names the error
  // AtLeastOne: the parameters of which one must be given; Exclusive: those
  // `parameter` excludes.
  std::vector<std::string> parameters;
  // The refusal, after "TYPE.ACTION: "; empty: the usual words.
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
  // The value equalsPointer is compared with.
  nlohmann::json equals;
  bool negate = false;            // ... or, with negate, differs from it (a missing value matches)
  std::vector<std::string> code;  // pointers; the first string or number wins
  // The code when no pointer in `code` gave one.
  std::string defaultCode;
  std::vector<std::string> detail;  // pointers; the first string or number wins
  // The detail when no pointer gave one; "{code}" and "{status}" are filled in.
  std::string detailDefault;
  // A piece appended to the detail when its pointer holds a value.
  struct Suffix {
    // Where the value is, a JSON pointer.
    std::string pointer;
    // Written before the value, e.g. "; element ".
    std::string prefix;
  };
  std::vector<Suffix> detailSuffixes;  // appended, "<prefix><value>", when present
};

// The common shapes, e.g. bodyCursor("/nextPageToken", "page_token", "/items").
Pagination bodyCursor(std::string cursorPointer, std::string cursorArgument,
                      std::string itemsPointer, std::string hasMorePointer = {});
// Pages by the Link header's rel="next" URL; `cursorArgument` is its query
// parameter that carries the cursor.
Pagination linkHeader(std::string cursorArgument, std::string itemsPointer);
// The adapter's build function puts the URL from `cursorArgument` into
// ServiceRequest::absoluteUrl.
Pagination nextUrl(std::string urlPointer, std::string cursorArgument, std::string itemsPointer);
// Raw-request styles: numbered pages, and offsets counted in items.
Pagination pageNumber(std::string pageParameter, std::string itemsPointer, long firstPage = 1);
// Offsets: `offsetParameter` = 0, n, 2n ... until a page has no items.
Pagination offset(std::string offsetParameter, std::string itemsPointer);

// One operation of the service: its arguments, and (for declared adapters)
// how its request is built and its answer read.
struct ActionSpec {
  std::string name;  // snake_case, e.g. "post_message"
  // What it does, shown by `describe`.
  std::string description;
  // The HTTP method, upper case.
  std::string method = "GET";
  // Sending it twice is harmless. Actions that create things are not.
  bool retrySafe = false;
  // Its arguments, in declaration order (the order of their query pairs).
  std::vector<Parameter> parameters;
  nlohmann::json example = nlohmann::json::object();  // a working argument set
  // How its results continue on a next page; absent: one page.
  std::optional<Pagination> pagination;

  // How a declared action builds its request (see declaration.hpp). Its
  // body: none, a JSON object, a form, or the bytes of a Content parameter.
  enum class Body { None, Json, Form, Bytes };
  std::string reference;  // the service's reference page for this operation
  std::string host;       // a declared host's name; empty = the default host
  std::string path;       // template below the host's base URL: "/repos/{owner}/{repo}"
  // What body the request carries: none, a JSON object, or a form.
  Body body = Body::None;
  std::string contentType;    // overrides the body's usual content type
  QueryParams constantQuery;  // sent after the parameters' query pairs
  // Headers sent with every request of this action.
  std::vector<Header> constantHeaders;
  nlohmann::json constantBody;  // a JSON object the body parameters are merged into
  // Checks across arguments, run after each argument's own.
  std::vector<ArgumentRule> rules;
  std::string buildHook;      // named C++ that finishes the request
  std::string parseHook;      // named C++ that shapes the result
  std::string resultWrap;     // wrap the answer as {"<resultWrap>": answer} (an array answer)
  std::string resultPointer;  // the result is this member of the answer (which must have it)
  // A 2xx answer is the bytes of a file, not JSON: ServiceClient::download
  // hands them out (streamed to a sink or in memory), invoke() as JSON with
  // the bytes in base64. It asks for any content type, and follows one
  // redirect off the declared hosts without credentials (a pre-signed link).
  bool download = false;
  // A 2xx answer is text, not JSON (Slack's upload URL answers "OK - 2048"):
  // the result is {"<resultText>": the text}.
  std::string resultText;
  // A 2xx answer may have an empty body whatever its status (Google's "the
  // response body is empty" for a POST): the result is then null.
  bool resultEmpty = false;

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
    // How the cursor is computed.
    enum class From {
      Offset,    // the cursor argument (default `start`) + the page's item count
      Page,      // the cursor argument (default `start`) + 1
      LastItem,  // the string at `lastItem` in the page's last item
    };
    // How the cursor is computed.
    From from = From::Offset;
    // Offset, Page: the cursor argument's value when it is absent.
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
  // A computed next-page cursor, when declared.
  std::optional<NextCursor> next;
};

// How the service signals its rate limits (extra statuses, remaining/reset
// headers). The type lives in core, where the retry policy and the
// client-side limiter read it; adapters keep using this name.
using RateLimitSignals = b44::RateLimitSignals;

// Everything an adapter declares about its service; see the top of this header.
struct AdapterSpec {
  std::string type;  // the integration type, e.g. "slack"
  // A human name, e.g. "Slack", shown by `list-available` and `describe`.
  std::string displayName;
  // What the adapter covers, shown by `list-available` and `describe`.
  std::string description;
  // The service's API reference (https).
  std::string documentationUrl;
  // The service's API hosts; the first is the default.
  std::vector<ApiHost> hosts;
  // The values a connection's connectionConfig supplies.
  std::vector<ConfigField> configFields;
  // How the access token is sent.
  TokenPresentation token;
  // Headers sent with every request; values may hold {field} placeholders
  // filled from connectionConfig.
  std::vector<Header> defaultHeaders;
  RateLimitSignals rateLimit;  // Retry-After is always honoured
  // The actions, in declaration order.
  std::vector<ActionSpec> actions;

  std::string version;                  // the adapter's own version, e.g. "1.0.0"
  std::vector<std::string> references;  // the reference pages it was checked against
  // Where error answers keep their code and text, tried in order.
  std::vector<ErrorRule> errorRules;
  std::string checkHook;  // named C++ that reads error answers before the rules
  // Headers whose values are secrets besides the token's (a signing key, a
  // second credential): redacted wherever headers are printed or stored.
  std::vector<std::string> secretHeaders;

  // The action of that name, or null.
  [[nodiscard]] const ActionSpec* findAction(std::string_view name) const;
  [[nodiscard]] const ApiHost* findHost(std::string_view name) const;  // "" = default
  // Whether a header's value must never be shown: the token's header, a
  // declared secret header, or a credential-looking name (isCredentialHeader).
  [[nodiscard]] bool isSecretHeader(std::string_view name) const;
  // The values a request to `host` ("" = the default host) carries in the
  // places of secret parameters: each path segment where an action's path
  // (or pathWhen) template has a secret parameter, each query value sent
  // under a secret parameter's name; as sent and percent-decoded. Works on
  // raw requests too: the path is matched against the templates.
  [[nodiscard]] std::vector<std::string> secretValues(std::string_view host, std::string_view path,
                                                      const QueryParams& query) const;
  // The values `args` gives the action's secret parameters (none for an
  // unknown action).
  [[nodiscard]] std::vector<std::string> secretArguments(std::string_view action,
                                                         const nlohmann::json& args) const;
};

// What listing an adapter shows (`list-available`): a small part of its spec.
// A declared adapter's library carries it in its own section (see
// manifest.hpp), so listing reads it without parsing the declaration.
struct AdapterSummary {
  // The integration type, e.g. "slack".
  std::string type;
  // A human name, e.g. "Slack".
  std::string displayName;
  // What the adapter covers.
  std::string description;
  std::string version;  // the adapter's own version, as in the manifest
  // The values a connection's connectionConfig supplies.
  std::vector<ConfigField> configFields;

  // Every member equal.
  bool operator==(const AdapterSummary&) const = default;
};

// The summary of `spec`: type, names, description, version, config fields.
AdapterSummary summarize(const AdapterSpec& spec);

// The declaration's name of a type: "string", "integer", ...
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
