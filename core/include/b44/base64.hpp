#pragma once
// Base64 (RFC 4648), the one codec every part uses: downloads handed out as
// JSON, uploads given as text, Base44's data_base64, sealed cache entries.
#include <optional>
#include <string>
#include <string_view>

namespace b44 {

// RFC 4648 base64 (section 4), or base64url (section 5) when `urlSafe`, with
// padding and no line breaks.
std::string base64Encode(std::string_view bytes, bool urlSafe = false);

// Decodes either alphabet, padding optional. Empty for anything else: a
// character outside both alphabets, padding inside the text, a group one
// character short of a byte, or leftover bits that are not zero.
std::optional<std::string> base64Decode(std::string_view text);

}  // namespace b44
