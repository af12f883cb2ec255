#!/usr/bin/env bash
# Benchmark the cost of the email strings (issue 15): notify --preview of one notice to N users
# with the default theme, whose email templates take their words from the language's strings
# (each a small template rendered per message), against the same templates with the English words
# written inline, as they were before (bench/email-inline/, used as a site theme over the
# built-in one). The two runs alternate for --runs rounds; the script prints medians. Files go to
# tmpfs.
#
# Usage: bench/email_strings.sh [--users 20000] [--runs 5] [--work DIR]
# Environment: POLICYSITE_BIN=/path/to/policysite skips `swift build -c release`.
set -euo pipefail
export LC_ALL=C
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH_DIR")
USERS=20000 RUNS=5 WORK=/dev/shm/policysite-bench-email-strings
while (($#)); do
  case $1 in
    --users) USERS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
source "$BENCH_DIR/common.sh"
resolve_policysite_bin
rm -rf "$WORK" && mkdir -p "$WORK"
export POLICYSITE_TOKEN_KEY=benchmark-key-benchmark-key-benchmark-key
make_notice_site "$WORK/site" "$USERS"
mkdir -p "$WORK/site/themes/inline" && cp -r "$BENCH_DIR/email-inline/templates" "$WORK/site/themes/inline/"

declare -A times
run() {  # name theme
  sed -i '/^theme:/d' "$WORK/site/policysite.yml" && echo "theme: $2" >>"$WORK/site/policysite.yml"
  rm -rf "$WORK/preview"
  local start end
  start=$(date +%s.%N)
  "$POLICYSITE_BIN" notify --root "$WORK/site" --preview "$WORK/preview" >/dev/null
  end=$(date +%s.%N)
  times[$1]+="$(echo "$end - $start" | bc) "
}
for ((round = 0; round < RUNS; round++)); do
  run strings default
  run inline inline
done
median() { tr ' ' '\n' | sed '/^$/d' | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
s=$(echo "${times[strings]}" | median) i=$(echo "${times[inline]}" | median)
printf '%s users, %s rounds (median seconds of notify --preview)\n' "$USERS" "$RUNS"
printf 'strings  %8.2f s  %8.0f messages/s\n' "$s" "$(echo "$USERS / $s" | bc -l)"
printf 'inline   %8.2f s  %8.0f messages/s\n' "$i" "$(echo "$USERS / $i" | bc -l)"
printf 'ratio strings/inline %.2f\n' "$(echo "$s / $i" | bc -l)"
rm -rf "$WORK"
