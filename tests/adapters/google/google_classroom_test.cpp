// The google_classroom adapter and its typed helpers against the emulator's
// Classroom sandbox.
#include "google_support.hpp"

#include <b44/adapters/google_classroom.hpp>

namespace b44::adapter_tests {
namespace {

using nlohmann::json;

constexpr const char* kCourses = "https://classroom.googleapis.com/v1/courses";
constexpr const char* kCoursesPage2 = "Ci8KLRIrEikKDmIMCPDIk7EGEICr3L8DCgsI4ODNpcMVEICAgA";
constexpr const char* kWorkPage2 = "Ci0KKxIpEicKDmIMCIDX7LcGEIDq5bsCCg8IABIL";

class ClassroomTest : public GoogleAdapterTest {
 protected:
  [[nodiscard]] google_classroom::Classroom classroom(ServiceOptions options = {}) const {
    return google_classroom::Classroom(service("google_classroom", std::move(options)));
  }
};

TEST_F(ClassroomTest, ListCoursesWalksEveryPageAndStops) {
  google_classroom::ListCoursesRequest request;
  request.teacherId = "me";
  request.courseStates = json::array({"ACTIVE", "ARCHIVED"});
  request.pageSize = 2;
  const auto courses = classroom().listCourses(request).all();

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  const std::string first =
      std::string(kCourses) + "?teacherId=me&courseStates=ACTIVE&courseStates=ARCHIVED&pageSize=2";
  EXPECT_EQ(sent[0].method, "GET");
  EXPECT_EQ(sent[0].url, first);
  EXPECT_EQ(sent[1].url, first + "&pageToken=" + kCoursesPage2);
  EXPECT_EQ(header(sent[0], "authorization"), bearer(appToken("google_classroom")));

  ASSERT_EQ(courses.size(), 3u);
  EXPECT_EQ(courses[0].id, "683021347718");
  EXPECT_EQ(courses[0].name, "Mathematics 101");
  EXPECT_EQ(courses[0].section, "Period 2");
  EXPECT_EQ(courses[0].room, "B12");
  EXPECT_EQ(courses[0].courseState, "ACTIVE");
  EXPECT_EQ(courses[0].enrollmentCode, "x7k2qpa");
  EXPECT_EQ(courses[0].alternateLink, "https://classroom.google.com/c/NjgzMDIxMzQ3NzE4");
  EXPECT_EQ(courses[2].courseState, "ARCHIVED");
}

TEST_F(ClassroomTest, ListCoursesResumesFromASavedPageToken) {
  auto pager = classroom().listCourses();
  EXPECT_EQ(pager.nextPage().size(), 2u);
  ASSERT_TRUE(pager.cursor().has_value());
  clearRequests();
  google_classroom::ListCoursesRequest resume;
  resume.pageToken = *pager.cursor();
  const auto rest = classroom().listCourses(resume).all();
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].name, "Chemistry");
  EXPECT_EQ(onlyRequest().url, std::string(kCourses) + "?pageToken=" + kCoursesPage2);
}

