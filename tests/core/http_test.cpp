#include <b44/errors.hpp>
#include <b44/http.hpp>
#include <b44/pipeline.hpp>
#include <b44/secret.hpp>

#include <gtest/gtest.h>

#include <sstream>

namespace b44 {
namespace {

TEST(Headers, LookupIgnoresCaseAndSetReplaces) {
  Headers headers{{"Content-Type", "a"}};
  headers.set("content-type", "b");
  EXPECT_EQ(headers.get("CONTENT-TYPE"), "b");
  EXPECT_EQ(headers.entries().size(), 1u);
  headers.remove("Content-type");
  EXPECT_FALSE(headers.contains("content-type"));
}

TEST(Headers, RejectsValuesThatBreakFramingWithoutEchoingThem) {
  Headers headers;
  for (const std::string& bad :
       std::vector<std::string>{"x\r\nInjected: 1", "x\n", std::string("x\0y", 3)}) {
    try {
      headers.set("X-Test", bad);
      FAIL() << "accepted a value with CR/LF/NUL";
    } catch (const InvalidArgumentError& e) {
      EXPECT_EQ(std::string(e.what()).find("Injected"), std::string::npos);
    }
  }
  EXPECT_THROW(headers.set("Bad Name", "v"), InvalidArgumentError);
  EXPECT_THROW(headers.set("", "v"), InvalidArgumentError);
}

TEST(Headers, CredentialHeadersAreRecognised) {
  for (const char* name : {"Authorization", "on-behalf-of", "Base44-Service-Authorization",
                           "X-Api-Key", "Cookie", "X-Auth-Token"}) {
    EXPECT_TRUE(isCredentialHeader(name)) << name;
  }
  for (const char* name : {"Content-Type", "Notion-Version", "X-App-Id"}) {
    EXPECT_FALSE(isCredentialHeader(name)) << name;
  }
}

TEST(Url, SplitKeepsEncodedSegmentsAndFindsPorts) {
  const auto url = splitUrl("https://Api.Example.com/v1/a%2Fb?x=1#frag");
  EXPECT_EQ(url.scheme, "https");
  EXPECT_EQ(url.host, "api.example.com");
  EXPECT_EQ(url.port, 443);
  EXPECT_FALSE(url.explicitPort);
  EXPECT_EQ(url.target, "/v1/a%2Fb?x=1");
  EXPECT_EQ(url.path(), "/v1/a%2Fb");
  EXPECT_EQ(url.fragment, "frag");
  const auto local = splitUrl("http://127.0.0.1:8080");
  EXPECT_EQ(local.port, 8080);
  EXPECT_EQ(local.target, "/");
  EXPECT_EQ(local.authority(), "127.0.0.1:8080");
  EXPECT_EQ(splitUrl("http://[::1]:9/x").host, "::1");
  EXPECT_EQ(splitUrl("https://user@evil.com/").userInfo, "user");
}

TEST(Url, SplitRejectsWhatIsNotAnAbsoluteHttpUrl) {
  for (const char* bad : {"/relative", "ftp://x/", "https://", "https://host:99999/",
                          "https://ho st/", "https://host\r\n/", "https://a\\b/"}) {
    EXPECT_THROW(splitUrl(bad), InvalidArgumentError) << bad;
  }
}

TEST(Url, LoopbackMeansLoopbackLiterals) {
  EXPECT_TRUE(isLoopbackHost("127.0.0.1"));
  EXPECT_TRUE(isLoopbackHost("127.1.2.3"));
  EXPECT_TRUE(isLoopbackHost("localhost"));
  EXPECT_TRUE(isLoopbackHost("::1"));
  EXPECT_FALSE(isLoopbackHost("127.evil.com"));
  EXPECT_FALSE(isLoopbackHost("127.0.0.1.evil.com"));
  EXPECT_FALSE(isLoopbackHost("10.0.0.1"));
  EXPECT_FALSE(isLoopbackHost("::ffff:10.0.0.1"));
  EXPECT_FALSE(isLoopbackHost("localhost.evil.com"));
  EXPECT_FALSE(isLoopbackHost(""));
}

TEST(Url, PercentEncodingMakesOneSegment) {
  EXPECT_EQ(percentEncode("a/b?c#d e%"), "a%2Fb%3Fc%23d%20e%25");
  EXPECT_EQ(percentEncode("safe-._~"), "safe-._~");
  EXPECT_EQ(percentDecode("a%2Fb+c", true), "a/b c");
  EXPECT_EQ(percentDecode("bad%zz%4"), "bad%zz%4");
  EXPECT_EQ(encodeQuery({{"q", "a b"}, {"n", "1"}}), "q=a%20b&n=1");
  // Every printable ASCII character but the unreserved ones is encoded.
  EXPECT_EQ(
      percentEncode(R"( !"#$%&'()*+,/:;<=>?@[\]^`{|}~)"),
      "%20%21%22%23%24%25%26%27%28%29%2A%2B%2C%2F%3A%3B%3C%3D%3E%3F%40%5B%5C%5D%5E%60%7B%7C%7D~");
  EXPECT_EQ(percentEncode("\x01\xC3\xA9"), "%01%C3%A9");
}

TEST(Url, QueryParsingKeepsOrderAndIsLenient) {
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(parseQuery("a=1&b&&c=x%2By+z&a=2", true),
            (Pairs{{"a", "1"}, {"b", ""}, {"c", "x+y z"}, {"a", "2"}}));
  EXPECT_EQ(parseQuery("c=x+y&bad=%zz", false), (Pairs{{"c", "x+y"}, {"bad", "%zz"}}));
  EXPECT_EQ(parseQuery("", true), Pairs{});
  // encodeQuery and parseQuery are inverses.
  const Pairs pairs{{"q", "a b&c=d"}, {"n", "\xE2\x82\xAC"}};
  EXPECT_EQ(parseQuery(encodeQuery(pairs), false), pairs);
}

TEST(RetryAfter, SecondsAndHttpDates) {
  const auto now = std::chrono::system_clock::from_time_t(1'700'000'000);
  EXPECT_EQ(parseRetryAfter("120", now), std::chrono::seconds(120));
  EXPECT_EQ(parseRetryAfter(" 3 ", now), std::chrono::seconds(3));
  // 1700000000 is Tue, 14 Nov 2023 22:13:20 GMT.
  EXPECT_EQ(parseRetryAfter("Tue, 14 Nov 2023 22:13:50 GMT", now), std::chrono::seconds(30));
  EXPECT_EQ(parseRetryAfter("Tue, 14 Nov 2023 22:00:00 GMT", now), std::chrono::milliseconds(0));
  EXPECT_FALSE(parseRetryAfter("soon", now));
  EXPECT_FALSE(parseRetryAfter("-5", now));
}

TEST(SecretValue, NeverPrintsItsValue) {
  const Secret secret("xoxp-very-secret");
  std::ostringstream out;
  out << secret;
  EXPECT_EQ(out.str().find("xoxp"), std::string::npos);
  EXPECT_EQ(secret.masked().find("secret"), std::string::npos);
  EXPECT_EQ(secret.reveal(), "xoxp-very-secret");
}

}  // namespace
}  // namespace b44
