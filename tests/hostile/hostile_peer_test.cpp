// A hostile service (and a hostile Base44), played by a raw TCP server on
// loopback that writes what no honest HTTP server would: headers cut off,
// bytes trickled one at a time, JSON nested twenty thousand levels deep,
// tokens echoed back, escape sequences, waits that overflow. Every case ends
// promptly with a precise b44::Error, and nothing it prints carries a token.
#include <b44/client.hpp>
#include <b44/emulator.hpp>
#include <b44/errors.hpp>
#include <b44/pipeline.hpp>
#include <b44/registry.hpp>
#include <b44/service_client.hpp>

#include <raw_server.hpp>

#include <test_registry.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <thread>

namespace b44 {
namespace {

using namespace std::chrono_literals;
using testing::RawServer;
using Clock = std::chrono::steady_clock;

constexpr const char* kToken = "ghp-hostile-peer-token-0123456789";
constexpr const char* kServiceToken = "svc-hostile-peer-token-0123456789";

Registry& registry() { return testing::testRegistry(); }

std::string deeplyNested(std::size_t levels) {
  return std::string(levels, '[') + std::string(levels, ']');
}

std::string answer(const std::string& statusLine, const std::string& headers,
                   const std::string& body) {
  return "HTTP/1.1 " + statusLine + "\r\n" + headers +
         "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

std::string jsonAnswer(const std::string& statusLine, const std::string& body,
                       const std::string& extraHeaders = "") {
  return answer(statusLine, "Content-Type: application/json\r\n" + extraHeaders, body);
}

// Writes `prefix`, then one byte every 50 ms for at most 10 s: long after any
// deadline in these tests, so a client that waits it out fails the test.
void trickle(Poco::Net::StreamSocket& socket, const std::string& prefix,
             const std::atomic<bool>& stopping) {
  RawServer::write(socket, prefix);
  const auto until = Clock::now() + 10s;
  while (!stopping && Clock::now() < until) {
    try {
      if (socket.sendBytes("x", 1) <= 0) return;
    } catch (const Poco::Exception&) {
      return;  // the client gave up, as it should
    }
    std::this_thread::sleep_for(50ms);  // the hostile pace, not synchronisation
  }
}

class HostilePeer : public ::testing::Test {
 protected:
  void SetUp() override {
    emulator::EmulatorOptions options;
    options.connections = {
        {"app_id", "app"},
        {"service_token", kServiceToken},
        {"connections", {{"github", {{"access_token", kToken}}}}},
        {"workspace_connectors",
         {{"conn_slack",
           {{"integration_type", "slack"}, {"access_token", "xoxp-other-service"}}}}}};
    options.routeFiles = {emulator::defaultRouteDirectory()};
    emulator_ = std::make_unique<emulator::Emulator>(options);
    emulator_->start();
  }

  // A client whose service requests go to `service` (Base44 is the emulator).
  Client client(const RawServer& service, std::chrono::milliseconds deadline = 5s,
                int attempts = 1) const {
    ClientOptions options;
    options.serverUrl = emulator_->base44Url();
    options.appId = "app";
    options.serviceToken = Secret(kServiceToken);
    options.transport.connectTo = service.url();
    options.retry.maxAttempts = attempts;
    options.retry.initialDelay = 1ms;
    options.retry.callDeadline = deadline;
    return Client(options);
  }

  ServiceClient github(const RawServer& service, std::chrono::milliseconds deadline = 5s,
                       int attempts = 1) const {
    return registry().service("github", client(service, deadline, attempts));
  }

  std::unique_ptr<emulator::Emulator> emulator_;
};

// ---- Deadlines that hold ----

TEST_F(HostilePeer, HeadersTrickledAByteAtATimeEndAtTheCallDeadline) {
  RawServer service([](auto& socket, const auto&, const auto& stopping) {
    trickle(socket, "HTTP/1.1 200 OK\r\nX-Slow: ", stopping);
  });
  const auto start = Clock::now();
  try {
    (void)github(service, 1s).invoke("get_authenticated_user");
    FAIL() << "a trickled answer was accepted";
  } catch (const TransportError& e) {
    EXPECT_EQ(e.kind(), TransportError::Kind::Timeout) << e.what();
    EXPECT_EQ(e.phase(), TransportError::Phase::MaybeSent);
  }
  const auto took = Clock::now() - start;
  EXPECT_LT(took, 1s + 500ms) << "the call deadline did not bound the read of the headers";
}

TEST_F(HostilePeer, ABodyTrickledAByteAtATimeEndsAtTheCallDeadline) {
  RawServer service([](auto& socket, const auto&, const auto& stopping) {
    trickle(socket,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n",
            stopping);
  });
  const auto start = Clock::now();
  EXPECT_THROW((void)github(service, 1s).invoke("get_authenticated_user"), TransportError);
  EXPECT_LT(Clock::now() - start, 1s + 500ms) << "the call deadline did not bound the body";
}

// ---- Answers that prove what they claim ----

TEST_F(HostilePeer, HeadersCutOffAreNeverASuccess) {
  RawServer service([](auto& socket, const auto&, const auto&) {
    RawServer::write(socket, "HTTP/1.1 201 Created\r\nX-A: b");
  });
  try {
    (void)github(service).invoke("create_issue", {{"owner", "o"}, {"repo", "r"}, {"title", "t"}});
    FAIL() << "a write was reported done on an answer cut off mid-headers";
  } catch (const TransportError& e) {
    EXPECT_EQ(e.phase(), TransportError::Phase::MaybeSent);
    EXPECT_NE(std::string(e.what()).find("before the end of the answer's headers"),
              std::string::npos)
        << e.what();
  }
}

TEST_F(HostilePeer, AnEmptySuccessOfAWriteIsNotShownAsDone) {
  RawServer service([](auto& socket, const auto&, const auto&) {
    RawServer::write(socket, answer("200 OK", "", ""));  // no body, no content type
  });
  try {
    (void)github(service).invoke("create_issue", {{"owner", "o"}, {"repo", "r"}, {"title", "t"}});
    FAIL() << "an empty answer was shown as the created issue";
  } catch (const ProtocolError& e) {
    EXPECT_NE(std::string(e.what()).find("github.create_issue"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("empty body"), std::string::npos) << e.what();
  }
}

// ---- Bounded JSON ----

TEST_F(HostilePeer, DeeplyNestedAnswersAreRefusedNamingTheLimitAdapterAndAction) {
  for (const std::string status : {"200 OK", "500 Internal Server Error"}) {
    RawServer service([&](auto& socket, const auto&, const auto&) {
      RawServer::write(socket, jsonAnswer(status, deeplyNested(20'000)));
    });
    try {
      (void)github(service).invoke("get_authenticated_user");
      FAIL() << status << ": a 20 000-level answer was accepted";
    } catch (const ProtocolError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("github.get_authenticated_user"), std::string::npos) << what;
      EXPECT_NE(what.find(std::to_string(kDefaultMaxJsonDepth)), std::string::npos) << what;
    }
  }
}

TEST_F(HostilePeer, DeeplyNestedRawAnswersAreRefusedToo) {
  RawServer service([](auto& socket, const auto&, const auto&) {
    RawServer::write(socket, jsonAnswer("200 OK", deeplyNested(20'000)));
  });
  RawRequest request;
  request.method = "GET";
  request.path = "/user";
  EXPECT_THROW((void)github(service).request(request), ProtocolError);
}

TEST_F(HostilePeer, TheDepthLimitIsConfigurable) {
  RawServer service([](auto& socket, const auto&, const auto&) {
    RawServer::write(socket, jsonAnswer("200 OK", "{\"login\": [[[[1]]]]}"));
  });
  auto options = client(service).options();
  options.transport.maxJsonDepth = 3;
  options.httpTransport = nullptr;
  EXPECT_THROW((void)registry().service("github", Client(options)).invoke("get_authenticated_user"),
               ProtocolError);
  options.transport.maxJsonDepth = 5;
  EXPECT_NO_THROW(
      (void)registry().service("github", Client(options)).invoke("get_authenticated_user"));
}

// ---- Untrusted text is inert ----

TEST_F(HostilePeer, AnEchoedTokenAndEscapeSequencesNeverReachTheErrorText) {
  const std::string body = nlohmann::json{
      {"message", std::string("Bad credentials: ") + kToken + " \x1b[2J\r\nInjected: line"},
      {"echo", kToken}}.dump();
  RawServer service([&](auto& socket, const auto&, const auto&) {
    RawServer::write(socket, jsonAnswer("403 Forbidden", body));
  });
  try {
    (void)github(service).invoke("get_authenticated_user");
    FAIL() << "no error";
  } catch (const ServiceError& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.find(kToken), std::string::npos) << what;
    EXPECT_EQ(e.detail().find(kToken), std::string::npos);
    EXPECT_EQ(e.body().dump().find(kToken), std::string::npos) << e.body().dump();
    EXPECT_EQ(what.find('\x1b'), std::string::npos);
    EXPECT_EQ(what.find('\r'), std::string::npos);
    EXPECT_EQ(what.find('\n'), std::string::npos);
    EXPECT_NE(what.find("\\x1b[2J\\r\\nInjected"), std::string::npos) << what;
  }
}

TEST_F(HostilePeer, ALongErrorTextIsCut) {
  const std::string body = nlohmann::json{{"message", std::string(100'000, 'm')}}.dump();
  RawServer service([&](auto& socket, const auto&, const auto&) {
    RawServer::write(socket, jsonAnswer("400 Bad Request", body));
  });
  try {
    (void)github(service).invoke("get_authenticated_user");
    FAIL() << "no error";
  } catch (const ServiceError& e) {
    EXPECT_LT(std::string(e.what()).size(), kMaxErrorTextBytes + 200);
    EXPECT_NE(std::string(e.what()).find("more bytes)"), std::string::npos);
  }
}

// ---- Honest rate limits ----

TEST_F(HostilePeer, AWaitThatOverflowsEndsTheCallAtOnceWithTheWaitAsked) {
  for (const std::string retryAfter :
       {"9223372036854776", "99999999999999999999999", "Fri, 31 Dec 9999 23:59:59 GMT"}) {
    RawServer service([&](auto& socket, const auto&, const auto&) {
      RawServer::write(socket, jsonAnswer("429 Too Many Requests", "{\"message\": \"slow down\"}",
                                          "Retry-After: " + retryAfter + "\r\n"));
    });
    const auto start = Clock::now();
    try {
      (void)github(service, 5s, 4).invoke("get_authenticated_user");
      FAIL() << retryAfter << ": no error";
    } catch (const RateLimitError& e) {
      ASSERT_TRUE(e.retryAfter().has_value()) << retryAfter;
      EXPECT_GT(*e.retryAfter(), std::chrono::hours(24 * 300)) << retryAfter;
      EXPECT_LE(*e.retryAfter(), kLongestAskedWait);
      EXPECT_EQ(e.status(), 429);
    }
    EXPECT_EQ(service.connections(), 1u) << retryAfter << ": re-sent sooner than asked";
    EXPECT_LT(Clock::now() - start, 2s);
  }
}

TEST_F(HostilePeer, ARateLimitErrorSaysHowLongTheServiceAsked) {
  RawServer service([](auto& socket, const auto&, const auto&) {
    RawServer::write(socket, jsonAnswer("429 Too Many Requests", "{\"message\": \"slow down\"}",
                                        "Retry-After: 999999\r\n"));
  });
  try {
    (void)github(service, 5s, 4).invoke("get_authenticated_user");
    FAIL() << "no error";
  } catch (const RateLimitError& e) {
    EXPECT_EQ(*e.retryAfter(), std::chrono::seconds(999999));
    EXPECT_NE(std::string(e.what()).find("retry after 11 d 13 h"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("slow down"), std::string::npos) << e.what();
  }
  EXPECT_EQ(service.connections(), 1u);
}

// ---- Redirects ----

TEST_F(HostilePeer, ARedirectElsewhereIsNotFollowedAndNamesTheHost) {
  RawServer service([](auto& socket, const auto&, const auto&) {
    RawServer::write(socket, answer("302 Found", "Location: https://evil.example/steal\r\n", ""));
  });
  try {
    (void)github(service).invoke("get_authenticated_user");
    FAIL() << "no error";
  } catch (const ServiceError& e) {
    EXPECT_EQ(e.code(), "redirect");
    EXPECT_NE(std::string(e.what()).find("evil.example"), std::string::npos) << e.what();
  }
  EXPECT_EQ(service.connections(), 1u);
}

TEST_F(HostilePeer, ARedirectWithinTheDeclaredHostsIsFollowedOnceForAGet) {
  RawServer service([](auto& socket, const std::string& request, const auto&) {
    if (request.starts_with("GET /user ")) {
      RawServer::write(socket, answer("301 Moved Permanently",
                                      "Location: https://api.github.com/user2\r\n", ""));
    } else if (request.starts_with("GET /user2 ")) {
      // The token belongs to this host: it travels with the second request.
      const bool authorized = request.find(std::string("Bearer ") + kToken) != std::string::npos;
      RawServer::write(
          socket, jsonAnswer("200 OK",
                             nlohmann::json{{"login", "octo"}, {"authorized", authorized}}.dump()));
    } else {
      RawServer::write(socket,
                       answer("302 Found", "Location: https://api.github.com/user\r\n", ""));
    }
  });
  const auto user = github(service).invoke("get_authenticated_user");
  EXPECT_EQ(user["login"], "octo");
  EXPECT_EQ(user["authorized"], true);
  EXPECT_EQ(service.connections(), 2u);
}

// ---- A hostile Base44 ----

class HostileBase44 : public ::testing::Test {
 protected:
  static Client client(const RawServer& base44) {
    ClientOptions options;
    options.serverUrl = base44.url();
    options.appId = "app";
    options.serviceToken = Secret(kServiceToken);
    options.retry.maxAttempts = 1;
    options.retry.callDeadline = 2s;
    return Client(options);
  }
};

TEST_F(HostileBase44, ADeeplyNestedAnswerIsAProtocolError) {
  RawServer base44([](auto& socket, const auto&, const auto&) {
    RawServer::write(socket, jsonAnswer("200 OK", deeplyNested(20'000)));
  });
  EXPECT_THROW((void)client(base44).connectors().getConnection("github"), ProtocolError);
}

TEST_F(HostileBase44, ADeeplyNestedErrorIsABase44ErrorKeptAsText) {
  RawServer base44([](auto& socket, const auto&, const auto&) {
    RawServer::write(socket, jsonAnswer("500 Internal Server Error", deeplyNested(20'000)));
  });
  try {
    (void)client(base44).connectors().getConnection("github");
    FAIL() << "no error";
  } catch (const Base44Error& e) {
    EXPECT_EQ(e.status(), 500);
    EXPECT_TRUE(e.data().is_string());
  }
}

TEST_F(HostileBase44, HeadersTrickledEndAtTheCallDeadline) {
  RawServer base44([](auto& socket, const auto&, const auto& stopping) {
    trickle(socket, "HTTP/1.1 200 OK\r\nX-Slow: ", stopping);
  });
  const auto start = Clock::now();
  EXPECT_THROW((void)client(base44).connectors().getConnection("github"), TransportError);
  EXPECT_LT(Clock::now() - start, 2s + 500ms);
}

TEST_F(HostileBase44, ATokenThatWouldBreakTheHeaderIsAProtocolError) {
  RawServer base44([](auto& socket, const auto&, const auto&) {
    RawServer::write(socket, jsonAnswer("200 OK", R"({"access_token": "abc\r\nX-Injected: 1",
                                                      "integration_type": "github"})"));
  });
  EXPECT_THROW((void)client(base44).connectors().getConnection("github"), ProtocolError);
}

TEST_F(HostileBase44, AConnectionForAnotherTypeIsRefused) {
  RawServer base44([](auto& socket, const auto&, const auto&) {
    RawServer::write(socket, jsonAnswer("200 OK", R"({"access_token": "xoxp-1234567",
                                                      "integration_type": "slack\u001b[31m"})"));
  });
  try {
    (void)client(base44).connectors().getConnection("github");
    FAIL() << "a Slack token was accepted as GitHub's";
  } catch (const ProtocolError& e) {
    EXPECT_EQ(std::string(e.what()).find('\x1b'), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("not for 'github'"), std::string::npos) << e.what();
  }
}

TEST_F(HostileBase44, AnErrorEchoingTheServiceTokenIsScrubbed) {
  RawServer base44([](auto& socket, const auto&, const auto&) {
    RawServer::write(socket,
                     jsonAnswer("403 Forbidden",
                                nlohmann::json{{"message", std::string("token ") + kServiceToken +
                                                               " is not allowed"}}
                                    .dump()));
  });
  try {
    (void)client(base44).connectors().getConnection("github");
    FAIL() << "no error";
  } catch (const Base44Error& e) {
    EXPECT_EQ(std::string(e.what()).find(kServiceToken), std::string::npos) << e.what();
    EXPECT_EQ(e.data().dump().find(kServiceToken), std::string::npos);
  }
}

TEST_F(HostilePeer, AWorkspaceConnectorOfAnotherTypeIsRefusedBeforeSending) {
  RawServer service([](auto& socket, const auto&, const auto&) {
    RawServer::write(socket, jsonAnswer("200 OK", "{}"));
  });
  ServiceOptions options;
  options.source = ConnectionSource::workspace("conn_slack");
  try {
    (void)registry().service("github", client(service), options).invoke("get_authenticated_user");
    FAIL() << "a Slack token was sent to GitHub";
  } catch (const InvalidArgumentError& e) {
    EXPECT_NE(std::string(e.what()).find("'slack' connection, not 'github'"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(service.connections(), 0u);
}

// ---- Configuration that cannot misroute ----

TEST(Configuration, ConnectToOnlyToLoopbackUnlessLoudlyAllowed) {
  TransportOptions options;
  options.connectTo = "http://10.1.2.3:8080";
  EXPECT_THROW((void)makePocoTransport(options), InvalidArgumentError);
  options.connectTo = "http://localhost:8080";
  EXPECT_NO_THROW((void)makePocoTransport(options));
  options.connectTo = "http://10.1.2.3:8080";
  options.connectToAnyHostInsecure = true;
  EXPECT_NO_THROW((void)makePocoTransport(options));
}

TEST(Configuration, AServerUrlWithQueryFragmentOrUserInfoIsRefused) {
  for (const std::string url :
       {"http://127.0.0.1:1/sub?x=1", "http://127.0.0.1:1/sub#f", "http://user:pw@127.0.0.1:1"}) {
    ClientOptions options;
    options.serverUrl = url;
    options.appId = "app";
    EXPECT_THROW((void)Client(options), InvalidArgumentError) << url;
  }
}

TEST(Configuration, TimeoutsAreParsedStrictly) {
  EXPECT_EQ(parseSeconds("--timeout", "2.5"), 2500ms);
  for (const std::string bad : {"", "0", "-1", "abc", "1e9", "5s", "nan"}) {
    EXPECT_THROW((void)parseSeconds("--timeout", bad), InvalidArgumentError) << bad;
  }
}

}  // namespace
}  // namespace b44
