#!/usr/bin/env bash
# Compare two policysite binaries, A and B (say, main before and after a change), building the
# same generated corpus: A and B run alternately for --runs rounds, each into a fresh output
# folder, each measured with GNU time. Prints the medians of A and B (wall, CPU, peak RSS), the
# ratio B/A of the wall medians, and checks that both wrote the same site (diff -r of the last
# round's outputs). With --warm, each binary has its own copy of the site, built once untimed,
# and each round is a rebuild with nothing changed (its cache and its previous site kept).
#
# Usage: bench/ab.sh A B [--policies 40] [--versions 50] [--runs 7] [--seed 1]
#                        [--as-of 2026-01-01] [--out DIR] [--work DIR] [--warm]
# The outputs go to tmpfs (/dev/shm) unless --out says otherwise (for example a folder on disk).
set -euo pipefail
export LC_ALL=C

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[[ $# -ge 2 ]] || { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 64; }
A=$(realpath "$1"); B=$(realpath "$2"); shift 2
POLICIES=40 VERSIONS=50 RUNS=7 SEED=1 AS_OF=2026-01-01 OUT_ROOT=/dev/shm WORK= WARM=
while [[ $# -gt 0 ]]; do
  case $1 in
    --policies) POLICIES=$2 ;; --versions) VERSIONS=$2 ;; --runs) RUNS=$2 ;; --seed) SEED=$2 ;;
    --as-of) AS_OF=$2 ;; --out) OUT_ROOT=$2 ;; --work) WORK=$2 ;;
    --warm) WARM=1; shift; continue ;;
    *) echo "ab.sh: error: unknown option $1" >&2; exit 64 ;;
  esac
  shift 2
done
KEEP_WORK=${WORK:+1}
WORK=${WORK:-$(mktemp -d /dev/shm/policysite-ab.XXXXXX)}
OUT=$(mktemp -d "$OUT_ROOT/policysite-ab-out.XXXXXX")
trap 'rm -rf "$OUT"; [[ -n $KEEP_WORK ]] || rm -rf "$WORK"' EXIT
SITE=$WORK/site-$POLICIES-$VERSIONS-$SEED
[[ -d $SITE ]] || python3 "$BENCH_DIR/generate_corpus.py" --policies "$POLICIES" --versions "$VERSIONS" \
  --seed "$SEED" --out "$SITE" >/dev/null

# run NAME BINARY ROUND: one build into a fresh folder (with --warm, a rebuild of NAME's own copy
# of the site), its times appended to $WORK/NAME.times
run() {
  local name=$1 binary=$2 round=$3 target=$OUT/$1 site=$SITE
  if [[ -n $WARM ]]; then site=$WORK/warm-$name; else rm -rf "$target" "$SITE/.policysite" "$SITE/policysite.lock"; fi
  /usr/bin/time -f '%e %U %S %M' -o "$WORK/$name.time" \
    "$binary" build --root "$site" --output "$target" --as-of "$AS_OF" >"$WORK/$name-$round.log" 2>&1
  cat "$WORK/$name.time" >>"$WORK/$name.times"
}
if [[ -n $WARM ]]; then
  for name in A B; do
    rm -rf "$WORK/warm-$name"; cp -a "$SITE" "$WORK/warm-$name"
    rm -rf "$WORK/warm-$name/.policysite" "$WORK/warm-$name/policysite.lock"
    binary=$A; [[ $name == B ]] && binary=$B
    "$binary" build --root "$WORK/warm-$name" --output "$OUT/$name" --as-of "$AS_OF" >"$WORK/$name-first.log" 2>&1 \
      || { echo "ab.sh: error: the first build of $name failed: $(tail -3 "$WORK/$name-first.log")" >&2; exit 1; }
  done
fi
rm -f "$WORK/A.times" "$WORK/B.times"
for round in $(seq 1 "$RUNS"); do
  if (( round % 2 )); then run A "$A" "$round"; run B "$B" "$round"; else run B "$B" "$round"; run A "$A" "$round"; fi
  echo "round $round: A $(tail -1 "$WORK/A.times" | cut -d' ' -f1) s, B $(tail -1 "$WORK/B.times" | cut -d' ' -f1) s"
done

median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
summary() {
  local f=$WORK/$1.times
  printf '%s: wall %.3f s, CPU %.3f s, peak RSS %.1f MB\n' "$1" \
    "$(cut -d' ' -f1 "$f" | median)" \
    "$(awk '{print $2 + $3}' "$f" | median)" \
    "$(cut -d' ' -f4 "$f" | median | awk '{print $1 / 1024}')"
}
echo "corpus: $POLICIES policies x $VERSIONS versions, as of $AS_OF, $RUNS rounds${WARM:+ of rebuilds with nothing changed}, outputs in $OUT_ROOT"
summary A
summary B
awk -v a="$(cut -d' ' -f1 "$WORK/A.times" | median)" -v b="$(cut -d' ' -f1 "$WORK/B.times" | median)" \
  'BEGIN { printf "B/A wall: %.3f\n", b / a }'
if diff -r -x .policysite-output "$OUT/A" "$OUT/B" >/dev/null; then echo "same site: yes"; else echo "same site: NO"; exit 1; fi
