#pragma once
// The --output file of `request`, and of `call` on a download action.
#include <string>
#include <string_view>

namespace b44::cli {

// Opened before the request is sent (created when missing, not yet emptied),
// so an unwritable path fails first; emptied when the body starts. Unless
// kept, a file this run created or began to overwrite is removed.
class OutputFile {
 public:
  explicit OutputFile(std::string path);
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  ~OutputFile();

  void write(std::string_view bytes);
  // The body is complete (an empty one leaves an empty file).
  void keep();

 private:
  void start();
  [[noreturn]] void fail(const char* what) const;

  std::string path_;
  int fd_ = -1;
  bool created_ = false;
  bool started_ = false;
  bool regular_ = false;
  bool kept_ = false;
};

}  // namespace b44::cli
