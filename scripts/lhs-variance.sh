#!/usr/bin/env bash
# The variance reduction of `sampling: latin_hypercube` on the default scenario
# (docs/performance.md, "Latin hypercube sampling"): the same paths per run, 30 seeds,
# random vs LHS; the spread across seeds of msp2's mean NPV of EBITDA and of
# P(2.0 worth more at exit) is the standard error of each at that many paths.
# Usage: scripts/lhs-variance.sh [PATHS] [SEEDS]   (defaults 2000, 30)
set -euo pipefail
cd "$(dirname "$0")/.."
PATHS=${1:-2000}
SEEDS=${2:-30}
BIN=${MSPSIM_BIN:-.build/release/mspsim}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
sed 's/^rng: mt19937$/rng: mt19937\nsampling: latin_hypercube/' Scenarios/msp1-vs-msp2.yaml > "$WORK/lhs.yaml"
grep -q '^sampling: latin_hypercube' "$WORK/lhs.yaml"
cp Scenarios/msp1-vs-msp2.yaml "$WORK/random.yaml"
for kind in random lhs; do
  : > "$WORK/$kind.txt"
  for s in $(seq 1 "$SEEDS"); do
    "$BIN" run "$WORK/$kind.yaml" --paths "$PATHS" --seed "$s" --out "$WORK/out" --quiet --no-charts
    npv=$(awk -F, '$1=="msp2" && $2=="npv.ebitda" {print $3}' "$WORK/out/summary.csv")
    p=$(awk -F, 'NR==1 {for (i=1;i<=NF;i++) if ($i=="p_value_better") c=i} NR==2 {print $c}' "$WORK/out/compare.csv")
    echo "$npv $p" >> "$WORK/$kind.txt"
  done
done
sd() { awk -v c="$2" '{x=$c; s+=x; q+=x*x; n++} END {m=s/n; printf "%.6g", sqrt((q-n*m*m)/(n-1))}' "$1"; }
echo "default scenario, $PATHS paths a run, $SEEDS seeds; SE = sd across seeds"
printf "%-28s %14s %14s %8s %s\n" "quantity" "SE random" "SE LHS" "ratio" "same precision with"
for c in 1 2; do
  name=$([ $c = 1 ] && echo "msp2 mean NPV of EBITDA" || echo "P(2.0 worth more at exit)")
  r=$(sd "$WORK/random.txt" $c)
  l=$(sd "$WORK/lhs.txt" $c)
  awk -v n="$name" -v r="$r" -v l="$l" -v p="$PATHS" 'BEGIN { k=(r/l)^2; printf "%-28s %14s %14s %8.2f N/%.2f paths (%d of %d)\n", n, r, l, r/l, k, p/k, p }'
done
