// What the LinkedIn declaration (linkedin.json) cannot say as data.
#include <b44/errors.hpp>
#include <b44/plugin/declared_adapter.hpp>

namespace {

using b44::plugin::Args;
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

}  // namespace

B44_ADAPTER_HOOKS(hooks) { hooks.parse("post_id", postId); }
