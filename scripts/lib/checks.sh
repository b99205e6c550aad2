# Shared by the end-to-end check scripts (scripts/package.sh,
# tests/adapters/third_party.sh); source it after setting $work (a scratch
# directory for step logs).
#   fail MESSAGE...     count a failed check and go on
#   step NAME CMD...    run CMD quietly into $work/NAME.log; on failure show
#                       the log and stop the script
#   finish SUMMARY      exit 1 if any check failed, else print SUMMARY
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

step() {
  local name=$1
  shift
  echo "-- $name"
  if ! "$@" >"$work/$name.log" 2>&1; then
    cat "$work/$name.log" >&2
    echo "FAIL: $name" >&2
    exit 1
  fi
}

finish() {
  if [[ $failures -ne 0 ]]; then
    echo "$failures check(s) failed" >&2
    exit 1
  fi
  echo "$*"
}

# await_emulator FD: reads the emulator's first stdout line from FD (it prints
# {"base44_url":...,"sandbox_url":...} once both servers listen: that line is
# the synchronisation) into $ready; stops with $work/emulator.log otherwise.
# emulator_url NAME then gives one of its URLs.
await_emulator() {
  ready=""
  if ! IFS= read -r -t 60 ready <&"$1"; then
    cat "$work/emulator.log" >&2
    echo "FAIL: the emulator did not report its URLs" >&2
    exit 1
  fi
}
emulator_url() { sed -E "s/.*\"$1\":\"([^\"]*)\".*/\1/" <<<"$ready"; }

# header_version INCLUDE_DIR / header_plugin_abi INCLUDE_DIR: the version and
# the plugin ABI number the headers under INCLUDE_DIR declare.
header_version() {
  sed -nE 's/^#define B44_VERSION_STRING "([^"]+)"$/\1/p' "$1/b44/version.hpp"
}
header_plugin_abi() {
  sed -nE 's/^inline constexpr std::uint32_t kAbiVersion = ([0-9]+);.*/\1/p' \
    "$1/b44/plugin/manifest.hpp"
}
