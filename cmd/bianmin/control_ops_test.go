package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/calendar"
	"bianmin/appliance/leave"
	"bianmin/appliance/problem"
	"bianmin/appliance/report"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
	"bianmin/embedded"
)

// TestOperationsPrintTheDomainsProblems: a refusal that comes back from
// an operation (through the same framing as the socket) prints exactly
// what the domain's own problems print: same lines, same words, same
// arguments, the same closing message and exit code.
func TestOperationsPrintTheDomainsProblems(t *testing.T) {
	dirDomain, dirOp := t.TempDir(), t.TempDir()
	svc, err := openServices(dirDomain, newLogger("warn"), time.Local)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if op, err := openServices(dirOp, newLogger("warn"), time.Local); err != nil {
		t.Fatal(err)
	} else {
		op.Close()
	}
	loc, _ := time.LoadLocation(defaultTZ)
	cal, err := calendar.Load(svc.db, embedded.FS, loc)
	if err != nil {
		t.Fatal(err)
	}
	badStaff := "staff_no,name,unit,window,position\n1001,王建国,民政办,one,staff\n1001,王建国,民政办,1,boss\n"
	badLeave := "staff_no,type,start,end,certificate\n0007,sick,2026-02-24 08:30,2026-02-25 17:30,yes\n"
	badMap := "clock_id,staff_no\n7,0007\n007,1001\n,\n"
	badNotice := "year 2027\n2027-02-06..2027-02-12 holiday 春节\n2027-02-15 workday 春节调休上班\n2026-12-31 holiday 元旦\n"
	_, mapProbs, err := attendance.ReadClockMap(strings.NewReader(badMap))
	if err != nil {
		t.Fatal(err)
	}
	never, _ := report.ParsePeriod(report.Monthly, "2099-01", loc)
	for _, tc := range []struct {
		name      string
		domain    func() error
		operation func(g *global) error
		file      bool // printed as a refused file, else as the command's error
	}{
		{"import staff", func() error {
			_, err := svc.staff.ImportCSV(cliActor(), strings.NewReader(badStaff))
			return err
		}, func(g *global) error {
			_, err := call[staff.ImportResult](g, importStaffOp, importArgs{Name: "s.csv"}, []byte(badStaff))
			return err
		}, true},
		{"import leave", func() error {
			_, err := leave.New(svc.db).ImportCSV(cliActor(), "l.csv", strings.NewReader(badLeave), loc)
			return err
		}, func(g *global) error {
			_, err := call[leave.ImportResult](g, importLeaveOp, importArgs{Name: "l.csv", TZ: defaultTZ}, []byte(badLeave))
			return err
		}, true},
		{"import punches --map", func() error { return mapProbs.Err() }, func(g *global) error {
			_, err := call[attendance.PunchImportResult](g, importPunchesOp, importArgs{Name: "p.csv", TZ: defaultTZ, Map: true}, []byte(wangCSV()), []byte(badMap))
			return err
		}, true},
		{"calendar import", func() error {
			_, err := cal.ImportNotice(cliActor(), 0, strings.NewReader(badNotice))
			return err
		}, func(g *global) error {
			_, err := call[calendar.ImportResult](g, calendarImportOp, 0, []byte(badNotice))
			return err
		}, true},
		{"report", func() error {
			_, err := report.Build(svc.db, never, report.Options{Calendar: cal, Location: loc})
			return err
		}, func(g *global) error {
			_, err := call[*report.Document](g, reportOp, reportArgs{Kind: "monthly", Period: "2099-01", TZ: defaultTZ, Lang: "zh-CN"})
			return err
		}, false},
	} {
		print := func(dir string, err error) (string, string) {
			var stderr bytes.Buffer
			g := &global{dataDir: dir, stdout: &stderr, stderr: &stderr}
			if tc.file {
				err = refusedFile(g, err)
			} else {
				err = refused(err)
			}
			code := 1
			if ee := (*exitError)(nil); errors.As(err, &ee) {
				code = ee.code
			}
			return stderr.String(), fmt.Sprintf("%v (exit %d)", err, code)
		}
		derr := tc.domain()
		if len(problem.All(derr)) == 0 {
			t.Fatalf("%s: the domain took the bad input: %v", tc.name, derr)
		}
		wantOut, wantErr := print(dirDomain, derr)
		g := &global{dataDir: dirOp, stdout: io.Discard, stderr: io.Discard}
		gotOut, gotErr := print(dirOp, tc.operation(g))
		if gotOut != wantOut || gotErr != wantErr {
			t.Errorf("%s through the operation prints\n%s%s\nthe domain's problems print\n%s%s", tc.name, gotOut, gotErr, wantOut, wantErr)
		}
	}
}

// TestReportOpIsTheDomainsReport: the report operation (the direct path,
// in this process) returns exactly what report.Build and report.Layout
// make, after its trip through JSON.
func TestReportOpIsTheDomainsReport(t *testing.T) {
	dir, tmp := t.TempDir(), t.TempDir()
	var out bytes.Buffer
	g := &global{dataDir: dir, stdout: &out, stderr: &out}
	for _, args := range [][]string{
		{"import", "staff", writeFile(t, tmp, "staff.csv", staffCSV)},
		{"import", "punches", writeFile(t, tmp, "wang.csv", wangCSV())},
		{"import", "leave", writeFile(t, tmp, "leave.csv", leaveCSV)},
	} {
		if err := run(append([]string{"--data", dir}, args...), &out, &out); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out.String())
		}
	}
	loc, _ := time.LoadLocation(defaultTZ)
	for _, a := range []reportArgs{
		{Kind: "weekly", Period: "2026-02-04", Lang: "zh-CN"},
		{Kind: "monthly", Period: "2026-02", Lang: "en"},
		{Kind: "quarterly", Period: "2026-Q1", Lang: "zh-CN", Preset: "county-b"},
	} {
		a.TZ = defaultTZ
		got, err := call[*report.Document](g, reportOp, a)
		if err != nil {
			t.Fatalf("%+v: %v", a, err)
		}
		db, err := store.Open(dir, store.Options{ReadOnly: true, LockTimeout: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		cal, _ := calendar.Load(db, embedded.FS, loc)
		p, _ := report.ParsePeriod(report.Kind(a.Kind), a.Period, loc)
		opts := report.Options{Calendar: cal, Location: loc}
		if a.Preset != "" {
			pr, _ := attendance.PresetByKey(a.Preset)
			opts.Preset = &pr
		}
		r, err := report.Build(db, p, opts)
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		cat := catalog()
		want := report.Layout(r, report.Meta{Lang: a.Lang, Location: loc,
			T: func(key string, args map[string]any) string { return cat.T(a.Lang, key, args) }})
		got.Generated, want.Generated = "", "" // the minute may have turned
		// The operation prints the audit log's head at the foot (signed
		// when the box has a key): checked here, then left out.
		if !strings.Contains(got.AuditHead, "操作日志链头 第 ") && !strings.Contains(got.AuditHead, "Audit head: entry ") {
			t.Errorf("%s %s: the document's foot carries no audit head: %q", a.Kind, a.Period, got.AuditHead)
		}
		got.AuditHead = ""
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s %s: the operation's document differs from the domain's", a.Kind, a.Period)
		}
	}
}
