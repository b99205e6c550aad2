// What the BigQuery declaration (googlebigquery.json) cannot say as data:
// run_query's defaultDataset reference and its parameterMode, which depends on
// the parameters.
#include "google_family.hpp"

#include <b44/plugin/declared_adapter.hpp>

#include <string>

namespace {

namespace family = b44::google_family;
using b44::plugin::Args;
using b44::plugin::ServiceRequest;
using nlohmann::json;

// "dataset" or "project.dataset" -> a DatasetReference.
json datasetReference(const Args& args, const std::string& text) {
  const auto dot = text.rfind('.');
  const std::string project =
      dot == std::string::npos ? args.string("project_id") : text.substr(0, dot);
  const std::string dataset = dot == std::string::npos ? text : text.substr(dot + 1);
  if (project.empty() || dataset.empty()) {
    family::rejectArgument(args, "default_dataset", "must be \"dataset\" or \"project.dataset\"");
  }
  return {{"projectId", project}, {"datasetId", dataset}};
}

void buildRunQuery(const Args& args, ServiceRequest& request) {
  json body = family::jsonBody(request);
  if (auto dataset = args.optionalString("default_dataset")) {
    body["defaultDataset"] = datasetReference(args, *dataset);
  }
  if (args.has("query_parameters")) {
    const json& parameters = args.value("query_parameters");
    // Named parameters (@name) carry a name; positional ones (?) do not.
    const bool named =
        !parameters.empty() && parameters[0].is_object() && parameters[0].contains("name");
    body["parameterMode"] = args.optionalChoice("parameter_mode", {"NAMED", "POSITIONAL"})
                                .value_or(named ? "NAMED" : "POSITIONAL");
  }
  request.setJsonBody(body);
}

}  // namespace

B44_ADAPTER_HOOKS(hooks) { hooks.build("run_query", buildRunQuery); }
