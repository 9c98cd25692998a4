#!/usr/bin/env bash
# bench-evtx.sh: records/s of riskhound's EVTX decoder against libevtx's
# `evtxexport -f xml` (Debian package libevtx-utils) over the same files, in
# the same run. Both write XML to /dev/null. Reports wall-clock rate and
# CPU-time rate (records per second of user+sys time), which stays meaningful
# on a busy machine.
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
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin=$tmp/evtxdump
go build -o "$bin" ./internal/readers/evtx/evtxdump
records=$("$bin" -count "${files[@]}" 2>/dev/null | awk '{print $1}')
printf '%s\0' "${files[@]}" >"$tmp/files"

measure() { # label command...: best wall and best CPU time over ROUNDS runs
	local label=$1; shift
	local bw="" bc=""
	for _ in $(seq "$ROUNDS"); do
		/usr/bin/time -f '%e %U %S' -o "$tmp/t" "$@" >/dev/null 2>&1 || true
		read -r w u s <"$tmp/t"
		c=$(echo "$u + $s" | bc -l)
		if [ -z "$bw" ] || [ "$(echo "$w < $bw" | bc -l)" = 1 ]; then bw=$w; fi
		if [ -z "$bc" ] || [ "$(echo "$c < $bc" | bc -l)" = 1 ]; then bc=$c; fi
	done
	printf '%-32s %7.2fs wall %9.0f rec/s | %7.2fs cpu %9.0f rec/cpu-s\n' "$label" "$bw" \
		"$(echo "$records / ($bw + 0.0001)" | bc -l)" "$bc" "$(echo "$records / ($bc + 0.0001)" | bc -l)"
}

echo "${#files[@]} files, $records records, $(nproc) cores, best of $ROUNDS, load: $(cut -d' ' -f1-3 /proc/loadavg)"
measure "riskhound evtx, 1 worker" "$bin" -workers 1 "${files[@]}"
measure "riskhound evtx, all cores" "$bin" "${files[@]}"
if command -v evtxexport >/dev/null; then
	measure "libevtx evtxexport -f xml" sh -c 'xargs -0 -n1 evtxexport -f xml <"$1"' sh "$tmp/files"
else
	echo "evtxexport not installed (apt-get install libevtx-utils)"
fi
