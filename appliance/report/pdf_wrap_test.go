package report

import (
	"strings"
	"testing"
)

// TestTokens: lines break between CJK characters and at spaces, never
// inside a number or a word, never before closing punctuation and never
// after an opening bracket (the usual rules for Chinese text).
func TestTokens(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"迟到 15 分钟", "迟|到| |15| |分|钟"},
		{"签到，迟到", "签|到，|迟|到"},
		{"（应于 08:30 前）", "（应|于| |08:30| |前）"},
		{"Signed in at 08:45: 15 min late", "Signed| |in| |at| |08:45:| |15| |min| |late"},
		{"旷工 1.5 天；2026-01 迟到", "旷|工| |1.5| |天；|2026-01| |迟|到"},
		{"阿卜杜热合曼·买买提依明", "阿|卜|杜|热|合|曼·|买|买|提|依|明"},
	} {
		if got := strings.Join(tokens(c.in), "|"); got != c.want {
			t.Errorf("tokens(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
