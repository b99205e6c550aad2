// The Google Sheets adapter (integration type "googlesheets").
//
// Checked against Google's official Sheets API v4 reference:
//   https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets.values/get
//       GET https://sheets.googleapis.com/v4/spreadsheets/{spreadsheetId}/values/{range};
//       range in A1 notation ("Sheet1!A1:C10", "Sheet1", "A:C", a named
//       range), percent-encoded in the path; majorDimension (ROWS, COLUMNS),
//       valueRenderOption (FORMATTED_VALUE, UNFORMATTED_VALUE, FORMULA),
//       dateTimeRenderOption (SERIAL_NUMBER, FORMATTED_STRING); answers a
//       ValueRange {range, majorDimension, values [[...]]} (trailing empty
//       rows and columns left out).
//   https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets.values/append
//       POST .../values/{range}:append; valueInputOption (required: RAW or
//       USER_ENTERED), insertDataOption (OVERWRITE, INSERT_ROWS),
//       includeValuesInResponse, responseValueRenderOption,
//       responseDateTimeRenderOption; body a ValueRange {majorDimension,
//       values}; answers {spreadsheetId, tableRange, updates {spreadsheetId,
//       updatedRange, updatedRows, updatedColumns, updatedCells}}.
//   https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets/create
//       POST .../v4/spreadsheets with a Spreadsheet body {properties {title,
//       locale, timeZone}, sheets [{properties {title}}]}; answers the
//       Spreadsheet {spreadsheetId, properties, sheets, spreadsheetUrl}.
//   https://developers.google.com/workspace/sheets/api/limits
//       quota errors are 429 RESOURCE_EXHAUSTED ("Too many requests").
#include "google_family.hpp"

#include <b44/plugin/export.hpp>
#include <b44/plugin/url.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace {

namespace family = b44::google_family;
using b44::plugin::ActionSpec;
using b44::plugin::Args;
using b44::plugin::ServiceRequest;
using Type = b44::plugin::Parameter::Type;
using nlohmann::json;

std::string rangePath(const Args& args) {
  return "/spreadsheets/" +
         b44::plugin::pathSegment(args.string("spreadsheet_id"), "spreadsheet_id") + "/values/" +
         b44::plugin::pathSegment(args.string("range"), "range");
}

void majorDimension(const Args& args, ServiceRequest& request) {
  if (auto dimension = args.optionalChoice("major_dimension", {"ROWS", "COLUMNS"})) {
    request.query.emplace_back("majorDimension", *dimension);
  }
}

ServiceRequest buildGetValues(const Args& args) {
  ServiceRequest request;
  request.path = rangePath(args);
  majorDimension(args, request);
  if (auto render = args.optionalChoice("value_render_option",
                                        {"FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA"})) {
    request.query.emplace_back("valueRenderOption", *render);
  }
  if (auto render =
          args.optionalChoice("date_time_render_option", {"SERIAL_NUMBER", "FORMATTED_STRING"})) {
    request.query.emplace_back("dateTimeRenderOption", *render);
  }
  return request;
}

ServiceRequest buildAppendValues(const Args& args) {
  const json& values = args.value("values");
  for (const auto& row : values) {
    if (!row.is_array()) {
      family::rejectArgument(args, "values",
                             "must be an array of rows (arrays), e.g. [[\"Ada\", 36]]");
    }
  }
  ServiceRequest request;
  request.method = "POST";
  request.path = rangePath(args) + ":append";
  request.query.emplace_back(
      "valueInputOption",
      args.optionalChoice("value_input_option", {"RAW", "USER_ENTERED"}).value_or("USER_ENTERED"));
  if (auto insert = args.optionalChoice("insert_data_option", {"OVERWRITE", "INSERT_ROWS"})) {
    request.query.emplace_back("insertDataOption", *insert);
  }
  args.toQuery(request, "include_values_in_response", "includeValuesInResponse");
  json body = {{"values", values}};
  args.toBody(body, "major_dimension", "majorDimension");
  request.setJsonBody(body);
  return request;
}

ServiceRequest buildCreateSpreadsheet(const Args& args) {
  json properties = {{"title", args.string("title")}};
  args.toBody(properties, "locale");
  args.toBody(properties, "time_zone", "timeZone");
  json body = {{"properties", properties}};
  for (const auto& title : args.value("sheet_titles")) {
    if (!title.is_string()) family::rejectArgument(args, "sheet_titles", "must hold strings");
    body["sheets"].push_back({{"properties", {{"title", title}}}});
  }
  ServiceRequest request;
  request.method = "POST";
  request.path = "/spreadsheets";
  request.setJsonBody(body);
  return request;
}

