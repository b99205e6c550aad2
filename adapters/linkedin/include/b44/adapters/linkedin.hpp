#pragma once
// Typed helpers for the "linkedin" adapter. Header-only: each helper builds the
// action's JSON arguments, calls ServiceClient::invoke and converts the JSON
// result; the host never links the adapter.
//
//   b44::linkedin::Linkedin linkedin(registry.service("linkedin", client));
//   auto me = linkedin.getUserInfo();
//   auto post = linkedin.createPost({.author = me.personUrn(), .commentary = "Hello"});
#include <b44/service_client.hpp>
#include <b44/typed.hpp>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>

namespace b44::linkedin {

// --- Requests -----------------------------------------------------------------

struct CreatePostRequest {
  std::string author;  // urn:li:person:<sub> or urn:li:organization:<id>
  std::string commentary;
  std::optional<std::string> visibility;        // PUBLIC, CONNECTIONS, LOGGED_IN
  std::optional<std::string> feedDistribution;  // MAIN_FEED, NONE
  std::optional<bool> disableReshare;
  nlohmann::json content;                      // article / media object, or null
  std::optional<std::string> linkedinVersion;  // YYYYMM, instead of the adapter's
};

// --- Results ------------------------------------------------------------------

struct UserInfo {
  std::string sub;  // the member ID
  std::string name;
  std::string givenName;
  std::string familyName;
  std::string picture;
  std::string email;
  bool emailVerified = false;
  std::string locale;  // "en_US" (LinkedIn sends {country, language} or a string)
  nlohmann::json raw;

  // The member's URN, the author of their posts.
  [[nodiscard]] std::string personUrn() const { return "urn:li:person:" + sub; }
};

struct CreatedPost {
  std::string id;  // urn:li:share:... or urn:li:ugcPost:...
  nlohmann::json raw;
};

// --- JSON conversion ----------------------------------------------------------

inline nlohmann::json toJson(const CreatePostRequest& request) {
  nlohmann::json args = {{"author", request.author}, {"commentary", request.commentary}};
  typed::setIf(args, "visibility", request.visibility);
  typed::setIf(args, "feed_distribution", request.feedDistribution);
  typed::setIf(args, "disable_reshare", request.disableReshare);
  if (!request.content.is_null()) args["content"] = request.content;
  typed::setIf(args, "linkedin_version", request.linkedinVersion);
  return args;
}

inline UserInfo userInfoFromJson(const nlohmann::json& json) {
  UserInfo info;
  info.sub = typed::stringField(json, "sub");
  info.name = typed::stringField(json, "name");
  info.givenName = typed::stringField(json, "given_name");
  info.familyName = typed::stringField(json, "family_name");
  info.picture = typed::stringField(json, "picture");
  info.email = typed::stringField(json, "email");
  info.emailVerified = typed::boolField(json, "email_verified");
  info.locale = typed::stringField(json, "locale");
  if (info.locale.empty()) {
    const auto& locale = typed::objectField(json, "locale");
    const auto language = typed::stringField(locale, "language");
    const auto country = typed::stringField(locale, "country");
    info.locale = language + (country.empty() ? "" : "_" + country);
  }
  info.raw = json;
  return info;
}

// --- The client ---------------------------------------------------------------

class Linkedin {
 public:
  // `client` comes from registry.service("linkedin", client[, options]).
  explicit Linkedin(ServiceClient client) : client_(std::move(client)) {}

  UserInfo getUserInfo() const { return userInfoFromJson(client_.invoke("get_user_info")); }

  CreatedPost createPost(const CreatePostRequest& request) const {
    const auto result = client_.invoke("create_post", toJson(request));
    return CreatedPost{.id = typed::stringField(result, "id"), .raw = result};
  }

  [[nodiscard]] const ServiceClient& client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace b44::linkedin
