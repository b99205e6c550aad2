// Download actions and byte bodies in a declared adapter, against the real
// emulator: which redirects a download follows (a pre-signed https link, once,
// without the token) and which it does not (plain http, an address, an action
// that answers JSON); text answers; and the declaration checks of the new
// fields.
#include <b44/errors.hpp>
#include <b44/plugin/declaration.hpp>
#include <b44/plugin/declared_adapter.hpp>
#include <b44/service_client.hpp>

#include "emulated_service.hpp"

#include <gtest/gtest.h>

namespace b44 {
namespace {

using nlohmann::json;

constexpr const char* kDeclaration = R"json({
  "type": "filer",
  "displayName": "Filer",
  "description": "Files.",
  "documentation": "https://filer.example/docs",
  "hosts": [{"name": "default", "baseUrl": "https://api.filer.example/v1",
             "allowedHosts": ["api.filer.example"]}],
  "actions": [
    {"name": "download", "description": "A file's bytes.", "path": "/files/{id}/content",
     "parameters": [{"name": "id", "required": true, "in": "path", "description": "The file."}],
     "result": {"download": true}, "example": {"id": "ok"}},
    {"name": "get", "description": "A file's metadata.", "path": "/files/{id}",
     "parameters": [{"name": "id", "required": true, "in": "path", "description": "The file."}],
     "example": {"id": "moved"}},
    {"name": "put", "description": "Stores bytes; answers text.", "method": "PUT",
     "path": "/files/{id}",
     "parameters": [{"name": "id", "required": true, "in": "path", "description": "The file."},
                    {"name": "data", "required": true, "in": "content", "format": "base64",
                     "description": "The bytes."}],
     "contentType": "application/pdf", "result": {"text": "answer"},
     "example": {"id": "ok", "data": "JVBERi0="}}
  ]
})json";

constexpr const char* kRoutes = R"({"routes": [
  {"method": "GET", "host": "api.filer.example", "path": "/v1/files/ok/content", "status": 302,
   "headers": {"location": "https://cdn.filer-files.example/signed/abc?sig=c2lnbmVkLWxpbmstc2VjcmV0"}},
  {"method": "GET", "host": "api.filer.example", "path": "/v1/files/plain/content", "status": 302,
   "headers": {"location": "http://cdn.filer-files.example/signed/abc?sig=1"}},
  {"method": "GET", "host": "api.filer.example", "path": "/v1/files/inside/content", "status": 302,
   "headers": {"location": "https://10.0.0.7/signed/abc?sig=1"}},
  {"method": "GET", "host": "api.filer.example", "path": "/v1/files/moved", "status": 302,
   "headers": {"location": "https://cdn.filer-files.example/signed/abc?sig=1"}},
  {"method": "GET", "host": "cdn.filer-files.example", "path": "/signed/abc",
   "headers": {"content-disposition": "attachment; filename=\"resume.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf"},
   "content_type": "application/pdf", "body_text": "%PDF-1.7 signed"},
  {"method": "PUT", "host": "api.filer.example", "path": "/v1/files/ok",
   "content_type": "text/plain", "body_text": "stored {{header.content-length}} bytes"},
  {"method": "PUT", "host": "api.filer.example", "path": "/v1/files/latin1",
   "content_type": "text/plain", "body_base64": "c3RvcmVk6Q=="}
]})";

class DownloadRedirects : public test_support::EmulatedServiceTest {
 protected:
  DownloadRedirects() {
    adapter_ = plugin::makeDeclaredAdapter(kDeclaration, "filer.json", plugin::Hooks{});
    routes_ = kRoutes;
    connections_ = json::parse(R"({"app_id": "app", "service_token": "svc",
      "connections": {"filer": {"access_token": "filer-token"}}})");
  }
  // The redirect error a download or action ends with, when one does.
  std::string redirectRefusal(const std::string& action, const std::string& id) {
    try {
      (void)service().invoke(action, {{"id", id}});
    } catch (const ServiceError& error) {
      EXPECT_EQ(error.code(), "redirect");
      return error.what();
    }
    ADD_FAILURE() << action << " " << id << " followed the redirect";
    return {};
  }
};

