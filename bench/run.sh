#!/usr/bin/env bash
# Benchmark `policysite build` against three reference points on the same synthetic corpus:
#
#   policysite  policysite build --root SITE --output OUT --as-of 2026-01-01
#   floor       the floor: bench/floor/cmark_floor.c, built here with cc against the system's
#               libcmark-gfm, renders every version file's body with a fresh parser (policysite's
#               options and extensions) in one process on one thread, and writes nothing
#   cmark-gfm   the command line: one cmark-gfm process per policy renders all of that policy's
#               version files (Markdown only: no templates, no history pages, no diffs, no feeds),
#               run one policy after another from a single shell loop measured as one command
#   hugo        a general-purpose static site generator building the same versions as pages
#
# The contenders run alternately (policysite, floor, cmark-gfm, hugo, policysite, ...) for --runs rounds,
# each into a fresh output folder that is deleted afterwards, each measured with GNU time
# (wall, user and system CPU, peak RSS). Medians go to the terminal and to bench/results-latest.md.
#
# Outputs go to tmpfs (/dev/shm) by default. This machine's root file system is ext4 without a
# journal, whose inode allocator scans past recently deleted inodes: a round that deletes the
# 20,000 files and folders of the previous round's site makes the next round's creates several
# times slower, which hits policysite and Hugo (20,000 files) and not the cmark-gfm loop (200).
# --out DIR puts the outputs elsewhere, for example on disk, to see that effect.
#
# Usage: bench/run.sh [--policies 200] [--versions 50] [--runs 5] [--seed 1] [--work DIR]
#                     [--out DIR] [--only-generate] [--skip-hugo] [--fresh-lock] [--regenerate]
#                     [--cleanup] [--real]
#
# --real builds a corpus of real legal text instead (bench/generate_real_corpus.py: the licences in
# /usr/share/common-licenses and this repository's archived policies, with a table each, edited
# version by version); it has no Hugo project, so Hugo is skipped.
#
# Environment: POLICYSITE_BIN=/path/to/policysite skips `swift build` and uses that binary
#              (POLICYSITE_BIN=/bin/true measures only the other two contenders).
set -euo pipefail
export LC_ALL=C  # '.' as the decimal point everywhere (GNU time, printf, sort)

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH_DIR")

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
  cat <<'EOF'

Options:
  --policies N      policies in the corpus (default 200)
  --versions N      versions per policy (default 50)
  --runs N          measured rounds; each round runs every contender once (default 5)
  --seed N          corpus seed (default 1)
  --work DIR        work folder for the corpus, outputs and logs
                    (default /tmp/policysite-bench-<policies>x<versions>-s<seed>)
  --out DIR         where the contenders write their sites (default /dev/shm/policysite-bench-out
                    when /dev/shm exists, else WORK/out)
  --only-generate   write the corpus and stop
  --skip-hugo       neither generate the Hugo site nor run Hugo
  --fresh-lock      delete policysite.lock before every policysite run, so each run is a first
                    build that records the baseline; by default one unmeasured build writes the
                    lock first and the measured runs are rebuilds that check against it
  --regenerate      write the corpus even if the work folder holds one made with the same settings
  --cleanup         delete the work folder at the end
  --real            the corpus of real legal text (bench/generate_real_corpus.py); implies --skip-hugo
EOF
}

die() { echo "run.sh: error: $*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# Arguments
# ---------------------------------------------------------------------------------------------
POLICIES=200 VERSIONS=50 RUNS=5 SEED=1 WORK="" OUT_ROOT=""
ONLY_GENERATE=0 SKIP_HUGO=0 FRESH_LOCK=0 REGENERATE=0 CLEANUP=0 REAL=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --policies|--versions|--runs|--seed|--work|--out)
      [[ $# -ge 2 ]] || die "$1 needs a value"
      case "$1" in
        --policies) POLICIES=$2 ;; --versions) VERSIONS=$2 ;; --runs) RUNS=$2 ;;
        --seed) SEED=$2 ;; --work) WORK=$2 ;; --out) OUT_ROOT=$2 ;;
      esac
      shift 2 ;;
    --only-generate) ONLY_GENERATE=1; shift ;;
    --skip-hugo) SKIP_HUGO=1; shift ;;
    --fresh-lock) FRESH_LOCK=1; shift ;;
    --regenerate) REGENERATE=1; shift ;;
    --cleanup) CLEANUP=1; shift ;;
    --real) REAL=1; SKIP_HUGO=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument: $1 (see bench/run.sh --help)" ;;
  esac
done
for n in POLICIES VERSIONS RUNS SEED; do
  [[ ${!n} =~ ^[0-9]+$ ]] || die "--${n,,} must be a whole number, got '${!n}'"
done
(( POLICIES > 0 && VERSIONS > 0 && RUNS > 0 )) || die "--policies, --versions and --runs must be > 0"

