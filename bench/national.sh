#!/usr/bin/env bash
# make bench-national: the nation's 514 regencies, each in its own warehouse
# exported to its own lake, read in place as a province and as the nation.
#
# Two sets of lakes, each built region by region (generate, load into the
# region's own warehouse, export to DIR/SET/lakes/PROVINCE/REGION):
#   province  the regencies of PROVINCE (default 32, Jawa Barat: 27) at
#             PROVINCE_SCALE (default 1.8, bench/scale.sh's volume);
#   nation    every regency of reference/data/indonesia at SCALE (default
#             0.1: the nation's lakes stay far under 15 GB).
# Building is resumable: a region is done once its lake is exported
# (DIR/SET/done/REGION); a region whose build was killed is built again from
# nothing. The generated files are removed after each load; the warehouses
# are kept (small at these volumes; KEEP_WAREHOUSES=0 removes them) so that
# a re-export needs no reload. Then each read is timed as a whole process,
# RUNS times (median wall seconds, largest peak RSS: /usr/bin/time).
# Prints a Markdown table. REEXPORT=1 first exports every lake again (what
# a new pantau needs, e.g. manifests that list their columns). KEEP=0
# removes DIR at the end. BUILD=0 reads what is built, building nothing.
# Usage: bench/national.sh [province] [nation]
#   (env: DIR=/tmp/pantau-national SCALE=0.1 PROVINCE=32 PROVINCE_SCALE=1.8 RUNS=5 MEMORY=4GB KEEP=1)
set -euo pipefail
cd "$(dirname "$0")/.."
PANTAU=$(realpath "${PANTAU:-bin/pantau}")
DIR=${DIR:-/tmp/pantau-national}
SCALE=${SCALE:-0.1}
PROVINCE=${PROVINCE:-32}
PROVINCE_SCALE=${PROVINCE_SCALE:-1.8}
RUNS=${RUNS:-5}
MEMORY=${MEMORY:-4GB}
WEEK=2023-W25
if [ $# -gt 0 ]; then SETS=("$@"); else SETS=(province nation); fi
mkdir -p "$DIR/tmp"
printf 'duckdb: {memory_limit: %s, temp_directory: %s/tmp}\nload: {max_reject_rate: 0.05}\n' "$MEMORY" "$DIR" >"$DIR/pantau.yaml"
export PANTAU_CONFIG=$DIR/pantau.yaml

regions() { # every regency's code, or those of province $1
	tail -n +2 reference/data/indonesia/regencies.csv | cut -d, -f1 | grep "^${1:-}" || true
}

# build SET SCALE CODE...: builds the lakes of the regions not yet done.
build() {
	local set=$1 scale=$2 code p start n=0 total
	shift 2
	total=$#
	mkdir -p "$DIR/$set/done" "$DIR/$set/w" "$DIR/$set/lakes"
	start=$(date +%s)
	for code in "$@"; do
		n=$((n + 1))
		[ -e "$DIR/$set/done/$code" ] && continue
		p=${code:0:2}
		rm -rf "$DIR/$set/data/$code" "$DIR/$set/w/$code".* "$DIR/$set/lakes/$p/$code"
		# the regency's own settings: rows that name no office (some
		# complaints) are the default region's
		sed "1i region_code: \"$code\"" "$DIR/pantau.yaml" >"$DIR/$set/w/$code.yaml"
		{
			"$PANTAU" generate --regions "$code" --scale "$scale" --to 2023-06-25 --out "$DIR/$set/data/$code"
			PANTAU_CONFIG=$DIR/$set/w/$code.yaml PANTAU_DB=$DIR/$set/w/$code.duckdb "$PANTAU" load "$DIR/$set/data/$code"
			PANTAU_CONFIG=$DIR/$set/w/$code.yaml PANTAU_DB=$DIR/$set/w/$code.duckdb "$PANTAU" export --lake "$DIR/$set/lakes/$p/$code"
		} >>"$DIR/$set/build.log" 2>&1 || { tail -20 "$DIR/$set/build.log" >&2; exit 1; }
		rm -rf "$DIR/$set/data/$code"
		[ "${KEEP_WAREHOUSES:-1}" = 1 ] || rm -f "$DIR/$set/w/$code".*
		touch "$DIR/$set/done/$code"
		echo "$set: $n of $total regions built ($(($(date +%s) - start)) s)" >&2
	done
}

# timed NAME CMD...: runs CMD RUNS times, prints "| NAME | median wall s |
# median CPU s | runs (wall/CPU s) | peak MB |"; CPU is user + system, which
# a busy machine inflates less than the wall time.
timed() {
	local name=$1 i secs kb user sys cpu all=() cpus=() runs=() max=0
	shift
	for i in $(seq "$RUNS"); do
		/usr/bin/time -o "$DIR/time" -f '%e %M %U %S' "$@" >/dev/null 2>"$DIR/run.log" || { tail -20 "$DIR/run.log" >&2; exit 1; }
		read -r secs kb user sys <"$DIR/time"
		cpu=$(echo "$user + $sys" | bc)
		all+=("$secs")
		cpus+=("$cpu")
		runs+=("$secs/$cpu")
		[ "$kb" -gt "$max" ] && max=$kb
	done
	printf '| %s | **%s** | %s | %s | %s |\n' "$name" "$(median "${all[@]}")" "$(median "${cpus[@]}")" "${runs[*]}" "$((max / 1024))"
}

# median X...: the middle value (the lower middle of an even count).
median() { printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"; }

# reexport SET: exports every built region's warehouse into its lake again
# (after a pantau upgrade; with nothing new it writes nothing), printing
# the sum of the wall times. A load of nothing first brings a warehouse
# an older pantau made up to date (its migrations).
reexport() {
	local set=$1 code start
	start=$(date +%s.%N)
	mkdir -p "$DIR/empty"
	for code in $(ls "$DIR/$set/done"); do
		{
			PANTAU_CONFIG=$DIR/$set/w/$code.yaml PANTAU_DB=$DIR/$set/w/$code.duckdb "$PANTAU" load "$DIR/empty"
			PANTAU_CONFIG=$DIR/$set/w/$code.yaml PANTAU_DB=$DIR/$set/w/$code.duckdb "$PANTAU" export --lake "$DIR/$set/lakes/${code:0:2}/$code"
		} >>"$DIR/$set/build.log" 2>&1 || { tail -20 "$DIR/$set/build.log" >&2; exit 1; }
	done
	printf '| %s: export of every lake again | %s | | | |\n' "$set" "$(echo "$(date +%s.%N) - $start" | bc)"
}

# lakes SET: the --lake value of a set, one folder per province.
lakes() { find "$DIR/$1/lakes" -mindepth 1 -maxdepth 1 -type d | sort | paste -sd, -; }

# size SET: "N lakes, M MB in F files".
size() {
	printf '%s lakes, %s MB in %s files' "$(find "$DIR/$1/done" -type f | wc -l)" \
		"$(du -sm "$DIR/$1/lakes" | cut -f1)" "$(find "$DIR/$1/lakes" -name '*.parquet' | wc -l)"
}

for set in "${SETS[@]}"; do
	[ "${BUILD:-1}" = 1 ] || continue
	case $set in
	province) build province "$PROVINCE_SCALE" $(regions "$PROVINCE") ;;
	nation) build nation "$SCALE" $(regions) ;;
	*) echo "unknown set $set (province or nation)" >&2; exit 2 ;;
	esac
