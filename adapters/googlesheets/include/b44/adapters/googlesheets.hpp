#pragma once
// Typed helpers for the "googlesheets" adapter. Header-only: each helper
// builds the action's JSON arguments, calls ServiceClient::invoke and converts
// the JSON result; the host never links the adapter.
//
//   b44::googlesheets::Sheets sheets(registry.service("googlesheets", client));
//   auto range = sheets.getValues(spreadsheetId, "Sheet1!A1:C10");
//   sheets.appendValues({.spreadsheetId = spreadsheetId, .range = "Sheet1",
//                        .values = {{"Ada", 36}}});
//
// Every result keeps the Sheets JSON in `raw`. Cell values are JSON as Sheets
// sends them (formatted text by default).
#include <b44/service_client.hpp>
#include <b44/typed.hpp>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace b44::googlesheets {

// --- Requests -----------------------------------------------------------------

struct GetValuesRequest {
  std::optional<std::string> majorDimension;     // ROWS, COLUMNS
  std::optional<std::string> valueRenderOption;  // FORMATTED_VALUE, UNFORMATTED_VALUE, FORMULA
  std::optional<std::string> dateTimeRenderOption;
};

struct AppendValuesRequest {
  std::string spreadsheetId;
  std::string range;                                // where to find the table, e.g. "Sheet1!A:C"
  nlohmann::json values = nlohmann::json::array();  // rows: [["Ada", 36], ...]
  std::optional<std::string> valueInputOption;      // USER_ENTERED (default), RAW
  std::optional<std::string> insertDataOption;      // INSERT_ROWS, OVERWRITE
  std::optional<std::string> majorDimension;
  std::optional<bool> includeValuesInResponse;
};

struct CreateSpreadsheetRequest {
  std::string title;
  std::vector<std::string> sheetTitles;
  std::optional<std::string> locale;
  std::optional<std::string> timeZone;
};

// --- Results ------------------------------------------------------------------

struct ValueRange {
  std::string range;  // e.g. "'Class Data'!A1:C3"
  std::string majorDimension;
  std::vector<std::vector<nlohmann::json>> values;
  nlohmann::json raw;
};

struct AppendResult {
  std::string spreadsheetId;
  std::string tableRange;
  std::string updatedRange;
  std::int64_t updatedRows = 0;
  std::int64_t updatedColumns = 0;
  std::int64_t updatedCells = 0;
  nlohmann::json raw;
};

struct Spreadsheet {
  std::string spreadsheetId;
  std::string title;
  std::string spreadsheetUrl;
  std::vector<std::string> sheetTitles;
  nlohmann::json raw;
};

// --- JSON conversion ----------------------------------------------------------

inline nlohmann::json toJson(const AppendValuesRequest& request) {
  nlohmann::json args = {{"spreadsheet_id", request.spreadsheetId},
                         {"range", request.range},
                         {"values", request.values}};
  typed::setIf(args, "value_input_option", request.valueInputOption);
  typed::setIf(args, "insert_data_option", request.insertDataOption);
  typed::setIf(args, "major_dimension", request.majorDimension);
  typed::setIf(args, "include_values_in_response", request.includeValuesInResponse);
  return args;
}

inline nlohmann::json toJson(const CreateSpreadsheetRequest& request) {
  nlohmann::json args = {{"title", request.title}};
  typed::setIfNotEmpty(args, "sheet_titles", request.sheetTitles);
  typed::setIf(args, "locale", request.locale);
  typed::setIf(args, "time_zone", request.timeZone);
  return args;
}

inline ValueRange valueRangeFromJson(const nlohmann::json& json) {
  ValueRange range;
  range.range = typed::stringField(json, "range");
  range.majorDimension = typed::stringField(json, "majorDimension");
  for (const auto& row : typed::arrayField(json, "values")) {
    range.values.emplace_back();
    if (row.is_array()) range.values.back().assign(row.begin(), row.end());
  }
  range.raw = json;
  return range;
}

inline AppendResult appendResultFromJson(const nlohmann::json& json) {
  const auto& updates = typed::objectField(json, "updates");
  return AppendResult{.spreadsheetId = typed::stringField(json, "spreadsheetId"),
                      .tableRange = typed::stringField(json, "tableRange"),
                      .updatedRange = typed::stringField(updates, "updatedRange"),
                      .updatedRows = typed::intField(updates, "updatedRows"),
                      .updatedColumns = typed::intField(updates, "updatedColumns"),
                      .updatedCells = typed::intField(updates, "updatedCells"),
                      .raw = json};
}

inline Spreadsheet spreadsheetFromJson(const nlohmann::json& json) {
  Spreadsheet spreadsheet;
  spreadsheet.spreadsheetId = typed::stringField(json, "spreadsheetId");
  spreadsheet.title = typed::stringField(typed::objectField(json, "properties"), "title");
  spreadsheet.spreadsheetUrl = typed::stringField(json, "spreadsheetUrl");
  for (const auto& sheet : typed::arrayField(json, "sheets")) {
    spreadsheet.sheetTitles.push_back(
        typed::stringField(typed::objectField(sheet, "properties"), "title"));
  }
  spreadsheet.raw = json;
  return spreadsheet;
}

// --- The client ---------------------------------------------------------------

class Sheets {
 public:
  // `client` comes from registry.service("googlesheets", client[, options]).
  explicit Sheets(ServiceClient client) : client_(std::move(client)) {}

  ValueRange getValues(const std::string& spreadsheetId, const std::string& range,
                       const GetValuesRequest& request = {}) const {
    nlohmann::json args = {{"spreadsheet_id", spreadsheetId}, {"range", range}};
    typed::setIf(args, "major_dimension", request.majorDimension);
    typed::setIf(args, "value_render_option", request.valueRenderOption);
    typed::setIf(args, "date_time_render_option", request.dateTimeRenderOption);
    return valueRangeFromJson(client_.invoke("get_values", args));
  }

  AppendResult appendValues(const AppendValuesRequest& request) const {
    return appendResultFromJson(client_.invoke("append_values", toJson(request)));
  }

  Spreadsheet createSpreadsheet(const CreateSpreadsheetRequest& request) const {
    return spreadsheetFromJson(client_.invoke("create_spreadsheet", toJson(request)));
  }

  [[nodiscard]] const ServiceClient& client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace b44::googlesheets
