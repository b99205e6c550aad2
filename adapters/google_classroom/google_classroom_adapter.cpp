// The Google Classroom adapter (integration type "google_classroom").
//
// Checked against Google's official Classroom API v1 reference:
//   https://developers.google.com/workspace/classroom/reference/rest/v1/courses/list
//       GET https://classroom.googleapis.com/v1/courses; studentId, teacherId
//       ("me", an e-mail address or a user ID), courseStates[] (repeated:
//       ACTIVE, ARCHIVED, PROVISIONED, DECLINED, SUSPENDED), pageSize (0 or
//       unset: the server's maximum), pageToken; answers {courses [Course],
//       nextPageToken}.
//   https://developers.google.com/workspace/classroom/reference/rest/v1/courses.courseWork/list
//       GET .../v1/courses/{courseId}/courseWork (courseId: an ID or an
//       alias such as "d:school_math"); courseWorkStates[] (repeated:
//       PUBLISHED, DRAFT, DELETED; default PUBLISHED), orderBy ("updateTime
//       desc" by default; updateTime and dueDate with asc/desc), pageSize,
//       pageToken; answers {courseWork [CourseWork], nextPageToken}.
//   https://developers.google.com/workspace/classroom/reference/rest/v1/courses#Course
//   https://developers.google.com/workspace/classroom/reference/rest/v1/courses.courseWork#CourseWork
//       the resources' fields (id, name, section, courseState, alternateLink;
//       title, description, workType, state, dueDate {year, month, day},
//       dueTime, maxPoints, ...).
//   https://developers.google.com/workspace/classroom/limits
//       quota errors are 429 RESOURCE_EXHAUSTED; other errors use the
//       google.rpc.Status shape (status PERMISSION_DENIED, NOT_FOUND, ...).
#include "google_family.hpp"

#include <b44/plugin/export.hpp>
#include <b44/plugin/url.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace {

namespace family = b44::google_family;
using b44::plugin::ActionSpec;
using b44::plugin::Args;
using b44::plugin::ServiceRequest;
using Type = b44::plugin::Parameter::Type;
using nlohmann::json;

ServiceRequest buildListCourses(const Args& args) {
  ServiceRequest request;
  request.path = "/courses";
  args.toQuery(request, "student_id", "studentId");
  args.toQuery(request, "teacher_id", "teacherId");
  family::repeatedQuery(args, request, "course_states", "courseStates",
                        {"ACTIVE", "ARCHIVED", "PROVISIONED", "DECLINED", "SUSPENDED"});
  family::pageQuery(args, request);
  return request;
}

ServiceRequest buildListCourseWork(const Args& args) {
  ServiceRequest request;
  request.path =
      "/courses/" + b44::plugin::pathSegment(args.string("course_id"), "course_id") + "/courseWork";
  family::repeatedQuery(args, request, "course_work_states", "courseWorkStates",
                        {"PUBLISHED", "DRAFT", "DELETED"});
  args.toQuery(request, "order_by", "orderBy");
  family::pageQuery(args, request);
  return request;
}

class ClassroomAdapter final : public family::GoogleAdapter {
 public:
  ClassroomAdapter()
      : GoogleAdapter(family::googleSpec(
            "google_classroom", "Google Classroom",
            "Google Classroom API v1: list courses and the course work of a course.",
            "https://developers.google.com/workspace/classroom/reference/rest",
            // Raw requests page with pageToken / nextPageToken:
            // https://developers.google.com/workspace/classroom/reference/rest/v1/courses/list
            // Items are in "courses" there; courseWork, students, teachers,
            // announcements, ... answer under their own names, so callers of
            // those pass their own RawPagination.
            {family::apiHost("default", "https://classroom.googleapis.com/v1",
                             family::rawPageTokenPagination("/courses"))},
            family::QuotaSignals::Status429)) {
    addAction(
        ActionSpec{
            .name = "list_courses",
            .description = "Lists the courses the user may see (courses.list), page by page.",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    {"student_id", Type::String, false,
                     "Only courses with this student: \"me\", an e-mail address or a user ID."},
                    {"teacher_id", Type::String, false,
                     "Only courses with this teacher, in the same forms."},
                    {"course_states", Type::Array, false,
                     "Only these states: ACTIVE, ARCHIVED, PROVISIONED, DECLINED, SUSPENDED."},
                    family::pageSizeParameter("page_size", "unset: the server's maximum"),
                    family::pageTokenParameter(),
                },
            .example = {{"teacher_id", "me"}, {"course_states", {"ACTIVE"}}, {"page_size", 2}},
            .pagination = family::pageTokenPagination("/courses"),
        },
        buildListCourses);
    addAction(
        ActionSpec{
            .name = "list_course_work",
            .description = "Lists the course work (assignments, questions) of a course "
                           "(courses.courseWork.list), page by page.",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    {"course_id", Type::String, true,
                     "The course's ID (from list_courses) or an alias such as d:school_math."},
                    {"course_work_states", Type::Array, false,
                     "Only these states: PUBLISHED (Google's default), DRAFT, DELETED."},
                    {"order_by", Type::String, false,
                     "Sort order: updateTime and/or dueDate, each asc or desc, e.g. \"dueDate "
                     "asc,updateTime desc\" (Google's default updateTime desc)."},
                    family::pageSizeParameter("page_size", "unset: the server's maximum"),
                    family::pageTokenParameter(),
                },
            .example = {{"course_id", "683021347718"},
                        {"order_by", "dueDate asc"},
                        {"page_size", 2}},
            .pagination = family::pageTokenPagination("/courseWork"),
        },
        buildListCourseWork);
  }
};

std::unique_ptr<b44::plugin::Adapter> makeClassroomAdapter(std::string_view /*type*/) {
  return std::make_unique<ClassroomAdapter>();
}

}  // namespace

B44_PLUGIN("1.0.0", "google_classroom", makeClassroomAdapter)
