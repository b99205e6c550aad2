// Declarations: what the reader refuses (each problem named by its JSON
// pointer), and the requests and errors the generic adapter makes from one.
#include <b44/errors.hpp>
#include <b44/plugin/declaration.hpp>
#include <b44/plugin/declared_adapter.hpp>

#include <gtest/gtest.h>

namespace b44::plugin {
namespace {

using Json = nlohmann::ordered_json;
using nlohmann::json;

// A small valid declaration, changed per test.
Json sample() {
  return Json::parse(R"json({
    "type": "acme",
    "displayName": "Acme",
    "description": "Acme's API.",
    "documentation": "https://developer.acme.example/api",
    "configFields": [{"name": "region", "displayName": "Region", "description": "The region.",
                      "example": "eu", "pattern": "^[a-z]{2}$",
                      "validationError": "must be two letters", "required": false,
                      "default": "us"}],
    "hosts": [{"name": "default", "baseUrl": "https://{region}.acme.example/v1",
               "allowedHosts": [".acme.example"]},
              {"name": "upload", "baseUrl": "https://upload.acme.example",
               "allowedHosts": ["upload.acme.example"]}],
    "headers": {"Acme-Version": "2024-01-01"},
    "errors": {"rules": [
      {"anyStatus": true, "equals": {"pointer": "/ok", "value": false}, "code": "/error",
       "defaultCode": "unknown", "detailDefault": "Acme answered ok:false ({code})",
       "detailSuffixes": [{"pointer": "/needed", "prefix": "; needed: "}]}]},
    "actions": [
      {"name": "create_item", "description": "Creates an item.", "method": "POST",
       "path": "/lists/{list_id}/items",
       "parameters": [
         {"name": "list_id", "required": true, "in": "path", "description": "The list."},
         {"name": "title", "in": "body", "as": "/item/title", "description": "Title."},
         {"name": "blocks", "type": "array", "in": "body", "description": "Blocks."},
         {"name": "tags", "type": "array", "in": "query", "format": "repeated",
          "description": "Tags."},
         {"name": "fields", "type": "array", "in": "query", "description": "Fields."},
         {"name": "color", "in": "query", "enum": ["red", "blue"], "description": "Color."},
         {"name": "limit", "type": "integer", "in": "query", "minimum": 1, "maximum": 50,
          "default": 10, "description": "Limit."},
         {"name": "trace", "in": "header", "as": "X-Trace", "description": "Trace id."}
       ],
       "constants": {"query": {"v": "2"}, "body": {"kind": "item"}},
       "rules": [{"atLeastOne": ["title", "blocks"], "message": "give 'title' or 'blocks'"}],
       "example": {"list_id": "L1", "title": "Hello"}},
      {"name": "update_note", "description": "Updates a note.", "method": "POST",
       "path": "/notes", "parameters": [
         {"name": "note", "in": "form", "description": "Text."},
         {"name": "meta", "type": "object", "in": "form", "format": "json", "description": "Meta."}],
       "example": {"note": "a b&c"}}
    ]
  })json");
}

std::string problem(const Json& declaration) {
  try {
    (void)parseDeclarationJson(declaration, "acme.json");
  } catch (const PluginError& error) {
    return error.what();
  }
  return "accepted";
}

TEST(Declaration, ReadsAValidDeclaration) {
  const auto spec = parseDeclarationJson(sample(), "acme.json");
  EXPECT_EQ(spec.type, "acme");
  EXPECT_EQ(spec.version, "1.0.0");
  ASSERT_EQ(spec.actions.size(), 2u);
  const auto& create = spec.actions[0];
  EXPECT_FALSE(create.retrySafe) << "a POST is not retry-safe unless declared";
  EXPECT_EQ(create.body, ActionSpec::Body::Json);
  EXPECT_EQ(create.parameters[1].location, Parameter::Location::Body);
  EXPECT_EQ(create.parameters[1].wireName, "/item/title");
  EXPECT_EQ(spec.actions[1].body, ActionSpec::Body::Form);
  EXPECT_TRUE(parseDeclarationJson(sample(), "acme.json").actions[0].example.is_object());

  // Secret headers: the token's, the declared ones, credential-looking names.
  auto withSecret = sample();
  withSecret["token"] = Json::parse(R"({"header": "X-Acme-Key", "scheme": ""})");
  withSecret["secretHeaders"] = Json::array({"X-Acme-Signature"});
  const auto secretive = parseDeclarationJson(withSecret, "acme.json");
  EXPECT_TRUE(secretive.isSecretHeader("x-acme-key"));
  EXPECT_TRUE(secretive.isSecretHeader("X-ACME-SIGNATURE"));
  EXPECT_TRUE(secretive.isSecretHeader("Set-Cookie"));
  EXPECT_FALSE(secretive.isSecretHeader("Acme-Version"));
  EXPECT_FALSE(spec.isSecretHeader("X-Acme-Signature")) << "not declared there";
}

TEST(Declaration, NamesEachProblemByItsPointer) {
  auto typo = sample();
  typo["actions"][0]["paramters"] = Json::array();
  EXPECT_EQ(problem(typo),
            "acme.json: /actions/0: unknown field 'paramters' (did you mean 'parameters'?)");

  auto nowhere = sample();
  nowhere["actions"][0]["parameters"][1].erase("in");
  EXPECT_EQ(problem(nowhere),
            "acme.json: /actions/0/parameters/1: parameter 'title' is placed nowhere: give 'in'");

  auto placeholder = sample();
  placeholder["actions"][0]["path"] = "/lists/{list}/items";
  EXPECT_EQ(problem(placeholder), "acme.json: /actions/0/path: {list} names no parameter");

  auto pattern = sample();
  pattern["configFields"][0]["pattern"] = "^[a-z";
  EXPECT_NE(problem(pattern).find("acme.json: /configFields/0/pattern: does not compile"),
            std::string::npos)
      << problem(pattern);

  auto host = sample();
  host["hosts"][1]["baseUrl"] = "https://upload.evil.example";
  EXPECT_NE(problem(host).find("acme.json: /hosts/1/baseUrl: "), std::string::npos)
      << problem(host);

  auto anyHost = sample();
  anyHost["hosts"][1]["allowedHosts"] = Json::array({"*"});
  EXPECT_EQ(problem(anyHost),
            "acme.json: /hosts/1/allowedHosts: '*' admits the host connectionConfig gives, but "
            "the base URL has no placeholder");

  auto example = sample();
  example["actions"][0]["example"]["limit"] = "ten";
  EXPECT_NE(
      problem(example).find("acme.json: /actions/0/example: args.limit: acme.create_item: argument "
                            "'limit' must be of type integer"),
      std::string::npos)
      << problem(example);

  auto place = sample();
  place["actions"][0]["parameters"][2]["in"] = "boddy";
  EXPECT_EQ(problem(place),
            "acme.json: /actions/0/parameters/2/in: unknown value 'boddy' (one of: path, query, "
            "body, form, header, nextUrl, content, hook)");

  auto hookless = sample();
  hookless["actions"][0]["parameters"][2]["in"] = "hook";
  EXPECT_EQ(problem(hookless),
            "acme.json: /actions/0: parameter 'blocks' is 'in': \"hook\" but the action has no "
            "build hook");

  auto unusedField = sample();
  unusedField["hosts"][0]["baseUrl"] = "https://eu.acme.example/v1";
  EXPECT_EQ(problem(unusedField), "acme.json: /configFields: no host or header uses {region}");

  auto headerField = sample();
  headerField["headers"] = {{"X-Acme-Team", "{team}"}};
  EXPECT_EQ(problem(headerField), "acme.json: /headers/X-Acme-Team: {team} names no config field");

  auto secret = sample();
  secret["secretHeaders"] = Json::array({"X-Acme-Signature", "X Acme"});
  EXPECT_EQ(problem(secret), "acme.json: /secretHeaders/1: 'X Acme' is not a header name");

  EXPECT_EQ(problem(Json::parse(R"({"type": "Acme"})")),
            "acme.json: /type: 'Acme' is not an integration type (a-z, 0-9 and '_')");
}

// The summary b44-declare writes beside the declaration (what listing shows)
// reads back to the summary of the parsed declaration.
TEST(Summary, ReadsBackWhatWasWritten) {
  const auto summary = summarize(parseDeclarationJson(sample(), "acme.json"));
  const std::string text = toJson(summary).dump();
  EXPECT_EQ(parseSummary(text, "libacme.so"), summary);
  EXPECT_EQ(summary.type, "acme");
  EXPECT_EQ(summary.version, "1.0.0");
  ASSERT_EQ(summary.configFields.size(), 1u);
  EXPECT_EQ(summary.configFields[0].defaultValue, "us");
  // The same entry as `list-available --json`, and the same field as `describe --json`.
  EXPECT_EQ(json::parse(text)["connection_config_fields"][0],
            toJson(parseDeclarationJson(sample(), "acme.json"))["connection_config_fields"][0]);
}

std::string summaryProblem(const std::string& text) {
  try {
    (void)parseSummary(text, "libacme.so");
  } catch (const PluginError& error) {
    return error.what();
  }
  return "accepted";
}

TEST(Summary, NamesEachProblemByItsPointer) {
  const auto good = toJson(summarize(parseDeclarationJson(sample(), "acme.json")));
  auto without = [&](const std::string& key) {
    auto summary = good;
    summary.erase(key);
    return summary.dump();
  };
  auto field = [&](const std::string& key, const json& value) {
    auto summary = good;
    summary["connection_config_fields"][0][key] = value;
    return summary.dump();
  };
  EXPECT_NE(summaryProblem("{\"type\": ").find("libacme.so: not valid JSON: "), std::string::npos);
  EXPECT_EQ(summaryProblem("[]"), "libacme.so: /: must be an object");
  EXPECT_EQ(summaryProblem(without("display_name")), "libacme.so: /: 'display_name' is required");
  EXPECT_EQ(summaryProblem(without("connection_config_fields")),
            "libacme.so: /: 'connection_config_fields' is required");
  EXPECT_EQ(summaryProblem(field("max_length", -1)),
            "libacme.so: /connection_config_fields/0/max_length: must not be negative");
  EXPECT_EQ(summaryProblem(field("required", "yes")),
            "libacme.so: /connection_config_fields/0/required: must be true or false");
  EXPECT_EQ(summaryProblem(field("validation_patern", "x")),
            "libacme.so: /connection_config_fields/0: unknown field 'validation_patern' (did you "
            "mean 'validation_pattern'?)");
  auto noLength = good;
  noLength["connection_config_fields"][0].erase("max_length");
  EXPECT_EQ(summaryProblem(noLength.dump()),
            "libacme.so: /connection_config_fields/0: 'max_length' is required");
  EXPECT_EQ(summaryProblem(field("max_length", 2.5)),
            "libacme.so: /connection_config_fields/0/max_length: must be an integer");
  EXPECT_EQ(summaryProblem(field("name", json::object())),
            "libacme.so: /connection_config_fields/0/name: must be a string");
  auto scalarField = good;
  scalarField["connection_config_fields"].push_back("region");
  EXPECT_EQ(summaryProblem(scalarField.dump()),
            "libacme.so: /connection_config_fields/1: must be an object");
  auto notArray = good;
  notArray["connection_config_fields"] = json::object();
  EXPECT_EQ(summaryProblem(notArray.dump()),
            "libacme.so: /connection_config_fields: must be an array");
  auto typeless = good;
  typeless["type"] = nullptr;
  EXPECT_EQ(summaryProblem(typeless.dump()), "libacme.so: /type: must be a string");
  std::string twice = good.dump();
  twice.insert(1, R"("type":"other",)");
  EXPECT_EQ(summaryProblem(twice), "libacme.so: /: 'type' is given twice");
  EXPECT_NE(summaryProblem(good.dump() + "x").find("libacme.so: not valid JSON: "),
            std::string::npos);
}

// --- The "typed" sections (what b44-declare generates the typed header from) ---

Json typedSample() {
  auto declaration = sample();
  declaration["typed"] = Json::parse(R"({
    "class": "Acme",
    "structs": {
      "Owner": {"raw": false, "fields": ["login", {"name": "id", "type": "integer"}]},
      "Item": {"description": "An item.",
               "fields": ["id", {"member": "ownerName", "pointer": "/owner/name"},
                          {"name": "owner", "type": "Owner"}, {"name": "tags", "type": "strings"},
                          {"name": "children", "type": "Owner[]"},
                          {"member": "isFolder", "type": "present", "pointer": "/folder"}]}
    }
  })");
  declaration["actions"][0]["typed"] =
      Json::parse(R"({"method": "addItem", "result": "Item", "resultPointer": "/item"})");
  return declaration;
}

