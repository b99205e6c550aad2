#pragma once
// Helpers for the emulator tests: a temporary directory and a plain Poco HTTP
// client, so the tests exercise the emulator over real loopback HTTP without
// depending on the b44 core client.
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace b44::emulator::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  // Writes `text` to path()/name and returns the full path.
  std::filesystem::path write(const std::string& name, const std::string& text) const;

 private:
  std::filesystem::path path_;
};

std::string readFile(const std::filesystem::path& file);

struct HttpAnswer {
  int status = 0;
  std::map<std::string, std::string> headers;  // lowercase names
  std::string body;
  [[nodiscard]] nlohmann::json json() const { return nlohmann::json::parse(body); }
};

using HeaderList = std::map<std::string, std::string>;

// One keep-alive connection to "http://127.0.0.1:PORT".
class HttpConnection {
 public:
  explicit HttpConnection(const std::string& origin,
                          std::chrono::milliseconds timeout = std::chrono::seconds(20));
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;
  // A "host" entry in `headers` replaces the Host header.
  HttpAnswer send(const std::string& method, const std::string& target,
                  const HeaderList& headers = {}, const std::string& body = {});

 private:
  struct Session;
  std::unique_ptr<Session> session_;
};

// A single request on a fresh connection.
HttpAnswer httpRequest(const std::string& origin, const std::string& method,
                       const std::string& target, const HeaderList& headers = {},
                       const std::string& body = {});

}  // namespace b44::emulator::testing
