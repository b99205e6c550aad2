// Reads an adapter library's own sections ("b44_manifest", "b44_declaration",
// "b44_summary") straight from its ELF file, so a library is judged, listed
// and described before any of its code (static constructors included) runs.
#include "adapter_file.hpp"

#include <b44/errors.hpp>
#include <b44/registry.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <string_view>
#include <vector>

namespace b44 {
namespace detail {
namespace {

bool isTerminated(const char* text, std::size_t size) {
  return std::memchr(text, '\0', size) != nullptr;
}

std::string describe(const plugin::Toolchain& toolchain) {
  return "[" + std::string(toolchain.compiler) + " " + std::to_string(toolchain.compilerMajor) +
         ", libstdc++ " + std::to_string(toolchain.stdlibRelease) + ", " +
         (toolchain.cxx11StringAbi != 0 ? "C++11 std::string"
                                        : "old std::string (_GLIBCXX_USE_CXX11_ABI=0)") +
         ", " + toolchain.jsonNamespace + "]";
}

}  // namespace

AdapterFile::Descriptor::~Descriptor() {
  if (value >= 0) ::close(value);
}

AdapterFile::AdapterFile(const std::filesystem::path& file) : path_(file.string()) {
  // O_NONBLOCK: a FIFO named like a library must not hang the open.
  fd_.value = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  struct stat status {};
  if (fd_.value < 0) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
      throw PluginError(path_, "is not a regular file");
    throw PluginError(path_, "cannot be opened for reading");
  }
  if (::fstat(fd_.value, &status) != 0 || !S_ISREG(status.st_mode)) {
    throw PluginError(path_, "is not a regular file");
  }
  size_ = static_cast<std::uint64_t>(status.st_size);
  if (size_ == 0) throw PluginError(path_, "is empty, not a shared library");