std::string typedProblem(const Json& declaration) {
  try {
    const auto spec = parseDeclarationJson(declaration, "acme.json");
    (void)parseTypedHelpers(declaration, spec, "acme.json");
  } catch (const PluginError& error) {
    return error.what();
  }
  return "accepted";
}

TEST(TypedDeclaration, ReadsStructsAndFillsInTheDefaults) {
  const auto declaration = typedSample();
  const auto spec = parseDeclarationJson(declaration, "acme.json");
  const auto helpers = parseTypedHelpers(declaration, spec, "acme.json");
  EXPECT_EQ(helpers.className, "Acme");
  ASSERT_EQ(helpers.structs.size(), 2u);
  const auto& item = helpers.structs[1];
  EXPECT_EQ(item.name, "Item");
  EXPECT_TRUE(item.raw);
  EXPECT_FALSE(helpers.structs[0].raw);
  ASSERT_EQ(item.fields.size(), 6u);
  EXPECT_EQ(item.fields[0].member, "id");
  EXPECT_EQ(item.fields[0].type, "string");
  EXPECT_EQ(item.fields[0].pointer, "/id");
  EXPECT_EQ(item.fields[1].pointer, "/owner/name");
  EXPECT_EQ(item.fields[4].type, "Owner[]");
  ASSERT_EQ(helpers.actions.size(), 2u);
  EXPECT_EQ(helpers.actions[0].method, "addItem");
  EXPECT_EQ(helpers.actions[0].resultPointer, "/item");
  // The required parameters make the positional overload unless one is declared.
  EXPECT_EQ(helpers.actions[0].shorthand, std::vector<std::string>{"list_id"});
  EXPECT_EQ(helpers.actions[1].method, "updateNote") << "named after the action by default";
  EXPECT_TRUE(helpers.actions[1].result.empty());
  EXPECT_EQ(typedMemberName("thread_ts"), "threadTs");
  EXPECT_EQ(typedMemberName("@odata.nextLink"), "odataNextLink");
  EXPECT_EQ(typedMemberName("default"), "defaultValue");
  EXPECT_EQ(typedMemberName("2fa"), "n2fa");
}

