#!/usr/bin/env bash
# Installs Debian's headless-capable Chromium (and poppler-utils, for pdfinfo) when
# missing, for ReportRenderTests (docs/testing.md, "The report in a browser").
# Exit 0 when `chromium` is on the PATH afterwards, 1 when it cannot be installed.
set -uo pipefail
have() { command -v "$1" >/dev/null 2>&1; }
if have chromium && have pdfinfo; then exit 0; fi
if ! have apt-get; then
  echo "install-chromium: no apt-get here; install Chromium (and poppler-utils) yourself" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if have sudo; then SUDO="sudo -n"; else
    echo "install-chromium: not root and no sudo" >&2
    exit 1
  fi
fi
$SUDO apt-get update -qq >&2 || true
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >&2 || true
have chromium
