#pragma once
// Typed helpers for the "googlecalendar" adapter. Header-only: each helper
// builds the action's JSON arguments, calls ServiceClient::invoke (or pages)
// and converts the JSON result; the host never links the adapter.
//
//   b44::googlecalendar::Calendar calendar(registry.service("googlecalendar", client));
//   b44::googlecalendar::ListEventsRequest request;
//   request.timeMin = "2024-05-01T00:00:00Z";
//   for (auto& event : calendar.listEvents(request).all()) ...
//
// Every result keeps Google's JSON resource in `raw`.
#include <b44/errors.hpp>
#include <b44/service_client.hpp>
#include <b44/typed.hpp>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace b44::googlecalendar {

// --- Requests -----------------------------------------------------------------

struct ListEventsRequest {
  std::string calendarId = "primary";
  std::optional<std::string> timeMin;  // RFC 3339 with offset
  std::optional<std::string> timeMax;
  std::optional<std::string> q;
  std::optional<bool> singleEvents;
  std::optional<std::string> orderBy;  // "startTime" (with singleEvents) or "updated"
  std::optional<int> maxResults;       // per page
  std::optional<bool> showDeleted;
  std::optional<std::string> timeZone;
  std::optional<std::string> pageToken;  // resume a saved walk
};

struct InsertEventRequest {
  std::string calendarId = "primary";
  std::string summary;
  std::string start;                    // "2024-05-01" (all-day) or RFC 3339 date-time with offset
  std::string end;                      // exclusive
  std::optional<std::string> timeZone;  // IANA name, applied to date-times
  std::optional<std::string> description;
  std::optional<std::string> location;
  std::vector<std::string> attendees;      // e-mail addresses
  std::optional<std::string> sendUpdates;  // "all", "externalOnly", "none"
};

struct ListCalendarsRequest {
  std::optional<int> maxResults;
  std::optional<std::string> minAccessRole;
  std::optional<bool> showHidden;
  std::optional<bool> showDeleted;
  std::optional<std::string> pageToken;
};

// --- Results ------------------------------------------------------------------

struct EventTime {
  std::string date;      // all-day events
  std::string dateTime;  // timed events
  std::string timeZone;
  [[nodiscard]] bool allDay() const { return !date.empty(); }
};

struct Attendee {
  std::string email;
  std::string displayName;
  std::string responseStatus;  // needsAction, declined, tentative, accepted
  bool optional = false;
  bool organizer = false;
  bool self = false;
};

struct Event {
  std::string id;
  std::string status;  // confirmed, tentative, cancelled
  std::string htmlLink;
  std::string summary;
  std::string description;
  std::string location;
  std::string created;
  std::string updated;
  std::string organizerEmail;
  EventTime start;
  EventTime end;
  std::vector<Attendee> attendees;
  std::string recurringEventId;
  nlohmann::json raw;
};

struct CalendarListEntry {
  std::string id;
  std::string summary;
  std::string description;
  std::string timeZone;
  std::string accessRole;  // freeBusyReader, reader, writer, owner
  std::string backgroundColor;
  bool primary = false;
  bool selected = false;
  nlohmann::json raw;
};

// --- JSON conversion ----------------------------------------------------------

inline nlohmann::json toJson(const ListEventsRequest& request) {
  nlohmann::json args = {{"calendar_id", request.calendarId}};
  if (request.timeMin) args["time_min"] = *request.timeMin;
  if (request.timeMax) args["time_max"] = *request.timeMax;
  if (request.q) args["q"] = *request.q;
  if (request.singleEvents) args["single_events"] = *request.singleEvents;
  if (request.orderBy) args["order_by"] = *request.orderBy;
  if (request.maxResults) args["max_results"] = *request.maxResults;
  if (request.showDeleted) args["show_deleted"] = *request.showDeleted;
  if (request.timeZone) args["time_zone"] = *request.timeZone;
  return args;
}

