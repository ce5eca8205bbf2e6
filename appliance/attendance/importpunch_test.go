package attendance

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"bianmin/appliance/staff"
)

// importFixture adds staff numbered as a ZKTeco clock's user ids often are:
// 0007 (the clock says 7) and 12.
func importFixture(t *testing.T) (fixture, staff.Staff, staff.Staff) {
	f := newFixture(t)
	reg := staff.New(f.db)
	seven, err := reg.CreateStaff("t", staff.Staff{StaffNo: "0007", Name: "赵磊", UnitID: f.wang.UnitID, Position: staff.PositionStaff})
	if err != nil {
		t.Fatal(err)
	}
	twelve, err := reg.CreateStaff("t", staff.Staff{StaffNo: "12", Name: "孙敏", UnitID: f.wang.UnitID, Position: staff.PositionStaff})
	if err != nil {
		t.Fatal(err)
	}
	return f, seven, twelve
}

// attlog is a ZKTeco USB export: id left-padded, tab, time, then state,
// verify and work-code columns.
const attlog = "        7\t2026-03-02 08:21:07\t1\t0\t1\t0\n" +
	"        7\t2026-03-02 08:21:30\t1\t0\t1\t0\n" + // pressed twice: one punch
	"       12\t2026-03-02 08:29:59\t1\t0\t1\t0\r\n" +
	"\n" +
	"        7\t2026-03-02 12:01:10\t1\t1\t1\t0\n"

// TestImportPunches: "指纹机的系统记录为准" (regulation 000 七(一)2) — punches
// exported by a clock come in whole, mapped to staff, deduplicated.
func TestImportPunches(t *testing.T) {
	cases := []struct {
		name, file, mapFile string
		format              string
		imported, dups      int
		wantKeys            []string // problems, "line:key"
	}{
		{"attlog.dat, ids are staff numbers without leading zeros", attlog, "", FormatAttlog, 3, 1, nil},
		{"CSV with header", "staff_no,time\nQS001,2026-03-02 08:25:00\n0007,2026-03-02 17:31:00\n", "", FormatCSV, 2, 0, nil},
		{"CSV without header, Excel's date form", "qs001,2026/3/2 8:25:00\n12,2026-03-02 08:25\n", "", FormatCSV, 2, 0, nil},
		{"CSV with Chinese header in another order", "时间,工号\n2026-03-02 08:25:00,QS001\n", "", FormatCSV, 1, 0, nil},
		{"mapping file: clock id 101 is QS001", "      101\t2026-03-02 08:10:00\t1\t0\t1\t0\n", "clock_id,staff_no\n101,QS001\n", FormatAttlog, 1, 0, nil},
		{"unknown id: nothing imported, the line named", attlog + "       99\t2026-03-02 08:00:00\t1\t0\t1\t0\n", "", FormatAttlog, 0, 0,
			[]string{"6:" + keyImportUnknownID}},
		{"mapped to an unknown staff number", "      101\t2026-03-02 08:10:00\t1\n", "101,QS404\n", FormatAttlog, 0, 0, []string{"1:" + keyImportMapStaff}},
		{"inactive, future and bad time", "QS002,2026-03-02 08:00:00\nQS001,2026-03-02 19:00:00\nQS001,2026-03-02 25:00:00\nQS001\n", "", FormatCSV, 0, 0,
			[]string{"1:" + keyImportInactive, "2:" + keyImportFuture, "3:" + keyImportTime, "4:" + keyImportLine}},
		{"empty file", "\n\n", "", FormatCSV, 0, 0, []string{"0:" + keyImportEmpty}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, _, _ := importFixture(t)
			opts := PunchImportOptions{Name: "attlog.dat", Location: shanghai}
			if tc.mapFile != "" {
				m, probs, err := ReadClockMap(strings.NewReader(tc.mapFile))
				if len(probs) > 0 || err != nil {
					t.Fatalf("map: %v %v", probs, err)
				}
				opts.Map = m
			}
			res, err := ImportPunches(f.db, "cli:office", strings.NewReader(tc.file), opts)
			var keys []string
			for _, p := range res.Errors {
				keys = append(keys, fmt.Sprintf("%d:%s", p.Line, p.Key))
			}
			if fmt.Sprint(keys) != fmt.Sprint(tc.wantKeys) {
				t.Fatalf("problems %v, want %v (err %v)", keys, tc.wantKeys, err)
			}
			if (len(tc.wantKeys) > 0) != errors.Is(err, ErrPunchImportRejected) {
				t.Fatalf("err = %v", err)
			}
			if res.Imported != tc.imported || res.Duplicates != tc.dups || res.Format != tc.format && len(tc.wantKeys) == 0 {
				t.Fatalf("result %+v, want %d imported, %d duplicates, format %s", res, tc.imported, tc.dups, tc.format)
			}
			if got := New(f.db, 0).Count(); got != tc.imported {
				t.Fatalf("%d punches stored, want %d", got, tc.imported)
			}
		})
	}
}

// TestImportPunchesTwice: importing the same file again adds nothing — all
// duplicates, none an error — and each punch names its file and line.
func TestImportPunchesTwice(t *testing.T) {
	f, seven, _ := importFixture(t)
	opts := PunchImportOptions{Name: "attlog.dat", Location: shanghai}
	if _, err := ImportPunches(f.db, "cli", strings.NewReader(attlog), opts); err != nil {
		t.Fatal(err)
	}
	res, err := ImportPunches(f.db, "cli", strings.NewReader(attlog), opts)
	if err != nil || res.Imported != 0 || res.Duplicates != 4 {
		t.Fatalf("second import: %+v %v", res, err)
	}
	ps, _ := New(f.db, 0).Punches(seven.ID, at("2026-03-02", "00:00:00"), at("2026-03-03", "00:00:00"))
	if len(ps) != 2 || ps[0].Ref != "attlog.dat:1" || ps[1].Ref != "attlog.dat:5" || ps[0].Source != SourceImport {
		t.Fatalf("punches of 0007: %+v", ps)
	}
	checkTrail(t, f.db, "punch.import", "punch.import")
}

func TestReadClockMap(t *testing.T) {
	_, probs, err := ReadClockMap(strings.NewReader("clock_id,staff_no\n101,QS001\n0101,QS002\n102\n"))
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, p := range probs {
		keys = append(keys, p.Key)
	}
	if fmt.Sprint(keys) != fmt.Sprint([]string{keyImportMapDuplicate, keyImportMapLine}) {
		t.Fatalf("problems %v", probs)
	}
	if a := probs[0].Args; a["Line"] != 3 || a["ID"] != "0101" || a["First"] != 2 {
		t.Errorf("the duplicate names its lines and id: %v", a)
	}
}