TEST(TypedDeclaration, NamesEachProblemByItsPointer) {
  auto unknownType = typedSample();
  unknownType["typed"]["structs"]["Item"]["fields"][2]["type"] = "Ower";
  EXPECT_EQ(typedProblem(unknownType),
            "acme.json: /typed/structs/Item/fields/2: unknown type 'Ower'");

  auto unknownResult = typedSample();
  unknownResult["actions"][0]["typed"]["result"] = "Itm";
  EXPECT_EQ(typedProblem(unknownResult),
            "acme.json: /actions/0/typed/result: no struct 'Itm' in /typed/structs");

  auto typo = typedSample();
  typo["actions"][0]["typed"]["reslt"] = "Item";
  EXPECT_EQ(typedProblem(typo),
            "acme.json: /actions/0/typed: unknown field 'reslt' (did you mean 'result'?)");

  auto keyword = typedSample();
  keyword["actions"][1]["typed"] = Json::parse(R"({"method": "delete"})");
  EXPECT_EQ(typedProblem(keyword),
            "acme.json: /actions/1/typed/method: 'delete' is reserved in C++");

  auto twice = typedSample();
  twice["actions"][1]["typed"] = Json::parse(R"({"method": "addItem"})");
  EXPECT_EQ(typedProblem(twice), "acme.json: /actions/1/typed: the method 'addItem' comes twice");

  auto member = typedSample();
  member["typed"]["structs"]["Item"]["fields"][0] = "raw";
  EXPECT_EQ(typedProblem(member),
            "acme.json: /typed/structs/Item/fields/0: the member name 'raw' is not usable in C++ "
            "(give \"member\")");

  auto shorthand = typedSample();
  shorthand["actions"][0]["typed"]["shorthand"] = Json::parse(R"(["list_id", "titel"])");
  EXPECT_EQ(typedProblem(shorthand),
            "acme.json: /actions/0/typed/shorthand/1: the action has no parameter 'titel'");

  auto items = typedSample();
  items["actions"][0]["typed"]["items"] = "Item";
  EXPECT_EQ(typedProblem(items), "acme.json: /actions/0/typed/items: the action is not paginated");

  // The library's own reader accepts the sections and leaves them to the build.
  EXPECT_NO_THROW((void)parseDeclarationJson(typedSample(), "acme.json"));
}

