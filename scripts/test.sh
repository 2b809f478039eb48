#!/usr/bin/env bash
# Second README command: the whole test suite, optimised (the statistical tests
# draw millions of numbers; a debug build is 10-50x slower).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# LibreOffice Calc and openpyxl, which the workbook tests open results.xlsx with
# (docs/testing.md, "The workbook as users open it"); those tests skip, saying why, without them.
bash scripts/install-viewers.sh || echo "test.sh: the workbook viewer tests will be skipped (see above)" >&2
# Chromium and poppler-utils, which the report test renders report.html with
# (docs/testing.md, "The report in a browser"); that test also installs them itself.
bash scripts/install-chromium.sh || echo "test.sh: the report rendering test will be skipped (see above)" >&2
# Index checks in the engine's raw buffers (docs/testing.md, "Index checks").
export MSPSIM_CHECKED=1
swift build -c release -Xswiftc -enable-testing --product mspsim
swift test -c release -Xswiftc -enable-testing "$@"
