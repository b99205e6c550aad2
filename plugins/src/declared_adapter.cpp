// The generic adapter: requests built and answers checked from a declaration.
#include <b44/base64.hpp>
#include <b44/errors.hpp>
#include <b44/http.hpp>
#include <b44/plugin/declaration.hpp>
#include <b44/plugin/declared_adapter.hpp>
#include <b44/plugin/url.hpp>

#include "value_types.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <mutex>
#include <regex>
#include <set>

namespace b44::plugin {

Hooks& Hooks::build(std::string name, Build hook) {
  build_[std::move(name)] = std::move(hook);
  return *this;
}
Hooks& Hooks::parse(std::string name, Parse hook) {
  parse_[std::move(name)] = std::move(hook);
  return *this;
}
Hooks& Hooks::check(std::string name, Check hook) {
  check_[std::move(name)] = std::move(hook);
  return *this;
}

namespace {
template <class Map>
const typename Map::mapped_type* find(const Map& map, std::string_view name) {
  const auto found = map.find(name);
  return found == map.end() ? nullptr : &found->second;
}
}  // namespace

const Hooks::Build* Hooks::findBuild(std::string_view name) const { return find(build_, name); }
const Hooks::Parse* Hooks::findParse(std::string_view name) const { return find(parse_, name); }
const Hooks::Check* Hooks::findCheck(std::string_view name) const { return find(check_, name); }

Hooks& Hooks::share(const Hooks& family) {
  const auto add = [&](auto& mine, const auto& theirs) {
    for (const auto& [name, hook] : theirs) {
      if (mine.emplace(name, hook).second) shared_.insert(name);
    }
  };
  add(build_, family.build_);
  add(parse_, family.parse_);
  add(check_, family.check_);
  return *this;
}

std::vector<std::string> Hooks::names() const {
  std::vector<std::string> out;
  const auto own = [&](const auto& map) {
    for (const auto& [name, hook] : map) {
      if (!shared_.contains(name)) out.push_back(name);
    }
  };
  own(build_);
  own(parse_);
  own(check_);
  return out;
}

std::string wireText(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array()) {
    std::string joined;
    for (const auto& item : value) joined += (joined.empty() ? "" : ",") + wireText(item);
    return joined;
  }
  return value.dump();
}

namespace {

using nlohmann::json;

[[noreturn]] void refuse(const Args& args, const std::string& name, const std::string& what) {
  throw InvalidArgumentError("args." + name,
                             args.operation() + ": argument '" + name + "' " + what);
}

// A declared pattern, compiled once.
const std::regex& compiled(const std::string& pattern) {
  static std::mutex mutex;
  static std::map<std::string, std::regex, std::less<>> cache;
  const std::lock_guard lock(mutex);
  auto found = cache.find(pattern);
  if (found == cache.end()) {
    found = cache.emplace(pattern, std::regex(pattern, std::regex::ECMAScript)).first;
  }
  return found->second;
}

bool matches(const json& value, const std::string& pattern) {
  return value.is_string() &&
         std::regex_match(value.get_ref<const std::string&>(), compiled(pattern));
}

std::string joined(const std::vector<std::string>& words, const std::string& last = ", ") {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    out += (i == 0 ? "" : i + 1 == words.size() ? last : ", ") + words[i];
  }
  return out;
}

// The refusal of one parameter's value: its declared message, else
// "argument '<name>' " and its valueError or `words`.
[[noreturn]] void refuseValue(const Args& args, const Parameter& parameter,
                              const std::string& words, const std::string& message = {}) {
  const std::string& declared = message.empty() ? parameter.message : message;
  if (!declared.empty()) {
    throw InvalidArgumentError("args." + parameter.name, args.operation() + ": " + declared);
  }
  refuse(args, parameter.name, parameter.valueError.empty() ? words : parameter.valueError);
}

