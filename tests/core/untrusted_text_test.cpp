// Text and JSON from outside: nesting measured before any walk, error texts
// made inert, tokens scrubbed, waits shown as people read them.
#include <b44/errors.hpp>
#include <b44/json.hpp>

#include <gtest/gtest.h>

namespace b44 {
namespace {

using namespace std::chrono_literals;

TEST(UntrustedJson, DepthIsMeasuredOutsideStringsOnly) {
  EXPECT_FALSE(jsonDeeperThan("[[[]]]", 3));
  EXPECT_TRUE(jsonDeeperThan("[[[[]]]]", 3));
  EXPECT_FALSE(jsonDeeperThan(R"({"a": "[[[[[[", "b": {"c": []}})", 3));
  EXPECT_FALSE(jsonDeeperThan(R"(["\"[[[[[[\\", []])", 2));  // escapes do not end the string
  EXPECT_TRUE(jsonDeeperThan(std::string(20'000, '['), kDefaultMaxJsonDepth));
}

TEST(UntrustedJson, TooDeepIsAProtocolErrorNamingTheLimitAndTheSource) {
  try {
    (void)parseUntrustedJson(std::string(300, '[') + std::string(300, ']'), "slack.post_message");
    FAIL() << "accepted";
  } catch (const ProtocolError& e) {
    EXPECT_NE(std::string(e.what()).find("slack.post_message"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("256 levels"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(parseUntrustedJson("{nope", "x").is_discarded());
  EXPECT_EQ(parseUntrustedJson(R"({"a": [1]})", "x")["a"][0], 1);
}

TEST(InertText, ControlCharactersAreEscapedAndTextIsBounded) {
  EXPECT_EQ(inertText("a\r\nb\tc\x1b[31m\x7f"), "a\\r\\nb\\tc\\x1b[31m\\x7f");
  EXPECT_EQ(inertText("caf\xc3\xa9 \xe2\x9c\x93"), "caf\xc3\xa9 \xe2\x9c\x93");  // UTF-8 kept
  EXPECT_EQ(inertText("\xc2\x9b"
                      "2J"),
            "\\xc2\\x9b2J");  // C1 CSI escaped
  EXPECT_EQ(inertText("bad \xff\xfe"), "bad \\xff\\xfe");
  EXPECT_EQ(inertText(std::string(50, 'a'), 10), std::string(10, 'a') + "... (40 more bytes)");
}

TEST(InertText, ServiceAndBase44ErrorsKeepOnlyInertText) {
  const ServiceError service("slack", "post_message", 400, "bad\ncode", "line\r\ninjected");
  EXPECT_EQ(std::string(service.what()).find('\n'), std::string::npos);
  EXPECT_EQ(service.detail(), "line\\r\\ninjected");
  const Base44Error base44(500, "c", "\x1b]0;title\x07", nullptr);
  EXPECT_EQ(std::string(base44.what()).find('\x1b'), std::string::npos);
}

TEST(Redaction, EverySecretIsScrubbedFromTextFieldsAndBody) {
  const std::string token = "xoxp-secret-token-1234";
  ServiceError error("slack", "auth_test", 401, "invalid " + token, "token " + token + " refused",
                     {{"echo", token}, {token, {"nested", "x" + token + "y"}}});
  error.redact({token, "", "abc"});  // empty and short secrets are ignored
  EXPECT_EQ(std::string(error.what()).find(token), std::string::npos) << error.what();
  EXPECT_EQ(error.code(), "invalid ****");
  EXPECT_EQ(error.body().dump().find(token), std::string::npos) << error.body().dump();
  EXPECT_EQ(error.body()["echo"], "****");
  EXPECT_EQ(error.body()["****"][1], "x****y");
}

TEST(Waits, AreShownAsPeopleReadThem) {
  EXPECT_EQ(humanDuration(750ms), "750 ms");
  EXPECT_EQ(humanDuration(6s), "6 s");
  EXPECT_EQ(humanDuration(125s), "2 min 5 s");
  EXPECT_EQ(humanDuration(std::chrono::seconds(999999)), "11 d 13 h");
  EXPECT_EQ(humanDuration(std::chrono::hours(1)), "1 h");
}

}  // namespace
}  // namespace b44
