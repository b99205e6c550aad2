// What the Google Sheets declaration (googlesheets.json) cannot say as data.
#include "google_family.hpp"

#include <b44/plugin/declared_adapter.hpp>

namespace {

namespace family = b44::google_family;
using b44::plugin::Args;
using b44::plugin::ServiceRequest;

// append_values: every row of `values` is an array of cells.
void checkRows(const Args& args, ServiceRequest& /*request*/) {
  for (const auto& row : args.value("values")) {
    if (!row.is_array()) {
      family::rejectArgument(args, "values",
                             "must be an array of rows (arrays), e.g. [[\"Ada\", 36]]");
    }
  }
}

// create_spreadsheet: each sheet title becomes a sheet {properties {title}}.
void addSheets(const Args& args, ServiceRequest& request) {
  if (args.value("sheet_titles").empty()) return;
  auto body = family::jsonBody(request);
  for (const auto& title : args.value("sheet_titles")) {
    if (!title.is_string()) family::rejectArgument(args, "sheet_titles", "must hold strings");
    body["sheets"].push_back({{"properties", {{"title", title}}}});
  }
  request.setJsonBody(body);
}

}  // namespace

B44_ADAPTER_HOOKS(hooks) {
  hooks.build("rows_of_values", checkRows);
  hooks.build("sheet_titles", addSheets);
}
