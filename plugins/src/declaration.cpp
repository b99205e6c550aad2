// Reading an adapter declaration strictly: every field known, of its type,
// and consistent with the rest, or a PluginError naming the JSON pointer.
#include <b44/errors.hpp>
#include <b44/plugin/args.hpp>
#include <b44/plugin/declaration.hpp>
#include <b44/plugin/url.hpp>

#include <algorithm>
#include <cctype>
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
    if (!field.defaultValue.empty()) validateConfigValue(field, field.defaultValue);
  } catch (const InvalidArgumentError& error) {
    object.fail(std::string("the example or default is not a valid value: ") + error.what());
  }
  if (field.required && !field.defaultValue.empty()) {
    object.fail("a required field has no default");
  }
  return field;
}

ApiHost readHost(Object& object, const std::vector<ConfigField>& fields) {
  ApiHost host;
  host.name = object.string("name", true);
  host.baseUrlTemplate = object.string("baseUrl", true);
  host.allowedHosts = object.strings("allowedHosts");
  if (host.allowedHosts.empty()) object.fail("'allowedHosts' must name at least one host");
  if (std::find(host.allowedHosts.begin(), host.allowedHosts.end(), kAnyConfiguredHost) !=
          host.allowedHosts.end() &&
      placeholders(host.baseUrlTemplate).empty()) {
    object.failAt(
        object.pointer("allowedHosts"),
        "'*' admits the host connectionConfig gives, but the base URL has no placeholder");
  }
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

const std::vector<std::pair<std::string, Parameter::Type>>& typeNames() {
  static const std::vector<std::pair<std::string, Parameter::Type>> kTypes = {
      {"string", Parameter::Type::String},   {"integer", Parameter::Type::Integer},
      {"boolean", Parameter::Type::Boolean}, {"number", Parameter::Type::Number},
      {"object", Parameter::Type::Object},   {"array", Parameter::Type::Array},
      {"any", Parameter::Type::Any}};
  return kTypes;
}

Parameter::Type readType(Object& object) {
  return choice<Parameter::Type>(object, "type", typeNames(), Parameter::Type::String);
}

void checkRegex(Object& object, const std::string& key, const std::string& pattern) {
  try {
    std::regex compiled(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& error) {
    object.failAt(object.pointer(key), "does not compile: " + std::string(error.what()));
  }
}

std::optional<std::size_t> count(Object& object, const std::string& key) {
  const auto value = object.integer(key);
  if (!value) return std::nullopt;
  if (*value < 0) object.failAt(object.pointer(key), "must not be negative");
  return static_cast<std::size_t>(*value);
}

// "items": what each item of an array argument must be.
Parameter::Items readItems(Object& object) {
  Parameter::Items items;
  for (const auto& name : object.strings("type")) {
    const auto found = std::find_if(typeNames().begin(), typeNames().end(),
                                    [&](const auto& each) { return each.first == name; });
    if (found == typeNames().end()) {
      std::string allowed;
      for (const auto& each : typeNames()) allowed += (allowed.empty() ? "" : ", ") + each.first;
      object.failAt(object.pointer("type"),
                    "unknown value '" + name + "' (one of: " + allowed + ")");
    }
    items.types.push_back(found->second);
  }
  items.choices = object.strings("enum");
  items.pattern = object.string("pattern");
  if (!items.pattern.empty()) checkRegex(object, "pattern", items.pattern);
  const bool onlyStrings = items.types.size() == 1 && items.types[0] == Parameter::Type::String;
  if ((!items.choices.empty() || !items.pattern.empty()) && !items.types.empty() && !onlyStrings) {
    object.fail("only string items can list their values or have a pattern");
  }
  items.message = object.string("message");
  object.done();
  if (items.types.empty() && items.choices.empty() && items.pattern.empty()) {
    object.fail("give 'type', 'enum' or 'pattern'");
  }
  return items;
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
                                                    {"content", Parameter::Location::Content},
                                                    {"hook", Parameter::Location::Hook}},
                                                   Parameter::Location::Hook);
  parameter.wireName = object.string("as");
  if (parameter.wireName == "/") {
    if (parameter.location != Parameter::Location::Body ||
        parameter.type != Parameter::Type::Object) {
      object.failAt(object.pointer("as"),
                    "only an object parameter 'in': \"body\" can be the whole body (\"/\")");
    }
  } else if (parameter.location == Parameter::Location::Body &&
             parameter.wireName.starts_with("/")) {
    checkPointer(object, "as", parameter.wireName);
  }
  parameter.secret = object.boolean("secret", false);
  if (parameter.secret && parameter.location != Parameter::Location::Path &&
      parameter.location != Parameter::Location::Query) {
    object.failAt(object.pointer("secret"),
                  "only a path or query value can be secret (a header: 'secretHeaders')");
  }
  parameter.format = choice<Parameter::Format>(object, "format",
                                               {{"text", Parameter::Format::Text},
                                                {"json", Parameter::Format::Json},
                                                {"repeated", Parameter::Format::Repeated},
                                                {"segments", Parameter::Format::Segments},
                                                {"base64", Parameter::Format::Base64}},
                                               Parameter::Format::Text);
  if (parameter.format == Parameter::Format::Segments &&
      parameter.location != Parameter::Location::Path) {
    object.failAt(object.pointer("format"), "'segments' is for a path parameter");
  }
  if (parameter.format == Parameter::Format::Base64 &&
      parameter.location != Parameter::Location::Content) {
    object.failAt(object.pointer("format"), "'base64' is for a content parameter");
  }
  if (parameter.location == Parameter::Location::Content &&
      parameter.type != Parameter::Type::String) {
    object.failAt(object.pointer("in"), "a content parameter is a string");
  }
  if (parameter.secret && parameter.format == Parameter::Format::Segments) {
    object.failAt(object.pointer("secret"), "a secret path value is one segment, not 'segments'");
  }
  parameter.choices = object.strings("enum");
  if (!parameter.choices.empty() && parameter.type != Parameter::Type::String) {
    object.failAt(object.pointer("enum"), "only a string parameter can list its values");
  }
  parameter.integerText = object.boolean("integerText", false);
  if (parameter.integerText && parameter.type != Parameter::Type::Any) {
    object.failAt(object.pointer("integerText"),
                  "only an 'any' parameter can be an integer or its decimal text");
  }
  parameter.minimum = object.integer("minimum");
  parameter.maximum = object.integer("maximum");
  parameter.valueError = object.string("valueError");
  if ((parameter.minimum || parameter.maximum) && parameter.type != Parameter::Type::Integer &&
      !parameter.integerText) {
    object.fail("only an integer parameter can have 'minimum' or 'maximum'");
  }
  const bool textual =
      parameter.type == Parameter::Type::String || parameter.type == Parameter::Type::Any;
  parameter.pattern = object.string("pattern");
  if (!parameter.pattern.empty()) {
    if (!textual) object.failAt(object.pointer("pattern"), "only a string parameter has a pattern");
    checkRegex(object, "pattern", parameter.pattern);
  }
  parameter.maxLength = count(object, "maxLength");
  if (parameter.maxLength && !textual) {
    object.failAt(object.pointer("maxLength"), "only a string parameter has a 'maxLength'");
  }
  parameter.minItems = count(object, "minItems");
  parameter.maxItems = count(object, "maxItems");
  if (auto items = object.object("items")) parameter.items = readItems(*items);
  if ((parameter.minItems || parameter.maxItems || parameter.items) &&
      parameter.type != Parameter::Type::Array &&
      (parameter.type != Parameter::Type::Object || parameter.items)) {
    object.fail(
        "only an array parameter can have 'minItems', 'maxItems' or 'items' (an object: "
        "'minItems', 'maxItems', counting its members)");
  }
  if (parameter.minItems && parameter.maxItems && *parameter.minItems > *parameter.maxItems) {
    object.fail("'minItems' is above 'maxItems'");
  }
  parameter.message = object.string("message");
  if (!parameter.message.empty() && !parameter.valueError.empty()) {
    object.fail("give 'message' or 'valueError', not both");
  }
  parameter.valueTemplate = object.string("template");
  if (!parameter.valueTemplate.empty()) {
    if (parameter.valueTemplate.find("{value}") == std::string::npos) {
      object.failAt(object.pointer("template"), "must hold {value}");
    }
    if (parameter.location != Parameter::Location::Query &&
        parameter.location != Parameter::Location::Form &&
        parameter.location != Parameter::Location::Header) {
      object.failAt(object.pointer("template"),
                    "only a query, form or header value can have a template");
    }
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

// "result": {"next": ...}: a next-page cursor computed from the page.
ActionSpec::NextCursor readNextCursor(Object& object, const ActionSpec& action) {
  using From = ActionSpec::NextCursor::From;
  ActionSpec::NextCursor next;
  if (!object.has("from")) object.fail("'from' is required");
  next.from = choice<From>(
      object, "from",
      {{"offset", From::Offset}, {"page", From::Page}, {"lastItem", From::LastItem}}, From::Offset);
  const bool counted = next.from != From::LastItem;
  if (!action.pagination || action.pagination->style != Pagination::Style::BodyCursor) {
    object.fail(
        "a computed next cursor needs a bodyCursor pagination (it goes at its "
        "cursorPointer)");
  }
  next.start = object.integer("start").value_or(0);
  next.text = object.boolean("text", false);
  next.lastItem = pointerField(object, "lastItem");
  next.totalItems = pointerField(object, "totalItems");
  next.totalPages = pointerField(object, "totalPages");
  next.pageSize = object.integer("pageSize");
  next.pageSizeArgument = object.string("pageSizeArgument");
  next.lastPage = pointerField(object, "lastPage");
  if (!counted && (object.has("start") || object.has("text"))) {
    object.fail("'start' and 'text' are for an offset or a page number");
  }
  if ((next.from == From::LastItem) != !next.lastItem.empty()) {
    object.fail(counted ? "'lastItem' is for \"from\": \"lastItem\""
                        : "\"from\": \"lastItem\" needs 'lastItem', the pointer in the item");
  }
  if (!next.totalItems.empty() && next.from != From::Offset) {
    object.failAt(object.pointer("totalItems"), "only an offset counts items");
  }
  if (!next.totalPages.empty() && next.from == From::Offset) {
    object.failAt(object.pointer("totalPages"), "an offset counts items: give 'totalItems'");
  }
  const auto parameter = [&](const std::string& name) -> const Parameter* {
    for (const auto& each : action.parameters) {
      if (each.name == name) return &each;
    }
    return nullptr;
  };
  if (!next.pageSizeArgument.empty() && parameter(next.pageSizeArgument) == nullptr) {
    object.failAt(object.pointer("pageSizeArgument"),
                  "'" + next.pageSizeArgument + "' is not a parameter");
  }
  if (counted) {
    const Parameter* cursor = parameter(action.pagination->cursorArgument);
    if (cursor == nullptr || !(cursor->integerText || cursor->type == Parameter::Type::Integer)) {
      object.fail("the cursor argument '" + action.pagination->cursorArgument +
                  "' must be an integer or 'integerText'");
    }
  }
  object.done();
  return next;
}

ActionSpec readAction(Object& object, const AdapterSpec& spec) {
  ActionSpec action;
  action.name = object.string("name", true);
  action.description = object.string("description", true);
  action.reference = object.string("reference");
  (void)object.raw("typed");  // read by parseTypedHelpers
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

  // Each placeholder names a path parameter that always has a value: a
  // required one, one with a default, or the one whose presence picked the
  // path (pathWhen).
  const auto checkPlaceholders = [&](const std::string& pointer, const std::string& path,
                                     const std::string& given) {
    for (const auto& name : placeholders(path)) {
      const auto found = std::find_if(action.parameters.begin(), action.parameters.end(),
                                      [&](const auto& p) { return p.name == name; });
      if (found == action.parameters.end()) {
        object.failAt(pointer, "{" + name + "} names no parameter");
      }
      if (found->location != Parameter::Location::Path) {
        object.failAt(pointer, "{" + name + "} names a parameter that is not 'in': \"path\"");
      }
      if (!found->required && found->defaultValue.is_null() && name != given) {
        object.failAt(pointer,
                      "{" + name + "} names a parameter that is not required and has no default");
      }
    }
  };
  checkPlaceholders(object.pointer("path"), action.path, "");
  std::vector<std::string> allPlaceholders = placeholders(action.path);
  for (auto& [name, path] : object.textMap("pathWhen")) {
    const std::string pointer = object.pointer("pathWhen") + "/" + escapePointerToken(name);
    if (!names.contains(name)) object.failAt(pointer, "'" + name + "' is not a parameter");
    if (!path.starts_with("/")) object.failAt(pointer, "must start with '/'");
    checkPlaceholders(pointer, path, name);
    for (const auto& placeholder : placeholders(path)) allPlaceholders.push_back(placeholder);
    action.pathWhen.emplace_back(name, path);
  }
  for (const auto& parameter : action.parameters) {
    if (parameter.location == Parameter::Location::Path &&
        std::find(allPlaceholders.begin(), allPlaceholders.end(), parameter.name) ==
            allPlaceholders.end()) {
      object.failAt(object.pointer("path"),
                    "has no {" + parameter.name + "} for the path parameter");
    }
  }

  if (std::count_if(action.parameters.begin(), action.parameters.end(),
                    [](const Parameter& p) { return p.isWholeBody(); }) > 1) {
    object.failAt(object.pointer("parameters"), "only one parameter can be the whole body (\"/\")");
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
  const bool hasContentParameter =
      std::any_of(action.parameters.begin(), action.parameters.end(),
                  [](const auto& p) { return p.location == Parameter::Location::Content; });
  const auto defaultBody = hasContentParameter ? ActionSpec::Body::Bytes
                           : hasFormParameter  ? ActionSpec::Body::Form
                           : (hasBodyParameter || !action.constantBody.is_null())
                               ? ActionSpec::Body::Json
                               : ActionSpec::Body::None;
  action.body = choice<ActionSpec::Body>(object, "body",
                                         {{"none", ActionSpec::Body::None},
                                          {"json", ActionSpec::Body::Json},
                                          {"form", ActionSpec::Body::Form},
                                          {"bytes", ActionSpec::Body::Bytes}},
                                         defaultBody);
  if (hasContentParameter && action.body != ActionSpec::Body::Bytes) {
    object.fail("a parameter is 'in': \"content\" but the body is not bytes");
  }
  if (action.body == ActionSpec::Body::Bytes && !hasContentParameter) {
    object.fail("a 'bytes' body needs a parameter 'in': \"content\"");
  }
  if (hasBodyParameter && action.body != ActionSpec::Body::Json) {
    object.fail("a parameter is 'in': \"body\" but the body is not JSON");
  }
  if (hasFormParameter && action.body != ActionSpec::Body::Form) {
    object.fail("a parameter is 'in': \"form\" but the body is not a form");
  }
  action.contentType = object.string("contentType");
  action.queryOrder = object.strings("queryOrder");
  for (std::size_t i = 0; i < action.queryOrder.size(); ++i) {
    const auto& name = action.queryOrder[i];
    const bool known = std::any_of(action.parameters.begin(), action.parameters.end(),
                                   [&](const Parameter& p) {
                                     return p.location == Parameter::Location::Query &&
                                            (p.wireName.empty() ? p.name : p.wireName) == name;
                                   }) ||
                       std::any_of(action.constantQuery.begin(), action.constantQuery.end(),
                                   [&](const auto& pair) { return pair.first == name; });
    if (!known) {
      object.failAt(object.pointer("queryOrder") + "/" + std::to_string(i),
                    "no query parameter or constant is sent as '" + name + "'");
    }
  }

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
    if (!action.resultWrap.empty() && !action.resultPointer.empty()) {
      result->fail("give 'wrap' or 'pointer'");
    }
    if (auto next = result->object("next")) action.next = readNextCursor(*next, action);
    action.download = result->boolean("download", false);
    action.resultText = result->string("text");
    action.resultEmpty = result->boolean("empty", false);
    if (action.resultEmpty && (action.download || !action.resultText.empty())) {
      result->fail("'empty' is for a JSON answer, not a download or text");
    }
    const int shapes = static_cast<int>(!action.resultWrap.empty()) +
                       static_cast<int>(!action.resultPointer.empty()) +
                       static_cast<int>(action.download) +
                       static_cast<int>(!action.resultText.empty());
    if (shapes > 1) result->fail("give one of 'wrap', 'pointer', 'download' and 'text'");
    if ((action.download || !action.resultText.empty()) && action.next) {
      result->fail("a download or text answer has no next cursor");
    }
    if (shapes == 0 && !action.next && !action.resultEmpty) {
      result->fail("give 'wrap', 'pointer', 'next', 'download', 'text' or 'empty'");
    }
    result->done();
  }
  if (!action.parseHook.empty() && (!action.resultWrap.empty() || !action.resultPointer.empty() ||
                                    action.next || action.download || !action.resultText.empty())) {
    object.fail("give a parse hook or a result, not both");
  }
  if ((action.download || !action.resultText.empty()) && action.pagination) {
    object.fail("a download or text answer is one answer: it cannot have a pagination");
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
  (void)root.raw("typed");  // read by parseTypedHelpers
  // The family whose shared hooks the generated factory registers (b44-declare).
  if (const std::string family = root.string("sharedHooks"); !family.empty()) {
    if (family.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos) {
      root.failAt("/sharedHooks", "'" + family + "' is not a family name (a-z, 0-9 and '_')");
    }
  }
  root.forEach("configFields",
               [&](Object& field) { spec.configFields.push_back(readConfigField(field)); });
  root.forEach("hosts",
               [&](Object& host) { spec.hosts.push_back(readHost(host, spec.configFields)); });
  if (spec.hosts.empty()) root.fail("'hosts' must declare at least one host");
  for (auto& [name, value] : root.textMap("headers")) spec.defaultHeaders.push_back({name, value});
  // A config field fills a host's base URL or a header; one a host needs has
  // a default when optional (a base URL cannot leave it out, a header can).
  for (std::size_t i = 0; i < spec.configFields.size(); ++i) {
    const auto& field = spec.configFields[i];
    const std::string placeholder = "{" + field.name + "}";
    const bool inHost = std::any_of(spec.hosts.begin(), spec.hosts.end(), [&](const auto& host) {
      return host.baseUrlTemplate.find(placeholder) != std::string::npos;
    });
    const bool inHeader = std::any_of(
        spec.defaultHeaders.begin(), spec.defaultHeaders.end(),
        [&](const auto& header) { return header.value.find(placeholder) != std::string::npos; });
    if (!inHost && !inHeader) {
      root.failAt("/configFields", "no host or header uses " + placeholder);
    }
    if (inHost && !field.required && field.defaultValue.empty()) {
      root.failAt("/configFields/" + std::to_string(i),
                  "an optional field a host uses needs a 'default'");
    }
  }
  for (const auto& header : spec.defaultHeaders) {
    for (const auto& name : placeholders(header.value)) {
      if (std::none_of(spec.configFields.begin(), spec.configFields.end(),
                       [&](const auto& f) { return f.name == name; })) {
        root.failAt("/headers/" + escapePointerToken(header.name),
                    "{" + name + "} names no config field");
      }
    }
  }
  if (auto token = root.object("token")) {
    spec.token.header = token->string("header", false, "Authorization");
    spec.token.scheme = token->string("scheme", false, "Bearer");
    token->done();
  }
  spec.secretHeaders = root.strings("secretHeaders");
  for (std::size_t i = 0; i < spec.secretHeaders.size(); ++i) {
    const auto& name = spec.secretHeaders[i];
    if (name.empty() ||
        name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                               "0123456789!#$%&'*+-.^_`|~") != std::string::npos) {
      root.failAt("/secretHeaders/" + std::to_string(i), "'" + name + "' is not a header name");
    }
  }
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

namespace {

// C++ names the generated header may not use for a member, a method or a
// struct (keywords, and the names the generated code itself uses).
bool reservedName(const std::string& name) {
  static const std::set<std::string> kReserved = {
      "alignas",   "alignof",   "and",      "asm",      "auto",      "bool",      "break",
      "case",      "catch",     "char",     "class",    "concept",   "const",     "consteval",
      "constexpr", "constinit", "continue", "co_await", "co_return", "co_yield",  "decltype",
      "default",   "delete",    "do",       "double",   "else",      "enum",      "explicit",
      "export",    "extern",    "false",    "float",    "for",       "friend",    "goto",
      "if",        "inline",    "int",      "long",     "mutable",   "namespace", "new",
      "noexcept",  "not",       "nullptr",  "operator", "or",        "private",   "protected",
      "public",    "register",  "requires", "return",   "short",     "signed",    "sizeof",
      "static",    "struct",    "switch",   "template", "this",      "throw",     "true",
      "try",       "typedef",   "typeid",   "typename", "union",     "unsigned",  "using",
      "virtual",   "void",      "volatile", "while",    "xor",       "client",    "client_",
      "built",     "toJson",    "from_json"};
  return kReserved.count(name) != 0;
}

bool identifier(const std::string& name) {
  return !name.empty() && std::isdigit(static_cast<unsigned char>(name[0])) == 0 &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
         });
}

void checkName(const Object& object, const std::string& pointer, const std::string& name) {
  if (!identifier(name)) object.failAt(pointer, "'" + name + "' is not a C++ name");
  if (reservedName(name)) object.failAt(pointer, "'" + name + "' is reserved in C++");
}

const std::set<std::string>& builtinFieldTypes() {
  static const std::set<std::string> kTypes = {"string", "integer", "number", "boolean",
                                               "json",   "strings", "present"};
  return kTypes;
}

TypedField readTypedField(const Json& value, const std::string& pointer,
                          const std::string& source) {
  TypedField field;
  if (value.is_string()) {
    const auto name = value.get<std::string>();
    field = {typedMemberName(name), "string", "/" + escapePointerToken(name), ""};
  } else {
    Object object(value, pointer, source);
    const std::string name = object.string("name");
    field.pointer = object.string("pointer");
    if (name.empty() && field.pointer.empty()) object.fail("give 'name' or 'pointer'");
    if (field.pointer.empty()) field.pointer = "/" + escapePointerToken(name);
    if (field.pointer.front() != '/')
      object.failAt(object.pointer("pointer"), "must be a JSON pointer starting with '/'");
    const std::string last = field.pointer.substr(field.pointer.rfind('/') + 1);
    field.member = object.string("member", false, typedMemberName(name.empty() ? last : name));
    field.type = object.string("type", false, "string");
    field.description = object.string("description");
    object.done();
  }
  if (!identifier(field.member) || reservedName(field.member) || field.member == "raw") {
    throw PluginError(source, pointer + ": the member name '" + field.member +
                                  "' is not usable in C++ (give \"member\")");
  }
  return field;
}

}  // namespace

std::string typedMemberName(std::string_view name) {
  std::string out;
  bool upper = false;
  for (const char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0) {
      upper = !out.empty();
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  if (!out.empty() && std::isdigit(static_cast<unsigned char>(out[0])) != 0) out = "n" + out;
  if (reservedName(out)) out += "Value";
  return out;
}

TypedHelpers parseTypedHelpers(const Json& input, const AdapterSpec& spec,
                               const std::string& source) {
  const Json declaration = expandTemplates(input, source);
  TypedHelpers helpers;
  std::string upperType = typedMemberName(spec.type);
  upperType[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(upperType[0])));
  helpers.className = upperType;
  std::set<std::string> structNames;
  if (declaration.contains("typed")) {
    Object typed(declaration["typed"], "/typed", source);
    helpers.className = typed.string("class", false, helpers.className);
    checkName(typed, typed.pointer("class"), helpers.className);
    if (const Json* structs = typed.raw("structs")) {
      if (!structs->is_object()) typed.failAt(typed.pointer("structs"), "must be an object");
      for (const auto& [name, body] : structs->items()) {
        Object object(body, typed.pointer("structs") + "/" + escapePointerToken(name), source);
        checkName(object, object.pointer(), name);
        if (name == helpers.className || builtinFieldTypes().count(name) != 0) {
          object.fail("the struct name '" + name + "' is taken");
        }
        TypedStruct typedStruct{
            name, object.string("description"), {}, object.boolean("raw", true)};
        const Json* fields = object.raw("fields");
        if (fields == nullptr || !fields->is_array() || fields->empty()) {
          object.fail("'fields' must be a non-empty array");
        }
        std::set<std::string> members;
        for (std::size_t i = 0; i < fields->size(); ++i) {
          const std::string pointer = object.pointer("fields") + "/" + std::to_string(i);
          typedStruct.fields.push_back(readTypedField((*fields)[i], pointer, source));
          if (!members.insert(typedStruct.fields.back().member).second) {
            throw PluginError(source, pointer + ": the member '" +
                                          typedStruct.fields.back().member + "' comes twice");
          }
        }
        object.done();
        structNames.insert(name);
        helpers.structs.push_back(std::move(typedStruct));
      }
    }
    typed.done();
  }
  const auto knownType = [&](const std::string& type) {
    std::string base = type;
    if (base.ends_with("[]")) base.resize(base.size() - 2);
    return (builtinFieldTypes().count(type) != 0) || structNames.count(base) != 0;
  };
  for (std::size_t s = 0; s < helpers.structs.size(); ++s) {
    for (std::size_t f = 0; f < helpers.structs[s].fields.size(); ++f) {
      if (!knownType(helpers.structs[s].fields[f].type)) {
        throw PluginError(source, "/typed/structs/" + escapePointerToken(helpers.structs[s].name) +
                                      "/fields/" + std::to_string(f) + ": unknown type '" +
                                      helpers.structs[s].fields[f].type + "'");
      }
    }
  }
  std::set<std::string> methods;
  const Json& actions = declaration["actions"];
  for (std::size_t i = 0; i < spec.actions.size(); ++i) {
    const ActionSpec& action = spec.actions[i];
    TypedAction typedAction;
    typedAction.action = action.name;
    typedAction.method = typedMemberName(action.name);
    const std::string pointer = "/actions/" + std::to_string(i) + "/typed";
    const auto found = std::find_if(actions.begin(), actions.end(), [&](const Json& each) {
      return each.is_object() && each.value("name", "") == action.name;
    });
    std::optional<std::vector<std::string>> shorthand;
    if (found != actions.end() && found->contains("typed")) {
      Object object((*found)["typed"], pointer, source);
      typedAction.method = object.string("method", false, typedAction.method);
      checkName(object, object.pointer("method"), typedAction.method);
      typedAction.result = object.string("result");
      typedAction.resultPointer = object.string("resultPointer");
      typedAction.items = object.string("items");
      if (object.has("shorthand")) shorthand = object.strings("shorthand");
      for (const char* key : {"result", "items"}) {
        const std::string name = object.has(key) ? object.string(key) : "";
        if (!name.empty() && structNames.count(name) == 0) {
          object.failAt(object.pointer(key), "no struct '" + name + "' in /typed/structs");
        }
      }
      if (!typedAction.items.empty() && !action.pagination) {
        object.failAt(object.pointer("items"), "the action is not paginated");
      }
      if (action.download && (!typedAction.result.empty() || !typedAction.resultPointer.empty())) {
        object.fail(
            "a download's typed result is b44::Download: give no 'result' or "
            "'resultPointer'");
      }
      if (!typedAction.resultPointer.empty() && typedAction.resultPointer.front() != '/') {
        object.failAt(object.pointer("resultPointer"), "must be a JSON pointer starting with '/'");
      }
      object.done();
    }
    if (!methods.insert(typedAction.method).second) {
      throw PluginError(source, pointer + ": the method '" + typedAction.method + "' comes twice");
    }
    const std::string cursor = action.pagination ? action.pagination->cursorArgument : "";
    if (shorthand) {
      for (std::size_t p = 0; p < shorthand->size(); ++p) {
        const auto& name = (*shorthand)[p];
        const bool known = std::any_of(action.parameters.begin(), action.parameters.end(),
                                       [&](const Parameter& each) { return each.name == name; });
        if (!known || name == cursor) {
          throw PluginError(source, pointer + "/shorthand/" + std::to_string(p) +
                                        ": the action has no parameter '" + name + "'");
        }
      }
      typedAction.shorthand = *shorthand;
    } else {
      for (const auto& parameter : action.parameters) {
        if (parameter.required && parameter.name != cursor) {
          typedAction.shorthand.push_back(parameter.name);
        }
      }
      if (typedAction.shorthand.size() > 4) typedAction.shorthand.clear();
    }
    helpers.actions.push_back(std::move(typedAction));
  }
  return helpers;
}

}  // namespace b44::plugin
