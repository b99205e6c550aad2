#!/usr/bin/env bash
# Builds the Debian packages (libb44, libb44-dev, b44-tools) with CPack, installs
# them on this machine with apt-get, and uses them as a new user would, away
# from the source and build trees:
#   - both tools' --version, the man pages and the bash completion;
#   - the installed emulator with the connections the dev package ships, and
#     the installed CLI calling an installed adapter through it;
#   - the Slack example built against the installed package twice, with
#     find_package(b44) and with pkg-config, each posting through the emulator.
# Then it uninstalls them (B44_KEEP_PACKAGES=1 keeps them) and checks that
# nothing is left.
#
# usage: scripts/package.sh        (root, or sudo; CI runs it)
# The packages stay in ${B44_BUILD_DIR:-build}/packages.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${B44_BUILD_DIR:-$root/build}
packages="$build/packages"
names=(b44-tools libb44-dev libb44)

as_root=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "package.sh installs packages: run it as root" >&2; exit 1; }
  as_root=(sudo)
fi

"$root/scripts/install-deps.sh" --packaging
"$root/scripts/build.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/b44-package.XXXXXX")
emulator_pid=""
installed=0
cleanup() {
  if [[ -n "$emulator_pid" ]]; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
  fi
  if [[ $installed -eq 1 && "${B44_KEEP_PACKAGES:-0}" != 1 ]]; then
    "${as_root[@]}" apt-get purge -y -qq "${names[@]}" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# shellcheck source=scripts/lib/checks.sh
. "$root/scripts/lib/checks.sh"

# Every installed file belongs to one of the three packages.
step unspecified-component cmake --install "$build" --component Unspecified --prefix "$work/unspecified"
if [[ -d "$work/unspecified" ]] && [[ -n $(find "$work/unspecified" -type f) ]]; then
  fail "files installed without a component (they would be in no package):"
  find "$work/unspecified" -type f >&2
fi

# The API reference (warnings are errors), packaged with the dev files.
step docs cmake --build "$build" --target docs
rm -rf "$packages"
step cpack cpack -G DEB -B "$packages" --config "$build/CPackConfig.cmake"
version=$(header_version "$build/core/include")
debs=()
for name in "${names[@]}"; do
  deb="$packages/${name}_${version}_$(dpkg --print-architecture).deb"
  [[ -f "$deb" ]] || { echo "FAIL: $deb was not built" >&2; exit 1; }
  debs+=("$deb")
  echo "   $(basename "$deb"): $(dpkg-deb -f "$deb" Depends)"
done

for name in "${names[@]}"; do
  if dpkg-query -W -f='${Status}' "$name" 2>/dev/null | grep -q "install ok installed"; then
    echo "FAIL: $name is installed already; remove it first (apt-get remove ${names[*]})" >&2
    exit 1
  fi
done
installed=1
step install "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${debs[@]}"

# From here on, nothing of the source or build tree is used.
cd "$work"
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
unset B44_PLUGIN_PATH B44_TEST_ADAPTER_DIR LD_LIBRARY_PATH B44_LOG BASE44_USER_TOKEN
examples=/usr/share/doc/b44/examples

echo "-- installed tools"
abi=$(header_plugin_abi /usr/include)
for tool in b44-connectors b44-emulator; do
  [[ $(command -v "$tool") == /usr/bin/$tool ]] || fail "$tool is not /usr/bin/$tool"
  said=$("$tool" --version) || fail "$tool --version: exit status $?"
  [[ "$said" == "$tool $version (plugin ABI $abi)" ]] || fail "$tool --version said: $said"
  if [[ -d /usr/share/man/man1 ]] && ! ls /usr/share/man/man1/"$tool".1* >/dev/null 2>&1; then
    fail "no man page for $tool"
  fi
done
[[ -f /usr/share/bash-completion/completions/b44-connectors ]] || fail "no bash completion"
[[ -f /usr/share/zsh/vendor-completions/_b44-connectors ]] || fail "no zsh completion"
[[ -f /usr/share/doc/b44/api/index.html ]] || fail "no API reference in the dev package"
man -w b44-connectors >/dev/null 2>&1 || [[ ! -x /usr/bin/man ]] || fail "man does not find b44-connectors(1)"
types=$(b44-connectors list-available --json | grep -c '^    "type": ')
adapters=$(find /usr/lib/b44/adapters -name 'libb44_adapter_*.so' | wc -l)
[[ $types -eq $adapters && $types -gt 0 ]] ||
  fail "list-available shows $types types, /usr/lib/b44/adapters holds $adapters adapters"

echo "-- installed emulator"
coproc EMULATOR { exec b44-emulator --connections "$examples/emulator/connections.json" \
  --record "$work/requests.jsonl" 2>"$work/emulator.log"; }
emulator_pid=$EMULATOR_PID
await_emulator "${EMULATOR[0]}"
export BASE44_API_URL=$(emulator_url base44_url) BASE44_APP_ID=demo-app BASE44_SERVICE_TOKEN=svc-demo-token
export B44_CONNECT_TO=$(emulator_url sandbox_url)

b44-connectors call slack post_message --args '{"channel":"C0123456789","text":"from the package"}' \
  >"$work/call.out" 2>"$work/call.err" || fail "installed CLI call: $(cat "$work/call.err")"
grep -qF '"ok": true' "$work/call.out" || fail "installed CLI call printed: $(cat "$work/call.out")"

# run_example NAME PROGRAM: posts through the emulator, checks the answer.
run_example() {
  local name=$1 program=$2
  "$program" C0123456789 "from $name" >"$work/$name.out" 2>"$work/$name.err" ||
    fail "$name: exit status $?: $(cat "$work/$name.err")"
  grep -qF "\"from $name\"" "$work/$name.out" || fail "$name printed: $(cat "$work/$name.out")"
}
cp -r "$examples/slack_post_message" "$work/example"
generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
# Poco is private to the libraries: the consumer configures with Poco's CMake
# package out of reach.
step consumer-cmake-configure cmake -S "$work/example" -B "$work/example-cmake" "${generator[@]}" \
  -DCMAKE_DISABLE_FIND_PACKAGE_Poco=TRUE
step consumer-cmake-build cmake --build "$work/example-cmake"
run_example find_package "$work/example-cmake/slack_post_message"
step consumer-pkg-config bash -c "c++ -std=c++20 -o '$work/example-pc' '$work/example/main.cpp' \
  \$(pkg-config --cflags --libs b44)"
run_example pkg-config "$work/example-pc"
[[ $(grep -c '"url":"https://slack.com/api/chat.postMessage"' "$work/requests.jsonl") -eq 3 ]] ||
  fail "the emulator did not record the three posts"
for secret in "$BASE44_SERVICE_TOKEN"; do
  if grep -rqF -- "$secret" "$work"/*.out "$work"/*.err "$work/requests.jsonl"; then
    fail "a token was printed"
  fi
done

kill "$emulator_pid" && wait "$emulator_pid" 2>/dev/null || true
emulator_pid=""
if [[ "${B44_KEEP_PACKAGES:-0}" != 1 ]]; then
  step uninstall "${as_root[@]}" apt-get purge -y -qq "${names[@]}"
  installed=0
  for file in /usr/bin/b44-connectors /usr/lib/libb44core.so."$version" /usr/lib/b44/adapters \
    /usr/include/b44 /usr/lib/cmake/b44; do
    [[ ! -e "$file" ]] || fail "$file is left after uninstalling"
  done
fi

finish "packages: all checks passed ($(cd "$packages" && echo *.deb))"
