// Post a Slack message from C++ with the Slack adapter loaded at run time.
//
//   BASE44_APP_ID=... BASE44_SERVICE_TOKEN=... slack_post_message C0123456789 "Hello"
//
// The Base44 client comes from the environment (BASE44_API_URL points it at
// the emulator for offline runs, B44_CONNECT_TO sends the Slack request to the
// emulator's sandbox). Nothing here links the Slack adapter: the registry
// finds libb44_adapter_slack.so in its adapter directory.
#include <b44/adapters/slack.hpp>
#include <b44/errors.hpp>
#include <b44/registry.hpp>

#include <iostream>

int main(int argc, char** argv) {
  const std::string channel = argc > 1 ? argv[1] : "C0123456789";
  const std::string text = argc > 2 ? argv[2] : "Hello from C++ through Base44";
  try {
    b44::Registry registry;
    for (const auto& failure : registry.loadSearchPath()) {
      std::cerr << "warning: " << failure.path << ": " << failure.reason << '\n';
    }
    const b44::Client client = b44::Client::fromEnvironment();
    b44::slack::Slack slack(registry.service("slack", client));

    const b44::slack::PostedMessage posted = slack.postMessage(channel, text);
    std::cout << "posted to " << posted.channel << " as message " << posted.ts << ": \""
              << posted.message.text << "\"\n";
    return 0;
  } catch (const b44::Error& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
}
