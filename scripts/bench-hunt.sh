#!/usr/bin/env bash
# Whole-program benchmark: events/s of `riskhound hunt` with the built-in seed
# detections over a large XmlWinEventLog file (the examples repeated to N
# events), next to `grep -c` over the same file, measured in the same run so
# the ratio is meaningful on a shared, noisy machine.
#
#   scripts/bench-hunt.sh [EVENTS]     (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/riskhound" ./cmd/riskhound
src=examples/powershell-operational.log
per=$(grep -c '<Event' "$src")
big="$work/big.log"
# Repeat by doubling to keep generation fast for large N.
cp "$src" "$big"
have=$per
while [ "$have" -lt "$n" ]; do cat "$big" "$big" > "$big.2"; mv "$big.2" "$big"; have=$((have * 2)); done
events=$(grep -c '<Event' "$big")
size=$(stat -c %s "$big")
echo "input: $events events, $((size / 1000000)) MB"

t() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
rh=$(t "$work/riskhound" hunt --format jsonl -q "$big")
gr=$(t grep -c '<Event' "$big")
printf 'riskhound hunt: %.2fs  %.0f events/s  %.0f MB/s\n' "$rh" "$(echo "$events / $rh" | bc -l)" "$(echo "$size / 1000000 / $rh" | bc -l)"
printf 'grep -c:        %.2fs  %.0f events/s  %.0f MB/s\n' "$gr" "$(echo "$events / $gr" | bc -l)" "$(echo "$size / 1000000 / $gr" | bc -l)"
printf 'ratio riskhound/grep time: %.1fx\n' "$(echo "$rh / $gr" | bc -l)"
