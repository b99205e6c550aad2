// The googlesheets adapter and its typed helpers against the emulator's Sheets
// sandbox.
#include "google_support.hpp"

#include <b44/adapters/googlesheets.hpp>

namespace b44::adapter_tests {
namespace {

using nlohmann::json;

constexpr const char* kSheetId = "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms";
constexpr const char* kSpreadsheets = "https://sheets.googleapis.com/v4/spreadsheets";

// The titles of a spreadsheet's sheets, in order.
std::vector<std::string> sheetTitles(const googlesheets::Spreadsheet& spreadsheet) {
  std::vector<std::string> titles;
  for (const auto& sheet : spreadsheet.sheets) titles.push_back(sheet.title);
  return titles;
}

class SheetsTest : public GoogleAdapterTest {
 protected:
  [[nodiscard]] googlesheets::Sheets sheets(ServiceOptions options = {}) const {
    return googlesheets::Sheets(service("googlesheets", std::move(options)));
  }
  static std::string values(const std::string& encodedRange) {
    return std::string(kSpreadsheets) + "/" + kSheetId + "/values/" + encodedRange;
  }
};

TEST_F(SheetsTest, GetValuesEncodesTheRangeAsOnePathSegment) {
  googlesheets::GetValuesRequest request;
  request.spreadsheetId = kSheetId;
  request.range = "Class Data!A1:C3";
  request.valueRenderOption = "UNFORMATTED_VALUE";
  request.dateTimeRenderOption = "FORMATTED_STRING";
  request.majorDimension = "ROWS";
  const auto range = sheets().getValues(request);

  const auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "GET");
  EXPECT_EQ(sent.url, values("Class%20Data%21A1%3AC3") +
                          "?majorDimension=ROWS&valueRenderOption=UNFORMATTED_VALUE"
                          "&dateTimeRenderOption=FORMATTED_STRING");
  EXPECT_EQ(header(sent, "authorization"), bearer(appToken("googlesheets")));
  EXPECT_EQ(range.range, "'Class Data'!A1:C3");
  EXPECT_EQ(range.majorDimension, "ROWS");
  ASSERT_EQ(range.values.size(), 3u);
  EXPECT_EQ(range.values[0], json::array({"Student Name", "Major", "Age"}));
  EXPECT_EQ(range.values[2][0], "Andrew");
}

TEST_F(SheetsTest, AppendValuesDefaultsToUserEntered) {
  googlesheets::AppendValuesRequest request;
  request.spreadsheetId = kSheetId;
  request.range = "Class Data!A:C";
  request.values = json::array({{"Ada", "Mathematics", 36}, {"Grace", "=1+1", nullptr}});
  request.insertDataOption = "INSERT_ROWS";
  const auto result = sheets().appendValues(request);

  const auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, values("Class%20Data%21A%3AC:append") +
                          "?valueInputOption=USER_ENTERED&insertDataOption=INSERT_ROWS");
  EXPECT_EQ(header(sent, "content-type"), "application/json");
  EXPECT_EQ(jsonBody(sent), json({{"values", request.values}}));
  EXPECT_EQ(result.spreadsheetId, kSheetId);
  EXPECT_EQ(result.tableRange, "'Class Data'!A1:C3");
  EXPECT_EQ(result.updatedRange, "'Class Data'!A4:C4");
  EXPECT_EQ(result.updatedRows, 1);
  EXPECT_EQ(result.updatedCells, 3);

  clearRequests();
  request.valueInputOption = "RAW";
  request.majorDimension = "COLUMNS";
  request.includeValuesInResponse = true;
  request.insertDataOption.reset();
  request.range = "Sheet1";
  (void)sheets().appendValues(request);
  const auto raw = onlyRequest();
  EXPECT_EQ(raw.url,
            values("Sheet1:append") + "?valueInputOption=RAW&includeValuesInResponse=true");
  EXPECT_EQ(jsonBody(raw), json({{"values", request.values}, {"majorDimension", "COLUMNS"}}));
}

TEST_F(SheetsTest, CreateSpreadsheet) {
  googlesheets::CreateSpreadsheetRequest request;
  request.title = "Budget 2024";
  request.sheetTitles = json::array({"Data", "Summary"});
  request.locale = "de_DE";
  request.timeZone = "Europe/Berlin";
  const auto spreadsheet = sheets().createSpreadsheet(request);

  const auto sent = onlyRequest();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, kSpreadsheets);
  EXPECT_EQ(
      jsonBody(sent),
      json({{"properties",
             {{"title", "Budget 2024"}, {"locale", "de_DE"}, {"timeZone", "Europe/Berlin"}}},
            {"sheets",
             {{{"properties", {{"title", "Data"}}}}, {{"properties", {{"title", "Summary"}}}}}}}));
  EXPECT_EQ(spreadsheet.spreadsheetId, "1qpyC0XzvTcKT6EISywvqESX3A0MwQoFDE8p-Bll4hps");
  EXPECT_EQ(spreadsheet.title, "Budget 2024");
  EXPECT_EQ(sheetTitles(spreadsheet), (std::vector<std::string>{"Data", "Summary"}));
  EXPECT_EQ(spreadsheet.spreadsheetUrl,
            "https://docs.google.com/spreadsheets/d/1qpyC0XzvTcKT6EISywvqESX3A0MwQoFDE8p-Bll4hps/"
            "edit");

  clearRequests();
  const auto plain = sheets().createSpreadsheet({.title = "Empty"});
  EXPECT_EQ(jsonBody(onlyRequest()), json({{"properties", {{"title", "Empty"}}}}));
  EXPECT_EQ(sheetTitles(plain), std::vector<std::string>{"Sheet1"});
}

