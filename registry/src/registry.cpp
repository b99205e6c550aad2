#include "adapter_file.hpp"

#include <b44/errors.hpp>
#include <b44/plugin/declaration.hpp>
#include <b44/plugin/url.hpp>
#include <b44/registry.hpp>

#include <dlfcn.h>
#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/dll/shared_library.hpp>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace b44 {
namespace {

std::vector<std::string> splitTypes(const char* text) {
  std::vector<std::string> types;
  std::string current;
  for (const char* p = text;; ++p) {
    if (*p == ',' || *p == '\0') {
      const auto first = current.find_first_not_of(' ');
      const auto last = current.find_last_not_of(' ');
      if (first != std::string::npos) types.push_back(current.substr(first, last - first + 1));
      current.clear();
      if (*p == '\0') break;
    } else {
      current += *p;
    }
  }
  return types;
}

// Loaded libraries are never unloaded: objects and code from them may be alive
// anywhere in the process (see docs/adr/0002-plugin-abi.md). RTLD_NODELETE
// makes that a property of the loader, and the list below keeps the handles.
std::vector<boost::dll::shared_library>& loadedLibraries() {
  static std::vector<boost::dll::shared_library> libraries;
  return libraries;
}
std::mutex& loadedLibrariesMutex() {
  static std::mutex mutex;
  return mutex;
}

void checkSpec(const std::string& path, const std::string& type, const plugin::AdapterSpec& spec) {
  if (spec.type != type) {
    throw PluginError(
        path, "the adapter made for '" + type + "' describes itself as '" + spec.type + "'");
  }
  if (spec.hosts.empty()) throw PluginError(path, "adapter '" + type + "' declares no API host");
  for (const auto& action : spec.actions) {
    if (action.name.empty())
      throw PluginError(path, "adapter '" + type + "' has an action without a name");
    if (action.pagination && action.pagination->cursorArgument.empty()) {
      throw PluginError(path, "action '" + type + "." + action.name +
                                  "' is paginated but names no cursor argument");
    }
  }
}

// Opens a library with immediate binding (a missing symbol fails here) and
// checks that its exports match the manifest read from the file.
boost::dll::shared_library openLibrary(const std::string& path, const plugin::Manifest& manifest) {
  boost::dll::shared_library library;
  try {
    const auto mode = boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local |
                      static_cast<boost::dll::load_mode::type>(RTLD_NODELETE);
    library.load(boost::dll::fs::path(path), mode);
  } catch (const std::exception& e) {
    const char* detail = dlerror();
    throw PluginError(path,
                      std::string("cannot be loaded: ") + (detail != nullptr ? detail : e.what()));
  }
  if (!library.has(plugin::kManifestSymbol) ||
      std::memcmp(&library.get<const plugin::Manifest>(plugin::kManifestSymbol), &manifest,
                  sizeof manifest) != 0) {
    throw PluginError(path, "its exported manifest symbol does not match its manifest section");
  }
  if (!library.has(plugin::kFactorySymbol)) {
    throw PluginError(path, std::string("exports no factory '") + plugin::kFactorySymbol + "'");
  }
  return library;
}

std::shared_ptr<const plugin::Adapter> makeAdapter(plugin::AdapterFactory& factory,
                                                   const std::string& path,
                                                   const std::string& type) {
  std::unique_ptr<plugin::Adapter> adapter;
  try {
    adapter = factory(type);
  } catch (const std::exception& e) {
    throw PluginError(path, "the factory for '" + type + "' threw: " + e.what());
  } catch (...) {
    throw PluginError(path, "the factory for '" + type + "' threw a non-standard exception");
  }
  if (!adapter) throw PluginError(path, "the factory returned no adapter for '" + type + "'");
  checkSpec(path, type, adapter->spec());
  return adapter;
}

// What listing shows of a parsed spec. The version is the manifest's, which
// listing has always shown (an adapter in C++ only may leave the spec's empty).
plugin::AdapterSummary summaryOf(const plugin::AdapterSpec& spec,
                                 const std::string& manifestVersion) {
  auto summary = plugin::summarize(spec);
  summary.version = manifestVersion;
  return summary;
}

// A declared adapter's summary section, read and checked against its manifest.
plugin::AdapterSummary readSummarySection(const std::string& path, const std::string& text,
                                          const std::string& type, const std::string& version) {
  plugin::AdapterSummary summary;
  try {
    summary = plugin::parseSummary(text, path);
  } catch (const PluginError& e) {
    throw PluginError(path, "has a malformed b44_summary section: " + e.reason());
  }
  if (summary.type != type) {
    throw PluginError(path, "has a b44_summary section for '" + summary.type +
                                "' but its manifest declares '" + type + "'");
  }
  if (summary.version != version) {
    throw PluginError(path, "has a b44_summary section of version '" + summary.version +
                                "' but its manifest says '" + version + "'");
  }
  return summary;
}

void keepLoaded(boost::dll::shared_library library) {
  std::lock_guard keep(loadedLibrariesMutex());
  loadedLibraries().push_back(std::move(library));
}

}  // namespace

