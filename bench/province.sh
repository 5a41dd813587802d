#!/usr/bin/env bash
# make bench-province: a province reading its regencies' lakes in place. Each
# regency of PROVINCE (default 32, Jawa Barat: 27 regencies) in DATA (the
# folders of 'pantau generate --regions', one per region; by default those
# bench/scale.sh kept for 64 regions) is loaded into its own warehouse and
# exported to its own lake under one province folder; then 'kpi --lake' and
# the national report read that folder. Each step is a whole process timed
# with its peak RSS (/usr/bin/time). Prints a Markdown table.
# Usage: bench/province.sh   (env: DATA=/tmp/pantau-scale/64/data PROVINCE=32 MEMORY=4GB DIR=/tmp/pantau-province KEEP=0)
set -euo pipefail
cd "$(dirname "$0")/.."
PANTAU=${PANTAU:-bin/pantau}
DATA=${DATA:-/tmp/pantau-scale/64/data}
PROVINCE=${PROVINCE:-32}
MEMORY=${MEMORY:-4GB}
DIR=${DIR:-/tmp/pantau-province}
rm -rf "$DIR"; mkdir -p "$DIR/tmp" "$DIR/lakes" "$DIR/w"
printf 'duckdb: {memory_limit: %s, temp_directory: %s/tmp}\nload: {max_reject_rate: 0.05}\n' "$MEMORY" "$DIR" >"$DIR/pantau.yaml"
export PANTAU_CONFIG=$DIR/pantau.yaml

# timed NAME CMD...: runs CMD, prints "| NAME | seconds | peak MB |".
timed() {
	local name=$1; shift
	/usr/bin/time -o "$DIR/$name.time" -f '%e %M' "$@" >/dev/null 2>"$DIR/$name.log" || { tail -20 "$DIR/$name.log" >&2; exit 1; }
	local secs kb
	read -r secs kb <"$DIR/$name.time"
	printf '| %s | %s | %s |\n' "$name" "$secs" "$((kb / 1024))"
}

printf '| step | seconds | peak RSS MB |\n|---|---|---|\n'
n=0 load=0 export=0 maxrss=0
for region in "$DATA"/"$PROVINCE"??; do
	code=$(basename "$region")
	n=$((n + 1))
	for s in load export; do
		if [ $s = load ]; then cmd=(load "$region"); else cmd=(export --lake "$DIR/lakes/$code"); fi
		PANTAU_DB=$DIR/w/$code.duckdb /usr/bin/time -o "$DIR/$s.time" -f '%e %M' "$PANTAU" "${cmd[@]}" >/dev/null 2>"$DIR/$s.log" || { tail -20 "$DIR/$s.log" >&2; exit 1; }
		read -r secs kb <"$DIR/$s.time"
		eval "$s=\$(echo \"\$$s + $secs\" | bc)"
		[ "$kb" -gt "$maxrss" ] && maxrss=$kb
	done
	rm -f "$DIR/w/$code.duckdb" # the lake is what the province keeps
done
printf '| %d regencies: load, each into its own warehouse (sum) | %s | %s |\n' "$n" "$load" "$((maxrss / 1024))"
printf '| %d regencies: export, each to its own lake (sum) | %s | |\n' "$n" "$export"
printf '| lakes: %s MB in %s files | | |\n' "$(du -sm "$DIR/lakes" | cut -f1)" "$(find "$DIR/lakes" -name '*.parquet' | wc -l)"
timed "kpi --lake, --by province" "$PANTAU" --lake "$DIR/lakes" kpi --by province --week 2023-W25
timed "kpi --lake, --by region" "$PANTAU" --lake "$DIR/lakes" kpi --by region --week 2023-W25
timed "report national --lake" "$PANTAU" --lake "$DIR/lakes" report national --province "$PROVINCE" --week 2023-W25 --out "$DIR/national.html"
[ "${KEEP:-0}" = 1 ] || rm -rf "$DIR"
