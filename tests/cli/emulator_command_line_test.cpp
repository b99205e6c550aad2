// b44-emulator's command line (read with the CLI's parser, command_line.hpp):
// --opt=value, suggestions for unknown options, stray arguments refused.
// The real program in a child process; it exits before serving anything.
#include "cli_fixture.hpp"

#include <string>

namespace b44 {
namespace {

using EmulatorCommandLine = CliFixture;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(EmulatorCommandLine, ValuesMayBeJoinedWithAnEqualsSign) {
  const auto joined = runProgram(B44_EMULATOR_BINARY, {"--connections=/nonexistent/joined.json"});
  EXPECT_EQ(joined.exitCode, 2);
  EXPECT_TRUE(contains(joined.err, "/nonexistent/joined.json")) << joined.err;
  const auto port = runProgram(B44_EMULATOR_BINARY, {"--connections", "c.json", "--port=70000"});
  EXPECT_EQ(port.exitCode, 2);
  EXPECT_TRUE(contains(port.err, "--port needs a port number (0-65535), not '70000'")) << port.err;
  const auto flag = runProgram(B44_EMULATOR_BINARY, {"--record-credentials=yes"});
  EXPECT_EQ(flag.exitCode, 2);
  EXPECT_TRUE(contains(flag.err, "--record-credentials takes no value")) << flag.err;
}

TEST_F(EmulatorCommandLine, MistakesAreNamedWithWhatToDo) {
  const auto typo = runProgram(B44_EMULATOR_BINARY, {"--conections", "c.json"});
  EXPECT_EQ(typo.exitCode, 2);
  EXPECT_TRUE(contains(typo.err,
                       "unknown option --conections (did you mean '--connections'?)\n"
                       "(see b44-emulator --help)"))
      << typo.err;
  const auto stray = runProgram(B44_EMULATOR_BINARY, {"--connections", "c.json", "c2.json"});
  EXPECT_EQ(stray.exitCode, 2);
  EXPECT_TRUE(contains(stray.err, "unexpected argument 'c2.json'")) << stray.err;
  const auto twice =
      runProgram(B44_EMULATOR_BINARY, {"--connections", "a.json", "--connections=b.json"});
  EXPECT_EQ(twice.exitCode, 2);
  EXPECT_TRUE(contains(twice.err, "--connections is given more than once")) << twice.err;
  const auto help = runProgram(B44_EMULATOR_BINARY, {"-h"});
  EXPECT_EQ(help.exitCode, 0);
  EXPECT_TRUE(help.out.starts_with("usage: b44-emulator")) << help.out;
}

}  // namespace
}  // namespace b44
