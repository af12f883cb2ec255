#!/usr/bin/env bash
# Benchmark policysite notify: throughput in messages per second, and its overhead against a
# shell loop that hands the same prebuilt messages to the same sendmail program.
#
#   msmtp     policysite notify --sendmail /usr/bin/msmtp to a real SMTP server on loopback
#             (Tests/python/smtp_sink.py, aiosmtpd), --parallel 1 and --parallel 8
#   maildir   policysite notify --maildir DIR
#   overhead  policysite notify --parallel 1 against `while read; do SENDMAIL -i -f FROM -- RCPT
#             < FILE; done` over the very messages policysite wrote into the Maildir, for two
#             sendmail programs: msmtp to the loopback server, and `cat >/dev/null` (a program
#             that costs next to nothing, so that policysite's own cost shows)
#
# Each pair runs alternately for --runs rounds; the script prints medians. Files go to tmpfs.
#
# Usage: bench/notify.sh [--users 500] [--maildir-users 20000] [--runs 3] [--work DIR]
# Environment: POLICYSITE_BIN=/path/to/policysite skips `swift build -c release`.
set -euo pipefail
export LC_ALL=C
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH_DIR")
USERS=500 MAILDIR_USERS=20000 RUNS=3 WORK=/dev/shm/policysite-bench-notify
while (($#)); do
  case $1 in
    --users) USERS=$2; shift 2 ;;
    --maildir-users) MAILDIR_USERS=$2; shift 2 ;;
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


start_smtp_sink "$WORK"
printf '#!/bin/sh\nexec cat >/dev/null\n' >"$WORK/null-sendmail" && chmod +x "$WORK/null-sendmail"

SITE=$WORK/site
make_notice_site "$SITE" "$USERS"
cp -r "$SITE/outbox" "$WORK/outbox.fresh"
MAILSITE=$WORK/mailsite
make_notice_site "$MAILSITE" "$MAILDIR_USERS"
cp -r "$MAILSITE/outbox" "$WORK/mailoutbox.fresh"

# The prebuilt messages for the shell loop: what policysite writes into a Maildir, with recipients.
"$POLICYSITE_BIN" notify --root "$SITE" --maildir "$WORK/prebuilt" >/dev/null
python3 - "$WORK/prebuilt/new" >"$WORK/prebuilt.list" <<'PY'
import email, email.policy, pathlib, sys
for path in sorted(pathlib.Path(sys.argv[1]).iterdir()):
    to = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)["To"].addresses[0].addr_spec
    print(f"{path}\t{to}")
PY
LOOP='while IFS=$'"'"'\t'"'"' read -r file rcpt; do "$1" -i -f privacy@example.com -- "$rcpt" <"$file" || exit 1; done <"$2"'

RESULTS=$WORK/results.tsv
: >"$RESULTS"
seconds() { python3 -c 'import time; print(time.monotonic())'; }
measure() {  # name messages command...
  local name=$1 messages=$2; shift 2
  local start end
  start=$(seconds)
  "$@" >/dev/null 2>"$WORK/last.err" || { cat "$WORK/last.err" >&2; exit 1; }
  end=$(seconds)
  python3 -c "import sys; w=$end-$start; print(f'$name\t{w:.3f}\t$messages\t{$messages/w:.1f}')" | tee -a "$RESULTS" | awk -F'\t' '{printf "  %-26s %7.2f s  %8.1f msg/s\n", $1, $2, $4}'
}
fresh() { rm -rf "$SITE/outbox" && cp -r "$WORK/outbox.fresh" "$SITE/outbox"; }
for ((round = 1; round <= RUNS; round++)); do
  echo "== round $round/$RUNS"
  fresh; measure "policysite msmtp -j1" "$USERS" "$POLICYSITE_BIN" notify --root "$SITE" --sendmail /usr/bin/msmtp --parallel 1
  measure "loop msmtp" "$USERS" bash -c "$LOOP" loop /usr/bin/msmtp "$WORK/prebuilt.list"
  fresh; measure "policysite msmtp -j8" "$USERS" "$POLICYSITE_BIN" notify --root "$SITE" --sendmail /usr/bin/msmtp --parallel 8
  fresh; measure "policysite null -j1" "$USERS" "$POLICYSITE_BIN" notify --root "$SITE" --sendmail "$WORK/null-sendmail" --parallel 1
  measure "loop null" "$USERS" bash -c "$LOOP" loop "$WORK/null-sendmail" "$WORK/prebuilt.list"
  rm -rf "$MAILSITE/outbox" "$WORK/maildir" && cp -r "$WORK/mailoutbox.fresh" "$MAILSITE/outbox"
  measure "policysite maildir -j4" "$MAILDIR_USERS" "$POLICYSITE_BIN" notify --root "$MAILSITE" --maildir "$WORK/maildir"
done

python3 - "$RESULTS" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    name, wall, messages, rate = line.rstrip("\n").split("\t")
    runs.setdefault(name, []).append((float(wall), int(messages), float(rate)))
print(f"\n{'contender':<26}{'runs':>5}{'median wall (s)':>17}{'messages':>10}{'median msg/s':>14}")
med = {}
for name, values in runs.items():
    wall = statistics.median(v[0] for v in values)
    med[name] = wall
    print(f"{name:<26}{len(values):>5}{wall:>17.2f}{values[0][1]:>10}{statistics.median(v[2] for v in values):>14.1f}")
for program in ("msmtp", "null"):
    ours, loop = med[f"policysite {program} -j1"], med[f"loop {program}"]
    print(f"overhead against the shell loop, {program}: {100 * (ours / loop - 1):+.1f}%")
PY