TEST_F(DownloadRedirects, APreSignedHttpsLinkIsFollowedOnceWithoutTheToken) {
  const Download file = service().download("download", {{"id", "ok"}});
  EXPECT_EQ(file.bytes, "%PDF-1.7 signed");
  EXPECT_EQ(file.contentType, "application/pdf");
  EXPECT_EQ(file.fileName, "r\xC3\xA9sum\xC3\xA9.pdf");  // filename* wins over filename
  const auto sent = emulator_->sandboxRequests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].headers.at("authorization"), "Bearer filer-token");
  EXPECT_EQ(sent[1].url, "https://cdn.filer-files.example/signed/abc?sig=c2lnbmVkLWxpbmstc2VjcmV0");
  EXPECT_EQ(sent[1].headers.count("authorization"), 0u);
  // The link's signature is a credential for the file: the log shows the
  // link without it.
  EXPECT_NE(log().find("GET https://cdn.filer-files.example/signed/abc?****"), std::string::npos)
      << log();
  EXPECT_EQ(log().find("c2lnbmVkLWxpbmstc2VjcmV0"), std::string::npos) << log();
}

TEST_F(DownloadRedirects, PlainHttpAnAddressOrAJsonActionAreNotFollowedOffTheHosts) {
  EXPECT_NE(redirectRefusal("download", "plain").find("cdn.filer-files.example"),
            std::string::npos);
  EXPECT_NE(redirectRefusal("download", "inside").find("10.0.0.7"), std::string::npos);
  (void)redirectRefusal("get", "moved");  // only a download leaves the declared hosts
  for (const auto& request : emulator_->sandboxRequests()) {
    EXPECT_TRUE(request.url.starts_with("https://api.filer.example/")) << request.url;
  }
}

TEST_F(DownloadRedirects, BytesGoAsTheBodyAndATextAnswerIsTheResult) {
  const json answer = service().invoke("put", {{"id", "ok"}, {"data", "JVBERi0xLjc="}});
  EXPECT_EQ(answer, json({{"answer", "stored 8 bytes"}}));
  const auto sent = emulator_->sandboxRequests();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].body.value_or(""), "%PDF-1.7");
  EXPECT_EQ(sent[0].headers.at("content-type"), "application/pdf");
  // A text answer that is not UTF-8 is no result.
  EXPECT_THROW((void)service().invoke("put", {{"id", "latin1"}, {"data", "YQ=="}}), ProtocolError);
}

TEST(DownloadDeclarations, TheNewFieldsAreCheckedWhereTheyAreWritten) {
  const auto problem = [](const std::string& action) {
    const std::string text = R"({"type": "t", "displayName": "T", "description": "d",
      "documentation": "https://t.example", "hosts": [{"name": "default",
      "baseUrl": "https://api.t.example", "allowedHosts": ["api.t.example"]}],
      "actions": [)" + action +
                             "]}";
    try {
      (void)plugin::parseDeclaration(text, "t.json");
    } catch (const PluginError& error) {
      return std::string(error.what());
    }
    return std::string("accepted");
  };
  const std::string head = R"({"name": "a", "description": "d", "path": "/a", )";
  EXPECT_NE(problem(head + R"("result": {"download": true, "wrap": "x"}})").find("give one of"),
            std::string::npos);
  EXPECT_NE(problem(head +
                    R"("parameters": [{"name": "c", "in": "query", "description": "d"}],
                       "pagination": {"style": "bodyCursor", "cursorPointer": "/n",
                       "cursorArgument": "c", "itemsPointer": "/i"},
                       "result": {"download": true}})")
                .find("cannot have a pagination"),
            std::string::npos);
  EXPECT_NE(problem(head + R"("parameters": [{"name": "c", "in": "query", "format": "base64",
                       "description": "d"}]})")
                .find("'base64' is for a content parameter"),
            std::string::npos);
  EXPECT_NE(problem(head + R"("parameters": [{"name": "c", "type": "object", "in": "content",
                       "description": "d"}]})")
                .find("a content parameter is a string"),
            std::string::npos);
  EXPECT_NE(problem(head + R"("method": "PUT", "body": "bytes"})").find("needs a parameter"),
            std::string::npos);
  EXPECT_EQ(problem(head + R"("result": {"download": true}})"), "accepted");
}

}  // namespace
}  // namespace b44
