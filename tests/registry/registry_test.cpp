// The registry against real shared libraries: a good fixture plugin and one
// per failure (tests/registry/fixtures), a declared fixture, the bundled
// adapters, plus files made here at run time.
#include <b44/errors.hpp>
#include <b44/plugin/declaration.hpp>
#include <b44/registry.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
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
          "libb44_adapter_fixture_no_manifest.so", "libb44_adapter_fixture_old_string_abi.so",
          "libb44_adapter_fixture_other_compiler.so", "libb44_adapter_fixture_other_json.so",
          "libb44_adapter_fixture_type_mismatch.so", "libb44_adapter_fixture_wrong_abi.so"}));
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

// std::string, std::function and nlohmann::json cross the plugin boundary:
// a plugin built with another compiler, std::string ABI or nlohmann_json ABI
// is refused before any of its code runs (each fixture aborts if loaded),
// naming what differs and both toolchains.
TEST(Registry, APluginBuiltWithAnotherToolchainIsRefusedNamingTheDifference) {
  const plugin::Toolchain host = plugin::currentToolchain();
  const std::string hostCompiler =
      std::string(host.compiler) + " " + std::to_string(host.compilerMajor);
  const std::string otherCompiler =
      std::string(host.compiler) + " " + std::to_string(host.compilerMajor + 1);
  const struct {
    const char* fixture;
    std::string difference;
    std::string adapterSide;
  } cases[] = {
      {"other_compiler", ": the compiler must match", "built with [" + otherCompiler},
      {"old_string_abi", ": the std::string ABI must match", "_GLIBCXX_USE_CXX11_ABI=0"},
      {"other_json", ": nlohmann_json's ABI must match", "nlohmann::json_abi_diag_v3_11_2"},
  };
  Registry registry;
  for (const auto& c : cases) {
    const std::string error = loadError(registry, fixture(c.fixture));
    EXPECT_NE(error.find(c.difference), std::string::npos) << error;
    EXPECT_NE(error.find(c.adapterSide), std::string::npos) << error;
    EXPECT_NE(error.find("this host with [" + hostCompiler), std::string::npos) << error;
    EXPECT_NE(error.find("rebuild the adapter with the host's toolchain"), std::string::npos)
        << error;
    EXPECT_THROW(readManifest(fixture(c.fixture)), PluginError);
  }
  EXPECT_TRUE(registry.types().empty());
  // The registry keeps working: a good plugin loads after them.
  registry.loadLibrary(fixture("good"));
  EXPECT_TRUE(registry.contains("fixture_good"));
  // What a good plugin records is the registry's own toolchain.
  const plugin::Toolchain recorded = readManifest(fixture("good")).toolchain;
  EXPECT_EQ(std::string(recorded.compiler), std::string(host.compiler));
  EXPECT_EQ(recorded.compilerMajor, host.compilerMajor);
  EXPECT_EQ(recorded.cxx11StringAbi, 1u);
  EXPECT_EQ(std::string(recorded.jsonNamespace), std::string(host.jsonNamespace));
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

// --- Summaries: what listing reads instead of the declarations ---------------

const fs::path kDeclared = B44_DECLARED_FIXTURE_DIR;
const fs::path kDeclaredFile = kDeclared / "current" / "libb44_adapter_fixture_declared.so";
const fs::path kDeclaredOldFile = kDeclared / "old" / "libb44_adapter_fixture_declared.so";

std::string fileBytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// A copy of `from` at `to` with `original` replaced by `replacement` of the
// same length: a library altered after it was built, or built by a faulty
// tool. Every occurrence is replaced: a build with debug information carries
// the embedded sections' text a second time.
void alteredCopy(const fs::path& from, const fs::path& to, const std::string& original,
                 const std::string& replacement) {
  ASSERT_EQ(original.size(), replacement.size());
  std::string bytes = fileBytes(from);
  auto at = bytes.find(original);
  ASSERT_NE(at, std::string::npos) << original;
  for (; at != std::string::npos; at = bytes.find(original, at + replacement.size())) {
    bytes.replace(at, original.size(), replacement);
  }
  std::ofstream(to, std::ios::binary) << bytes;
}

TEST(Summary, EveryBundledAdapterCarriesOneThatMatchesItsDeclaration) {
  const char* directory = std::getenv("B44_TEST_ADAPTER_DIR");
  ASSERT_NE(directory, nullptr);
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(directory)) {
    if (entry.path().extension() != ".so") continue;
    const auto file = entry.path();
    const auto summary = readSummary(file);
    const auto declaration = readDeclaration(file);
    ASSERT_TRUE(summary.has_value()) << file;
    ASSERT_TRUE(declaration.has_value()) << file;
    const auto spec = plugin::parseDeclaration(*declaration, file.string());
    EXPECT_EQ(plugin::parseSummary(*summary, file.string()), plugin::summarize(spec)) << file;
    EXPECT_EQ(*summary, plugin::toJson(plugin::summarize(spec)).dump()) << file;
    EXPECT_EQ(plugin::summarize(spec).version, readManifest(file).adapterVersion) << file;
    ++checked;
  }
  EXPECT_EQ(checked, 46);
}

