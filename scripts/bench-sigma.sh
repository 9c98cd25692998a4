#!/usr/bin/env bash
# bench-sigma.sh: hunting speed with SigmaHQ's Windows rules against the
# Zircolite method (events flattened into in-memory SQLite, one SQL query per
# rule: ../shared/bench/sqlite_method.py with Zircolite's pySigma-converted
# rule set), over the same events, in the same run.
#
# riskhound reads the EVTX files itself and runs every compiled rule
# (--sigma rules/windows, ~2,400 rules). The peer gets the same events as
# {"Event":{"System":...,"EventData":...}} JSON lines (converted from
# `riskhound events`, not timed) and runs its ~2,170 queries. Reported: CPU
# seconds (user+sys, best of ROUNDS) of each whole process, and the
# nanoseconds per event x rule that follow from them.
#
#   scripts/bench-sigma.sh [EVTX-or-folder ...]   (default: the EVTX corpus)
#   ROUNDS=3 scripts/bench-sigma.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
corpus=../shared/corpus
peer=../shared/bench/sqlite_method.py
rules=$corpus/peers/zircolite/rules_windows_generic.json
[ -f "$peer" ] && [ -f "$rules" ] || { echo "needs $peer and $rules" >&2; exit 1; }
inputs=("$@")
[ ${#inputs[@]} -gt 0 ] || inputs=("$corpus/evtx")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/riskhound" ./cmd/riskhound
"$tmp/riskhound" events --format jsonl "${inputs[@]}" 2>/dev/null >"$tmp/events.jsonl"
python3 - "$tmp/events.jsonl" "$tmp/peer.jsonl" <<'PY'
import json, sys
system = {'EventID', 'Channel', 'Computer', 'Level', 'Task'}
skip = {'EventCode', 'Guid', 'Version', 'Opcode', 'Keywords', 'SystemTime', 'EventRecordID',
        'ProcessID', 'ThreadID', 'UserID', 'user_id', 'ActivityID', 'eventtype'}
with open(sys.argv[2], 'w') as out:
    for line in open(sys.argv[1]):
        fields = json.loads(line)['fields']; s = {}; data = {}
        for k, v in fields.items():
            if isinstance(v, list):
                v = v[0] if len(v) == 1 else json.dumps(v)
            if k in system: s[k] = v
            elif k == 'Name': s['Provider'] = {'Name': v}
            elif k not in skip: data[k] = v
        out.write(json.dumps({'Event': {'System': s, 'EventData': data}}) + '\n')
PY
events=$(wc -l <"$tmp/events.jsonl")
sigma=()
for d in rules rules-emerging-threats rules-threat-hunting; do
	[ -d "$corpus/sigma/$d/windows" ] && sigma+=(--sigma "$corpus/sigma/$d/windows")
done
"$tmp/riskhound" hunt "${sigma[@]}" --format jsonl --output /dev/null "${inputs[@]}" 2>"$tmp/rh.err" || true
rh_rules=$(grep 'detections loaded' "$tmp/rh.err" | grep -o '[0-9]* run' | awk '{print $1}')
peer_rules=$(python3 -c "import json,sys; print(sum(len(r['rule']) for r in json.load(open(sys.argv[1]))))" "$rules")

best() { # command...: best user+sys seconds over ROUNDS runs
	local b=""
	for _ in $(seq "$ROUNDS"); do
		/usr/bin/time -f '%U %S' -o "$tmp/t" "$@" >/dev/null 2>&1 || true
		c=$(awk '{print $1 + $2}' "$tmp/t")
		if [ -z "$b" ] || [ "$(echo "$c < $b" | bc -l)" = 1 ]; then b=$c; fi
	done
	echo "$b"
}
echo "$events events, $(nproc) cores, best of $ROUNDS, load: $(cut -d' ' -f1-3 /proc/loadavg)"
rh=$(best "$tmp/riskhound" hunt "${sigma[@]}" --format jsonl --output /dev/null "${inputs[@]}")
py=$(best python3 "$peer" "$tmp/peer.jsonl" "$rules")
printf '%-44s %7.2fs cpu  %6.1f ns/event/rule  (%s rules)\n' "riskhound hunt --sigma (reads EVTX)" "$rh" \
	"$(echo "$rh * 1000000000 / ($events * $rh_rules)" | bc -l)" "$rh_rules"
printf '%-44s %7.2fs cpu  %6.1f ns/event/rule  (%s queries)\n' "Zircolite method (SQLite, reads JSON)" "$py" \
	"$(echo "$py * 1000000000 / ($events * $peer_rules)" | bc -l)" "$peer_rules"
printf 'ratio: riskhound uses %.2fx the CPU time of the SQLite method (%.2fx per event x rule)\n' \
	"$(echo "$rh / $py" | bc -l)" "$(echo "($rh / $rh_rules) / ($py / $peer_rules)" | bc -l)"
