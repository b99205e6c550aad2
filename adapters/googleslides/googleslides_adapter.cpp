// The Google Slides adapter (integration type "googleslides").
//
// Checked against Google's official Slides API v1 reference:
//   https://developers.google.com/workspace/slides/api/reference/rest/v1/presentations/get
//       GET https://slides.googleapis.com/v1/presentations/{presentationId};
//       answers a Presentation {presentationId, pageSize, slides [Page],
//       title, masters, layouts, locale, revisionId, notesMaster}.
//   https://developers.google.com/workspace/slides/api/reference/rest/v1/presentations/create
//       POST .../v1/presentations with a Presentation body; only
//       presentationId (optional) and title are used, and a blank
//       presentation is created; answers the Presentation.
//   https://developers.google.com/workspace/slides/api/reference/rest/v1/presentations/batchUpdate
//       POST .../v1/presentations/{presentationId}:batchUpdate with {requests
//       [Request], writeControl {requiredRevisionId}}; atomic; answers
//       {presentationId, replies, writeControl}.
//   https://developers.google.com/workspace/slides/api/limits
//       quota errors are 429 RESOURCE_EXHAUSTED.
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

constexpr const char* kExampleId = "1EAYk18WDjIG-zp_0vLm3CsfQh_i8eXc67Jo2O9C6Vuc";

std::string presentationPath(const Args& args) {
  return "/presentations/" +
         b44::plugin::pathSegment(args.string("presentation_id"), "presentation_id");
}

ServiceRequest buildGetPresentation(const Args& args) {
  ServiceRequest request;
  request.path = presentationPath(args);
  return request;
}

ServiceRequest buildCreatePresentation(const Args& args) {
  json body = {{"title", args.string("title")}};
  args.toBody(body, "presentation_id", "presentationId");
  ServiceRequest request;
  request.method = "POST";
  request.path = "/presentations";
  request.setJsonBody(body);
  return request;
}

ServiceRequest buildBatchUpdate(const Args& args) {
  return family::batchUpdateRequest(args, presentationPath(args));
}

b44::plugin::Parameter presentationParameter() {
  return {"presentation_id", Type::String, true,
          "The presentation's ID, from its URL docs.google.com/presentation/d/<ID>/edit."};
}

class SlidesAdapter final : public family::GoogleAdapter {
 public:
  SlidesAdapter()
      : GoogleAdapter(family::googleSpec(
            "googleslides", "Google Slides",
            "Google Slides API v1: read presentations, create presentations, apply batch "
            "updates.",
            "https://developers.google.com/workspace/slides/api/reference/rest",
            // No pagination: the Slides API has no list methods (presentations
            // and pages get, create, batchUpdate only):
            // https://developers.google.com/workspace/slides/api/reference/rest
            {family::apiHost("default", "https://slides.googleapis.com/v1")},
            family::QuotaSignals::Status429)) {
    addAction(
        ActionSpec{
            .name = "get_presentation",
            .description = "Gets a presentation with its slides (presentations.get).",
            .method = "GET",
            .retrySafe = true,
            .parameters = {presentationParameter()},
            .example = {{"presentation_id", kExampleId}},
            .pagination = std::nullopt,
        },
        buildGetPresentation);
    addAction(
        ActionSpec{
            .name = "create_presentation",
            .description = "Creates a blank presentation with a title (presentations.create); "
                           "add slides with batch_update. Not retried once it may have arrived.",
            .method = "POST",
            .retrySafe = false,
            .parameters =
                {
                    {"title", Type::String, true, "The new presentation's title."},
                    {"presentation_id", Type::String, false,
                     "An ID to give it (Google generates one when absent)."},
                },
            .example = {{"title", "Quarterly review"}},
            .pagination = std::nullopt,
        },
        buildCreatePresentation);
    addAction(family::batchUpdateAction(
                  "presentations.batchUpdate", presentationParameter(),
                  "createSlide, insertText, replaceAllText, createShape",
                  /*targetRevision=*/false,
                  {{"presentation_id", kExampleId},
                   {"requests",
                    {{{"createSlide",
                       {{"slideLayoutReference", {{"predefinedLayout", "TITLE_AND_BODY"}}}}}}}}}),
              buildBatchUpdate);
  }
};

std::unique_ptr<b44::plugin::Adapter> makeSlidesAdapter(std::string_view /*type*/) {
  return std::make_unique<SlidesAdapter>();
}

}  // namespace

B44_PLUGIN("1.0.0", "googleslides", makeSlidesAdapter)
