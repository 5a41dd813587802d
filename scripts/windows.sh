#!/usr/bin/env bash
# Windows build and tests on this Linux machine, from Debian packages only
# (../shared/windows/NOTES.md, route A): a cached Debian 13 "trixie" chroot
# holds the UCRT MinGW cross-compiler and Wine 10; the Go toolchain, module
# cache, build cache and this checkout are bind-mounted into it.
#
#   scripts/windows.sh build   dist/pantau-windows-amd64.zip (make windows)
#   scripts/windows.sh test    go test ./... under Wine, then the demo end to
#                              end against the Linux binary (make test-windows)
#   scripts/windows.sh e2e     only the demo under Wine against the Linux binary
#   scripts/windows.sh gotest ARGS...
#                              go test ARGS as Windows binaries under Wine, e.g.
#                              gotest ./cmd/pantau -run 'TestScripts/run$'
#   scripts/windows.sh shell   a shell in the chroot, mounts in place
#
# Needs root (debootstrap, chroot, mount), or sudo. The chroot (about 2 GB) is
# kept in PANTAU_WINDOWS_CHROOT, default /var/cache/pantau-windows-chroot; delete
# it to start afresh.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=$(pwd)

if [ "$(id -u)" != 0 ]; then
  exec sudo --preserve-env=PANTAU_WINDOWS_CHROOT,GOFLAGS "$0" "$@"
fi

CHROOT=${PANTAU_WINDOWS_CHROOT:-/var/cache/pantau-windows-chroot}
GO=${GO:-go}
GOROOT_HOST=$($GO env GOROOT)
GOMODCACHE_HOST=$($GO env GOMODCACHE)
GOCACHE_HOST=$($GO env GOCACHE)
PACKAGES="g++-mingw-w64-ucrt64 wine64 ca-certificates zip"

log() { echo "windows: $*" >&2; }

