#!/usr/bin/env bash
# Submits an mspsim run as N shards on Slurm (docs/scale-out.md, "Slurm"): a job
# array of N tasks (mspsim-array.sbatch beside this file), then a merge job that
# starts only when every task has succeeded and writes the usual outputs to OUT.
#
# Usage: submit.sh SCENARIO N [OUT] [-- extra mspsim run options]
#   SCENARIO  the scenario file
#   N         number of shards (array tasks 1..N)
#   OUT       where the merge writes its outputs (default: results/<scenario stem>)
#   -- ...    passed to every `mspsim run --shard`, e.g. -- --paths 100000 --seed 42
#
# Environment:
#   MSPSIM         the mspsim binary (default: `mspsim` on the compute nodes' PATH)
#   SHARD_ROOT     where shard-1 .. shard-N go (default: OUT.shards)
#   CPUS_PER_TASK  cores (and mspsim threads) per shard (default: the sbatch file's 1)
#   SBATCH_PARTITION, SBATCH_ACCOUNT, SBATCH_TIMELIMIT, ...: read by sbatch itself,
#                  for both jobs.
# SCENARIO, OUT, SHARD_ROOT and a MSPSIM given as a path must be on storage every
# node sees; they are made absolute here because the jobs may start elsewhere.
#
# Prints the job ids; the last line is `array=<id> merge=<id>` for scripts.
# Exit codes: 0 submitted, 2 bad arguments, 1 other (sbatch failed).
set -euo pipefail

usage() { # [STATUS]: 2 (bad arguments) unless told, on stderr unless 0
  local status=${1:-2}
  {
    echo "usage: $(basename "$0") SCENARIO N [OUT] [-- extra mspsim run options]"
    echo "  e.g. $(basename "$0") Scenarios/msp1-vs-msp2.yaml 8 results/big -- --paths 1000000 --seed 42"
  } >&$((status == 0 ? 1 : 2))
  exit "$status"
}

# Split the command line at `--`: ours before, mspsim's after.
ours=()
extra=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--" ]; then
    shift
    extra=("$@")
    break
  fi
  case "$1" in
    -h | --help) usage 0 ;;
  esac
  ours+=("$1")
  shift
done
if [ ${#ours[@]} -lt 2 ] || [ ${#ours[@]} -gt 3 ]; then usage; fi

scenario=${ours[0]}
shards=${ours[1]}
if ! [[ "$shards" =~ ^[1-9][0-9]*$ ]]; then
  echo "submit.sh: N must be a whole number >= 1, not '$shards'" >&2
  usage
fi
if [ ! -f "$scenario" ]; then
  echo "submit.sh: no scenario file '$scenario'" >&2
  exit 2
fi
stem=$(basename "$scenario")
stem=${stem%.*}
out=${ours[2]:-results/$stem}

here=$(cd "$(dirname "$0")" && pwd)
batch="$here/mspsim-array.sbatch"
command -v sbatch >/dev/null 2>&1 || {
  echo "submit.sh: sbatch not found; run this on a Slurm login node" >&2
  exit 1
}

# Absolute paths: the jobs start in this folder too (sbatch's default --chdir),
# but absolute paths in the logs and the merge command leave no doubt.
abs() { realpath -m -- "$1"; }
SCENARIO=$(abs "$scenario")
OUT=$(abs "$out")
SHARD_ROOT=$(abs "${SHARD_ROOT:-$OUT.shards}")
MSPSIM=${MSPSIM:-mspsim}
# A bare name stays a name looked up on the compute node's PATH; a path is made absolute.
case "$MSPSIM" in */*) MSPSIM=$(abs "$MSPSIM") ;; esac
SHARDS=$shards
export SCENARIO SHARD_ROOT MSPSIM SHARDS

logs="$SHARD_ROOT/logs"
mkdir -p "$logs"

# The array. --parsable prints "jobid" or "jobid;cluster".
array_opts=(--parsable --array="1-$shards" --output="$logs/shard-%a.log")
if [ -n "${CPUS_PER_TASK:-}" ]; then array_opts+=(--cpus-per-task="$CPUS_PER_TASK"); fi
array_id=$(sbatch "${array_opts[@]}" "$batch" ${extra[@]+"${extra[@]}"}) || {
  echo "submit.sh: sbatch of the array failed (sbatch's message above)" >&2
  exit 1
}
array_id=${array_id%%;*}

# The merge: a one-line job, quoted for the /bin/sh that sbatch --wrap runs it with.
q() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }
merge_cmd="$(q "$MSPSIM") merge"
for i in $(seq 1 "$shards"); do merge_cmd+=" $(q "$SHARD_ROOT/shard-$i")"; done
merge_cmd+=" --out $(q "$OUT") --quiet"
# afterok on the array id waits for every task; --kill-on-invalid-dep cancels the
# merge as soon as a task fails, instead of leaving it pending forever.
if ! merge_id=$(sbatch --parsable --job-name=mspsim-merge --dependency="afterok:$array_id" \
  --kill-on-invalid-dep=yes --output="$logs/merge.log" --wrap="$merge_cmd"); then
  # Shards nobody merges would only burn core-hours.
  scancel "$array_id" || true
  echo "submit.sh: submitting the merge job failed; cancelled the array $array_id" >&2
  exit 1
fi
merge_id=${merge_id%%;*}

echo "submitted $shards shards of $SCENARIO"
echo "  shards: $SHARD_ROOT/shard-{1..$shards}  logs: $logs/"
echo "  merged outputs: $OUT"
echo "array=$array_id merge=$merge_id"
