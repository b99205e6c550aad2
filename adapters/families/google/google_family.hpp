#pragma once
// What the Google API adapters share (gmail, google_analytics, googlebigquery,
// googlecalendar, google_classroom, googledocs, googledrive,
// google_search_console, googlesheets, googleslides), written once and linked
// into each as the static library b44_family_google.
//
// Checked against Google's own documentation:
//   https://developers.google.com/identity/protocols/oauth2
//       every Google API takes the OAuth 2.0 access token as
//       "Authorization: Bearer <token>".
//   https://cloud.google.com/apis/design/errors
//       errors are JSON {error: {code, message, status, details[]}}; status is
//       the canonical code name (NOT_FOUND, RESOURCE_EXHAUSTED, ...), and a
//       details[] entry of type google.rpc.ErrorInfo carries a machine-readable
//       "reason". Older (Discovery-era) APIs such as Gmail, Drive, Calendar,
//       BigQuery and Search Console also send errors[{domain, reason, message}].
//   https://cloud.google.com/apis/design/design_patterns#list_pagination
//       list methods take page_size / page_token and answer next_page_token
//       (pageSize, pageToken, nextPageToken in JSON); an absent or empty token
//       ends the list.
//   https://developers.google.com/workspace/drive/api/guides/limits,
//   https://developers.google.com/workspace/gmail/api/guides/handle-errors,
//   https://cloud.google.com/bigquery/docs/error-messages
//       rate limits arrive as 429 and, for these older APIs, also as 403 with
//       reason rateLimitExceeded / userRateLimitExceeded; Google sends no
//       remaining/reset headers (truncated exponential backoff is asked for).
#include <b44/plugin/args.hpp>
#include <b44/plugin/basic_adapter.hpp>
#include <b44/plugin/spec.hpp>

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace b44::google_family {

// Which statuses mean "slow down" for an API.
enum class QuotaSignals {
  Status429,        // RESOURCE_EXHAUSTED only (the newer APIs)
  Status429And403,  // also 403 rateLimitExceeded / userRateLimitExceeded
};

// A googleapis host: its base URL, allowed only on the URL's own host name,
// and how raw requests to it page by default (ApiHost::pagination; absent on
// hosts without list methods).
plugin::ApiHost apiHost(std::string name, std::string baseUrl,
                        std::optional<plugin::Pagination> pagination = std::nullopt);

// The parts every Google adapter's spec shares: Bearer token, the given
// hosts (first = default) and the rate-limit statuses.
plugin::AdapterSpec googleSpec(std::string type, std::string displayName, std::string description,
                               std::string documentationUrl, std::vector<plugin::ApiHost> hosts,
                               QuotaSignals quota);

// --- Arguments ----------------------------------------------------------------

// Throws InvalidArgumentError naming "args.<name>": "<operation>: '<name>' <why>".
[[noreturn]] void rejectArgument(const plugin::Args& args, std::string_view name,
                                 const std::string& why);

// An array argument of strings sent as a repeated query parameter
// (labelIds=A&labelIds=B), as Google's REST mapping of repeated fields wants;
// with `choices`, each value must be one of them.
void repeatedQuery(const plugin::Args& args, plugin::ServiceRequest& request, std::string_view name,
                   std::string_view queryName,
                   std::initializer_list<std::string_view> choices = {});

// --- pageToken / nextPageToken ----------------------------------------------

// The cursor argument of every pageToken-paginated action.
inline constexpr const char* kPageTokenArgument = "page_token";

// nextPageToken in the body -> the page_token argument; items at itemsPointer.
plugin::Pagination pageTokenPagination(std::string itemsPointer);
// Same, for answers whose next token is named differently (BigQuery's
// getQueryResults answers "pageToken").
plugin::Pagination pageTokenPagination(std::string cursorPointer, std::string itemsPointer);
// For raw requests (ApiHost::pagination): nextPageToken in the body -> the
// pageToken query parameter; items at itemsPointer.
plugin::Pagination rawPageTokenPagination(std::string itemsPointer);
// The page_token parameter's declaration.
plugin::Parameter pageTokenParameter();
// A page-size parameter ("page_size" or "max_results") with its limits.
plugin::Parameter pageSizeParameter(std::string name, std::string limits);
// page_size -> pageSize and page_token -> pageToken, when given (APIs that
// name the size maxResults map it themselves, where their order wants it).
void pageQuery(const plugin::Args& args, plugin::ServiceRequest& request);

// --- Offset pagination (row offsets, e.g. Analytics' offset, Search Console's
// startRow) ------------------------------------------------------------------
// These answers carry no cursor, so the adapter computes the next row offset
// and adds it to the result as "nextOffset"; absent on the last page.
inline constexpr const char* kNextOffsetField = "nextOffset";
plugin::Pagination offsetPagination(std::string cursorArgument, std::string itemsPointer);
// An offset argument: a non-negative integer, or its decimal text (the form a
// pager hands a cursor back in). Absent: nullopt.
std::optional<std::int64_t> optionalOffset(const plugin::Args& args, std::string_view name);
// Declares an offset cursor parameter (type any: integer or decimal string).
plugin::Parameter offsetParameter(std::string name, std::string description);
// Sets result["nextOffset"] = next when more rows remain.
void setNextOffset(nlohmann::json& result, std::optional<std::int64_t> next);

// --- The Workspace editors' batchUpdate (Docs, Slides) -------------------------

// The batch_update action: `idParameter` names the document or presentation,
// `requests` (a non-empty array of the API's Request objects), and
// required_revision_id, or with `targetRevision` (Docs) target_revision_id.
plugin::ActionSpec batchUpdateAction(std::string method, plugin::Parameter idParameter,
                                     std::string requestKinds, bool targetRevision,
                                     nlohmann::json example);
// POST <resourcePath>:batchUpdate with {requests, writeControl}.
plugin::ServiceRequest batchUpdateRequest(const plugin::Args& args, std::string resourcePath);

// --- Google's error shape -----------------------------------------------------

// code: errors[0].reason, else an ErrorInfo reason from details[], else the
// canonical status name, else the numeric code; detail: error.message.
plugin::ErrorFields errorFields(const nlohmann::json& body);

// BasicAdapter with Google's error shape.
class GoogleAdapter : public plugin::BasicAdapter {
 public:
  using BasicAdapter::BasicAdapter;

 protected:
  void checkResponse(std::string_view action, const plugin::ServiceResponse& response,
                     const nlohmann::json& body) const override;
};

// --- Small encoders used by the media helpers (Gmail's raw message, Drive's
// uploads) -----------------------------------------------------------------

// RFC 4648 base64 (section 4) or base64url (section 5), with padding.
std::string base64Encode(std::string_view bytes, bool urlSafe = false);
// Either alphabet, padding optional; anything else is an InvalidArgumentError
// naming `field`.
std::string base64Decode(std::string_view text, const std::string& field);
// A MIME multipart boundary ("b44-<kind>-<n>") that occurs in none of `parts`,
// so the same input always gives the same body.
std::string mimeBoundary(std::string_view kind, std::initializer_list<std::string_view> parts);

}  // namespace b44::google_family
