#!/usr/bin/env bash
# bench-evtx.sh: records/s of riskhound's EVTX decoder against libevtx's
# `evtxexport -f xml` (Debian package libevtx-utils) over the same files, in
# the same run. Output of both goes to /dev/null.
#
#   scripts/bench-evtx.sh [FILE.evtx ...]   (default: every corpus .evtx)
#   ROUNDS=3 scripts/bench-evtx.sh          (repeat each measurement, keep the best)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
if [ $# -eq 0 ]; then
	mapfile -d '' files < <(find ../shared/corpus/evtx ../shared/corpus/sigma/regression_data -name '*.evtx' -print0 2>/dev/null | sort -z)
else
	files=("$@")
fi
[ ${#files[@]} -gt 0 ] || { echo "no .evtx files" >&2; exit 1; }
bin=$(mktemp -d)/evtxdump
trap 'rm -rf "$(dirname "$bin")"' EXIT
go build -o "$bin" ./internal/readers/evtx/evtxdump
records=$("$bin" -count "${files[@]}" 2>/dev/null | awk '{print $1}')

best() { # best wall time in seconds of "$@" over ROUNDS runs
	local b=""
	for _ in $(seq "$ROUNDS"); do
		local s e t
		s=$(date +%s.%N)
		"$@" >/dev/null 2>&1 || true
		e=$(date +%s.%N)
		t=$(echo "$e - $s" | bc -l)
		if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
	done
	echo "$b"
}
rate() { echo "$records / $1" | bc -l | xargs printf '%.0f'; }

echo "${#files[@]} files, $records records, $(nproc) cores, best of $ROUNDS"
t=$(best "$bin" -workers 1 "${files[@]}")
printf '%-34s %8.3fs %10s records/s\n' "riskhound evtx (1 worker, XML)" "$t" "$(rate "$t")"
t=$(best "$bin" "${files[@]}")
printf '%-34s %8.3fs %10s records/s\n' "riskhound evtx (all cores, XML)" "$t" "$(rate "$t")"
if command -v evtxexport >/dev/null; then
	run_evtxexport() { for f in "${files[@]}"; do evtxexport -f xml "$f"; done; }
	t=$(best run_evtxexport)
	printf '%-34s %8.3fs %10s records/s\n' "libevtx evtxexport -f xml" "$t" "$(rate "$t")"
else
	echo "evtxexport not installed (apt-get install libevtx-utils)"
fi