CORPUS_KIND=""
(( REAL )) && CORPUS_KIND=real-
WORK=${WORK:-/tmp/policysite-bench-${CORPUS_KIND}${POLICIES}x${VERSIONS}-s${SEED}}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
SITE=$WORK/site          # policysite site root
HUGO=$WORK/hugo          # Hugo project with the same content
RESULTS=$WORK/results.tsv
LOGS=$WORK/logs
if [[ -z $OUT_ROOT ]]; then
  if [[ -d /dev/shm && -w /dev/shm ]]; then OUT_ROOT=/dev/shm/policysite-bench-out; else OUT_ROOT=$WORK/out; fi
fi
mkdir -p "$OUT_ROOT"
OUT_ROOT=$(cd "$OUT_ROOT" && pwd)
AS_OF=2026-01-01         # after every date of the generated corpus (the newest is in 2025): every
                         # version is published and recorded; a day after today would be a
                         # preview that records nothing

for tool in python3 cmark-gfm /usr/bin/time cc pkg-config; do
  command -v "$tool" >/dev/null || die "$tool is not installed"
done
(( SKIP_HUGO )) || command -v hugo >/dev/null || die "hugo is not installed (or pass --skip-hugo)"

# ---------------------------------------------------------------------------------------------
# policysite binary (built first, so that a failing build stops us before the long steps)
# ---------------------------------------------------------------------------------------------
POLICYSITE_LABEL=""
if (( ! ONLY_GENERATE )); then
  if [[ -n ${POLICYSITE_BIN:-} ]]; then
    POLICYSITE_BIN=$(command -v "$POLICYSITE_BIN") || die "POLICYSITE_BIN=$POLICYSITE_BIN is not executable"
    POLICYSITE_LABEL="POLICYSITE_BIN=$POLICYSITE_BIN"
  else
    command -v swift >/dev/null || die "swift not found; set POLICYSITE_BIN=/path/to/policysite"
    echo "== swift build -c release --product policysite"
    (cd "$REPO" && swift build -c release --product policysite) ||
      die "swift build failed; fix it, or set POLICYSITE_BIN=/path/to/policysite (/bin/true skips policysite)"
    POLICYSITE_BIN="$(cd "$REPO" && swift build -c release --show-bin-path)/policysite"
    [[ -x $POLICYSITE_BIN ]] || die "no binary at $POLICYSITE_BIN"
    POLICYSITE_LABEL="release build, $(swift --version 2>&1 | head -n 1)"
  fi
  if [[ $(basename "$POLICYSITE_BIN") == true ]]; then
    echo "note: POLICYSITE_BIN is $POLICYSITE_BIN: the policysite figures are a placeholder"
  fi
fi

# ---------------------------------------------------------------------------------------------
# Corpus: written once; reused when the work folder holds one made by this generator and settings
# ---------------------------------------------------------------------------------------------
GEN=$BENCH_DIR/generate_corpus.py
(( REAL )) && GEN=$BENCH_DIR/generate_real_corpus.py
STAMP="policies=$POLICIES versions=$VERSIONS seed=$SEED hugo=$((1 - SKIP_HUGO)) generator=$(sha256sum "$GEN" | cut -c1-16)"
if (( ! REGENERATE )) && [[ -f $WORK/corpus.stamp && $(cat "$WORK/corpus.stamp") == "$STAMP" ]]; then
  echo "== reusing corpus in $WORK ($(cat "$WORK/corpus.stats"))"
else
  echo "== generating corpus into $WORK"
  rm -rf "$SITE" "$HUGO" "$WORK/corpus.stamp" "$WORK/corpus.stats"
  gen_args=(--policies "$POLICIES" --versions "$VERSIONS" --seed "$SEED" --out "$SITE")
  (( SKIP_HUGO )) || gen_args+=(--hugo "$HUGO")
  python3 "$GEN" "${gen_args[@]}" | tee "$WORK/corpus.stats"
  echo "$STAMP" >"$WORK/corpus.stamp"
fi
if (( ONLY_GENERATE )); then
  echo "policysite site: $SITE"
  (( SKIP_HUGO )) || echo "hugo site:       $HUGO"
  exit 0
fi

# ---------------------------------------------------------------------------------------------
# Contenders
# ---------------------------------------------------------------------------------------------
# The floor, built against the same shared libraries that policysite links.
FLOOR_BIN=$WORK/cmark_floor
echo "== cc bench/floor/cmark_floor.c"
# shellcheck disable=SC2046  # pkg-config's flags are separate words
cc -O2 -o "$FLOOR_BIN" "$BENCH_DIR/floor/cmark_floor.c" $(pkg-config --cflags --libs libcmark-gfm) \
  -lcmark-gfm-extensions || die "cannot build bench/floor/cmark_floor.c (libcmark-gfm-dev and libcmark-gfm-extensions-dev installed?)"
