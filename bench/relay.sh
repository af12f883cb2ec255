#!/usr/bin/env bash
# Benchmark notify at scale: N recipients handed over SMTP to a real relay, Debian's Postfix on
# loopback (a private instance started by Tests/python/postfix_relay.py: its own configuration,
# queue and log under --work, the discard transport), by W `notify --smtp` processes. What the
# relay accepted is counted from its log by Message-ID, not taken from policysite's word.
#
#   hand-off  policysite notify --smtp smtp://127.0.0.1:PORT --connections C, W at once: wall
#             time from the first worker's start to the last one's end (the ledger's import of
#             the N recipients included), messages per second; then how long Postfix took to
#             deliver (discard) what it had accepted
#   reference Postfix's own load generator, smtp-source (a C client, no pipelining), sending the
#             same number of messages of the same size (a notify message's, from --preview) over
#             W x C connections to a fresh Postfix: the relay's rate and CPU with a client that
#             costs next to nothing
#   kill      the same, and one worker killed with SIGKILL once the relay has accepted half the
#             messages; the others finish, then one more run picks up what it left (with a shared
#             ledger, once the killed worker's lease, notify --lease 15 --timeout 10, has ended). Counted by
#             Message-ID in Postfix's log: recipients lost (must be 0) and messages accepted twice
#             (at most the killed worker's C: its messages in flight)
#
# CPU time, which the load of other programs on the machine does not change as it changes wall
# time, is counted for both sides: notify's user and system time (GNU time), and Postfix's, all its
# processes together, from a cpuacct cgroup it is started in (when /sys/fs/cgroup/cpuacct can be
# written, as root). Each is reported in milliseconds per message, from the first hand-off until
# Postfix has delivered the last.
#
# With the SQLite ledger (the default, in the outbox) one notify works on a notice at a time, so
# --workers must be 1; --ledger postgres://... writes `ledger:` into the site's policysite.yml for
# a shared ledger. Files (the site, the ledger, Postfix's queue and log) go on tmpfs by default.
#
# Usage: bench/relay.sh [--users 1000000] [--workers 1] [--connections 2] [--ledger URL]
#                       [--scenario hand-off|kill|reference|all] [--work DIR]
# Environment: POLICYSITE_BIN=/path/to/policysite skips `swift build -c release`. Needs root
# (Postfix's master process starts as root) and Postfix (scripts/setup).
set -euo pipefail
export LC_ALL=C
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH_DIR")
USERS=1000000 WORKERS=1 CONNECTIONS=2 LEDGER="" SCENARIO=all WORK=/dev/shm/policysite-bench-relay
LEASE=15   # seconds: notify --lease with a shared ledger
while (($#)); do
  case $1 in
    --users) USERS=$2; shift 2 ;;
    --workers) WORKERS=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --ledger) LEDGER=$2; shift 2 ;;
    --scenario) SCENARIO=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
case $SCENARIO in hand-off|kill|reference|all) ;; *) echo "--scenario is hand-off, kill, reference or all" >&2; exit 2 ;; esac
if [[ -z $LEDGER || $LEDGER == sqlite ]] && ((WORKERS != 1)); then
  echo "the SQLite ledger takes one notify at a time: --workers 1, or --ledger postgres://..." >&2; exit 2
fi
command -v python3 >/dev/null || { echo "needs python3" >&2; exit 1; }
RELAY=(python3 "$REPO/Tests/python/postfix_relay.py")
source "$BENCH_DIR/common.sh"
resolve_policysite_bin
rm -rf "$WORK" && mkdir -p "$WORK"
export POLICYSITE_TOKEN_KEY=benchmark-key-benchmark-key-benchmark-key
seconds() { python3 -c 'import time; print(time.monotonic())'; }

echo "== the site: $USERS users"
SITE=$WORK/site
start=$(seconds)
make_notice_site "$SITE" "$USERS"
if [[ -n $LEDGER && $LEDGER != sqlite ]]; then printf 'ledger: %s\n' "$LEDGER" >>"$SITE/policysite.yml"; fi
cp -r "$SITE/outbox" "$WORK/outbox.fresh"
echo "   built in $(python3 -c "print(f'{$(seconds) - $start:.1f}')") s"

POSTFIX_DIR=$WORK/postfix
PORT=""
CGROUP=/sys/fs/cgroup/cpuacct/policysite-bench-relay-$$
mkdir "$CGROUP" 2>/dev/null || CGROUP=""
cleanup() {
  if [[ -n $PORT ]]; then "${RELAY[@]}" stop --folder "$POSTFIX_DIR"; fi
  if [[ -n $CGROUP ]]; then rmdir "$CGROUP" 2>/dev/null || true; fi
}
trap cleanup EXIT
# Postfix's CPU time so far, in nanoseconds (0 without a cgroup).
postfix_cpu() { if [[ -n $CGROUP ]]; then cat "$CGROUP/cpuacct.usage"; else echo 0; fi; }
TIME=()
[[ -x /usr/bin/time ]] && TIME=(/usr/bin/time -f "%U %S")
RESULTS=$WORK/results.txt
: >"$RESULTS"