// Each item of an array argument against the declared "items".
void checkItems(const Args& args, const Parameter& parameter, const json& value) {
  const auto& items = *parameter.items;
  for (const auto& item : value) {
    std::string words;
    if (!items.types.empty() && std::none_of(items.types.begin(), items.types.end(),
                                             [&](auto type) { return hasType(item, type); })) {
      std::vector<std::string> names;
      for (const auto type : items.types) names.push_back(toString(type) + "s");
      words = "must hold only " + joined(names, " or ");
    } else if (!items.choices.empty() &&
               (!item.is_string() || std::find(items.choices.begin(), items.choices.end(),
                                               item.get<std::string>()) == items.choices.end())) {
      words = "must hold only " + joined(items.choices);
    } else if (!items.pattern.empty() && !matches(item, items.pattern)) {
      words = "must hold only strings matching " + items.pattern;
    } else {
      continue;
    }
    refuseValue(args, parameter, words, items.message);
  }
}

}  // namespace

std::optional<std::int64_t> integerOrDecimalText(const json& value) {
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (!value.is_string()) return std::nullopt;
  const auto& text = value.get_ref<const std::string&>();
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  std::int64_t number = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return number;
}

namespace {

// Enumerations, ranges, patterns, items and the rules between arguments.
void checkValues(const ActionSpec& action, const Args& args) {
  for (const auto& parameter : action.parameters) {
    const json& value = args.value(parameter.name);
    if (value.is_null()) continue;
    if (!parameter.choices.empty() && value.is_string() &&
        std::find(parameter.choices.begin(), parameter.choices.end(), value.get<std::string>()) ==
            parameter.choices.end()) {
      refuseValue(args, parameter, "must be one of " + joined(parameter.choices));
    }
    std::optional<std::int64_t> number;
    if (parameter.integerText) {
      number = integerOrDecimalText(value);
      if (!number) refuseValue(args, parameter, "must be an integer or its decimal text");
    } else if (value.is_number_integer()) {
      number = value.get<std::int64_t>();
    }
    if (number && (parameter.minimum || parameter.maximum)) {
      if ((parameter.minimum && *number < *parameter.minimum) ||
          (parameter.maximum && *number > *parameter.maximum)) {
        std::string words;
        if (parameter.minimum && parameter.maximum) {
          words = "must be between " + std::to_string(*parameter.minimum) + " and " +
                  std::to_string(*parameter.maximum);
        } else if (parameter.minimum) {
          words = "must be at least " + std::to_string(*parameter.minimum);
        } else {
          words = "must be at most " + std::to_string(*parameter.maximum);
        }
        refuseValue(args, parameter, words);
      }
    }
    if (parameter.maxLength && value.is_string() &&
        value.get_ref<const std::string&>().size() > *parameter.maxLength) {
      refuseValue(args, parameter,
                  "must be at most " + std::to_string(*parameter.maxLength) + " bytes long");
    }
    if (!parameter.pattern.empty() && value.is_string() && !matches(value, parameter.pattern)) {
      refuseValue(args, parameter, "must match " + parameter.pattern);
    }
    if (value.is_array() || value.is_object()) {
      const char* counted = value.is_array() ? " items" : " members";
      if (parameter.minItems && value.size() < *parameter.minItems) {
        refuseValue(args, parameter,
                    "must hold at least " + std::to_string(*parameter.minItems) + counted);
      }
      if (parameter.maxItems && value.size() > *parameter.maxItems) {
        refuseValue(args, parameter,
                    "must hold at most " + std::to_string(*parameter.maxItems) + counted);
      }
      if (parameter.items && value.is_array()) checkItems(args, parameter, value);
    }
  }
  // "At least one" wants a value: an empty string or array says nothing.
  const auto hasValue = [&](const std::string& name) {
    if (!args.has(name)) return false;
    const auto& value = args.json()[name];
    if (value.is_string()) return !value.get_ref<const std::string&>().empty();
    return !value.is_array() || !value.empty();
  };
  for (const auto& rule : action.rules) {
    const bool atLeastOne = rule.kind == ArgumentRule::Kind::AtLeastOne;
    const bool anyGiven =
        std::any_of(rule.parameters.begin(), rule.parameters.end(),
                    [&](const auto& name) { return atLeastOne ? hasValue(name) : args.has(name); });
    const bool violated = atLeastOne ? !anyGiven : args.has(rule.parameter) && anyGiven;
    if (violated) {
      throw InvalidArgumentError("args." + rule.parameter, args.operation() + ": " + rule.message);
    }
  }
}

const Parameter* findParameter(const ActionSpec& action, std::string_view name) {
  for (const auto& parameter : action.parameters) {
    if (parameter.name == name) return &parameter;
  }
  return nullptr;
}

// The path template: the first alternative whose parameter is given, else
// the action's own; each {name} filled with the argument, or its default, as
// one segment.
std::string fillPath(const ActionSpec& action, const Args& args) {
  const std::string* chosen = &action.path;
  for (const auto& [name, alternative] : action.pathWhen) {
    if (!args.value(name).is_null()) {
      chosen = &alternative;
      break;
    }
  }
  const std::string& templ = *chosen;
  std::string path;
  std::size_t at = 0;
  while (at < templ.size()) {
    const auto open = templ.find('{', at);
    if (open == std::string::npos) {
      path += templ.substr(at);
      break;
    }
    const auto close = templ.find('}', open);
    path += templ.substr(at, open - at);
    const std::string name = templ.substr(open + 1, close - open - 1);
    const json* value = &args.value(name);
    const Parameter* parameter = findParameter(action, name);
    if (value->is_null() && parameter != nullptr) value = &parameter->defaultValue;
    if (value->is_null()) refuse(args, name, "is required");
    const std::string text = value->is_string() ? value->get<std::string>() : value->dump();
    if (parameter != nullptr && parameter->format == Parameter::Format::Segments) {
      // Each segment on its own: "docs/README.md" keeps its slash, and an
      // empty, "." or ".." segment is refused as for any path value.
      std::size_t start = 0;
      while (true) {
        const auto slash = text.find('/', start);
        path += pathSegment(text.substr(start, slash - start), name);
        if (slash == std::string::npos) break;
        path += '/';
        start = slash + 1;
      }
    } else {
      path += pathSegment(text, name);
    }
    at = close + 1;
  }
  return path;
}

// The root member a body pointer ("/parent/id") sets: "parent".
std::string rootMember(const std::string& pointer) {
  json::json_pointer at(pointer);
  while (!at.parent_pointer().empty()) at = at.parent_pointer();
  return at.back();
}

// The members of a whole-body argument (`"as": "/"`) merged into the body's
// root; one that a constant or another argument already set is refused, so
// no value is silently dropped.
void mergeWholeBody(const Parameter& parameter, const json& value, const Args& args,
                    const std::map<std::string, std::string>& rootSetBy, json& body) {
  for (const auto& [member, memberValue] : value.items()) {
    if (const auto set = rootSetBy.find(member); set != rootSetBy.end()) {
      refuse(args, parameter.name,
             "has the member '" + member + "', which " + set->second + " sets: give it once");
    }
    body[member] = memberValue;
  }
}

ServiceRequest buildFromDeclaration(const ActionSpec& action, const Args& args) {
  checkValues(action, args);
  ServiceRequest request;
  request.host = action.host;
  request.method = action.method;
  request.path = fillPath(action, args);
  json body = action.constantBody.is_object() ? action.constantBody : json::object();
  // Who set each root member of the body, for a whole-body argument's
  // collisions: a constant or a named argument.
  std::map<std::string, std::string> rootSetBy;
  for (const auto& [member, value] : body.items()) rootSetBy[member] = "a constant of the body";
  const Parameter* wholeBody = nullptr;
  const json* wholeBodyValue = nullptr;
  QueryParams form;
  std::string content;
  for (const auto& parameter : action.parameters) {
    const json* value = &args.value(parameter.name);
    if (value->is_null()) value = &parameter.defaultValue;
    if (value->is_null()) continue;
    json number;
    if (parameter.integerText) {
      if (auto parsed = integerOrDecimalText(*value)) {
        number = *parsed;
        value = &number;
      }
    }
    const std::string& wire = parameter.wireName.empty() ? parameter.name : parameter.wireName;
    const auto text = [&]() {
      std::string out =
          parameter.format == Parameter::Format::Json ? value->dump() : wireText(*value);
      if (parameter.valueTemplate.empty()) return out;
      std::string filled = parameter.valueTemplate;
      filled.replace(filled.find("{value}"), std::string_view("{value}").size(), out);
      return filled;
    };
    switch (parameter.location) {
      case Parameter::Location::Query:
      case Parameter::Location::Form: {
        auto& pairs = parameter.location == Parameter::Location::Query ? request.query : form;
        if (parameter.location == Parameter::Location::Query && value->is_object() &&
            parameter.format != Parameter::Format::Json) {
          refuse(args, parameter.name, "cannot be sent as a query parameter");
        }
        if (parameter.format == Parameter::Format::Repeated && value->is_array()) {
          for (const auto& item : *value) pairs.emplace_back(wire, wireText(item));
        } else {
          pairs.emplace_back(wire, text());
        }
        break;
      }
      case Parameter::Location::Header:
        request.headers.set(wire, text());
        break;
      case Parameter::Location::Body:
        if (parameter.isWholeBody()) {
          wholeBody = &parameter;
          wholeBodyValue = value;
        } else if (wire.starts_with("/")) {
          body[json::json_pointer(wire)] = *value;
          rootSetBy.emplace(rootMember(wire), "the argument '" + parameter.name + "'");
        } else {
          body[wire] = *value;
          rootSetBy.emplace(wire, "the argument '" + parameter.name + "'");
        }
        break;
      case Parameter::Location::NextUrl:
        request.absoluteUrl = wireText(*value);
        break;
      case Parameter::Location::Content:
        if (parameter.format == Parameter::Format::Base64) {
          auto bytes = base64Decode(value->get<std::string>());
          if (!bytes) refuse(args, parameter.name, "is not base64");
          content = std::move(*bytes);
        } else {
          content = value->get<std::string>();
        }
        break;
      case Parameter::Location::Path:
      case Parameter::Location::Hook:
        break;
    }
  }
  if (wholeBody != nullptr && wholeBodyValue->is_object()) {
    mergeWholeBody(*wholeBody, *wholeBodyValue, args, rootSetBy, body);
  }
  for (const auto& pair : action.constantQuery) request.query.push_back(pair);
  if (!action.queryOrder.empty()) {
    const auto rank = [&](const std::string& name) {
      return std::find(action.queryOrder.begin(), action.queryOrder.end(), name) -
             action.queryOrder.begin();
    };
    std::stable_sort(request.query.begin(), request.query.end(),
                     [&](const auto& a, const auto& b) { return rank(a.first) < rank(b.first); });
  }
  for (const auto& header : action.constantHeaders) request.headers.set(header.name, header.value);
  if (action.body == ActionSpec::Body::Json) {
    request.setJsonBody(body);
  } else if (action.body == ActionSpec::Body::Form) {
    request.body = encodeQuery(form);
    request.contentType = "application/x-www-form-urlencoded";
  } else if (action.body == ActionSpec::Body::Bytes) {
    request.body = std::move(content);
    request.contentType = "application/octet-stream";
  }
  if (!action.contentType.empty()) request.contentType = action.contentType;
  // A Content-Type argument (a header parameter) names the bytes' type.
  if (auto type = request.headers.get("Content-Type")) {
    request.contentType = *type;
    request.headers.remove("Content-Type");
  }
  return request;
}

// The declared next cursor (ActionSpec::NextCursor), added to the result at
// the pagination's cursorPointer when there is a next page.
void addNextCursor(const ActionSpec& action, const Args& args, json& result) {
  using From = ActionSpec::NextCursor::From;
  const auto& next = *action.next;
  const auto& pagination = *action.pagination;
  if (!result.is_object()) return;
  const auto at = [&](const std::string& pointer) -> const json* {
    const json::json_pointer where(pointer);
    return result.contains(where) ? &result.at(where) : nullptr;
  };
  const auto number = [&](const std::string& pointer) -> std::int64_t {
    const json* value = at(pointer);
    return value != nullptr && value->is_number_integer() ? value->get<std::int64_t>() : 0;
  };
  const json* items = at(pagination.itemsPointer);
  if (items == nullptr || !items->is_array() || items->empty()) return;
  const auto count = static_cast<std::int64_t>(items->size());
  const std::int64_t page =
      next.from == From::LastItem
          ? 1
          : integerOrDecimalText(args.value(pagination.cursorArgument)).value_or(next.start);
  const std::int64_t following = next.from == From::Offset ? page + count : page + 1;
  if (!next.totalItems.empty() && following >= number(next.totalItems)) return;
  if (!next.totalPages.empty() && page >= number(next.totalPages)) return;
  const json* last = next.lastPage.empty() ? nullptr : at(next.lastPage);
  if (last != nullptr && last->is_boolean()) {
    if (last->get<bool>()) return;
  } else {
    std::optional<std::int64_t> size = next.pageSize;
    if (!next.pageSizeArgument.empty()) {
      if (auto given = integerOrDecimalText(args.value(next.pageSizeArgument))) size = given;
    }
    if (size && count < *size) return;
  }
  json cursor;
  if (next.from == From::LastItem) {
    const json& item = items->back();
    const json::json_pointer where(next.lastItem);
    if (!(item.is_object() || item.is_array()) || !item.contains(where) ||
        !item.at(where).is_string()) {
      return;
    }
    cursor = item.at(where);
  } else {
    cursor = next.text ? json(std::to_string(following)) : json(following);
  }
  result[json::json_pointer(pagination.cursorPointer)] = std::move(cursor);
}

std::string pointerText(const json& body, const std::string& pointer) {
  const json::json_pointer at(pointer);
  if (!body.is_object() && !body.is_array()) return {};
  if (!body.contains(at)) return {};
  const json& value = body.at(at);
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number()) return value.dump();
  return {};
}

