#pragma once
// The real adapters for the fuzz targets: B44_FUZZ_ADAPTER_DIR (set by
// scripts/fuzz.sh), else the build tree's adapter directory.
#include <b44/registry.hpp>

#include <cstdlib>
#include <vector>

namespace b44::fuzzing {

// Every loaded adapter; the registry that keeps them loaded lives as long as
// the process.
inline const std::vector<LoadedAdapter>& loadedAdapters() {
  static const std::vector<LoadedAdapter> adapters = [] {
    static Registry registry;
    const char* dir = std::getenv("B44_FUZZ_ADAPTER_DIR");
    registry.loadDirectory(dir != nullptr ? dir : B44_FUZZ_DEFAULT_ADAPTER_DIR);
    return registry.adapters();
  }();
  return adapters;
}

}  // namespace b44::fuzzing
