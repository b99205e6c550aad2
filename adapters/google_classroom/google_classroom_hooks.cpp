// What the Google Classroom declaration (google_classroom.json) cannot say as
// data: the allowed items of its repeated state filters.
#include "google_family.hpp"

#include <b44/plugin/declared_adapter.hpp>

namespace {

namespace family = b44::google_family;
using b44::plugin::Args;
using b44::plugin::ServiceRequest;

void checkCourseStates(const Args& args, ServiceRequest& /*request*/) {
  family::checkRepeated(args, "course_states",
                        {"ACTIVE", "ARCHIVED", "PROVISIONED", "DECLINED", "SUSPENDED"});
}

void checkCourseWorkStates(const Args& args, ServiceRequest& /*request*/) {
  family::checkRepeated(args, "course_work_states", {"PUBLISHED", "DRAFT", "DELETED"});
}

}  // namespace

B44_ADAPTER_HOOKS(hooks) {
  hooks.build("course_states", checkCourseStates);
  hooks.build("course_work_states", checkCourseWorkStates);
}
