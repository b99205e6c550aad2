// What the Typeform declaration (typeform.json) cannot say as data.
#include <b44/errors.hpp>
#include <b44/plugin/declared_adapter.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace {

using b44::plugin::Args;
using b44::plugin::ServiceRequest;
using b44::plugin::ServiceResponse;
using nlohmann::json;

// A page number: an integer, or the decimal text a saved cursor carries.
std::optional<std::int64_t> pageNumber(const Args& args) {
  const json& value = args.value("page");
  if (value.is_null()) return std::nullopt;
  if (value.is_number_integer() && value.get<std::int64_t>() >= 1) return value.get<std::int64_t>();
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (!text.empty() && text.size() < 10 &&
        text.find_first_not_of("0123456789") == std::string::npos && text != "0") {
      return std::stoll(text);
    }
  }
  throw b44::InvalidArgumentError("args.page",
                                  args.operation() + ": 'page' must be a page number (1, 2, ...)");
}

// The page goes first, where it has always gone.
void addPageNumber(const Args& args, ServiceRequest& request) {
  if (auto page = pageNumber(args)) {
    request.query.emplace(request.query.begin(), "page", std::to_string(*page));
  }
}

// "b44_next_page" while page < page_count.
json addNextPage(const Args& args, json body, const ServiceResponse& /*response*/) {
  const std::int64_t page = pageNumber(args).value_or(1);
  if (body.is_object() && body.contains("page_count") && body["page_count"].is_number_integer() &&
      page < body["page_count"].get<std::int64_t>()) {
    body["b44_next_page"] = std::to_string(page + 1);
  }
  return body;
}

// "b44_next_before", the last item's token, while page_count > 1.
json addNextBefore(const Args& /*args*/, json body, const ServiceResponse& /*response*/) {
  if (!body.is_object()) return body;
  const json& items = body.contains("items") ? body["items"] : json();
  const bool more = body.contains("page_count") && body["page_count"].is_number_integer() &&
                    body["page_count"].get<std::int64_t>() > 1;
  if (more && items.is_array() && !items.empty() && items.back().is_object() &&
      items.back().contains("token") && items.back()["token"].is_string()) {
    body["b44_next_before"] = items.back()["token"];
  }
  return body;
}

}  // namespace

B44_ADAPTER_HOOKS(hooks) {
  hooks.build("page_number", addPageNumber);
  hooks.parse("next_page", addNextPage);
  hooks.parse("next_before", addNextBefore);
}
