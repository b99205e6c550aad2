#pragma once
// Progress of a walk over pages on stderr ("page 3, 150 items, 42 items/s"),
// shown when stderr is a terminal; B44_PROGRESS=always|never|auto (default
// auto) decides otherwise, and --quiet turns it off.
#include <chrono>
#include <cstddef>
#include <iosfwd>

namespace b44::cli {

// Whether progress is shown: not with --quiet; else B44_PROGRESS (a
// UsageError for a value other than always, never, auto or empty), where auto
// means "when stderr is a terminal".
bool progressShown(bool quiet);

class Progress {
 public:
  // Prints to `err` only when `shown`.
  Progress(std::ostream& err, bool shown);
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  // Ends the line if anything was printed (the walk finished or failed).
  ~Progress();

  // A page with `items` items arrived.
  void page(std::size_t items);
  // Ends the progress line, so that other text on stderr starts on its own
  // (the next page() draws it again).
  void pause();

 private:
  std::ostream& err_;
  bool shown_;
  std::size_t pages_ = 0;
  std::size_t items_ = 0;
  bool open_ = false;  // a progress line is on the screen, not yet ended
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace b44::cli
