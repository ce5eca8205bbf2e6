package calendar

import (
	"testing"
	"time"

	"bianmin/appliance/locale"
	"bianmin/appliance/locale/localetest"
	"bianmin/embedded"
)

// FuzzParseNotice: the holiday notice reader never panics or hangs on any
// text; every problem has a message in the locale files and a bounded
// echo; a notice read without problems lists each date once, in order,
// inside its year.
func FuzzParseNotice(f *testing.F) {
	shipped, err := embedded.FS.ReadFile("holidays/2026.txt")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(shipped, 2026)
	for _, seed := range []string{
		"# 国办发明电〔2025〕7号\n2026-01-01..2026-01-03 off 元旦 | New Year's Day\n2026-01-04 work 元旦调休上班\n",
		"2026-02-30 off 不存在\n",
		"2026-10-01..2026-12-31 off 太长\n",
		"2026-05-01 off\n2026-05-01 work 重复\n",
		"\x00\xff",
		"",
	} {
		f.Add([]byte(seed), 2026)
	}
	cat, err := locale.Load(embedded.FS)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte, year int) {
		n, probs := ParseNotice(data, year)
		localetest.CheckShown(t, cat, probs, localetest.Lines(data))
		if len(probs) > 0 {
			return
		}
		prev := ""
		for _, d := range n.Days {
			day, err := time.Parse("2006-01-02", d.Date)
			if err != nil || day.Year() != n.Year || d.Date <= prev {
				t.Fatalf("notice of %d lists %q after %q", n.Year, d.Date, prev)
			}
			prev = d.Date
		}
	})
}
