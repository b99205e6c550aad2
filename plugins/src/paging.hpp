#pragma once
// Where the next page starts, for actions and raw requests alike.
#include <b44/http.hpp>
#include <b44/plugin/spec.hpp>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace b44::detail {

// The URL of a Link header's rel="next" entry (RFC 8288), or empty.
std::string nextLink(const std::string& header);

// The decoded value of query parameter `name` in `url`, or empty.
std::string queryValue(const std::string& url, const std::string& name);

// An action's next cursor (LinkHeader: the cursor argument's value in the
// next link; otherwise the value at cursorPointer), absent on the last page.
std::optional<std::string> nextCursor(const plugin::Pagination& pagination,
                                      const nlohmann::json& result, const Headers& headers);

// The items of a page: the array at itemsPointer ("" = the body itself).
nlohmann::json pageItems(const plugin::Pagination& pagination, const nlohmann::json& body);

// False when hasMorePointer is declared and does not hold true.
bool saysMore(const plugin::Pagination& pagination, const nlohmann::json& body);

// A cursor value as text: a non-empty string, or an integer.
std::optional<std::string> cursorText(const nlohmann::json& value);

}  // namespace b44::detail
