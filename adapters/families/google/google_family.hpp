#pragma once
// The hooks the Google API adapters share (gmail, google_analytics,
// googlebigquery, googlecalendar, google_classroom, googledocs, googledrive,
// google_search_console, googlesheets, googleslides), linked into each as the
// static library b44_family_google. Their shared declaration part is
// google.json beside this file. google_errors is registered once, by
// B44_SHARED_HOOKS(google, ...) in google_family.cpp, for every declaration
// with "sharedHooks": "google"; the rest here are pieces the adapters' own
// hooks (B44_ADAPTER_HOOKS) call.
#include <b44/plugin/adapter.hpp>
#include <b44/plugin/args.hpp>

#include <initializer_list>
#include <nlohmann/json.hpp>
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

// The request's JSON body, to change in a build hook and set back with
// ServiceRequest::setJsonBody (keys are kept sorted, as always sent).
nlohmann::json jsonBody(const plugin::ServiceRequest& request);

// --- Small encoders used by the media hooks (Gmail's raw message, Drive's
// uploads) -----------------------------------------------------------------

// A MIME multipart boundary ("b44-<kind>-<n>") that occurs in none of `parts`,
// so the same input always gives the same body.
std::string mimeBoundary(std::string_view kind, std::initializer_list<std::string_view> parts);

}  // namespace b44::google_family
