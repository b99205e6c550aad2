// What the LinkedIn declaration (linkedin.json) cannot say as data.
#include <b44/errors.hpp>
#include <b44/plugin/declared_adapter.hpp>

namespace {

using b44::plugin::Args;
using b44::plugin::ServiceRequest;
using b44::plugin::ServiceResponse;
using nlohmann::json;

// 201 with an empty body: the post's URN is in x-restli-id.
json postId(const Args& /*args*/, json body, const ServiceResponse& response) {
  json result = body.is_object() ? body : json::object();
  if (auto id = response.headers.get("x-restli-id")) {
    result["id"] = *id;
  } else if (!result.contains("id")) {
    throw b44::ProtocolError("linkedin.create_post: the answer names no post (no x-restli-id)");
  }
  return result;
}

// A comment names its post twice: in the path and as "object" in the body.
void commentObject(const Args& args, ServiceRequest& request) {
  nlohmann::json body = request.body.empty() ? json::object() : json::parse(request.body);
  body["object"] = args.string("post_urn");
  request.setJsonBody(body);
}

}  // namespace

B44_ADAPTER_HOOKS(hooks) {
  hooks.parse("post_id", postId);
  hooks.build("comment_object", commentObject);
}
