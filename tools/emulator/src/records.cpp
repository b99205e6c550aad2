#include "detail.hpp"

#include <b44/errors.hpp>
#include <b44/http.hpp>

#include <cstring>

namespace b44::emulator {

nlohmann::json RecordedRequest::toJson(bool redactCredentials) const {
  nlohmann::json headerJson = nlohmann::json::object();
  for (const auto& [name, value] : headers) {
    headerJson[name] = redactCredentials && b44::isCredentialHeader(name)
                           ? detail::redactCredential(value)
                           : value;
  }
  nlohmann::json out = {{"method", method},
                        {"url", url},
                        {"headers", std::move(headerJson)},
                        {"body", body ? nlohmann::json(*body) : nlohmann::json(nullptr)}};
  if (!fault.empty()) out["fault"] = fault;
  return out;
}

}  // namespace b44::emulator

namespace b44::emulator::detail {

RecordStore::RecordStore(std::filesystem::path recordFile, bool recordCredentials)
    : recordCredentials_(recordCredentials) {
  if (recordFile.empty()) return;
  file_.open(recordFile, std::ios::out | std::ios::app | std::ios::binary);
  if (!file_) {
    throw InvalidArgumentError("recordFile", "cannot open the record file " + recordFile.string() +
                                                 ": " + std::strerror(errno));
  }
}

void RecordStore::addSandbox(RecordedRequest request) {
  std::lock_guard lock(mutex_);
  if (file_.is_open()) {
    file_ << dumpJson(request.toJson(!recordCredentials_)) << '\n';
    file_.flush();  // readers (tests, scripts) see each request as it happens
  }
  sandbox_.push_back(std::move(request));
}

void RecordStore::addBase44(RecordedRequest request) {
  std::lock_guard lock(mutex_);
  base44_.push_back(std::move(request));
}

std::vector<RecordedRequest> RecordStore::sandbox() const {
  std::lock_guard lock(mutex_);
  return sandbox_;
}

std::vector<RecordedRequest> RecordStore::base44() const {
  std::lock_guard lock(mutex_);
  return base44_;
}

void RecordStore::clear() {
  std::lock_guard lock(mutex_);
  sandbox_.clear();
  base44_.clear();
}

}  // namespace b44::emulator::detail
