#!/usr/bin/env bash
# The third-party path end to end, as an outside developer would walk it:
#   1. install the built framework to a temporary prefix;
#   2. build examples/third_party_adapter (the Acme Notes adapter) and
#      examples/plugin_host against that prefix with find_package(b44);
#   3. start the installed b44-emulator with the example's connections and
#      routes, synchronising on its first stdout line (no sleeps);
#   4. run the plugin host with the adapter found through B44_PLUGIN_PATH, and
#      check its answers, its exit codes and that no token is ever printed.
#
# usage: third_party.sh <b44 build dir> <b44 source dir>
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 <b44 build dir> <b44 source dir>" >&2
  exit 2
fi
build_dir=$(cd "$1" && pwd)
source_dir=$(cd "$2" && pwd)
example_dir="$source_dir/examples/third_party_adapter"
host_dir="$source_dir/examples/plugin_host"

work=$(mktemp -d "${TMPDIR:-/tmp}/b44-third-party.XXXXXX")
emulator_pid=""
cleanup() {
  if [[ -n "$emulator_pid" ]]; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# shellcheck source=scripts/lib/checks.sh
. "$source_dir/scripts/lib/checks.sh"

generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
prefix="$work/prefix"

step install cmake --install "$build_dir" --prefix "$prefix"

# One version, set in CMake: the installed header, the libraries' SONAME
# (MAJOR.MINOR while 0.x), both tools' --version and the CMake package's
# version check all say the same.
echo "-- versions"
version=$(header_version "$prefix/include")
[[ "$version" =~ ^([0-9]+)\.([0-9]+)\.[0-9]+$ ]] ||
  { echo "FAIL: no B44_VERSION_STRING in the installed b44/version.hpp" >&2; exit 1; }
major=${BASH_REMATCH[1]}
minor=${BASH_REMATCH[2]}
abi=$(header_plugin_abi "$prefix/include")
soversion=$major
[[ $major -eq 0 ]] && soversion=$major.$minor
for library in b44core b44plugin b44registry b44emulator; do
  file=$(find "$prefix" -name "lib$library.so.$version" -type f)
  if [[ -z "$file" ]]; then
    fail "lib$library.so.$version is not installed"
  # awk reads objdump's whole output: `grep -q` would stop reading at the
  # match, and under pipefail objdump's SIGPIPE would fail the check.
  elif [[ "$(objdump -p "$file" | awk '$1 == "SONAME" { print $2 }')" != "lib$library.so.$soversion" ]]; then
    fail "lib$library.so.$version: SONAME is not lib$library.so.$soversion"
  fi
done
for tool in b44-connectors b44-emulator; do
  said=$("$prefix/bin/$tool" --version) || fail "$tool --version: exit status $?"
  [[ "$said" == "$tool $version (plugin ABI $abi)" ]] || fail "$tool --version said: $said"
done
# An installed adapter finds the installed libb44plugin by its RUNPATH, so a
# program that loaded nothing of b44 can dlopen it (RTLD_NOW: every symbol
# resolved at once).
echo "-- adapter RUNPATH"
cat >"$work/bare_dlopen.cpp" <<'CPP'
#include <dlfcn.h>
#include <cstdio>
int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (dlopen(argv[i], RTLD_NOW | RTLD_LOCAL) == nullptr) {
      std::fprintf(stderr, "%s\n", dlerror());
      return 1;
    }
  }
  return 0;
}
CPP
step bare-dlopen-build c++ -o "$work/bare_dlopen" "$work/bare_dlopen.cpp" -ldl
mapfile -t installed_adapters < <(find "$prefix" -path '*/b44/adapters/libb44_adapter_*.so')
[[ ${#installed_adapters[@]} -gt 0 ]] || fail "no adapter installed under $prefix"
"$work/bare_dlopen" "${installed_adapters[@]}" >"$work/bare-dlopen.log" 2>&1 ||
  fail "an installed adapter does not load on its own: $(cat "$work/bare-dlopen.log")"
# The pkg-config file finds its prefix from its own place.
echo "-- pkg-config"
pc_include=$(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --variable=includedir b44) ||
  fail "pkg-config does not find b44 in $prefix/lib/pkgconfig"
[[ $(realpath -m "$pc_include") == $(realpath "$prefix/include") ]] ||
  fail "pkg-config's includedir is $pc_include, not $prefix/include"
pc_version=$(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --modversion b44) || true
[[ "$pc_version" == "$version" ]] || fail "pkg-config says version $pc_version"
# A consumer asking for this MAJOR.MINOR finds the package, one asking for the
# next minor version does not (0.x: SameMinorVersion).
mkdir -p "$work/want"
cat >"$work/want/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.25)
project(want_b44 CXX)
find_package(b44 ${WANT} REQUIRED)
message(STATUS "found b44 ${b44_VERSION}")
CMAKE
step find-same-minor cmake -S "$work/want" -B "$work/want/same" "${generator[@]}" \
  -DCMAKE_PREFIX_PATH="$prefix" -DWANT="$major.$minor"
grep -qF "found b44 $version" "$work/find-same-minor.log" || fail "find_package(b44 $major.$minor)"
if cmake -S "$work/want" -B "$work/want/next" "${generator[@]}" -DCMAKE_PREFIX_PATH="$prefix" \
  -DWANT="$major.$((minor + 1))" >"$work/find-next-minor.log" 2>&1; then
  fail "find_package(b44 $major.$((minor + 1))) accepted $version"
fi
step configure-adapter cmake -S "$example_dir" -B "$work/acme" "${generator[@]}" \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=RelWithDebInfo
step build-adapter cmake --build "$work/acme" -j2
step configure-host cmake -S "$host_dir" -B "$work/host" "${generator[@]}" \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=RelWithDebInfo
step build-host cmake --build "$work/host" -j2

adapter="$work/acme/adapters/libb44_adapter_acme_notes.so"
host="$work/host/b44-plugin-host"
[[ -f "$adapter" ]] || { echo "FAIL: $adapter was not built" >&2; exit 1; }
[[ -x "$host" ]] || { echo "FAIL: $host was not built" >&2; exit 1; }

# The emulator prints {"base44_url":...,"sandbox_url":...} once both servers
# listen; reading that line is the synchronisation.
echo "-- start emulator"
coproc EMULATOR {
  exec "$prefix/bin/b44-emulator" \
    --connections "$example_dir/connections.json" \
    --routes "$example_dir/sandbox.json" \
    --plugin-path "$work/acme/adapters" \
    --record "$work/requests.jsonl" 2>"$work/emulator.log"
}
emulator_pid=$EMULATOR_PID
await_emulator "${EMULATOR[0]}"
base44_url=$(emulator_url base44_url)
sandbox_url=$(emulator_url sandbox_url)
[[ "$base44_url" == http://127.0.0.1:* && "$sandbox_url" == http://127.0.0.1:* ]] ||
  { echo "FAIL: unexpected emulator line: $ready" >&2; exit 1; }

export BASE44_API_URL="$base44_url"
export BASE44_APP_ID="app_acme_demo"
export BASE44_SERVICE_TOKEN="demo-service-token-not-a-secret"
export B44_CONNECT_TO="$sandbox_url"
export B44_PLUGIN_PATH="$work/acme/adapters"
unset BASE44_USER_TOKEN B44_LOG
secrets=("$BASE44_SERVICE_TOKEN" "acme-demo-access-token")

# run NAME EXPECTED_EXIT ARGS...: runs the host, keeping stdout and stderr.
run() {
  local name=$1 expected=$2
  shift 2
  local status=0
  "$host" "$@" >"$work/$name.out" 2>"$work/$name.err" || status=$?
  if [[ $status -ne $expected ]]; then
    fail "$name: exit status $status, expected $expected"
    cat "$work/$name.out" "$work/$name.err" >&2
  fi
  for secret in "${secrets[@]}"; do
    if grep -qF -- "$secret" "$work/$name.out" "$work/$name.err"; then
      fail "$name: a token was printed"
    fi
  done
  if grep -q "acme_notes" "$work/$name.err" && grep -q "skipped" "$work/$name.err"; then
    fail "$name: the Acme adapter did not load: $(cat "$work/$name.err")"
  fi
}
expect_out() {
  local name=$1 text=$2
  grep -qF -- "$text" "$work/$name.out" || fail "$name: output lacks $text"
}
expect_err() {
  local name=$1 text=$2
  grep -qF -- "$text" "$work/$name.err" || fail "$name: stderr lacks $text"
}

echo "-- run the plugin host"
run list 0 --list
expect_out list "acme_notes 1.0.0"
expect_out list "create_note"

run first_page 0 acme_notes list_notes '{"limit": 2}'
expect_out first_page '"id": "note_3"'
expect_out first_page '"id": "note_2"'
expect_out first_page '"next_cursor": "bm90ZV8y"'

run all_pages 0 acme_notes list_notes '{"limit": 2}' --all-pages
expect_out all_pages '"pages": 2'
expect_out all_pages '"id": "note_1"'

run create 0 acme_notes create_note '{"title": "From the test", "tags": ["ci"]}'
expect_out create '"id": "note_4"'
expect_out create '"title": "From the test"'

run typo 2 acme_notes create_notes '{"title": "x"}'
expect_err typo "did you mean 'create_note'"

run missing_argument 2 acme_notes create_note '{}'
expect_err missing_argument "args.title"

run unknown_type 2 acme_note list_notes
expect_err unknown_type "acme_notes"

run bad_cursor 3 acme_notes list_notes '{"cursor": "nope"}'
expect_err bad_cursor "invalid_cursor"

# The generated typed helpers, from a program built against the installed SDK.
typed="$work/acme/acme_notes_typed"
[[ -x "$typed" ]] || fail "$typed was not built"
status=0
"$typed" "Typed note" "Body" >"$work/typed.out" 2>"$work/typed.err" || status=$?
[[ $status -eq 0 ]] || { fail "typed: exit status $status"; cat "$work/typed.out" "$work/typed.err" >&2; }
expect_out typed "created note_4: Typed note"
expect_out typed "note_3 Launch checklist (1 tags)"
expect_out typed "note_1 Welcome (0 tags)"
for secret in "${secrets[@]}"; do
  if grep -qF -- "$secret" "$work/typed.out" "$work/typed.err"; then fail "typed: a token was printed"; fi
done

# The emulator saw the requests with the token in the adapter's own header,
# X-Acme-Key: its record file and its log redact it because the adapter
# declares it (the name looks like no credential), and hold it nowhere else.
if [[ $(grep -c '"https://api.acme-notes.example/v1/notes' "$work/requests.jsonl") -lt 4 ]]; then
  fail "the emulator recorded fewer requests than were made"
fi
grep -qF '"x-acme-key":"<redacted>"' "$work/requests.jsonl" ||
  fail "requests did not carry the token in X-Acme-Key, redacted in the record"
for secret in "${secrets[@]}"; do
  if grep -qF -- "$secret" "$work/requests.jsonl" "$work/emulator.log"; then
    fail "the emulator's record or log holds a token"
  fi
done

finish "third-party adapter: all checks passed"
