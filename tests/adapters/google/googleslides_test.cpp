// The googleslides adapter and its typed helpers against the emulator's Slides
// sandbox.
#include "google_support.hpp"

#include <b44/adapters/googleslides.hpp>

namespace b44::adapter_tests {
namespace {

using nlohmann::json;

constexpr const char* kDeckId = "1EAYk18WDjIG-zp_0vLm3CsfQh_i8eXc67Jo2O9C6Vuc";
constexpr const char* kPresentations = "https://slides.googleapis.com/v1/presentations";

class SlidesTest : public GoogleAdapterTest {
 protected:
  [[nodiscard]] googleslides::Slides slides(ServiceOptions options = {}) const {
    return googleslides::Slides(service("googleslides", std::move(options)));
  }
};

TEST_F(SlidesTest, GetPresentation) {
  const auto deck = slides().getPresentation(kDeckId);
  const auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "GET");
  EXPECT_EQ(sent.url, std::string(kPresentations) + "/" + kDeckId);
  EXPECT_EQ(header(sent, "authorization"), bearer(appToken("googleslides")));
  EXPECT_EQ(deck.presentationId, kDeckId);
  EXPECT_EQ(deck.title, "Quarterly review");
  EXPECT_EQ(deck.locale, "en");
  EXPECT_EQ(deck.revisionId, "ZVt6hPkwS9S8bQ");
  ASSERT_EQ(deck.slides.size(), 2u);
  EXPECT_EQ(deck.slides[0].objectId, "p");
  EXPECT_EQ(deck.slides[0].layoutObjectId, "p2");
  EXPECT_EQ(deck.slides[1].layoutObjectId, "p3");
}

TEST_F(SlidesTest, CreatePresentation) {
  const auto deck = slides().createPresentation("Roadmap 2025");
  const auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, kPresentations);
  EXPECT_EQ(header(sent, "content-type"), "application/json");
  EXPECT_EQ(jsonBody(sent), json({{"title", "Roadmap 2025"}}));
  EXPECT_EQ(deck.presentationId, "1NcYq7pM2wL5kR8tV3xZ6bD9fH2jK4mN7qS0uW3yA5cE");
  EXPECT_EQ(deck.title, "Roadmap 2025");
  EXPECT_EQ(deck.slides.size(), 1u);

  clearRequests();
  (void)slides().createPresentation(googleslides::CreatePresentationRequest{
      .title = "Named", .presentationId = "roadmap-2025-deck"});
  EXPECT_EQ(jsonBody(onlyRequest()),
            json({{"title", "Named"}, {"presentationId", "roadmap-2025-deck"}}));
}

TEST_F(SlidesTest, BatchUpdate) {
  googleslides::BatchUpdateRequest request;
  request.presentationId = kDeckId;
  request.requests = json::array(
      {{{"createSlide", {{"slideLayoutReference", {{"predefinedLayout", "TITLE_AND_BODY"}}}}}}});
  request.requiredRevisionId = "ZVt6hPkwS9S8bQ";
  const auto result = slides().batchUpdate(request);

  const auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, std::string(kPresentations) + "/" + kDeckId + ":batchUpdate");
  EXPECT_EQ(jsonBody(sent), json({{"requests", request.requests},
                                  {"writeControl", {{"requiredRevisionId", "ZVt6hPkwS9S8bQ"}}}}));
  EXPECT_EQ(result.presentationId, kDeckId);
  EXPECT_EQ(result.replies[0]["createSlide"]["objectId"], "SLIDES_API1234567890_0");
  EXPECT_EQ(result.revisionId, "ZVt6hPkwS9S8bS");
}

TEST_F(SlidesTest, InputIsChecked) {
  const auto service = this->service("googleslides");
  expectInvalidArgument(*emulator_, "args.presentation_id",
                        [&] { (void)service.invoke("get_presentation", json::object()); });
  expectInvalidArgument(*emulator_, "args.presentation_id", [&] {
    (void)service.invoke("get_presentation", {{"presentation_id", ".."}});
  });
  expectInvalidArgument(*emulator_, "args.requests", [&] {
    (void)service.invoke("batch_update",
                         {{"presentation_id", kDeckId}, {"requests", json::array()}});
  });
  // Slides has no targetRevisionId: the argument is unknown.
  expectInvalidArgument(*emulator_, "args.target_revision_id", [&] {
    (void)service.invoke("batch_update", {{"presentation_id", kDeckId},
                                          {"requests", {{{"createSlide", json::object()}}}},
                                          {"target_revision_id", "x"}});
  });
}

TEST_F(SlidesTest, SlidesErrorsBecomeServiceErrors) {
  try {
    (void)slides().getPresentation("forbidden-presentation");
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.integrationType(), "googleslides");
    EXPECT_EQ(error.action(), "get_presentation");
    EXPECT_EQ(error.status(), 403);
    EXPECT_EQ(error.code(), "PERMISSION_DENIED");
    EXPECT_EQ(error.detail(), "The caller does not have permission");
  }
}

TEST_F(SlidesTest, Base44ProxySendsTheSameUpstreamRequests) {
  googleslides::BatchUpdateRequest update;
  update.presentationId = kDeckId;
  update.requests = json::array({{{"createSlide", json::object()}}});
  (void)slides().getPresentation(kDeckId);
  (void)slides().createPresentation("Deck");
  (void)slides().batchUpdate(update);
  const auto direct = requests();
  clearRequests();
  const auto deck = slides(viaProxy()).getPresentation(kDeckId);
  const auto created = slides(viaProxy()).createPresentation("Deck");
  const auto updated = slides(viaProxy()).batchUpdate(update);
  const auto proxied = requests();

  ASSERT_EQ(direct.size(), 3u);
  ASSERT_EQ(proxied.size(), 3u);
  for (std::size_t i = 0; i < direct.size(); ++i) {
    SCOPED_TRACE(direct[i].url);
    expectSameUpstreamRequest(direct[i], proxied[i]);
  }
  EXPECT_EQ(deck.slides.size(), 2u);
  EXPECT_EQ(created.title, "Deck");
  EXPECT_EQ(updated.presentationId, kDeckId);
}

}  // namespace
}  // namespace b44::adapter_tests