TEST(Declaration, ExtendsMergesByKeyAndByName) {
  const Json base = Json::parse(R"({"type": "base", "headers": {"A": "1"},
    "actions": [{"name": "one", "description": "One."}, {"name": "two", "description": "Two."}]})");
  const Json derived = Json::parse(R"({"type": "derived", "headers": {"B": "2"},
    "actions": [{"name": "two", "description": "Second."}, {"name": "three"}]})");
  const Json merged = mergeDeclaration(base, derived);
  EXPECT_EQ(merged["type"], "derived");
  EXPECT_EQ(merged["headers"], Json::parse(R"({"A": "1", "B": "2"})"));
  ASSERT_EQ(merged["actions"].size(), 3u);
  EXPECT_EQ(merged["actions"][1]["description"], "Second.");
  EXPECT_EQ(merged["actions"][2]["name"], "three");
}

TEST(Declaration, ParameterTemplatesAreLaidUnderTheirUses) {
  auto declaration = sample();
  declaration["parameterTemplates"] = Json::parse(
      R"({"page_token": {"in": "query", "as": "pageToken", "description": "Where to go on."}})");
  declaration["actions"][1]["parameters"].push_back(Json::parse(R"({"use": "page_token"})"));
  const auto spec = parseDeclarationJson(declaration, "acme.json");
  const auto& parameter = spec.actions[1].parameters.back();
  EXPECT_EQ(parameter.name, "page_token");
  EXPECT_EQ(parameter.wireName, "pageToken");
  EXPECT_EQ(parameter.location, Parameter::Location::Query);
}

std::unique_ptr<Adapter> acme(Hooks hooks = {}) {
  return makeDeclaredAdapter(sample().dump(), "acme.json", std::move(hooks));
}

TEST(DeclaredAdapter, BuildsRequestsFromWhereParametersGo) {
  const auto adapter = acme();
  const auto request = adapter->buildRequest("create_item", {{"list_id", "a/b c"},
                                                             {"title", "Hi"},
                                                             {"tags", {"x", "y"}},
                                                             {"fields", {"id", "name"}},
                                                             {"color", "red"},
                                                             {"trace", "t-1"}});
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.path, "/lists/a%2Fb%20c/items");
  const QueryParams expected = {{"tags", "x"},    {"tags", "y"},   {"fields", "id,name"},
                                {"color", "red"}, {"limit", "10"}, {"v", "2"}};
  EXPECT_EQ(request.query, expected);
  EXPECT_EQ(request.headers.get("X-Trace").value_or(""), "t-1");
  EXPECT_EQ(request.contentType, "application/json");
  EXPECT_EQ(json::parse(request.body), json::parse(R"({"kind": "item", "item": {"title": "Hi"}})"));

  const auto form = adapter->buildRequest("update_note", {{"note", "a b&c"}, {"meta", {{"k", 1}}}});
  EXPECT_EQ(form.contentType, "application/x-www-form-urlencoded");
  EXPECT_EQ(form.body, "note=a%20b%26c&meta=%7B%22k%22%3A1%7D");
}

TEST(DeclaredAdapter, ASegmentsPathValueKeepsItsSlashesAndEncodesEachSegment) {
  auto declaration = sample();
  declaration["actions"][0]["parameters"][0]["format"] = "segments";
  const auto adapter = makeDeclaredAdapter(declaration.dump(), "acme.json", Hooks{});
  EXPECT_EQ(
      adapter->buildRequest("create_item", {{"list_id", "docs/a b/c.md"}, {"title", "t"}}).path,
      "/lists/docs/a%20b/c.md/items");
  for (const char* hostile : {"docs//c.md", "docs/../secret", "./x", "x/", "/x"}) {
    EXPECT_THROW((void)adapter->buildRequest("create_item", {{"list_id", hostile}, {"title", "t"}}),
                 InvalidArgumentError)
        << hostile;
  }

  auto query = sample();
  query["actions"][0]["parameters"][4]["format"] = "segments";
  EXPECT_EQ(problem(query),
            "acme.json: /actions/0/parameters/4/format: 'segments' is for a path parameter");
}

std::string refusal(const Adapter& adapter, const json& args) {
  try {
    (void)adapter.buildRequest("create_item", args);
  } catch (const InvalidArgumentError& error) {
    return error.what();
  }
  return "accepted";
}

TEST(DeclaredAdapter, RefusesValuesAndCombinationsTheDeclarationForbids) {
  const auto adapter = acme();
  EXPECT_EQ(refusal(*adapter, {{"list_id", "L"}, {"title", "t"}, {"color", "green"}}),
            "args.color: acme.create_item: argument 'color' must be one of red, blue");
  EXPECT_EQ(refusal(*adapter, {{"list_id", "L"}, {"title", "t"}, {"limit", 51}}),
            "args.limit: acme.create_item: argument 'limit' must be between 1 and 50");
  EXPECT_EQ(refusal(*adapter, {{"list_id", "L"}}),
            "args.title: acme.create_item: give 'title' or 'blocks'");
  EXPECT_EQ(refusal(*adapter, {{"list_id", ".."}, {"title", "t"}}).substr(0, 13), "args.list_id:");
}

