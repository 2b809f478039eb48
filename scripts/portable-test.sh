#!/usr/bin/env bash
# The same output bytes from a build for this machine's x86-64 level and from a
# portable one (docs/testing.md, "Builds for two processor levels"): builds mspsim
# with MSPSIM_PORTABLE=1 (any x86-64) beside the default build (x86-64-v3 when this
# machine has it: Package.swift), runs every file in Scenarios/ and the benchmark
# workload with both (both samplers, one with --sensitivity sobol and --per-path), and
# compares every file written byte for byte; run.json only without its wall time.
# Then, as root, the v3 build on a processor reported without avx2 and fma: exit 1,
# a message naming them, nothing written.
# Usage: scripts/portable-test.sh   (after the default release build, as .ci/run calls it)
# Environment: MSPSIM  the default build's binary (default: `swift build -c release --show-bin-path`)
set -euo pipefail
cd "$(dirname "$0")/.."
LEVEL_BIN=${MSPSIM:-"$(swift build -c release --show-bin-path)/mspsim"}
[ -x "$LEVEL_BIN" ] || { echo "portable-test: no mspsim at $LEVEL_BIN: build it first" >&2; exit 1; }
MSPSIM_PORTABLE=1 swift build -c release --product mspsim --scratch-path .build-portable
PORTABLE_BIN="$(MSPSIM_PORTABLE=1 swift build -c release --scratch-path .build-portable --show-bin-path)/mspsim"
# Instructions on 256-bit registers (AVX): counted, not `grep -q`, which would stop
# reading early and fail the pipeline under pipefail.
avx() { objdump -d --no-show-raw-insn "$1" | grep -c '%ymm' || true; }
if [ "$(avx "$PORTABLE_BIN")" != 0 ]; then
  echo "portable-test: the portable build uses AVX registers" >&2
  exit 1
fi
LEVEL=baseline
if [ "$(avx "$LEVEL_BIN")" != 0 ]; then
  LEVEL=v3
  echo "portable-test: the default build is for x86-64-v3"
else
  echo "portable-test: the default build is for the baseline (this machine lacks x86-64-v3), so both are the same level"
fi
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
failed=0
# one NAME SCENARIO ARGS...: both binaries, then every file compared.
one() {
  local name=$1 scenario=$2
  shift 2
  # @SIDE@ in an argument: that side's output folder.
  "$LEVEL_BIN" run "$scenario" --paths 1500 --threads 2 --quiet --no-xlsx --out "$OUT/$name/level" \
    "${@//@SIDE@/$OUT/$name/level}"
  "$PORTABLE_BIN" run "$scenario" --paths 1500 --threads 2 --quiet --no-xlsx --out "$OUT/$name/portable" \
    "${@//@SIDE@/$OUT/$name/portable}"
  for side in level portable; do
    grep -v '"wall_seconds"' "$OUT/$name/$side/run.json" >"$OUT/$name/$side.run.json"
    rm "$OUT/$name/$side/run.json"
  done
  if diff -r "$OUT/$name/level" "$OUT/$name/portable" >/dev/null \
    && diff "$OUT/$name/level.run.json" "$OUT/$name/portable.run.json" >/dev/null; then
    echo "portable-test: $name: $(find "$OUT/$name/level" -type f | wc -l) files the same"
  else
    echo "portable-test: $name: the two builds' outputs differ:" >&2
    diff -rq "$OUT/$name/level" "$OUT/$name/portable" >&2 || true
    failed=1
  fi
}
for scenario in Scenarios/*.yaml Benchmarks/standard.yaml; do
  one "$(basename "$scenario" .yaml)" "$scenario"
done
# GSL's own algorithms, the Sobol estimator's paths and the per-path table.
sed 's/^sampler: .*//' Scenarios/msp1-vs-msp2.yaml >"$OUT/gsl.yaml"
printf '\nsampler: gsl\n' >>"$OUT/gsl.yaml"
one gsl-sampler "$OUT/gsl.yaml"
one sobol Scenarios/msp1-vs-msp2.yaml --sensitivity sobol --per-path @SIDE@/per-path
# The v3 build on a processor without the level: as root, in a private mount
# namespace, /proc/cpuinfo is replaced by a copy without avx2 and fma; the binary
# must exit 1 naming them, and write nothing.
if [ "$LEVEL" = v3 ] && [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
  sed -e 's/ avx2 / /g' -e 's/ fma / /g' /proc/cpuinfo >"$OUT/cpuinfo-older"
  code=0
  unshare -m sh -c 'mount --bind "$1" /proc/cpuinfo && exec "$2" run Scenarios/msp1-vs-msp2.yaml --paths 10 --out "$3"' \
    sh "$OUT/cpuinfo-older" "$LEVEL_BIN" "$OUT/refused" 2>"$OUT/refused.err" || code=$?
  if [ "$code" = 1 ] && grep -q "lacks avx2, fma; build it on this machine, or with MSPSIM_PORTABLE=1" "$OUT/refused.err" \
    && ! [ -e "$OUT/refused" ]; then
    echo "portable-test: on a processor without avx2 and fma the v3 build exits 1, names them and writes nothing"
  else
    echo "portable-test: on a processor without avx2 and fma the v3 build exited $code:" >&2
    cat "$OUT/refused.err" >&2
    failed=1
  fi
else
  echo "portable-test: the refusal on an older processor not tried (needs the v3 build, root and a mount namespace)"
fi
[ "$failed" = 0 ] || exit 1
echo "portable-test: every output the same from both builds"
