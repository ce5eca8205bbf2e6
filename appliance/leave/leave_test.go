package leave

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/staff"
	"bianmin/appliance/store"
	"bianmin/appliance/store/storetest"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// cst and at: the center's zone, and a moment in it ("2026-09-24 09:00").
var (
	cst = storetest.CST
	at  = storetest.At
)

type fixture struct {
	db   *store.DB
	svc  *Service
	wang staff.Staff
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	db := storetest.Open(t, store.Options{Now: func() time.Time { return at("2026-03-02 18:00") }})
	reg := staff.New(db)
	u, _ := reg.CreateUnit("t", staff.Unit{Name: "民政办", Active: true})
	wang, err := reg.CreateStaff("t", staff.Staff{StaffNo: "QS001", Name: "王建国", UnitID: u.ID, Position: staff.PositionStaff})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := reg.CreateStaff("t", staff.Staff{StaffNo: "QS002", Name: "李秀英", UnitID: u.ID, Position: staff.PositionStaff}); err != nil {
		t.Fatal(err)
	}
	return fixture{db: db, svc: New(db), wang: wang}
}

// TestCountsAs: regulation 000 第三篇 七(二)7 "因病休假1天以上(不含1天)的,應當提供
// 醫院出具的《診斷證明書》…未能提供《診斷證明書》的,視為事假".
func TestCountsAs(t *testing.T) {
	cases := []struct {
		name string
		l    Leave
		days float64
		want Type
	}{
		{"one day of sick leave needs no certificate", Leave{Type: TypeSick}, 1, TypeSick},
		{"one and a half days without certificate", Leave{Type: TypeSick}, 1.5, TypePersonal},
		{"two days with certificate", Leave{Type: TypeSick, Certificate: true}, 2, TypeSick},
		{"annual leave is annual leave", Leave{Type: TypeAnnual}, 5, TypeAnnual},
	}
	for _, tc := range cases {
		if got := tc.l.CountsAs(tc.days); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
}

const goodCSV = `staff_no,type,start,end,certificate
QS001,sick,2026-02-10 08:30,2026-02-11 17:30,no
QS002,年休假,2026-02-02 08:30,2026-02-06 17:30,
qs001,事假,2026/2/12 8:30,2026/2/12 12:00,否
`

// TestImportCSV: imported leave is approved; everything or nothing.
func TestImportCSV(t *testing.T) {
	f := newFixture(t)
	res, err := f.svc.ImportCSV("cli", "leave.csv", strings.NewReader(goodCSV), cst)
	if err != nil || res.Imported != 3 {
		t.Fatalf("import: %+v %v", res, err)
	}
	got, err := f.svc.ForStaff(f.wang.ID, at("2026-02-01 00:00"), at("2026-03-01 00:00"))
	if err != nil || len(got) != 2 {
		t.Fatalf("wang's leave: %+v %v", got, err)
	}
	if l := got[1]; l.Type != TypePersonal || !l.Start.Equal(at("2026-02-12 08:30")) || !l.End.Equal(at("2026-02-12 12:00")) ||
		l.Status != StatusApproved || l.Source != SourceImport || l.Ref != "leave.csv:4" {
		t.Errorf("third line: %+v", l)
	}
	// Importing again: every line overlaps stored leave; nothing is added.
	res, err = f.svc.ImportCSV("cli", "leave.csv", strings.NewReader(goodCSV), cst)
	if !errors.Is(err, ErrImportRejected) || len(res.Errors) != 3 || res.Errors[0].Key != errOverlapStored {
		t.Fatalf("second import: %+v %v", res, err)
	}
	if n := f.svc.Count(); n != 3 {
		t.Errorf("%d records after the rejected import, want 3", n)
	}
	if res, _ := f.db.VerifyAudit(); !res.OK {
		t.Errorf("audit chain: %+v", res)
	}
}

func TestImportCSVProblems(t *testing.T) {
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String("工号,类型,开始时间,结束时间\nQS001,病假,2026-02-10 08:30,2026-02-10 17:30\n")
	cases := []struct {
		name, file string
		want       []string // "line:key"
		imported   int
	}{
		{"GBK with Chinese headings", gbk, nil, 1},
		{"no header, BOM", "\uFEFFQS001,sick,2026-02-10 08:30,2026-02-10 17:30,yes\n", nil, 1},
		{"unknown staff number", "QS001,sick,2026-02-10 08:30,2026-02-10 17:30\nQS404,sick,2026-02-10 08:30,2026-02-10 17:30\n", []string{"2:" + errUnknownStaff}, 0},
		{"bad cells", "staff_no,type,start,end,certificate\nQS001,holiday,2026-02-10,2026-02-10 17:30,maybe\n",
			[]string{"2:" + errType, "2:" + errTime, "2:" + errCertificate}, 0},
		{"ends before it starts", "QS001,sick,2026-02-10 17:30,2026-02-10 08:30\n", []string{"1:" + errEndBeforeStart}, 0},
		{"overlapping lines", "QS001,sick,2026-02-10 08:30,2026-02-11 17:30\nQS001,personal,2026-02-11 08:30,2026-02-11 12:00\n", []string{"2:" + errOverlapFile}, 0},
		{"missing column", "staff_no,type,start\nQS001,sick,2026-02-10 08:30\n", []string{"1:" + errMissingColumn}, 0},
		{"empty", "", []string{"0:" + errEmpty}, 0},
	}
	for _, tc := range cases {
		f := newFixture(t)
		res, err := f.svc.ImportCSV("cli", "leave.csv", strings.NewReader(tc.file), cst)
		var got []string
		for _, p := range res.Errors {
			got = append(got, fmt.Sprintf("%d:%s", p.Line, p.Key))
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) || res.Imported != tc.imported || (err != nil) != (len(tc.want) > 0) {
			t.Errorf("%s: %+v (%v), want %v", tc.name, res, err, tc.want)
		}
		if f.svc.Count() != tc.imported {
			t.Errorf("%s: %d stored", tc.name, f.svc.Count())
		}
	}
}
