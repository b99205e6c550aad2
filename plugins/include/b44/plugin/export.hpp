#pragma once
// Exporting an adapter library: one line at namespace scope of one .cpp file.
//
//   B44_PLUGIN("1.0.0", "slack", makeSlackAdapter)
//
// exports the manifest (constant data in its own ELF section, read by the
// registry before the library is loaded) and the factory, a function of type
// b44::plugin::AdapterFactory.
#include <b44/plugin/adapter.hpp>
#include <b44/plugin/manifest.hpp>

#include <boost/dll/alias.hpp>
#include <type_traits>

#define B44_PLUGIN(ADAPTER_VERSION, TYPES, FACTORY)                                             \
  extern "C" BOOST_SYMBOL_EXPORT                                                                \
      __attribute__((section("b44_manifest"),                                                   \
                     used)) constinit const ::b44::plugin::Manifest b44_plugin_manifest =       \
          ::b44::plugin::makeManifest(ADAPTER_VERSION, TYPES);                                  \
  static_assert(std::is_same_v<decltype(FACTORY), ::b44::plugin::AdapterFactory>,               \
                "the factory must be std::unique_ptr<b44::plugin::Adapter>(std::string_view)"); \
  BOOST_DLL_ALIAS(FACTORY, b44_create_adapter)
