// The Google Calendar adapter (integration type "googlecalendar").
//
// Checked against Google's official Calendar API v3 reference:
//   https://developers.google.com/calendar/api/v3/reference/events/list
//       GET https://www.googleapis.com/calendar/v3/calendars/{calendarId}/events;
//       calendarId may be "primary"; optional maxResults (default 250, at most
//       2500), orderBy ("startTime" needs singleEvents=true, or "updated"),
//       pageToken, q, singleEvents, timeMin/timeMax (RFC 3339 with a
//       mandatory offset); answers {kind: "calendar#events", items,
//       nextPageToken (absent on the last page), nextSyncToken, ...}.
//   https://developers.google.com/calendar/api/v3/reference/events/insert
//       POST .../calendars/{calendarId}/events with an Events resource as the
//       JSON body; start and end are required, each {date: "yyyy-mm-dd"} for
//       all-day events or {dateTime: RFC 3339, timeZone}; attendees[] holds
//       {email, ...}; optional query sendUpdates (all, externalOnly, none).
//   https://developers.google.com/calendar/api/v3/reference/calendarList/list
//       GET https://www.googleapis.com/calendar/v3/users/me/calendarList;
//       maxResults (default 100, at most 250), minAccessRole, pageToken,
//       showDeleted, showHidden; answers {kind: "calendar#calendarList",
//       items, nextPageToken}.
//   https://developers.google.com/calendar/api/guides/auth
//       OAuth 2.0 access token as "Authorization: Bearer".
//   https://developers.google.com/workspace/calendar/api/guides/errors
//       errors are JSON {error: {code, message, errors[{reason}]}} with a
//       4xx/5xx status; 403 rateLimitExceeded / usageLimits and 429 mean
//       "slow down".
// The Bearer token, hosts, rate-limit statuses, pageToken pagination and
// Google's error shape come from the Google family library (google_family.hpp).
#include "google_family.hpp"

#include <b44/errors.hpp>
#include <b44/plugin/export.hpp>
#include <b44/plugin/url.hpp>

#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>

