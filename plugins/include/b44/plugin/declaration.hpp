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

namespace b44::plugin {

// Reads and checks a declaration. `source` names it in errors (a file name).
// Throws PluginError("<source>", "<JSON pointer>: <problem>") for anything
// wrong: an unknown field, a value of the wrong type, a parameter placed
// nowhere, a path placeholder with no parameter, a pattern that does not
// compile, a host outside the allowed ones, an example the parameters refuse.
// `extends` must have been resolved (mergeDeclaration).
AdapterSpec parseDeclaration(std::string_view text, const std::string& source);
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

}  // namespace b44::plugin
