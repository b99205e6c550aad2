#pragma once
// The emulator under test, running in-process with a small route file and a
// test adapter for callApi.
#include "support.hpp"

#include <b44/emulator.hpp>
#include <b44/plugin/basic_adapter.hpp>

#include <gtest/gtest.h>
#include <memory>
#include <string>

namespace b44::emulator::testing {

// A BasicAdapter with three hosts: a fixed default, a fixed second one, and
// one filled from connection config.
class ExampleAdapter : public b44::plugin::BasicAdapter {
 public:
  explicit ExampleAdapter(std::string type, std::string tokenHeader = "Authorization",
                          std::string tokenScheme = "Bearer")
      : BasicAdapter(makeSpec(std::move(type), std::move(tokenHeader), std::move(tokenScheme))) {
    b44::plugin::ActionSpec create;
    create.name = "create_thing";
    create.method = "POST";
    create.parameters = {{"name", b44::plugin::Parameter::Type::String, true, "the name"}};
    addAction(create, [](const b44::plugin::Args& args) {
      b44::plugin::ServiceRequest request;
      request.method = "POST";
      request.path = "/things";
      request.setJsonBody({{"name", args.string("name")}});
      return request;
    });
  }

  static b44::plugin::AdapterSpec makeSpec(std::string type, std::string tokenHeader,
                                           std::string tokenScheme) {
    b44::plugin::AdapterSpec spec;
    spec.type = std::move(type);
    spec.displayName = "Example";
    spec.secretHeaders = {"X-Example-Signature"};  // a second secret, declared
    spec.hosts = {{"default", "https://api.example.test/v1", {}},
                  {"upload", "https://upload.example.test", {}},
                  {"regional", "https://{host}", {".example.test"}}};
    b44::plugin::ConfigField host;
    host.name = "host";
    host.displayName = "Host";
    host.example = "eu.example.test";
    host.required = false;
    spec.configFields = {host};
    spec.token = {std::move(tokenHeader), std::move(tokenScheme)};
    return spec;
  }
};

inline const char* kConnections = R"({
  "app_id": "demo-app",
  "service_token": "svc-demo-token",
  "connections": {
    "example": {"access_token": "ex-token", "connection_config": {"region": "eu"}},
    "rawkey": {"access_token": "raw-token"},
    "hubspot": {"access_token": "hub-token", "metered": true},
    "broken": {"error": {"status": 500, "code": "boom", "message": "exploded"}},
    "regional": {"access_token": "reg-token", "connection_config": {"host": "eu.example.test"}},
    "badconfig": {"access_token": "bad-token", "connection_config": {"host": "evil.invalid"}},
    "noadapter": {"access_token": "na-token"}
  },
  "workspace_connectors": {"conn_ws_1": {"integration_type": "slack", "access_token": "xoxp-ws"}},
  "app_user_connectors": {"conn_user_1": {"integration_type": "slack", "access_token": "xoxp-user",
                                          "connection_config": {"team": "T1"}}}
})";

