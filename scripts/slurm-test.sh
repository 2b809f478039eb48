#!/usr/bin/env bash
# A real one-node Slurm cluster on this machine, to test deploy/slurm/ end to end
# (docs/scale-out.md, "Testing on one machine"): installs Debian's slurm-wlm and
# munge when missing, starts munged, slurmctld and slurmd with a throw-away
# configuration in a temporary folder, submits a sharded run with
# deploy/slurm/submit.sh, waits for the array and the merge, and checks that every
# CSV and SVG of the merge is byte for byte the one of a plain `mspsim run` with
# the same --paths and --seed. Stops the daemons it started on exit, pass or fail.
#
# Usage: scripts/slurm-test.sh            the test (as root; Debian/Ubuntu)
#        scripts/slurm-test.sh --scaling  times 1, 2, 4 and 8 shards through Slurm
#                                         and prints a markdown table
# Environment:
#   MSPSIM              the binary (default: the release build's, `swift build -c
#                       release --show-bin-path`; this script never builds)
#   SLURM_TEST_SHARDS   shards of the test (default 4)
#   SLURM_TEST_PATHS    paths of the test (default 3000)
#   SLURM_TEST_TIMEOUT  seconds to wait for one submission's jobs (default 300;
#                       1200 with --scaling)
#   SLURM_SCALING_PATHS, SLURM_SCALING_SHARDS  the --scaling runs (default 100000,
#                       "1 2 4 8")
#   SLURM_TEST_PORT     slurmctld's port, slurmd's is the next (default 16817: not
#                       Slurm's 6817, so a site's own daemons are left alone)
#   SLURM_TEST_KEEP=1   keep the temporary folder (its path is printed)
set -euo pipefail
cd "$(dirname "$0")/.."
# The daemons and munge's tools live in sbin, which a non-login PATH may lack.
export PATH="/usr/sbin:/sbin:$PATH"

MODE="test"
case "${1:-}" in
  "") ;;
  --scaling) MODE=scaling ;;
  *)
    echo "usage: scripts/slurm-test.sh [--scaling]" >&2
    exit 2
    ;;
esac

SCENARIO=Scenarios/msp1-vs-msp2.yaml
SHARDS=${SLURM_TEST_SHARDS:-4}
PATHS=${SLURM_TEST_PATHS:-3000}
SEED=7
if [ "$MODE" = scaling ]; then TIMEOUT=${SLURM_TEST_TIMEOUT:-1200}; else TIMEOUT=${SLURM_TEST_TIMEOUT:-300}; fi
PORT=${SLURM_TEST_PORT:-16817}

say() { echo "slurm-test: $*"; }
fail() {
  echo "slurm-test: FAIL: $*" >&2
  exit 1
}

if [ "$(id -u)" -ne 0 ]; then
  fail "run as root: it installs packages and starts munged, slurmctld and slurmd"
fi

# The binary first: no point starting a cluster without it.
if [ -n "${MSPSIM:-}" ]; then
  BIN=$MSPSIM
else
  command -v swift >/dev/null 2>&1 || fail "MSPSIM is not set and swift is not on the PATH to find the release build"
  # --show-bin-path prints the folder without building.
  BIN="$(swift build -c release --show-bin-path)/mspsim"
