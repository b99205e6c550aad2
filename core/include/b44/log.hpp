#pragma once
// Diagnostics are a callback, off by default. Whatever reaches it has had
// credential headers redacted by the send path.
#include <functional>
#include <string_view>

namespace b44 {

// How much a diagnostic matters: Debug (each request and answer), Info,
// Warning (a failed attempt).
enum class LogLevel { Debug, Info, Warning };
// Receives each diagnostic: its level and one line of text.
using LogSink = std::function<void(LogLevel, std::string_view)>;

// A sink that writes to stderr, for B44_LOG=debug.
LogSink stderrLogSink();

}  // namespace b44
