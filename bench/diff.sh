#!/usr/bin/env bash
# Times the diff of the largest pair of consecutive versions in a generated corpus (2,000-6,000
# words a version): bench/diff.sh [runs]. The issue's bound: well under 10 ms for 6,000 words.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-500}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/generate_corpus.py --policies 20 --versions 3 --out "$work/site" >/dev/null
# The policy whose first version is largest, and its next version.
first=$(ls -S "$work"/site/policies/*/v1.0.md | head -n 1)
second=$(ls "$(dirname "$first")"/*.md | sort -V | sed -n 2p)
echo "pair: $(basename "$(dirname "$first")") $(basename "$first") -> $(basename "$second"), $(wc -w <"$first") and $(wc -w <"$second") words"
swift build -c release --product DiffBenchmark >/dev/null
"$(swift build -c release --show-bin-path)/DiffBenchmark" "$first" "$second" "$runs"
