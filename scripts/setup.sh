#!/usr/bin/env bash
# First README command: install what is missing, build in release mode, run the
# built-in default scenario (MSP 1.0 vs 2.0) and say where the CSV files went.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release --product mspsim
.build/release/mspsim run "$@"
