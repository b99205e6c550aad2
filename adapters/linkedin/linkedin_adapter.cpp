// The LinkedIn adapter (integration type "linkedin").
//
// Checked against LinkedIn's official API documentation (Microsoft Learn):
//   https://learn.microsoft.com/en-us/linkedin/consumer/integrations/self-serve/sign-in-with-linkedin-v2
//       Sign In with LinkedIn using OpenID Connect: GET
//       https://api.linkedin.com/v2/userinfo with "Authorization: Bearer
//       <token>" (scopes openid, profile, email); answers {sub, name,
//       given_name, family_name, picture, locale, email, email_verified}.
//       The member's person URN is urn:li:person:<sub>.
//   https://learn.microsoft.com/en-us/linkedin/marketing/versioning
//   https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api
//       Posts API: POST https://api.linkedin.com/rest/posts; every /rest/
//       call needs "LinkedIn-Version: YYYYMM" and "X-Restli-Protocol-Version:
//       2.0.0". Body: author (urn:li:person:... or urn:li:organization:...),
//       commentary, visibility (PUBLIC, CONNECTIONS, LOGGED_IN),
//       distribution {feedDistribution: MAIN_FEED | NONE, targetEntities,
//       thirdPartyDistributionChannels}, lifecycleState: PUBLISHED,
//       isReshareDisabledByAuthor. Answers 201 Created with an empty body and
//       the new post's URN (urn:li:share:... or urn:li:ugcPost:...) in the
//       "x-restli-id" header; the adapter returns it as {"id": ...}.
//       Member posts need w_member_social, organization posts
//       w_organization_social.
//       Versions are monthly and each is served for about a year: this
//       adapter sends 202601; 'linkedin_version' overrides it per call.
//   https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling
//       errors are {status, serviceErrorCode, code, message} with a 4xx/5xx
//       status; 429 when throttled (daily limits per member and app).
#include <b44/errors.hpp>
#include <b44/plugin/basic_adapter.hpp>
#include <b44/plugin/export.hpp>

#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>

