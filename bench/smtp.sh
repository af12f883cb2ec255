#!/usr/bin/env bash
# Benchmark notify --smtp against notify --sendmail /usr/bin/msmtp: N messages to the same
# loopback SMTP server (Tests/python/smtp_sink.py, aiosmtpd, keeping nothing),
# messages per second.
#
#   smtp -c1   policysite notify --smtp smtp://127.0.0.1:PORT --connections 1
#   smtp -c4   the same, --connections 4
#   msmtp -j1  policysite notify --sendmail /usr/bin/msmtp --parallel 1 (a process and a
#              connection per message)
#   msmtp -j4  the same, --parallel 4
#
# The contenders run alternately for --runs rounds, each on a fresh copy of the outbox; the script
# prints medians and the ratio of each --smtp run to msmtp at the same concurrency. Files on tmpfs.
#
# Usage: bench/smtp.sh [--users 2000] [--runs 5] [--work DIR]
# Environment: POLICYSITE_BIN=/path/to/policysite skips `swift build -c release`.
set -euo pipefail
export LC_ALL=C
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH_DIR")
USERS=2000 RUNS=5 WORK=/dev/shm/policysite-bench-smtp
while (($#)); do
  case $1 in
    --users) USERS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
for tool in python3 /usr/bin/msmtp; do command -v "$tool" >/dev/null || { echo "needs $tool (scripts/setup)" >&2; exit 1; }; done
source "$BENCH_DIR/common.sh"
resolve_policysite_bin
rm -rf "$WORK" && mkdir -p "$WORK"
export POLICYSITE_TOKEN_KEY=benchmark-key-benchmark-key-benchmark-key

SITE=$WORK/site
make_notice_site "$SITE" "$USERS"
cp -r "$SITE/outbox" "$WORK/outbox.fresh"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 "$REPO/Tests/python/smtp_sink.py" --port "$PORT" >"$WORK/sink.log" 2>&1 &
SINK=$!
trap 'kill $SINK 2>/dev/null || true' EXIT
mkdir -p "$WORK/home"
printf 'account default\nhost 127.0.0.1\nport %s\nauth off\ntls off\ndomain localhost\nfrom privacy@example.com\n' "$PORT" >"$WORK/home/.msmtprc"
chmod 600 "$WORK/home/.msmtprc"
export HOME=$WORK/home
sleep 1

RESULTS=$WORK/results.tsv
: >"$RESULTS"
seconds() { python3 -c 'import time; print(time.monotonic())'; }
measure() {  # name command...
  local name=$1; shift
  rm -rf "$SITE/outbox" && cp -r "$WORK/outbox.fresh" "$SITE/outbox"
  local start end
  start=$(seconds)
  "$@" >/dev/null 2>"$WORK/last.err" || { cat "$WORK/last.err" >&2; exit 1; }
  end=$(seconds)
  local sent
  sent=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"select count(*) from delivery where state='sent'\").fetchone()[0])" "$SITE/outbox/ledger.sqlite")
  [[ $sent == "$USERS" ]] || { echo "$name: $sent of $USERS sent" >&2; exit 1; }
  python3 -c "w=$end-$start; print(f'$name\t{w:.3f}\t$USERS\t{$USERS/w:.1f}')" | tee -a "$RESULTS" | awk -F'\t' '{printf "  %-12s %7.2f s  %8.1f msg/s\n", $1, $2, $4}'
}
for ((round = 1; round <= RUNS; round++)); do
  echo "== round $round/$RUNS"
  measure "smtp -c1" "$POLICYSITE_BIN" notify --root "$SITE" --smtp "smtp://127.0.0.1:$PORT" --connections 1
  measure "msmtp -j1" "$POLICYSITE_BIN" notify --root "$SITE" --sendmail /usr/bin/msmtp --parallel 1
  measure "smtp -c4" "$POLICYSITE_BIN" notify --root "$SITE" --smtp "smtp://127.0.0.1:$PORT" --connections 4
  measure "msmtp -j4" "$POLICYSITE_BIN" notify --root "$SITE" --sendmail /usr/bin/msmtp --parallel 4
done

python3 - "$RESULTS" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    name, wall, messages, rate = line.rstrip("\n").split("\t")
    runs.setdefault(name, []).append((float(wall), int(messages), float(rate)))
print(f"\n{'contender':<12}{'runs':>5}{'median wall (s)':>17}{'messages':>10}{'median msg/s':>14}")
med = {}
for name, values in runs.items():
    med[name] = statistics.median(v[2] for v in values)
    print(f"{name:<12}{len(values):>5}{statistics.median(v[0] for v in values):>17.2f}{values[0][1]:>10}{med[name]:>14.1f}")
for n in ("1", "4"):
    print(f"--smtp --connections {n} against msmtp --parallel {n}: {med[f'smtp -c{n}'] / med[f'msmtp -j{n}']:.2f}x the messages per second")
PY
