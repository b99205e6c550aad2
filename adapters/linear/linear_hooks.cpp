// What the Linear declaration (linear.json) cannot say as data.
#include <b44/errors.hpp>
#include <b44/plugin/declared_adapter.hpp>
#include <b44/typed.hpp>

namespace {

using b44::plugin::Args;
using b44::plugin::ServiceResponse;
using nlohmann::json;

// issueCreate answers {success, issue}; success false without errors is a
// refusal too.
json checkIssueCreated(const Args& args, json body, const ServiceResponse& response) {
  const auto& created =
      b44::typed::objectField(b44::typed::objectField(body, "data"), "issueCreate");
  if (!b44::typed::boolField(created, "success")) {
    throw b44::ServiceError("linear", "create_issue", response.status, "UNSUCCESSFUL",
                            args.operation() + ": Linear answered success: false", body);
  }
  return body;
}

}  // namespace

B44_ADAPTER_HOOKS(hooks) { hooks.parse("issue_created", checkIssueCreated); }
