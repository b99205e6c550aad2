// The googlecalendar adapter and its typed helpers against the emulator's
// Google Calendar sandbox.
#include "support.hpp"

#include <b44/adapters/googlecalendar.hpp>

namespace b44::adapter_tests {
namespace {

using nlohmann::json;

constexpr const char* kEventsUrl =
    "https://www.googleapis.com/calendar/v3/calendars/primary/events";
constexpr const char* kPage2Token = "CigKGjRxZ2E2dTJqOGQ1cWw2ZGthNjVnMnBqNm1nGAEggIDA";

class CalendarTest : public AdapterTest {
 protected:
  [[nodiscard]] googlecalendar::Calendar calendar(ServiceOptions options = {},
                                                  bool withUserToken = false) const {
    return googlecalendar::Calendar(service("googlecalendar", std::move(options), withUserToken));
  }
};

TEST_F(CalendarTest, ListEventsWalksEveryPageAndStops) {
  googlecalendar::ListEventsRequest request;
  request.timeMin = "2024-05-01T00:00:00Z";
  request.timeMax = "2024-06-01T00:00:00+02:00";
  request.singleEvents = true;
  request.orderBy = "startTime";
  request.maxResults = 2;
  const auto events = calendar().listEvents(request).all();

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  const std::string first = std::string(kEventsUrl) +
                            "?timeMin=2024-05-01T00%3A00%3A00Z"
                            "&timeMax=2024-06-01T00%3A00%3A00%2B02%3A00"
                            "&singleEvents=true&orderBy=startTime&maxResults=2";
  EXPECT_EQ(sent[0].method, "GET");
  EXPECT_EQ(sent[0].url, first);
  EXPECT_EQ(sent[1].url, first + "&pageToken=" + kPage2Token);
  for (const auto& r : sent) {
    EXPECT_EQ(header(r, "authorization"), std::string("Bearer ") + kCalendarToken);
  }

  ASSERT_EQ(events.size(), 3u);
  const auto& standup = events[0];
  EXPECT_EQ(standup.id, "4qga6u2j8d5ql6dka65g2pj6mg");
  EXPECT_EQ(standup.summary, "Team standup");
  EXPECT_EQ(standup.status, "confirmed");
  EXPECT_EQ(standup.start.dateTime, "2024-05-02T09:00:00+01:00");
  EXPECT_EQ(standup.start.timeZone, "Europe/London");
  EXPECT_TRUE(standup.start.date.empty());  // not all-day
  EXPECT_EQ(standup.organizerEmail, "ada@example.com");
  EXPECT_EQ(standup.recurringEventId, "4qga6u2j8d5ql6dka65g2pj6mg_R20240101");
  ASSERT_EQ(standup.attendees.size(), 3u);
  EXPECT_TRUE(standup.attendees[0].organizer);
  EXPECT_EQ(standup.attendees[1].displayName, "Grace Hopper");
  EXPECT_EQ(standup.attendees[1].responseStatus, "tentative");
  EXPECT_TRUE(standup.attendees[2].optional);
  EXPECT_EQ(events[1].summary, "Lunch with Grace");
  EXPECT_FALSE(events[2].start.date.empty());  // all-day
  EXPECT_EQ(events[2].start.date, "2024-05-03");
}

TEST_F(CalendarTest, ListEventsResumesFromASavedPageToken) {
  auto pager = calendar().listEvents();
  EXPECT_EQ(pager.nextPage().size(), 2u);
  ASSERT_TRUE(pager.cursor().has_value());
  const std::string saved = *pager.cursor();

  clearRequests();
  googlecalendar::ListEventsRequest resume;
  resume.pageToken = saved;
  auto resumed = calendar().listEvents(resume);
  const auto page = resumed.nextPage();
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].summary, "Quarterly review");
  EXPECT_FALSE(resumed.hasNext());
  EXPECT_EQ(onlyRequest().url, std::string(kEventsUrl) + "?pageToken=" + kPage2Token);
}

TEST_F(CalendarTest, CalendarIdIsEncodedAsOnePathSegment) {
  googlecalendar::ListEventsRequest request;
  request.calendarId = "en.uk#holiday@group.v.calendar.google.com";
  request.q = "bank holiday";
  (void)calendar().listEvents(request).nextPage();
  EXPECT_EQ(onlyRequest().url,
            "https://www.googleapis.com/calendar/v3/calendars/"
            "en.uk%23holiday%40group.v.calendar.google.com/events?q=bank%20holiday");
}

TEST_F(CalendarTest, CalendarIdCannotClimbThePath) {
  const auto service = this->service("googlecalendar");
  expectInvalidArgument(*emulator_, "args.calendar_id", [&] {
    (void)service.invoke("list_events", {{"calendar_id", ".."}});
  });
}

