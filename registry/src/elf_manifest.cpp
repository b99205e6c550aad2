// Reads the plugin manifest straight from an ELF file's "b44_manifest"
// section, so a library is judged before any of its code (static
// constructors included) can run.
#include <b44/errors.hpp>
#include <b44/registry.hpp>

#include <elf.h>

#include <cstring>
#include <fstream>
#include <iterator>

namespace b44 {
namespace {

std::string readFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw PluginError(file.string(), "cannot be opened for reading");
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

template <class T>
T readAt(const std::string& bytes, std::uint64_t offset, const std::string& path,
         const char* what) {
  if (offset > bytes.size() || bytes.size() - offset < sizeof(T)) {
    throw PluginError(path,
                      std::string("is a truncated ELF file (") + what + " lies past the end)");
  }
  T value;
  std::memcpy(&value, bytes.data() + offset, sizeof(T));
  return value;
}

bool isTerminated(const char* text, std::size_t size) {
  return std::memchr(text, '\0', size) != nullptr;
}

}  // namespace

plugin::Manifest readManifest(const std::filesystem::path& file) {
  const std::string path = file.string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) throw PluginError(path, "is not a regular file");
  const std::string bytes = readFile(file);
  if (bytes.empty()) throw PluginError(path, "is empty, not a shared library");
  if (bytes.size() < EI_NIDENT || std::memcmp(bytes.data(), ELFMAG, SELFMAG) != 0) {
    throw PluginError(path, "is not an ELF shared library");
  }
  if (bytes[EI_CLASS] != ELFCLASS64 || bytes[EI_DATA] != ELFDATA2LSB) {
    throw PluginError(path, "is not a 64-bit little-endian ELF library (wrong platform)");
  }
  const auto header = readAt<Elf64_Ehdr>(bytes, 0, path, "the ELF header");
  if (header.e_type != ET_DYN) throw PluginError(path, "is an ELF file but not a shared library");
  if (header.e_shentsize != sizeof(Elf64_Shdr) || header.e_shstrndx >= header.e_shnum) {
    throw PluginError(path, "has a malformed ELF section table");
  }
  auto section = [&](std::uint64_t index) {
    return readAt<Elf64_Shdr>(bytes, header.e_shoff + index * sizeof(Elf64_Shdr), path,
                              "the section table");
  };
  const Elf64_Shdr names = section(header.e_shstrndx);
  if (names.sh_offset > bytes.size() || bytes.size() - names.sh_offset < names.sh_size) {
    throw PluginError(path, "is a truncated ELF file (section names lie past the end)");
  }
  const std::string_view nameTable(bytes.data() + names.sh_offset, names.sh_size);
  for (std::uint64_t i = 0; i < header.e_shnum; ++i) {
    const Elf64_Shdr candidate = section(i);
    if (candidate.sh_name >= nameTable.size()) continue;
    const std::string_view name = nameTable.substr(candidate.sh_name);
    if (name.substr(0, name.find('\0')) != plugin::kManifestSection) continue;

    if (candidate.sh_size < offsetof(plugin::Manifest, manifestSize) + sizeof(std::uint32_t)) {
      throw PluginError(path, "has a b44_manifest section too small to be a manifest");
    }
    plugin::Manifest manifest{};
    const auto available = std::min<std::uint64_t>(candidate.sh_size, sizeof manifest);
    if (candidate.sh_offset > bytes.size() || bytes.size() - candidate.sh_offset < available) {
      throw PluginError(path, "is a truncated ELF file (the manifest lies past the end)");
    }
    std::memcpy(&manifest, bytes.data() + candidate.sh_offset, available);
    if (std::memcmp(manifest.magic, plugin::kManifestMagic, sizeof manifest.magic) != 0) {
      throw PluginError(path, "has a b44_manifest section without the plugin magic");
    }
    if (manifest.abiVersion != plugin::kAbiVersion) {
      throw PluginError(path,
                        "was built for plugin ABI version " + std::to_string(manifest.abiVersion) +
                            ", this host speaks version " + std::to_string(plugin::kAbiVersion) +
                            "; rebuild the adapter against this SDK");
    }
    if (manifest.manifestSize != sizeof(plugin::Manifest) ||
        candidate.sh_size != sizeof(plugin::Manifest)) {
      throw PluginError(path,
                        "has a manifest of unexpected size " + std::to_string(candidate.sh_size));
    }
    if (!isTerminated(manifest.adapterVersion, sizeof manifest.adapterVersion) ||
        !isTerminated(manifest.types, sizeof manifest.types)) {
      throw PluginError(path, "has a manifest whose text fields are not terminated");
    }
    return manifest;
  }
  throw PluginError(
      path, "is not a b44 adapter (no b44_manifest section; was it built with B44_PLUGIN?)");
}

}  // namespace b44
