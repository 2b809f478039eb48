#!/usr/bin/env bash
# Installs what the workbook tests open results.xlsx with (docs/testing.md, "The
# workbook as users open it"): LibreOffice Calc (Debian's libreoffice-calc, for
# `soffice --headless --convert-to csv`) and Python's openpyxl (from PyPI with pip).
# Does nothing for a tool already present; exits non-zero, saying which, when one
# cannot be installed (the tests then skip with that message).
set -uo pipefail
status=0
if ! command -v soffice >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    # About 35 s on a machine with the package lists (docs/testing.md).
    $SUDO apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends libreoffice-calc >/dev/null
  fi
  if ! command -v soffice >/dev/null 2>&1; then
    echo "install-viewers: LibreOffice (soffice) is missing and could not be installed (libreoffice-calc)" >&2
    status=1
  fi
fi
if ! python3 -c "import openpyxl" >/dev/null 2>&1; then
  python3 -m pip install --quiet openpyxl >/dev/null 2>&1 ||
    python3 -m pip install --quiet --break-system-packages openpyxl >/dev/null 2>&1 || true
  if ! python3 -c "import openpyxl" >/dev/null 2>&1; then
    echo "install-viewers: python3 with openpyxl is missing and could not be installed (pip install openpyxl)" >&2
    status=1
  fi
fi
exit $status