done

printf '| read (%s runs) | median wall s | median CPU s | runs (wall/CPU s) | peak RSS MB |\n|---|---|---|---|---|\n' "$RUNS"
for set in "${SETS[@]}"; do
	[ "${REEXPORT:-0}" = 1 ] && reexport "$set"
	printf '| **%s**: %s | | | | |\n' "$set" "$(size "$set")"
	L=$(lakes "$set")
	timed "$set: kpi --by province" "$PANTAU" --lake "$L" kpi --by province --week "$WEEK"
	timed "$set: kpi --by region" "$PANTAU" --lake "$L" kpi --by region --week "$WEEK"
	timed "$set: report national --province $PROVINCE" "$PANTAU" --lake "$L" report national --province "$PROVINCE" --week "$WEEK" --out "$DIR/national-$PROVINCE.html"
	[ "$set" = nation ] && timed "$set: report national" "$PANTAU" --lake "$L" report national --week "$WEEK" --out "$DIR/national.html"
	# an unchanged re-export of the largest regency's lake
	big=$(ls -S "$DIR/$set/w/"*.duckdb 2>/dev/null | head -1 || true)
	if [ -n "$big" ]; then
		code=$(basename "$big" .duckdb)
		timed "$set: export, nothing new ($code)" env PANTAU_CONFIG="$DIR/$set/w/$code.yaml" PANTAU_DB="$big" "$PANTAU" export --lake "$DIR/$set/lakes/${code:0:2}/$code"
	fi
done
[ "${KEEP:-1}" = 1 ] || rm -rf "$DIR"
