#!/usr/bin/env bash
# load.sh — loopback load on a fresh `bianmin serve`: GET /healthz and GET /login.
#
# Starts the host binary (bin/bianmin, built by `make host`, or BIANMIN_BIN) with a
# fresh temp data dir on a free 127.0.0.1 port, waits for /readyz, runs
# scripts/loadgen against each endpoint, prints the results and stops the server.
#
# Knobs (environment): LOAD_C (concurrency, 16), LOAD_N (requests per endpoint,
# 20000), LOAD_D (duration cap per endpoint, 20s), BIANMIN_BIN (skip the build).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
GO="${GO:-go}"
MAKE="${MAKE:-make}"
C="${LOAD_C:-16}"
N="${LOAD_N:-20000}"
D="${LOAD_D:-20s}"

BIN="${BIANMIN_BIN:-}"
if [ -z "$BIN" ]; then
	echo "--- make host"
	"$MAKE" --no-print-directory host
	BIN=bin/bianmin
fi

TMP="$(mktemp -d -t bianmin-load-XXXXXX)"
SERVER_PID=""
cleanup() {
	if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
		kill -TERM "$SERVER_PID" 2>/dev/null || true
		for _ in $(seq 1 100); do
			kill -0 "$SERVER_PID" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT

echo "--- building scripts/loadgen"
CGO_ENABLED=0 "$GO" build -buildvcs=false -o "$TMP/loadgen" ./scripts/loadgen

# A port nobody listens on (checked by trying to connect to it).
free_port() {
	local p i
	for i in $(seq 1 100); do
		p=$((20000 + RANDOM % 40000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

# HTTP status code of GET http://127.0.0.1:PORT/PATH, in plain bash (no curl needed).
http_status() {
	local port="$1" path="$2" line
	exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
	printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$path" "$port" >&3
	IFS=' ' read -r -t 2 _ line _ <&3 || true
	exec 3<&-
	echo "${line:-000}"
}

start_server() {
	local port="$1"
	mkdir -p "$TMP/data"
	BIANMIN_DATA="$TMP/data" BIANMIN_ADDR="127.0.0.1:$port" \
		"$BIN" --data "$TMP/data" serve --addr "127.0.0.1:$port" >"$TMP/server.log" 2>&1 &
	SERVER_PID=$!
	local i
	for i in $(seq 1 600); do # 30 s
		if [ "$(http_status "$port" /readyz 2>/dev/null)" = 200 ]; then
			return 0
		fi
		kill -0 "$SERVER_PID" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

ready=0
for attempt in 1 2 3; do
	PORT="$(free_port)"
	echo "--- starting $BIN serve on 127.0.0.1:$PORT (fresh data dir)"
	if start_server "$PORT"; then
		ready=1
		break
	fi
	echo "server did not become ready (attempt $attempt); its output:" >&2
	tail -n 20 "$TMP/server.log" >&2 || true
	cleanup_pid="$SERVER_PID"
	kill -KILL "$cleanup_pid" 2>/dev/null || true
	wait "$cleanup_pid" 2>/dev/null || true
	SERVER_PID=""
	rm -rf "$TMP/data"
done
[ "$ready" = 1 ] || { echo "load: giving up" >&2; exit 1; }

status=0
for path in /healthz /login; do
	echo
	echo "=== GET $path  (c=$C, n=$N, cap $D)"
	"$TMP/loadgen" -url "http://127.0.0.1:$PORT$path" -c "$C" -n "$N" -d "$D" || status=1
done

if ! kill -0 "$SERVER_PID" 2>/dev/null; then
	echo "load: the server died during the run; its output:" >&2
	tail -n 30 "$TMP/server.log" >&2 || true
	status=1
fi
if [ -r "/proc/$SERVER_PID/status" ]; then
	echo
	echo "server RSS after load: $(awk '/^VmRSS:/ { printf "%.1f MB", $2 / 1024 }' "/proc/$SERVER_PID/status")"
fi
exit "$status"
