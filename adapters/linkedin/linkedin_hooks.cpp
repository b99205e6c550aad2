// What the LinkedIn declaration (linkedin.json) cannot say as data.
#include <b44/errors.hpp>
#include <b44/plugin/declared_adapter.hpp>

#include <regex>
#include <string>

namespace {

using b44::plugin::Args;
using b44::plugin::ServiceRequest;
using b44::plugin::ServiceResponse;
using nlohmann::json;

constexpr const char* kLinkedInVersion = "202601";

// The author URN must have its shape; the LinkedIn-Version header is checked
// before it is set.
void checkPost(const Args& args, ServiceRequest& request) {
  static const std::regex author(R"(^urn:li:(person|organization):[A-Za-z0-9_-]{1,64}$)");
  static const std::regex version(R"(^20[0-9]{2}(0[1-9]|1[0-2])$)");
  if (!std::regex_match(args.string("author"), author)) {
    throw b44::InvalidArgumentError("args.author", args.operation() +
                                                       ": 'author' must be urn:li:person:<id> or "
                                                       "urn:li:organization:<id>");
  }
  const std::string apiVersion = args.optionalString("linkedin_version").value_or(kLinkedInVersion);
  if (!std::regex_match(apiVersion, version)) {
    throw b44::InvalidArgumentError("args.linkedin_version",
                                    args.operation() + ": 'linkedin_version' must be YYYYMM");
  }
  request.headers.set("LinkedIn-Version", apiVersion);
}

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

B44_ADAPTER_HOOKS(hooks) {
  hooks.build("check_post", checkPost);
  hooks.parse("post_id", postId);
}
