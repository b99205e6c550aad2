// Reads the plugin manifest straight from an ELF file's "b44_manifest"
// section, so a library is judged before any of its code (static
// constructors included) can run.
#include <b44/errors.hpp>
#include <b44/registry.hpp>

#include <elf.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <optional>
#include <string_view>

namespace b44 {
namespace {

// Reads the few parts of the file the manifest check needs (header, section
// table, section names, the manifest), never the whole library, bounds-checked
// against the file's size.
class ElfBytes {
 public:
  explicit ElfBytes(const std::filesystem::path& file)
      : path_(file.string()), in_(file, std::ios::binary) {
    std::error_code ec;
    size_ = std::filesystem::file_size(file, ec);
    if (!in_ || ec) throw PluginError(path_, "cannot be opened for reading");
  }

  [[nodiscard]] std::uint64_t size() const { return size_; }

  std::string read(std::uint64_t offset, std::uint64_t length, const char* what) {
    if (offset > size_ || size_ - offset < length) {
      throw PluginError(path_,
                        std::string("is a truncated ELF file (") + what + " lies past the end)");
    }
    std::string bytes(length, '\0');
    in_.seekg(static_cast<std::streamoff>(offset));
    if (!in_.read(bytes.data(), static_cast<std::streamsize>(length))) {
      throw PluginError(path_, "cannot be read");
    }
    return bytes;
  }

  template <class T>
  T readAt(std::uint64_t offset, const char* what) {
    const std::string bytes = read(offset, sizeof(T), what);
    T value;
    std::memcpy(&value, bytes.data(), sizeof(T));
    return value;
  }

 private:
  std::string path_;
  std::ifstream in_;
  std::uint64_t size_ = 0;
};

bool isTerminated(const char* text, std::size_t size) {
  return std::memchr(text, '\0', size) != nullptr;
}

}  // namespace

namespace {

// The ELF file's section called `wanted`, located by reading only its header,
// section table and section names. Throws PluginError for a file that is not
// a 64-bit little-endian shared library.
std::optional<Elf64_Shdr> findSection(ElfBytes& elf, const std::string& path,
                                      std::string_view wanted) {
  if (elf.size() == 0) throw PluginError(path, "is empty, not a shared library");
  const std::string ident =
      elf.read(0, std::min<std::uint64_t>(elf.size(), EI_NIDENT), "the header");
  if (ident.size() < EI_NIDENT || std::memcmp(ident.data(), ELFMAG, SELFMAG) != 0) {
    throw PluginError(path, "is not an ELF shared library");
  }
  if (ident[EI_CLASS] != ELFCLASS64 || ident[EI_DATA] != ELFDATA2LSB) {
    throw PluginError(path, "is not a 64-bit little-endian ELF library (wrong platform)");
  }
  const auto header = elf.readAt<Elf64_Ehdr>(0, "the ELF header");
  if (header.e_type != ET_DYN) throw PluginError(path, "is an ELF file but not a shared library");
  if (header.e_shentsize != sizeof(Elf64_Shdr) || header.e_shstrndx >= header.e_shnum) {
    throw PluginError(path, "has a malformed ELF section table");
  }
  auto section = [&](std::uint64_t index) {
    return elf.readAt<Elf64_Shdr>(header.e_shoff + index * sizeof(Elf64_Shdr), "the section table");
  };
  const Elf64_Shdr names = section(header.e_shstrndx);
  const std::string nameBytes = elf.read(names.sh_offset, names.sh_size, "section names");
  const std::string_view nameTable(nameBytes);
  for (std::uint64_t i = 0; i < header.e_shnum; ++i) {
    const Elf64_Shdr candidate = section(i);
    if (candidate.sh_name >= nameTable.size()) continue;
    const std::string_view name = nameTable.substr(candidate.sh_name);
    if (name.substr(0, name.find('\0')) == wanted) return candidate;
  }
  return std::nullopt;
}

ElfBytes openLibrary(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    throw PluginError(file.string(), "is not a regular file");
  }
  return ElfBytes(file);
}

}  // namespace

plugin::Manifest readManifest(const std::filesystem::path& file) {
  const std::string path = file.string();
  ElfBytes elf = openLibrary(file);
  const auto found = findSection(elf, path, plugin::kManifestSection);
  if (!found) {
    throw PluginError(
        path, "is not a b44 adapter (no b44_manifest section; was it built with B44_PLUGIN?)");
  }
  const Elf64_Shdr& candidate = *found;
  if (candidate.sh_size < offsetof(plugin::Manifest, manifestSize) + sizeof(std::uint32_t)) {
    throw PluginError(path, "has a b44_manifest section too small to be a manifest");
  }
  plugin::Manifest manifest{};
  const auto available = std::min<std::uint64_t>(candidate.sh_size, sizeof manifest);
  const std::string manifestBytes = elf.read(candidate.sh_offset, available, "the manifest");
  std::memcpy(&manifest, manifestBytes.data(), available);
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

namespace {

// The text of a section holding NUL-terminated text (declaration, summary);
// nullopt when the file has no such section.
std::optional<std::string> readText(const std::filesystem::path& file, std::string_view section,
                                    std::size_t maxBytes, const std::string& what) {
  const std::string path = file.string();
  ElfBytes elf = openLibrary(file);
  const auto found = findSection(elf, path, section);
  if (!found) return std::nullopt;
  if (found->sh_size > maxBytes) {
    throw PluginError(path, "has a " + what + " of " + std::to_string(found->sh_size) +
                                " bytes, more than the " + std::to_string(maxBytes) + " allowed");
  }
  std::string text = elf.read(found->sh_offset, found->sh_size, ("the " + what).c_str());
  const auto end = text.find('\0');
  if (end == std::string::npos)
    throw PluginError(path, "has a " + what + " that is not terminated");
  text.resize(end);
  return text;
}

}  // namespace

std::optional<std::string> readDeclaration(const std::filesystem::path& file) {
  return readText(file, plugin::kDeclarationSection, plugin::kMaxDeclarationBytes, "declaration");
}

std::optional<std::string> readSummary(const std::filesystem::path& file) {
  return readText(file, plugin::kSummarySection, plugin::kMaxSummaryBytes, "b44_summary section");
}

}  // namespace b44
