#!/usr/bin/env bash
# Two mspsim binaries side by side on the standard workload (docs/performance.md,
# "Fast samplers: before and after"): alternating runs (before, after, before, ...),
# the median wall time of PAIRS pairs at 1 thread and at all threads, the ratio
# before / after of the medians and the median of the pairs' own ratios (a pair's
# two runs are next to each other in time, so that ratio is the one least moved
# when the machine's speed wanders between pairs), and each binary's largest peak
# RSS. Whole processes, as a user
# runs them (CSVs written, no charts, report or workbook).
# Usage: Benchmarks/side-by-side.sh BEFORE AFTER [PAIRS=3] [PATHS=20000]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 2 ]; then
  echo "usage: Benchmarks/side-by-side.sh BEFORE_BINARY AFTER_BINARY [PAIRS] [PATHS]" >&2
  exit 2
fi
BEFORE=$1
AFTER=$2
PAIRS=${3:-3}
PATHS=${4:-20000}
SCEN=Benchmarks/standard.yaml
TIME=/usr/bin/time
if ! [ -x "$TIME" ]; then echo "GNU time missing: apt-get install -y time" >&2; exit 1; fi
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

# one BINARY THREADS -> "wall_seconds peak_rss_kb"
one() {
  $TIME -f "%e %M" -o "$OUT/time" "$1" run $SCEN --paths "$PATHS" --threads "$2" --out "$OUT/r" --quiet \
    --no-charts --no-report --no-xlsx
  cat "$OUT/time"
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "machine: $(uname -m), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "workload: $SCEN, $PATHS paths, $PAIRS alternating pairs per thread count"
printf "| threads | before (s, median) | after (s, median) | before / after | median of pair ratios "
printf "| peak RSS before / after (MB) |\n"
printf "|---|---|---|---|---|---|\n"
for threads in 1 "$(nproc)"; do
  : >"$OUT/b"
  : >"$OUT/a"
  : >"$OUT/ratio"
  rb=0
  ra=0
  for _ in $(seq "$PAIRS"); do
    read -r w r < <(one "$BEFORE" "$threads")
    echo "$w" >>"$OUT/b"
    [ "$r" -gt "$rb" ] && rb=$r
    read -r wa r < <(one "$AFTER" "$threads")
    echo "$wa" >>"$OUT/a"
    # GNU time prints 0.00 s for a run shorter than its resolution: no ratio then.
    awk -v b="$w" -v a="$wa" 'BEGIN { if (a > 0) print b / a }' >>"$OUT/ratio"
    [ "$r" -gt "$ra" ] && ra=$r
  done
  b=$(median <"$OUT/b")
  a=$(median <"$OUT/a")
  q=$(median <"$OUT/ratio")
  awk -v t="$threads" -v b="$b" -v a="$a" -v q="$q" -v rb="$rb" -v ra="$ra" \
    'BEGIN { printf "| %s | %.2f | %.2f | %.2f | %.2f | %.0f / %.0f |\n", t, b, a, b / a, q, rb / 1024, ra / 1024 }'
done
