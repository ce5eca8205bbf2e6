#!/bin/sh
# The hall's queue display (大厅叫号屏) or a window display (窗口屏): Chromium
# full screen on the box's page, with sound allowed without a touch (the
# page then never asks "点击开启语音"), no "restore pages" bubble after a
# power cut, and no screen blanking. Run it in the screen's graphical
# session (deploy/bianmin-hall-screen.service starts it as a systemd user
# unit), or by hand:
#
#   deploy/hall-screen.sh http://盒子IP:8080/hall
#   deploy/hall-screen.sh http://盒子IP:8080/hall/window/3
#
# Pair the screen once (设置 › 屏幕 › 登记新屏幕, then open the pairing link
# in this browser): its cookie lives in the profile below, so keep the
# profile between runs.
set -eu
url=${1:-${BIANMIN_HALL_URL:-http://127.0.0.1:8080/hall}}
profile=${BIANMIN_HALL_PROFILE:-$HOME/.config/bianmin-hall-screen}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
	echo "hall-screen: no Chromium found (apt-get install chromium)" >&2
	exit 1
fi
mkdir -p "$profile"
# A power cut leaves the profile marked as crashed; clear the mark so the
# browser opens the page, not a question.
sed -i 's/"exited_cleanly":false/"exited_cleanly":true/; s/"exit_type":"Crashed"/"exit_type":"Normal"/' \
	"$profile/Default/Preferences" 2>/dev/null || true
if command -v xset >/dev/null 2>&1 && [ -n "${DISPLAY:-}" ]; then
	xset s off -dpms s noblank 2>/dev/null || true
fi
exec "$browser" --kiosk --user-data-dir="$profile" \
	--autoplay-policy=no-user-gesture-required \
	--noerrdialogs --disable-infobars --disable-session-crashed-bubble \
	--no-first-run --disable-translate --check-for-update-interval=31536000 \
	"$url"
