// What the Notion declaration (notion.json) cannot say as data.
#include <b44/errors.hpp>
#include <b44/plugin/declared_adapter.hpp>

#include <string>

namespace {

using b44::plugin::Args;
using b44::plugin::ServiceRequest;
using nlohmann::json;

// Exactly one of parent, parent_page_id and parent_database_id (the
// declaration has already put it at /parent); 'title' into the title
// property, whose usual name depends on the parent's kind.
void pageParentAndTitle(const Args& args, ServiceRequest& request) {
  const int given = (args.has("parent") ? 1 : 0) + (args.has("parent_page_id") ? 1 : 0) +
                    (args.has("parent_database_id") ? 1 : 0);
  if (given != 1) {
    throw b44::InvalidArgumentError("args.parent",
                                    args.operation() +
                                        ": give exactly one of 'parent', 'parent_page_id' or "
                                        "'parent_database_id'");
  }
  auto title = args.optionalString("title");
  if (!title) return;
  json body = json::parse(request.body);
  // A page parent allows only "title"; a database's title property is
  // usually "Name" unless the caller says otherwise.
  const std::string property =
      args.optionalString("title_property")
          .value_or(body["parent"].contains("database_id") ? "Name" : "title");
  body["properties"][property] = {
      {"title", json::array({{{"type", "text"}, {"text", {{"content", *title}}}}})}};
  request.setJsonBody(body);
}

}  // namespace

B44_ADAPTER_HOOKS(hooks) { hooks.build("page_parent_and_title", pageParentAndTitle); }
