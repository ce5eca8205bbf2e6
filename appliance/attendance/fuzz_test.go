package attendance

import (
	"bytes"
	"testing"
	"time"

	"bianmin/appliance/locale"
	"bianmin/appliance/locale/localetest"
	"bianmin/embedded"
)

// FuzzReadPunchFile: the punch file reader — a CSV or a ZKTeco clock's
// attlog.dat, told apart by content — and the clock-id map reader never
// panic or hang; every problem has a message in the locale files, a real
// line and a bounded echo; every punch read has a time and a line; the
// limit on rows holds.
func FuzzReadPunchFile(f *testing.F) {
	for _, seed := range []string{
		"staff_no,time\nQS001,2026-02-09 08:25\nQS002,2026/2/9 8:31\n",
		"        1\t2026-02-09 08:25:13\t0\t1\t0\t0\n       12\t2026-02-09 12:01:44\t1\t1\t0\t0\n",
		"工号,时间\r\n７,2026-02-09 08:25:00\r\n",
		"QS001,2026-13-40 99:99\n",
		"1\t\t\t\n",
		"clock_id,staff_no\n1,QS001\n1,QS002\n",
		"\xff\xfe1\x00\t\x002\x000\x00",
		"",
	} {
		f.Add([]byte(seed))
	}
	cat, err := locale.Load(embedded.FS)
	if err != nil {
		f.Fatal(err)
	}
	loc := time.FixedZone("CST", 8*3600)
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := localetest.Lines(data)
		var res PunchImportResult
		rows, probs, err := readPunchFile(bytes.NewReader(data), loc, &res)
		if err != nil {
			t.Fatalf("a read from memory failed: %v", err)
		}
		localetest.CheckShown(t, cat, probs, lines)
		if len(rows) > MaxPunchImportRows {
			t.Fatalf("%d rows, more than the limit", len(rows))
		}
		if res.Format != "" && res.Format != FormatCSV && res.Format != FormatAttlog {
			t.Fatalf("format %q", res.Format)
		}
		for _, r := range rows {
			if r.time.IsZero() || r.line < 1 || r.line > lines || r.id == "" {
				t.Fatalf("row %+v of a %d-line file", r, lines)
			}
		}
		_, mprobs, err := ReadClockMap(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("a map read from memory failed: %v", err)
		}
		localetest.CheckShown(t, cat, mprobs, lines)
	})
}