fi
case "$BIN" in */*) BIN=$(realpath -m -- "$BIN") ;; *) BIN=$(command -v "$BIN" || echo "$BIN") ;; esac
[ -x "$BIN" ] || fail "no mspsim binary at $BIN: build it first (swift build -c release) or set MSPSIM"

START=$SECONDS
WORK=$(mktemp -d /tmp/mspsim-slurm-test.XXXXXX)
DAEMONS=() # "name:pid", in start order

stop_daemons() {
  local i entry name pid
  # Jobs first: a job step's slurmstepd outlives slurmd, so cancel and let the
  # steps end while slurmd is still there to clean up after them.
  if [ ${#DAEMONS[@]} -ge 2 ]; then
    scancel --quiet --user=root >/dev/null 2>&1 || true
    for _ in $(seq 1 20); do
      [ -z "$(squeue -h -o %i 2>/dev/null)" ] && break
      sleep 0.5
    done
    # A job leaves the queue a moment before its slurmstepd has exited; each
    # step's socket in the spool folder goes when its slurmstepd does.
    for _ in $(seq 1 20); do
      compgen -G "$WORK/spool/${NODE:-?}_*" >/dev/null || break
      sleep 0.5
    done
  fi
  for ((i = ${#DAEMONS[@]} - 1; i >= 0; i--)); do
    entry=${DAEMONS[i]}
    name=${entry%%:*}
    pid=${entry#*:}
    kill -TERM "$pid" 2>/dev/null || continue
    for _ in $(seq 1 40); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "slurm-test: $name ($pid) did not stop on TERM; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
  DAEMONS=()
}
cleanup() {
  local status=$?
  stop_daemons
  if [ "${SLURM_TEST_KEEP:-0}" = 1 ]; then
    say "kept $WORK"
  else
    rm -rf "$WORK"
  fi
  exit "$status"
}
trap cleanup EXIT
# Without these a Ctrl-C or a TERM from CI would skip the EXIT trap's cleanup.
trap 'exit 130' INT
trap 'exit 143' TERM

dump_logs() {
  local f
  # The daemons' *.out repeat their *.log (in the foreground they log to both).
  for f in "$@" "$WORK"/slurmctld.log "$WORK"/slurmd.log "$WORK"/munged.out; do
    [ -f "$f" ] || continue
    echo "----- $f (last 25 lines)" >&2
    # munged logs every refused decode of a slurm credential meant for SlurmUser: noise.
    grep -v 'Unauthorized credential for client' "$f" | tail -n 25 >&2 || true
  done
}

# ---------------------------------------------------------------- packages
missing=()
for tool in slurmctld slurmd sbatch squeue sinfo scontrol scancel munged munge unmunge; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing slurm-wlm and munge (missing: ${missing[*]})"
  apt-get update -qq
  # Debian's packages try to start the daemons from their maintainer scripts; in a
  # container without an init that fails harmlessly or is refused by policy-rc.d.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge >"$WORK/apt.log" 2>&1 ||
    {
      tail -n 30 "$WORK/apt.log" >&2
      fail "apt-get install slurm-wlm munge failed"
    }
fi

# ---------------------------------------------------------------- munge
munge_ok() { munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; }
if munge_ok; then
  # Someone else's munged (a site's service) serves the default socket: use it,
  # and leave it running.
  say "munged is already running; using it"
else
  key=/etc/munge/munge.key
  if [ ! -s "$key" ]; then
    install -d -o munge -g munge -m 0700 /etc/munge
    if command -v mungekey >/dev/null 2>&1; then
      mungekey --create --keyfile="$key"
    else
      dd if=/dev/urandom of="$key" bs=1024 count=1 status=none
    fi
    chown munge:munge "$key"
    chmod 0400 "$key"
  fi
  # /run is a tmpfs on most machines: the socket folder may be gone after a reboot.
  install -d -o munge -g munge -m 0755 /run/munge
  # As the munge user (munged checks that it owns the key), in the foreground so
  # that $! is munged itself and the trap can stop it by that PID. setpriv
  # (util-linux) execs rather than forking, unlike runuser or su. --force turns
  # munged's refusals over an existing socket or loose folder permissions (common
  # in containers) into warnings: acceptable for a throw-away test cluster.
  setpriv --reuid=munge --regid=munge --init-groups munged --foreground --force >"$WORK/munged.out" 2>&1 &
  munged_pid=$!
  DAEMONS+=("munged:$munged_pid")
  for _ in $(seq 1 50); do
    munge_ok && break
    kill -0 "$munged_pid" 2>/dev/null || break
    sleep 0.2
  done
  munge_ok || {
    dump_logs
    fail "munged did not start"
  }
fi

# ---------------------------------------------------------------- slurm
NODE=$(hostname -s)
# CPUs as this process sees them (affinity); never more than slurmd finds, which
# would mark the node invalid. OMP_* would change nproc's answer: drop them.
CPUS=$(env -u OMP_NUM_THREADS -u OMP_THREAD_LIMIT nproc)
mkdir -p "$WORK/spool" "$WORK/state"
export SLURM_CONF="$WORK/slurm.conf"
# Everything the cluster writes stays in $WORK. Addresses are 127.0.0.1 so that
# nothing depends on how the host name resolves. No accounting daemon: sacct
# is unavailable, and job states come from scontrol while MinJobAge keeps them.
cat >"$SLURM_CONF" <<EOF
ClusterName=mspsimtest
SlurmctldHost=$NODE(127.0.0.1)
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
# No mail on this test cluster (the default mailer is not installed).
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MinJobAge=3600
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldLogFile=$WORK/slurmctld.log
SlurmdLogFile=$WORK/slurmd.log
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=1000 State=UNKNOWN
PartitionName=debug Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF

# After SLURM_CONF: without a configuration file the tools go looking for one in DNS.
SLURM_VERSION=$(sinfo --version | awk '{print $2}')

# -D: in the foreground, so $! is the daemon and the trap stops it by that PID.
# -i: a state folder is new each run, nothing to recover.
slurmctld -D -i >"$WORK/slurmctld.out" 2>&1 &
DAEMONS+=("slurmctld:$!")
slurmd -D -N "$NODE" >"$WORK/slurmd.out" 2>&1 &
DAEMONS+=("slurmd:$!")

state=""
for _ in $(seq 1 120); do
  state=$(sinfo -h -N -n "$NODE" -o %t 2>/dev/null || true)
  [ "$state" = idle ] && break
  for entry in "${DAEMONS[@]}"; do
    kill -0 "${entry#*:}" 2>/dev/null || {
      dump_logs
      fail "${entry%%:*} exited while starting"
    }
  done
  sleep 0.5
done
[ "$state" = idle ] || {
  dump_logs
  fail "node $NODE is '${state:-unknown}', not idle, after 60 s"
}
say "Slurm $SLURM_VERSION up: node $NODE, $CPUS CPUs, partition debug ($((SECONDS - START)) s)"

# ---------------------------------------------------------------- helpers
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# submit OUT NSHARDS PATHS SEED: runs submit.sh, sets ARRAY_ID and MERGE_ID.
submit() {
  local log last
  log="$WORK/submit-$(basename "$1").txt"
  MSPSIM=$BIN bash deploy/slurm/submit.sh "$SCENARIO" "$2" "$1" -- --paths "$3" --seed "$4" >"$log" 2>&1 || {
    cat "$log" >&2
    fail "submit.sh failed"
  }
  last=$(tail -n 1 "$log")
  [[ "$last" =~ ^array=([0-9]+)\ merge=([0-9]+)$ ]] || {
    cat "$log" >&2
    fail "submit.sh's last line is not 'array=ID merge=ID': $last"
  }
  ARRAY_ID=${BASH_REMATCH[1]}
  MERGE_ID=${BASH_REMATCH[2]}
}

# wait_jobs OUT: until the array and the merge have left the queue, then checks
# that every task and the merge completed with exit code 0.
wait_jobs() {
  local out=$1 t0=$SECONDS bad
  while [ -n "$(squeue -h -j "$ARRAY_ID,$MERGE_ID" -o %i 2>/dev/null || true)" ]; do
    if [ $((SECONDS - t0)) -ge "$TIMEOUT" ]; then
      squeue >&2 || true
      scancel "$ARRAY_ID" "$MERGE_ID" 2>/dev/null || true
      dump_logs "$out.shards"/logs/*.log
      fail "jobs $ARRAY_ID (array) and $MERGE_ID (merge) not done after $TIMEOUT s"
    fi
    sleep 0.25
  done
  # One line per array task and one for the merge; anything not COMPLETED with
  # exit code 0:0 is a failure (a failed shard makes the merge CANCELLED, through
  # submit.sh's --kill-on-invalid-dep).
  bad=$( { scontrol -o show job "$ARRAY_ID"; scontrol -o show job "$MERGE_ID"; } 2>&1 |
    grep -v 'JobState=COMPLETED .*ExitCode=0:0' || true)
  if [ -n "$bad" ]; then
    dump_logs "$out.shards"/logs/*.log
    echo "$bad" | awk '{ l = ""; for (i = 1; i <= NF; i++) if ($i ~ /^(JobId|ArrayTaskId|JobName|JobState|Reason|ExitCode)=/) l = l " " $i; print "slurm-test:" l }' >&2
    fail "a job did not complete (array $ARRAY_ID, merge $MERGE_ID)"
  fi
}

# listing DIR: the CSV and SVG files in DIR, one name a line, sorted.
listing() { find "$1" -maxdepth 1 -type f \( -name '*.csv' -o -name '*.svg' \) -printf '%f\n' | LC_ALL=C sort; }

# same_outputs A B: every CSV and SVG of A and B the same, and the same set.
same_outputs() {
  local a=$1 b=$2 f differ=()
  if [ "$(listing "$a")" != "$(listing "$b")" ]; then
    diff <(listing "$a") <(listing "$b") | sed "s|^<|  only in $a:|; s|^>|  only in $b:|" | grep only >&2 || true
    fail "$a and $b do not hold the same CSV and SVG files"
  fi
  [ -n "$(listing "$a")" ] || fail "no CSV or SVG file in $a"
  while read -r f; do
    cmp -s "$a/$f" "$b/$f" || differ+=("$f")
  done < <(listing "$a")
  if [ ${#differ[@]} -gt 0 ]; then
    for f in "${differ[@]}"; do cmp "$a/$f" "$b/$f" >&2 || true; done
    fail "these differ between $a and $b: ${differ[*]}"
  fi
}

count() { listing "$1" | grep -c "\.$2\$" || true; }

# ---------------------------------------------------------------- the test
if [ "$MODE" = test ]; then
  t0=$(now)
  submit "$WORK/merged" "$SHARDS" "$PATHS" "$SEED"
  say "submitted $SHARDS shards x $PATHS paths: array $ARRAY_ID, merge $MERGE_ID"
  wait_jobs "$WORK/merged"
  slurm_s=$(since "$t0")
  for i in $(seq 1 "$SHARDS"); do
    [ -s "$WORK/merged.shards/shard-$i/shard.bin" ] || fail "no shard-$i/shard.bin"
  done
  t0=$(now)
  "$BIN" run "$SCENARIO" --paths "$PATHS" --seed "$SEED" --out "$WORK/single" --quiet ||
    fail "the single run failed"
  single_s=$(since "$t0")
  same_outputs "$WORK/single" "$WORK/merged"
  say "PASS: $SHARDS shards x $PATHS paths through Slurm $SLURM_VERSION (${slurm_s} s, one run ${single_s} s):" \
    "$(count "$WORK/merged" csv) CSV and $(count "$WORK/merged" svg) SVG files byte-identical; $((SECONDS - START)) s in all"
  exit 0
fi

# ---------------------------------------------------------------- --scaling
SPATHS=${SLURM_SCALING_PATHS:-100000}
SSEED=42
rows=()
first=""
for k in ${SLURM_SCALING_SHARDS:-1 2 4 8}; do
  out="$WORK/scale-$k"
  t0=$(now)
  submit "$out" "$k" "$SPATHS" "$SSEED"
  wait_jobs "$out"
  wall=$(since "$t0")
  dirs=()
  for i in $(seq 1 "$k"); do dirs+=("$out.shards/shard-$i"); done
  t0=$(now)
  "$BIN" merge "${dirs[@]}" --out "$WORK/remerge-$k" --quiet || fail "merge of $k shards failed"
  merge_s=$(since "$t0")
  sizes=$(for d in "${dirs[@]}"; do stat -c %s "$d/shard.bin"; done | LC_ALL=C sort -n)
  size_range=$(echo "$sizes" | awk 'NR == 1 { lo = $1 } { hi = $1; t += $1 } END { printf (lo == hi ? "%d" : "%d-%d"), lo, hi }')
  size_total=$(echo "$sizes" | awk '{ t += $1 } END { print t }')
  # Every shard count must give the same outputs.
  if [ -z "$first" ]; then first=$out; else same_outputs "$first" "$out"; fi
  rows+=("| $k | $((SPATHS / k)) | $wall | $merge_s | $size_range | $size_total |")
  say "$k shards: $wall s"
done
t0=$(now)
"$BIN" run "$SCENARIO" --paths "$SPATHS" --seed "$SSEED" --out "$WORK/single" --quiet || fail "the single run failed"
single_s=$(since "$t0")
[ -z "$first" ] || same_outputs "$first" "$WORK/single"

echo
echo "$SPATHS paths of $SCENARIO, seed $SSEED, Slurm $SLURM_VERSION on one node of $CPUS CPUs, one thread a shard;"
echo "wall = sbatch of the array to the merge job's end; merge = \`mspsim merge\` alone, run again by hand."
echo
echo "| shards | paths a shard | wall (s) | merge alone (s) | shard.bin (bytes each) | shard.bin (bytes, all) |"
echo "|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
echo
echo "One \`mspsim run\` without Slurm (default threads): $single_s s. Outputs of every row identical to it."
say "PASS: scaling done in $((SECONDS - START)) s"
