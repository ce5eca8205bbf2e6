package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// febWorkdays are the 16 working days of February 2026: 春节 15–23 Feb off,
// 14 and 28 Feb (Saturdays) make-up workdays (国办发明电〔2025〕7号).
var febWorkdays = []int{2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 14, 24, 25, 26, 27, 28}

// staffCSV: three people who joined the hall before the February 2026
// punches the tests import (start_date; without it they would start on the
// day of the import, and February would not be judged).
const staffCSV = "staff_no,name,unit,window,position,start_date\n" +
	"1001,王建国,民政办,1,staff,2026-01-05\n" +
	"0007,赵磊,民政办,1,staff,2026-01-05\n" +
	"1003,孙敏,社保所,2,lead,2026-01-05\n"

// wangCSV: 王建国 punches on time every working day but is late on 3, 4
// and 5 Feb and leaves early on 6 Feb; on 2 Feb he pressed twice.
func wangCSV() string {
	var b strings.Builder
	b.WriteString("staff_no,time\n")
	for _, d := range febWorkdays {
		in, out := "08:25:00", "17:35:00"
		switch d {
		case 3:
			in = "08:31:00" // 1 minute late: the standard preset has no grace
		case 4:
			in = "08:45:00"
		case 5:
			in = "08:40:00"
		case 6:
			out = "17:20:00"
		}
		for _, t := range []string{in, "12:05:00", "13:55:00", out} {
			fmt.Fprintf(&b, "1001,2026-02-%02d %s\n", d, t)
		}
		if d == 2 {
			b.WriteString("1001,2026-02-02 08:25:30\n") // a second press: a duplicate, not an error
		}
	}
	b.WriteString("1001,2026-02-15 09:00:00\n") // a holiday: kept, not judged
	return b.String()
}

// zhaoAttlog: 赵磊's ZKTeco export (user id 7 for staff number 0007): every
// working day but 24 and 25 Feb (sick leave) and the morning of 26 Feb
// (personal leave).
func zhaoAttlog(extra string) string {
	var b strings.Builder
	for _, d := range febWorkdays {
		times := []string{"08:21:07", "12:01:30", "13:52:44", "17:31:02"}
		switch d {
		case 24, 25:
			continue
		case 26:
			times = times[2:]
		}
		for _, t := range times {
			fmt.Fprintf(&b, "%9s\t2026-02-%02d %s\t1\t0\t1\t0\r\n", "7", d, t)
		}
	}
	return b.String() + extra
}

