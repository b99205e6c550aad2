// The tokens the Base44 side hands out, and their rotation: a RotateToken
// fault gives a connection a new token and revokes the old one, as a service
// does when a token expires and the provider refreshes it.
#include "detail.hpp"

#include <b44/http.hpp>

namespace b44::emulator::detail {
namespace {

constexpr const char* kSections[] = {"connections", "workspace_connectors", "app_user_connectors"};

}  // namespace

TokenBook::TokenBook(const nlohmann::json& document) {
  for (const char* section : kSections) {
    if (!document.contains(section)) continue;
    for (const auto& [key, entry] : document.at(section).items()) {
      if (!entry.contains("access_token")) continue;
      const std::string name = std::string(section) + "/" + key;
      const std::string token = entry.at("access_token").get<std::string>();
      const std::string type = entry.contains("integration_type")
                                   ? entry.at("integration_type").get<std::string>()
                               : std::string(section) == "connections" ? key
                                                                       : std::string();
      current_[name] = token;
      // Two entries may share a token; the first keeps it.
      byToken_.emplace(token, Holder{name, type, false});
    }
  }
}

std::string TokenBook::current(const std::string& entry) const {
  std::lock_guard lock(mutex_);
  const auto found = current_.find(entry);
  return found == current_.end() ? std::string() : found->second;
}

std::optional<TokenBook::Holder> TokenBook::holder(const HeaderMap& headers) const {
  std::lock_guard lock(mutex_);
  for (const auto& [name, value] : headers) {
    if (!b44::isCredentialHeader(name)) continue;
    for (const std::string& candidate :
         {value, value.substr(value.find(' ') == std::string::npos ? 0 : value.find(' ') + 1)}) {
      if (const auto found = byToken_.find(candidate); found != byToken_.end()) {
        return found->second;
      }
    }
  }
  return std::nullopt;
}

void TokenBook::rotate(const std::string& entry) {
  std::lock_guard lock(mutex_);
  const auto found = current_.find(entry);
  if (found == current_.end()) return;
  const std::string old = found->second;
  auto& holder = byToken_.at(old);
  holder.revoked = true;
  Holder fresh{entry, holder.integrationType, false};
  // The new token keeps the first one's prefix (e.g. "xoxp-") and says what
  // it is; its length stays the same however often it rotates (give or take
  // the count's digits).
  const std::string first = old.substr(0, old.rfind(".rotated"));
  const std::string token = first + ".rotated" + std::to_string(++rotations_[entry]);
  found->second = token;
  byToken_[token] = fresh;
}

std::vector<std::string> TokenBook::all() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  out.reserve(byToken_.size());
  for (const auto& [token, holder] : byToken_) out.push_back(token);
  return out;
}

}  // namespace b44::emulator::detail
