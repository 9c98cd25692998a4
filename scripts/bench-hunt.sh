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

# t CMD...: prints "wall cpu" seconds (cpu = user + sys, which a busy machine
# disturbs far less than wall time).
t() { /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" >"$work/out" 2>&1 || true; awk '{printf "%s %.3f\n", $1, $2 + $3}' "$work/time"; }
report() { # name wall cpu
  printf '%-16s wall %6.2fs  cpu %6.2fs  %9.0f events/s (cpu)  %7.0f MB/s (cpu)\n' "$1" "$2" "$3" \
    "$(echo "$events / $3" | bc -l)" "$(echo "$size / 1000000 / $3" | bc -l)"
}
read -r rw rc < <(t "$work/riskhound" hunt --format jsonl -q "$big")
read -r gw gc < <(t grep -c '<Event' "$big")
report "riskhound hunt" "$rw" "$rc"
report "grep -c" "$gw" "$gc"
printf 'ratio riskhound/grep: %.1fx cpu time, %.1fx wall time\n' "$(echo "$rc / $gc" | bc -l)" "$(echo "$rw / $gw" | bc -l)"