b44::plugin::Parameter spreadsheetParameter() {
  return {"spreadsheet_id", Type::String, true,
          "The spreadsheet's ID, from its URL docs.google.com/spreadsheets/d/<ID>/edit."};
}

class SheetsAdapter final : public family::GoogleAdapter {
 public:
  SheetsAdapter()
      : GoogleAdapter(family::googleSpec(
            "googlesheets", "Google Sheets",
            "Google Sheets API v4: read a range's values, append rows, create spreadsheets.",
            "https://developers.google.com/workspace/sheets/api/reference/rest",
            // No pagination: no Sheets API method pages (a values range comes
            // back whole):
            // https://developers.google.com/workspace/sheets/api/reference/rest
            {family::apiHost("default", "https://sheets.googleapis.com/v4")},
            family::QuotaSignals::Status429)) {
    addAction(
        ActionSpec{
            .name = "get_values",
            .description = "Reads the values of a range (spreadsheets.values.get).",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    spreadsheetParameter(),
                    {"range", Type::String, true,
                     "A1 notation, e.g. \"Sheet1!A1:C10\", \"Sheet1\" or a named range."},
                    {"major_dimension", Type::String, false, "ROWS (default) or COLUMNS."},
                    {"value_render_option", Type::String, false,
                     "FORMATTED_VALUE (default), UNFORMATTED_VALUE or FORMULA."},
                    {"date_time_render_option", Type::String, false,
                     "SERIAL_NUMBER (default) or FORMATTED_STRING (with unformatted values)."},
                },
            .example = {{"spreadsheet_id", "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms"},
                        {"range", "Class Data!A1:C3"}},
            .pagination = std::nullopt,
        },
        buildGetValues);
    addAction(
        ActionSpec{
            .name = "append_values",
            .description = "Appends rows after the table found in a range "
                           "(spreadsheets.values.append). Not retried once it may have arrived "
                           "(rows would be appended twice).",
            .method = "POST",
            .retrySafe = false,
            .parameters =
                {
                    spreadsheetParameter(),
                    {"range", Type::String, true,
                     "A1 range to find the table in, e.g. \"Sheet1!A:C\" or \"Sheet1\"."},
                    {"values", Type::Array, true,
                     "Rows of cell values, e.g. [[\"Ada\", 36], [\"Grace\", 45]]."},
                    {"value_input_option", Type::String, false,
                     "USER_ENTERED (default: parsed as if typed, formulas work) or RAW."},
                    {"insert_data_option", Type::String, false,
                     "INSERT_ROWS (insert new rows) or OVERWRITE (Google's default)."},
                    {"major_dimension", Type::String, false,
                     "ROWS (default: each inner array is a row) or COLUMNS."},
                    {"include_values_in_response", Type::Boolean, false,
                     "Return the appended cells' values."},
                },
            .example = {{"spreadsheet_id", "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms"},
                        {"range", "Class Data!A:C"},
                        {"values", {{"Ada", "Mathematics", 36}}}},
            .pagination = std::nullopt,
        },
        buildAppendValues);
    addAction(
        ActionSpec{
            .name = "create_spreadsheet",
            .description = "Creates a spreadsheet (spreadsheets.create). Not retried once it "
                           "may have arrived.",
            .method = "POST",
            .retrySafe = false,
            .parameters =
                {
                    {"title", Type::String, true, "The spreadsheet's title."},
                    {"sheet_titles", Type::Array, false,
                     "Titles of its sheets, e.g. [\"Data\", \"Summary\"] (default: one "
                     "\"Sheet1\")."},
                    {"locale", Type::String, false, "Locale, e.g. en_US or de_DE."},
                    {"time_zone", Type::String, false, "Time zone, e.g. Europe/Berlin."},
                },
            .example = {{"title", "Budget 2024"}, {"sheet_titles", {"Data", "Summary"}}},
            .pagination = std::nullopt,
        },
        buildCreateSpreadsheet);
  }
};

std::unique_ptr<b44::plugin::Adapter> makeSheetsAdapter(std::string_view /*type*/) {
  return std::make_unique<SheetsAdapter>();
}

}  // namespace

B44_PLUGIN("1.0.0", "googlesheets", makeSheetsAdapter)
