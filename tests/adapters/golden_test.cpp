// The requests every adapter sends for its examples, and what it declares,
// compared with a file captured before adapters became declarations
// (tests/adapters/golden/<type>.json): moving an adapter to another form must
// not change one byte of what the service receives.
//
// After a deliberate change, rewrite the files with
//   B44_UPDATE_GOLDEN=1 build/tests/adapters/b44_adapter_tests --gtest_filter='*Golden*'
// and review the diff.
#include "support.hpp"

#include <b44/plugin/spec.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <typeinfo>

namespace b44::adapter_tests {
namespace {

class GoldenTest : public AdapterTest, public ::testing::WithParamInterface<std::string> {
 protected:
  [[nodiscard]] nlohmann::json connections() const override {
    return emulator::loadConnectionsFile(B44_DEMO_CONNECTIONS);
  }
};

// A request as the service saw it, with the connection's headers left out
// (the HTTP client's own) and the token redacted.
nlohmann::json captured(const emulator::RecordedRequest& request) {
  nlohmann::json json = request.toJson(/*redactCredentials=*/true);
  for (const char* name : {"host", "content-length", "connection", "accept-encoding"}) {
    json["headers"].erase(name);
  }
  return json;
}

// A value of a parameter's declared type, for the variants above.
nlohmann::json sampleValue(plugin::Parameter::Type type) {
  using Type = plugin::Parameter::Type;
  switch (type) {
    case Type::Integer:
      return 7;
    case Type::Boolean:
      return true;
    case Type::Number:
      return 2.5;
    case Type::Object:
      return {{"key", "value"}};
    case Type::Array:
      return {"a", "b"};
    case Type::Any:
      return "9";
    case Type::String:
      break;
  }
  return "sample-1";
}

TEST_P(GoldenTest, ExamplesSendTheCapturedRequestsAndTheSpecIsUnchanged) {
  const auto direct = service(GetParam());
  nlohmann::json now = {{"spec", plugin::toJson(direct.spec())},
                        {"requests", nlohmann::json::object()}};
  for (const auto& action : direct.spec().actions) {
    // The example, then the example with each parameter it leaves out added
    // (a value of the declared type): either the request sent or the error.
    std::vector<nlohmann::json> variants = {action.example};
    for (const auto& parameter : action.parameters) {
      if (action.example.contains(parameter.name)) continue;
      auto args = action.example;
      args[parameter.name] = sampleValue(parameter.type);
      variants.push_back(std::move(args));
    }
    for (const auto& args : variants) {
      clearRequests();
      nlohmann::json outcome = {{"args", args}};
      try {
        outcome["result"] = direct.invoke(action.name, args);
      } catch (const Error& error) {
        outcome["error"] = {{"kind", typeid(error).name()}, {"message", error.what()}};
        if (const auto* invalid = dynamic_cast<const InvalidArgumentError*>(&error)) {
          outcome["error"]["field"] = invalid->field();
        }
      }
      for (const auto& request : requests()) outcome["sent"].push_back(captured(request));
      now["requests"][action.name].push_back(std::move(outcome));
    }
  }
  const std::string path = std::string(B44_GOLDEN_DIR) + "/" + GetParam() + ".json";
  if (std::getenv("B44_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path) << now.dump(2) << "\n";
    GTEST_SKIP() << "rewrote " << path;
  }
  std::ifstream file(path);
  ASSERT_TRUE(file) << "no captured requests in " << path;
  const auto golden = nlohmann::json::parse(file);
  EXPECT_EQ(now.at("spec"), golden.at("spec"))
      << "the declaration changed:\n"
      << nlohmann::json::diff(golden.at("spec"), now.at("spec")).dump(1);
  for (const auto& [action, sent] : golden.at("requests").items()) {
    SCOPED_TRACE(action);
    ASSERT_TRUE(now["requests"].contains(action)) << "no request for " << action;
    EXPECT_EQ(now["requests"][action], sent)
        << "the request changed:\n"
        << nlohmann::json::diff(sent, now["requests"][action]).dump(1);
  }
  EXPECT_EQ(now["requests"].size(), golden.at("requests").size());
}

// One test per captured file (known when tests are listed, before any
// adapter is loaded); a type without a file fails below.
std::vector<std::string> capturedTypes() {
  std::vector<std::string> types;
  for (const auto& entry : std::filesystem::directory_iterator(B44_GOLDEN_DIR)) {
    if (entry.path().extension() == ".json") types.push_back(entry.path().stem().string());
  }
  std::sort(types.begin(), types.end());
  return types;
}

TEST(Golden, EveryLoadedTypeHasItsCapturedRequests) {
  EXPECT_EQ(capturedTypes(), registry().types());
}

INSTANTIATE_TEST_SUITE_P(Adapters, GoldenTest, ::testing::ValuesIn(capturedTypes()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace b44::adapter_tests
