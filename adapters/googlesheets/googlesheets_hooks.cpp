// What the Google Sheets declaration (googlesheets.json) cannot say as data.
#include "google_family.hpp"

#include <b44/plugin/declared_adapter.hpp>

namespace {

namespace family = b44::google_family;
using b44::plugin::Args;
using b44::plugin::ServiceRequest;

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

B44_ADAPTER_HOOKS(hooks) { hooks.build("sheet_titles", addSheets); }