FLOOR_LIST=$WORK/floor-files.txt
find "$SITE/policies" -name '*.md' -type f | sort >"$FLOOR_LIST"
# cmark-gfm 0.29.0.gfm.6 has no --footnotes option: footnotes are the `footnotes` extension.
CMARK_FLAGS="--extension table --extension strikethrough --extension autolink --extension tasklist --extension footnotes"
# $1 = site root, $2 = output folder. Parameter expansion instead of basename: no extra processes.
CMARK_LOOP='
set -euo pipefail
mkdir -p "$2"
for dir in "$1"/policies/*/; do
  dir=${dir%/}
  cmark-gfm '"$CMARK_FLAGS"' "$dir"/*.md >"$2/${dir##*/}.html"
done'

# measure NAME ROUND COMMAND...: run COMMAND (which writes to $OUT_ROOT/NAME) under GNU time,
# append "name round wall user sys maxrss_kb" to $RESULTS, then delete the output.
measure() {
  local name=$1 round=$2; shift 2
  local out=$OUT_ROOT/$name times=$WORK/time-$name.txt log=$LOGS/$name-$round.log
  rm -rf "$out" "$times"
  if ! /usr/bin/time -f '%e %U %S %M' -o "$times" "$@" </dev/null >"$log" 2>&1; then
    echo "run.sh: $name failed in round $round; last lines of $log:" >&2
    tail -n 20 "$log" >&2
    cat "$times" >&2 2>/dev/null || true
    exit 1
  fi
  # GNU time may put other lines first (e.g. "Command exited with non-zero status"); the figures
  # are the last line made of exactly four numbers.
  local figures
  figures=$(grep -E '^[0-9]+(\.[0-9]+)? [0-9]+(\.[0-9]+)? [0-9]+(\.[0-9]+)? [0-9]+$' "$times" | tail -n 1 || true)
  [[ -n $figures ]] || die "cannot parse GNU time output for $name: $(tr '\n' '|' <"$times")"
  local wall user sys rss
  read -r wall user sys rss <<<"$figures"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$round" "$wall" "$user" "$sys" "$rss" >>"$RESULTS"
  printf '   %-10s wall %7.2f s   cpu %7.2f s   peak RSS %8.1f MB\n' \
    "$name" "$wall" "$(awk "BEGIN{print $user + $sys}")" "$(awk "BEGIN{print $rss / 1024}")"
  rm -rf "$out" "$times"
}

# ---------------------------------------------------------------------------------------------
# Runs
# ---------------------------------------------------------------------------------------------
mkdir -p "$LOGS" "$OUT_ROOT"
: >"$RESULTS"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# Warm the page cache for every input file, so that round 1 is not the only one reading from disk.
inputs=("$SITE")
(( SKIP_HUGO )) || inputs+=("$HUGO")
find "${inputs[@]}" -type f -exec cat {} + >/dev/null

# policysite keeps its memory in SITE/policysite.lock. Start from none; unless --fresh-lock, one
# unmeasured build records the baseline, and the measured runs are rebuilds checked against it.
rm -rf "$SITE/policysite.lock" "$SITE/outbox"
if (( ! FRESH_LOCK )); then
  echo "== unmeasured policysite build to write policysite.lock"
  prime_log=$LOGS/policysite-prime.log
  if ! "$POLICYSITE_BIN" build --root "$SITE" --output "$OUT_ROOT/prime" --as-of "$AS_OF" \
       </dev/null >"$prime_log" 2>&1; then
    tail -n 20 "$prime_log" >&2
    die "policysite build failed (log: $prime_log)"
  fi
  rm -rf "$OUT_ROOT/prime"
fi

for ((round = 1; round <= RUNS; round++)); do
  echo "== round $round/$RUNS"
  if (( FRESH_LOCK )); then
    rm -rf "$SITE/policysite.lock" "$SITE/outbox"
  fi
  measure policysite "$round" \
    "$POLICYSITE_BIN" build --root "$SITE" --output "$OUT_ROOT/policysite" --as-of "$AS_OF"
  measure floor "$round" "$FLOOR_BIN" "$FLOOR_LIST"
  measure cmark-gfm "$round" \
    bash -c "$CMARK_LOOP" cmark-floor "$SITE" "$OUT_ROOT/cmark-gfm"
  if (( ! SKIP_HUGO )); then
    rm -rf "$WORK/hugo-cache"  # every Hugo run starts without a cache, like the others
    measure hugo "$round" \
      hugo --source "$HUGO" --destination "$OUT_ROOT/hugo" --quiet --gc=false --cacheDir "$WORK/hugo-cache"
  fi
done

# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------
first_line() { "$@" </dev/null 2>&1 | head -n 1 || true; }
export BENCH_NPROC=$(nproc)
export BENCH_CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || true)
export BENCH_MEM=$(awk '/MemTotal/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo)
export BENCH_KERNEL=$(uname -sr)
export BENCH_CORPUS=$(cat "$WORK/corpus.stats")
export BENCH_POLICYSITE="$POLICYSITE_LABEL; --version: $(first_line "$POLICYSITE_BIN" --version)"
export BENCH_CMARK=$(first_line cmark-gfm --version)
export BENCH_HUGO=$( ((SKIP_HUGO)) && echo skipped || first_line hugo version)
export BENCH_TIME=$(first_line /usr/bin/time --version)
export BENCH_DATE=$(date -u +%Y-%m-%dT%H:%M:%SZ)
export BENCH_LOAD="before: $LOAD_BEFORE; after: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
export BENCH_ARGS="policies=$POLICIES versions=$VERSIONS runs=$RUNS seed=$SEED out=$OUT_ROOT lock=$( ((FRESH_LOCK)) && echo fresh || echo kept)"
export BENCH_CMARK_FLAGS=$CMARK_FLAGS
export BENCH_PLACEHOLDER=$( [[ $(basename "$POLICYSITE_BIN") == true ]] && echo 1 || echo 0)

python3 - "$RESULTS" "$BENCH_DIR/results-latest.md" <<'PY'
import os, statistics, sys

results, md_path = sys.argv[1], sys.argv[2]
runs = {}
for line in open(results):
    name, _round, wall, user, sys_, rss = line.split("\t")
    runs.setdefault(name, []).append((float(wall), float(user) + float(sys_), int(rss) / 1024))

order = [n for n in ("policysite", "floor", "cmark-gfm", "hugo") if n in runs]
med = {n: [statistics.median(col) for col in zip(*runs[n])] for n in order}
e = os.environ

rows = [("contender", "runs", "median wall (s)", "median CPU user+sys (s)", "median peak RSS (MB)")]
for n in order:
    w, c, m = med[n]
    rows.append((n, str(len(runs[n])), f"{w:.2f}", f"{c:.2f}", f"{m:.1f}"))

ratios = []
for other in ("floor", "cmark-gfm", "hugo"):
    if other in med and med[other][0] > 0:
        ratio = f"{med['policysite'][0] / med[other][0]:.2f}x"
        if e["BENCH_PLACEHOLDER"] == "1":
            ratio += " (policysite was a placeholder binary: meaningless)"
        ratios.append((f"policysite / {other} (wall)", ratio))

info = [
    ("date", e["BENCH_DATE"]),
    ("settings", e["BENCH_ARGS"]),
    ("corpus", e["BENCH_CORPUS"]),
    ("machine", f"{e['BENCH_CPU']}, nproc {e['BENCH_NPROC']}, {e['BENCH_MEM']} RAM, {e['BENCH_KERNEL']}"),
    ("policysite", e["BENCH_POLICYSITE"]),
    ("floor", "bench/floor/cmark_floor.c: libcmark-gfm in one process, one thread, a fresh parser per version file, nothing written"),
    ("load", e["BENCH_LOAD"]),
    ("cmark-gfm", f"{e['BENCH_CMARK']}; one process per policy: cmark-gfm {e['BENCH_CMARK_FLAGS']} <policy>/*.md"),
    ("hugo", e["BENCH_HUGO"]),
    ("timer", e["BENCH_TIME"] + " (-f '%e %U %S %M'; for the cmark-gfm loop %M is the largest child)"),
]

# Terminal
widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
print()
for k, v in info:
    print(f"{k + ':':<12} {v}")
print()
for i, r in enumerate(rows):
    print("  ".join(c.ljust(widths[j]) if j == 0 else c.rjust(widths[j]) for j, c in enumerate(r)))
    if i == 0:
        print("  ".join("-" * w for w in widths))
print()
for k, v in ratios:
    print(f"{k}: {v}")

# Markdown
md = ["# policysite benchmark: latest results", "",
      "Written by `bench/run.sh`; medians over the measured runs.", ""]
md += [f"- **{k}**: {v}" for k, v in info] + [""]
md.append("| " + " | ".join(rows[0]) + " |")
md.append("|---|" + "---:|" * (len(rows[0]) - 1))
md += ["| " + " | ".join(r) + " |" for r in rows[1:]]
md.append("")
md += [f"- {k}: **{v}**" for k, v in ratios]
md.append("")
with open(md_path, "w") as f:
    f.write("\n".join(md))
print(f"\nwritten: {md_path}")
PY

if (( CLEANUP )); then
  rm -rf "$WORK"
  echo "removed $WORK"
else
  echo "corpus and logs kept in $WORK (delete it with: rm -rf $WORK)"
fi
