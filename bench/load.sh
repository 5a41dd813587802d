#!/usr/bin/env bash
# make bench-load-process: `pantau load` of about 5 million service events as
# a whole process (open, load, commit, KPI refresh, checkpoint, close) against
# DuckDB's own read_csv into a table of the same file (bench/readcsv), also
# checkpointed and closed; paired runs, each on a fresh database file.
# Usage: bench/load.sh [RUNS]   (env: SCALE=3.2 DIR=/tmp/pantau-load; CSV=FILE
# (outside DIR, which is emptied) loads that file instead of generating one,
# e.g. the canonical 5-million-row file of ../shared/benchmarks/loadbase:
# loadbase gen 5000000 se5m.csv)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
DIR=${DIR:-/tmp/pantau-load}
rm -rf "$DIR"; mkdir -p "$DIR"
if [ -z "${CSV:-}" ]; then
	bin/pantau generate --scale "${SCALE:-3.2}" --out "$DIR/data" >/dev/null 2>&1
	CSV=$DIR/data/service_events.csv
fi
go build -o "$DIR/readcsv" ./bench/readcsv
echo "rows: $(($(wc -l <"$CSV") - 1))"
printf '| run | pantau load s | read_csv s | ratio |\n|---|---|---|---|\n'
for i in $(seq "$RUNS"); do
	rm -f "$DIR"/p.duckdb* "$DIR"/r.duckdb*
	/usr/bin/time -o "$DIR/p.time" -f '%e' bin/pantau load --db "$DIR/p.duckdb" --kind service_events "$CSV" >/dev/null 2>&1
	/usr/bin/time -o "$DIR/r.time" -f '%e' "$DIR/readcsv" "$DIR/r.duckdb" "$CSV"
	p=$(cat "$DIR/p.time"); r=$(cat "$DIR/r.time")
	printf '| %s | %s | %s | %s |\n' "$i" "$p" "$r" "$(echo "scale=2; $p / $r" | bc)"
done
rm -rf "$DIR"
