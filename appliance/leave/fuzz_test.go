package leave

import (
	"bytes"
	"testing"
	"time"

	"bianmin/appliance/locale/localetest"
	"bianmin/appliance/problem"
	"bianmin/embedded"
)

// FuzzReadRows: the leave list reader never panics or hangs; every problem
// has a message in the locale files, a real line and a bounded echo; every
// row read whole has a valid type and a start before its end.
func FuzzReadRows(f *testing.F) {
	loc := time.FixedZone("CST", 8*3600)
	localetest.FuzzReader(f, embedded.FS, [][]byte{
		[]byte("staff_no,type,start,end,certificate\nQS001,sick,2026-02-09 08:30,2026-02-10 18:00,yes\n"),
		[]byte("工号,类型,开始时间,结束时间,诊断证明\r\nQS002,事假,2026/2/9 8:30,2026/2/9 12:00,否\r\n"),
		[]byte("QS001,annual,2026-02-09 08:30,2026-02-01 08:30\n"),
		[]byte("QS001,,,,\n\"x\n"),
		[]byte("staff_no,type,type\n"),
		{},
	}, func(t *testing.T, data []byte, lines int) (problem.List, error) {
		rows, probs, err := readRows(bytes.NewReader(data), loc)
		if err != nil {
			return nil, err
		}
		if len(rows) > MaxImportRows {
			t.Fatalf("%d rows", len(rows))
		}
		for _, r := range rows {
			if r.line < 1 || r.line > lines {
				t.Fatalf("row on line %d of a %d-line file", r.line, lines)
			}
			if r.ok && (!r.leave.Type.Valid() || !r.leave.Start.Before(r.leave.End)) {
				t.Fatalf("a row read whole is not a leave: %+v", r.leave)
			}
		}
		return probs, nil
	})
}