inline nlohmann::json toJson(const InsertEventRequest& request) {
  nlohmann::json args = {{"calendar_id", request.calendarId},
                         {"summary", request.summary},
                         {"start", request.start},
                         {"end", request.end}};
  if (request.timeZone) args["time_zone"] = *request.timeZone;
  if (request.description) args["description"] = *request.description;
  if (request.location) args["location"] = *request.location;
  if (!request.attendees.empty()) args["attendees"] = request.attendees;
  if (request.sendUpdates) args["send_updates"] = *request.sendUpdates;
  return args;
}

inline nlohmann::json toJson(const ListCalendarsRequest& request) {
  nlohmann::json args = nlohmann::json::object();
  if (request.maxResults) args["max_results"] = *request.maxResults;
  if (request.minAccessRole) args["min_access_role"] = *request.minAccessRole;
  if (request.showHidden) args["show_hidden"] = *request.showHidden;
  if (request.showDeleted) args["show_deleted"] = *request.showDeleted;
  return args;
}

inline EventTime eventTimeFromJson(const nlohmann::json& json) {
  return EventTime{.date = typed::stringField(json, "date"),
                   .dateTime = typed::stringField(json, "dateTime"),
                   .timeZone = typed::stringField(json, "timeZone")};
}

inline Event eventFromJson(const nlohmann::json& json) {
  Event event;
  event.id = typed::stringField(json, "id");
  event.status = typed::stringField(json, "status");
  event.htmlLink = typed::stringField(json, "htmlLink");
  event.summary = typed::stringField(json, "summary");
  event.description = typed::stringField(json, "description");
  event.location = typed::stringField(json, "location");
  event.created = typed::stringField(json, "created");
  event.updated = typed::stringField(json, "updated");
  event.organizerEmail = typed::stringField(typed::objectField(json, "organizer"), "email");
  event.start = eventTimeFromJson(typed::objectField(json, "start"));
  event.end = eventTimeFromJson(typed::objectField(json, "end"));
  event.recurringEventId = typed::stringField(json, "recurringEventId");
  if (json.is_object() && json.contains("attendees") && json["attendees"].is_array()) {
    for (const auto& attendee : json["attendees"]) {
      event.attendees.push_back(
          Attendee{.email = typed::stringField(attendee, "email"),
                   .displayName = typed::stringField(attendee, "displayName"),
                   .responseStatus = typed::stringField(attendee, "responseStatus"),
                   .optional = typed::boolField(attendee, "optional"),
                   .organizer = typed::boolField(attendee, "organizer"),
                   .self = typed::boolField(attendee, "self")});
    }
  }
  event.raw = json;
  return event;
}

inline CalendarListEntry calendarListEntryFromJson(const nlohmann::json& json) {
  CalendarListEntry entry;
  entry.id = typed::stringField(json, "id");
  entry.summary = typed::stringField(json, "summary");
  entry.description = typed::stringField(json, "description");
  entry.timeZone = typed::stringField(json, "timeZone");
  entry.accessRole = typed::stringField(json, "accessRole");
  entry.backgroundColor = typed::stringField(json, "backgroundColor");
  entry.primary = typed::boolField(json, "primary");
  entry.selected = typed::boolField(json, "selected");
  entry.raw = json;
  return entry;
}

// --- The client ---------------------------------------------------------------

class Calendar {
 public:
  // `client` comes from registry.service("googlecalendar", client[, options]).
  explicit Calendar(ServiceClient client) : client_(std::move(client)) {}

  // Pages through events.list; request.pageToken resumes a saved walk.
  ItemPager<Event> listEvents(ListEventsRequest request = {}) const {
    return ItemPager<Event>(client_.pages("list_events", toJson(request), request.pageToken),
                            &eventFromJson);
  }

  Event insertEvent(const InsertEventRequest& request) const {
    return eventFromJson(client_.invoke("insert_event", toJson(request)));
  }

  ItemPager<CalendarListEntry> listCalendars(ListCalendarsRequest request = {}) const {
    return ItemPager<CalendarListEntry>(
        client_.pages("list_calendars", toJson(request), request.pageToken),
        &calendarListEntryFromJson);
  }

  [[nodiscard]] const ServiceClient& client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace b44::googlecalendar