namespace {

using b44::plugin::ActionSpec;
using b44::plugin::AdapterSpec;
using b44::plugin::Args;
using b44::plugin::ServiceRequest;
using Type = b44::plugin::Parameter::Type;
using nlohmann::json;

bool isDate(const std::string& value) {
  static const std::regex date(R"(^\d{4}-\d{2}-\d{2}$)");
  return std::regex_match(value, date);
}

bool isDateTime(const std::string& value) {
  // RFC 3339: a full date, 'T', a time with optional fraction, and an offset.
  static const std::regex dateTime(
      R"(^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$)");
  return std::regex_match(value, dateTime);
}

// "2024-05-01" -> {date}, "2024-05-01T10:00:00+02:00" -> {dateTime[, timeZone]}.
json eventTime(const Args& args, std::string_view name) {
  std::string value = args.string(name);
  if (isDate(value)) return {{"date", value}};
  if (!isDateTime(value)) {
    throw b44::InvalidArgumentError(
        "args." + std::string(name),
        args.operation() + ": '" + std::string(name) +
            "' must be a date (2024-05-01) or an RFC 3339 date-time with an offset "
            "(2024-05-01T10:00:00Z)");
  }
  json time = {{"dateTime", value}};
  if (auto zone = args.optionalString("time_zone")) time["timeZone"] = *zone;
  return time;
}

void checkTimeBound(const Args& args, std::string_view name) {
  auto value = args.optionalString(name);
  if (value && !isDateTime(*value)) {
    throw b44::InvalidArgumentError("args." + std::string(name),
                                    args.operation() + ": '" + std::string(name) +
                                        "' must be an RFC 3339 date-time with an offset, "
                                        "e.g. 2024-05-01T00:00:00Z");
  }
}

// Attendees as plain e-mail addresses or as attendee objects.
json attendees(const Args& args) {
  json list = json::array();
  for (const auto& attendee : args.value("attendees")) {
    if (attendee.is_string()) {
      list.push_back({{"email", attendee}});
    } else if (attendee.is_object() && attendee.contains("email")) {
      list.push_back(attendee);
    } else {
      throw b44::InvalidArgumentError(
          "args.attendees",
          args.operation() + ": each attendee must be an e-mail address or an object with 'email'");
    }
  }
  return list;
}

std::string calendarPath(const Args& args) {
  std::string id = args.optionalString("calendar_id").value_or("primary");
  return "/calendars/" + b44::plugin::pathSegment(id, "calendar_id") + "/events";
}

ServiceRequest buildListEvents(const Args& args) {
  checkTimeBound(args, "time_min");
  checkTimeBound(args, "time_max");
  ServiceRequest request;
  request.path = calendarPath(args);
  args.toQuery(request, "time_min", "timeMin");
  args.toQuery(request, "time_max", "timeMax");
  args.toQuery(request, "q", "q");
  args.toQuery(request, "single_events", "singleEvents");
  args.toQuery(request, "order_by", "orderBy");
  args.toQuery(request, "max_results", "maxResults");
  args.toQuery(request, "show_deleted", "showDeleted");
  args.toQuery(request, "time_zone", "timeZone");
  b44::google_family::pageQuery(args, request);
  return request;
}

ServiceRequest buildInsertEvent(const Args& args) {
  json event = {{"summary", args.string("summary")},
                {"start", eventTime(args, "start")},
                {"end", eventTime(args, "end")}};
  if (auto description = args.optionalString("description")) event["description"] = *description;
  if (auto location = args.optionalString("location")) event["location"] = *location;
  if (args.has("attendees")) event["attendees"] = attendees(args);
  ServiceRequest request;
  request.method = "POST";
  request.path = calendarPath(args);
  args.toQuery(request, "send_updates", "sendUpdates");
  request.setJsonBody(event);
  return request;
}

ServiceRequest buildListCalendars(const Args& args) {
  ServiceRequest request;
  request.path = "/users/me/calendarList";
  args.toQuery(request, "max_results", "maxResults");
  args.toQuery(request, "min_access_role", "minAccessRole");
  args.toQuery(request, "show_hidden", "showHidden");
  args.toQuery(request, "show_deleted", "showDeleted");
  b44::google_family::pageQuery(args, request);
  return request;
}

AdapterSpec calendarSpec() {
  namespace family = b44::google_family;
  return family::googleSpec(
      "googlecalendar", "Google Calendar",
      "Google Calendar API v3: list and create events, list the user's calendars.",
      "https://developers.google.com/calendar/api/v3/reference",
      // Raw requests page as every Calendar list does (events, calendarList,
      // acl, settings all answer their items in "items"):
      // https://developers.google.com/workspace/calendar/api/guides/pagination
      {family::apiHost("default", "https://www.googleapis.com/calendar/v3",
                       family::rawPageTokenPagination("/items"))},
      family::QuotaSignals::Status429And403);
}

class CalendarAdapter final : public b44::google_family::GoogleAdapter {
 public:
  CalendarAdapter() : GoogleAdapter(calendarSpec()) {
    addAction(
        ActionSpec{
            .name = "list_events",
            .description = "Lists the events of a calendar (events.list), page by page.",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    {"calendar_id", Type::String, false,
                     "Calendar ID (from list_calendars); default \"primary\", the user's main "
                     "calendar."},
                    {"time_min", Type::String, false,
                     "Only events ending after this RFC 3339 date-time (with offset)."},
                    {"time_max", Type::String, false,
                     "Only events starting before this RFC 3339 date-time (with offset)."},
                    {"q", Type::String, false,
                     "Free-text search in summary, description, location and attendees."},
                    {"single_events", Type::Boolean, false,
                     "Expand recurring events into their instances."},
                    {"order_by", Type::String, false,
                     "\"startTime\" (needs single_events=true) or \"updated\"."},
                    {"max_results", Type::Integer, false,
                     "Events per page (Google's default 250, at most 2500)."},
                    {"show_deleted", Type::Boolean, false, "Include cancelled events."},
                    {"time_zone", Type::String, false,
                     "IANA time zone for the answer, e.g. Europe/Berlin."},
                    b44::google_family::pageTokenParameter(),
                },
            .example = {{"calendar_id", "primary"},
                        {"time_min", "2024-05-01T00:00:00Z"},
                        {"single_events", true},
                        {"order_by", "startTime"},
                        {"max_results", 2}},
            .pagination = b44::google_family::pageTokenPagination("/items"),
        },
        buildListEvents);
    addAction(
        ActionSpec{
            .name = "insert_event",
            .description = "Creates an event in a calendar (events.insert). Not retried once "
                           "it may have arrived.",
            .method = "POST",
            .retrySafe = false,
            .parameters =
                {
                    {"calendar_id", Type::String, false, "Calendar ID; default \"primary\"."},
                    {"summary", Type::String, true, "The event's title."},
                    {"start", Type::String, true,
                     "Start: a date (2024-05-01, all-day) or an RFC 3339 date-time with offset."},
                    {"end", Type::String, true, "End (exclusive), in the same form as start."},
                    {"time_zone", Type::String, false,
                     "IANA time zone applied to date-time start/end, e.g. Europe/Berlin."},
                    {"description", Type::String, false, "Description (may contain HTML)."},
                    {"location", Type::String, false, "Free-form location."},
                    {"attendees", Type::Array, false,
                     "Attendees: e-mail addresses, or objects {email, displayName, optional}."},
                    {"send_updates", Type::String, false,
                     "Who is notified: \"all\", \"externalOnly\" or \"none\"."},
                },
            .example = {{"summary", "Planning"},
                        {"start", "2024-05-02T10:00:00Z"},
                        {"end", "2024-05-02T11:00:00Z"},
                        {"location", "Room 1"},
                        {"attendees", {"ada@example.com"}}},
            .pagination = std::nullopt,
        },
        buildInsertEvent);
    addAction(
        ActionSpec{
            .name = "list_calendars",
            .description = "Lists the calendars on the user's calendar list (calendarList.list), "
                           "page by page.",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    {"max_results", Type::Integer, false,
                     "Entries per page (Google's default 100, at most 250)."},
                    {"min_access_role", Type::String, false,
                     "Only calendars with at least this role: freeBusyReader, reader, writer, "
                     "owner."},
                    {"show_hidden", Type::Boolean, false, "Include hidden calendars."},
                    {"show_deleted", Type::Boolean, false, "Include deleted entries."},
                    b44::google_family::pageTokenParameter(),
                },
            .example = {{"max_results", 2}},
            .pagination = b44::google_family::pageTokenPagination("/items"),
        },
        buildListCalendars);
  }
};

std::unique_ptr<b44::plugin::Adapter> makeCalendarAdapter(std::string_view /*type*/) {
  return std::make_unique<CalendarAdapter>();
}

}  // namespace

B44_PLUGIN("1.0.0", "googlecalendar", makeCalendarAdapter)
