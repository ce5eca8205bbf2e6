#!/usr/bin/env bash
# install.sh — install Bianmin (便民) on a box: binary, user, systemd unit, udev rules.
#
#   sudo ./deploy/install.sh                 # binary from ./dist/ (after `make build`)
#   sudo ./deploy/install.sh --dist DIR      # binaries from DIR (bianmin-linux-<arch>)
#   sudo ./deploy/install.sh --bin FILE      # this exact binary
#   sudo ./deploy/install.sh --no-start      # install and enable, but do not (re)start
#   sudo ./deploy/install.sh --kiosk         # also set this box up as a kiosk screen (CJK font)
#   sudo ./deploy/install.sh --kiosk-only    # only the kiosk part: a screen box that runs no bianmin
#   sudo ./deploy/install.sh --rtc ds3231    # also enable a DS3231 real-time clock module (I2C; reboot once)
#
# On a fresh Raspberry Pi OS Lite it also turns on time sync (systemd-timesyncd)
# and makes the data directory /var/lib/bianmin (owned by bianmin, 0750), where
# the update slots live too. The read-only root notes: docs/technician-guide.zh-CN.md.
#
# Picks the binary for `uname -m`: aarch64 -> arm64, armv7l -> armv7,
# armv6l -> armv6, x86_64 -> amd64. Safe to run again for an upgrade.
# DESTDIR=/some/dir installs the files under that root only (no user, no systemctl,
# no udevadm) — for packaging and for testing this script.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DIST="$HERE/../dist"
BIN=""
START=1
KIOSK=0
SERVER=1
RTC=""
DESTDIR="${DESTDIR:-}"

usage() { sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
	case "$1" in
	--dist) DIST="$2"; shift 2 ;;
	--bin) BIN="$2"; shift 2 ;;
	--no-start) START=0; shift ;;
	--kiosk) KIOSK=1; shift ;;
	--kiosk-only) KIOSK=1; SERVER=0; shift ;;
	--rtc) RTC="$2"; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) echo "install.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
	esac
done

say() { printf '==> %s\n' "$*"; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

if [ -z "$DESTDIR" ] && [ "$(id -u)" -ne 0 ]; then
	die "run as root (sudo $0)"
fi

# ---- kiosk screen ---------------------------------------------------------------
# A kiosk screen (考勤屏, later the hall display) is a browser showing a page of
# the box full screen. Raspberry Pi OS Lite and many Linux PCs have no CJK font:
# every Chinese character would show as a box until the browser has downloaded
# the box's own font (it does, once; see ui/static.go). Installing WenQuanYi Micro
# Hei makes the screen right from the first second and offline.
kiosk_setup() {
	if [ -n "$DESTDIR" ]; then
		say "DESTDIR set: skipping the kiosk font (install fonts-wqy-microhei on the screen box)"
		return
	fi
	if fc-list :lang=zh 2>/dev/null | grep -q .; then
		say "kiosk: a CJK font is installed already ($(fc-list :lang=zh family | head -n1))"
		return
	fi
	if command -v apt-get >/dev/null 2>&1; then
		say "kiosk: installing the CJK font fonts-wqy-microhei"
		apt-get install -y --no-install-recommends fonts-wqy-microhei fontconfig ||
			die "could not install fonts-wqy-microhei: run 'apt-get update' and try again, or install a CJK font by hand"
		fc-cache -f >/dev/null 2>&1 || true
	else
		say "kiosk: no apt-get here; install a CJK font (WenQuanYi Micro Hei or Noto Sans CJK SC) with the system's package manager"
	fi
	cat <<'MSG'
kiosk: open the screen's page full screen, for example
    chromium --kiosk --noerrdialogs --disable-session-crashed-bubble http://BOX:8080/kiosk/attendance
MSG
}

if [ "$SERVER" = 0 ]; then
	kiosk_setup
	exit 0
fi

if [ -z "$BIN" ]; then
	m="$(uname -m)"
	case "$m" in
	aarch64 | arm64) arch=arm64 ;;
	armv7l | armv8l) arch=armv7 ;; # armv8l: 32-bit userland on a 64-bit CPU
	armv6l) arch=armv6 ;;
	x86_64 | amd64) arch=amd64 ;;
	*) die "unsupported machine type '$m' (want aarch64, armv7l, armv6l or x86_64)" ;;
	esac
	BIN="$DIST/bianmin-linux-$arch"
	say "machine $m -> $(basename "$BIN")"