# Accepted messages so far, from Postfix's log (one cleanup line per message it queued).
accepted() { grep -c 'cleanup\[[0-9]*\]: [0-9A-F]*: message-id=' "$POSTFIX_DIR/maillog" || true; }

# A PostgreSQL ledger outlives the outbox: each scenario gets a database of its own, made afresh,
# so that one does not find the notice already sent by the one before.
fresh_ledger() {  # name
  [[ -n $LEDGER && $LEDGER != sqlite ]] || return 0
  local database="policysite_relay_${1//-/_}" url
  psql -q "$LEDGER" -c "DROP DATABASE IF EXISTS $database" -c "CREATE DATABASE $database" >/dev/null
  url=$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$LEDGER" "$database")
  sed -i '/^ledger: /d' "$SITE/policysite.yml"
  printf 'ledger: %s\n' "$url" >>"$SITE/policysite.yml"
}

# Runs W workers on a fresh outbox and a fresh Postfix; with "kill", kills worker 1 at half way.
scenario() {  # name
  local name=$1
  [[ -n $PORT ]] && "${RELAY[@]}" stop --folder "$POSTFIX_DIR"
  PORT=$("${RELAY[@]}" start --folder "$POSTFIX_DIR" ${CGROUP:+--cgroup "$CGROUP"})
  rm -rf "$SITE/outbox" && cp -r "$WORK/outbox.fresh" "$SITE/outbox"
  fresh_ledger "$name"
  local command=("$POLICYSITE_BIN" notify --root "$SITE" --smtp "smtp://127.0.0.1:$PORT" --connections "$CONNECTIONS")
  # A shared ledger gives a killed worker's claimed rows back when its lease ends: a short one, so
  # that the run after the kill can wait it out (notify makes a lease at least --timeout plus 5 s).
  [[ -n $LEDGER && $LEDGER != sqlite ]] && command+=(--lease "$LEASE" --timeout $((LEASE - 5)))
  echo "== $name: $WORKERS worker(s) x $CONNECTIONS connection(s), Postfix on port $PORT"
  local pids=() start end killed="" cpu_before
  rm -f "$WORK/$name-"*.time
  cpu_before=$(postfix_cpu)
  start=$(seconds)
  for ((w = 1; w <= WORKERS; w++)); do
    "${TIME[@]}" ${TIME:+-o "$WORK/$name-worker$w.time"} "${command[@]}" >"$WORK/$name-worker$w.out" 2>&1 &
    pids+=($!)
  done
  if [[ $name == kill ]]; then
    while (($(accepted) < USERS / 2)) && kill -0 "${pids[0]}" 2>/dev/null; do sleep 0.2; done
    # The worker is notify itself, the child of GNU time when time measures it: kill it, not time.
    local victim
    victim=$(pgrep -P "${pids[0]}" -f "notify" || echo "${pids[0]}")
    if kill -9 "$victim" 2>/dev/null; then killed="worker 1 killed after $(accepted) messages accepted"; fi
  fi
  local status=0
  for pid in "${pids[@]}"; do wait "$pid" || status=$?; done
  end=$(seconds)
  if [[ $name == kill ]]; then
    [[ -n $killed ]] || { echo "the run ended before it could be killed" >&2; exit 1; }
    echo "   $killed; the others ended; one more run for what it left, once its lease has ended"
    [[ -n $LEDGER && $LEDGER != sqlite ]] && sleep $((LEASE + 1))
    "${TIME[@]}" ${TIME:+-o "$WORK/$name-rerun.time"} "${command[@]}" >"$WORK/$name-rerun.out" 2>&1 || { cat "$WORK/$name-rerun.out" >&2; exit 1; }
    end=$(seconds)
  elif ((status != 0)); then
    cat "$WORK/$name-worker"*.out >&2; exit 1
  fi
  local handed=$(accepted)
  # Postfix delivers (discards) what it queued: wait until it has caught up.
  local drained
  drained=$(python3 - "$POSTFIX_DIR" "$handed" <<'PY'
import os, sys, time
sys.path.insert(0, os.path.join(os.environ["REPO"], "Tests/python"))
from postfix_relay import PostfixRelay
relay = PostfixRelay(sys.argv[1])
start = time.monotonic()
relay.flush(int(sys.argv[2]), timeout=3600)
print(f"{time.monotonic() - start:.1f}")
PY
)
  local postfix_ns=$(( $(postfix_cpu) - cpu_before ))
  local notify_cpu
  notify_cpu=$(cat "$WORK/$name-"*.time 2>/dev/null | awk '$1 ~ /^[0-9.]+$/ {s += $1 + $2} END {print s + 0}')
  python3 - "$POSTFIX_DIR" "$SITE/outbox/ledger.sqlite" "$USERS" "$name" "$(python3 -c "print($end - $start)")" "$drained" "$CONNECTIONS" \
    "$notify_cpu" "$postfix_ns" "${CGROUP:+yes}" <<'PY' | tee -a "$RESULTS"
import os, sqlite3, sys
sys.path.insert(0, os.path.join(os.environ["REPO"], "Tests/python"))
from postfix_relay import PostfixRelay
folder, ledger, users, name, wall, drained, connections, notify_cpu, postfix_ns, counted = sys.argv[1:]
users, wall = int(users), float(wall)
counts = PostfixRelay(folder).counts()
expected = {f"user{i}@example.com" for i in range(users)}
lost = len(expected - set(counts.delivered_to))
twice = sum(n - 1 for n in counts.accepted.values() if n > 1)
accepted = sum(counts.accepted.values())
line = (f"{name}: {users} recipients, {accepted} messages accepted by Postfix in {wall:.1f} s: "
        f"{users / wall:.0f} msg/s; lost {lost}, accepted twice {twice}")
if os.path.exists(ledger):
    with sqlite3.connect(ledger) as db:
        states = dict(db.execute("SELECT state, count(*) FROM delivery GROUP BY state"))
    line += f"; ledger {states}"
line += f"; Postfix delivered all {drained} s after the last hand-off"
cpu = f"; CPU per message: notify {float(notify_cpu) * 1000 / accepted:.3f} ms" if accepted and float(notify_cpu) else ""
if cpu and counted:
    cpu += f", Postfix {int(postfix_ns) / 1e6 / accepted:.3f} ms (all its processes)"
print(line + cpu)
if lost or (name == "kill" and twice > int(connections)) or (name != "kill" and twice):
    print(f"{name}: FAILED: lost {lost}, twice {twice} (allowed: {connections if name == 'kill' else 0})")
    sys.exit(1)
PY
}
# smtp-source sends the same number of messages, of a notify message's size, to a fresh Postfix.
reference() {
  [[ -n $PORT ]] && "${RELAY[@]}" stop --folder "$POSTFIX_DIR"
  PORT=$("${RELAY[@]}" start --folder "$POSTFIX_DIR" ${CGROUP:+--cgroup "$CGROUP"})
  rm -rf "$WORK/preview"
  "$POLICYSITE_BIN" notify --root "$SITE" --preview "$WORK/preview" --limit 1 >/dev/null
  local size sessions=$((WORKERS * CONNECTIONS)) start end cpu_before
  size=$(cat "$WORK/preview/"*.eml | wc -c)
  echo "== reference: smtp-source, $USERS messages of $size bytes over $sessions connection(s), Postfix on port $PORT"
  cpu_before=$(postfix_cpu)
  start=$(seconds)
  "${TIME[@]}" ${TIME:+-o "$WORK/reference.time"} /usr/sbin/smtp-source -d -s "$sessions" -m "$USERS" -l "$size" -N \
    -f privacy@example.com -t user@example.com "127.0.0.1:$PORT"
  end=$(seconds)
  python3 -c "import os, sys; sys.path.insert(0, os.path.join(os.environ['REPO'], 'Tests/python')); from postfix_relay import PostfixRelay; PostfixRelay(sys.argv[1]).flush(int(sys.argv[2]), 3600)" "$POSTFIX_DIR" "$USERS"
  local accepted client_cpu postfix_ns=$(( $(postfix_cpu) - cpu_before ))
  accepted=$(accepted)
  client_cpu=$(awk '$1 ~ /^[0-9.]+$/ {print $1 + $2}' "$WORK/reference.time" 2>/dev/null || echo 0)
  python3 -c "
w = $end - $start; n = $accepted
line = f'reference: smtp-source, {n} messages accepted by Postfix in {w:.1f} s: {n / w:.0f} msg/s'
if n and float('${client_cpu:-0}'): line += f'; CPU per message: smtp-source {float(\"${client_cpu:-0}\") * 1000 / n:.3f} ms'
if n and '${CGROUP}': line += f', Postfix {$postfix_ns / 1e6 / n:.3f} ms (all its processes)'
print(line)" | tee -a "$RESULTS"
}
export REPO
[[ $SCENARIO == hand-off || $SCENARIO == all ]] && scenario hand-off
[[ $SCENARIO == kill || $SCENARIO == all ]] && scenario kill
[[ $SCENARIO == reference || $SCENARIO == all ]] && reference
echo
cat "$RESULTS"
