#!/usr/bin/env bash
# Benchmark rebuilds (issue 17): what a build costs when little or nothing changed, against a full
# build of the same site, with the site (sources, cache, output) on tmpfs and on disk.
#
#   full        policysite build --no-cache: renders every page and writes every file, as every
#               build did before the cache (the cache is refreshed, so the next build is warm)
#   unchanged   policysite build, nothing changed since the last build
#   new-version policysite build after adding one version to one policy (the version is removed
#               and the lock put back after the round, unmeasured)
#   serve       the time from saving an edited version file to `policysite serve` answering the
#               edited page with the edit in it (bench/serve_reload.py), several edits per round
#
# Each round runs full, unchanged and new-version in that order, on tmpfs then on disk, for
# --runs rounds; GNU time measures wall, CPU (user + system) and peak RSS; the medians and the
# ratios to the full build go to the terminal. Then serve is measured on tmpfs and on disk.
# The corpus is bench/generate_corpus.py's (200 policies x 50 versions by default), generated
# once into --work and copied to /dev/shm and to --disk.
#
# Usage: bench/rebuild.sh [--policies 200] [--versions 50] [--runs 5] [--seed 1] [--work DIR]
#                         [--disk DIR] [--edits 10] [--skip-serve] [--only tmpfs|disk]
#
# Environment: POLICYSITE_BIN=/path/to/policysite skips `swift build -c release`.
set -euo pipefail
export LC_ALL=C

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH_DIR")
# shellcheck source=bench/common.sh
source "$BENCH_DIR/common.sh"

die() { echo "rebuild.sh: error: $*" >&2; exit 1; }

POLICIES=200 VERSIONS=50 RUNS=5 SEED=1 WORK="" DISK="" EDITS=10 SKIP_SERVE=0 ONLY=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --policies) POLICIES=$2; shift 2 ;;
    --versions) VERSIONS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --disk) DISK=$2; shift 2 ;;
    --edits) EDITS=$2; shift 2 ;;
    --skip-serve) SKIP_SERVE=1; shift ;;
    --only) ONLY=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see bench/rebuild.sh --help)" ;;
  esac
done
[[ -x /usr/bin/time ]] || die "GNU time is needed: apt-get install -y time"
WORK=${WORK:-/tmp/policysite-rebuild-${POLICIES}x${VERSIONS}-s${SEED}}
DISK=${DISK:-$WORK/disk}
AS_OF=2026-01-01

resolve_policysite_bin
echo "binary: $POLICYSITE_BIN"

if [[ ! -f $WORK/corpus/policysite.yml ]]; then
  rm -rf "$WORK/corpus"
  mkdir -p "$WORK"
  python3 "$BENCH_DIR/generate_corpus.py" --policies "$POLICIES" --versions "$VERSIONS" --seed "$SEED" --out "$WORK/corpus" >/dev/null
fi

LOCATIONS=()
[[ $ONLY != disk ]] && LOCATIONS+=("tmpfs:/dev/shm/policysite-rebuild-$$")
[[ $ONLY != tmpfs ]] && LOCATIONS+=("disk:$DISK/policysite-rebuild-$$")
cleanup() { for entry in "${LOCATIONS[@]}"; do rm -rf "${entry#*:}"; done; }
trap cleanup EXIT

# The policy that gets a new version, and the version file it gets (published before AS_OF).
first_policy() { find "$1/policies" -mindepth 1 -maxdepth 1 -type d | sort | head -1; }
new_version_file() {
  printf -- '---\nversion: "99.0"\neffective: 2025-12-01\npublished: 2025-11-01\nsummary: A new version for the benchmark.\n---\n'
  sed '1,/^---$/d' "$(ls "$1"/*.md | sort -V | tail -1)"
  printf '\n## Benchmark\n\nA section added by bench/rebuild.sh.\n'
}

