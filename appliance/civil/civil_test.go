package civil

import (
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in, want, key string
		args          map[string]any
	}{
		{in: "2026-02-09", want: "2026-02-09"},
		{in: " 2026-2-9 ", want: "2026-02-09"},
		{in: "2026/02/09", want: "2026-02-09"},
		{in: "2026.2.9", want: "2026-02-09"},
		{in: "2026年2月9日", want: "2026-02-09"},
		{in: "２０２６－０２－０９", want: "2026-02-09"}, // full-width, as an input method types it
		{in: "20260209", want: "2026-02-09"},
		{in: "2024-02-29", want: "2024-02-29"}, // a leap day
		{in: "", key: KeyRequired},
		{in: "   ", key: KeyRequired},
		{in: "明天", key: KeyFormat, args: map[string]any{"Value": "明天"}},
		{in: "2026-02", key: KeyFormat, args: map[string]any{"Value": "2026-02"}},
		{in: "2026-02/09", key: KeyFormat, args: map[string]any{"Value": "2026-02/09"}},
		{in: "26-02-09", key: KeyFormat, args: map[string]any{"Value": "26-02-09"}},
		{in: "2026-002-09", key: KeyFormat, args: map[string]any{"Value": "2026-002-09"}},
		{in: "2026-02-30", key: KeyNoSuchDay, args: map[string]any{"Value": "2026-02-30", "Year": 2026, "Month": 2, "Days": 28}},
		{in: "2025-02-29", key: KeyNoSuchDay, args: map[string]any{"Value": "2025-02-29", "Year": 2025, "Month": 2, "Days": 28}},
		{in: "2026-04-31", key: KeyNoSuchDay, args: map[string]any{"Value": "2026-04-31", "Year": 2026, "Month": 4, "Days": 30}},
		{in: "2026-03-00", key: KeyNoSuchDay, args: map[string]any{"Value": "2026-03-00", "Year": 2026, "Month": 3, "Days": 31}},
		{in: "2026-13-01", key: KeyNoSuchMon, args: map[string]any{"Value": "2026-13-01", "Month": 13}},
		{in: "1900-01-01", key: KeyOutOfRange, args: map[string]any{"Value": "1900-01-01", "Min": 2000, "Max": 2099}},
	} {
		got, p := Parse("date", tc.in)
		if tc.key == "" {
			if p != nil || got != tc.want {
				t.Errorf("Parse(%q) = %q, %v; want %q", tc.in, got, p, tc.want)
			}
			continue
		}
		if p == nil || p.Key != tc.key || p.Field != "date" {
			t.Errorf("Parse(%q) = %q, %v; want problem %s", tc.in, got, p, tc.key)
			continue
		}
		for k, v := range tc.args {
			if p.Args[k] != v {
				t.Errorf("Parse(%q): arg %s = %v, want %v", tc.in, k, p.Args[k], v)
			}
		}
	}
}

func TestOptionalAndMidnight(t *testing.T) {
	if d, p := Optional("end", " "); d != "" || p != nil {
		t.Errorf("Optional(blank) = %q, %v", d, p)
	}
	if _, p := Optional("end", "2026-02-30"); p == nil || p.Key != KeyNoSuchDay {
		t.Errorf("Optional(2026-02-30) = %v", p)
	}
	loc := time.FixedZone("CST", 8*3600)
	m, p := ParseIn("date", "2026年3月2日", loc)
	if p != nil || !m.Equal(time.Date(2026, 3, 2, 0, 0, 0, 0, loc)) {
		t.Errorf("ParseIn = %v, %v", m, p)
	}
}
