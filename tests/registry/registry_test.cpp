// The registry against real shared libraries: a good fixture plugin and one
// per failure (tests/registry/fixtures), plus files made here at run time.
#include <b44/errors.hpp>
#include <b44/registry.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

namespace b44 {
namespace {

namespace fs = std::filesystem;
const fs::path kFixtures = B44_FIXTURE_DIR;

fs::path fixture(const std::string& name) {
  return kFixtures / ("libb44_adapter_fixture_" + name + ".so");
}

std::string loadError(Registry& registry, const fs::path& file) {
  try {
    registry.loadLibrary(file);
  } catch (const PluginError& e) {
    EXPECT_EQ(e.path().find(file.filename().string()) != std::string::npos, true) << e.path();
    return e.reason();
  }
  return "loaded";
}

class TempDir {
 public:
  TempDir()
      : path_(fs::temp_directory_path() /
              ("b44-registry-" + std::to_string(::getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

TEST(Registry, LoadsAGoodPluginAndDescribesIt) {
  Registry registry;
  EXPECT_EQ(registry.loadLibrary(fixture("good")), std::vector<std::string>{"fixture_good"});
  const auto loaded = registry.adapters();
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].adapterVersion, "1.2.3");
  EXPECT_EQ(registry.adapter("fixture_good")->spec().actions.at(0).name, "ping");
  // Loading the same file again changes nothing.
  EXPECT_EQ(registry.loadLibrary(fixture("good")), std::vector<std::string>{"fixture_good"});
  EXPECT_EQ(registry.adapters().size(), 1u);
}

TEST(Registry, OneLibraryMayProvideSeveralTypes) {
  Registry registry;
  EXPECT_EQ(registry.loadLibrary(fixture("multi")),
            (std::vector<std::string>{"fixture_multi_a", "fixture_multi_b"}));
  EXPECT_EQ(registry.adapter("fixture_multi_b")->spec().type, "fixture_multi_b");
}

TEST(Registry, EachBrokenPluginGetsAPreciseReason) {
  Registry registry;
  EXPECT_NE(loadError(registry, fixture("wrong_abi")).find("plugin ABI version 999"),
            std::string::npos);
  EXPECT_NE(loadError(registry, fixture("no_manifest")).find("no b44_manifest section"),
            std::string::npos);
  const auto missing = loadError(registry, fixture("missing_symbol"));
  EXPECT_NE(missing.find("cannot be loaded"), std::string::npos) << missing;
  EXPECT_NE(missing.find("b44_fixture_function_that_does_not_exist"), std::string::npos) << missing;
  EXPECT_NE(loadError(registry, fixture("factory_throws")).find("fixture factory refuses"),
            std::string::npos);
  EXPECT_NE(loadError(registry, fixture("factory_null")).find("returned no adapter"),
            std::string::npos);
  EXPECT_NE(
      loadError(registry, fixture("type_mismatch")).find("describes itself as 'somebody_else'"),
      std::string::npos);
  EXPECT_NE(loadError(registry, fixture("no_factory")).find("exports no factory"),
            std::string::npos);
  EXPECT_NE(loadError(registry, fixture("bad_type_name")).find("invalid type 'Bad-Type'"),
            std::string::npos);
  EXPECT_TRUE(registry.adapters().empty());
}

TEST(Registry, TwoPluginsClaimingOneTypeNameBothFiles) {
  Registry registry;
  registry.loadLibrary(fixture("dup_a"));
  const auto reason = loadError(registry, fixture("dup_b"));
  EXPECT_NE(reason.find("type 'fixture_dup' is already provided by"), std::string::npos);
  EXPECT_NE(reason.find("fixture_dup_a"), std::string::npos);
}

TEST(Registry, FilesThatAreNotLibraries) {
  TempDir dir;
  std::ofstream(dir.path() / "empty.so");
  std::ofstream(dir.path() / "text.so") << "this is not an ELF file";
  {
    // The first 100 bytes of a real plugin: a valid ELF header, nothing more.
    std::ifstream in(fixture("good"), std::ios::binary);
    std::string bytes(100, '\0');
    in.read(bytes.data(), 100);
    std::ofstream(dir.path() / "truncated.so", std::ios::binary) << bytes;
  }
  Registry registry;
  EXPECT_NE(loadError(registry, dir.path() / "empty.so").find("is empty"), std::string::npos);
  EXPECT_NE(loadError(registry, dir.path() / "text.so").find("not an ELF"), std::string::npos);
  EXPECT_NE(loadError(registry, dir.path() / "truncated.so").find("truncated"), std::string::npos);
  EXPECT_NE(loadError(registry, dir.path() / "missing.so").find("not a regular file"),
            std::string::npos);
}

TEST(Registry, ADirectoryLoadsEverythingGoodAndReportsTheRest) {
  Registry registry;
  const auto failures = registry.loadDirectory(kFixtures);
  // good, multi (2 types) and the first of the duplicates load.
  EXPECT_TRUE(registry.contains("fixture_good"));
  EXPECT_TRUE(registry.contains("fixture_multi_a"));
  EXPECT_TRUE(registry.contains("fixture_dup"));
  EXPECT_EQ(registry.types().size(), 4u);
  std::vector<std::string> failed;
  for (const auto& f : failures) failed.push_back(fs::path(f.path).filename().string());
  std::sort(failed.begin(), failed.end());
  EXPECT_EQ(
      failed,
      (std::vector<std::string>{
          "libb44_adapter_fixture_bad_type_name.so", "libb44_adapter_fixture_dup_b.so",
          "libb44_adapter_fixture_factory_null.so", "libb44_adapter_fixture_factory_throws.so",
          "libb44_adapter_fixture_missing_symbol.so", "libb44_adapter_fixture_no_factory.so",
          "libb44_adapter_fixture_no_manifest.so", "libb44_adapter_fixture_type_mismatch.so",
          "libb44_adapter_fixture_wrong_abi.so"}));
  EXPECT_EQ(registry.diagnostics().size(), failures.size());
}

TEST(Registry, UnknownTypesGetASuggestion) {
  Registry registry;
  registry.loadLibrary(fixture("good"));
  try {
    (void)registry.adapter("fixture_goood");
    FAIL();
  } catch (const InvalidArgumentError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'fixture_good'"), std::string::npos);
  }
  for (const char* bad : {"", "Slack", "../slack", "sl ack", "slack\n"}) {
    EXPECT_THROW((void)registry.adapter(bad), InvalidArgumentError) << bad;
  }
}

TEST(Registry, ConcurrentLoadsRegisterEachTypeOnce) {
  Registry registry;
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&] {
      registry.loadLibrary(fixture("good"));
      registry.loadLibrary(fixture("multi"));
      (void)registry.adapter("fixture_good");
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(registry.types(),
            (std::vector<std::string>{"fixture_good", "fixture_multi_a", "fixture_multi_b"}));
}

TEST(Registry, ManifestIsReadWithoutLoading) {
  const auto manifest = readManifest(fixture("good"));
  EXPECT_EQ(std::string(manifest.types), "fixture_good");
  EXPECT_THROW(readManifest(fixture("wrong_abi")), PluginError);
}

TEST(Registry, SearchPathStartsWithTheDefaultDirectoryThenThePluginPath) {
  ::setenv("B44_PLUGIN_PATH", "/tmp/one::/tmp/two", 1);
  const auto path = Registry::searchPath();
  ::unsetenv("B44_PLUGIN_PATH");
  ASSERT_EQ(path.size(), 3u);
  EXPECT_EQ(path[0], Registry::defaultDirectory());
  EXPECT_TRUE(path[0].string().ends_with("b44/adapters"));
  EXPECT_EQ(path[1], "/tmp/one");
  EXPECT_EQ(path[2], "/tmp/two");
}

}  // namespace
}  // namespace b44
