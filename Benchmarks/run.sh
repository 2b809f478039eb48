#!/usr/bin/env bash
# Whole-process figures for the standard workload (issue 4): model-path-months per
# second at 1 thread and at all threads, the speed-up, and peak RSS at 10,000,
# 100,000 and 1,000,000 paths, and the small-run figure (2,000 against 20,000 paths,
# every output). Public tools only: /usr/bin/time -v (GNU time),
# hyperfine when present. Usage: Benchmarks/run.sh [--quick]  (--quick: no 1M run)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release --product mspsim >/dev/null
BIN=.build/release/mspsim
SCEN=Benchmarks/standard.yaml
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
CORES=$(nproc)
MONTHS=120
MODELS=2
TIME=/usr/bin/time
if ! [ -x "$TIME" ]; then echo "GNU time missing: apt-get install -y time" >&2; exit 1; fi

echo "machine: $(uname -m), $CORES cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
echo "workload: $SCEN ($MODELS models x $MONTHS months)"

# run PATHS THREADS -> prints "wall_seconds peak_rss_kb"
run() {
  local paths=$1 threads=$2
  $TIME -f "%e %M" -o "$OUT/time" $BIN run $SCEN --paths "$paths" --threads "$threads" --out "$OUT/r" --quiet --no-charts
  cat "$OUT/time"
}

rate() { awk -v p="$1" -v s="$2" -v m=$MONTHS -v k=$MODELS 'BEGIN { printf "%.0f", p * m * k / s }'; }

P=${SPEED_PATHS:-100000}
read -r w1 r1 < <(run "$P" 1)
read -r wn rn < <(run "$P" "$CORES")
echo
printf "%-34s %12s %22s\n" "run" "wall (s)" "model-path-months/s"
printf "%-34s %12s %22s\n" "$P paths, 1 thread" "$w1" "$(rate "$P" "$w1")"
printf "%-34s %12s %22s\n" "$P paths, $CORES threads" "$wn" "$(rate "$P" "$wn")"
awk -v a="$w1" -v b="$wn" 'BEGIN { printf "speed-up 1 -> %s threads: %.2f\n", "'"$CORES"'", a / b }'

if command -v hyperfine >/dev/null 2>&1; then
  echo
  hyperfine --warmup 1 --runs 3 -N \
    "$BIN run $SCEN --paths 10000 --threads 1 --out $OUT/h1 --quiet --no-charts" \
    "$BIN run $SCEN --paths 10000 --threads $CORES --out $OUT/h2 --quiet --no-charts"
fi

echo
printf "%-12s %12s %14s\n" "paths" "wall (s)" "peak RSS (MB)"
SIZES="10000 100000 1000000"
[ "${1:-}" = "--quick" ] && SIZES="10000 100000"
for p in $SIZES; do
  read -r w r < <(run "$p" "$CORES")
  printf "%-12s %12s %14.1f\n" "$p" "$w" "$(awk -v k="$r" 'BEGIN { print k / 1024 }')"
done

# Small runs (docs/performance.md, "The fixed cost of a small run"): the throughput
# of a 2,000-path run against a 20,000-path run, every output written, all cores,
# SMALL_RUNS (default 5) of each, alternating; the fixed cost F and the cost a path
# c on the line through the two medians, T(n) = F + c n.
SMALL_RUNS=${SMALL_RUNS:-5}
small=()
large=()
for _ in $(seq "$SMALL_RUNS"); do
  rm -rf "$OUT/s"
  $TIME -f "%e" -o "$OUT/time" $BIN run $SCEN --paths 2000 --threads "$CORES" --out "$OUT/s" --quiet
  small+=("$(cat "$OUT/time")")
  rm -rf "$OUT/s"
  $TIME -f "%e" -o "$OUT/time" $BIN run $SCEN --paths 20000 --threads "$CORES" --out "$OUT/s" --quiet
  large+=("$(cat "$OUT/time")")
done
median() { printf "%s\n" "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ts=$(median "${small[@]}")
tl=$(median "${large[@]}")
echo
echo "small runs, every output, $CORES threads, medians of $SMALL_RUNS:"
awk -v s="$ts" -v l="$tl" 'BEGIN {
  c = (l - s) / 18000; f = s - 2000 * c
  printf "  2,000 paths %.2f s, 20,000 paths %.2f s\n", s, l
  printf "  throughput of 2,000 against 20,000 paths: %.2f\n", (2000 / s) / (20000 / l)
  printf "  fixed cost %.3f s, %.3f ms a path (a ratio of 0.90 needs a fixed cost <= %.3f s)\n", f, c * 1000, 2000 * c / 8
}'
