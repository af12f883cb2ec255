#!/usr/bin/env bash
# Benchmark notify --smtp against the sendmail path: N messages to the same loopback server,
# messages per second. Two servers (--server):
#
#   sink     Tests/python/smtp_sink.py (aiosmtpd, keeping nothing); the sendmail path is
#            /usr/bin/msmtp, a process and a connection per message
#   postfix  Debian's Postfix, a private instance (Tests/python/postfix_relay.py: its own
#            configuration, queue and log under --work, the discard transport); the sendmail
#            path is Postfix's own sendmail (`-C` that instance), which drops each message into
#            the queue's maildrop folder for Postfix's pickup. Needs root.
#
#   smtp -c1      policysite notify --smtp smtp://127.0.0.1:PORT --connections 1
#   smtp -c4      the same, --connections 4
#   sendmail -j1  policysite notify --sendmail (msmtp or Postfix's sendmail) --parallel 1
#   sendmail -j4  the same, --parallel 4
#
# The contenders run alternately for --runs rounds, each on a fresh copy of the outbox; the script
# prints medians and the ratio of each --smtp run to the sendmail path at the same concurrency.
# Files on tmpfs. With Postfix, a message counts once the relay has accepted it (queued), as with
# the sink; Postfix delivers (discards) in the background, and the script waits for it to catch
# up before the next contender.
#
# CPU time is counted too, which other programs' load changes less than wall time: notify's
# user and system time with its children (msmtp, or Postfix's sendmail and postdrop), by GNU time;
# with Postfix, also all of Postfix's processes, from a cpuacct cgroup it is started in (root), from
# the contender's start until Postfix has delivered its last message. Both in ms per message.
#
# Usage: bench/smtp.sh [--users 2000] [--runs 5] [--server sink|postfix] [--work DIR]
# Environment: POLICYSITE_BIN=/path/to/policysite skips `swift build -c release`.
set -euo pipefail
export LC_ALL=C
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH_DIR")
USERS=2000 RUNS=5 SERVER=sink WORK=/dev/shm/policysite-bench-smtp
while (($#)); do
  case $1 in
    --users) USERS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --server) SERVER=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
case $SERVER in sink|postfix) ;; *) echo "--server is sink or postfix" >&2; exit 2 ;; esac
for tool in python3 /usr/bin/msmtp; do command -v "$tool" >/dev/null || { echo "needs $tool (scripts/setup)" >&2; exit 1; }; done
source "$BENCH_DIR/common.sh"
resolve_policysite_bin
rm -rf "$WORK" && mkdir -p "$WORK"
export POLICYSITE_TOKEN_KEY=benchmark-key-benchmark-key-benchmark-key

SITE=$WORK/site
make_notice_site "$SITE" "$USERS"
cp -r "$SITE/outbox" "$WORK/outbox.fresh"

if [[ $SERVER == sink ]]; then
  start_smtp_sink "$WORK"
  SENDMAIL=/usr/bin/msmtp
else
  RELAY=(python3 "$REPO/Tests/python/postfix_relay.py")
  CGROUP=/sys/fs/cgroup/cpuacct/policysite-bench-smtp-$$
  mkdir "$CGROUP" 2>/dev/null || CGROUP=""
  PORT=$("${RELAY[@]}" start --folder "$WORK/postfix" ${CGROUP:+--cgroup "$CGROUP"})
  trap '"${RELAY[@]}" stop --folder "$WORK/postfix"; [[ -z $CGROUP ]] || rmdir "$CGROUP" 2>/dev/null || true' EXIT
  SENDMAIL=$WORK/postfix-sendmail
  printf '#!/bin/sh\nexec /usr/sbin/sendmail -C "%s" "$@"\n' "$WORK/postfix/etc" >"$SENDMAIL"
  chmod 755 "$SENDMAIL"
fi

