#pragma once
// Typed helpers for the "google_classroom" adapter. Header-only: each helper
// builds the action's JSON arguments, calls ServiceClient::pages and converts
// the JSON items; the host never links the adapter.
//
//   b44::google_classroom::Classroom classroom(registry.service("google_classroom", client));
//   for (auto& course : classroom.listCourses({.teacherId = "me"}).all())
//     for (auto& work : classroom.listCourseWork({.courseId = course.id}).all()) ...
//
// Every result keeps Classroom's JSON resource in `raw`.
#include <b44/service_client.hpp>
#include <b44/typed.hpp>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace b44::google_classroom {

// --- Requests -----------------------------------------------------------------

struct ListCoursesRequest {
  std::optional<std::string> studentId;  // "me", an e-mail address or a user ID
  std::optional<std::string> teacherId;
  std::vector<std::string> courseStates;  // ACTIVE, ARCHIVED, PROVISIONED, ...
  std::optional<int> pageSize;
  std::optional<std::string> pageToken;  // resume a saved walk
};

struct ListCourseWorkRequest {
  std::string courseId;                       // an ID or an alias ("d:school_math")
  std::vector<std::string> courseWorkStates;  // PUBLISHED, DRAFT, DELETED
  std::optional<std::string> orderBy;         // e.g. "dueDate asc"
  std::optional<int> pageSize;
  std::optional<std::string> pageToken;
};

// --- Results ------------------------------------------------------------------

struct Course {
  std::string id;
  std::string name;
  std::string section;
  std::string descriptionHeading;
  std::string room;
  std::string ownerId;
  std::string courseState;
  std::string alternateLink;
  std::string enrollmentCode;
  std::string creationTime;
  std::string updateTime;
  nlohmann::json raw;
};

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
  [[nodiscard]] bool empty() const { return year == 0 && month == 0 && day == 0; }
};

struct CourseWork {
  std::string courseId;
  std::string id;
  std::string title;
  std::string description;
  std::string state;     // PUBLISHED, DRAFT, DELETED
  std::string workType;  // ASSIGNMENT, SHORT_ANSWER_QUESTION, MULTIPLE_CHOICE_QUESTION
  std::string alternateLink;
  Date dueDate;            // empty when there is none
  nlohmann::json dueTime;  // {hours, minutes, ...} in UTC, or null
  double maxPoints = 0;
  std::string creationTime;
  std::string updateTime;
  nlohmann::json raw;
};

// --- JSON conversion ----------------------------------------------------------

inline nlohmann::json toJson(const ListCoursesRequest& request) {
  nlohmann::json args = nlohmann::json::object();
  typed::setIf(args, "student_id", request.studentId);
  typed::setIf(args, "teacher_id", request.teacherId);
  typed::setIfNotEmpty(args, "course_states", request.courseStates);
  typed::setIf(args, "page_size", request.pageSize);
  return args;
}

inline nlohmann::json toJson(const ListCourseWorkRequest& request) {
  nlohmann::json args = {{"course_id", request.courseId}};
  typed::setIfNotEmpty(args, "course_work_states", request.courseWorkStates);
  typed::setIf(args, "order_by", request.orderBy);
  typed::setIf(args, "page_size", request.pageSize);
  return args;
}

inline Course courseFromJson(const nlohmann::json& json) {
  Course course;
  course.id = typed::stringField(json, "id");
  course.name = typed::stringField(json, "name");
  course.section = typed::stringField(json, "section");
  course.descriptionHeading = typed::stringField(json, "descriptionHeading");
  course.room = typed::stringField(json, "room");
  course.ownerId = typed::stringField(json, "ownerId");
  course.courseState = typed::stringField(json, "courseState");
  course.alternateLink = typed::stringField(json, "alternateLink");
  course.enrollmentCode = typed::stringField(json, "enrollmentCode");
  course.creationTime = typed::stringField(json, "creationTime");
  course.updateTime = typed::stringField(json, "updateTime");
  course.raw = json;
  return course;
}

inline CourseWork courseWorkFromJson(const nlohmann::json& json) {
  CourseWork work;
  work.courseId = typed::stringField(json, "courseId");
  work.id = typed::stringField(json, "id");
  work.title = typed::stringField(json, "title");
  work.description = typed::stringField(json, "description");
  work.state = typed::stringField(json, "state");
  work.workType = typed::stringField(json, "workType");
  work.alternateLink = typed::stringField(json, "alternateLink");
  const auto& due = typed::objectField(json, "dueDate");
  work.dueDate = Date{static_cast<int>(typed::intField(due, "year")),
                      static_cast<int>(typed::intField(due, "month")),
                      static_cast<int>(typed::intField(due, "day"))};
  if (const auto* time = typed::field(json, "dueTime")) work.dueTime = *time;
  work.maxPoints = typed::numberField(json, "maxPoints");
  work.creationTime = typed::stringField(json, "creationTime");
  work.updateTime = typed::stringField(json, "updateTime");
  work.raw = json;
  return work;
}

// --- The client ---------------------------------------------------------------

class Classroom {
 public:
  // `client` comes from registry.service("google_classroom", client[, options]).
  explicit Classroom(ServiceClient client) : client_(std::move(client)) {}

  ItemPager<Course> listCourses(ListCoursesRequest request = {}) const {
    return ItemPager<Course>(client_.pages("list_courses", toJson(request), request.pageToken),
                             &courseFromJson);
  }

  ItemPager<CourseWork> listCourseWork(ListCourseWorkRequest request) const {
    return ItemPager<CourseWork>(
        client_.pages("list_course_work", toJson(request), request.pageToken), &courseWorkFromJson);
  }

  [[nodiscard]] const ServiceClient& client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace b44::google_classroom