void validateTypeName(std::string_view type) {
  if (type.empty()) throw InvalidArgumentError("integrationType", "must be a non-empty string");
  if (type.size() > 64)
    throw InvalidArgumentError("integrationType", "is longer than 64 characters");
  const bool ok = type.front() >= 'a' && type.front() <= 'z' &&
                  std::all_of(type.begin(), type.end(), [](char c) {
                    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
                  });
  if (!ok) {
    throw InvalidArgumentError("integrationType",
                               "must be lowercase letters, digits and '_', starting with a letter");
  }
}

std::filesystem::path Registry::defaultDirectory() {
  return boost::dll::this_line_location().parent_path() / B44_ADAPTER_SUBDIR;
}

std::vector<std::filesystem::path> Registry::searchPath() {
  std::vector<std::filesystem::path> directories{defaultDirectory()};
  if (const char* extra = std::getenv("B44_PLUGIN_PATH")) {
    std::string_view rest(extra);
    while (!rest.empty()) {
      const auto colon = rest.find(':');
      const auto entry = rest.substr(0, colon);
      if (!entry.empty()) directories.emplace_back(std::string(entry));
      if (colon == std::string_view::npos) break;
      rest.remove_prefix(colon + 1);
    }
  }
  return directories;
}

std::vector<LoadDiagnostic> Registry::loadSearchPath() {
  std::vector<LoadDiagnostic> all;
  for (const auto& directory : searchPath()) {
    auto found = loadDirectory(directory);
    all.insert(all.end(), found.begin(), found.end());
  }
  return all;
}

std::vector<LoadDiagnostic> Registry::loadDirectory(const std::filesystem::path& directory) {
  std::vector<LoadDiagnostic> failures;
  std::error_code ec;
  if (!std::filesystem::is_directory(directory, ec)) {
    failures.push_back({directory.string(), "is not a directory"});
  } else {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(directory, ec)) {
      if (entry.path().extension() == ".so") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      try {
        loadLibrary(file);
      } catch (const PluginError& e) {
        failures.push_back({e.path(), e.reason()});
      }
    }
  }
  std::lock_guard lock(mutex_);
  for (const auto& failure : failures) {
    const bool known =
        std::any_of(diagnostics_.begin(), diagnostics_.end(), [&](const LoadDiagnostic& d) {
          return d.path == failure.path && d.reason == failure.reason;
        });
    if (!known) diagnostics_.push_back(failure);
  }
  return failures;
}

std::vector<std::string> Registry::loadLibrary(const std::filesystem::path& file) {
  std::lock_guard lock(mutex_);
  return loadLocked(file);
}