MEASURED=0
CGROUP=${CGROUP:-}
postfix_cpu() { if [[ -n $CGROUP ]]; then cat "$CGROUP/cpuacct.usage"; else echo 0; fi; }
TIME=()
[[ -x /usr/bin/time ]] && TIME=(/usr/bin/time -f "%U %S" -o "$WORK/last.time")
RESULTS=$WORK/results.tsv
: >"$RESULTS"
seconds() { python3 -c 'import time; print(time.monotonic())'; }
measure() {  # name command...
  local name=$1; shift
  rm -rf "$SITE/outbox" && cp -r "$WORK/outbox.fresh" "$SITE/outbox"
  local start end cpu_before
  echo "0 0" >"$WORK/last.time"
  cpu_before=$(postfix_cpu)
  start=$(seconds)
  "${TIME[@]}" "$@" >/dev/null 2>"$WORK/last.err" || { cat "$WORK/last.err" >&2; exit 1; }
  end=$(seconds)
  local sent
  sent=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"select count(*) from delivery where state='sent'\").fetchone()[0])" "$SITE/outbox/ledger.sqlite")
  [[ $sent == "$USERS" ]] || { echo "$name: $sent of $USERS sent" >&2; exit 1; }
  if [[ $SERVER == postfix ]]; then
    # Out of the measured time: Postfix delivers what it queued before the next contender starts.
    python3 -c "import sys; sys.path.insert(0, sys.argv[1]); from postfix_relay import PostfixRelay; r = PostfixRelay(sys.argv[2]); r.flush(int(sys.argv[3]), 600)" \
      "$REPO/Tests/python" "$WORK/postfix" "$(( (++MEASURED) * USERS ))"
  fi
  local client_ms relay_ms
  client_ms=$(awk -v n="$USERS" '{printf "%.3f", ($1 + $2) * 1000 / n}' "$WORK/last.time")
  relay_ms=$(python3 -c "print(f'{($(postfix_cpu) - $cpu_before) / 1e6 / $USERS:.3f}')")
  python3 -c "w=$end-$start; print(f'$name\t{w:.3f}\t$USERS\t{$USERS/w:.1f}\t$client_ms\t$relay_ms')" | tee -a "$RESULTS" \
    | awk -F'\t' '{printf "  %-14s %7.2f s  %8.1f msg/s  CPU/msg: notify %s ms, relay %s ms\n", $1, $2, $4, $5, $6}'
}
for ((round = 1; round <= RUNS; round++)); do
  echo "== round $round/$RUNS"
  measure "smtp -c1" "$POLICYSITE_BIN" notify --root "$SITE" --smtp "smtp://127.0.0.1:$PORT" --connections 1
  measure "sendmail -j1" "$POLICYSITE_BIN" notify --root "$SITE" --sendmail "$SENDMAIL" --parallel 1
  measure "smtp -c4" "$POLICYSITE_BIN" notify --root "$SITE" --smtp "smtp://127.0.0.1:$PORT" --connections 4
  measure "sendmail -j4" "$POLICYSITE_BIN" notify --root "$SITE" --sendmail "$SENDMAIL" --parallel 4
done

python3 - "$RESULTS" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    name, wall, messages, rate, client, relay = line.rstrip("\n").split("\t")
    runs.setdefault(name, []).append((float(wall), int(messages), float(rate), float(client), float(relay)))
print(f"\n{'contender':<14}{'runs':>5}{'median wall (s)':>17}{'messages':>10}{'median msg/s':>14}{'notify CPU ms/msg':>19}{'relay CPU ms/msg':>18}")
med = {}
for name, values in runs.items():
    med[name] = statistics.median(v[2] for v in values)
    print(f"{name:<14}{len(values):>5}{statistics.median(v[0] for v in values):>17.2f}{values[0][1]:>10}{med[name]:>14.1f}"
          f"{statistics.median(v[3] for v in values):>19.3f}{statistics.median(v[4] for v in values):>18.3f}")
for n in ("1", "4"):
    print(f"--smtp --connections {n} against the sendmail path --parallel {n}: {med[f'smtp -c{n}'] / med[f'sendmail -j{n}']:.2f}x the messages per second")
PY
