// What the Contentful declaration (contentful.json) cannot say as data.
#include <b44/plugin/declared_adapter.hpp>

namespace {

using b44::plugin::Args;
using b44::plugin::ServiceResponse;
using nlohmann::json;

// delete_entry: Contentful answers 204 No Content, and a result is an object.
// Error answers never get here (the error rules run first).
json deletedEntry(const Args& args, json body, const ServiceResponse& /*response*/) {
  json result = body.is_object() ? std::move(body) : json::object();
  result["deleted"] = true;
  result["entry_id"] = args.value("entry_id");
  return result;
}

}  // namespace

B44_ADAPTER_HOOKS(hooks) { hooks.parse("deleted_entry", deletedEntry); }
