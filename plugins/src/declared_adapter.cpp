// The generic adapter: requests built and answers checked from a declaration.
#include <b44/errors.hpp>
#include <b44/http.hpp>
#include <b44/plugin/declaration.hpp>
#include <b44/plugin/declared_adapter.hpp>
#include <b44/plugin/url.hpp>

#include <algorithm>
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

// Enumerations, ranges and the rules between arguments.
void checkValues(const ActionSpec& action, const Args& args) {
  for (const auto& parameter : action.parameters) {
    const json& value = args.value(parameter.name);
    if (value.is_null()) continue;
    if (!parameter.choices.empty() && value.is_string() &&
        std::find(parameter.choices.begin(), parameter.choices.end(), value.get<std::string>()) ==
            parameter.choices.end()) {
      std::string allowed;
      for (const auto& choice : parameter.choices)
        allowed += (allowed.empty() ? "" : ", ") + choice;
      refuse(args, parameter.name,
             parameter.valueError.empty() ? "must be one of " + allowed : parameter.valueError);
    }
    if (value.is_number_integer() && (parameter.minimum || parameter.maximum)) {
      const auto number = value.get<std::int64_t>();
      if ((parameter.minimum && number < *parameter.minimum) ||
          (parameter.maximum && number > *parameter.maximum)) {
        std::string words = parameter.valueError;
        if (words.empty() && parameter.minimum && parameter.maximum) {
          words = "must be between " + std::to_string(*parameter.minimum) + " and " +
                  std::to_string(*parameter.maximum);
        } else if (words.empty() && parameter.minimum) {
          words = "must be at least " + std::to_string(*parameter.minimum);
        } else if (words.empty()) {
          words = "must be at most " + std::to_string(*parameter.maximum);
        }
        refuse(args, parameter.name, words);
      }
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

std::string fillPath(const ActionSpec& action, const Args& args) {
  std::string path;
  std::size_t at = 0;
  while (at < action.path.size()) {
    const auto open = action.path.find('{', at);
    if (open == std::string::npos) {
      path += action.path.substr(at);
      break;
    }
    const auto close = action.path.find('}', open);
    path += action.path.substr(at, open - at);
    const std::string name = action.path.substr(open + 1, close - open - 1);
    const json& value = args.value(name);
    if (value.is_null()) refuse(args, name, "is required");
    path += pathSegment(value.is_string() ? value.get<std::string>() : value.dump(), name);
    at = close + 1;
  }
  return path;
}

ServiceRequest buildFromDeclaration(const ActionSpec& action, const Args& args) {
  checkValues(action, args);
  ServiceRequest request;
  request.host = action.host;
  request.method = action.method;
  request.path = fillPath(action, args);
  json body = action.constantBody.is_object() ? action.constantBody : json::object();
  QueryParams form;
  for (const auto& parameter : action.parameters) {
    const json* value = &args.value(parameter.name);
    if (value->is_null()) value = &parameter.defaultValue;
    if (value->is_null()) continue;
    const std::string& wire = parameter.wireName.empty() ? parameter.name : parameter.wireName;
    const auto text = [&]() {
      return parameter.format == Parameter::Format::Json ? value->dump() : wireText(*value);
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
        if (wire.starts_with("/")) {
          body[json::json_pointer(wire)] = *value;
        } else {
          body[wire] = *value;
        }
        break;
      case Parameter::Location::NextUrl:
        request.absoluteUrl = wireText(*value);
        break;
      case Parameter::Location::Path:
      case Parameter::Location::Hook:
        break;
    }
  }
  for (const auto& pair : action.constantQuery) request.query.push_back(pair);
  for (const auto& header : action.constantHeaders) request.headers.set(header.name, header.value);
  if (action.body == ActionSpec::Body::Json) {
    request.setJsonBody(body);
  } else if (action.body == ActionSpec::Body::Form) {
    request.body = encodeQuery(form);
    request.contentType = "application/x-www-form-urlencoded";
  }
  if (!action.contentType.empty()) request.contentType = action.contentType;
  return request;
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
