// The readers generated typed helpers convert results with (b44/typed.hpp):
// a value of the expected type at a JSON pointer, or a default, never a throw.
#include <b44/errors.hpp>
#include <b44/typed.hpp>

#include <gtest/gtest.h>

namespace b44::typed {
namespace {

using nlohmann::json;

const json kAnswer = json::parse(R"({
  "id": "F1", "size": 42, "bytes": "9007199254740993", "odd": "12x", "ratio": 0.5, "shared": true, "folder": {}, "deleted": null,
  "owner": {"name": "Ada", "a/b": "slash", "m~n": "tilde"},
  "tags": ["x", 7, "y"], "items": [{"id": "a"}, {"id": "b"}]
})");

TEST(TypedReaders, ReadValuesAtPointersOrTheirDefaults) {
  EXPECT_EQ(stringAt(kAnswer, "/id"), "F1");
  EXPECT_EQ(stringAt(kAnswer, "/owner/name"), "Ada");
  EXPECT_EQ(stringAt(kAnswer, "/owner/a~1b"), "slash");
  EXPECT_EQ(stringAt(kAnswer, "/owner/m~0n"), "tilde");
  EXPECT_EQ(stringAt(kAnswer, "/items/1/id"), "b");
  EXPECT_EQ(integerAt(kAnswer, "/size"), 42);
  EXPECT_EQ(integerAt(kAnswer, "/bytes"), 9007199254740993) << "int64 as decimal text";
  EXPECT_EQ(integerAt(kAnswer, "/odd"), 0);
  EXPECT_DOUBLE_EQ(numberAt(kAnswer, "/ratio"), 0.5);
  EXPECT_TRUE(booleanAt(kAnswer, "/shared"));
  EXPECT_EQ(stringsAt(kAnswer, "/tags"), (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(jsonAt(kAnswer, "/owner")["name"], "Ada");

  // Missing, or of another type: the default.
  EXPECT_EQ(stringAt(kAnswer, "/size"), "");
  EXPECT_EQ(stringAt(kAnswer, "/owner/missing"), "");
  EXPECT_EQ(stringAt(kAnswer, "/items/9/id"), "");
  EXPECT_EQ(stringAt(kAnswer, "/items/x/id"), "");
  EXPECT_EQ(integerAt(kAnswer, "/ratio"), 0);
  EXPECT_FALSE(booleanAt(kAnswer, "/id"));
  EXPECT_TRUE(jsonAt(kAnswer, "/nothing").is_null());
  EXPECT_TRUE(objectAt(kAnswer, "/tags").empty());
  EXPECT_EQ(stringAt(json("text"), "/id"), "") << "not an object";
}

TEST(TypedReaders, PresenceIsAnythingButNull) {
  EXPECT_TRUE(presentAt(kAnswer, "/folder")) << "an empty facet is still there";
  EXPECT_FALSE(presentAt(kAnswer, "/deleted"));
  EXPECT_FALSE(presentAt(kAnswer, "/file"));
}

struct Item {
  std::string id;
};
void from_json(const json& value, Item& out) { out.id = stringAt(value, "/id"); }

TEST(TypedReaders, ArraysConvertEachElement) {
  const auto items = arrayOf<Item>(kAnswer, "/items");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[1].id, "b");
  EXPECT_TRUE(arrayOf<Item>(kAnswer, "/owner").empty());
  EXPECT_EQ(as<Item>(json{{"id", "c"}}).id, "c");
}

TEST(TypedReaders, ARequiredObjectIsThereOrAProtocolErrorNamesIt) {
  EXPECT_EQ(required(kAnswer, "/owner", "acme.get")["name"], "Ada");
  try {
    (void)required(kAnswer, "/id", "acme.get");
    FAIL() << "a string is not the object";
  } catch (const ProtocolError& error) {
    EXPECT_STREQ(error.what(), "acme.get: the answer has no object at /id");
  }
  EXPECT_THROW((void)required(kAnswer, "/user", "acme.get"), ProtocolError);
}

}  // namespace
}  // namespace b44::typed
