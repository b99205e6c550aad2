#pragma once
// A GoogleMock ServiceConnection, for unit tests of code that uses
// ServiceClient or a typed helper, with no emulator and no network:
//
//   auto mock = std::make_shared<b44::mocks::MockServiceConnection>(slackSpec());
//   EXPECT_CALL(*mock, invokePage("post_message", testing::_))
//       .WillOnce(testing::Return(b44::Page{{{"ok", true}, {"ts", "1.2"}}, {}, {}}));
//   b44::slack::Slack slack(b44::ServiceClient(mock));
//   auto posted = slack.postMessage("C1", "hi");   // answered by the mock
//
// The spec given to the constructor is what spec() returns: name the actions
// a test pages through (pages() needs their pagination), or leave it empty.
// Header-only; link GTest::gmock.
#include <b44/service_client.hpp>

#include <gmock/gmock.h>

#include <string>
#include <utility>

namespace b44::mocks {

// A ServiceConnection whose calls a test sets with EXPECT_CALL; see the top of
// this header.
class MockServiceConnection : public ServiceConnection {
 public:
  // `spec` is what spec() returns.
  explicit MockServiceConnection(plugin::AdapterSpec spec = defaultSpec())
      : spec_(std::move(spec)) {}

  [[nodiscard]] const plugin::AdapterSpec& spec() const override { return spec_; }
  // ServiceConnection::invokePage, answered by the test's expectations.
  MOCK_METHOD(Page, invokePage, (std::string_view action, const nlohmann::json& args),
              (const, override));
  // ServiceConnection::request, answered by the test's expectations.
  MOCK_METHOD(RawResponse, request, (const RawRequest& request, const RequestOptions& options),
              (const, override));

  // A spec of type "mock" with no hosts or actions.
  static plugin::AdapterSpec defaultSpec() {
    plugin::AdapterSpec spec;
    spec.type = "mock";
    return spec;
  }

 private:
  plugin::AdapterSpec spec_;
};

}  // namespace b44::mocks
