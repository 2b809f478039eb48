#!/usr/bin/env bash
# The engine under sanitizers (docs/testing.md, "Sanitizers"):
#   address: the engine fuzz (300 cases), the model tests, SHA-256 and the chunk buffer's
#            and sketches' raw-memory tests under AddressSanitizer;
#   thread:  the thread-invariance and parallel-output tests under ThreadSanitizer.
# Usage: scripts/sanitizers.sh [address|thread]   (no argument: both)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
export MSPSIM_CHECKED=1
which=${1:-all}
if [ "$which" = all ] || [ "$which" = address ]; then
  MSPSIM_ENGINE_FUZZ_CASES=${MSPSIM_ENGINE_FUZZ_CASES:-300} \
    ASAN_OPTIONS=detect_leaks=0 swift test -c release -Xswiftc -enable-testing --sanitize=address --scratch-path .build-asan \
    --filter 'EngineFuzzTests|ModelClosedFormTests|ChunkBufferTests|StatisticsBatchAddTests|SHA256Tests|IndexCheckTests'
fi
if [ "$which" = all ] || [ "$which" = thread ]; then
  swift test -c release -Xswiftc -enable-testing --sanitize=thread --scratch-path .build-tsan \
    --filter 'EngineThreadInvarianceTests|OutputFilesTests'
fi