TEST_F(ClassroomTest, ListCourseWorkWalksEveryPageAndResumes) {
  google_classroom::ListCourseWorkRequest request;
  request.courseId = "683021347718";
  request.courseWorkStates = json::array({"PUBLISHED", "DRAFT"});
  request.orderBy = "dueDate asc";
  request.pageSize = 2;
  auto pager = classroom().listCourseWork(request);
  const auto first = pager.nextPage();
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].courseId, "683021347718");
  EXPECT_EQ(first[0].title, "Homework 1: linear equations");
  EXPECT_EQ(first[0].workType, "ASSIGNMENT");
  EXPECT_EQ(first[0].state, "PUBLISHED");
  EXPECT_EQ(first[0].dueDate.year, 2024);
  EXPECT_EQ(first[0].dueDate.month, 9);
  EXPECT_EQ(first[0].dueDate.day, 9);
  EXPECT_EQ(first[0].dueTime, json({{"hours", 21}, {"minutes", 59}}));
  EXPECT_DOUBLE_EQ(first[0].maxPoints, 100);
  EXPECT_EQ(first[1].dueDate.year, 0);  // no due date
  EXPECT_EQ(first[1].dueDate.month, 0);
  EXPECT_EQ(first[1].dueDate.day, 0);
  const auto saved = pager.cursor();
  ASSERT_TRUE(saved.has_value());
  const auto rest = pager.all();
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].workType, "MULTIPLE_CHOICE_QUESTION");

  const auto sent = requests();
  ASSERT_EQ(sent.size(), 2u);
  const std::string first_url = std::string(kCourses) +
                                "/683021347718/courseWork?courseWorkStates=PUBLISHED"
                                "&courseWorkStates=DRAFT&orderBy=dueDate%20asc&pageSize=2";
  EXPECT_EQ(sent[0].url, first_url);
  EXPECT_EQ(sent[1].url, first_url + "&pageToken=" + kWorkPage2);

  clearRequests();
  request.pageToken = *saved;
  EXPECT_EQ(classroom().listCourseWork(request).all().size(), 1u);
  EXPECT_EQ(onlyRequest().url, first_url + "&pageToken=" + kWorkPage2);
}

TEST_F(ClassroomTest, CourseAliasIsOnePathSegmentAndInputIsChecked) {
  google_classroom::ListCourseWorkRequest request;
  request.courseId = "d:school/math 101";
  (void)classroom().listCourseWork(request).nextPage();
  EXPECT_EQ(onlyRequest().url, std::string(kCourses) + "/d%3Aschool%2Fmath%20101/courseWork");

  clearRequests();
  const auto service = this->service("google_classroom");
  expectInvalidArgument(*emulator_, "args.course_id",
                        [&] { (void)service.invoke("list_course_work", json::object()); });
  expectInvalidArgument(*emulator_, "args.course_id", [&] {
    (void)service.invoke("list_course_work", {{"course_id", ".."}});
  });
  expectInvalidArgument(*emulator_, "args.course_states", [&] {
    (void)service.invoke("list_courses", {{"course_states", {"ACTIVE", "OPEN"}}});
  });
  expectInvalidArgument(*emulator_, "args.course_work_states", [&] {
    (void)service.invoke("list_course_work", {{"course_id", "1"}, {"course_work_states", {7}}});
  });
}

TEST_F(ClassroomTest, ClassroomErrorsBecomeServiceErrors) {
  google_classroom::ListCourseWorkRequest request;
  request.courseId = "404000000000";
  try {
    (void)classroom().listCourseWork(request).nextPage();
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.integrationType(), "google_classroom");
    EXPECT_EQ(error.action(), "list_course_work");
    EXPECT_EQ(error.status(), 404);
    EXPECT_EQ(error.code(), "NOT_FOUND");
    EXPECT_EQ(error.detail(), "Requested entity was not found.");
  }
}

TEST_F(ClassroomTest, Base44ProxySendsTheSameUpstreamRequests) {
  google_classroom::ListCoursesRequest courses;
  courses.courseStates = json::array({"ACTIVE"});
  google_classroom::ListCourseWorkRequest work;
  work.courseId = "683021347718";
  work.orderBy = "dueDate asc";

  (void)classroom().listCourses(courses).all();
  (void)classroom().listCourseWork(work).all();
  const auto direct = requests();
  clearRequests();
  const auto listed = classroom(viaProxy()).listCourses(courses).all();
  const auto listedWork = classroom(viaProxy()).listCourseWork(work).all();
  const auto proxied = requests();

  ASSERT_EQ(direct.size(), 4u);
  ASSERT_EQ(proxied.size(), 4u);
  for (std::size_t i = 0; i < direct.size(); ++i) {
    SCOPED_TRACE(direct[i].url);
    expectSameUpstreamRequest(direct[i], proxied[i]);
  }
  EXPECT_EQ(listed.size(), 3u);
  EXPECT_EQ(listedWork.size(), 3u);
}

}  // namespace
}  // namespace b44::adapter_tests
