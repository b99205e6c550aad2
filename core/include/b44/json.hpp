#pragma once
// JSON that arrives from outside (a service's answer, Base44's, a command
// line) is parsed here. nlohmann's parser is iterative, but dumping, copying
// and comparing a value recurse once per level of nesting: a 40 KB answer of
// 20 000 nested arrays is enough to overflow the stack. Every untrusted text
// is therefore measured first, in one linear pass, and refused when it nests
// deeper than a limit; nothing downstream ever walks an unbounded depth.
#include <nlohmann/json.hpp>

#include <cstddef>
#include <string_view>

namespace b44 {

// The default nesting limit: far deeper than any real API answer (Google's
// deepest documents stay under 20 levels), far shallower than a stack.
inline constexpr std::size_t kDefaultMaxJsonDepth = 256;

// True when `text` nests arrays and objects deeper than `maxDepth` (brackets
// inside strings do not count). Linear time, no allocation.
bool jsonDeeperThan(std::string_view text, std::size_t maxDepth);

// Parses untrusted JSON. Text that is not JSON gives a discarded value
// (check is_discarded()), as nlohmann's non-throwing parse does; nesting
// deeper than `maxDepth` throws ProtocolError naming `what` and the limit.
nlohmann::json parseUntrustedJson(std::string_view text, std::string_view what,
                                  std::size_t maxDepth = kDefaultMaxJsonDepth);

}  // namespace b44
