# pantau — one Go binary and one DuckDB file.
# make demo   synthesise Kabupaten Bekasi 2022-01..2023-06, load, compute, write reports into ./demo
# make test   the whole test suite (needs Chromium for the browser test; .ci/run installs it)
# make windows       dist/pantau-windows-amd64.zip (pantau.exe, BACA-SAYA.txt, licences); root or sudo
# make test-windows  the whole suite as Windows binaries under Wine 10, and the demo against Linux's KPIs

GO      ?= go
BIN     := bin/pantau
ECHARTS := reports/assets/echarts.min.js

.PHONY: bench-load-process bench-national bench-province bench-scale all build demo test test-short bench bench-load bench-kpi bench-ikm bench-forecast bench-allocate bench-reports fuzz assets clean

all: build

assets: $(ECHARTS)

# ECharts and esbuild are pinned in package.json/package-lock.json. esbuild
# bundles only the chart types, components and renderer that
# reports/assets/echarts-entry.js registers (about half of the full build);
# the minified file is embedded into the binary.
$(ECHARTS): package.json package-lock.json reports/assets/echarts-entry.js
	npm ci --no-audit --no-fund
	npx --no-install esbuild reports/assets/echarts-entry.js --bundle --minify --format=iife \
		--target=es2017 --legal-comments=eof --define:process.env.NODE_ENV='"production"' \
		--log-level=warning --outfile=$@

build: assets
	$(GO) build -o $(BIN) ./cmd/pantau

demo: build
	./$(BIN) demo --out demo

# The fuzz targets' seed corpora (testdata/fuzz) run as ordinary tests here;
# `make fuzz` explores further, and its findings become seeds.
# The browser tests are required wherever Chromium is installed (they skip,
# saying so, only where it is not); PANTAU_REQUIRE_BROWSER=0 lets them skip.
test: assets
	PANTAU_REQUIRE_BROWSER=$${PANTAU_REQUIRE_BROWSER:-$$( (command -v chromium || command -v chromium-browser || command -v google-chrome) >/dev/null 2>&1 && echo 1 || echo 0)} \
		$(GO) test -count=1 -timeout 20m ./...

test-short: assets
	$(GO) test -short ./...

# Benchmarks: figures go to docs/performance.md.
bench: bench-load bench-kpi bench-ikm bench-forecast bench-allocate bench-reports

bench-load:
	PANTAU_BENCH_EVENTS=$${PANTAU_BENCH_EVENTS:-5000000} $(GO) test -run '^$$' -bench LoadVsReadCSV -benchtime 1x -timeout 30m ./etl
	$(GO) test -run '^$$' -bench SmallFiles -benchtime 2000x -timeout 30m ./etl

bench-kpi:
	$(GO) test -run '^$$' -bench KPIAllWeeks -benchtime 3x -timeout 30m ./kpi

bench-ikm:
	$(GO) test -run '^$$' -bench IKM -benchtime 5x -timeout 30m ./kpi

# M4 Weekly under the honest protocol; the forecast of 64 regions' offices
# (synthetic panels, about 2,000 series); the demo's track record, the
# current forecast against the previous one (docs/forecasting.md).
bench-forecast: build
	$(GO) run ./forecast/cmd/m4bench -dir ../shared/benchmarks/m4-weekly
	$(GO) test -run '^$$' -bench AutoPanelRegions -benchtime 3x ./forecast
	./$(BIN) demo --out /tmp/pantau-bench-demo >/dev/null
	PANTAU_DEMO_DB=/tmp/pantau-bench-demo/pantau.duckdb $(GO) test -count=1 -run TrackRecordDemo -v ./planning

bench-allocate:
	$(GO) test -run '^$$' -bench Allocate -benchtime 5x ./forecast

bench-reports: build
	./$(BIN) demo --out /tmp/pantau-bench-demo >/dev/null
	PANTAU_DEMO_DB=/tmp/pantau-bench-demo/pantau.duckdb $(GO) test -run '^$$' -bench Reports -benchtime 3x ./reports

fuzz:
	$(GO) test -run '^$$' -fuzz FuzzParseTime -fuzztime 60s -fuzzminimizetime 5s ./etl
	$(GO) test -run '^$$' -fuzz FuzzParseInt -fuzztime 60s -fuzzminimizetime 5s ./etl
	$(GO) test -run '^$$' -fuzz FuzzLoadCSV -fuzztime 120s -fuzzminimizetime 5s ./etl
	$(GO) test -run '^$$' -fuzz FuzzRunSeries -fuzztime 60s -fuzzminimizetime 5s ./forecast
	$(GO) test -run '^$$' -fuzz FuzzRedact -fuzztime 60s -fuzzminimizetime 5s ./privacy

clean:
	rm -rf bin demo dist node_modules $(ECHARTS)

# 1, 4, 16 and 64 regencies (64 ≈ 100 million events; tens of GB in /tmp,
# deleted after each size): see bench/scale.sh and docs/performance.md.
bench-scale: build
	bench/scale.sh $(REGIONS)

# A province folder of its regencies' lakes (27 for Jawa Barat), read in
# place by kpi --lake and the national report: bench/province.sh (run after
# KEEP=1 make bench-scale REGIONS=64, whose data it loads region by region).
bench-province: build
	bench/province.sh

# The nation's 514 regencies, each loaded into its own warehouse and exported
# to its own lake (Jawa Barat's 27 at bench-scale's volume, all 514 at a
# reduced one), then read as a province and as the nation; resumable:
# bench/national.sh and docs/performance.md.
bench-national: build
	bench/national.sh $(SETS)

# `pantau load` of about 5 million events as a whole process against DuckDB's
# read_csv (bench/readcsv), paired runs: bench/load.sh.
bench-load-process: build
	bench/load.sh $(RUNS)

# Windows, cross-compiled in a cached Debian 13 chroot (UCRT MinGW, Wine 10):
# see scripts/windows.sh and ../shared/windows/NOTES.md.
.PHONY: windows test-windows
windows: assets
	scripts/windows.sh build

test-windows: assets
	scripts/windows.sh test