ServiceResponse answer(int status, std::string body) {
  ServiceResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

TEST(DeclaredAdapter, ErrorRulesReadTheDeclaredShape) {
  const auto adapter = acme();
  try {
    (void)adapter->parseResponse(
        "create_item", {}, answer(200, R"({"ok": false, "error": "no_list", "needed": "w"})"));
    FAIL() << "an ok:false answer is an error";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.code(), "no_list");
    EXPECT_EQ(error.detail(), "Acme answered ok:false (no_list); needed: w");
  }
  EXPECT_EQ(adapter->parseResponse("create_item", {}, answer(200, R"({"ok": true})"))["ok"], true);
  // No rule matches: the usual fields of a non-2xx answer.
  try {
    (void)adapter->parseResponse("create_item", {}, answer(404, R"({"message": "gone"})"));
    FAIL() << "a 404 is an error";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.status(), 404);
    EXPECT_EQ(error.detail(), "gone");
  }
}

TEST(DeclaredAdapter, AResultPointerUnwrapsTheAnswerOrRefusesOneWithout) {
  auto declaration = sample();
  declaration["actions"][0]["result"] = Json::parse(R"({"pointer": "/item"})");
  const auto adapter = makeDeclaredAdapter(declaration.dump(), "acme.json", Hooks{});
  EXPECT_EQ(adapter->parseResponse("create_item", {}, answer(201, R"({"item": {"id": 7}})")),
            json::parse(R"({"id": 7})"));
  try {
    (void)adapter->parseResponse("create_item", {}, answer(201, R"({"other": 1})"));
    FAIL() << "an answer without the member cannot show the result";
  } catch (const ProtocolError& error) {
    EXPECT_STREQ(error.what(), "acme.create_item: the answer (HTTP 201) has no '/item'");
  }
  declaration["actions"][0]["result"] = Json::parse(R"({"pointer": "/item", "wrap": "items"})");
  EXPECT_EQ(problem(declaration), "acme.json: /actions/0/result: give 'wrap' or 'pointer'");
}

// --- What hooks used to do, declared: checks, paths, templates, query order,
// next cursors ---------------------------------------------------------------

// Two actions of a listing service using the declared checks and cursors.
Json listingSample() {
  auto declaration = sample();
  declaration["actions"] = Json::parse(R"json([
    {"name": "list_items", "description": "Lists items.", "path": "/users/{user}/items",
     "pathWhen": {"folder": "/folders/{folder}/items"},
     "parameters": [
       {"name": "user", "in": "path", "default": "me", "description": "The user."},
       {"name": "folder", "in": "path", "description": "Only this folder's items."},
       {"name": "since", "in": "query", "pattern": "^\\d{4}-\\d{2}-\\d{2}$",
        "message": "'since' must be a date, YYYY-MM-DD", "description": "Since."},
       {"name": "name", "in": "query", "maxLength": 5, "pattern": "^[a-z]+$", "description": "Name."},
       {"name": "states", "type": "array", "in": "query", "format": "repeated", "maxItems": 2,
        "items": {"enum": ["OPEN", "DONE"]}, "description": "States."},
       {"name": "ids", "type": "array", "in": "query", "minItems": 1,
        "message": "'ids' needs at least one ID",
        "items": {"type": ["string", "integer"], "message": "'ids' holds IDs"},
        "description": "IDs."},
       {"name": "format", "in": "header", "as": "Prefer", "template": "format=\"{value}\"",
        "description": "Format."},
       {"name": "page_size", "type": "integer", "in": "query", "description": "Per page."},
       {"name": "offset", "type": "any", "in": "query", "integerText": true, "minimum": 0,
        "valueError": "must be a number of items", "description": "Where to go on."}
     ],
     "constants": {"query": {"v": "2"}},
     "queryOrder": ["v", "offset"],
     "result": {"next": {"from": "offset", "totalItems": "/total"}},
     "pagination": {"style": "bodyCursor", "cursorPointer": "/next_offset", "cursorArgument": "offset",
                    "itemsPointer": "/items"},
     "example": {}},
    {"name": "search", "description": "Searches.", "method": "POST", "path": "/search",
     "parameters": [
       {"name": "limit", "type": "integer", "in": "body", "description": "Per page."},
       {"name": "page", "type": "any", "in": "body", "integerText": true, "minimum": 1,
        "description": "The page."}
     ],
     "result": {"next": {"from": "page", "start": 1, "text": true, "lastPage": "/last",
                         "pageSizeArgument": "limit", "pageSize": 3}},
     "pagination": {"style": "bodyCursor", "cursorPointer": "/next_page", "cursorArgument": "page",
                    "itemsPointer": "/hits"},
     "example": {}},
    {"name": "list_guilds", "description": "Lists guilds.", "path": "/guilds",
     "parameters": [{"name": "after", "in": "query", "description": "After this one."},
                    {"name": "limit", "type": "integer", "in": "query", "description": "Per page."}],
     "result": {"wrap": "guilds",
                "next": {"from": "lastItem", "lastItem": "/id", "pageSizeArgument": "limit",
                         "pageSize": 2}},
     "pagination": {"style": "bodyCursor", "cursorPointer": "/next_after", "cursorArgument": "after",
                    "itemsPointer": "/guilds"},
     "example": {}},
    {"name": "list_responses", "description": "Lists responses.", "path": "/responses",
     "parameters": [{"name": "before", "in": "query", "description": "Before this one."}],
     "result": {"next": {"from": "lastItem", "lastItem": "/token", "totalPages": "/page_count"}},
     "pagination": {"style": "bodyCursor", "cursorPointer": "/next_before",
                    "cursorArgument": "before", "itemsPointer": "/items"},
     "example": {}}
  ])json");
  return declaration;
}

