#!/usr/bin/env bash
# ensure-tools.sh — install the system tools that `make test` needs, and only those
# that are missing: chromium (browser tests), qemu-user-static (runs the arm64 build),
# poppler-utils (pdftotext, for PDF report tests) and file.
#
# Debian/Ubuntu only. Runs unattended (no stdin needed). When everything is already
# installed it does not touch apt at all. Waits for a dpkg/apt lock held by another
# apt run (e.g. an install still going on in the background) instead of failing.
set -euo pipefail

PACKAGES=(chromium qemu-user-static poppler-utils file)

log() { printf '[ensure-tools] %s\n' "$*"; }

is_installed() {
	# "install ok installed" is dpkg's state for a fully configured package.
	[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
	missing_cmds=()
	for c in chromium qemu-aarch64-static pdftotext file; do
		command -v "$c" >/dev/null 2>&1 || missing_cmds+=("$c")
	done
	if [ ${#missing_cmds[@]} -eq 0 ]; then
		log "not a Debian system, but all tools are on PATH"
		exit 0
	fi
	log "not a Debian system (no apt-get/dpkg-query); install by hand: ${missing_cmds[*]}" >&2
	exit 1
fi

missing=()
for p in "${PACKAGES[@]}"; do
	is_installed "$p" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
	log "all present: ${PACKAGES[*]} (apt not run)"
	exit 0
fi
log "missing: ${missing[*]}"

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO=(sudo -n)
	else
		log "not root and no sudo: cannot install ${missing[*]}" >&2
		exit 1
	fi
fi

export DEBIAN_FRONTEND=noninteractive
APT_OPTS=(-o DPkg::Lock::Timeout=600 -o Dpkg::Use-Pty=0 -o APT::Color=0)

# Another apt/dpkg run (e.g. an install still going on in the background) holds the
# locks: wait for it to finish (up to 10 min) instead of failing. DPkg::Lock::Timeout
# covers the dpkg lock; `apt-get update` needs the lists lock and does not wait, so
# we also watch for the processes ourselves.
apt_busy() {
	local f c
	for f in /proc/[0-9]*/comm; do
		c="$(cat "$f" 2>/dev/null || true)"
		case "$c" in
		apt | apt-get | aptitude | dpkg | unattended-upgr*) return 0 ;;
		esac
	done
	return 1
}

wait_for_apt() {
	local waited=0
	while apt_busy; do
		if [ "$waited" -ge 600 ]; then
			log "apt/dpkg still busy after 600 s; trying anyway"
			return 0
		fi
		[ "$waited" -eq 0 ] && log "another apt/dpkg is running; waiting for it"
		sleep 5
		waited=$((waited + 5))
	done
}

# Run an apt command (after any other apt run has finished); retry twice on failure,
# which covers a lock taken between our check and the command.
apt_run() {
	local i
	for i in 1 2 3; do
		wait_for_apt
		if "${SUDO[@]}" "$@" </dev/null; then
			return 0
		fi
		[ "$i" -eq 3 ] && return 1
		log "'$*' failed; retrying in 10 s ($i/3)"
		sleep 10
	done
}

log "apt-get update"
apt_run apt-get "${APT_OPTS[@]}" -q update
log "apt-get install -y ${missing[*]}"
apt_run apt-get "${APT_OPTS[@]}" -q install -y --no-install-recommends "${missing[@]}"

still=()
for p in "${missing[@]}"; do
	is_installed "$p" || still+=("$p")
done
if [ ${#still[@]} -ne 0 ]; then
	log "still not installed after apt-get: ${still[*]}" >&2
	exit 1
fi
log "installed: ${missing[*]}"
