#pragma once
// A credential (access token, service token) that cannot be printed by accident.
//
// There is no implicit conversion to string and streaming prints a mask, so a
// token can only leave this type through an explicit call to reveal().
#include <iosfwd>
#include <string>
#include <string_view>

namespace b44 {

// A string that holds a credential; see the top of this header.
class Secret {
 public:
  // An empty secret (no credential).
  Secret() = default;
  // Takes the credential's raw value.
  explicit Secret(std::string value) : value_(std::move(value)) {}

  // The raw value. Call only where the secret is put on the wire (or shown on
  // explicit request, e.g. `get-connection --show-token`).
  [[nodiscard]] const std::string& reveal() const { return value_; }
  // True when there is no credential.
  [[nodiscard]] bool empty() const { return value_.empty(); }

  // A display form that never contains the secret: "****" plus the length.
  [[nodiscard]] std::string masked() const;

  // Compares the values, without revealing them.
  friend bool operator==(const Secret&, const Secret&) = default;

 private:
  std::string value_;
};

// Streams the masked form, never the value.
std::ostream& operator<<(std::ostream& out, const Secret& secret);

}  // namespace b44