TEST(Declaration, NamesEachProblemOfTheDeclaredChecks) {
  EXPECT_EQ(problem(listingSample()), "accepted");

  auto pattern = listingSample();
  pattern["actions"][0]["parameters"][2]["pattern"] = "^[0-9";
  EXPECT_NE(problem(pattern).find("acme.json: /actions/0/parameters/2/pattern: does not compile"),
            std::string::npos)
      << problem(pattern);

  auto items = listingSample();
  items["actions"][0]["parameters"][2]["items"] = Json::parse(R"({"type": "string"})");
  EXPECT_EQ(problem(items),
            "acme.json: /actions/0/parameters/2: only an array parameter can have 'minItems', "
            "'maxItems' or 'items' (an object: 'minItems', 'maxItems', counting its members)");

  auto itemType = listingSample();
  itemType["actions"][0]["parameters"][4]["items"] = Json::parse(R"({"type": "strng"})");
  EXPECT_EQ(problem(itemType),
            "acme.json: /actions/0/parameters/4/items/type: unknown value 'strng' (one of: "
            "string, integer, boolean, number, object, array, any)");

  auto both = listingSample();
  both["actions"][0]["parameters"][2]["valueError"] = "must be a date";
  EXPECT_EQ(problem(both),
            "acme.json: /actions/0/parameters/2: give 'message' or 'valueError', not both");

  auto integerText = listingSample();
  integerText["actions"][0]["parameters"][7]["integerText"] = true;
  EXPECT_EQ(problem(integerText),
            "acme.json: /actions/0/parameters/7/integerText: only an 'any' parameter can be an "
            "integer or its decimal text");

  auto templ = listingSample();
  templ["actions"][0]["parameters"][6]["template"] = "format";
  EXPECT_EQ(problem(templ), "acme.json: /actions/0/parameters/6/template: must hold {value}");

  auto optional = listingSample();
  optional["actions"][0]["parameters"][0].erase("default");
  EXPECT_EQ(problem(optional),
            "acme.json: /actions/0/path: {user} names a parameter that is not required and has "
            "no default");

  auto when = listingSample();
  when["actions"][0]["pathWhen"] = Json::parse(R"({"fold": "/folders/{folder}/items"})");
  EXPECT_EQ(problem(when), "acme.json: /actions/0/pathWhen/fold: 'fold' is not a parameter");

  auto order = listingSample();
  order["actions"][0]["queryOrder"][1] = "ofset";
  EXPECT_EQ(problem(order),
            "acme.json: /actions/0/queryOrder/1: no query parameter or constant is sent as "
            "'ofset'");

  auto unpaged = listingSample();
  unpaged["actions"][0].erase("pagination");
  EXPECT_EQ(problem(unpaged),
            "acme.json: /actions/0/result/next: a computed next cursor needs a bodyCursor "
            "pagination (it goes at its cursorPointer)");

  auto lastItem = listingSample();
  lastItem["actions"][2]["result"]["next"].erase("lastItem");
  EXPECT_EQ(problem(lastItem),
            "acme.json: /actions/2/result/next: \"from\": \"lastItem\" needs 'lastItem', the "
            "pointer in the item");

  auto textCursor = listingSample();
  textCursor["actions"][1]["parameters"][1].erase("integerText");
  textCursor["actions"][1]["parameters"][1].erase("minimum");
  EXPECT_EQ(problem(textCursor),
            "acme.json: /actions/1/result/next: the cursor argument 'page' must be an integer or "
            "'integerText'");
}

// create_item with "extra" as the whole body ("as": "/") beside the
// constant {"kind": "item"} and the argument "title" (at /item/title).
Json wholeBodySample() {
  auto declaration = sample();
  declaration["actions"][0]["parameters"].push_back(Json::parse(
      R"({"name": "extra", "type": "object", "in": "body", "as": "/", "minItems": 1,
          "description": "Other fields, merged into the body."})"));
  return declaration;
}

TEST(DeclaredAdapter, AWholeBodyArgumentIsMergedIntoTheRootAfterTheConstants) {
  const auto adapter = makeDeclaredAdapter(wholeBodySample().dump(), "acme.json", Hooks{});
  const json args = {{"list_id", "L"}, {"title", "Hi"}, {"extra", {{"color", "red"}, {"n", 2}}}};
  EXPECT_EQ(json::parse(adapter->buildRequest("create_item", args).body),
            json::parse(R"({"kind": "item", "item": {"title": "Hi"}, "color": "red", "n": 2})"));
  // Alone, it is the body.
  auto alone = wholeBodySample();
  alone["actions"][0].erase("constants");
  alone["actions"][0].erase("rules");
  const auto bare = makeDeclaredAdapter(alone.dump(), "acme.json", Hooks{});
  EXPECT_EQ(json::parse(
                bare->buildRequest("create_item", {{"list_id", "L"}, {"extra", {{"a", 1}}}}).body),
            json::parse(R"({"a": 1})"));
}

TEST(DeclaredAdapter, AWholeBodyMemberThatAnotherValueSetsIsRefused) {
  const auto adapter = makeDeclaredAdapter(wholeBodySample().dump(), "acme.json", Hooks{});
  EXPECT_EQ(refusal(*adapter, {{"list_id", "L"}, {"title", "Hi"}, {"extra", {{"kind", "x"}}}}),
            "args.extra: acme.create_item: argument 'extra' has the member 'kind', which a "
            "constant of the body sets: give it once");
  EXPECT_EQ(refusal(*adapter, {{"list_id", "L"}, {"title", "Hi"}, {"extra", {{"item", {}}}}}),
            "args.extra: acme.create_item: argument 'extra' has the member 'item', which the "
            "argument 'title' sets: give it once");
  EXPECT_EQ(refusal(*adapter, {{"list_id", "L"}, {"title", "Hi"}, {"extra", json::object()}}),
            "args.extra: acme.create_item: argument 'extra' must hold at least 1 members");
}

