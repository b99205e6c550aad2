#include <b44/base64.hpp>

namespace b44 {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// The six bits of a symbol of either alphabet, or -1.
int symbolValue(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

}  // namespace

std::string base64Encode(std::string_view bytes, bool urlSafe) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  const auto symbol = [urlSafe](unsigned value) {
    const char c = kAlphabet[value & 63U];
    if (!urlSafe) return c;
    return c == '+' ? '-' : c == '/' ? '_' : c;
  };
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
    unsigned chunk = static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16U;
    if (n > 1) chunk |= static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8U;
    if (n > 2) chunk |= static_cast<unsigned char>(bytes[i + 2]);
    out += symbol(chunk >> 18U);
    out += symbol(chunk >> 12U);
    out += n > 1 ? symbol(chunk >> 6U) : '=';
    out += n > 2 ? symbol(chunk) : '=';
  }
  return out;
}

std::optional<std::string> base64Decode(std::string_view text) {
  std::size_t padding = 0;
  while (!text.empty() && text.back() == '=' && padding < 2) {
    text.remove_suffix(1);
    ++padding;
  }
  if (padding > 0 && (text.size() + padding) % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : text) {
    const int value = symbolValue(c);
    if (value < 0) return std::nullopt;  // also '=' inside the text
    buffer = (buffer << 6U) | static_cast<unsigned>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> static_cast<unsigned>(bits)) & 0xFFU);
    }
  }
  // 6 bits left: a group one symbol short of a byte. 2 or 4 bits left are the
  // tail of the last byte's symbol and must be zero (RFC 4648 section 3.5).
  if (bits >= 6) return std::nullopt;
  if ((buffer & ((1U << static_cast<unsigned>(bits)) - 1U)) != 0) return std::nullopt;
  return out;
}

}  // namespace b44
