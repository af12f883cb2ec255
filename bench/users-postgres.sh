#!/usr/bin/env bash
# Benchmark the users read from PostgreSQL (users: postgres://..., users_query) against the CSV
# path on the same data: the same build of a one-policy site whose version 2 is new, once with
# users.csv and once with the same rows in a table of a private PostgreSQL cluster
# (scripts/postgres, on loopback, in the work folder), read through policysite's server-side
# cursor in batches of 1,000.
#
#   csv       policysite build, users: users.csv
#   postgres  policysite build, users: postgres://..., users_query: SELECT ... ORDER BY n
#
# They run alternately for --runs rounds, each measured with GNU time (wall, CPU, peak RSS of
# policysite; the server's own work is not in policysite's CPU or RSS, and is in the wall time).
# The script prints medians, the ratio of the wall times, checks that both wrote byte-identical
# recipients.csv and skipped.csv (but for skipped.csv's line numbers, a file line against a row
# number), and whether each peak RSS is under the 100 MB limit. Files go to tmpfs (/dev/shm)
# unless --work says otherwise; the cluster's data folder too.
#
# Usage: bench/users-postgres.sh [--users 1000000] [--runs 5] [--seed 1] [--work DIR]
# Environment: POLICYSITE_BIN=/path/to/policysite skips `swift build -c release`.
set -euo pipefail
export LC_ALL=C
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH_DIR")
USERS=1000000 RUNS=5 SEED=1 WORK=/dev/shm/policysite-bench-users-postgres
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
for tool in python3 psql /usr/bin/time bc; do
  command -v "$tool" >/dev/null || { echo "needs $tool (scripts/setup; apt-get install -y time bc)" >&2; exit 1; }
done
source "$BENCH_DIR/common.sh"
resolve_policysite_bin

mkdir -p "$WORK"
if [[ ! -f $WORK/users-$USERS-$SEED.csv ]]; then
  echo "== generating $USERS users"
  python3 "$BENCH_DIR/generate_users.py" --users "$USERS" --seed "$SEED" --out "$WORK/users-$USERS-$SEED.csv"
fi

# The cluster, stopped however the script ends.
CLUSTER=$WORK/cluster
trap '"$REPO/scripts/postgres" stop "$CLUSTER" || true' EXIT
URL=$("$REPO/scripts/postgres" start "$CLUSTER")
echo "== loading the users into PostgreSQL ($URL)"
psql "$URL" -q -v ON_ERROR_STOP=1 <<SQL
DROP TABLE IF EXISTS app_users;
CREATE TABLE app_users (n bigserial PRIMARY KEY, id text, email text, name text, locale text, policies text, notify text, status text, phone text, address text);
\copy app_users (id, email, name, locale, policies, notify, status, phone, address) FROM '$WORK/users-$USERS-$SEED.csv' WITH (FORMAT csv, HEADER true)
VACUUM ANALYZE app_users;
SQL

make_site() {  # folder users-setting [users_query]
  local site=$1
  rm -rf "$site" && mkdir -p "$site/policies/privacy"
  {
    printf 'title: Benchmark\nbase_url: https://policies.example.com/\nusers: %s\n' "$2"
    [[ -n ${3:-} ]] && printf 'users_query: "%s"\n' "$3"
    printf 'email:\n  unsubscribe_url: https://app.example.com/unsubscribe?t={token}\n'
  } >"$site/policysite.yml"
  printf -- '---\nversion: "1"\neffective: 2024-01-01\n---\n# Privacy\n\n## Data\n\nWe keep little.\n' >"$site/policies/privacy/1.md"
  printf -- '---\nversion: "2"\neffective: 2024-06-01\npublished: 2024-04-01\n---\n# Privacy\n\n## Data\n\nWe keep very little.\n' >"$site/policies/privacy/2.md"
  "$POLICYSITE_BIN" build --root "$site" --as-of 2024-02-01 >/dev/null   # the baseline: version 1
  cp "$site/policysite.lock" "$site/baseline.lock"
}
export POLICYSITE_TOKEN_KEY=benchmark-key-benchmark-key-benchmark-key
make_site "$WORK/csv" users.csv
cp "$WORK/users-$USERS-$SEED.csv" "$WORK/csv/users.csv"
make_site "$WORK/postgres" "$URL" "SELECT id, email, name, locale, policies, notify, status FROM app_users ORDER BY n"

RESULTS=$WORK/results.tsv
: >"$RESULTS"
measure() {  # name site
  local name=$1 site=$2
  cp "$site/baseline.lock" "$site/policysite.lock"
  rm -rf "$site/outbox"
  /usr/bin/time -f '%e %U %S %M' -o "$WORK/time.txt" "$POLICYSITE_BIN" build --root "$site" --as-of 2024-04-02 >/dev/null 2>"$WORK/$name.log" \
    || { cat "$WORK/$name.log" >&2; exit 1; }
  read -r wall user sys rss <"$WORK/time.txt"
  printf '%s\t%s\t%s\t%s\n' "$name" "$wall" "$(echo "$user + $sys" | bc)" "$rss" >>"$RESULTS"
  printf '  %-10s %6.2f s wall, %6.2f s CPU, %7.1f MB\n' "$name" "$wall" "$(echo "$user + $sys" | bc)" "$(echo "$rss / 1024" | bc -l)"
}
for ((round = 1; round <= RUNS; round++)); do
  echo "== round $round/$RUNS"
  measure csv "$WORK/csv"
  measure postgres "$WORK/postgres"
done

echo
cmp -s "$WORK/csv/outbox/privacy/2/recipients.csv" "$WORK/postgres/outbox/privacy/2/recipients.csv" \
  && echo "recipients.csv: identical ($(($(wc -l <"$WORK/csv/outbox/privacy/2/recipients.csv") - 1)) recipients)" \
  || echo "WARNING: recipients.csv differs between the two" >&2
# A CSV row's line is its row number plus one (the header), as no generated field breaks a line.
if diff -q <(awk -F, 'NR > 1 { $1 = $1 - 1 } 1' OFS=, "$WORK/csv/outbox/privacy/2/skipped.csv") "$WORK/postgres/outbox/privacy/2/skipped.csv" >/dev/null; then
  echo "skipped.csv: identical but for line against row number ($(($(wc -l <"$WORK/csv/outbox/privacy/2/skipped.csv") - 1)) skipped)"
else
  echo "WARNING: skipped.csv differs between the two" >&2
fi
python3 - "$RESULTS" "$USERS" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    name, wall, cpu, rss = line.split("\t")
    runs.setdefault(name, []).append((float(wall), float(cpu), int(rss) / 1024))
med = {n: [statistics.median(c) for c in zip(*v)] for n, v in runs.items()}
print(f"users: {int(sys.argv[2]):,}")
print(f"{'contender':<11}{'runs':>5}{'median wall (s)':>17}{'median CPU (s)':>16}{'median peak RSS (MB)':>22}{'max peak RSS (MB)':>19}")
for n, (w, c, m) in med.items():
    print(f"{n:<11}{len(runs[n]):>5}{w:>17.2f}{c:>16.2f}{m:>22.1f}{max(r[2] for r in runs[n]):>19.1f}")
print(f"\npostgres / csv (wall): {med['postgres'][0] / med['csv'][0]:.2f}x")
for n in runs:
    peak = max(r[2] for r in runs[n])
    print(f"{n}: peak RSS {peak:.1f} MB, {'within' if peak <= 100 else 'OVER'} the 100 MB limit")
PY