TEST_F(CalendarTest, TimeBoundsMustBeRfc3339) {
  googlecalendar::ListEventsRequest request;
  request.timeMin = "2024-05-01";  // a date, no time and no offset
  expectInvalidArgument(*emulator_, "args.time_min",
                        [&] { (void)calendar().listEvents(request).nextPage(); });
}

TEST_F(CalendarTest, InsertTimedEvent) {
  googlecalendar::InsertEventRequest request;
  request.summary = "Planning";
  request.start = "2024-05-02T10:00:00+02:00";
  request.end = "2024-05-02T11:00:00+02:00";
  request.timeZone = "Europe/Berlin";
  request.description = "Q3 goals";
  request.location = "Room 1";
  request.attendees = json::array({"grace@example.com", "alan@example.com"});
  request.sendUpdates = "all";
  const auto event = calendar().insertEvent(request);

  const auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, std::string(kEventsUrl) + "?sendUpdates=all");
  EXPECT_EQ(header(sent, "authorization"), std::string("Bearer ") + kCalendarToken);
  EXPECT_EQ(header(sent, "content-type"), "application/json");
  EXPECT_EQ(
      jsonBody(sent),
      json({{"summary", "Planning"},
            {"description", "Q3 goals"},
            {"location", "Room 1"},
            {"start", {{"dateTime", "2024-05-02T10:00:00+02:00"}, {"timeZone", "Europe/Berlin"}}},
            {"end", {{"dateTime", "2024-05-02T11:00:00+02:00"}, {"timeZone", "Europe/Berlin"}}},
            {"attendees", {{{"email", "grace@example.com"}}, {{"email", "alan@example.com"}}}}}));

  EXPECT_EQ(event.id, "7cbh8rpc10lrc0ckih9tafss99");
  EXPECT_EQ(event.summary, "Planning");
  EXPECT_EQ(event.description, "Q3 goals");
  EXPECT_EQ(event.start.dateTime, "2024-05-02T10:00:00+02:00");
  EXPECT_EQ(event.end.timeZone, "Europe/Berlin");
  ASSERT_EQ(event.attendees.size(), 2u);
  EXPECT_EQ(event.attendees[1].email, "alan@example.com");
  EXPECT_EQ(event.organizerEmail, "primary");  // the sandbox echoes the calendar ID
}

TEST_F(CalendarTest, InsertAllDayEvent) {
  googlecalendar::InsertEventRequest request;
  request.calendarId = "c_8f2k1m3n4o5p6q7r@group.calendar.google.com";
  request.summary = "Launch day";
  request.start = "2024-05-03";
  request.end = "2024-05-04";
  const auto event = calendar().insertEvent(request);

  const auto sent = onlyRequest();
  EXPECT_EQ(sent.url,
            "https://www.googleapis.com/calendar/v3/calendars/"
            "c_8f2k1m3n4o5p6q7r%40group.calendar.google.com/events");
  EXPECT_EQ(jsonBody(sent), json({{"summary", "Launch day"},
                                  {"start", {{"date", "2024-05-03"}}},
                                  {"end", {{"date", "2024-05-04"}}}}));
  EXPECT_FALSE(event.start.date.empty());  // all-day
  EXPECT_EQ(event.end.date, "2024-05-04");
}

TEST_F(CalendarTest, InsertEventChecksItsInput) {
  const auto service = this->service("googlecalendar");
  expectInvalidArgument(*emulator_, "args.summary", [&] {
    (void)service.invoke("insert_event", {{"start", "2024-05-03"}, {"end", "2024-05-04"}});
  });
  expectInvalidArgument(*emulator_, "args.start", [&] {
    (void)service.invoke("insert_event",
                         {{"summary", "x"}, {"start", "tomorrow"}, {"end", "2024-05-04"}});
  });
  expectInvalidArgument(*emulator_, "args.attendees", [&] {
    (void)service.invoke(
        "insert_event",
        {{"summary", "x"}, {"start", "2024-05-03"}, {"end", "2024-05-04"}, {"attendees", {42}}});
  });
}

TEST_F(CalendarTest, UpdateEventSendsOnlyWhatChanges) {
  googlecalendar::UpdateEventRequest request;
  request.eventId = "4qga6u2j8d5ql6dka65g2pj6mg";
  request.summary = "Standup";
  request.attendees = json::array({"grace@example.com"});
  request.sendUpdates = "none";
  const auto event = calendar().updateEvent(request);

  const auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "PATCH");
  EXPECT_EQ(sent.url, std::string(kEventsUrl) + "/4qga6u2j8d5ql6dka65g2pj6mg?sendUpdates=none");
  EXPECT_EQ(jsonBody(sent),
            json({{"summary", "Standup"}, {"attendees", {{{"email", "grace@example.com"}}}}}));
  EXPECT_EQ(event.summary, "Standup");

  clearRequests();
  const auto service = this->service("googlecalendar");
  expectInvalidArgument(*emulator_, "args.summary", [&] {
    (void)service.invoke("update_event", {{"event_id", "4qga6u2j8d5ql6dka65g2pj6mg"}});
  });
  expectInvalidArgument(*emulator_, "args.end", [&] {
    (void)service.invoke("update_event",
                         {{"event_id", "4qga6u2j8d5ql6dka65g2pj6mg"}, {"end", "next week"}});
  });
}

