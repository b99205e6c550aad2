#pragma once
// The plugin ABI: a plain, fixed-layout manifest every adapter library exports
// in its own ELF section. The registry reads it from the file and checks it
// before any code of the library runs (see docs/adr/0002-plugin-abi.md).
#include <cstddef>
#include <cstdint>

namespace b44::plugin {

// Bump when anything crossing the library boundary changes: this struct, the
// Adapter interface, the spec types, or the factory signature.
inline constexpr std::uint32_t kAbiVersion = 4;  // 4: declared checks, paths and next cursors
                                                 // (spec fields); 3: declared adapters (spec
                                                 // fields); 2: raw requests,
                                                 // ServiceResponse::maxJsonDepth
inline constexpr char kManifestMagic[16] = "B44-PLUGIN-MF";
inline constexpr const char* kManifestSection = "b44_manifest";
inline constexpr const char* kManifestSymbol = "b44_plugin_manifest";
inline constexpr const char* kFactorySymbol = "b44_create_adapter";
// A declared adapter's declaration (compact JSON, NUL-terminated) lives in
// this section, read by the registry without loading the library.
inline constexpr const char* kDeclarationSection = "b44_declaration";
inline constexpr std::size_t kMaxDeclarationBytes = 4 * 1024 * 1024;
// Beside it, what listing needs (plugin::AdapterSummary as compact JSON,
// NUL-terminated), written by b44-declare from the checked declaration, so
// listing every adapter parses none of their declarations. A library built
// by an older b44-declare has none; the registry then reads the declaration.
inline constexpr const char* kSummarySection = "b44_summary";
inline constexpr std::size_t kMaxSummaryBytes = 256 * 1024;

struct Manifest {
  char magic[16];
  std::uint32_t abiVersion;
  std::uint32_t manifestSize;  // sizeof(Manifest) as the plugin saw it
  char adapterVersion[32];     // the adapter's own version, e.g. "1.0.0"
  char types[448];             // the integration types it provides, comma-separated
};
static_assert(sizeof(Manifest) == 504);

namespace detail {
template <std::size_t N>
constexpr void copyText(char (&target)[N], const char* source) {
  std::size_t i = 0;
  for (; source[i] != '\0' && i + 1 < N; ++i) target[i] = source[i];
  for (; i < N; ++i) target[i] = '\0';
}
}  // namespace detail

constexpr Manifest makeManifest(const char* adapterVersion, const char* types) {
  Manifest manifest{};
  detail::copyText(manifest.magic, kManifestMagic);
  manifest.abiVersion = kAbiVersion;
  manifest.manifestSize = sizeof(Manifest);
  detail::copyText(manifest.adapterVersion, adapterVersion);
  detail::copyText(manifest.types, types);
  return manifest;
}

}  // namespace b44::plugin
