#pragma once
// The typed-helper header of an adapter (b44/adapters/<type>.hpp), generated
// from its declaration: per action a request struct, a method, and for
// paginated actions an ItemPager; per declared struct a result type with its
// fields and `raw`. See docs/adapter-declarations.md, "Typed helpers".
#include <b44/plugin/declaration.hpp>

#include <string>

namespace b44::declare {

// `sourceName` is the declaration's file name, for the "generated from" line.
std::string typedHeader(const plugin::AdapterSpec& spec, const plugin::TypedHelpers& helpers,
                        const std::string& sourceName);

// `text` escaped for a C++ string literal (quotes and backslashes).
std::string cppEscaped(const std::string& text);

}  // namespace b44::declare
