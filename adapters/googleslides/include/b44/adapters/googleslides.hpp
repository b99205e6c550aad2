#pragma once
// Typed helpers for the "googleslides" adapter. Header-only: each helper
// builds the action's JSON arguments, calls ServiceClient::invoke and converts
// the JSON result; the host never links the adapter.
//
//   b44::googleslides::Slides slides(registry.service("googleslides", client));
//   auto deck = slides.createPresentation("Quarterly review");
//   slides.batchUpdate({.presentationId = deck.presentationId,
//                       .requests = {{{"createSlide", nlohmann::json::object()}}}});
//
// Every result keeps the Slides JSON in `raw`.
#include <b44/service_client.hpp>
#include <b44/typed.hpp>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace b44::googleslides {

// --- Requests -----------------------------------------------------------------

struct BatchUpdateRequest {
  std::string presentationId;
  nlohmann::json requests = nlohmann::json::array();  // Slides Request objects
  std::optional<std::string> requiredRevisionId;
};

// --- Results ------------------------------------------------------------------

struct SlideSummary {
  std::string objectId;
  std::string layoutObjectId;  // slideProperties.layoutObjectId
  nlohmann::json raw;
};

struct Presentation {
  std::string presentationId;
  std::string title;
  std::string locale;
  std::string revisionId;
  std::vector<SlideSummary> slides;
  nlohmann::json raw;
};

struct BatchUpdateResult {
  std::string presentationId;
  nlohmann::json replies;  // one per request
  std::string revisionId;  // writeControl.requiredRevisionId after the update
  nlohmann::json raw;
};

// --- JSON conversion ----------------------------------------------------------

inline nlohmann::json toJson(const BatchUpdateRequest& request) {
  nlohmann::json args = {{"presentation_id", request.presentationId},
                         {"requests", request.requests}};
  typed::setIf(args, "required_revision_id", request.requiredRevisionId);
  return args;
}

inline Presentation presentationFromJson(const nlohmann::json& json) {
  Presentation presentation;
  presentation.presentationId = typed::stringField(json, "presentationId");
  presentation.title = typed::stringField(json, "title");
  presentation.locale = typed::stringField(json, "locale");
  presentation.revisionId = typed::stringField(json, "revisionId");
  for (const auto& slide : typed::arrayField(json, "slides")) {
    presentation.slides.push_back(SlideSummary{
        .objectId = typed::stringField(slide, "objectId"),
        .layoutObjectId =
            typed::stringField(typed::objectField(slide, "slideProperties"), "layoutObjectId"),
        .raw = slide});
  }
  presentation.raw = json;
  return presentation;
}

inline BatchUpdateResult batchUpdateResultFromJson(const nlohmann::json& json) {
  return BatchUpdateResult{.presentationId = typed::stringField(json, "presentationId"),
                           .replies = typed::arrayField(json, "replies"),
                           .revisionId = typed::stringField(
                               typed::objectField(json, "writeControl"), "requiredRevisionId"),
                           .raw = json};
}

// --- The client ---------------------------------------------------------------

class Slides {
 public:
  // `client` comes from registry.service("googleslides", client[, options]).
  explicit Slides(ServiceClient client) : client_(std::move(client)) {}

  Presentation getPresentation(const std::string& presentationId) const {
    return presentationFromJson(
        client_.invoke("get_presentation", {{"presentation_id", presentationId}}));
  }

  Presentation createPresentation(const std::string& title,
                                  const std::optional<std::string>& presentationId = {}) const {
    nlohmann::json args = {{"title", title}};
    typed::setIf(args, "presentation_id", presentationId);
    return presentationFromJson(client_.invoke("create_presentation", args));
  }

  BatchUpdateResult batchUpdate(const BatchUpdateRequest& request) const {
    return batchUpdateResultFromJson(client_.invoke("batch_update", toJson(request)));
  }

  [[nodiscard]] const ServiceClient& client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace b44::googleslides
