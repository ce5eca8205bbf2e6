#!/usr/bin/env bash
# bench-startup.sh — how fast does `bianmin serve` get ready, how much memory does it
# hold when idle, and how big are the binaries we ship.
#
#   1. `make build` (all four dist binaries; set BENCH_SKIP_BUILD=1 to reuse dist/)
#   2. host binary, BENCH_RUNS (default 5) times: fresh temp data dir, free loopback
#      port, ms from exec to the first GET /readyz 200 (polled every 5 ms), then
#      idle VmRSS 3 s after ready, then stop
#   3. the arm64 binary once under qemu-aarch64-static (emulated: slow, and the RSS
#      includes qemu itself — only a smoke test of the arm64 build)
#   4. stripped size of each dist binary
#
# The measuring is done by scripts/startup (Go, stdlib only) for precise timing.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
GO="${GO:-go}"
MAKE="${MAKE:-make}"
RUNS="${BENCH_RUNS:-5}"

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
	echo "--- make build"
	"$MAKE" --no-print-directory build
fi

case "$(uname -m)" in
x86_64 | amd64) HOST=amd64 ;;
aarch64 | arm64) HOST=arm64 ;;
armv7l | armv8l) HOST=armv7 ;;
armv6l) HOST=armv6 ;;
*)
	echo "bench-startup: unsupported host architecture $(uname -m)" >&2
	exit 1
	;;
esac
HOST_BIN="dist/bianmin-linux-$HOST"
[ -x "$HOST_BIN" ] || { echo "bench-startup: $HOST_BIN missing (make build failed?)" >&2; exit 1; }

TMP="$(mktemp -d -t bianmin-bench-XXXXXX)"
trap 'rm -rf "$TMP"' EXIT

echo "--- building the measuring helper (scripts/startup)"
CGO_ENABLED=0 "$GO" build -buildvcs=false -o "$TMP/startup" ./scripts/startup

echo "--- $HOST_BIN: $RUNS runs"
"$TMP/startup" -bin "$HOST_BIN" -label "linux/$HOST (native)" -n "$RUNS" -timeout 60s >"$TMP/results.tsv"

QEMU="$(command -v qemu-aarch64-static || command -v qemu-aarch64 || true)"
QEMU_NOTE=""
if [ "$HOST" = arm64 ]; then
	QEMU_NOTE="(arm64 is the host: measured natively above)"
elif [ -z "$QEMU" ]; then
	QEMU_NOTE="(qemu-aarch64-static not installed: arm64 not measured; run scripts/ensure-tools.sh)"
else
	echo "--- dist/bianmin-linux-arm64 under $(basename "$QEMU"): 1 run (emulated)"
	"$TMP/startup" -bin dist/bianmin-linux-arm64 -prefix "$QEMU" -label "linux/arm64 (qemu, emulated)" \
		-n 1 -timeout 180s -stop-timeout 30s >>"$TMP/results.tsv"
fi

echo
echo "Startup: exec -> first GET /readyz 200 (fresh data dir); idle RSS read 3 s after ready"
printf '%-30s %5s %9s %10s %9s %12s %9s\n' target runs "min ms" "median ms" "max ms" "idle RSS MB" "stop ms"
printf '%-30s %5s %9s %10s %9s %12s %9s\n' ------------------------------ ----- --------- ---------- --------- ------------ ---------
while IFS=$'\t' read -r label runs rmin rmed rmax rss stop; do
	printf '%-30s %5s %9s %10s %9s %12s %9s\n' "$label" "$runs" "$rmin" "$rmed" "$rmax" "$rss" "$stop"
done <"$TMP/results.tsv"
if [ -n "$QEMU_NOTE" ]; then echo "$QEMU_NOTE"; fi
echo "(emulated numbers show the arm64 build works; they say little about a real Pi)"

echo
echo "Binary size (static, stripped: -s -w -trimpath)"
printf '%-28s %12s %9s\n' binary bytes MiB
printf '%-28s %12s %9s\n' ---------------------------- ------------ ---------
for p in amd64 arm64 armv7 armv6; do
	f="dist/bianmin-linux-$p"
	if [ -f "$f" ]; then
		b="$(stat -c %s "$f")"
		printf '%-28s %12s %9s\n' "$f" "$b" "$(awk -v b="$b" 'BEGIN { printf "%.2f", b / 1048576 }')"
	else
		printf '%-28s %12s %9s\n' "$f" missing -
	fi
done
