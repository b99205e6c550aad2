#include "support.hpp"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace b44::emulator::testing {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "b44-emulator-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::filesystem::path TempDir::write(const std::string& name, const std::string& text) const {
  const auto file = path_ / name;
  std::filesystem::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary);
  out << text;
  return file;
}

std::string readFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct HttpConnection::Session {
  Poco::Net::HTTPClientSession session;
};

HttpConnection::HttpConnection(const std::string& origin, std::chrono::milliseconds timeout)
    : session_(std::make_unique<Session>()) {
  const Poco::URI uri(origin);
  session_->session.setHost(uri.getHost());
  session_->session.setPort(uri.getPort());
  session_->session.setKeepAlive(true);
  session_->session.setTimeout(
      Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(timeout.count()) * 1000));
}

HttpConnection::~HttpConnection() = default;

HttpAnswer HttpConnection::send(const std::string& method, const std::string& target,
                                const HeaderList& headers, const std::string& body) {
  Poco::Net::HTTPRequest request(method, target, Poco::Net::HTTPMessage::HTTP_1_1);
  for (const auto& [name, value] : headers) request.set(name, value);
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    request.setContentLength(static_cast<std::streamsize>(body.size()));
  }
  request.setKeepAlive(true);
  std::ostream& out = session_->session.sendRequest(request);
  out << body;
  Poco::Net::HTTPResponse response;
  std::istream& in = session_->session.receiveResponse(response);
  HttpAnswer answer;
  answer.status = static_cast<int>(response.getStatus());
  for (const auto& [name, value] : response) {
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    answer.headers[lower] = value;
  }
  Poco::StreamCopier::copyToString(in, answer.body);
  return answer;
}

HttpAnswer httpRequest(const std::string& origin, const std::string& method,
                       const std::string& target, const HeaderList& headers,
                       const std::string& body) {
  HttpConnection connection(origin);
  return connection.send(method, target, headers, body);
}

}  // namespace b44::emulator::testing
