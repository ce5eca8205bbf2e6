#!/usr/bin/env bash
# bench-side.sh — bianmin beside PocketBase v0.39.11 (a minimal
# `pocketbase.New().Start()`), measured by the same harness in one run:
# binary size, restart time on an existing data dir (median of BENCH_RESTARTS,
# default 7, after one warm-up start), idle RSS 3 s and BENCH_IDLE_LONG
# (default 60s) after ready, RSS after one page and one PDF (bianmin only),
# requests/s and p99 on the health endpoint at 50 connections for 10 s, and
# the peak RSS of that load. Prints a table with the ratios and the targets
# of issue 8.
#
# bianmin's data dir holds ten years of punches for 60 staff (about 626 000,
# imported with bianmin's own import commands) and an office account; it is
# made once and kept under BENCH_CACHE (default ~/.cache/bianmin-bench), as
# is the PocketBase binary; PocketBase's data dir is made by its first start
# in each run. The restarts of the two are taken in turns, so a busy moment
# on the machine does not fall on one of them only, and readiness is polled
# every millisecond (a refused connection costs the starting server
# nothing). PocketBase is built in a throwaway module in a temporary
# directory outside the repository (CGO off, -trimpath -ldflags '-s -w'),
# from the Go module proxy; nothing of it is ever in the repository. When it
# cannot be built, the table says so and shows bianmin alone.
#
# Uses dist/bianmin-linux-<host> and dist/bianmin-linux-arm64 (built when
# missing; `make bench` builds them first). The measuring is done by
# scripts/startup and scripts/loadgen (Go, stdlib only).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
GO="${GO:-go}"
MAKE="${MAKE:-make}"
CACHE="${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/bianmin-bench}"
RESTARTS="${BENCH_RESTARTS:-7}"
IDLE_LONG="${BENCH_IDLE_LONG:-60s}"
PB_VERSION=v0.39.11

case "$(uname -m)" in
x86_64 | amd64) HOST=amd64 GOHOST=amd64 ;;
aarch64 | arm64) HOST=arm64 GOHOST=arm64 ;;
*)
	echo "bench-side: unsupported host architecture $(uname -m)" >&2
	exit 1
	;;
esac
BIN="dist/bianmin-linux-$HOST"
for f in "$BIN" dist/bianmin-linux-arm64; do
	[ -x "$f" ] || "$MAKE" --no-print-directory "$f"
done

mkdir -p "$CACHE"
TMP="$(mktemp -d -t bianmin-side-XXXXXX)"
trap 'rm -rf "$TMP"' EXIT

echo "--- building the measuring helpers (scripts/startup, scripts/loadgen)"
CGO_ENABLED=0 "$GO" build -buildvcs=false -o "$TMP/startup" ./scripts/startup
CGO_ENABLED=0 "$GO" build -buildvcs=false -o "$TMP/loadgen" ./scripts/loadgen

echo "--- bianmin's data dir: ten years of punches for 60 staff ($CACHE/bianmin-10y)"
"$TMP/startup" -bin "$BIN" -setup "$CACHE/bianmin-10y"

# build_pocketbase writes $PB or says why it could not.
PB="$CACHE/pocketbase-$PB_VERSION-linux-$HOST"
build_pocketbase() {
	[ -x "$PB" ] && return 0
	local mod
	mod="$(mktemp -d -t pocketbase-min-XXXXXX)"
	cat >"$mod/main.go" <<'EOF'
// A minimal PocketBase server for bianmin's side-by-side benchmark.
package main

import (
	"log"

	"github.com/pocketbase/pocketbase"
)

func main() {
	if err := pocketbase.New().Start(); err != nil {
		log.Fatal(err)
	}
}
EOF
	(
		cd "$mod"
		export GOWORK=off GOFLAGS=-mod=mod CGO_ENABLED=0 GOOS=linux GOARCH="$GOHOST"
		"$GO" mod init pocketbase-min >/dev/null 2>&1
		"$GO" get "github.com/pocketbase/pocketbase@$PB_VERSION" &&
			"$GO" mod tidy &&
			"$GO" build -trimpath -ldflags '-s -w' -o "$PB.tmp" . &&
			mv "$PB.tmp" "$PB"
	) >"$TMP/pocketbase-build.log" 2>&1
	local rc=$?
	rm -rf "$mod"
	return $rc
}

echo "--- PocketBase $PB_VERSION, minimal pocketbase.New().Start() (CGO off, -trimpath -s -w)"
PB_OK=1
if ! build_pocketbase; then
	PB_OK=0
	echo "PocketBase $PB_VERSION could not be built here; the go command said:" >&2
	tail -n 15 "$TMP/pocketbase-build.log" | sed 's/^/  /' >&2
fi

# PocketBase gets a fresh data dir each run (its warm-up start makes it), so
# the request log it keeps in its data dir does not grow from run to run.
PB_ARGS=()
if [ "$PB_OK" = 1 ]; then
	PB_ARGS=(-pb "$PB" -pb-data "$TMP/pb_data" -pb-json "$TMP/pocketbase.json")
	echo "--- measuring bianmin ($BIN) and PocketBase ($PB): restarts in turns, then each idle $IDLE_LONG and loaded"
else
	echo "--- measuring bianmin ($BIN): restarts, then idle $IDLE_LONG, a page and a PDF, the health load"
fi
"$TMP/startup" -side -poll 1ms -bin "$BIN" -arm64 dist/bianmin-linux-arm64 -data "$CACHE/bianmin-10y/data" \
	-login "$CACHE/bianmin-10y/login" -json "$TMP/bianmin.json" ${PB_ARGS[@]+"${PB_ARGS[@]}"} \
	-restarts "$RESTARTS" -idle-long "$IDLE_LONG" -loadgen "$TMP/loadgen"

echo
echo "bianmin beside PocketBase $PB_VERSION on this machine ($(nproc) cores; other work on it makes the times noisy):"
"$TMP/startup" -table "$TMP/bianmin.json" "$TMP/pocketbase.json"
