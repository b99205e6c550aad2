// Writes an adapter's typed-helper header from its declaration. The output is
// read by people (it is the typed API's documentation), so it keeps the
// declaration's descriptions as comments and the repository's layout.
#include "typed_header.hpp"

#include <b44/errors.hpp>

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <set>
#include <sstream>

namespace b44::declare {
namespace {

using plugin::ActionSpec;
using plugin::Parameter;
using plugin::TypedAction;
using plugin::TypedField;
using plugin::TypedStruct;

// `text` as // comment lines of at most 80 columns, each starting with `indent`.
std::string comment(const std::string& text, const std::string& indent) {
  std::string out;
  std::string line;
  std::istringstream words(text);
  std::string word;
  const std::size_t width = 80 - indent.size() - 3;
  while (words >> word) {
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      out += indent + "// " + line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) out += indent + "// " + line + "\n";
  return out;
}

std::string cppString(const std::string& text) { return "\"" + cppEscaped(text) + "\""; }

std::string upperFirst(std::string name) {
  if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return name;
}

// --- Result structs ---------------------------------------------------------

std::string fieldType(const std::string& type) {
  if (type == "string") return "std::string";
  if (type == "integer") return "std::int64_t";
  if (type == "number") return "double";
  if (type == "boolean" || type == "present") return "bool";
  if (type == "json") return "nlohmann::json";
  if (type == "strings") return "std::vector<std::string>";
  if (type.ends_with("[]")) return "std::vector<" + type.substr(0, type.size() - 2) + ">";
  return type;
}

std::string fieldInitialiser(const std::string& type) {
  if (type == "integer") return " = 0";
  if (type == "number") return " = 0.0";
  if (type == "boolean" || type == "present") return " = false";
  return "";
}

std::string fieldReader(const TypedField& field) {
  const std::string at = "json, " + cppString(field.pointer);
  if (field.type == "string") return "typed::stringAt(" + at + ")";
  if (field.type == "integer") return "typed::integerAt(" + at + ")";
  if (field.type == "number") return "typed::numberAt(" + at + ")";
  if (field.type == "boolean") return "typed::booleanAt(" + at + ")";
  if (field.type == "present") return "typed::presentAt(" + at + ")";
  if (field.type == "json") return "typed::jsonAt(" + at + ")";
  if (field.type == "strings") return "typed::stringsAt(" + at + ")";
  if (field.type.ends_with("[]")) {
    return "typed::arrayOf<" + field.type.substr(0, field.type.size() - 2) + ">(" + at + ")";
  }
  return "typed::objectAt(" + at + ").get<" + field.type + ">()";
}

// The structs in an order where each follows the structs its fields hold.
std::vector<const TypedStruct*> dependencyOrder(const std::vector<TypedStruct>& structs,
                                                const std::string& source) {
  std::map<std::string, const TypedStruct*> byName;
  for (const auto& each : structs) byName[each.name] = &each;
  std::vector<const TypedStruct*> ordered;
  std::set<std::string> done;
  std::set<std::string> visiting;
  std::function<void(const TypedStruct&)> visit = [&](const TypedStruct& each) {
    if (done.count(each.name) != 0) return;
    if (!visiting.insert(each.name).second) {
      throw PluginError(source, "/typed/structs/" + each.name + ": holds itself");
    }
    for (const auto& field : each.fields) {
      std::string type = field.type;
      if (type.ends_with("[]")) type.resize(type.size() - 2);
      if (const auto found = byName.find(type); found != byName.end()) visit(*found->second);
    }
    visiting.erase(each.name);
    done.insert(each.name);
    ordered.push_back(&each);
  };
  for (const auto& each : structs) visit(each);
  return ordered;
}

void writeStruct(std::ostream& out, const TypedStruct& each) {
  out << comment(each.description, "") << "struct " << each.name << " {\n";
  for (const auto& field : each.fields) {
    out << comment(field.description, "  ") << "  " << fieldType(field.type) << " " << field.member
        << fieldInitialiser(field.type) << ";\n";
  }
  if (each.raw) out << "  nlohmann::json raw;  // the whole object, for fields not mapped here\n";
  out << "};\n\n"
      << "inline void from_json(const nlohmann::json& json, " << each.name << "& out) {\n";
  for (const auto& field : each.fields) {
    out << "  out." << field.member << " = " << fieldReader(field) << ";\n";
  }
  if (each.raw) out << "  out.raw = json;\n";
  out << "}\n\n";
}

// --- Requests ---------------------------------------------------------------

bool isJson(const Parameter& parameter) {
  return parameter.type == Parameter::Type::Object || parameter.type == Parameter::Type::Array ||
         parameter.type == Parameter::Type::Any;
}

std::string valueType(const Parameter& parameter) {
  switch (parameter.type) {
    case Parameter::Type::String:
      return "std::string";
    case Parameter::Type::Integer:
      return "std::int64_t";
    case Parameter::Type::Number:
      return "double";
    case Parameter::Type::Boolean:
      return "bool";
    default:
      return "nlohmann::json";
  }
}

std::string memberType(const Parameter& parameter) {
  if (isJson(parameter) || parameter.required) return valueType(parameter);
  return "std::optional<" + valueType(parameter) + ">";
}

std::string parameterComment(const Parameter& parameter) {
  std::string text = parameter.description;
  if (!parameter.choices.empty()) {
    std::string values;
    for (const auto& choice : parameter.choices) values += (values.empty() ? "" : ", ") + choice;
    text += " One of: " + values + ".";
  }
  if (!parameter.defaultValue.is_null()) text += " Default: " + parameter.defaultValue.dump() + ".";
  if (isJson(parameter)) text += " Null: not sent.";
  return text;
}

// What the generator needs to know of one action.
struct Method {
  const ActionSpec* action = nullptr;
  const TypedAction* typed = nullptr;
  std::vector<const Parameter*> members;  // the request struct's, without the cursor
  std::string cursorMember;               // paginated: the resume member
  std::string requestName;
  bool requestHasRequired = false;
};

std::string resultType(const Method& method) {
  if (method.action->download) return "Download";
  if (method.action->pagination) {
    return "ItemPager<" + (method.typed->items.empty() ? "nlohmann::json" : method.typed->items) +
           ">";
  }
  return method.typed->result.empty() ? "nlohmann::json" : method.typed->result;
}

void writeRequest(std::ostream& out, const Method& method) {
  out << "// The arguments of " << method.action->name << ".\n"
      << "struct " << method.requestName << " {\n";
  for (const Parameter* parameter : method.members) {
    out << comment(parameterComment(*parameter), "  ") << "  " << memberType(*parameter) << " "
        << plugin::typedMemberName(parameter->name) << ";\n";
  }
  if (!method.cursorMember.empty()) {
    out << "  // Resume a saved walk from ItemPager::cursor() of an earlier one.\n"
        << "  std::optional<std::string> " << method.cursorMember << ";\n";
  }
  out << "};\n\n"
      << "inline nlohmann::json toJson(const " << method.requestName
      << (method.members.empty() ? "& /*request: only the cursor*/) {\n" : "& request) {\n")
      << "  nlohmann::json args = nlohmann::json::object();\n";
  for (const Parameter* parameter : method.members) {
    const std::string member = "request." + plugin::typedMemberName(parameter->name);
    const std::string name = cppString(parameter->name);
    if (isJson(*parameter)) {
      out << "  if (!" << member << ".is_null()) args[" << name << "] = " << member << ";\n";
    } else if (parameter->required) {
      out << "  args[" << name << "] = " << member << ";\n";
    } else {
      out << "  if (" << member << ") args[" << name << "] = *" << member << ";\n";
    }
  }
  out << "  return args;\n}\n\n";
}

void writeMethod(std::ostream& out, const Method& method) {
  const ActionSpec& action = *method.action;
  const TypedAction& typed = *method.typed;
  std::string doc = action.description;
  out << "\n" << comment(doc, "  ");
  if (!action.reference.empty()) out << "  // " << action.reference << "\n";
  const std::string result = resultType(method);
  const std::string name = cppString(action.name);
  const bool hasRequest = !method.requestName.empty();
  const std::string request = hasRequest ? "toJson(request)" : "nlohmann::json::object()";
  out << "  " << result << " " << typed.method << "(";
  if (hasRequest) {
    out << "const " << method.requestName << "& request"
        << (method.requestHasRequired ? "" : " = {}");
  }
  if (action.download) {
    // The bytes in memory (up to the transport's size limit), or streamed.
    out << (hasRequest ? ", " : "") << "BodySink sink = {}";
  }
  out << ") const {\n";
  if (action.download) {
    out << "    return client_.download(" << name << ", " << request
        << ", {.sink = std::move(sink)});\n";
  } else if (action.pagination) {
    const std::string items = typed.items.empty() ? "nlohmann::json" : typed.items;
    const std::string cursor =
        method.cursorMember.empty() ? "std::nullopt" : "request." + method.cursorMember;
    out << "    return " << result << "(\n        client_.pages(" << name << ", " << request << ", "
        << (hasRequest ? cursor : "std::nullopt") << "),\n        &typed::as<" << items << ">);\n";
  } else {
    std::string answer = "client_.invoke(" + name + ", " + request + ")";
    if (!typed.resultPointer.empty()) {
      // integrationType(): one header may serve several types (slack, slackbot).
      out << "    const auto result = " << answer << ";\n";
      answer = "typed::required(result, " + cppString(typed.resultPointer) +
               ",\n                           client_.integrationType() + \"." + action.name +
               "\")";
    }
    out << "    return " << answer << (typed.result.empty() ? "" : ".get<" + typed.result + ">()")
        << ";\n";
  }
  out << "  }\n";
  if (typed.shorthand.empty() || !hasRequest) return;
  std::vector<const Parameter*> positional;
  for (const auto& parameterName : typed.shorthand) {
    for (const auto& parameter : action.parameters) {
      if (parameter.name == parameterName) positional.push_back(&parameter);
    }
  }
  if (positional.size() == 1) {
    // One argument: a template, so that a braced request
    // (`getUserInfo({.user = "U1"})`) still picks the overload above; with a
    // plain std::string parameter GCC finds the call ambiguous.
    const std::string member = plugin::typedMemberName(positional[0]->name);
    out << "  template <class Value>\n    requires std::convertible_to<Value, "
        << valueType(*positional[0]) << ">\n"
        << "  " << result << " " << typed.method << "(Value&& " << member << ") const {\n    "
        << method.requestName << " built;\n    built." << member << " = std::forward<Value>("
        << member << ");\n";
  } else {
    out << "  " << result << " " << typed.method << "(";
    for (std::size_t i = 0; i < positional.size(); ++i) {
      out << (i == 0 ? "" : ", ") << valueType(*positional[i]) << " "
          << plugin::typedMemberName(positional[i]->name);
    }
    out << ") const {\n    " << method.requestName << " built;\n";
    for (const Parameter* parameter : positional) {
      const std::string member = plugin::typedMemberName(parameter->name);
      out << "    built." << member << " = std::move(" << member << ");\n";
    }
  }
  out << "    return " << typed.method << "(built);\n  }\n";
}

}  // namespace

std::string cppEscaped(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string typedHeader(const plugin::AdapterSpec& spec, const plugin::TypedHelpers& helpers,
                        const std::string& sourceName) {
  std::vector<Method> methods;
  for (std::size_t i = 0; i < spec.actions.size(); ++i) {
    Method method;
    method.action = &spec.actions[i];
    method.typed = &helpers.actions[i];
    const std::string cursor =
        method.action->pagination ? method.action->pagination->cursorArgument : "";
    for (const auto& parameter : method.action->parameters) {
      if (parameter.name == cursor) {
        method.cursorMember = plugin::typedMemberName(parameter.name);
        continue;
      }
      method.members.push_back(&parameter);
      method.requestHasRequired = method.requestHasRequired || parameter.required;
    }
    if (!method.members.empty() || !method.cursorMember.empty()) {
      method.requestName = upperFirst(method.typed->method) + "Request";
    }
    methods.push_back(method);
  }
  for (const auto& method : methods) {
    for (const auto& each : helpers.structs) {
      if (each.name == method.requestName) {
        throw PluginError(sourceName, "/typed/structs/" + each.name + ": the name is taken by " +
                                          method.action->name + "'s request struct");
      }
    }
  }
  const std::string instance = plugin::typedMemberName(spec.type);
  std::ostringstream out;
  out << "// Generated by b44-declare from " << sourceName
      << ". Do not edit: change the declaration.\n//\n"
      << comment("Typed helpers for the \"" + spec.type + "\" adapter (" + spec.displayName +
                     "): " + spec.description,
                 "")
      << "//\n"
      << "// Header-only: each method builds its action's arguments, runs it with\n"
      << "// ServiceClient::invoke (or pages) and converts the result, so a host needs\n"
      << "// the adapter loaded in its registry but never links it. Results keep the\n"
      << "// service's JSON in `raw`; client() gives the ServiceClient back, for raw\n"
      << "// requests to any endpoint.\n//\n"
      << "//   b44::" << spec.type << "::" << helpers.className << " " << instance
      << "(registry.service(\"" << spec.type << "\", client));\n//\n"
      << "// The service's API reference: " << spec.documentationUrl << "\n"
      << "#pragma once\n"
      << "#include <b44/errors.hpp>\n#include <b44/service_client.hpp>\n"
      << "#include <b44/typed.hpp>\n\n"
      << "#include <concepts>\n#include <cstdint>\n#include <nlohmann/json.hpp>\n"
      << "#include <optional>\n"
      << "#include <string>\n#include <utility>\n#include <vector>\n\n"
      << "namespace b44::" << spec.type << " {\n\n";
  if (!helpers.structs.empty()) {
    out << "// --- Results " << std::string(65, '-') << "\n\n";
    for (const TypedStruct* each : dependencyOrder(helpers.structs, sourceName)) {
      writeStruct(out, *each);
    }
  }
  bool anyRequest = false;
  for (const auto& method : methods) anyRequest = anyRequest || !method.requestName.empty();
  if (anyRequest) out << "// --- Requests " << std::string(64, '-') << "\n\n";
  for (const auto& method : methods) {
    if (!method.requestName.empty()) writeRequest(out, method);
  }
  out << "// --- The client " << std::string(62, '-') << "\n\n"
      << "class " << helpers.className << " {\n public:\n"
      << "  // `client` comes from registry.service(\"" << spec.type << "\", client[, options]).\n"
      << "  explicit " << helpers.className
      << "(ServiceClient client) : client_(std::move(client)) {}\n";
  for (const auto& method : methods) writeMethod(out, method);
  out << "\n  [[nodiscard]] const ServiceClient& client() const { return client_; }\n\n"
      << " private:\n  ServiceClient client_;\n};\n\n"
      << "}  // namespace b44::" << spec.type << "\n";
  return out.str();
}

}  // namespace b44::declare
