#include "paging.hpp"

#include <algorithm>
#include <string_view>

namespace b44::detail {

std::string queryValue(const std::string& url, const std::string& name) {
  const auto question = url.find('?');
  if (question == std::string::npos) return {};
  std::string_view query(url);
  query.remove_prefix(question + 1);
  query = query.substr(0, query.find('#'));
  for (auto& [key, value] : parseQuery(query, /*plusIsSpace=*/true)) {
    if (key == name) return std::move(value);
  }
  return {};
}

std::string nextLink(const std::string& header) {
  std::size_t pos = 0;
  while ((pos = header.find('<', pos)) != std::string::npos) {
    const auto close = header.find('>', pos);
    if (close == std::string::npos) break;
    const auto nextEntry = header.find('<', close);
    const auto params = header.substr(
        close + 1, nextEntry == std::string::npos ? std::string::npos : nextEntry - close - 1);
    if (params.find("rel=\"next\"") != std::string::npos ||
        params.find("rel=next") != std::string::npos) {
      return header.substr(pos + 1, close - pos - 1);
    }
    pos = close;
  }
  return {};
}

std::optional<std::string> cursorText(const nlohmann::json& value) {
  if (value.is_string() && !value.get_ref<const std::string&>().empty()) {
    return value.get<std::string>();
  }
  if (value.is_number_integer()) return value.dump();
  return std::nullopt;
}

bool saysMore(const plugin::Pagination& pagination, const nlohmann::json& body) {
  if (pagination.hasMorePointer.empty()) return true;
  const nlohmann::json::json_pointer hasMore(pagination.hasMorePointer);
  return body.is_object() && body.contains(hasMore) && body.at(hasMore) == true;
}

std::optional<std::string> nextCursor(const plugin::Pagination& pagination,
                                      const nlohmann::json& result, const Headers& headers) {
  if (!saysMore(pagination, result)) return std::nullopt;
  if (pagination.style == plugin::Pagination::Style::LinkHeader) {
    const auto link = nextLink(headers.get("Link").value_or(""));
    if (link.empty()) return std::nullopt;
    auto value = queryValue(link, pagination.cursorArgument);
    if (value.empty()) return std::nullopt;
    return value;
  }
  if (pagination.cursorPointer.empty() || !result.is_object()) return std::nullopt;
  const nlohmann::json::json_pointer pointer(pagination.cursorPointer);
  if (!result.contains(pointer)) return std::nullopt;
  return cursorText(result.at(pointer));
}

nlohmann::json pageItems(const plugin::Pagination& pagination, const nlohmann::json& body) {
  if (pagination.itemsPointer.empty()) {
    return body.is_array() ? body : nlohmann::json::array();
  }
  const nlohmann::json::json_pointer pointer(pagination.itemsPointer);
  if ((body.is_object() || body.is_array()) && body.contains(pointer) &&
      body.at(pointer).is_array()) {
    return body.at(pointer);
  }
  return nlohmann::json::array();
}

}  // namespace b44::detail
