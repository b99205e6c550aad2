#include <b44/errors.hpp>
#include <b44/json.hpp>

#include <string>

namespace b44 {

bool jsonDeeperThan(std::string_view text, std::size_t maxDepth) {
  std::size_t depth = 0;
  bool inString = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (inString) {
      if (c == '\\') {
        ++i;  // the escaped character cannot end the string
      } else if (c == '"') {
        inString = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        inString = true;
        break;
      case '[':
      case '{':
        if (++depth > maxDepth) return true;
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default:
        break;
    }
  }
  return false;
}

nlohmann::json parseUntrustedJson(std::string_view text, std::string_view what,
                                  std::size_t maxDepth) {
  if (jsonDeeperThan(text, maxDepth)) {
    throw ProtocolError(std::string(what) + ": the JSON (" + std::to_string(text.size()) +
                        " bytes) nests deeper than the limit of " + std::to_string(maxDepth) +
                        " levels");
  }
  return nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
}

}  // namespace b44
