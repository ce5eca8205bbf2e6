#!/usr/bin/env bash
# Makes the hall display's announcement clips, embedded/static/voice/*.ogg
# (Ogg Opus, mono, about 16 kbit/s), from the list appliance/hall.Clips
# names: words in Mandarin by their pinyin, digits, the letters A–Z as
# queue systems say them (English letter names), and a chime.
#
#   bash scripts/voice/make.sh        (needs espeak-ng and opusenc:
#                                      apt-get install espeak-ng opus-tools)
#
# The clips are committed; run this again only to change a voice.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=embedded/static/voice
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for tool in espeak-ng opusenc; do
	command -v "$tool" >/dev/null || { echo "make.sh: $tool is missing (apt-get install espeak-ng opus-tools)"; exit 1; }
done
mkdir -p "$out"
rm -f "$out"/*.ogg

# say NAME VOICE TEXT: one clip. -s is the speed in words per minute (a
# little slower than espeak's 175 for a hall), -p the pitch.
say() {
	espeak-ng -v "$2" -s 150 -p 45 -w "$tmp/$1.raw.wav" "$3" 2>/dev/null
	go run ./scripts/voice trim "$tmp/$1.raw.wav" "$tmp/$1.wav"
	encode "$1"
}
encode() {
	opusenc --quiet --bitrate 16 --comp 10 --discard-comments "$tmp/$1.wav" "$out/$1.ogg"
}

# Words (pinyin with tone numbers; the cmn voice reads some characters
# with its English rules, the pinyin voice reads them all right).
say qing       cmn-latn-pinyin "qing3"
say hao        cmn-latn-pinyin "hao4"
say dao        cmn-latn-pinyin "dao4"
say chuangkou  cmn-latn-pinyin "chuang1kou3"
say banli      cmn-latn-pinyin "ban4li3"
say shi        cmn-latn-pinyin "shi2"
say bai        cmn-latn-pinyin "bai3"
digits=(ling2 yi1 er4 san1 si4 wu3 liu4 qi1 ba1 jiu3)
for d in 0 1 2 3 4 5 6 7 8 9; do
	say "$d" cmn-latn-pinyin "${digits[$d]}"
done
for l in {A..Z}; do
	say "$l" en "$l"
done
go run ./scripts/voice chime "$tmp/chime.wav"
encode chime

du -cb "$out"/*.ogg | tail -1
