#pragma once
// Adapters as data: an adapter is a declaration file (JSON, comments allowed)
// that says everything about its service — hosts, config fields, token, error
// shape, and per action the method, path template and where each parameter
// goes. The SDK builds requests and checks answers from it (DeclaredAdapter);
// C++ remains only as named hooks for what data cannot say. The format is
// described in docs/adapter-declarations.md and docs/adr/0008-adapters-as-data.md.
//
// The same checks run when the build embeds a declaration into its library
// (b44-declare, failing the build) and when a library is loaded.
#include <b44/plugin/spec.hpp>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace b44::plugin {

// Reads and checks a declaration. `source` names it in errors (a file name).
// Throws PluginError("<source>", "<JSON pointer>: <problem>") for anything
// wrong: an unknown field, a value of the wrong type, a parameter placed
// nowhere, a path placeholder with no parameter, a pattern that does not
// compile, a host outside the allowed ones, an example the parameters refuse.
// `extends` must have been resolved (mergeDeclaration).
AdapterSpec parseDeclaration(std::string_view text, const std::string& source);
// The same for a declaration already parsed as JSON.
AdapterSpec parseDeclarationJson(const nlohmann::ordered_json& declaration,
                                 const std::string& source);

// Reads a summary (the b44_summary section of a declared adapter's library:
// toJson(summarize(spec)).dump(), written by b44-declare from the checked
// declaration). Strict: every field present, of its type, none unknown.
// Throws PluginError("<source>", "<JSON pointer>: <problem>"). It checks only
// the shape: the declaration itself is what was checked.
AdapterSummary parseSummary(std::string_view text, const std::string& source);

// `derived` laid over `base` (the "extends" of a declaration): objects merge
// key by key, arrays of objects with a "name" merge by name (new names are
// appended in order), anything else is replaced.
nlohmann::ordered_json mergeDeclaration(nlohmann::ordered_json base,
                                        const nlohmann::ordered_json& derived);

// The "typed" sections of a declaration: what b44-declare generates the
// adapter's typed-helper header (b44/adapters/TYPE.hpp) from. Only the build
// reads them; a loaded library ignores them.
// One member of a typed struct.
struct TypedField {
  std::string member;   // the C++ member, e.g. "botId"
  std::string type;     // string, integer, number, boolean, json, strings,
                        // present, a struct's name, or "<Struct>[]"
  std::string pointer;  // where it lives in the object, e.g. "/bot_id"
  // Its doc comment in the generated header; may be empty.
  std::string description;
};
// A struct of the typed-helper header, read from a JSON object.
struct TypedStruct {
  std::string name;  // e.g. "Message"
  // Its doc comment in the generated header; may be empty.
  std::string description;
  // Its members, in declaration order.
  std::vector<TypedField> fields;
  bool raw = true;  // keeps the whole JSON object in `raw`
};
// The typed method of one action.
struct TypedAction {
  std::string action;                  // the action's name
  std::string method;                  // the C++ method, e.g. "postMessage"
  std::string result;                  // a struct's name, or empty for the JSON result
  std::string resultPointer;           // the result is this member of the action's result
  std::string items;                   // paginated actions: the items' struct, or empty for JSON
  std::vector<std::string> shorthand;  // parameters of the positional overload
};
// Everything b44-declare generates the typed-helper header from.
struct TypedHelpers {
  std::string className;             // e.g. "Slack"
  std::vector<TypedStruct> structs;  // in declaration order
  std::vector<TypedAction> actions;  // one per action, in the spec's order
};

// The C++ name for a wire name: "thread_ts" -> "threadTs", "default" ->
// "defaultValue".
std::string typedMemberName(std::string_view name);

// Reads the "typed" sections of a declaration `parseDeclarationJson` accepted
// as `spec`, filling in the defaults (a method per action named after it, the
// required parameters as the shorthand). Throws PluginError("<source>",
// "<JSON pointer>: <problem>") like parseDeclaration.
TypedHelpers parseTypedHelpers(const nlohmann::ordered_json& declaration, const AdapterSpec& spec,
                               const std::string& source);

}  // namespace b44::plugin