fi
[ -f "$BIN" ] || die "binary not found: $BIN (run 'make build' first, or pass --dist/--bin)"

# The binary must run here before we replace anything.
if ! version_out="$("$BIN" version 2>&1)"; then
	die "$BIN does not run on this machine: $version_out"
fi
say "installing $(head -n1 <<<"$version_out")"

# ---- user and groups ------------------------------------------------------------
if [ -z "$DESTDIR" ]; then
	getent group dialout >/dev/null || groupadd --system dialout
	getent group gpio >/dev/null || groupadd --system gpio
	getent group i2c >/dev/null || groupadd --system i2c
	getent group lp >/dev/null || groupadd --system lp
	if id bianmin >/dev/null 2>&1; then
		usermod -a -G dialout,gpio,i2c,lp bianmin
		say "user bianmin exists; ensured groups dialout,gpio,i2c,lp"
	else
		useradd --system --user-group --groups dialout,gpio,i2c,lp \
			--home-dir /var/lib/bianmin --no-create-home \
			--shell /usr/sbin/nologin --comment "Bianmin appliance" bianmin
		say "created system user bianmin (groups dialout,gpio,i2c,lp)"
	fi
fi

# ---- files ----------------------------------------------------------------------
install -d -m 0755 "$DESTDIR/usr/local/bin" "$DESTDIR/etc/systemd/system" \
	"$DESTDIR/etc/udev/rules.d" "$DESTDIR/usr/local/share/doc/bianmin"
# Copy next to the target, then rename: a running old binary is never half-written.
install -m 0755 "$BIN" "$DESTDIR/usr/local/bin/.bianmin.new"
mv -f "$DESTDIR/usr/local/bin/.bianmin.new" "$DESTDIR/usr/local/bin/bianmin"
install -m 0644 "$HERE/bianmin.service" "$DESTDIR/etc/systemd/system/bianmin.service"
install -m 0644 "$HERE/99-bianmin.rules" "$DESTDIR/etc/udev/rules.d/99-bianmin.rules"
# The box's own settings (which devices it has): made once, never overwritten.
install -d -m 0755 "$DESTDIR/etc/default"
if [ ! -e "$DESTDIR/etc/default/bianmin" ]; then
	install -m 0644 "$HERE/bianmin.default" "$DESTDIR/etc/default/bianmin"
	say "made /etc/default/bianmin (fingerprint reader and ticket printer on; edit it for a box without them)"
fi
install -m 0644 "$HERE/README.md" "$DESTDIR/usr/local/share/doc/bianmin/README.md"
if [ -f "$HERE/../docs/technician-guide.zh-CN.md" ]; then
	install -m 0644 "$HERE/../docs/technician-guide.zh-CN.md" "$DESTDIR/usr/local/share/doc/bianmin/technician-guide.zh-CN.md"
fi
say "installed /usr/local/bin/bianmin, bianmin.service, 99-bianmin.rules${DESTDIR:+ under $DESTDIR}"

if [ -n "$DESTDIR" ]; then
	say "DESTDIR set: skipping user, udev and systemd steps"
	exit 0
fi

[ "$KIOSK" = 1 ] && kiosk_setup

# ---- data directory --------------------------------------------------------------
# systemd's StateDirectory= makes it too; made here so that commands run
# before the first start (bianmin restore) find it owned by bianmin.
install -d -o bianmin -g bianmin -m 0750 /var/lib/bianmin

