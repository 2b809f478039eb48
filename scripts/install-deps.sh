#!/usr/bin/env bash
# Installs what mspsim needs beyond Swift: GSL and zlib (ZIPFoundation deflates
# results.xlsx with it on Linux), and pkg-config, which SwiftPM uses to find them.
# Debian/Ubuntu: apt-get; macOS: Homebrew (zlib comes with macOS). Does nothing when present.
set -euo pipefail
if pkg-config --exists gsl 2>/dev/null && pkg-config --exists zlib 2>/dev/null; then exit 0; fi
if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq libgsl-dev zlib1g-dev pkg-config
elif command -v brew >/dev/null 2>&1; then
  brew install gsl pkg-config
else
  echo "install GSL (libgsl-dev on Debian/Ubuntu, gsl on Homebrew), zlib (zlib1g-dev) and pkg-config, then re-run" >&2
  exit 1
fi