bool isPresent(const json& body, const std::string& pointer) {
  if (!body.is_object() && !body.is_array()) return false;
  const json::json_pointer at(pointer);
  if (!body.contains(at)) return false;
  const json& value = body.at(at);
  if (value.is_null()) return false;
  if (value.is_string() || value.is_array() || value.is_object()) return !value.empty();
  return true;
}

std::string fill(std::string text, const std::string& code, int status) {
  for (const auto& [mark, value] : {std::pair<std::string, std::string>{"{code}", code},
                                    {"{status}", std::to_string(status)}}) {
    for (auto at = text.find(mark); at != std::string::npos;
         at = text.find(mark, at + value.size())) {
      text.replace(at, mark.size(), value);
    }
  }
  return text;
}

class DeclaredAdapter final : public BasicAdapter {
 public:
  DeclaredAdapter(AdapterSpec spec, Hooks hooks) : BasicAdapter(spec), hooks_(std::move(hooks)) {
    const std::string source = spec.type;
    if (!spec.checkHook.empty()) {
      check_ = hooks_.findCheck(spec.checkHook);
      if (check_ == nullptr) missing(source, "errors.hook", spec.checkHook);
    }
    std::set<std::string> used;
    if (!spec.checkHook.empty()) used.insert(spec.checkHook);
    for (const auto& action : spec.actions) {
      const Hooks::Build* build = nullptr;
      const Hooks::Parse* parse = nullptr;
      if (!action.buildHook.empty()) {
        build = hooks_.findBuild(action.buildHook);
        if (build == nullptr) missing(source, action.name + ".hooks.build", action.buildHook);
        used.insert(action.buildHook);
      }
      if (!action.parseHook.empty()) {
        parse = hooks_.findParse(action.parseHook);
        if (parse == nullptr) missing(source, action.name + ".hooks.parse", action.parseHook);
        used.insert(action.parseHook);
      }
      const ActionSpec* declared = this->spec().findAction(action.name);
      BuildFn buildFn = [declared, build](const Args& args) {
        ServiceRequest request = buildFromDeclaration(*declared, args);
        if (build != nullptr) (*build)(args, request);
        return request;
      };
      ParseFn parseFn;
      if (parse != nullptr) {
        parseFn = *parse;
      } else if (!action.resultWrap.empty()) {
        parseFn = [key = action.resultWrap](const Args&, json body, const ServiceResponse&) {
          return json{{key, body.is_array() ? std::move(body) : json::array()}};
        };
      } else if (!action.resultPointer.empty()) {
        parseFn = [pointer = action.resultPointer](const Args& args, json body,
                                                   const ServiceResponse& response) {
          const json::json_pointer at(pointer);
          if (!body.is_object() || !body.contains(at) || body.at(at).is_null()) {
            throw ProtocolError(args.operation() + ": the answer (HTTP " +
                                std::to_string(response.status) + ") has no '" + pointer + "'");
          }
          return json(std::move(body.at(at)));
        };
      }
      if (action.next) {
        parseFn = [shape = std::move(parseFn), declared](const Args& args, json body,
                                                         const ServiceResponse& response) {
          json result = shape ? shape(args, std::move(body), response) : std::move(body);
          addNextCursor(*declared, args, result);
          return result;
        };
      }
      addAction(action, std::move(buildFn), std::move(parseFn));
    }
    for (const auto& name : hooks_.names()) {
      if (!used.contains(name)) {
        throw PluginError(source, "the hook '" + name + "' is defined but no declaration uses it");
      }
    }
  }

