#!/usr/bin/env bash
# Benchmark the notification list of a new version against the sqlite3 command-line tool.
#
#   policysite  policysite build of a one-policy site whose version 2 is new: it renders the
#               small site, reads users.csv once, and writes recipients.csv, skipped.csv and
#               notice.json (with a signed unsubscribe link per recipient)
#   sqlite3     sqlite3 :memory: importing the same CSV and selecting the same recipients (the
#               first row of each address, lower-cased; active; notify all or material; following
#               the policy) into a CSV file
#   sqlite3-plain
#               the same import, then a plain filter with no grouping (issue 17's reference): the
#               same conditions on each row, without telling each address once, so it selects
#               the duplicate rows too and does less than policysite must
#
# They run alternately for --runs rounds, each measured with GNU time (wall, CPU, peak RSS);
# the script prints medians, the ratio of the wall times, and checks that both chose the same
# number of recipients. Files go to tmpfs (/dev/shm) unless --work says otherwise.
#
# Usage: bench/users.sh [--users 1000000] [--runs 5] [--seed 1] [--work DIR]
# Environment: POLICYSITE_BIN=/path/to/policysite skips `swift build -c release`.
set -euo pipefail
export LC_ALL=C
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH_DIR")
USERS=1000000 RUNS=5 SEED=1 WORK=/dev/shm/policysite-bench-users
while (($#)); do
  case $1 in
    --users) USERS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
for tool in python3 sqlite3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install -y sqlite3 time)" >&2; exit 1; }
done
source "$BENCH_DIR/common.sh"
resolve_policysite_bin

SITE=$WORK/site
mkdir -p "$WORK"
if [[ ! -f $WORK/users-$USERS-$SEED.csv ]]; then
  echo "== generating $USERS users"
  python3 "$BENCH_DIR/generate_users.py" --users "$USERS" --seed "$SEED" --out "$WORK/users-$USERS-$SEED.csv"
fi
rm -rf "$SITE" && mkdir -p "$SITE/policies/privacy"
cp "$WORK/users-$USERS-$SEED.csv" "$SITE/users.csv"
cat >"$SITE/policysite.yml" <<'YAML'
title: Benchmark
base_url: https://policies.example.com/
users: users.csv
email:
  unsubscribe_url: https://app.example.com/unsubscribe?t={token}
YAML
printf -- '---\nversion: "1"\neffective: 2024-01-01\n---\n# Privacy\n\n## Data\n\nWe keep little.\n' >"$SITE/policies/privacy/1.md"
printf -- '---\nversion: "2"\neffective: 2024-06-01\npublished: 2024-04-01\n---\n# Privacy\n\n## Data\n\nWe keep very little.\n' >"$SITE/policies/privacy/2.md"
export POLICYSITE_TOKEN_KEY=benchmark-key-benchmark-key-benchmark-key
"$POLICYSITE_BIN" build --root "$SITE" --as-of 2024-02-01 >/dev/null   # the baseline: version 1
cp "$SITE/policysite.lock" "$WORK/baseline.lock"

SQL=$WORK/select.sql
cat >"$SQL" <<SQL
.mode csv
.import $SITE/users.csv users
.once $WORK/sqlite-recipients.csv
WITH keyed AS (
  SELECT rowid AS r, email, name, locale, policies, notify, status, lower(trim(email)) AS k FROM users
), valid AS (
  SELECT * FROM keyed WHERE k GLOB '?*@?*.?*' AND k NOT GLOB '*[ ,<>()"]*' AND k NOT GLOB '*@*@*'
), firsts AS (
  SELECT k, min(r) AS r FROM valid GROUP BY k
)
SELECT v.email, v.name, v.locale FROM valid v JOIN firsts f ON f.r = v.r
WHERE coalesce(nullif(lower(trim(v.status)), ''), 'active') = 'active'
  AND coalesce(nullif(lower(trim(v.notify)), ''), 'material') IN ('all', 'material')
  AND (trim(v.policies) = '' OR ';' || replace(lower(v.policies), ' ', '') || ';' LIKE '%;privacy;%');
SQL

PLAIN_SQL=$WORK/select-plain.sql
cat >"$PLAIN_SQL" <<SQL
.mode csv
.import $SITE/users.csv users
.once $WORK/sqlite-plain-recipients.csv
SELECT email, name, locale FROM users
WHERE lower(trim(email)) GLOB '?*@?*.?*' AND lower(trim(email)) NOT GLOB '*[ ,<>()"]*' AND lower(trim(email)) NOT GLOB '*@*@*'
  AND coalesce(nullif(lower(trim(status)), ''), 'active') = 'active'
  AND coalesce(nullif(lower(trim(notify)), ''), 'material') IN ('all', 'material')
  AND (trim(policies) = '' OR ';' || replace(lower(policies), ' ', '') || ';' LIKE '%;privacy;%');
SQL

RESULTS=$WORK/results.tsv
: >"$RESULTS"
measure() {
  local name=$1; shift
  /usr/bin/time -f '%e %U %S %M' -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/$name.log" || { cat "$WORK/$name.log" >&2; exit 1; }
  read -r wall user sys rss <"$WORK/time.txt"
  printf '%s\t%s\t%s\t%s\n' "$name" "$wall" "$(echo "$user + $sys" | bc)" "$rss" >>"$RESULTS"
  printf '  %-10s %6.2f s wall, %6.2f s CPU, %7.1f MB\n' "$name" "$wall" "$(echo "$user + $sys" | bc)" "$(echo "$rss / 1024" | bc -l)"
}
for ((round = 1; round <= RUNS; round++)); do
  echo "== round $round/$RUNS"
  cp "$WORK/baseline.lock" "$SITE/policysite.lock"
  rm -rf "$SITE/outbox"
  measure policysite "$POLICYSITE_BIN" build --root "$SITE" --as-of 2024-04-02
  measure sqlite3 sqlite3 :memory: ".read $SQL"
  measure sqlite3-plain sqlite3 :memory: ".read $PLAIN_SQL"
done

ours=$(($(wc -l <"$SITE/outbox/privacy/2/recipients.csv") - 1))
theirs=$(wc -l <"$WORK/sqlite-recipients.csv")
plain=$(wc -l <"$WORK/sqlite-plain-recipients.csv")
echo
echo "users: $USERS ($(du -h "$SITE/users.csv" | cut -f1)); recipients: policysite $ours, sqlite3 $theirs, sqlite3-plain $plain (duplicates kept)"
[[ $ours == "$theirs" ]] || echo "WARNING: the two chose different numbers of recipients" >&2
python3 - "$RESULTS" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    name, wall, cpu, rss = line.split("\t")
    runs.setdefault(name, []).append((float(wall), float(cpu), int(rss) / 1024))
med = {n: [statistics.median(c) for c in zip(*v)] for n, v in runs.items()}
print(f"{'contender':<15}{'runs':>5}{'median wall (s)':>17}{'median CPU (s)':>16}{'median peak RSS (MB)':>22}")
for n, (w, c, m) in med.items():
    print(f"{n:<15}{len(runs[n]):>5}{w:>17.2f}{c:>16.2f}{m:>22.1f}")
print(f"\npolicysite / sqlite3 (wall): {med['policysite'][0] / med['sqlite3'][0]:.2f}x")
print(f"policysite / sqlite3-plain (wall, the plain filter with no grouping): {med['policysite'][0] / med['sqlite3-plain'][0]:.2f}x")
PY