TEST(Summary, ListingParsesNoDeclarationThatHasASummary) {
  Registry registry;
  registry.loadDirectory(std::getenv("B44_TEST_ADAPTER_DIR"));
  const auto listed = registry.available();
  ASSERT_EQ(listed.size(), 46u);
  for (const auto& loaded : listed) {
    EXPECT_EQ(loaded.spec, nullptr) << loaded.integrationType;
    EXPECT_EQ(loaded.adapter, nullptr) << loaded.integrationType;
    EXPECT_EQ(loaded.summary.type, loaded.integrationType);
    EXPECT_FALSE(loaded.summary.displayName.empty()) << loaded.integrationType;
  }
  // Parsing one later gives the spec the summary was made from.
  const auto wrike = registry.spec("wrike");
  auto summary = plugin::summarize(*wrike);
  EXPECT_EQ(summary, std::find_if(listed.begin(), listed.end(), [](const LoadedAdapter& a) {
                       return a.integrationType == "wrike";
                     })->summary);
}

TEST(Summary, TheDeclaredFixtureListsItsSummaryAndDescribesItsDeclaration) {
  Registry registry;
  EXPECT_EQ(registry.loadLibrary(kDeclaredFile), std::vector<std::string>{"fixture_declared"});
  const auto listed = registry.available();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].spec, nullptr);
  const auto& summary = listed[0].summary;
  EXPECT_EQ(summary.displayName, "Declared fixture");
  EXPECT_EQ(summary.version, "2.1.0");
  ASSERT_EQ(summary.configFields.size(), 2u);
  EXPECT_EQ(summary.configFields[0].name, "region");
  EXPECT_FALSE(summary.configFields[0].required);
  EXPECT_EQ(summary.configFields[0].defaultValue, "us");
  EXPECT_EQ(summary.configFields[0].maxLength, 2u);
  EXPECT_EQ(summary.configFields[1].pattern, "^[a-z]+$");
  EXPECT_TRUE(summary.configFields[1].required);
  EXPECT_EQ(registry.spec("fixture_declared")->actions.at(0).name, "ping");
  EXPECT_NE(registry.available()[0].spec, nullptr);
}

TEST(Summary, ALibraryWithoutOneListsFromItsDeclaration) {
  ASSERT_FALSE(readSummary(kDeclaredOldFile).has_value());
  ASSERT_TRUE(readDeclaration(kDeclaredOldFile).has_value());
  Registry current;
  current.loadLibrary(kDeclaredFile);
  Registry old;
  EXPECT_EQ(old.loadLibrary(kDeclaredOldFile), std::vector<std::string>{"fixture_declared"});
  const auto listed = old.available();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_NE(listed[0].spec, nullptr);  // parsed, as before summaries
  EXPECT_EQ(listed[0].summary, current.available()[0].summary);
}