std::vector<std::string> Registry::loadLocked(const std::filesystem::path& file) {
  std::error_code ec;
  const auto canonical = std::filesystem::weakly_canonical(file, ec);
  const std::string path = (ec ? file : canonical).string();
  for (const auto& [loadedPath, types] : loadedFiles_) {
    if (loadedPath == path) return types;
  }

  // 1. The manifest, read from the file: nothing of the library runs yet.
  const detail::AdapterFile adapterFile(path);
  const plugin::Manifest manifest = adapterFile.manifest();
  const auto types = splitTypes(manifest.types);
  if (types.empty()) throw PluginError(path, "its manifest declares no integration type");
  for (const auto& type : types) {
    try {
      validateTypeName(type);
    } catch (const InvalidArgumentError& e) {
      throw PluginError(path, "its manifest declares an invalid type '" + type + "': " + e.what());
    }
    for (const auto& loaded : adapters_) {
      if (loaded.integrationType == type) {
        throw PluginError(path, "type '" + type + "' is already provided by " + loaded.path);
      }
    }
  }

  // 2. A declared adapter: its declaration and its summary (if built with
  //    one), read from the file; each parsed and checked when first needed
  //    (listing needs only summaries, describing one adapter only its own).
  //    The library itself is opened on first use (openLocked).
  auto summary = adapterFile.summary();
  if (auto declaration = adapterFile.declaration()) {
    if (types.size() != 1) {
      throw PluginError(path, "a declared adapter provides exactly one type, its manifest lists " +
                                  std::to_string(types.size()));
    }
    adapters_.push_back({types.front(), path, manifest.adapterVersion, {}, nullptr, nullptr});
    if (summary) unparsedSummaries_[types.front()] = std::move(*summary);
    unparsed_[types.front()] = std::move(*declaration);
    loadedFiles_.emplace_back(path, types);
    return types;
  }
  if (summary) {
    throw PluginError(path, "has a b44_summary section but no b44_declaration section");
  }

  // 3. An adapter in C++ only: loaded now, its factory called once per type;
  //    all types or none are registered.
  auto library = openLibrary(path, manifest);
  auto& factory = library.get_alias<plugin::AdapterFactory>(plugin::kFactorySymbol);
  std::vector<LoadedAdapter> made;
  for (const auto& type : types) {
    auto adapter = makeAdapter(factory, path, type);
    auto spec = std::shared_ptr<const plugin::AdapterSpec>(adapter, &adapter->spec());
    auto summary = summaryOf(*spec, manifest.adapterVersion);
    made.push_back({type, path, manifest.adapterVersion, std::move(summary), std::move(spec),
                    std::move(adapter)});
  }
  keepLoaded(std::move(library));
  adapters_.insert(adapters_.end(), made.begin(), made.end());
  loadedFiles_.emplace_back(path, types);
  return types;
}

void Registry::readSummaryLocked(LoadedAdapter& entry) const {
  const auto found = unparsedSummaries_.find(entry.integrationType);
  if (found == unparsedSummaries_.end()) return;
  entry.summary =
      readSummarySection(entry.path, found->second, entry.integrationType, entry.adapterVersion);
  unparsedSummaries_.erase(found);
}

void Registry::readDeclarationLocked(LoadedAdapter& entry) const {
  if (entry.spec) return;
  readSummaryLocked(entry);
  const auto found = unparsed_.find(entry.integrationType);
  if (found == unparsed_.end()) return;
  auto spec = std::make_shared<const plugin::AdapterSpec>(
      plugin::parseDeclaration(found->second, entry.path));
  checkSpec(entry.path, entry.integrationType, *spec);
  // The summary listing showed must be what the declaration says (b44-declare
  // writes both from one file; a mismatch means the library was altered).
  auto summary = summaryOf(*spec, entry.adapterVersion);
  if (!entry.summary.type.empty() && entry.summary != summary) {
    throw PluginError(entry.path, "its b44_summary section does not match its declaration");
  }
  entry.summary = std::move(summary);
  entry.spec = std::move(spec);
  unparsed_.erase(found);
}

