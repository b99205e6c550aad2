// What the Google Calendar declaration (googlecalendar.json) cannot say as
// data: the event's start/end and attendees shapes.
#include "google_family.hpp"

#include <b44/errors.hpp>
#include <b44/plugin/declared_adapter.hpp>

#include <regex>
#include <string>
#include <string_view>

namespace {

namespace family = b44::google_family;
using b44::plugin::Args;
using b44::plugin::ServiceRequest;
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

// insert_event (start and end required) and update_event (each optional).
void buildInsertEvent(const Args& args, ServiceRequest& request) {
  json event = family::jsonBody(request);
  if (args.has("start")) event["start"] = eventTime(args, "start");
  if (args.has("end")) event["end"] = eventTime(args, "end");
  if (args.has("attendees")) event["attendees"] = attendees(args);
  request.setJsonBody(event);
}

}  // namespace

B44_ADAPTER_HOOKS(hooks) {
  hooks.build("insert_event", buildInsertEvent);
  hooks.build("patch_event", buildInsertEvent);
}