# ensure_chroot makes the chroot once; a half-made one is never marked ready.
ensure_chroot() {
  [ -e "$CHROOT/.pantau-ready" ] && return 0
  command -v debootstrap >/dev/null || {
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
  }
  local mirror
  mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  mirror=${mirror:-http://deb.debian.org/debian}
  log "making the Debian 13 chroot in $CHROOT (once; about a minute)"
  if awk -v d="$CHROOT/" 'index($2, d) == 1 {found = 1} END {exit !found}' /proc/mounts; then
    log "something is still mounted under $CHROOT (a killed run?): unmount it before the chroot is made afresh"
    exit 1
  fi
  rm -rf "$CHROOT"
  mkdir -p "$(dirname "$CHROOT")"
  debootstrap --variant=minbase trixie "$CHROOT" "$mirror" >/dev/null
  cp /etc/resolv.conf "$CHROOT/etc/resolv.conf"
  chroot "$CHROOT" /usr/bin/env DEBIAN_FRONTEND=noninteractive sh -c \
    "apt-get update -qq && apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null && apt-get clean"
  touch "$CHROOT/.pantau-ready"
}

MOUNTED=()
unmount_all() {
  local i
  for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do
    umount "${MOUNTED[i]}" 2>/dev/null || umount -l "${MOUNTED[i]}" || true
  done
  MOUNTED=()
}

bind() { # bind HOSTDIR CHROOTDIR
  mkdir -p "$CHROOT$2"
  mount --bind "$1" "$CHROOT$2"
  MOUNTED+=("$CHROOT$2")
}

mount_all() {
  mkdir -p "$GOMODCACHE_HOST" "$GOCACHE_HOST"
  mkdir -p "$CHROOT/proc" && mount -t proc proc "$CHROOT/proc" && MOUNTED+=("$CHROOT/proc")
  bind /dev /dev
  bind /dev/shm /dev/shm
  bind /dev/pts /dev/pts
  bind "$GOROOT_HOST" /opt/go
  bind "$GOMODCACHE_HOST" /opt/gomodcache
  bind "$GOCACHE_HOST" /opt/gocache
  bind "$SRC" /src
}

# in_chroot runs a shell command in /src with the Windows cross-compiler set.
in_chroot() {
  chroot "$CHROOT" /usr/bin/env -i HOME=/root TERM="${TERM:-dumb}" \
    PATH=/opt/go/bin:/usr/local/bin:/usr/bin:/bin \
    GOROOT=/opt/go GOMODCACHE=/opt/gomodcache GOCACHE=/opt/gocache GOPATH=/root/go \
    GOTOOLCHAIN=local GOPROXY=off GOFLAGS="-buildvcs=false ${GOFLAGS:-}" \
    GOOS=windows GOARCH=amd64 CGO_ENABLED=1 \
    CC=x86_64-w64-mingw32ucrt-gcc CXX=x86_64-w64-mingw32ucrt-g++ \
    WINEDEBUG=-all WINEPREFIX=/root/.wine XDG_RUNTIME_DIR=/run/user/0 \
    bash -euo pipefail -c "mkdir -p -m 700 /run/user/0 && cd /src && $1"
}

# licences copies the licence files of every module the Windows binary links,
# plus ECharts' and DuckDB's from node_modules/ when it is there.
licences() {
  local dir=$1
  in_chroot "go list -deps -f '{{with .Module}}{{if not .Main}}{{.Path}} {{.Dir}}{{end}}{{end}}' ./cmd/pantau | sort -u" |
    while read -r path mdir; do
      local to="$dir/${path//\//_}"
      mkdir -p "$to"
      find "$CHROOT$mdir" -maxdepth 1 -type f \( -iname 'LICEN[CS]E*' -o -iname 'COPYING*' -o -iname 'NOTICE*' \) \
        -exec cp {} "$to/" \;
      if [ -z "$(ls -A "$to")" ]; then log "no licence file in module $path"; exit 1; fi
    done
  mkdir -p "$dir/go" && cp "$GOROOT_HOST/LICENSE" "$dir/go/LICENSE" # the Go runtime and standard library
  local m
  for m in echarts zrender duckdb @duckdb/node-api; do
    if [ -d "node_modules/$m" ]; then
      mkdir -p "$dir/npm_${m//\//_}"
      find "node_modules/$m" -maxdepth 1 -type f -iname 'LICEN[CS]E*' -exec cp {} "$dir/npm_${m//\//_}/" \;
    fi
  done
  # The embedded ECharts bundle carries its own licence comments at its end.
  sed -n '/^\/\*! Bundled license information:/,$p' reports/assets/echarts.min.js > "$dir/echarts-bundle-licences.txt"
}

build() {
  local t0=$SECONDS out=dist/windows
  rm -rf "$out" dist/pantau-windows-amd64.zip
  mkdir -p "$out/LISENSI"
  in_chroot "go build -trimpath -ldflags '-s -w' -o $out/pantau.exe ./cmd/pantau"
  cp scripts/BACA-SAYA.txt "$out/BACA-SAYA.txt"
  sed -i 's/$/\r/' "$out/BACA-SAYA.txt" # Notepad-friendly line ends
  licences "$out/LISENSI"
  (cd "$out" && zip -qr -X ../pantau-windows-amd64.zip pantau.exe BACA-SAYA.txt LISENSI)
  log "dist/pantau-windows-amd64.zip ($(du -h dist/pantau-windows-amd64.zip | cut -f1)) in $((SECONDS - t0)) s"
}

# test runs every package's tests as Windows binaries, one package at a time,
# then the demo under Wine against the Linux binary on the same files.
test_windows() {
  local t0=$SECONDS rc=0 out=dist/windows-test.log
  mkdir -p dist
  in_chroot "wineboot -i >/dev/null 2>&1 || true; go test -v -count=1 -p 1 -timeout 30m -exec /usr/lib/wine/wine64 ./..." >"$out" 2>&1 || rc=$?
  grep -E '^(ok|FAIL|\?|panic:)|^\s*--- FAIL' "$out" || true
  log "go test ./... under Wine: $(grep -cE '^\s*--- PASS' "$out") passed, $(grep -cE '^\s*--- FAIL' "$out") failed," \
    "$(grep -cE '^\s*--- SKIP' "$out") skipped in $((SECONDS - t0)) s (rc $rc; the whole output in $out)"
  log "skipped, and why (a skip that does not say why fails the run):"
  # go test names whose output follows in "=== RUN", "=== CONT" and "=== NAME"
  # lines; a reason is the first "file.go:N: " line after it (not the
  # testscript's dump of its environment) or the script's skip line.
  awk '$1 == "===" && ($2 == "RUN" || $2 == "CONT" || $2 == "NAME") {cur = $3; next}
       /^ +[^ ]+\.go:[0-9]+: / && !/testscript\.go:[0-9]+: work=/ && !(cur in why) {sub(/^ +/, ""); why[cur] = $0}
       /^ +> .*skip / && !(cur in why) {sub(/^ +> /, ""); why[cur] = $0}
       $1 == "---" && $2 == "SKIP:" {print "  " $3 ": " (why[$3] == "" ? "NO REASON GIVEN" : why[$3]); if (why[$3] == "") bad++}
       END {exit bad > 0}' "$out" >&2 || [ "$rc" != 0 ] || rc=1
  [ "$rc" = 0 ] || exit "$rc"
  e2e
}

# e2e runs the demo with pantau.exe under Wine, then compares its KPIs and
# forecast with the Linux binary's on the same generated files, and its KPIs
# read back from an exported lake.
e2e() {
  local t1=$SECONDS e2e=dist/windows-e2e
  build # the pantau.exe of this checkout (seconds when nothing changed)
  rm -rf "$e2e" && mkdir -p "$e2e"
  $GO build -o "$e2e/pantau-linux" ./cmd/pantau
  export PANTAU_NIK_KEY=windows-e2e-0123456789abcdef0123456789
  wine() { in_chroot "cd $e2e && PANTAU_NIK_KEY=$PANTAU_NIK_KEY /usr/lib/wine/wine64 ../windows/pantau.exe $1"; }
  linux() { (cd "$e2e" && eval "./pantau-linux $1"); }
  same() { # same WHAT FILE-A FILE-B
    if ! cmp -s "$e2e/$2" "$e2e/$3"; then log "$1 of pantau.exe differs from the Linux binary's: diff $e2e/$2 $e2e/$3"; exit 1; fi
    log "$1: identical to Linux ($(wc -l <"$e2e/$3") lines)"
  }
  local q='kpi --by office --from 2022-W01 --to 2023-W25 --format csv'
  wine "demo --out win >demo.txt"
  linux "load --db linux.duckdb win/data >/dev/null"
  wine "$q --db win/pantau.duckdb >kpi-windows.csv"
  linux "$q --db linux.duckdb >kpi-linux.csv"
  same "kpi --by office" kpi-windows.csv kpi-linux.csv
  wine "forecast --format csv --db win/pantau.duckdb >forecast-windows.csv"
  linux "forecast --format csv --db linux.duckdb >forecast-linux.csv"
  same "forecast" forecast-windows.csv forecast-linux.csv
  wine "export --db win/pantau.duckdb --lake win/lake >/dev/null"
  wine "$q --lake win/lake >kpi-windows-lake.csv"
  same "kpi --by office from the exported lake" kpi-windows-lake.csv kpi-linux.csv
  log "demo under Wine against Linux: $((SECONDS - t1)) s"
}

mkdir -p "$(dirname "$CHROOT")"
exec 9>"$CHROOT.lock" # one run at a time uses the chroot
flock 9
ensure_chroot
trap unmount_all EXIT
trap 'exit 130' INT TERM
mount_all
case "${1:-build}" in
  build) build ;;
  test) test_windows ;;
  e2e) e2e ;;
  gotest) shift; in_chroot "go test -exec /usr/lib/wine/wine64 $(printf '%q ' "$@")" ;;
  shell) in_chroot "bash -i" ;;
  *) echo "usage: $0 build|test|gotest ARGS|shell" >&2; exit 2 ;;
esac
