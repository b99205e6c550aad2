// What the GitHub declaration (github.json) cannot say as data.
#include <b44/errors.hpp>
#include <b44/plugin/declared_adapter.hpp>

namespace {

using b44::plugin::Args;
using b44::plugin::ServiceRequest;

// list_repositories' start page: an integer, or its decimal text when the
// Pager resumes from a cursor taken from the Link header.
void addPageNumber(const Args& args, ServiceRequest& request) {
  const auto& value = args.value("page");
  if (value.is_null()) return;
  std::string text;
  if (value.is_number_integer()) text = value.dump();
  if (value.is_string()) text = value.get<std::string>();
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) {
    throw b44::InvalidArgumentError(
        "args.page", args.operation() + ": argument 'page' must be a page number (1, 2, ...)");
  }
  request.query.emplace_back("page", text);
}

}  // namespace

B44_ADAPTER_HOOKS(hooks) { hooks.build("page_number", addPageNumber); }
