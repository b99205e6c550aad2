#include <b44/errors.hpp>
#include <b44/plugin/adapter.hpp>
#include <b44/plugin/args.hpp>
#include <b44/plugin/spec.hpp>

#include <gtest/gtest.h>

namespace b44::plugin {
namespace {

ActionSpec postMessage() {
  ActionSpec action;
  action.name = "post_message";
  action.parameters = {{"channel", Parameter::Type::String, true, "channel id"},
                       {"text", Parameter::Type::String, true, "text"},
                       {"limit", Parameter::Type::Integer, false, "n"},
                       {"blocks", Parameter::Type::Array, false, "blocks"}};
  return action;
}

std::string failureField(const nlohmann::json& args) {
  try {
    validateArguments(postMessage(), args, "slack.post_message");
  } catch (const InvalidArgumentError& e) {
    return e.field() + " | " + e.what();
  }
  return "accepted";
}

TEST(ValidateArguments, AcceptsDeclaredArgumentsOfTheirTypes) {
  EXPECT_EQ(
      failureField(
          {{"channel", "C1"}, {"text", "hi"}, {"limit", 5}, {"blocks", nlohmann::json::array()}}),
      "accepted");
  EXPECT_EQ(failureField({{"channel", "C1"}, {"text", "hi"}, {"limit", nullptr}}), "accepted");
}

TEST(ValidateArguments, NamesTheArgumentThatIsWrong) {
  EXPECT_EQ(failureField({{"text", "hi"}}).substr(0, 13), "args.channel ");
  EXPECT_NE(failureField({{"channel", 5}, {"text", "hi"}}).find("must be of type string"),
            std::string::npos);
  EXPECT_NE(failureField({{"channel", "C"}, {"text", "t"}, {"limit", "5"}}).find("args.limit"),
            std::string::npos);
  const auto unknown = failureField({{"channel", "C"}, {"txt", "t"}});
  EXPECT_NE(unknown.find("unknown argument 'txt'"), std::string::npos);
  EXPECT_NE(unknown.find("did you mean 'text'"), std::string::npos);
  EXPECT_NE(failureField(nlohmann::json::array()).find("must be a JSON object"), std::string::npos);
}

TEST(ArgsAccess, TypedGettersExplainMistakes) {
  const nlohmann::json json{{"s", "x"}, {"i", 3}, {"b", true}};
  const Args args(json, "t.a");
  EXPECT_EQ(args.string("s"), "x");
  EXPECT_EQ(args.integer("i"), 3);
  EXPECT_EQ(args.optionalBoolean("b"), true);
  EXPECT_FALSE(args.optionalString("missing"));
  EXPECT_TRUE(args.value("missing").is_null());
  EXPECT_THROW((void)args.string("missing"), InvalidArgumentError);
  EXPECT_THROW((void)args.integer("s"), InvalidArgumentError);
}

TEST(SpecJson, DescribesEverything) {
  AdapterSpec spec;
  spec.type = "t";
  spec.displayName = "T";
  spec.hosts = {{"default", "https://t.example/v1", {}}};
  spec.configFields = {ConfigField{.name = "host", .pattern = "^x$"}};
  spec.defaultHeaders = {{"X-Version", "1"}};
  auto action = postMessage();
  action.pagination = Pagination{Pagination::Style::BodyCursor, "/next", "cursor", "/items", ""};
  spec.actions = {action};
  const auto json = toJson(spec);
  EXPECT_EQ(json["hosts"][0]["base_url"], "https://t.example/v1");
  EXPECT_EQ(json["connection_config_fields"][0]["validation_pattern"], "^x$");
  EXPECT_EQ(json["auth"]["scheme"], "Bearer");
  EXPECT_EQ(json["default_headers"]["X-Version"], "1");
  EXPECT_EQ(json["actions"][0]["parameters"][2]["type"], "integer");
  EXPECT_EQ(json["actions"][0]["pagination"]["cursor_argument"], "cursor");
}

}  // namespace
}  // namespace b44::plugin

namespace b44::plugin {
namespace {

TEST(ArgsCopy, ToQueryWritesTextForms) {
  const nlohmann::json json{
      {"s", "a b"}, {"n", 5}, {"flag", false}, {"ids", {"x", "y"}}, {"obj", {{"k", 1}}}};
  const Args args(json, "t.a");
  ServiceRequest request;
  args.toQuery(request, "s");
  args.toQuery(request, "n", "limit");
  args.toQuery(request, "flag");
  args.toQuery(request, "ids");
  args.toQuery(request, "absent");
  EXPECT_EQ(request.query,
            (QueryParams{{"s", "a b"}, {"limit", "5"}, {"flag", "false"}, {"ids", "x,y"}}));
  EXPECT_THROW(args.toQuery(request, "obj"), InvalidArgumentError);
  nlohmann::json body = nlohmann::json::object();
  args.toBody(body, "obj");
  args.toBody(body, "n", "count");
  args.toBody(body, "absent");
  EXPECT_EQ(body, (nlohmann::json{{"obj", {{"k", 1}}}, {"count", 5}}));
}

TEST(ArgsCopy, OptionalChoiceNamesTheAllowedValues) {
  const nlohmann::json json{{"status", "Done"}, {"importance", "High"}};
  const Args args(json, "wrike.create_task");
  EXPECT_EQ(args.optionalChoice("importance", {"High", "Low"}), "High");
  EXPECT_FALSE(args.optionalChoice("missing", {"a"}));
  try {
    (void)args.optionalChoice("status", {"Active", "Completed"});
    FAIL();
  } catch (const InvalidArgumentError& e) {
    EXPECT_EQ(e.field(), "args.status");
    EXPECT_NE(std::string(e.what()).find("must be one of Active, Completed"), std::string::npos);
  }
}

TEST(PaginationShapes, FactoriesFillTheirStyle) {
  const auto cursor = bodyCursor("/next", "cursor", "/items", "/has_more");
  EXPECT_EQ(cursor.style, Pagination::Style::BodyCursor);
  EXPECT_EQ(cursor.hasMorePointer, "/has_more");
  EXPECT_EQ(linkHeader("page", "").style, Pagination::Style::LinkHeader);
  const auto next = nextUrl("/@odata.nextLink", "next_link", "/value");
  EXPECT_EQ(next.style, Pagination::Style::NextUrl);
  EXPECT_EQ(next.cursorPointer, "/@odata.nextLink");
}

}  // namespace
}  // namespace b44::plugin