inline const char* kRoutes = R"({"routes": [
  {"method": "POST", "host": "api.example.test", "path": "/v1/things", "status": 201,
   "headers": {"x-request-id": "req-1"},
   "body": {"id": "th_1", "name": "{{body.name}}", "trace": "{{header.x-trace}}"}},
  {"method": "GET", "host": "api.example.test", "path": "/v1/text",
   "body_text": "plain {{query.word}}", "content_type": "text/plain"},
  {"method": "GET", "host": "api.example.test", "path": "/v1/missing", "status": 404,
   "body": {"error": "not_found"}},
  {"host": "upload.example.test", "path": "/files", "body": {"uploaded": true}},
  {"host": "*.example.test", "path": "/regional/{id}", "body": {"id": "{{path.id}}"}},
  {"method": "POST", "host": "slack.com", "path": "/api/chat.postMessage",
   "body": {"ok": true, "channel": "{{body.channel}}", "text": "{{body.message.text}}",
            "first": "{{body.items.0}}", "missing": "{{body.nope}}",
            "label": "to {{body.channel}} by {{header.x-user}}", "ts": "1700000000.000100"}},
  {"method": "GET", "host": "*.wrike.com", "path": "/api/v4/tasks/{taskId}",
   "body": {"data": [{"id": "{{path.taskId}}"}]}},
  {"method": "GET", "host": "slack.com", "path": "/api/conversations.list",
   "query": {"cursor": "page2"}, "body": {"page": 2}},
  {"method": "GET", "host": "slack.com", "path": "/api/conversations.list",
   "query": {"cursor": "*"}, "body": {"page": "other", "cursor": "{{query.cursor}}"}},
  {"method": "GET", "host": "slack.com", "path": "/api/conversations.list",
   "query": {"cursor": null, "limit": "10"}, "body": {"page": 1, "limit": 10}},
  {"method": "GET", "host": "slack.com", "path": "/api/conversations.list",
   "body": {"page": "fallback"}},
  {"method": "GET", "host": "slack.com", "path": "/api/order", "body": {"which": "first"}},
  {"method": "GET", "host": "slack.com", "path": "/api/order", "body": {"which": "second"}},
  {"method": "GET", "host": "load.test", "path": "/items/{n}", "body": {"n": "{{path.n}}"}},
  {"method": "POST", "host": "api.linear.test", "path": "/graphql",
   "body_match": {"query": "~viewer"}, "body": {"data": {"viewer": {"id": "u1"}}}},
  {"method": "POST", "host": "api.linear.test", "path": "/graphql",
   "body_match": {"query": "~issues", "variables.after": "c2"}, "body": {"page": 2}},
  {"method": "POST", "host": "api.linear.test", "path": "/graphql",
   "body_match": {"query": "~issues", "variables.after": null}, "body": {"page": 1}},
  {"method": "POST", "host": "api.linear.test", "path": "/graphql",
   "body_match": {"count": 5, "tag": "*"}, "body": {"matched": "count"}},
  {"method": "POST", "host": "api.linear.test", "path": "/graphql",
   "body_match": {"requests.1.kind": "replace"}, "body": {"matched": "second request"}}
]})";

class EmulatorTest : public ::testing::Test {
 protected:
  EmulatorTest() { options_ = defaultOptions(); }

  EmulatorOptions defaultOptions() {
    EmulatorOptions options;
    options.connections = nlohmann::json::parse(kConnections);
    options.routeFiles = {dir_.write("routes.json", kRoutes)};
    options.recordFile = dir_.path() / "record.jsonl";
    options.adapterLookup =
        [](std::string_view type) -> std::shared_ptr<const b44::plugin::Adapter> {
      if (type == "rawkey") return std::make_shared<ExampleAdapter>("rawkey", "X-Api-Key", "");
      if (type == "noadapter") return nullptr;
      return std::make_shared<ExampleAdapter>(std::string(type));
    };
    return options;
  }

  Emulator& emulator() {
    if (!emulator_) {
      emulator_ = std::make_unique<Emulator>(options_);
      emulator_->start();
    }
    return *emulator_;
  }

  static HeaderList serviceHeaders() {
    return {{"Authorization", "Bearer svc-demo-token"},
            {"X-App-Id", "demo-app"},
            {"Accept", "application/json"},
            {"Content-Type", "application/json"}};
  }

  HttpAnswer base44(const std::string& method, const std::string& target,
                    const HeaderList& headers = serviceHeaders(), const std::string& body = {}) {
    return httpRequest(emulator().base44Url(), method, target, headers, body);
  }

  HttpAnswer callApi(const std::string& type, const nlohmann::json& body) {
    return base44("POST", "/api/apps/demo-app/connectors/" + type + "/call", serviceHeaders(),
                  body.dump());
  }

  HttpAnswer sandbox(const std::string& method, const std::string& host, const std::string& target,
                     HeaderList headers = {}, const std::string& body = {}) {
    headers["Host"] = host;
    return httpRequest(emulator().sandboxUrl(), method, target, headers, body);
  }

  TempDir dir_;
  EmulatorOptions options_;
  std::unique_ptr<Emulator> emulator_;
};

}  // namespace b44::emulator::testing
