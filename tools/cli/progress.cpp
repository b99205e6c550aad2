#include "progress.hpp"

#include "command_line.hpp"

#include <unistd.h>

#include <cstdlib>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>

namespace b44::cli {

bool progressShown(bool quiet) {
  const char* setting = std::getenv("B44_PROGRESS");
  const std::string_view mode = setting == nullptr ? "" : setting;
  if (mode != "" && mode != "auto" && mode != "always" && mode != "never") {
    throw UsageError("B44_PROGRESS is '" + std::string(mode) + "'; it takes auto, always or never");
  }
  if (quiet || mode == "never") return false;
  return mode == "always" || ::isatty(STDERR_FILENO) == 1;
}

Progress::Progress(std::ostream& err, bool shown) : err_(err), shown_(shown) {}

Progress::~Progress() { pause(); }

void Progress::pause() {
  if (!open_) return;
  err_ << '\n' << std::flush;
  open_ = false;
}

void Progress::page(std::size_t items) {
  ++pages_;
  items_ += items;
  if (!shown_) return;
  std::ostringstream line;
  line << "\rb44-connectors: page " << pages_ << ", " << items_ << " item"
       << (items_ == 1 ? "" : "s");
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start_;
  if (elapsed.count() > 0.001) {
    line << ", " << std::fixed << std::setprecision(0)
         << static_cast<double>(items_) / elapsed.count() << " items/s";
  }
  // Spaces wipe what a longer previous line left.
  err_ << line.str() << "    " << std::flush;
  open_ = true;
}

}  // namespace b44::cli
