#pragma once
// Discovers, validates and loads adapter libraries.
//
// For each candidate file the registry first reads the plugin manifest from the
// file itself (no code of the library runs) and checks magic, ABI version and
// the declared types. A declared adapter (docs/adapter-declarations.md) also
// carries its declaration in the file, and a summary of it (what listing
// shows): the registry reads both there, parses and checks each when first
// needed (summaries by available(); an adapter's own summary and declaration
// by spec() and adapter()), and opens the library only when the adapter is
// first used (adapter(), service(), adapters()). So listing parses no
// declaration, describing one adapter parses nothing of the others and runs
// none of their code, and a program loads only the adapters it calls. An
// adapter written in C++ only is loaded at once, with immediate binding, and
// its factory called. Every failure is a diagnostic naming the file and the
// reason; the other libraries still load. Loaded libraries are never unloaded.
// Thread-safe.
#include <b44/client.hpp>
#include <b44/plugin/adapter.hpp>
#include <b44/plugin/manifest.hpp>
#include <b44/service_client.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace b44 {

// A library (or directory) that failed to load, and why.
struct LoadDiagnostic {
  // The file or directory.
  std::string path;
  // What was wrong with it, e.g. that it was built for another plugin ABI.
  std::string reason;
};

// One integration type the registry knows, and how far it is loaded.
struct LoadedAdapter {
  // The type, e.g. "slack".
  std::string integrationType;
  // The library file that provides it.
  std::string path;
  // The adapter's own version, from its manifest, e.g. "1.0.0".
  std::string adapterVersion;
  // What listing shows; always set (for a declared adapter, read from its file).
  plugin::AdapterSummary summary;
  // What the adapter declares; null in available() while a declared adapter's
  // declaration is not parsed yet (spec() parses it).
  std::shared_ptr<const plugin::AdapterSpec> spec;
  // The running adapter; null in available() while the library is not open.
  std::shared_ptr<const plugin::Adapter> adapter;
};

// Reads and checks the manifest stored in an adapter library file without
// loading it. Throws PluginError naming the file and what is wrong.
plugin::Manifest readManifest(const std::filesystem::path& file);
// A declared adapter's declaration, read from its library file without loading
// it; nullopt for an adapter written in C++ only.
std::optional<std::string> readDeclaration(const std::filesystem::path& file);
// A declared adapter's summary (plugin::parseSummary reads it), read from its
// library file without loading it; nullopt when it has none (an adapter in C++
// only, or one built by a b44-declare older than summaries).
std::optional<std::string> readSummary(const std::filesystem::path& file);

// The adapter registry; see the top of this header. Not copyable: it owns the
// loaded libraries for the life of the process.
class Registry {
 public:
  Registry() = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // The directory fixed at build/install time: "b44/adapters" beside the
  // registry library (build tree and install tree share the layout).
  static std::filesystem::path defaultDirectory();
  // The default directory followed by those in B44_PLUGIN_PATH (colon-separated).
  static std::vector<std::filesystem::path> searchPath();

  // Loads every adapter library (*.so) in the search path. Returns the
  // diagnostics of the files that failed; never throws for a bad file.
  std::vector<LoadDiagnostic> loadSearchPath();
  // Loads every *.so directly in `directory` (not below), in name order; the
  // diagnostics of those that failed ("is not a directory" for a bad path).
  std::vector<LoadDiagnostic> loadDirectory(const std::filesystem::path& directory);
  // Loads one library; returns the types it provides. Throws PluginError.
  // Loading the same file again is a no-op that returns its types.
  std::vector<std::string> loadLibrary(const std::filesystem::path& file);

  // The adapter, its library opened on first use. Throws InvalidArgumentError
  // for an empty, malformed or unknown type, with a "did you mean" suggestion
  // among the known ones, and PluginError when the library fails to load.
  [[nodiscard]] std::shared_ptr<const plugin::Adapter> adapter(std::string_view type) const;
  // What the adapter declares, without opening its library (a declaration is
  // parsed, checked and compared with its summary on first use). Throws as
  // adapter().
  [[nodiscard]] std::shared_ptr<const plugin::AdapterSpec> spec(std::string_view type) const;
  // True when a loaded library provides `type` (opened or not).
  [[nodiscard]] bool contains(std::string_view type) const;
  // Every known adapter with its summary, sorted by type, opening none and
  // parsing no declaration that has a summary beside it (`spec` and `adapter`
  // are null for those not used yet). A library whose summary is malformed is
  // left out and forgotten, its failure added to diagnostics(). Throws
  // PluginError when a library without a summary has a declaration that fails
  // its checks.
  [[nodiscard]] std::vector<LoadedAdapter> available() const;
  // Every known adapter, sorted by type, each opened. Throws PluginError when
  // one fails to load.
  [[nodiscard]] std::vector<LoadedAdapter> adapters() const;
  // Every known integration type, sorted.
  [[nodiscard]] std::vector<std::string> types() const;
  // Every failure so far, across all load calls.
  [[nodiscard]] std::vector<LoadDiagnostic> diagnostics() const;

  // A ServiceClient for a loaded type.
  [[nodiscard]] ServiceClient service(std::string_view type, Client client,
                                      ServiceOptions options = {}) const;

 private:
  std::vector<std::string> loadLocked(const std::filesystem::path& file);
  LoadedAdapter& findLocked(std::string_view type) const;
  void openLocked(LoadedAdapter& entry) const;
  mutable std::mutex mutex_;
  void readSummaryLocked(LoadedAdapter& entry) const;
  void readDeclarationLocked(LoadedAdapter& entry) const;
  // Drops a declared adapter whose summary proved malformed.
  void forgetLocked(const std::string& type) const;
  mutable std::vector<LoadedAdapter> adapters_;
  // Declarations and summaries read from their files but not parsed yet, by
  // type: parsing and checking waits until they are first needed.
  mutable std::map<std::string, std::string, std::less<>> unparsed_;
  mutable std::map<std::string, std::string, std::less<>> unparsedSummaries_;
  mutable std::vector<std::pair<std::string, std::vector<std::string>>> loadedFiles_;
  mutable std::vector<LoadDiagnostic> diagnostics_;
};

// Checks an integration type or connector id used as a name: non-empty,
// lowercase letters, digits and '_' ("slack", "google_analytics").
void validateTypeName(std::string_view type);

}  // namespace b44
