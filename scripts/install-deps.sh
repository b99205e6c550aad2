#!/usr/bin/env bash
# Installs the Debian 12 packages the build and the tests need, when missing.
# As root it runs apt-get; otherwise it prints the exact command to run.
set -euo pipefail

packages=(
  g++ cmake ninja-build make pkg-config
  libpoco-dev libssl-dev nlohmann-json3-dev libboost-dev libboost-program-options-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  redis-server
)

for extra in "$@"; do
  case "$extra" in
    # Sanitizer and fuzzing builds (scripts/sanitize.sh, scripts/fuzz.sh) use clang.
    --sanitizers) packages+=(clang libclang-rt-14-dev) ;;
    # The Debian packages and the API reference (scripts/package.sh, target docs).
    --packaging) packages+=(dpkg-dev file doxygen) ;;
    *) echo "usage: $0 [--sanitizers] [--packaging]" >&2; exit 2 ;;
  esac
done

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

command="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing packages: ${missing[*]}" >&2
  echo "Install them as root with:" >&2
  echo "  $command" >&2
  exit 1
fi
echo "Installing: ${missing[*]}" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