TEST(Declaration, OnlyABodyObjectCanBeTheWholeBodyAndOnlyPathOrQueryValuesSecret) {
  EXPECT_EQ(problem(wholeBodySample()), "accepted");
  // A string in the body, an object in the query.
  for (const auto& [field, value] : {std::pair{"type", "string"}, std::pair{"in", "query"}}) {
    auto declaration = wholeBodySample();
    declaration["actions"][0]["parameters"][8][field] = value;
    declaration["actions"][0]["parameters"][8].erase("minItems");
    EXPECT_EQ(problem(declaration),
              "acme.json: /actions/0/parameters/8/as: only an object parameter 'in': \"body\" "
              "can be the whole body (\"/\")")
        << field;
  }
  auto twice = wholeBodySample();
  auto second = twice["actions"][0]["parameters"][8];
  second["name"] = "more";
  twice["actions"][0]["parameters"].push_back(second);
  EXPECT_EQ(problem(twice),
            "acme.json: /actions/0/parameters: only one parameter can be the whole body (\"/\")");

  auto secretPath = sample();
  secretPath["actions"][0]["parameters"][0]["secret"] = true;
  EXPECT_EQ(problem(secretPath), "accepted");
  auto secretBody = sample();
  secretBody["actions"][0]["parameters"][1]["secret"] = true;
  EXPECT_EQ(problem(secretBody),
            "acme.json: /actions/0/parameters/1/secret: only a path or query value can be secret "
            "(a header: 'secretHeaders')");
  auto secretSegments = sample();
  secretSegments["actions"][0]["parameters"][0]["secret"] = true;
  secretSegments["actions"][0]["parameters"][0]["format"] = "segments";
  EXPECT_EQ(problem(secretSegments),
            "acme.json: /actions/0/parameters/0/secret: a secret path value is one segment, not "
            "'segments'");
}