TEST(Summary, AMalformedOneIsALoadFailureNamingTheFileAndTheProblemWhenListed) {
  struct Case {
    const char* file;
    const char* from;
    const char* to;
    std::string reason;  // the whole reason, or its start when it ends with ": "
  };
  const std::vector<Case> cases = {
      {"libb44_adapter_unknown_field.so", R"({"default":"us")", R"({"defualt":"us")",
       "has a malformed b44_summary section: /connection_config_fields/0: unknown field "
       "'defualt' (did you mean 'default'?)"},
      {"libb44_adapter_not_json.so", R"({"adapter_version":"2.1.0")",
       R"({"adapter_version" "2.1.0")", "has a malformed b44_summary section: not valid JSON: "},
      {"libb44_adapter_wrong_type.so", R"("required":false,"validation_error")",
       R"("required":"no!","validation_error")",
       "has a malformed b44_summary section: /connection_config_fields/0/required: must be "
       "true or false"},
      {"libb44_adapter_other_version.so", R"("adapter_version":"2.1.0")",
       R"("adapter_version":"2.1.9")",
       "has a b44_summary section of version '2.1.9' but its manifest says '2.1.0'"},
  };
  for (const auto& broken : cases) {
    SCOPED_TRACE(broken.file);
    TempDir dir;
    alteredCopy(kDeclaredFile, dir.path() / broken.file, broken.from, broken.to);
    fs::copy_file(fixture("good"), dir.path() / "libb44_adapter_fixture_good.so");
    Registry registry;
    // Summaries are read at load and parsed when listing needs them.
    EXPECT_TRUE(registry.loadDirectory(dir.path()).empty());
    const auto listed = registry.available();
    // The rest still lists; the broken one is forgotten.
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].summary.displayName, "Fixture");
    EXPECT_EQ(registry.types(), std::vector<std::string>{"fixture_good"});
    const auto failures = registry.diagnostics();
    ASSERT_EQ(failures.size(), 1u);
    EXPECT_EQ(failures[0].path, (fs::weakly_canonical(dir.path()) / broken.file).string());
    if (broken.reason.ends_with(": ")) {
      EXPECT_TRUE(failures[0].reason.starts_with(broken.reason)) << failures[0].reason;
    } else {
      EXPECT_EQ(failures[0].reason, broken.reason);
    }
  }
}

TEST(Summary, AMalformedOneFailsDescribingAndUsingItsAdapter) {
  TempDir dir;
  alteredCopy(kDeclaredFile, dir.path() / "libb44_adapter_wrong_type.so",
              R"("required":false,"validation_error")", R"("required":"no!","validation_error")");
  Registry registry;
  registry.loadLibrary(dir.path() / "libb44_adapter_wrong_type.so");
  const auto expectRefused = [](const std::function<void()>& use) {
    try {
      use();
      FAIL() << "a malformed summary was accepted";
    } catch (const PluginError& e) {
      EXPECT_EQ(e.reason(),
                "has a malformed b44_summary section: /connection_config_fields/0/required: must "
                "be true or false");
    }
  };
  expectRefused([&] { (void)registry.spec("fixture_declared"); });
  expectRefused([&] { (void)registry.adapter("fixture_declared"); });
}

TEST(Summary, ADeclarationBrokenBesideAGoodSummaryFailsOnlyWhenParsed) {
  TempDir dir;
  const auto declaration = readDeclaration(kDeclaredFile).value();
  std::string broken = declaration;
  broken.front() = '!';
  alteredCopy(kDeclaredFile, dir.path() / "libb44_adapter_broken.so", declaration, broken);
  Registry registry;
  registry.loadLibrary(dir.path() / "libb44_adapter_broken.so");
  EXPECT_EQ(registry.available().at(0).summary.displayName, "Declared fixture");
  try {
    (void)registry.spec("fixture_declared");
    FAIL() << "a broken declaration was accepted";
  } catch (const PluginError& e) {
    EXPECT_NE(e.path().find("libb44_adapter_broken.so"), std::string::npos) << e.path();
    EXPECT_NE(e.reason().find("not valid JSON"), std::string::npos) << e.reason();
  }
}

TEST(Summary, OneThatDisagreesWithItsDeclarationFailsWhenTheDeclarationIsParsed) {
  TempDir dir;
  alteredCopy(kDeclaredFile, dir.path() / "libb44_adapter_altered.so",
              R"("display_name":"Declared fixture")", R"("display_name":"Declared fixturE")");
  Registry registry;
  registry.loadLibrary(dir.path() / "libb44_adapter_altered.so");
  EXPECT_EQ(registry.available().at(0).summary.displayName, "Declared fixturE");
  try {
    (void)registry.adapter("fixture_declared");
    FAIL() << "a summary that disagrees with its declaration was accepted";
  } catch (const PluginError& e) {
    EXPECT_EQ(e.reason(), "its b44_summary section does not match its declaration");
  }
}

}  // namespace
}  // namespace b44