const leaveCSV = "staff_no,type,start,end,certificate\n" +
	"0007,sick,2026-02-24 08:30,2026-02-25 17:30,yes\n" +
	"0007,事假,2026-02-26 08:30,2026-02-26 12:00,\n" +
	"1003,annual,2026-02-02 08:30,2026-02-13 17:30,\n" +
	"1003,病假,2026-02-14 08:30,2026-02-14 17:30,否\n"

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestImportAndMonth imports into an empty data directory and judges
// February 2026 by the standard preset (regulation 000 第三篇 七: 8:30–12:00,
// 14:00–17:30 in winter; 4 late/early → half a day of absence; sick leave
// over one day needs a certificate).
func TestImportAndMonth(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	data := filepath.Join(tmp, "data") // does not exist yet
	run := func(args ...string) (string, string, int) {
		t.Helper()
		return cli(t, cliTimeout, append([]string{"--data", data}, args...)...)
	}
	out, errOut, code := run("import", "staff", writeFile(t, tmp, "staff.csv", staffCSV))
	if code != 0 || !strings.Contains(out, "added 3") {
		t.Fatalf("import staff: exit %d\n%s%s", code, out, errOut)
	}

	// An unknown clock id on line 55: nothing is imported, the line is named.
	bad := zhaoAttlog(fmt.Sprintf("%9s\t2026-02-27 08:00:00\t1\t0\t1\t0\n", "99"))
	out, errOut, code = run("import", "punches", writeFile(t, tmp, "attlog.dat", bad))
	if code != 1 || !strings.Contains(errOut, "line 55") || !strings.Contains(errOut, "Clock user id 99 matches no staff number") ||
		!strings.Contains(errOut, "nothing was imported") {
		t.Fatalf("attlog with an unknown id: exit %d, want 1 naming line 55\n%s%s", code, out, errOut)
	}
	out, errOut, code = run("import", "punches", writeFile(t, tmp, "attlog.dat", zhaoAttlog("")), "--tz", "Asia/Shanghai")
	if code != 0 || !strings.Contains(out, "(attlog)") || !strings.Contains(out, "imported 54") || !strings.Contains(out, "duplicates 0") {
		t.Fatalf("attlog: exit %d, want all 54 punches (none left from the rejected try)\n%s%s", code, out, errOut)
	}
	out, errOut, code = run("import", "punches", writeFile(t, tmp, "wang.csv", wangCSV()))
	if code != 0 || !strings.Contains(out, "(csv)") || !strings.Contains(out, "imported 65") || !strings.Contains(out, "duplicates 1") {
		t.Fatalf("punch CSV: exit %d\n%s%s", code, out, errOut)
	}
	out, errOut, code = run("import", "leave", writeFile(t, tmp, "leave.csv", leaveCSV))
	if code != 0 || !strings.Contains(out, "leave imported: 4") {
		t.Fatalf("import leave: exit %d\n%s%s", code, out, errOut)
	}
	out, errOut, code = run("import", "leave", writeFile(t, tmp, "leave2.csv", "1004,sick,2026-02-24 08:30,2026-02-24 17:30\n"))
	if code != 1 || !strings.Contains(errOut, "line 1") || !strings.Contains(errOut, "1004") {
		t.Fatalf("leave of an unknown staff number: exit %d\n%s%s", code, out, errOut)
	}

	out, errOut, code = run("attendance", "month", "2026-02", "--json")
	if code != 0 {
		t.Fatalf("attendance month: exit %d\n%s", code, errOut)
	}
	var got monthJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	want := monthJSON{Month: "2026-02", Preset: "standard", WorkingDays: 16, Staff: []staffMonthJSON{
		// 3 late + 1 early = 4 → half a day of absence (000 七(二)10(5)).
		{StaffNo: "0007", Name: "赵磊", LeaveDays: map[string]float64{"sick": 2, "personal": 0.5}, Remarks: []string{}},
		{StaffNo: "1001", Name: "王建国", Late: 3, Early: 1, AbsentHalfDays: 1, LeaveDays: map[string]float64{}},
		// annual 2–13 Feb (10 working days), sick on 14 Feb (one day, no
		// certificate needed); no punch 24–28 Feb: 5 days of absence.
		{StaffNo: "1003", Name: "孙敏", AbsentHalfDays: 10, LeaveDays: map[string]float64{"annual": 10, "sick": 1}, Remarks: []string{}},
	}}
	if len(got.Staff) == 3 {
		want.Staff[1].Remarks = got.Staff[1].Remarks // checked below: its wording belongs to the judgement's locale
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("month:\n got %+v\nwant %+v", got, want)
	}
	if r := got.Staff[1].Remarks; len(r) != 1 || !strings.Contains(r[0], "4") || !strings.Contains(r[0], "0.5") {
		t.Errorf("王建国's remarks %q, want the late/early escalation in English", r)
	}

	// Sick leave over one day without a certificate counts as personal
	// leave (000 七(二)7): judged by the county-b preset it still is.
	run("import", "leave", writeFile(t, tmp, "leave3.csv", "1001,sick,2026-02-09 08:00,2026-02-10 17:30,no\n"))
	out, _, code = run("attendance", "month", "2026-02", "--preset", "county-b", "--json")
	if code != 0 || !strings.Contains(out, `"preset": "county-b"`) || !strings.Contains(out, `"personal": 2`) || !strings.Contains(out, "counted as personal leave") {
		t.Errorf("county-b: exit %d\n%s", code, out)
	}
	out, _, code = run("attendance", "month", "2026-02")
	if code != 0 || !strings.Contains(out, "working days: 16") || !strings.Contains(out, "王建国") {
		t.Errorf("table: exit %d\n%s", code, out)
	}
}

// TestImportRefusals: usage errors exit 2; a file larger than the web's
// upload limit is refused before anything is sent, also beside a running
// service.
func TestImportRefusals(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"import"}, "usage: bianmin import staff|punches|leave FILE"},
		{[]string{"import", "cars", "x.csv"}, `cannot import "cars"`},
		{[]string{"import", "punches"}, "give the FILE"},
		{[]string{"import", "punches", "a.dat", "--tz", "Mars/Olympus"}, "unknown time zone"},
		{[]string{"attendance"}, "usage: bianmin attendance month YYYY-MM"},
		{[]string{"attendance", "month", "Feb"}, "write it like 2026-02"},
		// Issue 9: the command line took years no record can have; it
		// refuses them as the pages do (calendar.ParseMonth).
		{[]string{"attendance", "month", "0000-01"}, "0000-01 is outside the years records can have (2000–2099)"},
		{[]string{"attendance", "month", "9999-12"}, "9999-12 不在可记录的年份内（2000–2099 年）"},
		{[]string{"--data", tmp, "attendance", "month", "2026-02", "--preset", "lenient"}, "no built-in preset"},
	} {
		out, errOut, code := cli(t, cliTimeout, tc.args...)
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("bianmin %s: exit %d, want 2 with %q\n%s%s", strings.Join(tc.args, " "), code, tc.want, out, errOut)
		}
	}
	dir := t.TempDir()
	huge := writeFile(t, tmp, "huge.csv", staffCSV+strings.Repeat("9999,王,民政办,1,staff\n", 4<<20/24))
	s := startServer(t, dir, "serve")
	for _, stopped := range []bool{false, true} {
		if stopped {
			s.stop(5 * time.Second)
		}
		_, errOut, code := cli(t, cliTimeout, "--data", dir, "import", "staff", huge)
		if code != 1 || !strings.Contains(errOut, "is larger than 4 MB") {
			t.Errorf("import of a file over 4 MiB (serve stopped: %v): exit %d, want 1\n%s", stopped, code, errOut)
		}
	}
}
