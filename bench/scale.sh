#!/usr/bin/env bash
# make bench-scale: pantau at 1, 4, 16 and 64 regencies (64 ≈ 100 million
# service events at --scale 1.8). Each step is timed as a whole process with
# its peak RSS (/usr/bin/time); DuckDB's memory is capped by pantau.yaml
# (duckdb.memory_limit) and spills to a temp folder. Prints a Markdown table.
# KEEP=1 keeps each size's folder (bench/province.sh reads the 64's data).
# Usage: bench/scale.sh [REGIONS...]   (env: SCALE=1.8 MEMORY=4GB DIR=/tmp/pantau-scale KEEP=0)
set -euo pipefail
cd "$(dirname "$0")/.."
PANTAU=${PANTAU:-bin/pantau}
SCALE=${SCALE:-1.8}
MEMORY=${MEMORY:-4GB}
ROOT=${DIR:-/tmp/pantau-scale}
if [ $# -gt 0 ]; then REGIONS=("$@"); else REGIONS=(1 4 16 64); fi

# step NAME CMD...: runs CMD, prints "| NAME | seconds | peak MB |".
step() {
	local name=$1; shift
	/usr/bin/time -o "$DIR/$name.time" -f '%e %M' "$@" >/dev/null 2>"$DIR/$name.log" || { tail -20 "$DIR/$name.log" >&2; exit 1; }
	local secs kb
	read -r secs kb <"$DIR/$name.time"
	printf '| %s | %s | %s | %s |\n' "$N" "$name" "$secs" "$((kb / 1024))"
}

printf '| regions | step | seconds | peak RSS MB |\n|---|---|---|---|\n'
for N in "${REGIONS[@]}"; do
	DIR=$ROOT/$N
	rm -rf "$DIR"; mkdir -p "$DIR/tmp"
	printf 'duckdb: {memory_limit: %s, temp_directory: %s/tmp}\nload: {max_reject_rate: 0.05}\n' "$MEMORY" "$DIR" >"$DIR/pantau.yaml"
	export PANTAU_CONFIG=$DIR/pantau.yaml PANTAU_DB=$DIR/w.duckdb
	step generate "$PANTAU" generate --regions "$N" --scale "$SCALE" --to 2023-06-25 --out "$DIR/data"
	events=$(find "$DIR/data" -name service_events.csv -exec cat {} + | wc -l)
	step load "$PANTAU" load "$DIR/data"
	step refresh-all "$PANTAU" kpi --refresh all --by national --week 2023-W25
	step report-weekly "$PANTAU" report weekly --week 2023-W25 --out "$DIR/weekly.html"
	if "$PANTAU" report national --help >/dev/null 2>&1; then
		step report-national "$PANTAU" report national --week 2023-W25 --out "$DIR/national.html"
	fi
	# the lake: a first export, an export with nothing new
	step export "$PANTAU" export --lake "$DIR/lake"
	printf '| %s | lake | %s MB | %s files |\n' "$N" "$(du -sm "$DIR/lake" | cut -f1)" "$(find "$DIR/lake" -name '*.parquet' | wc -l)"
	step export-unchanged "$PANTAU" export --lake "$DIR/lake"
	# one more week: the increment's load and refresh
	step generate-week "$PANTAU" generate --regions "$N" --scale "$SCALE" --from 2023-06-26 --to 2023-07-02 --out "$DIR/week"
	step load-week "$PANTAU" load "$DIR/week"
	step report-after-week "$PANTAU" report weekly --week 2023-W26 --out "$DIR/weekly-26.html"
	touch "$DIR/before-export-week"
	step export-week "$PANTAU" export --lake "$DIR/lake"
	printf '| %s | export-week rewrote | %s of %s files |\n' "$N" \
		"$(find "$DIR/lake" -name '*.parquet' -newer "$DIR/before-export-week" | wc -l)" "$(find "$DIR/lake" -name '*.parquet' | wc -l)"
	step kpi-lake "$PANTAU" --lake "$DIR/lake" kpi --by province --week 2023-W26
	printf '| %s | service events (approx.) | %s | warehouse %s MB |\n' "$N" "$events" "$(( $(stat -c %s "$DIR/w.duckdb") / 1048576 ))"
	[ "${KEEP:-0}" = 1 ] || rm -rf "$DIR"
done