 protected:
  void checkResponse(std::string_view action, const ServiceResponse& response,
                     const json& body) const override {
    if (check_ != nullptr) (*check_)(spec(), action, response, body);
    const bool failed = response.status < 200 || response.status >= 300;
    for (const auto& rule : spec().errorRules) {
      if (!failed && !rule.anyStatus) continue;
      if (!rule.present.empty() &&
          std::none_of(rule.present.begin(), rule.present.end(),
                       [&](const auto& pointer) { return isPresent(body, pointer); })) {
        continue;
      }
      if (!rule.equalsPointer.empty()) {
        const json::json_pointer at(rule.equalsPointer);
        const bool equal = (body.is_object() || body.is_array()) && body.contains(at) &&
                           body.at(at) == rule.equals;
        if (equal == rule.negate) continue;
      }
      std::string code;
      for (const auto& pointer : rule.code) {
        if (code.empty()) code = pointerText(body, pointer);
      }
      if (code.empty()) code = rule.defaultCode;
      std::string detail;
      for (const auto& pointer : rule.detail) {
        if (detail.empty()) detail = pointerText(body, pointer);
      }
      if (detail.empty()) detail = fill(rule.detailDefault, code, response.status);
      for (const auto& suffix : rule.detailSuffixes) {
        const auto value = pointerText(body, suffix.pointer);
        if (!value.empty()) detail += suffix.prefix + value;
      }
      throw ServiceError(spec().type, std::string(action), response.status, code, detail, body);
    }
    BasicAdapter::checkResponse(action, response, body);
  }

 private:
  [[noreturn]] static void missing(const std::string& source, const std::string& where,
                                   const std::string& name) {
    throw PluginError(source, where + ": no hook named '" + name + "' is defined");
  }

  Hooks hooks_;
  const Hooks::Check* check_ = nullptr;
};

}  // namespace

std::unique_ptr<Adapter> makeDeclaredAdapter(std::string_view declaration,
                                             const std::string& source, Hooks hooks) {
  return std::make_unique<DeclaredAdapter>(parseDeclaration(declaration, source), std::move(hooks));
}

}  // namespace b44::plugin
