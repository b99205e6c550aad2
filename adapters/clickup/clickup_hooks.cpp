// What the ClickUp declaration (clickup.json) cannot say as data.
#include <b44/errors.hpp>
#include <b44/plugin/declared_adapter.hpp>
#include <b44/typed.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace {

using b44::plugin::Args;
using b44::plugin::ServiceRequest;
using b44::plugin::ServiceResponse;
using nlohmann::json;

constexpr std::size_t kTasksPerPage = 100;

// The page number: an integer, or its decimal text when the Pager resumes
// from the cursor the previous page handed out.
std::optional<std::int64_t> pageNumber(const Args& args) {
  const json& value = args.value("page");
  if (value.is_null()) return std::nullopt;
  if (value.is_number_integer() && value.get<std::int64_t>() >= 0) return value.get<std::int64_t>();
  if (value.is_string() && !value.get_ref<const std::string&>().empty() &&
      value.get_ref<const std::string&>().size() < 10 &&
      value.get_ref<const std::string&>().find_first_not_of("0123456789") == std::string::npos) {
    return std::stoll(value.get<std::string>());
  }
  throw b44::InvalidArgumentError(
      "args.page", args.operation() + ": argument 'page' must be a page number (0, 1, ...)");
}

void addPageNumber(const Args& args, ServiceRequest& request) {
  for (const char* name : {"statuses", "assignees", "tags"}) {
    for (const auto& item : args.value(name)) {
      if (!item.is_string() && !item.is_number_integer()) {
        throw b44::InvalidArgumentError(
            "args." + std::string(name),
            args.operation() + ": argument '" + name + "' must be an array of strings or numbers");
      }
    }
  }
  if (auto page = pageNumber(args)) request.query.emplace_back("page", std::to_string(*page));
}

// "next_page", the following page number, while last_page says there is more
// (answers without last_page continue while pages are full).
json addNextPage(const Args& args, json body, const ServiceResponse& /*response*/) {
  if (!body.is_object()) return body;
  const auto& tasks = b44::typed::arrayField(body, "tasks");
  const bool more = body.contains("last_page") && body["last_page"].is_boolean()
                        ? !body["last_page"].get<bool>()
                        : tasks.size() >= kTasksPerPage;
  if (more && !tasks.empty()) body["next_page"] = pageNumber(args).value_or(0) + 1;
  return body;
}

}  // namespace

B44_ADAPTER_HOOKS(hooks) {
  hooks.build("page_number", addPageNumber);
  hooks.parse("next_page", addNextPage);
}