TEST_F(CalendarTest, InstancesAclAndFreeBusy) {
  const auto instances = calendar().listEventInstances("8k2m4n6p8r0t2v4x6z8b0d2f4h").all();
  ASSERT_EQ(instances.size(), 3u);
  EXPECT_EQ(instances[2].recurringEventId, "8k2m4n6p8r0t2v4x6z8b0d2f4h");

  const auto rules = calendar().listAcl({}).all();
  ASSERT_EQ(rules.size(), 3u);
  EXPECT_EQ(rules[1].scopeValue, "grace@example.com");
  EXPECT_EQ(rules[2].scopeType, "default");

  clearRequests();
  googlecalendar::QueryFreeBusyRequest busy;
  busy.timeMin = "2024-05-02T00:00:00Z";
  busy.timeMax = "2024-05-03T00:00:00Z";
  busy.items = json::array({{{"id", "primary"}}});
  const auto answer = calendar().queryFreeBusy(busy);
  EXPECT_EQ(answer["calendars"]["primary"]["busy"].size(), 2u);
  EXPECT_EQ(onlyRequest().url, "https://www.googleapis.com/calendar/v3/freeBusy");
}

TEST_F(CalendarTest, ListCalendarsWalksEveryPageAndResumes) {
  googlecalendar::ListCalendarsRequest request;
  request.maxResults = 2;
  request.minAccessRole = "reader";
  auto pager = calendar().listCalendars(request);
  const auto first = pager.nextPage();
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].id, "ada@example.com");
  EXPECT_TRUE(first[0].primary);
  EXPECT_EQ(first[0].accessRole, "owner");
  EXPECT_EQ(first[1].summary, "Launch plan");
  EXPECT_EQ(first[1].timeZone, "Europe/Berlin");
  ASSERT_TRUE(pager.cursor().has_value());
  const auto rest = pager.all();
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].id, "en.uk#holiday@group.v.calendar.google.com");
  EXPECT_FALSE(pager.hasNext());

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  const std::string base =
      "https://www.googleapis.com/calendar/v3/users/me/calendarList?maxResults=2"
      "&minAccessRole=reader";
  EXPECT_EQ(sent[0].url, base);
  EXPECT_EQ(sent[1].url,
            base + "&pageToken=EjYKKzRxZ2E2dTJqOGRANGdyb3VwLmNhbGVuZGFyLmdvb2dsZS5jb20YAQ");
}

TEST_F(CalendarTest, GoogleErrorsBecomeServiceErrors) {
  googlecalendar::ListEventsRequest request;
  request.calendarId = "not_found";
  try {
    (void)calendar().listEvents(request).nextPage();
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.integrationType(), "googlecalendar");
    EXPECT_EQ(error.action(), "list_events");
    EXPECT_EQ(error.status(), 404);
    EXPECT_EQ(error.detail(), "Not Found");
    EXPECT_EQ(std::string(error.what()).find(kCalendarToken), std::string::npos);
  }
}

TEST_F(CalendarTest, Base44ProxySendsTheSameUpstreamRequests) {
  googlecalendar::InsertEventRequest insert;
  insert.summary = "Proxied";
  insert.start = "2024-05-02T10:00:00Z";
  insert.end = "2024-05-02T11:00:00Z";
  googlecalendar::ListEventsRequest list;
  list.timeMin = "2024-05-01T00:00:00Z";
  list.maxResults = 2;

  (void)calendar().insertEvent(insert);
  (void)calendar().listEvents(list).all();
  const auto direct = requests();
  clearRequests();
  const auto event = calendar(viaProxy()).insertEvent(insert);
  const auto events = calendar(viaProxy()).listEvents(list).all();
  const auto proxied = requests();

  ASSERT_EQ(direct.size(), 3u);
  ASSERT_EQ(proxied.size(), 3u);
  for (std::size_t i = 0; i < direct.size(); ++i) {
    SCOPED_TRACE(direct[i].url);
    expectSameUpstreamRequest(direct[i], proxied[i]);
  }
  EXPECT_EQ(event.summary, "Proxied");
  EXPECT_EQ(events.size(), 3u);
}

TEST_F(CalendarTest, AppUserConnectorUsesItsToken) {
  (void)calendar(fromAppUser("calendar_me"), /*withUserToken=*/true).listCalendars().nextPage();
  EXPECT_EQ(header(onlyRequest(), "authorization"), std::string("Bearer ") + kCalendarAppUserToken);
}

}  // namespace
}  // namespace b44::adapter_tests
