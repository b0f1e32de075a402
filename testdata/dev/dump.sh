#!/bin/sh
# dump.sh BINARY OUT: asks every question of the development set and the
# shared eval sets through BINARY's `ask --json` and writes the answers to
# OUT, one JSON line each, so that two builds can be compared with diff.
# With INDEX=DIR set, the index is kept in DIR (run twice: the second run
# answers from the index on disk).
# Run from the project root: sh testdata/dev/dump.sh /tmp/rb out.jsonl
set -eu
bin=$1 out=$2
ix=""
if [ -n "${INDEX:-}" ]; then ix="--index $INDEX"; fi
qs() { python3 -c 'import json,sys
for l in open(sys.argv[1]):
    if l.strip(): print(json.loads(l)["q"])' "$1"; }
: >"$out"
for f in ../shared/eval/questions.jsonl ../shared/eval/chat.jsonl; do
	qs "$f" | "$bin" $ix ask --json >>"$out"
done
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
cp corpus/default/* ../shared/eval/roles/senior-backend-engineer.md "$d"
qs ../shared/eval/roles/senior-backend-engineer.jsonl | "$bin" --corpus "$d" $ix ask --json --role senior-backend-engineer >>"$out"
for f in testdata/dev/questions/*.jsonl; do
	role=$(basename "$f" .jsonl)
	if [ "$role" = routing ]; then
		qs "$f" | "$bin" --corpus testdata/dev/roles $ix ask --json >>"$out"
	else
		qs "$f" | "$bin" --corpus testdata/dev/roles $ix ask --json --role "$role" >>"$out"
	fi
done