TEST(DeclaredAdapter, DeclaredChecksRefuseInTheirOwnWords) {
  const auto adapter = makeDeclaredAdapter(listingSample().dump(), "acme.json", Hooks{});
  const auto refused = [&](const json& args) {
    try {
      (void)adapter->buildRequest("list_items", args);
    } catch (const InvalidArgumentError& error) {
      return std::string(error.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(refused({{"since", "May 1"}}),
            "args.since: acme.list_items: 'since' must be a date, YYYY-MM-DD");
  EXPECT_EQ(refused({{"name", "abcdef"}}),
            "args.name: acme.list_items: argument 'name' must be at most 5 bytes long");
  EXPECT_EQ(refused({{"name", "ab1"}}),
            "args.name: acme.list_items: argument 'name' must match ^[a-z]+$");
  EXPECT_EQ(refused({{"states", {"OPEN", "LOST"}}}),
            "args.states: acme.list_items: argument 'states' must hold only OPEN, DONE");
  EXPECT_EQ(refused({{"states", {"OPEN", "DONE", "OPEN"}}}),
            "args.states: acme.list_items: argument 'states' must hold at most 2 items");
  EXPECT_EQ(refused({{"ids", json::array()}}),
            "args.ids: acme.list_items: 'ids' needs at least one ID");
  EXPECT_EQ(refused({{"ids", {"a", 1, true}}}), "args.ids: acme.list_items: 'ids' holds IDs");
  for (const json& bad : {json("1x"), json(""), json("-1"), json(-1), json(1.5), json::object()}) {
    EXPECT_EQ(refused({{"offset", bad}}),
              "args.offset: acme.list_items: argument 'offset' must be a number of items")
        << bad.dump();
  }
  EXPECT_EQ(refused({{"folder", ".."}}).substr(0, 12), "args.folder:");
  EXPECT_EQ(refused({{"ids", {"a", 1}}, {"states", {"DONE"}}, {"since", "2024-05-01"}}),
            "accepted");
}

TEST(DeclaredAdapter, DeclaredPathsTemplatesAndQueryOrderBuildTheRequest) {
  const auto adapter = makeDeclaredAdapter(listingSample().dump(), "acme.json", Hooks{});
  auto request = adapter->buildRequest("list_items", json::object());
  EXPECT_EQ(request.path, "/users/me/items") << "the path parameter's default";
  EXPECT_EQ(request.query, (QueryParams{{"v", "2"}}));

  request = adapter->buildRequest(
      "list_items",
      {{"user", "ada@example.com"}, {"page_size", 5}, {"offset", "20"}, {"format", "text"}});
  EXPECT_EQ(request.path, "/users/ada%40example.com/items");
  EXPECT_EQ(request.query, (QueryParams{{"v", "2"}, {"offset", "20"}, {"page_size", "5"}}))
      << "the listed names first, the decimal text as digits";
  EXPECT_EQ(request.headers.get("Prefer").value_or(""), "format=\"text\"");

  request = adapter->buildRequest("list_items", {{"folder", "F 1"}, {"offset", 7}});
  EXPECT_EQ(request.path, "/folders/F%201/items") << "a given folder picks its path";
  EXPECT_EQ(request.query, (QueryParams{{"v", "2"}, {"offset", "7"}}));

  request = adapter->buildRequest("search", {{"page", "3"}, {"limit", 3}});
  EXPECT_EQ(json::parse(request.body), json::parse(R"({"limit": 3, "page": 3})"))
      << "an integerText argument goes into a body as a number";
}

TEST(DeclaredAdapter, ADeclaredNextCursorContinuesWhileThePageSaysSo) {
  const auto adapter = makeDeclaredAdapter(listingSample().dump(), "acme.json", Hooks{});
  const auto next = [&](const std::string& action, const json& args, const std::string& body) {
    return adapter->parseResponse(action, args, answer(200, body));
  };
  // Offsets: the argument + the page's items, while below the total.
  EXPECT_EQ(
      next("list_items", {{"offset", "4"}}, R"({"items": [1, 2], "total": 9})")["next_offset"], 6);
  EXPECT_FALSE(next("list_items", {{"offset", 7}}, R"({"items": [1, 2], "total": 9})")
                   .contains("next_offset"));
  EXPECT_FALSE(next("list_items", {}, R"({"items": [], "total": 9})").contains("next_offset"))
      << "a page without items ends the walk";
  // Page numbers: + 1, as text; a last-page flag decides, else a full page continues.
  EXPECT_EQ(next("search", {}, R"({"hits": [1, 2, 3]})")["next_page"], "2");
  EXPECT_FALSE(next("search", {}, R"({"hits": [1, 2]})").contains("next_page"));
  EXPECT_EQ(next("search", {{"limit", 2}, {"page", 4}}, R"({"hits": [1, 2]})")["next_page"], "5");
  EXPECT_EQ(next("search", {}, R"({"hits": [1], "last": false})")["next_page"], "2");
  EXPECT_FALSE(next("search", {}, R"({"hits": [1, 2, 3], "last": true})").contains("next_page"));
  // The last item's member: after the wrap, while the page is full ...
  EXPECT_EQ(next("list_guilds", {}, R"([{"id": "a"}, {"id": "b"}])"),
            json::parse(R"({"guilds": [{"id": "a"}, {"id": "b"}], "next_after": "b"})"));
  EXPECT_FALSE(
      next("list_guilds", {{"limit", 3}}, R"([{"id": "a"}, {"id": "b"}])").contains("next_after"));
  // ... or while more than this page remain.
  EXPECT_EQ(
      next("list_responses", {}, R"({"items": [{"token": "t1"}], "page_count": 2})")["next_before"],
      "t1");
  EXPECT_FALSE(next("list_responses", {}, R"({"items": [{"token": "t1"}], "page_count": 1})")
                   .contains("next_before"));
  EXPECT_FALSE(next("list_responses", {}, R"({"items": [{"token": 7}], "page_count": 2})")
                   .contains("next_before"))
      << "only a string is a cursor";
}

TEST(DeclaredAdapter, HooksMustMatchTheDeclaration) {
  auto withHook = sample();
  withHook["actions"][0]["hooks"] = Json::parse(R"({"build": "sign"})");
  try {
    (void)makeDeclaredAdapter(withHook.dump(), "acme.json", Hooks{});
    FAIL() << "a missing hook must fail the load";
  } catch (const PluginError& error) {
    EXPECT_NE(std::string(error.what()).find("no hook named 'sign' is defined"), std::string::npos)
        << error.what();
  }
  Hooks unused;
  unused.parse("shape", [](const Args&, json body, const ServiceResponse&) { return body; });
  try {
    (void)makeDeclaredAdapter(sample().dump(), "acme.json", std::move(unused));
    FAIL() << "an unused hook must fail the load";
  } catch (const PluginError& error) {
    EXPECT_NE(
        std::string(error.what()).find("the hook 'shape' is defined but no declaration uses it"),
        std::string::npos)
        << error.what();
  }
  Hooks sign;
  sign.build("sign", [](const Args& args, ServiceRequest& request) {
    request.headers.set("X-Signed", args.string("list_id"));
  });
  const auto adapter = makeDeclaredAdapter(withHook.dump(), "acme.json", std::move(sign));
  const auto request = adapter->buildRequest("create_item", {{"list_id", "L9"}, {"title", "t"}});
  EXPECT_EQ(request.headers.get("X-Signed").value_or(""), "L9");
}

TEST(DeclaredAdapter, SharedHooksMayGoUnusedAndTheAdaptersOwnWin) {
  auto withHook = sample();
  withHook["actions"][0]["hooks"] = Json::parse(R"({"build": "sign"})");
  Hooks family;
  family.build("sign", [](const Args&, ServiceRequest& request) {
    request.headers.set("X-Signed", "by the family");
  });
  family.parse("shape", [](const Args&, json body, const ServiceResponse&) { return body; });

  // The family's "sign" serves; its unused "shape" is no error.
  Hooks shared;
  shared.share(family);
  EXPECT_TRUE(shared.names().empty()) << "shared hooks are not the adapter's own";
  auto adapter = makeDeclaredAdapter(withHook.dump(), "acme.json", std::move(shared));
  EXPECT_EQ(adapter->buildRequest("create_item", {{"list_id", "L9"}, {"title", "t"}})
                .headers.get("X-Signed")
                .value_or(""),
            "by the family");

  // The adapter's own "sign" wins over the family's.
  Hooks own;
  own.build("sign", [](const Args&, ServiceRequest& request) {
    request.headers.set("X-Signed", "by the adapter");
  });
  own.share(family);
  adapter = makeDeclaredAdapter(withHook.dump(), "acme.json", std::move(own));
  EXPECT_EQ(adapter->buildRequest("create_item", {{"list_id", "L9"}, {"title", "t"}})
                .headers.get("X-Signed")
                .value_or(""),
            "by the adapter");

  auto badFamily = sample();
  badFamily["sharedHooks"] = "Google!";
  EXPECT_EQ(problem(badFamily),
            "acme.json: /sharedHooks: 'Google!' is not a family name (a-z, 0-9 and '_')");
}

}  // namespace
}  // namespace b44::plugin
