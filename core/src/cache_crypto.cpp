#include "cache_crypto.hpp"

#include <b44/base64.hpp>
#include <b44/errors.hpp>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <memory>
#include <stdexcept>

namespace b44::detail {
namespace {

constexpr std::size_t kNonce = 12;
constexpr std::size_t kTag = 16;

std::array<unsigned char, 32> hmac(const unsigned char* key, std::size_t keySize,
                                   std::string_view text) {
  std::array<unsigned char, 32> out{};
  unsigned int size = 0;
  if (HMAC(EVP_sha256(), key, static_cast<int>(keySize),
           reinterpret_cast<const unsigned char*>(text.data()), text.size(), out.data(),
           &size) == nullptr) {
    throw std::runtime_error("HMAC-SHA-256 failed");
  }
  return out;
}

std::string hex(const unsigned char* bytes, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 0xf];
  }
  return out;
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

struct CipherDeleter {
  void operator()(EVP_CIPHER_CTX* context) const { EVP_CIPHER_CTX_free(context); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, CipherDeleter>;

}  // namespace

CacheCrypto::CacheCrypto(std::string_view name, const Secret& hexKey) {
  const std::string& text = hexKey.reveal();
  if (text.empty()) {
    throw InvalidArgumentError(std::string(name),
                               "is required with a Redis URL: the tokens cached in Redis are "
                               "encrypted with it (64 hexadecimal characters, e.g. from "
                               "`openssl rand -hex 32`, the same in every process)");
  }
  std::array<unsigned char, 32> key{};
  bool ok = text.size() == 64;
  for (std::size_t i = 0; ok && i < key.size(); ++i) {
    const int high = hexValue(text[2 * i]);
    const int low = hexValue(text[2 * i + 1]);
    ok = high >= 0 && low >= 0;
    key[i] = static_cast<unsigned char>(high * 16 + low);
  }
  if (!ok) {
    throw InvalidArgumentError(std::string(name),
                               "must be 64 hexadecimal characters (32 random bytes, e.g. from "
                               "`openssl rand -hex 32`); the value given has " +
                                   std::to_string(text.size()) + " characters or a non-hex one");
  }
  sealKey_ = hmac(key.data(), key.size(), "b44 shared cache: seal v1");
  macKey_ = hmac(key.data(), key.size(), "b44 shared cache: fingerprint v1");
  const auto id = hmac(key.data(), key.size(), "b44 shared cache: key id v1");
  keyId_ = hex(id.data(), 4);
}

namespace {

// AES-256-GCM one way or the other: `in` (size bytes) to `out`, with `aad`
// authenticated; sealing writes `tag`, opening checks it.
bool gcm(bool sealing, const unsigned char* key, const unsigned char* nonce, std::string_view aad,
         const unsigned char* in, std::size_t size, unsigned char* out, unsigned char* tag) {
  CipherContext cipher(EVP_CIPHER_CTX_new());
  const int enc = sealing ? 1 : 0;
  int n = 0;
  int last = 0;
  return cipher &&
         EVP_CipherInit_ex(cipher.get(), EVP_aes_256_gcm(), nullptr, key, nonce, enc) == 1 &&
         EVP_CipherUpdate(cipher.get(), nullptr, &n,
                          reinterpret_cast<const unsigned char*>(aad.data()),
                          static_cast<int>(aad.size())) == 1 &&
         EVP_CipherUpdate(cipher.get(), out, &n, in, static_cast<int>(size)) == 1 &&
         (sealing || EVP_CIPHER_CTX_ctrl(cipher.get(), EVP_CTRL_GCM_SET_TAG, kTag, tag) == 1) &&
         EVP_CipherFinal_ex(cipher.get(), out + n, &last) == 1 &&
         (!sealing || EVP_CIPHER_CTX_ctrl(cipher.get(), EVP_CTRL_GCM_GET_TAG, kTag, tag) == 1);
}

}  // namespace

std::string CacheCrypto::seal(std::string_view plaintext, std::string_view context) const {
  std::string out(kNonce + plaintext.size() + kTag, '\0');
  auto* bytes = reinterpret_cast<unsigned char*>(out.data());
  if (RAND_bytes(bytes, kNonce) != 1) throw std::runtime_error("no random bytes for a nonce");
  if (!gcm(true, sealKey_.data(), bytes, context,
           reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
           bytes + kNonce, bytes + kNonce + plaintext.size())) {
    throw std::runtime_error("AES-256-GCM encryption failed");
  }
  return base64Encode(out);
}

std::optional<std::string> CacheCrypto::open(std::string_view sealed,
                                             std::string_view context) const {
  auto raw = base64Decode(sealed);
  if (!raw || raw->size() < kNonce + kTag) return std::nullopt;
  auto* bytes = reinterpret_cast<unsigned char*>(raw->data());
  const std::size_t size = raw->size() - kNonce - kTag;
  std::string plaintext(size, '\0');
  if (!gcm(false, sealKey_.data(), bytes, context, bytes + kNonce, size,
           reinterpret_cast<unsigned char*>(plaintext.data()), bytes + kNonce + size)) {
    return std::nullopt;
  }
  return plaintext;
}

std::string CacheCrypto::randomHex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1) {
    throw std::runtime_error("no random bytes");
  }
  return hex(reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
}

std::string CacheCrypto::sha1Hex(std::string_view text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_Digest(text.data(), text.size(), digest.data(), &size, EVP_sha1(), nullptr) != 1) {
    throw std::runtime_error("SHA-1 failed");
  }
  return hex(digest.data(), size);
}

std::string CacheCrypto::fingerprint(std::string_view text) const {
  const auto mac = hmac(macKey_.data(), macKey_.size(), text);
  return hex(mac.data(), 16);
}

}  // namespace b44::detail
