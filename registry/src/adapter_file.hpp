#pragma once
// An adapter library file read before any of its code runs (static
// constructors included): its manifest, declaration and summary sections,
// found with one pass over its section table. Internal to the registry; the
// public readers are readManifest, readDeclaration and readSummary.
#include <b44/plugin/manifest.hpp>

#include <elf.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace b44::detail {

class AdapterFile {
 public:
  // Opens the file and reads its ELF header, section table and section names:
  // a few reads, never the whole library, each bounds-checked against the
  // file's size. Throws PluginError for anything but a 64-bit little-endian
  // ELF shared library.
  explicit AdapterFile(const std::filesystem::path& file);

  // The manifest, checked (magic, ABI version, size, terminated text, and the
  // toolchain the same as the registry's).
  plugin::Manifest manifest() const;
  // A declared adapter's declaration; nullopt for an adapter in C++ only.
  std::optional<std::string> declaration() const;
  // Its summary; nullopt when it has none.
  std::optional<std::string> summary() const;

 private:
  class Descriptor {
   public:
    Descriptor() = default;
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    ~Descriptor();
    int value = -1;
  };

  // PluginError naming what differs unless `adapter` is the registry's own.
  void checkToolchain(const plugin::Toolchain& adapter) const;
  [[nodiscard]] const Elf64_Shdr* section(std::string_view name) const;
  [[nodiscard]] std::string read(std::uint64_t offset, std::uint64_t length,
                                 const std::string& what) const;
  [[nodiscard]] std::optional<std::string> text(std::string_view name, std::size_t maxBytes,
                                                const std::string& what) const;

  std::string path_;
  Descriptor fd_;
  std::uint64_t size_ = 0;
  std::vector<Elf64_Shdr> sections_;
  std::string names_;
};

}  // namespace b44::detail
