// Reading an adapter declaration strictly: every field known, of its type,
// and consistent with the rest, or a PluginError naming the JSON pointer.
#include <b44/errors.hpp>
#include <b44/plugin/args.hpp>
#include <b44/plugin/declaration.hpp>
#include <b44/plugin/url.hpp>

#include <algorithm>
#include <functional>
#include <regex>
#include <set>

namespace b44::plugin {
namespace {

using Json = nlohmann::ordered_json;

std::string escapePointerToken(const std::string& token) {
  std::string out;
  for (const char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

nlohmann::json plain(const Json& value) { return nlohmann::json::parse(value.dump()); }

// One JSON object of the declaration, read field by field. done() refuses the
// fields nobody read, with a suggestion.
class Object {
 public:
  Object(const Json& value, std::string pointer, const std::string& source)
      : value_(value), pointer_(std::move(pointer)), source_(source) {
    if (!value_.is_object()) fail("must be an object");
  }

  [[noreturn]] void fail(const std::string& what) const { failAt(pointer_, what); }
  [[noreturn]] void failAt(const std::string& pointer, const std::string& what) const {
    throw PluginError(source_, (pointer.empty() ? std::string("/") : pointer) + ": " + what);
  }
  [[nodiscard]] std::string pointer(const std::string& key) const {
    return pointer_ + "/" + escapePointerToken(key);
  }
  [[nodiscard]] const std::string& pointer() const { return pointer_; }
  [[nodiscard]] const std::string& source() const { return source_; }

  [[nodiscard]] bool has(const std::string& key) const { return value_.contains(key); }

  const Json* raw(const std::string& key) {
    used_.insert(key);
    const auto found = value_.find(key);
    return found == value_.end() ? nullptr : &*found;
  }

  std::string string(const std::string& key, bool required = false, std::string fallback = {}) {
    const Json* value = raw(key);
    if (value == nullptr) {
      if (required) fail("'" + key + "' is required");
      return fallback;
    }
    if (!value->is_string()) failAt(pointer(key), "must be a string");
    return value->get<std::string>();
  }

  bool boolean(const std::string& key, bool fallback) {
    const Json* value = raw(key);
    if (value == nullptr) return fallback;
    if (!value->is_boolean()) failAt(pointer(key), "must be true or false");
    return value->get<bool>();
  }

  std::optional<std::int64_t> integer(const std::string& key) {
    const Json* value = raw(key);
    if (value == nullptr) return std::nullopt;
    if (!value->is_number_integer()) failAt(pointer(key), "must be an integer");
    return value->get<std::int64_t>();
  }

  // A string or an array of strings.
  std::vector<std::string> strings(const std::string& key) {
    const Json* value = raw(key);
    if (value == nullptr) return {};
    if (value->is_string()) return {value->get<std::string>()};
    if (!value->is_array()) failAt(pointer(key), "must be a string or an array of strings");
    std::vector<std::string> out;
    for (std::size_t i = 0; i < value->size(); ++i) {
      if (!(*value)[i].is_string()) {
        failAt(pointer(key) + "/" + std::to_string(i), "must be a string");
      }
      out.push_back((*value)[i].get<std::string>());
    }
    return out;
  }

  // Calls `each` with every element (an object) of the array at `key`.
  void forEach(const std::string& key, const std::function<void(Object&)>& each) {
    const Json* value = raw(key);
    if (value == nullptr) return;
    if (!value->is_array()) failAt(pointer(key), "must be an array");
    for (std::size_t i = 0; i < value->size(); ++i) {
      Object element((*value)[i], pointer(key) + "/" + std::to_string(i), source_);
      each(element);
      element.done();
    }
  }

  // The object at `key`, if present (the caller calls done()).
  std::optional<Object> object(const std::string& key) {
    const Json* value = raw(key);
    if (value == nullptr) return std::nullopt;
    return Object(*value, pointer(key), source_);
  }

  // A {"name": "text"} object, in its order.
  std::vector<std::pair<std::string, std::string>> textMap(const std::string& key) {
    std::vector<std::pair<std::string, std::string>> out;
    const Json* value = raw(key);
    if (value == nullptr) return out;
    if (!value->is_object()) failAt(pointer(key), "must be an object of strings");
    for (const auto& [name, text] : value->items()) {
      if (!text.is_string())
        failAt(pointer(key) + "/" + escapePointerToken(name), "must be a string");
      out.emplace_back(name, text.get<std::string>());
    }
    return out;
  }

  void done() const {
    std::vector<std::string> known(used_.begin(), used_.end());
    for (const auto& [key, value] : value_.items()) {
      if (used_.count(key) != 0) continue;
      std::string message = "unknown field '" + key + "'";
      if (auto guess = closestMatch(key, known); !guess.empty()) {
        message += " (did you mean '" + guess + "'?)";
      }
      fail(message);
    }
  }

 private:
  const Json& value_;
  std::string pointer_;
  const std::string& source_;
  std::set<std::string> used_;
};

template <class Enum>
Enum choice(Object& object, const std::string& key,
            const std::vector<std::pair<std::string, Enum>>& choices, Enum fallback) {
  if (!object.has(key)) {
    (void)object.raw(key);
    return fallback;
  }
  const std::string text = object.string(key);
  for (const auto& [name, value] : choices) {
    if (name == text) return value;
  }
  std::string allowed;
  for (const auto& [name, value] : choices) allowed += (allowed.empty() ? "" : ", ") + name;
  object.failAt(object.pointer(key), "unknown value '" + text + "' (one of: " + allowed + ")");
}

void checkPointer(Object& object, const std::string& key, const std::string& pointer) {
  if (pointer.empty() || pointer.front() == '/') {
    try {
      (void)nlohmann::json::json_pointer(pointer);
      return;
    } catch (const nlohmann::json::exception&) {
    }
  }
  object.failAt(object.pointer(key), "'" + pointer + "' is not a JSON pointer (\"/a/b\")");
}

std::string pointerField(Object& object, const std::string& key) {
  std::string pointer = object.string(key);
  checkPointer(object, key, pointer);
  return pointer;
}

std::vector<std::string> pointerList(Object& object, const std::string& key) {
  auto pointers = object.strings(key);
  for (const auto& pointer : pointers) checkPointer(object, key, pointer);
  return pointers;
}

Pagination readPagination(Object& object) {
  Pagination pagination;
  pagination.style = choice<Pagination::Style>(object, "style",
                                               {{"bodyCursor", Pagination::Style::BodyCursor},
                                                {"linkHeader", Pagination::Style::LinkHeader},
                                                {"nextUrl", Pagination::Style::NextUrl},
                                                {"pageNumber", Pagination::Style::PageNumber},
                                                {"offset", Pagination::Style::Offset}},
                                               Pagination::Style::BodyCursor);
  if (!object.has("style")) object.fail("'style' is required");
  pagination.cursorPointer = pointerField(object, "cursorPointer");
  pagination.cursorArgument = object.string("cursorArgument", true);
  pagination.itemsPointer = pointerField(object, "itemsPointer");
  pagination.hasMorePointer = pointerField(object, "hasMorePointer");
  pagination.cursorInBody = object.boolean("cursorInBody", false);
  if (auto first = object.integer("firstPage")) pagination.firstPage = static_cast<long>(*first);
  if ((pagination.style == Pagination::Style::BodyCursor ||
       pagination.style == Pagination::Style::NextUrl) &&
      pagination.cursorPointer.empty()) {
    object.fail("a " + object.string("style") + " pagination needs 'cursorPointer'");
  }
  object.done();
  return pagination;
}

// "{name}" placeholders of a template, in order.
std::vector<std::string> placeholders(const std::string& text) {
  std::vector<std::string> names;
  std::size_t at = 0;
  while ((at = text.find('{', at)) != std::string::npos) {
    const auto end = text.find('}', at);
    if (end == std::string::npos) break;
    names.push_back(text.substr(at + 1, end - at - 1));
    at = end + 1;
  }
  return names;
}

ConfigField readConfigField(Object& object) {
  ConfigField field;
  field.name = object.string("name", true);
  field.displayName = object.string("displayName", true);
  field.description = object.string("description", true);
  field.example = object.string("example", true);
  field.pattern = object.string("pattern", true);
  field.validationError = object.string("validationError", true);
  field.required = object.boolean("required", true);
  field.defaultValue = object.string("default");
  if (auto length = object.integer("maxLength"))
    field.maxLength = static_cast<std::size_t>(*length);
  try {
    std::regex compiled(field.pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& error) {
    object.failAt(object.pointer("pattern"), "does not compile: " + std::string(error.what()));
  }
  try {
    validateConfigValue(field, field.example);
    if (!field.required) validateConfigValue(field, field.defaultValue);
  } catch (const InvalidArgumentError& error) {
    object.fail(std::string("the example or default is not a valid value: ") + error.what());
  }
  if (field.required == !field.defaultValue.empty()) {
    object.fail(field.required ? "a required field has no default"
                               : "an optional field needs a 'default'");
  }
  return field;
}

ApiHost readHost(Object& object, const std::vector<ConfigField>& fields) {
  ApiHost host;
  host.name = object.string("name", true);
  host.baseUrlTemplate = object.string("baseUrl", true);
  host.allowedHosts = object.strings("allowedHosts");
  if (host.allowedHosts.empty()) object.fail("'allowedHosts' must name at least one host");
  if (auto pagination = object.object("pagination")) host.pagination = readPagination(*pagination);
  object.done();
  for (const auto& name : placeholders(host.baseUrlTemplate)) {
    if (std::none_of(fields.begin(), fields.end(), [&](const auto& f) { return f.name == name; })) {
      object.failAt(object.pointer("baseUrl"), "{" + name + "} names no config field");
    }
  }
  // A template with no placeholder is a fixed URL: it must lie on an allowed host.
  if (placeholders(host.baseUrlTemplate).empty()) {
    AdapterSpec probe;
    probe.hosts = {host};
    try {
      (void)resolveBaseUrl(probe, host, {});
    } catch (const Error& error) {
      object.failAt(object.pointer("baseUrl"), error.what());
    }
  }
  return host;
}

ErrorRule readErrorRule(Object& object) {
  ErrorRule rule;
  rule.anyStatus = object.boolean("anyStatus", false);
  rule.present = pointerList(object, "present");
  for (const char* key : {"equals", "notEquals"}) {
    if (auto test = object.object(key)) {
      if (!rule.equalsPointer.empty()) object.fail("give 'equals' or 'notEquals', not both");
      rule.equalsPointer = pointerField(*test, "pointer");
      if (rule.equalsPointer.empty()) test->fail("'pointer' is required");
      const Json* value = test->raw("value");
      if (value == nullptr) test->fail("'value' is required");
      rule.equals = plain(*value);
      rule.negate = std::string(key) == "notEquals";
      test->done();
    }
  }
  rule.code = pointerList(object, "code");
  rule.defaultCode = object.string("defaultCode");
  rule.detail = pointerList(object, "detail");
  rule.detailDefault = object.string("detailDefault");
  object.forEach("detailSuffixes", [&](Object& suffix) {
    rule.detailSuffixes.push_back({pointerField(suffix, "pointer"), suffix.string("prefix", true)});
  });
  return rule;
}

Parameter::Type readType(Object& object) {
  return choice<Parameter::Type>(object, "type",
                                 {{"string", Parameter::Type::String},
                                  {"integer", Parameter::Type::Integer},
                                  {"boolean", Parameter::Type::Boolean},
                                  {"number", Parameter::Type::Number},
                                  {"object", Parameter::Type::Object},
                                  {"array", Parameter::Type::Array},
                                  {"any", Parameter::Type::Any}},
                                 Parameter::Type::String);
}

Parameter readParameter(Object& object) {
  Parameter parameter;
  parameter.name = object.string("name", true);
  parameter.type = readType(object);
  parameter.required = object.boolean("required", false);
  parameter.description = object.string("description", true);
  if (!object.has("in"))
    object.fail("parameter '" + parameter.name + "' is placed nowhere: give 'in'");
  parameter.location = choice<Parameter::Location>(object, "in",
                                                   {{"path", Parameter::Location::Path},
                                                    {"query", Parameter::Location::Query},
                                                    {"body", Parameter::Location::Body},
                                                    {"form", Parameter::Location::Form},
                                                    {"header", Parameter::Location::Header},
                                                    {"nextUrl", Parameter::Location::NextUrl},
                                                    {"hook", Parameter::Location::Hook}},
                                                   Parameter::Location::Hook);
  parameter.wireName = object.string("as");
  if (parameter.location == Parameter::Location::Body && parameter.wireName.starts_with("/")) {
    checkPointer(object, "as", parameter.wireName);
  }
  parameter.format = choice<Parameter::Format>(object, "format",
                                               {{"text", Parameter::Format::Text},
                                                {"json", Parameter::Format::Json},
                                                {"repeated", Parameter::Format::Repeated}},
                                               Parameter::Format::Text);
  parameter.choices = object.strings("enum");
  if (!parameter.choices.empty() && parameter.type != Parameter::Type::String) {
    object.failAt(object.pointer("enum"), "only a string parameter can list its values");
  }
  parameter.minimum = object.integer("minimum");
  parameter.maximum = object.integer("maximum");
  parameter.valueError = object.string("valueError");
  if ((parameter.minimum || parameter.maximum) && parameter.type != Parameter::Type::Integer) {
    object.fail("only an integer parameter can have 'minimum' or 'maximum'");
  }
  if (const Json* value = object.raw("default")) parameter.defaultValue = plain(*value);
  return parameter;
}

ArgumentRule readArgumentRule(Object& object) {
  ArgumentRule rule;
  if (object.has("atLeastOne")) {
    rule.kind = ArgumentRule::Kind::AtLeastOne;
    rule.parameters = object.strings("atLeastOne");
    if (rule.parameters.size() < 2) object.fail("'atLeastOne' names at least two parameters");
    rule.parameter = rule.parameters.front();
  } else if (object.has("exclusive")) {
    rule.kind = ArgumentRule::Kind::Exclusive;
    rule.parameter = object.string("exclusive");
    rule.parameters = object.strings("with");
    if (rule.parameters.empty()) object.fail("'exclusive' needs 'with'");
  } else {
    object.fail("a rule is {\"atLeastOne\": [...]} or {\"exclusive\": \"a\", \"with\": [...]}");
  }
  rule.message = object.string("message", true);
  return rule;
}

ActionSpec readAction(Object& object, const AdapterSpec& spec) {
  ActionSpec action;
  action.name = object.string("name", true);
  action.description = object.string("description", true);
  action.reference = object.string("reference");
  action.method = object.string("method", false, "GET");
  static const std::vector<std::string> kMethods = {"GET",   "POST",   "PUT",
                                                    "PATCH", "DELETE", "HEAD"};
  if (std::find(kMethods.begin(), kMethods.end(), action.method) == kMethods.end()) {
    object.failAt(object.pointer("method"), "unknown method '" + action.method + "'");
  }
  action.retrySafe = object.boolean("retrySafe", action.method == "GET" || action.method == "HEAD");
  action.host = object.string("host");
  if (!action.host.empty() && spec.findHost(action.host) == nullptr) {
    object.failAt(object.pointer("host"), "no host is named '" + action.host + "'");
  }
  action.path = object.string("path", true);
  if (!action.path.starts_with("/")) object.failAt(object.pointer("path"), "must start with '/'");

  object.forEach("parameters",
                 [&](Object& declared) { action.parameters.push_back(readParameter(declared)); });
  std::set<std::string> names;
  for (const auto& parameter : action.parameters) {
    if (!names.insert(parameter.name).second) {
      object.failAt(object.pointer("parameters"),
                    "parameter '" + parameter.name + "' is declared twice");
    }
  }

  auto placeholdersInPath = placeholders(action.path);
  for (const auto& name : placeholdersInPath) {
    const auto found = std::find_if(action.parameters.begin(), action.parameters.end(),
                                    [&](const auto& p) { return p.name == name; });
    if (found == action.parameters.end()) {
      object.failAt(object.pointer("path"), "{" + name + "} names no parameter");
    }
    if (found->location != Parameter::Location::Path) {
      object.failAt(object.pointer("path"),
                    "{" + name + "} names a parameter that is not 'in': \"path\"");
    }
    if (!found->required) {
      object.failAt(object.pointer("path"),
                    "{" + name + "} names a parameter that is not required");
    }
  }
  for (const auto& parameter : action.parameters) {
    if (parameter.location == Parameter::Location::Path &&
        std::find(placeholdersInPath.begin(), placeholdersInPath.end(), parameter.name) ==
            placeholdersInPath.end()) {
      object.failAt(object.pointer("path"),
                    "has no {" + parameter.name + "} for the path parameter");
    }
  }

  const bool hasBodyParameter =
      std::any_of(action.parameters.begin(), action.parameters.end(),
                  [](const auto& p) { return p.location == Parameter::Location::Body; });
  const bool hasFormParameter =
      std::any_of(action.parameters.begin(), action.parameters.end(),
                  [](const auto& p) { return p.location == Parameter::Location::Form; });

  if (auto constants = object.object("constants")) {
    action.constantQuery = constants->textMap("query");
    for (auto& [name, value] : constants->textMap("headers")) {
      action.constantHeaders.push_back({name, value});
    }
    if (const Json* body = constants->raw("body")) {
      if (!body->is_object()) constants->failAt(constants->pointer("body"), "must be an object");
      action.constantBody = plain(*body);
    }
    constants->done();
  }
  const auto defaultBody = hasFormParameter ? std::string("form")
                           : (hasBodyParameter || !action.constantBody.is_null())
                               ? std::string("json")
                               : std::string("none");
  action.body = choice<ActionSpec::Body>(object, "body",
                                         {{"none", ActionSpec::Body::None},
                                          {"json", ActionSpec::Body::Json},
                                          {"form", ActionSpec::Body::Form}},
                                         defaultBody == "form"   ? ActionSpec::Body::Form
                                         : defaultBody == "json" ? ActionSpec::Body::Json
                                                                 : ActionSpec::Body::None);
  if (hasBodyParameter && action.body != ActionSpec::Body::Json) {
    object.fail("a parameter is 'in': \"body\" but the body is not JSON");
  }
  if (hasFormParameter && action.body != ActionSpec::Body::Form) {
    object.fail("a parameter is 'in': \"form\" but the body is not a form");
  }
  action.contentType = object.string("contentType");

  object.forEach("rules", [&](Object& rule) {
    action.rules.push_back(readArgumentRule(rule));
    for (const auto& name : action.rules.back().parameters) {
      if (!names.contains(name)) rule.fail("names no parameter '" + name + "'");
    }
    if (!names.contains(action.rules.back().parameter)) {
      rule.fail("names no parameter '" + action.rules.back().parameter + "'");
    }
  });

  if (auto pagination = object.object("pagination")) {
    action.pagination = readPagination(*pagination);
    if (!names.contains(action.pagination->cursorArgument)) {
      pagination->failAt(pagination->pointer("cursorArgument"),
                         "'" + action.pagination->cursorArgument + "' is not a parameter");
    }
    if (action.pagination->itemsPointer.empty()) {
      pagination->fail("an action's pagination needs 'itemsPointer'");
    }
  }
  if (auto hooks = object.object("hooks")) {
    action.buildHook = hooks->string("build");
    action.parseHook = hooks->string("parse");
    hooks->done();
  }
  if (auto result = object.object("result")) {
    action.resultWrap = result->string("wrap");
    action.resultPointer = pointerField(*result, "pointer");
    if (action.resultWrap.empty() == action.resultPointer.empty()) {
      result->fail("give 'wrap' or 'pointer'");
    }
    result->done();
  }
  if (!action.parseHook.empty() && (!action.resultWrap.empty() || !action.resultPointer.empty())) {
    object.fail("give a parse hook or a result, not both");
  }
  for (const auto& parameter : action.parameters) {
    if (parameter.location == Parameter::Location::Hook && action.buildHook.empty()) {
      object.fail("parameter '" + parameter.name +
                  "' is 'in': \"hook\" but the action has no build hook");
    }
  }
  if (const Json* example = object.raw("example")) {
    action.example = plain(*example);
  }
  try {
    validateArguments(action, action.example, spec.type + "." + action.name);
  } catch (const InvalidArgumentError& error) {
    object.failAt(object.pointer("example"), error.what());
  }
  return action;
}

// Parameters written {"use": "<template>", ...}: the template with the
// element's own fields laid over it.
Json expandTemplates(const Json& declaration, const std::string& source) {
  Json out = declaration;
  if (!out.contains("actions") || !out["actions"].is_array()) return out;
  const Json templates = out.value("parameterTemplates", Json::object());
  for (std::size_t a = 0; a < out["actions"].size(); ++a) {
    Json& action = out["actions"][a];
    if (!action.is_object() || !action.contains("parameters") || !action["parameters"].is_array()) {
      continue;
    }
    for (std::size_t p = 0; p < action["parameters"].size(); ++p) {
      Json& parameter = action["parameters"][p];
      if (!parameter.is_object() || !parameter.contains("use")) continue;
      const std::string where =
          "/actions/" + std::to_string(a) + "/parameters/" + std::to_string(p) + "/use";
      if (!parameter["use"].is_string()) throw PluginError(source, where + ": must be a string");
      const std::string name = parameter["use"].get<std::string>();
      if (!templates.is_object() || !templates.contains(name)) {
        throw PluginError(source, where + ": no parameter template '" + name + "'");
      }
      Json own = parameter;
      own.erase("use");
      Json expanded = mergeDeclaration(templates[name], own);
      if (!expanded.contains("name")) expanded["name"] = name;
      // Keep "name" first, as written by hand.
      Json ordered = Json::object();
      ordered["name"] = expanded["name"];
      for (const auto& [key, value] : expanded.items()) {
        if (key != "name") ordered[key] = value;
      }
      parameter = std::move(ordered);
    }
  }
  return out;
}

}  // namespace

Json mergeDeclaration(Json base, const Json& derived) {
  if (!base.is_object() || !derived.is_object()) return derived;
  for (const auto& [key, value] : derived.items()) {
    if (!base.contains(key)) {
      base[key] = value;
      continue;
    }
    Json& target = base[key];
    const auto named = [](const Json& array) {
      return array.is_array() && std::all_of(array.begin(), array.end(), [](const Json& item) {
               return item.is_object() && item.contains("name") && item["name"].is_string();
             });
    };
    if (target.is_object() && value.is_object()) {
      target = mergeDeclaration(target, value);
    } else if (named(target) && named(value) && !target.empty()) {
      for (const auto& item : value) {
        auto found = std::find_if(target.begin(), target.end(),
                                  [&](const Json& t) { return t["name"] == item["name"]; });
        if (found == target.end()) {
          target.push_back(item);
        } else {
          *found = mergeDeclaration(*found, item);
        }
      }
    } else {
      target = value;
    }
  }
  return base;
}

AdapterSpec parseDeclaration(std::string_view text, const std::string& source) {
  Json declaration;
  try {
    declaration = Json::parse(text, nullptr, true, /*ignore_comments=*/true);
  } catch (const nlohmann::json::parse_error& error) {
    throw PluginError(source, std::string("not valid JSON: ") + error.what());
  }
  return parseDeclarationJson(declaration, source);
}

AdapterSpec parseDeclarationJson(const Json& input, const std::string& source) {
  const Json declaration = expandTemplates(input, source);
  Object root(declaration, "", source);
  if (root.has("extends")) {
    root.failAt("/extends", "must be resolved before loading (b44-declare does it at build time)");
  }
  AdapterSpec spec;
  (void)root.raw("$schema");
  spec.type = root.string("type", true);
  if (spec.type.empty() || spec.type.size() > 64 ||
      spec.type.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos) {
    root.failAt("/type", "'" + spec.type + "' is not an integration type (a-z, 0-9 and '_')");
  }
  spec.version = root.string("version", false, "1.0.0");
  spec.displayName = root.string("displayName", true);
  spec.description = root.string("description", true);
  spec.documentationUrl = root.string("documentation", true);
  if (!spec.documentationUrl.starts_with("https://")) {
    root.failAt("/documentation", "must be an https:// URL");
  }
  spec.references = root.strings("references");
  (void)root.raw("parameterTemplates");
  root.forEach("configFields",
               [&](Object& field) { spec.configFields.push_back(readConfigField(field)); });
  root.forEach("hosts",
               [&](Object& host) { spec.hosts.push_back(readHost(host, spec.configFields)); });
  if (spec.hosts.empty()) root.fail("'hosts' must declare at least one host");
  for (const auto& field : spec.configFields) {
    if (std::none_of(spec.hosts.begin(), spec.hosts.end(), [&](const auto& host) {
          return host.baseUrlTemplate.find("{" + field.name + "}") != std::string::npos;
        })) {
      root.failAt("/configFields", "no host uses {" + field.name + "}");
    }
  }
  if (auto token = root.object("token")) {
    spec.token.header = token->string("header", false, "Authorization");
    spec.token.scheme = token->string("scheme", false, "Bearer");
    token->done();
  }
  for (auto& [name, value] : root.textMap("headers")) spec.defaultHeaders.push_back({name, value});
  if (auto limits = root.object("rateLimit")) {
    if (const Json* statuses = limits->raw("extraStatuses")) {
      if (!statuses->is_array())
        limits->failAt(limits->pointer("extraStatuses"), "must be an array of statuses");
      for (const auto& status : *statuses) {
        if (!status.is_number_integer())
          limits->failAt(limits->pointer("extraStatuses"), "must be an array of statuses");
        spec.rateLimit.extraStatuses.push_back(status.get<int>());
      }
    }
    spec.rateLimit.remainingHeader = limits->string("remainingHeader");
    spec.rateLimit.resetHeader = limits->string("resetHeader");
    using Format = RateLimitSignals::ResetFormat;
    spec.rateLimit.resetFormat = choice<Format>(*limits, "resetFormat",
                                                {{"deltaSeconds", Format::DeltaSeconds},
                                                 {"epochSeconds", Format::EpochSeconds},
                                                 {"epochMilliseconds", Format::EpochMilliseconds}},
                                                Format::DeltaSeconds);
    spec.rateLimit.extraStatusBodyMarkers = limits->strings("bodyMarkers");
    limits->done();
  }
  if (auto errors = root.object("errors")) {
    spec.checkHook = errors->string("hook");
    errors->forEach("rules", [&](Object& rule) { spec.errorRules.push_back(readErrorRule(rule)); });
    errors->done();
  }
  root.forEach("actions", [&](Object& action) {
    spec.actions.push_back(readAction(action, spec));
    for (std::size_t i = 0; i + 1 < spec.actions.size(); ++i) {
      if (spec.actions[i].name == spec.actions.back().name) {
        action.fail("action '" + spec.actions.back().name + "' is declared twice");
      }
    }
  });
  if (spec.actions.empty()) root.fail("'actions' must declare at least one action");
  root.done();
  return spec;
}

}  // namespace b44::plugin
