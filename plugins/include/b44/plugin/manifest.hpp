#pragma once
// The plugin ABI: a plain, fixed-layout manifest every adapter library exports
// in its own ELF section. The registry reads it from the file and checks it
// before any code of the library runs (see docs/adr/0002-plugin-abi.md).
#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <cstdint>

// A macro's expansion as a string literal (for the JSON namespace below).
#define B44_DETAIL_TEXT(x) #x
#define B44_DETAIL_EXPANDED_TEXT(x) B44_DETAIL_TEXT(x)

namespace b44::plugin {

// Bump when anything crossing the library boundary changes: this struct, the
// Adapter interface, the spec types, or the factory signature.
inline constexpr std::uint32_t kAbiVersion = 6;  // 6: downloads, body merges, secret
                                                 // parameters (spec fields);
                                                 // 5: the toolchain in the manifest;
                                                 // 4: declared checks, paths and next cursors
                                                 // (spec fields); 3: declared adapters (spec
                                                 // fields); 2: raw requests,
                                                 // ServiceResponse::maxJsonDepth
// The first bytes of every manifest: how the registry recognizes one.
inline constexpr char kManifestMagic[16] = "B44-PLUGIN-MF";
// The ELF section that holds the manifest.
inline constexpr const char* kManifestSection = "b44_manifest";
// The exported symbol of the manifest.
inline constexpr const char* kManifestSymbol = "b44_plugin_manifest";
// The exported symbol of the AdapterFactory.
inline constexpr const char* kFactorySymbol = "b44_create_adapter";
// A declared adapter's declaration (compact JSON, NUL-terminated) lives in
// this section, read by the registry without loading the library.
inline constexpr const char* kDeclarationSection = "b44_declaration";
// The largest declaration section the registry reads (4 MiB).
inline constexpr std::size_t kMaxDeclarationBytes = 4 * 1024 * 1024;
// Beside it, what listing needs (plugin::AdapterSummary as compact JSON,
// NUL-terminated), written by b44-declare from the checked declaration, so
// listing every adapter parses none of their declarations. A library built
// by an older b44-declare has none; the registry then reads the declaration.
inline constexpr const char* kSummarySection = "b44_summary";
// The largest summary section the registry reads (256 KiB).
inline constexpr std::size_t kMaxSummaryBytes = 256 * 1024;

// What std::string, std::function and nlohmann::json, which cross the plugin
// boundary, depend on besides the plugin ABI number. An adapter is loaded only
// if all of it is the same as the host's (the registry's): GCC and Clang do
// not agree on every C++20 mangling, and C++20 in libstdc++ is not ABI-stable
// across its major versions.
struct Toolchain {
  char compiler[16];             // the compiler family: "gcc" or "clang"
  std::uint32_t compilerMajor;   // its major version
  std::uint32_t stdlibRelease;   // libstdc++'s major version (_GLIBCXX_RELEASE)
  std::uint32_t cxx11StringAbi;  // _GLIBCXX_USE_CXX11_ABI: 1 = the C++11 std::string
  char jsonNamespace[48];        // nlohmann_json's ABI, e.g. "nlohmann::json_abi_v3_11_2"
};

// The manifest itself: fixed-size, plain data, read from the file.
struct Manifest {
  // The magic bytes, kManifestMagic (NUL-padded).
  char magic[16];
  // The kAbiVersion the adapter was built with.
  std::uint32_t abiVersion;
  std::uint32_t manifestSize;  // sizeof(Manifest) as the plugin saw it
  char adapterVersion[32];     // the adapter's own version, e.g. "1.0.0"
  char types[448];             // the integration types it provides, comma-separated
  Toolchain toolchain;         // what the adapter was compiled with
};
static_assert(sizeof(Manifest) == 580);

namespace detail {
template <std::size_t N>
constexpr void copyText(char (&target)[N], const char* source) {
  std::size_t i = 0;
  for (; source[i] != '\0' && i + 1 < N; ++i) target[i] = source[i];
  for (; i < N; ++i) target[i] = '\0';
}
}  // namespace detail

// The toolchain compiling the code that calls it: evaluated in the adapter
// by makeManifest, and in the registry for the comparison.
constexpr Toolchain currentToolchain() {
  Toolchain toolchain{};
#if defined(__clang__)
  detail::copyText(toolchain.compiler, "clang");
  toolchain.compilerMajor = __clang_major__;
#elif defined(__GNUC__)
  detail::copyText(toolchain.compiler, "gcc");
  toolchain.compilerMajor = __GNUC__;
#else
  detail::copyText(toolchain.compiler, "unknown");
#endif
#if defined(_GLIBCXX_RELEASE)
  toolchain.stdlibRelease = _GLIBCXX_RELEASE;
#endif
#if defined(_GLIBCXX_USE_CXX11_ABI)
  toolchain.cxx11StringAbi = _GLIBCXX_USE_CXX11_ABI;
#endif
#if defined(NLOHMANN_JSON_NAMESPACE)
  detail::copyText(toolchain.jsonNamespace, B44_DETAIL_EXPANDED_TEXT(NLOHMANN_JSON_NAMESPACE));
#else
  detail::copyText(toolchain.jsonNamespace, "nlohmann (before 3.11)");
#endif
  return toolchain;
}

// The manifest of an adapter built now: `adapterVersion` (e.g. "1.0.0") and
// `types` (comma-separated) are cut to fit their fields.
constexpr Manifest makeManifest(const char* adapterVersion, const char* types) {
  Manifest manifest{};
  detail::copyText(manifest.magic, kManifestMagic);
  manifest.abiVersion = kAbiVersion;
  manifest.manifestSize = sizeof(Manifest);
  detail::copyText(manifest.adapterVersion, adapterVersion);
  detail::copyText(manifest.types, types);
  manifest.toolchain = currentToolchain();
  return manifest;
}

}  // namespace b44::plugin
