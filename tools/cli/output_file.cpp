#include "output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <system_error>
#include <utility>

namespace b44::cli {

OutputFile::OutputFile(std::string path) : path_(std::move(path)) {
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  created_ = fd_ >= 0;
  if (fd_ < 0 && errno == EEXIST) fd_ = ::open(path_.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd_ < 0) fail("cannot open");
}

OutputFile::~OutputFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!kept_ && (created_ || (started_ && regular_))) ::unlink(path_.c_str());
}

void OutputFile::write(std::string_view bytes) {
  start();
  while (!bytes.empty()) {
    const auto written = ::write(fd_, bytes.data(), bytes.size());
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) fail("cannot write");
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
}

void OutputFile::keep() {
  start();
  if (::close(std::exchange(fd_, -1)) != 0) fail("cannot write");
  kept_ = true;
}

void OutputFile::start() {
  if (std::exchange(started_, true)) return;
  struct stat info {};
  regular_ = ::fstat(fd_, &info) == 0 && S_ISREG(info.st_mode);
  if (regular_ && ::ftruncate(fd_, 0) != 0) fail("cannot empty");
}

void OutputFile::fail(const char* what) const {
  const std::error_code error(errno, std::generic_category());
  throw std::runtime_error(std::string("--output: ") + what + " " + path_ + ": " + error.message());
}

}  // namespace b44::cli