TEST_F(SheetsTest, InputIsChecked) {
  const auto service = this->service("googlesheets");
  expectInvalidArgument(*emulator_, "args.range", [&] {
    (void)service.invoke("get_values", {{"spreadsheet_id", kSheetId}});
  });
  expectInvalidArgument(*emulator_, "args.range", [&] {
    (void)service.invoke("get_values", {{"spreadsheet_id", kSheetId}, {"range", ""}});
  });
  expectInvalidArgument(*emulator_, "args.spreadsheet_id", [&] {
    (void)service.invoke("get_values", {{"spreadsheet_id", ".."}, {"range", "A1"}});
  });
  expectInvalidArgument(*emulator_, "args.values", [&] {
    (void)service.invoke("append_values",
                         {{"spreadsheet_id", kSheetId}, {"range", "A1"}, {"values", {1, 2}}});
  });
  expectInvalidArgument(*emulator_, "args.value_input_option", [&] {
    (void)service.invoke("append_values", {{"spreadsheet_id", kSheetId},
                                           {"range", "A1"},
                                           {"values", {{1}}},
                                           {"value_input_option", "PARSED"}});
  });
  expectInvalidArgument(*emulator_, "args.title",
                        [&] { (void)service.invoke("create_spreadsheet", json::object()); });
}

TEST_F(SheetsTest, SheetsErrorsBecomeServiceErrors) {
  try {
    (void)sheets().getValues(kSheetId, "NoSuchSheet!A1");
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.integrationType(), "googlesheets");
    EXPECT_EQ(error.action(), "get_values");
    EXPECT_EQ(error.status(), 400);
    EXPECT_EQ(error.code(), "INVALID_ARGUMENT");
    EXPECT_EQ(error.detail(), "Unable to parse range: NoSuchSheet!A1");
  }
  try {
    (void)sheets().getValues("missing-spreadsheet", "A1");
    FAIL() << "expected a ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.status(), 404);
    EXPECT_EQ(error.code(), "NOT_FOUND");
  }
}

TEST_F(SheetsTest, Base44ProxySendsTheSameUpstreamRequests) {
  googlesheets::AppendValuesRequest append;
  append.spreadsheetId = kSheetId;
  append.range = "Class Data!A:C";
  append.values = json::array({{"Ada", "Mathematics", 36}});
  (void)sheets().getValues(kSheetId, "Class Data!A1:C3");
  (void)sheets().appendValues(append);
  (void)sheets().createSpreadsheet({.title = "Budget", .sheetTitles = json::array({"Data"})});
  const auto direct = requests();
  clearRequests();
  const auto range = sheets(viaProxy()).getValues(kSheetId, "Class Data!A1:C3");
  const auto appended = sheets(viaProxy()).appendValues(append);
  const auto created =
      sheets(viaProxy())
          .createSpreadsheet({.title = "Budget", .sheetTitles = json::array({"Data"})});
  const auto proxied = requests();

  ASSERT_EQ(direct.size(), 3u);
  ASSERT_EQ(proxied.size(), 3u);
  for (std::size_t i = 0; i < direct.size(); ++i) {
    SCOPED_TRACE(direct[i].url);
    expectSameUpstreamRequest(direct[i], proxied[i]);
  }
  EXPECT_EQ(range.values.size(), 3u);
  EXPECT_EQ(appended.updatedRows, 1);
  EXPECT_EQ(sheetTitles(created), std::vector<std::string>{"Data"});
}

TEST_F(SheetsTest, SheetRequestsAreOneBatchUpdateEach) {
  constexpr const char* kId = "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms";
  const auto added = sheets().addSheet(kId, "Q2");
  EXPECT_EQ(added.properties.sheetId, 2073408301);
  EXPECT_EQ(added.properties.rowCount, 1000);
  EXPECT_EQ(jsonBody(onlyRequest()),
            json::parse(R"({"requests": [{"addSheet": {"properties": {"title": "Q2"}}}]})"));

  clearRequests();
  googlesheets::RenameSheetRequest rename;
  rename.spreadsheetId = kId;
  rename.sheetId = 1465827373;
  rename.title = "Overview";
  (void)sheets().renameSheet(rename);
  EXPECT_EQ(jsonBody(onlyRequest()), json::parse(R"({"requests": [{"updateSheetProperties": {
      "fields": "title", "properties": {"sheetId": 1465827373, "title": "Overview"}}}]})"));

  clearRequests();
  const auto cleared = sheets().clearValues(kId, "Class Data!A2:C100");
  EXPECT_EQ(cleared["clearedRange"], "'Class Data'!A2:C100");
  const auto sent = onlyRequest();
  EXPECT_EQ(sent.url, std::string("https://sheets.googleapis.com/v4/spreadsheets/") + kId +
                          "/values/Class%20Data%21A2%3AC100:clear");
  EXPECT_EQ(sent.body, "{}");
}

}  // namespace
}  // namespace b44::adapter_tests
