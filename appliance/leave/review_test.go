package leave

import (
	"errors"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// TestReviewForStaffSeeksNearFrom: ForStaffTx starts its walk MaxLength
// before from instead of at the person's first record, and still finds
// leave that began long before from but overlaps it.
func TestReviewForStaffSeeksNearFrom(t *testing.T) {
	f := newFixture(t)
	rec := func(typ Type, start, end string) Leave {
		t.Helper()
		l, err := f.svc.Record("office", Leave{StaffID: f.wang.ID, Type: typ, Start: at(start), End: at(end)})
		if err != nil {
			t.Fatalf("record %s..%s: %v", start, end, err)
		}
		return l
	}
	rec(TypePersonal, "2024-03-04 08:30", "2024-03-04 12:00")
	rec(TypeSick, "2025-05-12 08:30", "2025-05-13 18:00")
	maternity := rec(TypeMaternity, "2025-06-02 08:30", "2026-03-10 18:00") // 281 days, well before March
	rec(TypePersonal, "2026-03-20 08:30", "2026-03-20 12:00")
	rec(TypePersonal, "2026-04-01 08:30", "2026-04-01 12:00") // starts at `to`: not in March

	// A damaged record of 2023 that the walk must never read: before the
	// fix ForStaffTx decoded the whole history and failed on it.
	err := f.db.Update("test", func(tx *store.Tx) error {
		b, err := tx.Bucket(bucketLeave)
		if err != nil {
			return err
		}
		return b.Put(leaveKey(Leave{StaffID: f.wang.ID, ID: 999, Start: at("2023-01-02 08:30")}), []byte("{not json"))
	})
	if err != nil {
		t.Fatal(err)
	}

	got, err := f.svc.ForStaff(f.wang.ID, at("2026-03-01 00:00"), at("2026-04-01 00:00"))
	if err != nil {
		t.Fatalf("March: %v (the walk read history long before March)", err)
	}
	if len(got) != 2 || got[0].ID != maternity.ID || !got[1].Start.Equal(at("2026-03-20 08:30")) {
		t.Fatalf("March: %+v; want the maternity leave begun in June 2025 and the leave of 20 March", got)
	}

	// Boundaries: a leave of exactly MaxLength that ends one minute after
	// from is found; one that ends exactly at from is not.
	g := newFixture(t)
	from := at("2026-03-01 00:00")
	long, err := g.svc.Record("office", Leave{StaffID: g.wang.ID, Type: TypeMaternity, Start: from.Add(-MaxLength + time.Minute), End: from.Add(time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := g.svc.ForStaff(g.wang.ID, from, from.AddDate(0, 1, 0)); err != nil || len(got) != 1 || got[0].ID != long.ID {
		t.Fatalf("leave of MaxLength ending 1 minute into the range: %+v %v", got, err)
	}
	if got, err := g.svc.ForStaff(g.wang.ID, from.Add(time.Minute), from.AddDate(0, 1, 0)); err != nil || len(got) != 0 {
		t.Fatalf("leave ending exactly at from: %+v %v; want none", got, err)
	}
	// Storing another leave that overlaps the long one is still refused.
	_, err = g.svc.Record("office", Leave{StaffID: g.wang.ID, Type: TypePersonal, Start: from.Add(-time.Hour), End: from})
	if p, ok := problem.As(err); !ok || p.Key != errOverlapStored {
		t.Fatalf("overlap with a leave begun a year earlier: %v, want %s", err, errOverlapStored)
	}
}

// TestReviewLeaveDateRange: leave dated outside 2000..2099 (a typo such as
// 1900) is refused with a clear problem instead of being stored under a
// negative-nanosecond key that sorts after every other record.
func TestReviewLeaveDateRange(t *testing.T) {
	f := newFixture(t)
	_, err := f.svc.Record("office", Leave{StaffID: f.wang.ID, Type: TypePersonal, Start: at("1900-03-02 08:30"), End: at("1900-03-02 12:00")})
	p, ok := problem.As(err)
	if !ok || p.Key != errDateRange || p.Field != colStart {
		t.Fatalf("leave in 1900: %v, want %s on start", err, errDateRange)
	}
	if p.Args["Value"] != "1900-03-02 08:30" {
		t.Errorf("the problem does not name the date as typed: %v", p.Args)
	}
	csv := "staff_no,type,start,end\nQS001,事假,1900-03-02 08:30,1900-03-02 12:00\nQS002,事假,2026-03-02 08:30,2126-03-02 12:00\n"
	res, err := f.svc.ImportCSV("cli", "leave.csv", strings.NewReader(csv), cst)
	if !errors.Is(err, ErrImportRejected) || len(res.Errors) != 2 || res.Errors[0].Key != errDateRange || res.Errors[1].Key != errDateRange {
		t.Fatalf("import of 1900 and 2126: %+v %v", res, err)
	}
	if n := f.svc.Count(); n != 0 {
		t.Errorf("%d records stored, want 0", n)
	}
}
