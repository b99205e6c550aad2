#pragma once
// The real adapters, loaded once per test program from B44_TEST_ADAPTER_DIR
// (set by b44_add_test); for suites that link b44_registry.
#include <b44/registry.hpp>

#include <cstdlib>

namespace b44::testing {

inline Registry& testRegistry() {
  static Registry* instance = [] {
    static Registry registry;
    registry.loadDirectory(std::getenv("B44_TEST_ADAPTER_DIR"));
    return &registry;
  }();
  return *instance;
}

}  // namespace b44::testing