namespace {

using b44::plugin::ActionSpec;
using b44::plugin::AdapterSpec;
using b44::plugin::Args;
using b44::plugin::ServiceRequest;
using b44::plugin::ServiceResponse;
using Type = b44::plugin::Parameter::Type;
using nlohmann::json;

constexpr const char* kLinkedInVersion = "202601";

ServiceRequest buildGetUserInfo(const Args& /*args*/) {
  ServiceRequest request;
  request.path = "/v2/userinfo";
  return request;
}

ServiceRequest buildCreatePost(const Args& args) {
  static const std::regex author(R"(^urn:li:(person|organization):[A-Za-z0-9_-]{1,64}$)");
  static const std::regex version(R"(^20[0-9]{2}(0[1-9]|1[0-2])$)");
  const std::string authorUrn = args.string("author");
  if (!std::regex_match(authorUrn, author)) {
    throw b44::InvalidArgumentError("args.author", args.operation() +
                                                       ": 'author' must be urn:li:person:<id> or "
                                                       "urn:li:organization:<id>");
  }
  const std::string apiVersion = args.optionalString("linkedin_version").value_or(kLinkedInVersion);
  if (!std::regex_match(apiVersion, version)) {
    throw b44::InvalidArgumentError("args.linkedin_version",
                                    args.operation() + ": 'linkedin_version' must be YYYYMM");
  }
  const std::string feed =
      args.optionalChoice("feed_distribution", {"MAIN_FEED", "NONE"}).value_or("MAIN_FEED");
  json body = {
      {"author", authorUrn},
      {"commentary", args.string("commentary")},
      {"visibility", args.optionalChoice("visibility", {"PUBLIC", "CONNECTIONS", "LOGGED_IN"})
                         .value_or("PUBLIC")},
      {"distribution",
       {{"feedDistribution", feed},
        {"targetEntities", json::array()},
        {"thirdPartyDistributionChannels", json::array()}}},
      {"lifecycleState", "PUBLISHED"},
      {"isReshareDisabledByAuthor", args.optionalBoolean("disable_reshare").value_or(false)},
  };
  if (args.has("content")) body["content"] = args.value("content");
  ServiceRequest request;
  request.method = "POST";
  request.path = "/rest/posts";
  request.headers.set("LinkedIn-Version", apiVersion);
  request.headers.set("X-Restli-Protocol-Version", "2.0.0");
  request.setJsonBody(body);
  return request;
}

// 201 with an empty body: the post's URN is in x-restli-id.
json parseCreatePost(const Args& /*args*/, json body, const ServiceResponse& response) {
  json result = body.is_object() ? body : json::object();
  if (auto id = response.headers.get("x-restli-id")) {
    result["id"] = *id;
  } else if (!result.contains("id")) {
    throw b44::ProtocolError("linkedin.create_post: the answer names no post (no x-restli-id)");
  }
  return result;
}

AdapterSpec linkedinSpec() {
  AdapterSpec spec;
  spec.type = "linkedin";
  spec.displayName = "LinkedIn";
  spec.description =
      "LinkedIn APIs: the member's OpenID Connect profile, and posts through the "
      "versioned Posts API.";
  spec.documentationUrl = "https://learn.microsoft.com/en-us/linkedin/";
  // Raw requests page as Rest.li collections do: "start" = 0, n, 2n ... with
  // "count" per page, items in "elements":
  // https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/pagination
  // (Some newer finder APIs page by pageToken / metadata.nextPageToken
  // instead; callers of those pass their own RawPagination.)
  spec.hosts = {b44::plugin::ApiHost{.name = "default",
                                     .baseUrlTemplate = "https://api.linkedin.com",
                                     .allowedHosts = {"api.linkedin.com"},
                                     .pagination = b44::plugin::offset("start", "/elements")}};
  spec.token = {.header = "Authorization", .scheme = "Bearer"};
  return spec;
}

class LinkedinAdapter final : public b44::plugin::BasicAdapter {
 public:
  LinkedinAdapter() : BasicAdapter(linkedinSpec()) {
    addAction(
        ActionSpec{
            .name = "get_user_info",
            .description = "Gets the signed-in member's OpenID Connect profile (/v2/userinfo); "
                           "'sub' is the ID of the member's person URN.",
            .method = "GET",
            .retrySafe = true,
            .parameters = {},
            .example = json::object(),
            .pagination = std::nullopt,
        },
        buildGetUserInfo);
    addAction(
        ActionSpec{
            .name = "create_post",
            .description = "Publishes a post as the member or an organization (Posts API, "
                           "/rest/posts); returns the new post's URN. Not retried once it may "
                           "have arrived.",
            .method = "POST",
            .retrySafe = false,
            .parameters =
                {
                    {"author", Type::String, true,
                     "urn:li:person:<sub from get_user_info> or urn:li:organization:<id>."},
                    {"commentary", Type::String, true,
                     "The post text (LinkedIn's little text format; escape reserved "
                     "characters such as ( ) [ ] { } @ # * _ ~ < > | with a backslash)."},
                    {"visibility", Type::String, false,
                     "PUBLIC (default), CONNECTIONS or LOGGED_IN."},
                    {"feed_distribution", Type::String, false,
                     "MAIN_FEED (default) or NONE (not shown in feeds)."},
                    {"disable_reshare", Type::Boolean, false, "Forbid resharing (default false)."},
                    {"content", Type::Object, false,
                     "Optional content: {\"article\": {\"source\": url, \"title\": ...}}, "
                     "{\"media\": {\"id\": \"urn:li:image:...\"}}, ..."},
                    {"linkedin_version", Type::String, false,
                     "The LinkedIn-Version (YYYYMM) to send instead of the adapter's 202601."},
                },
            .example = {{"author", "urn:li:person:782bbtaQ"},
                        {"commentary", "Hello from Base44"},
                        {"visibility", "PUBLIC"}},
            .pagination = std::nullopt,
        },
        buildCreatePost, parseCreatePost);
  }
};

std::unique_ptr<b44::plugin::Adapter> makeLinkedinAdapter(std::string_view /*type*/) {
  return std::make_unique<LinkedinAdapter>();
}

}  // namespace

B44_PLUGIN("1.0.0", "linkedin", makeLinkedinAdapter)
