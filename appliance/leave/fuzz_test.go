package leave

import (
	"bytes"
	"testing"
	"time"

	"bianmin/appliance/locale"
	"bianmin/appliance/locale/localetest"
	"bianmin/embedded"
)

// FuzzReadRows: the leave list reader never panics or hangs; every problem
// has a message in the locale files, a real line and a bounded echo; every
// row read whole has a valid type and a start before its end.
func FuzzReadRows(f *testing.F) {
	for _, seed := range []string{
		"staff_no,type,start,end,certificate\nQS001,sick,2026-02-09 08:30,2026-02-10 18:00,yes\n",
		"工号,类型,开始时间,结束时间,诊断证明\r\nQS002,事假,2026/2/9 8:30,2026/2/9 12:00,否\r\n",
		"QS001,annual,2026-02-09 08:30,2026-02-01 08:30\n",
		"QS001,,,,\n\"x\n",
		"staff_no,type,type\n",
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
		rows, probs, err := readRows(bytes.NewReader(data), loc)
		if err != nil {
			t.Fatalf("a read from memory failed: %v", err)
		}
		localetest.CheckShown(t, cat, probs, lines)
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
	})
}
