#include <b44/secret.hpp>

#include <ostream>

namespace b44 {

std::string Secret::masked() const {
  if (value_.empty()) return "(none)";
  return "****(" + std::to_string(value_.size()) + " chars)";
}

std::ostream& operator<<(std::ostream& out, const Secret& secret) { return out << secret.masked(); }

}  // namespace b44