declare -A SAMPLES
measure() {  # label site args...
  local label=$1 site=$2; shift 2
  local times; times=$(mktemp)
  /usr/bin/time -f '%e %U %S %M' -o "$times" "$POLICYSITE_BIN" build --root "$site" --as-of "$AS_OF" "$@" >/dev/null 2>"$site.err" \
    || die "$label failed: $(tail -3 "$site.err")"
  local figures; figures=$(grep -E '^[0-9.]+ [0-9.]+ [0-9.]+ [0-9]+$' "$times" | tail -1); rm -f "$times"
  read -r wall user system rss <<<"$figures"
  SAMPLES[$label]+="$wall $(echo "$user + $system" | bc) $rss;"
  printf '  %-22s %7.2f s wall %7.2f s CPU %6d MB\n' "$label" "$wall" "$(echo "$user + $system" | bc)" $((rss / 1024))
}

for entry in "${LOCATIONS[@]}"; do
  name=${entry%%:*} site=${entry#*:}/site
  mkdir -p "${entry#*:}"
  cp -a "$WORK/corpus" "$site"
  rm -rf "$site/.policysite" "$site/site" "$site/policysite.lock"
  "$POLICYSITE_BIN" build --root "$site" --as-of "$AS_OF" >/dev/null  # the lock, the cache, the site
  cp "$site/policysite.lock" "$site.lock-baseline"
done

for round in $(seq 1 "$RUNS"); do
  echo "round $round of $RUNS (load $(cut -d' ' -f1-3 /proc/loadavg))"
  for entry in "${LOCATIONS[@]}"; do
    name=${entry%%:*} site=${entry#*:}/site
    measure "$name full" "$site" --no-cache
    measure "$name unchanged" "$site"
    policy=$(first_policy "$site")
    new_version_file "$policy" >"$policy/99.0.md"
    measure "$name new-version" "$site"
    rm "$policy/99.0.md"
    cp "$site.lock-baseline" "$site/policysite.lock"
    "$POLICYSITE_BIN" build --root "$site" --as-of "$AS_OF" >/dev/null
  done
done

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
field() { tr ';' '\n' | sed '/^$/d' | cut -d' ' -f"$1"; }
echo
echo "medians of $RUNS rounds ($POLICIES policies x $VERSIONS versions, as of $AS_OF; load now $(cut -d' ' -f1-3 /proc/loadavg))"
for entry in "${LOCATIONS[@]}"; do
  name=${entry%%:*}
  full=$(field 1 <<<"${SAMPLES[$name full]}" | median)
  for kind in full unchanged new-version; do
    label="$name $kind"
    wall=$(field 1 <<<"${SAMPLES[$label]}" | median)
    cpu=$(field 2 <<<"${SAMPLES[$label]}" | median)
    rss=$(field 3 <<<"${SAMPLES[$label]}" | median)
    printf '  %-22s %7.2f s wall %7.2f s CPU %6d MB peak   %6.1f%% of the full build\n' \
      "$label" "$wall" "$cpu" "$(echo "$rss / 1024" | bc)" "$(echo "100 * $wall / $full" | bc -l)"
  done
done

if [[ $SKIP_SERVE == 0 ]]; then
  for entry in "${LOCATIONS[@]}"; do
    name=${entry%%:*} site=${entry#*:}/site
    # serve builds into a folder in TMPDIR: the same medium as the site.
    echo
    echo "serve, $name: from saving an edit to the page served with it, $EDITS edits"
    # Without the lock: an edited version that the lock recorded is an error (SPEC section 3), and
    # a writer previewing edits has not recorded them yet.
    mv "$site/policysite.lock" "$site.lock-aside"
    TMPDIR=${entry#*:} python3 "$BENCH_DIR/serve_reload.py" --binary "$POLICYSITE_BIN" --root "$site" \
      --as-of "$AS_OF" --edits "$EDITS"
    mv "$site.lock-aside" "$site/policysite.lock"
  done
fi
