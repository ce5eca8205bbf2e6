package attendance

import (
	"bytes"
	"testing"
	"time"

	"bianmin/appliance/locale/localetest"
	"bianmin/appliance/problem"
	"bianmin/embedded"
)

// FuzzReadPunchFile: the punch file reader — a CSV or a ZKTeco clock's
// attlog.dat, told apart by content — and the clock-id map reader never
// panic or hang; every problem has a message in the locale files, a real
// line and a bounded echo; every punch read has a time and a line; the
// limit on rows holds.
func FuzzReadPunchFile(f *testing.F) {
	loc := time.FixedZone("CST", 8*3600)
	localetest.FuzzReader(f, embedded.FS, [][]byte{
		[]byte("staff_no,time\nQS001,2026-02-09 08:25\nQS002,2026/2/9 8:31\n"),
		[]byte("        1\t2026-02-09 08:25:13\t0\t1\t0\t0\n       12\t2026-02-09 12:01:44\t1\t1\t0\t0\n"),
		[]byte("工号,时间\r\n７,2026-02-09 08:25:00\r\n"),
		[]byte("QS001,2026-13-40 99:99\n"),
		[]byte("1\t\t\t\n"),
		[]byte("clock_id,staff_no\n1,QS001\n1,QS002\n"),
		[]byte("\xff\xfe1\x00\t\x002\x000\x00"),
		{},
	}, func(t *testing.T, data []byte, lines int) (problem.List, error) {
		var res PunchImportResult
		rows, probs, err := readPunchFile(bytes.NewReader(data), loc, &res)
		if err != nil {
			return nil, err
		}
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
		return append(probs, mprobs...), err
	})
}
