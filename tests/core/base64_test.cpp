// The one base64 codec: RFC 4648's test vectors both ways, both alphabets,
// and a refusal for everything that is not base64.
#include <b44/base64.hpp>

#include <gtest/gtest.h>

#include <random>

namespace b44 {
namespace {

TEST(Base64, EncodesTheRfcVectors) {
  // RFC 4648 section 10.
  const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(base64Encode(plain), encoded);
    EXPECT_EQ(base64Decode(encoded), plain);
  }
}

TEST(Base64, UrlSafeSwapsTwoSymbolsAndDecodingTakesEitherAlphabet) {
  const std::string bytes("\xfb\xff\xbf", 3);
  EXPECT_EQ(base64Encode(bytes), "+/+/");
  EXPECT_EQ(base64Encode(bytes, /*urlSafe=*/true), "-_-_");
  EXPECT_EQ(base64Decode("+/+/"), bytes);
  EXPECT_EQ(base64Decode("-_-_"), bytes);
  EXPECT_EQ(base64Decode("Zm8"), "fo");  // padding optional (Gmail's base64url has none)
}

TEST(Base64, EveryByteStringSurvivesARoundTrip) {
  std::mt19937 random(7);
  for (std::size_t size = 0; size < 200; ++size) {
    std::string bytes(size, '\0');
    for (auto& byte : bytes) byte = static_cast<char>(random() & 0xFFU);
    for (const bool urlSafe : {false, true}) {
      EXPECT_EQ(base64Decode(base64Encode(bytes, urlSafe)), bytes) << size;
    }
  }
}

TEST(Base64, RefusesWhatIsNotBase64) {
  for (const char* text : {"Zm9v!", "Zm 9v", "Zm9v\n", "Z===", "Zg=a", "=Zg=", "Zm9vY",
                           "Zh==",  // leftover bits not zero: not the spelling of any byte
                           "Zg===", "Zm8=="}) {
    EXPECT_FALSE(base64Decode(text).has_value()) << text;
  }
}

}  // namespace
}  // namespace b44
