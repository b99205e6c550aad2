#pragma once
// The hooks the Google API adapters share (gmail, google_analytics,
// googlebigquery, googlecalendar, google_classroom, googledocs, googledrive,
// google_search_console, googlesheets, googleslides), linked into each as the
// static library b44_family_google. Their shared declaration part is
// google.json beside this file. google_errors and batch_update_requests are
// registered once, by B44_SHARED_HOOKS(google, ...) in google_family.cpp, for
// every declaration with "sharedHooks": "google"; the rest here are pieces
// the adapters' own hooks (B44_ADAPTER_HOOKS) call.
#include <b44/plugin/adapter.hpp>
#include <b44/plugin/args.hpp>

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace b44::google_family {

// --- Google's error shape (check hook "google_errors") -----------------------

// A non-2xx answer becomes a ServiceError with code errors[0].reason, else an
// ErrorInfo reason from details[], else the canonical status name, else the
// numeric code; detail: error.message.
void checkErrors(const plugin::AdapterSpec& spec, std::string_view action,
                 const plugin::ServiceResponse& response, const nlohmann::json& body);

// --- Arguments ----------------------------------------------------------------

// Throws InvalidArgumentError naming "args.<name>":
// "<operation>: '<name>' <why>" (the words the adapters always used).
[[noreturn]] void rejectArgument(const plugin::Args& args, std::string_view name,
                                 const std::string& why);

// An array argument sent as a repeated query parameter (labelIds=A&labelIds=B,
// "format": "repeated"): its items must be strings and, with `choices`, one
// of them.
void checkRepeated(const plugin::Args& args, std::string_view name,
                   std::initializer_list<std::string_view> choices = {});

// An optional ID in the path whose absence means a fixed segment ("me",
// "primary"): the declared path holds `fallback`, which a given argument
// replaces (one percent-encoded segment).
void optionalSegment(const plugin::Args& args, plugin::ServiceRequest& request,
                     std::string_view name, std::string_view fallback);

// The request's JSON body, to change in a build hook and set back with
// ServiceRequest::setJsonBody (keys are kept sorted, as always sent).
nlohmann::json jsonBody(const plugin::ServiceRequest& request);

// --- The Workspace editors' batchUpdate (Docs, Slides: build hook
// "batch_update_requests") ----------------------------------------------------

// The declared `requests` must hold at least one request.
void checkBatchUpdate(const plugin::Args& args, plugin::ServiceRequest& request);

// --- Offset pagination (row offsets, e.g. Analytics' offset, Search Console's
// startRow) ------------------------------------------------------------------
// These answers carry no cursor, so the adapter computes the next row offset
// and adds it to the result as "nextOffset"; absent on the last page.
inline constexpr const char* kNextOffsetField = "nextOffset";
// An offset argument: a non-negative integer, or its decimal text (the form a
// pager hands a cursor back in). Absent: nullopt.
std::optional<std::int64_t> optionalOffset(const plugin::Args& args, std::string_view name);
// Sets result["nextOffset"] = next when more rows remain.
void setNextOffset(nlohmann::json& result, std::optional<std::int64_t> next);

// --- Small encoders used by the media hooks (Gmail's raw message, Drive's
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
