#pragma once
// The shared cache's cryptography (docs/adr/0009-shared-cache-on-redis.md):
// from one 32-byte key, an AES-256-GCM key that seals what goes to Redis
// (bound to the Redis key it is stored under), an HMAC-SHA-256 key for token
// fingerprints (compared in Redis, never the token itself), and a short key
// id that keeps processes with different keys apart.
#include <b44/secret.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace b44::detail {

class CacheCrypto {
 public:
  // `hexKey`: 64 hexadecimal characters; InvalidArgumentError naming `name`
  // otherwise (the message never quotes the key).
  CacheCrypto(std::string_view name, const Secret& hexKey);

  // nonce | ciphertext | tag, base64; `context` (the Redis key) is
  // authenticated with it.
  [[nodiscard]] std::string seal(std::string_view plaintext, std::string_view context) const;
  // The plaintext, or nullopt when `sealed` was not made by seal() with this
  // key and this context (tampered, moved to another key, or another key).
  [[nodiscard]] std::optional<std::string> open(std::string_view sealed,
                                                std::string_view context) const;
  // 32 hexadecimal characters: HMAC-SHA-256 of `text`, truncated.
  [[nodiscard]] std::string fingerprint(std::string_view text) const;
  // 2 * `bytes` hexadecimal characters from the system's random source.
  [[nodiscard]] static std::string randomHex(std::size_t bytes);
  // 40 hexadecimal characters: SHA-1 of `text` (a Lua script's name for
  // EVALSHA; no secret involved).
  [[nodiscard]] static std::string sha1Hex(std::string_view text);
  // 8 hexadecimal characters naming the key (not revealing it).
  [[nodiscard]] const std::string& keyId() const { return keyId_; }

 private:
  std::array<unsigned char, 32> sealKey_{};
  std::array<unsigned char, 32> macKey_{};
  std::string keyId_;
};

}  // namespace b44::detail
