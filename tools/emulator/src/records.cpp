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

RecordStore::RecordStore(std::filesystem::path recordFile, bool recordCredentials,
                         std::size_t maxRecords, const Redactor& redactor)
    : maxRecords_(maxRecords), recordCredentials_(recordCredentials), redactor_(redactor) {
  if (recordFile.empty()) return;
  file_.open(recordFile, std::ios::out | std::ios::app | std::ios::binary);
  if (!file_) {
    throw InvalidArgumentError("recordFile", "cannot open the record file " + recordFile.string() +
                                                 ": " + std::strerror(errno));
  }
}

void RecordStore::keep(std::deque<RecordedRequest>& records, std::size_t& dropped,
                       RecordedRequest request) {
  records.push_back(std::move(request));
  if (maxRecords_ == 0) return;
  while (records.size() > maxRecords_) {
    records.pop_front();
    ++dropped;
  }
}

void RecordStore::addSandbox(RecordedRequest request) {
  std::string line;
  if (file_.is_open()) {
    line = dumpJson(recordCredentials_ ? request.toJson(false) : redactor_.request(request));
  }
  std::lock_guard lock(mutex_);
  if (file_.is_open()) {
    file_ << line << '\n';
    file_.flush();  // readers (tests, scripts) see each request as it happens
  }
  keep(sandbox_, dropped_.sandbox, std::move(request));
}

void RecordStore::addBase44(RecordedRequest request) {
  std::lock_guard lock(mutex_);
  keep(base44_, dropped_.base44, std::move(request));
}

std::vector<RecordedRequest> RecordStore::sandbox() const {
  std::lock_guard lock(mutex_);
  return {sandbox_.begin(), sandbox_.end()};
}

std::vector<RecordedRequest> RecordStore::base44() const {
  std::lock_guard lock(mutex_);
  return {base44_.begin(), base44_.end()};
}

DroppedRecords RecordStore::dropped() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

void RecordStore::clear() {
  std::lock_guard lock(mutex_);
  sandbox_.clear();
  base44_.clear();
  dropped_ = {};
}

}  // namespace b44::emulator::detail