# ---- time -----------------------------------------------------------------------
# Punches carry the time's quality: synced by NTP, from a battery clock, or
# unsure. Turn on the system's NTP client (systemd-timesyncd on Raspberry Pi OS).
if command -v timedatectl >/dev/null 2>&1; then
	timedatectl set-ntp true 2>/dev/null && say "time sync (NTP) on" || say "could not turn on NTP: check timedatectl"
fi

# ---- DS3231 real-time clock (optional) -----------------------------------------
# A box without network keeps the right time across power cuts only with a
# battery clock. The overlay makes the kernel read it at boot; fake-hwclock
# (which would set the time saved at shutdown) must then go.
if [ -n "$RTC" ]; then
	[ "$RTC" = ds3231 ] || die "--rtc: only ds3231 is supported, not '$RTC'"
	cfg=/boot/firmware/config.txt
	[ -f "$cfg" ] || cfg=/boot/config.txt
	[ -f "$cfg" ] || die "--rtc: no /boot/firmware/config.txt or /boot/config.txt (not a Raspberry Pi OS?)"
	if grep -q '^dtoverlay=i2c-rtc,ds3231' "$cfg"; then
		say "DS3231 overlay already in $cfg"
	else
		printf '\n# Bianmin: DS3231 real-time clock on I2C (pins 1, 3, 5, 9)\ndtparam=i2c_arm=on\ndtoverlay=i2c-rtc,ds3231\n' >>"$cfg"
		say "added the DS3231 overlay to $cfg: reboot once, then check with: hwclock -r"
	fi
	if dpkg -s fake-hwclock >/dev/null 2>&1; then
		apt-get -y remove fake-hwclock >/dev/null 2>&1 && say "removed fake-hwclock (the DS3231 keeps the time now)" || say "remove fake-hwclock by hand: apt-get remove fake-hwclock"
	fi
fi

# ---- udev -----------------------------------------------------------------------
if command -v udevadm >/dev/null 2>&1; then
	udevadm control --reload-rules 2>/dev/null || true
	udevadm trigger --action=add --subsystem-match=tty --subsystem-match=usbmisc --subsystem-match=gpio --subsystem-match=i2c-dev 2>/dev/null || true
	say "udev rules reloaded (/dev/bianmin-fingerprint, /dev/bianmin-printer)"
else
	say "udevadm not found: the rules apply after the next boot"
fi

# ---- systemd --------------------------------------------------------------------
if [ ! -d /run/systemd/system ]; then
	# Not booted with systemd (an image being built in a chroot, a container):
	# `systemctl enable` still works offline and makes it start on the next boot.
	if command -v systemctl >/dev/null 2>&1 && systemctl enable bianmin.service; then
		say "systemd is not running here: enabled for the next boot"
	else
		say "systemd is not running here: enable later with 'systemctl enable --now bianmin'"
	fi
else
	systemctl daemon-reload
	systemctl enable bianmin.service
	if [ "$START" = 1 ]; then
		# restart, not start: an upgrade must run the new binary.
		systemctl restart bianmin.service
		sleep 2
		if systemctl is-active --quiet bianmin.service; then
			say "bianmin is running: http://$(hostname -I 2>/dev/null | awk '{print $1}'):8080/"
		else
			say "bianmin did not stay up; see: journalctl -u bianmin -n 50"
			exit 1
		fi
	else
		say "enabled; start with: systemctl start bianmin"
	fi
fi

cat <<'MSG'

On the first start Bianmin prints a one-time admin password (一次性管理员密码). Read it with:

    journalctl -u bianmin | grep 密码

Log in as admin with it and set a new password at once.

Updates from a USB stick: sudo bianmin update install /mnt/bianmin-VERSION-ARCH.bmb
(the technician guide: /usr/local/share/doc/bianmin/technician-guide.zh-CN.md).
MSG
