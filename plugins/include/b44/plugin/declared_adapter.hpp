#pragma once
// Runs a declaration (declaration.hpp): builds each action's request from
// where its parameters go, and checks answers with the declared error rules.
// Hooks are the named C++ a declaration refers to where data cannot say it:
// a multipart body, a MIME message, a result whose id comes from a header.
//
// An adapter library with hooks defines them once, in its hooks source:
//
//   B44_ADAPTER_HOOKS(hooks) {
//     hooks.build("upload_multipart", buildUpload);
//   }
//
// and b44_add_adapter(NAME SPEC file.json SOURCES hooks.cpp) generates the
// rest (the embedded declaration, the manifest and the factory).
#include <b44/plugin/basic_adapter.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace b44::plugin {

// The named hooks of one adapter library, by kind; see the top of this header.
class Hooks {
 public:
  // Finishes the request built from the declaration; reads the parameters
  // declared "in": "hook" and may check arguments (InvalidArgumentError).
  using Build = std::function<void(const Args&, ServiceRequest&)>;
  // Shapes the result from the parsed body (null for an empty body).
  using Parse = BasicAdapter::ParseFn;
  // Reads an answer before the declared error rules; throws ServiceError for
  // an error answer and returns otherwise.
  using Check = std::function<void(const AdapterSpec&, std::string_view action,
                                   const ServiceResponse&, const nlohmann::json& body)>;

  // Registers (or replaces) the Build hook `name`; returns *this to chain.
  Hooks& build(std::string name, Build hook);
  // Registers (or replaces) the Parse hook `name`; returns *this to chain.
  Hooks& parse(std::string name, Parse hook);
  // Registers (or replaces) the Check hook `name`; returns *this to chain.
  Hooks& check(std::string name, Check hook);

  // Adds a family's hooks (B44_SHARED_HOOKS) under the adapter's own: a
  // shared hook its declaration does not use is no error, and a hook of the
  // adapter's own with the same name wins.
  Hooks& share(const Hooks& family);

  // The Build hook of that name, or null.
  [[nodiscard]] const Build* findBuild(std::string_view name) const;
  // The Parse hook of that name, or null.
  [[nodiscard]] const Parse* findParse(std::string_view name) const;
  // The Check hook of that name, or null.
  [[nodiscard]] const Check* findCheck(std::string_view name) const;
  // The adapter's own hook names (not the shared ones), for the check that
  // each is used.
  [[nodiscard]] std::vector<std::string> names() const;

 private:
  std::map<std::string, Build, std::less<>> build_;
  std::map<std::string, Parse, std::less<>> parse_;
  std::map<std::string, Check, std::less<>> check_;
  std::set<std::string, std::less<>> shared_;
};

// The adapter a declaration describes. Throws PluginError (naming `source`)
// when the declaration is wrong, refers to a hook `hooks` lacks, or `hooks`
// holds one the declaration never refers to.
std::unique_ptr<Adapter> makeDeclaredAdapter(std::string_view declaration,
                                             const std::string& source, Hooks hooks);

// The text a value takes in a query, form field or header (Parameter::Format
// Text): strings as they are, numbers and booleans in JSON, arrays joined by
// commas.
std::string wireText(const nlohmann::json& value);

// An argument declared "integerText": an integer, or its decimal text (the
// form a saved cursor comes back in). Anything else: nullopt.
std::optional<std::int64_t> integerOrDecimalText(const nlohmann::json& value);

}  // namespace b44::plugin

// Defines the adapter library's hooks (see above).
#define B44_ADAPTER_HOOKS(NAME) void b44_register_hooks(::b44::plugin::Hooks& NAME)

// Defines the hooks a family of adapters shares, in a library each of them
// links; a declaration (or the family declaration it extends) names the
// family with "sharedHooks": "FAMILY".
#define B44_SHARED_HOOKS(FAMILY, NAME) \
  void b44_register_shared_hooks_##FAMILY(::b44::plugin::Hooks& NAME)
