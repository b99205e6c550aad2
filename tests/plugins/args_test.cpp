#include <b44/errors.hpp>
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