void Registry::openLocked(LoadedAdapter& entry) const {
  readDeclarationLocked(entry);
  if (entry.adapter) return;
  const auto manifest = readManifest(entry.path);
  auto library = openLibrary(entry.path, manifest);
  auto& factory = library.get_alias<plugin::AdapterFactory>(plugin::kFactorySymbol);
  entry.adapter = makeAdapter(factory, entry.path, entry.integrationType);
  keepLoaded(std::move(library));
}

LoadedAdapter& Registry::findLocked(std::string_view type) const {
  validateTypeName(type);
  std::vector<std::string> known;
  for (auto& loaded : adapters_) {
    if (loaded.integrationType == type) return loaded;
    known.push_back(loaded.integrationType);
  }
  std::string message = "no adapter is loaded for '" + std::string(type) + "'";
  if (auto guess = plugin::closestMatch(type, known); !guess.empty()) {
    message += " (did you mean '" + guess + "'?)";
  } else if (known.empty()) {
    message += " (no adapters are loaded; check B44_PLUGIN_PATH and the load diagnostics)";
  }
  throw InvalidArgumentError("integrationType", message);
}

std::shared_ptr<const plugin::Adapter> Registry::adapter(std::string_view type) const {
  std::lock_guard lock(mutex_);
  auto& entry = findLocked(type);
  openLocked(entry);
  return entry.adapter;
}

std::shared_ptr<const plugin::AdapterSpec> Registry::spec(std::string_view type) const {
  std::lock_guard lock(mutex_);
  auto& entry = findLocked(type);
  readDeclarationLocked(entry);
  return entry.spec;
}

bool Registry::contains(std::string_view type) const {
  std::lock_guard lock(mutex_);
  return std::any_of(adapters_.begin(), adapters_.end(),
                     [&](const LoadedAdapter& a) { return a.integrationType == type; });
}

void Registry::forgetLocked(const std::string& type) const {
  std::erase_if(adapters_, [&](const LoadedAdapter& a) { return a.integrationType == type; });
  unparsed_.erase(type);
  std::erase_if(loadedFiles_, [&](const auto& file) { return file.second == std::vector{type}; });
}

std::vector<LoadedAdapter> Registry::available() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> malformed;
  for (auto& entry : adapters_) {
    try {
      readSummaryLocked(entry);
    } catch (const PluginError& e) {
      diagnostics_.push_back({e.path(), e.reason()});
      malformed.push_back(entry.integrationType);
      continue;
    }
    // A library without a summary section (built by an older b44-declare):
    // its summary comes from its parsed declaration.
    if (entry.summary.type.empty()) readDeclarationLocked(entry);
  }
  for (const auto& type : malformed) forgetLocked(type);
  auto sorted = adapters_;
  std::sort(sorted.begin(), sorted.end(), [](const LoadedAdapter& a, const LoadedAdapter& b) {
    return a.integrationType < b.integrationType;
  });
  return sorted;
}

std::vector<LoadedAdapter> Registry::adapters() const {
  std::lock_guard lock(mutex_);
  for (auto& entry : adapters_) openLocked(entry);
  auto sorted = adapters_;
  std::sort(sorted.begin(), sorted.end(), [](const LoadedAdapter& a, const LoadedAdapter& b) {
    return a.integrationType < b.integrationType;
  });
  return sorted;
}

std::vector<std::string> Registry::types() const {
  std::vector<std::string> out;
  {
    std::lock_guard lock(mutex_);
    for (const auto& loaded : adapters_) out.push_back(loaded.integrationType);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<LoadDiagnostic> Registry::diagnostics() const {
  std::lock_guard lock(mutex_);
  return diagnostics_;
}

ServiceClient Registry::service(std::string_view type, Client client,
                                ServiceOptions options) const {
  return ServiceClient(adapter(type), std::move(client), std::move(options));
}

}  // namespace b44