  const std::string ident = read(0, std::min<std::uint64_t>(size_, EI_NIDENT), "the header");
  if (ident.size() < EI_NIDENT || std::memcmp(ident.data(), ELFMAG, SELFMAG) != 0) {
    throw PluginError(path_, "is not an ELF shared library");
  }
  if (ident[EI_CLASS] != ELFCLASS64 || ident[EI_DATA] != ELFDATA2LSB) {
    throw PluginError(path_, "is not a 64-bit little-endian ELF library (wrong platform)");
  }
  Elf64_Ehdr header;
  std::memcpy(&header, read(0, sizeof header, "the ELF header").data(), sizeof header);
  if (header.e_type != ET_DYN) throw PluginError(path_, "is an ELF file but not a shared library");
  if (header.e_shentsize != sizeof(Elf64_Shdr) || header.e_shstrndx >= header.e_shnum) {
    throw PluginError(path_, "has a malformed ELF section table");
  }
  // The whole section table in one read, then the section names in another.
  const std::string table =
      read(header.e_shoff, std::uint64_t{header.e_shnum} * sizeof(Elf64_Shdr), "the section table");
  sections_.resize(header.e_shnum);
  std::memcpy(sections_.data(), table.data(), table.size());
  const Elf64_Shdr& names = sections_[header.e_shstrndx];
  names_ = read(names.sh_offset, names.sh_size, "section names");
}

const Elf64_Shdr* AdapterFile::section(std::string_view name) const {
  const std::string_view table(names_);
  for (const auto& candidate : sections_) {
    if (candidate.sh_name >= table.size()) continue;
    const std::string_view candidateName = table.substr(candidate.sh_name);
    if (candidateName.substr(0, candidateName.find('\0')) == name) return &candidate;
  }
  return nullptr;
}

std::string AdapterFile::read(std::uint64_t offset, std::uint64_t length,
                              const std::string& what) const {
  if (offset > size_ || size_ - offset < length) {
    throw PluginError(path_, "is a truncated ELF file (" + what + " lies past the end)");
  }
  std::string bytes(length, '\0');
  std::size_t done = 0;
  while (done < length) {
    const auto got =
        ::pread(fd_.value, bytes.data() + done, length - done, static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) throw PluginError(path_, "cannot be read");
    done += static_cast<std::size_t>(got);
  }
  return bytes;
}

plugin::Manifest AdapterFile::manifest() const {
  const Elf64_Shdr* found = section(plugin::kManifestSection);
  if (found == nullptr) {
    throw PluginError(
        path_, "is not a b44 adapter (no b44_manifest section; was it built with B44_PLUGIN?)");
  }
  if (found->sh_size < offsetof(plugin::Manifest, manifestSize) + sizeof(std::uint32_t)) {
    throw PluginError(path_, "has a b44_manifest section too small to be a manifest");
  }
  plugin::Manifest manifest{};
  const auto available = std::min<std::uint64_t>(found->sh_size, sizeof manifest);
  const std::string manifestBytes = read(found->sh_offset, available, "the manifest");
  std::memcpy(&manifest, manifestBytes.data(), available);
  if (std::memcmp(manifest.magic, plugin::kManifestMagic, sizeof manifest.magic) != 0) {
    throw PluginError(path_, "has a b44_manifest section without the plugin magic");
  }
  if (manifest.abiVersion != plugin::kAbiVersion) {
    throw PluginError(path_,
                      "was built for plugin ABI version " + std::to_string(manifest.abiVersion) +
                          ", this host speaks version " + std::to_string(plugin::kAbiVersion) +
                          "; rebuild the adapter against this SDK");
  }
  if (manifest.manifestSize != sizeof(plugin::Manifest) ||
      found->sh_size != sizeof(plugin::Manifest)) {
    throw PluginError(path_, "has a manifest of unexpected size " + std::to_string(found->sh_size));
  }
  if (!isTerminated(manifest.adapterVersion, sizeof manifest.adapterVersion) ||
      !isTerminated(manifest.types, sizeof manifest.types) ||
      !isTerminated(manifest.toolchain.compiler, sizeof manifest.toolchain.compiler) ||
      !isTerminated(manifest.toolchain.jsonNamespace, sizeof manifest.toolchain.jsonNamespace)) {
    throw PluginError(path_, "has a manifest whose text fields are not terminated");
  }
  checkToolchain(manifest.toolchain);
  return manifest;
}

void AdapterFile::checkToolchain(const plugin::Toolchain& adapter) const {
  static constexpr plugin::Toolchain host = plugin::currentToolchain();
  std::vector<std::string> differences;
  if (std::string_view(adapter.compiler) != host.compiler ||
      adapter.compilerMajor != host.compilerMajor) {
    differences.emplace_back("the compiler");
  }
  if (adapter.stdlibRelease != host.stdlibRelease) differences.emplace_back("libstdc++");
  if (adapter.cxx11StringAbi != host.cxx11StringAbi)
    differences.emplace_back("the std::string ABI");
  if (std::string_view(adapter.jsonNamespace) != host.jsonNamespace) {
    differences.emplace_back("nlohmann_json's ABI");
  }
  if (differences.empty()) return;
  std::string which;
  for (const auto& difference : differences) which += (which.empty() ? "" : ", ") + difference;
  throw PluginError(path_, "was built with " + describe(adapter) + ", this host with " +
                               describe(host) + ": " + which +
                               " must match; rebuild the adapter with the host's toolchain");
}

std::optional<std::string> AdapterFile::text(std::string_view name, std::size_t maxBytes,
                                             const std::string& what) const {
  const Elf64_Shdr* found = section(name);
  if (found == nullptr) return std::nullopt;
  if (found->sh_size > maxBytes) {
    throw PluginError(path_, "has a " + what + " of " + std::to_string(found->sh_size) +
                                 " bytes, more than the " + std::to_string(maxBytes) + " allowed");
  }
  std::string bytes = read(found->sh_offset, found->sh_size, "the " + what);
  const auto end = bytes.find('\0');
  if (end == std::string::npos)
    throw PluginError(path_, "has a " + what + " that is not terminated");
  bytes.resize(end);
  return bytes;
}

std::optional<std::string> AdapterFile::declaration() const {
  return text(plugin::kDeclarationSection, plugin::kMaxDeclarationBytes, "declaration");
}

std::optional<std::string> AdapterFile::summary() const {
  return text(plugin::kSummarySection, plugin::kMaxSummaryBytes, "b44_summary section");
}

}  // namespace detail

plugin::Manifest readManifest(const std::filesystem::path& file) {
  return detail::AdapterFile(file).manifest();
}

std::optional<std::string> readDeclaration(const std::filesystem::path& file) {
  return detail::AdapterFile(file).declaration();
}

std::optional<std::string> readSummary(const std::filesystem::path& file) {
  return detail::AdapterFile(file).summary();
}

}  // namespace b44
