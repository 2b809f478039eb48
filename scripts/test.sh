#!/usr/bin/env bash
# Second README command: the whole test suite, optimised (the statistical tests
# draw millions of numbers; a debug build is 10-50x slower).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# Index checks in the engine's raw buffers (docs/testing.md, "Index checks").
export MSPSIM_CHECKED=1
swift build -c release -Xswiftc -enable-testing --product mspsim
swift test -c release -Xswiftc -enable-testing "$@"
