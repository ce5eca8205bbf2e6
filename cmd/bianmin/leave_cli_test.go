package main

// The leave command line (issue #11 item 8): its flags, its JSON, the step
// vocabulary and its exit codes, with the store opened by the command and
// through a running service. Dates are in March 2030 (a Monday on the 4th),
// a year without holiday data: counted Monday to Friday, with a warning.

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

const leaveStaffCSV = `staff_no,name,unit,window,position
S001,王建国,民政办,1,chief
S002,李秀英,民政办,1,staff
S003,刘芳,社保所,2,staff
S004,陈明,社保所,2,staff
`

// leaveDir is a data directory with the four staff of leaveStaffCSV.
func leaveDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	csv := filepath.Join(t.TempDir(), "staff.csv")
	if err := os.WriteFile(csv, []byte(leaveStaffCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, errOut, code := cli(t, cliTimeout, "--data", dir, "import", "staff", csv); code != 0 {
		t.Fatalf("import staff: exit %d\n%s%s", code, out, errOut)
	}
	return dir
}

// requestJSON runs `leave request ... --json` and decodes its answer,
// checking it has exactly the contract's keys.
func requestJSON(t *testing.T, dir string, args ...string) (map[string]any, string) {
	t.Helper()
	out, errOut, code := cli(t, cliTimeout, append(append([]string{"--data", dir, "leave", "request"}, args...), "--json")...)
	if code != 0 {
		t.Fatalf("leave request %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("leave request --json printed %q: %v", out, err)
	}
	var keys []string
	for k := range got {
		keys = append(keys, k)
	}
	want := map[string]bool{"id": true, "working_days": true, "steps": true, "substitute_required": true}
	for _, k := range keys {
		if !want[k] {
			t.Errorf("leave request --json has the key %q beyond the contract", k)
		}
	}
	if len(keys) != len(want) {
		t.Errorf("leave request --json keys %v, want id, working_days, steps, substitute_required", keys)
	}
	return got, errOut
}

func steps(v any) []string {
	var out []string
	for _, s := range v.([]any) {
		out = append(out, s.(string))
	}
	return out
}

func TestLeaveCLI(t *testing.T) {
	t.Parallel()
	dir := leaveDir(t)
	scan := scanFile(t, "slip.jpg")

	// A 2-day personal leave: preset A, over 1 up to 3 days (000 line 89).
	got, warn := requestJSON(t, dir, "--staff", "S003", "--type", "personal", "--start", "2030-03-04 08:30", "--end", "2030-03-05 18:00",
		"--reason", "家中有事", "--substitute", "S004", "--attach", scan)
	if got["working_days"] != 2.0 || !reflect.DeepEqual(steps(got["steps"]), []string{"home_unit", "office"}) || got["substitute_required"] != true {
		t.Errorf("2-day request: %v", got)
	}
	if !strings.Contains(warn, "2030") || !strings.Contains(warn, "Monday to Friday") {
		t.Errorf("no warning that 2030 has no holiday data: %q", warn)
	}
	id := int(got["id"].(float64))
	run := func(args ...string) (string, string, int) {
		return cli(t, cliTimeout, append([]string{"--data", dir, "leave"}, args...)...)
	}
	// Steps in order, by the vocabulary.
	if _, errOut, code := run("approve", itoa(id), "--step", "office"); code != 1 || !strings.Contains(errOut, "the next step is “home_unit”") {
		t.Errorf("approve office first: exit %d %s", code, errOut)
	}
	if _, errOut, code := run("approve", itoa(id), "--step", "mayor"); code != 1 || !strings.Contains(errOut, "no approval step “mayor”") {
		t.Errorf("approve an unknown step: exit %d %s", code, errOut)
	}
	if out, errOut, code := run("approve", itoa(id), "--step", "home_unit", "--attach", scan, "--json"); code != 0 || !strings.Contains(out, `"next": "office"`) {
		t.Fatalf("approve home_unit: exit %d\n%s%s", code, out, errOut)
	}
	out, errOut, code := run("approve", itoa(id), "--step", "office", "--json")
	if code != 0 || !strings.Contains(out, `"status": "approved"`) {
		t.Fatalf("approve office: exit %d\n%s%s", code, out, errOut)
	}
	// Tier A's longer bands (000 lines 90–91).
	got, _ = requestJSON(t, dir, "--staff", "S001", "--type", "annual", "--start", "2030-03-11 08:30", "--end", "2030-03-15 18:00", "--substitute", "S002")
	if !reflect.DeepEqual(steps(got["steps"]), []string{"home_unit", "county_office", "office"}) || got["working_days"] != 5.0 {
		t.Errorf("5 days: %v", got)
	}
	got, _ = requestJSON(t, dir, "--staff", "S002", "--type", "maternity", "--start", "2030-04-01 08:30", "--end", "2030-04-10 18:00")
	if !reflect.DeepEqual(steps(got["steps"]), []string{"home_unit", "county_leader", "office"}) || got["working_days"] != 8.0 {
		t.Errorf("8 days: %v", got)
	}
	got, _ = requestJSON(t, dir, "--staff", "S004", "--type", "sick", "--start", "2030-03-18 08:30", "--end", "2030-03-18 12:00", "--certificate", "no")
	if !reflect.DeepEqual(steps(got["steps"]), []string{"office"}) || got["working_days"] != 0.5 || got["substitute_required"] != false {
		t.Errorf("half a day: %v", got)
	}

	// The quota: 刘芳 has 1 request (2 days) in March; two half days make
	// 3 requests and 3 days; the 4th is refused with the rule (000 line 96),
	// statutory leave the same month is accepted.
	requestJSON(t, dir, "--staff", "S003", "--type", "personal", "--start", "2030-03-06 08:30", "--end", "2030-03-06 12:00")
	requestJSON(t, dir, "--staff", "S003", "--type", "sick", "--start", "2030-03-07 08:30", "--end", "2030-03-07 12:00")
	out, errOut, code = run("request", "--staff", "S003", "--type", "personal", "--start", "2030-03-08 08:30", "--end", "2030-03-08 12:00", "--json")
	if code != 1 || out != "" || !strings.Contains(errOut, "超出每月请假限额") || !strings.Contains(errOut, "at most 3 days or 3 requests a month") {
		t.Errorf("4th request: exit %d\n%s%s", code, out, errOut)
	}
	requestJSON(t, dir, "--staff", "S003", "--type", "marriage", "--start", "2030-03-18 08:30", "--end", "2030-03-22 18:00", "--substitute", "S002")
	// Documented training of a week is outside the quota too; without
	// its notice it is not.
	trainingArgs := []string{"--staff", "S003", "--type", "official", "--start", "2030-03-25 08:30", "--end", "2030-03-29 18:00", "--substitute", "S004"}
	if _, errOut, code := run(append([]string{"request"}, trainingArgs...)...); code != 1 || !strings.Contains(errOut, "monthly leave quota") {
		t.Errorf("training without its notice: exit %d %s", code, errOut)
	}
	notice := scanFile(t, "培训通知.jpg")
	requestJSON(t, dir, append(trainingArgs, "--training-doc", notice)...)

	// Late filing needs the office's reason; overlap is refused.
	if _, errOut, code := run("request", "--staff", "S001", "--type", "personal", "--start", "2024-03-04 08:30", "--end", "2024-03-04 12:00"); code != 1 || !strings.Contains(errOut, "give the reason it is filed late") {
		t.Errorf("late without a reason: exit %d %s", code, errOut)
	}
	requestJSON(t, dir, "--staff", "S001", "--type", "personal", "--start", "2024-03-04 08:30", "--end", "2024-03-04 12:00", "--late-reason", "电话请假，事后补登")
	if _, errOut, code := run("request", "--staff", "S003", "--type", "annual", "--start", "2030-03-05 08:30", "--end", "2030-03-05 12:00"); code != 1 || !strings.Contains(errOut, "overlaps") && !strings.Contains(errOut, "重叠") {
		t.Errorf("overlap: exit %d %s", code, errOut)
	}
	// Usage errors exit 2.
	if _, _, code := run("request", "--staff", "S003", "--type", "personal"); code != 2 {
		t.Errorf("missing --start/--end: exit %d, want 2", code)
	}
	if _, errOut, code := run("request", "--staff", "S003", "--type", "holiday", "--start", "2030-05-06 08:30", "--end", "2030-05-06 12:00"); code != 1 || !strings.Contains(errOut, "personal") {
		t.Errorf("unknown type: exit %d %s", code, errOut)
	}

	// Reject, withdraw, close (销假) a day late: overstay.
	got, _ = requestJSON(t, dir, "--staff", "S004", "--type", "personal", "--start", "2030-05-06 08:30", "--end", "2030-05-06 12:00")
	if out, errOut, code := run("reject", itoa(int(got["id"].(float64))), "--reason", "人手不足", "--json"); code != 0 || !strings.Contains(out, `"status": "rejected"`) {
		t.Errorf("reject: exit %d\n%s%s", code, out, errOut)
	}
	got, _ = requestJSON(t, dir, "--staff", "S004", "--type", "personal", "--start", "2030-05-07 08:30", "--end", "2030-05-07 12:00")
	if out, errOut, code := run("withdraw", itoa(int(got["id"].(float64))), "--json"); code != 0 || !strings.Contains(out, `"status": "withdrawn"`) {
		t.Errorf("withdraw: exit %d\n%s%s", code, out, errOut)
	}
	late := requestAndApprove(t, dir, "--staff", "S004", "--type", "personal", "--start", "2024-04-01 08:30", "--end", "2024-04-01 18:00",
		"--substitute", "S003", "--late-reason", "补登")
	out, errOut, code = run("close", itoa(late), "--at", "2024-04-02 18:00", "--json")
	if code != 0 || !strings.Contains(out, `"overstay_minutes": 420`) || !strings.Contains(out, `"returned_at": "2024-04-02 18:00"`) {
		t.Errorf("close a day late: exit %d\n%s%s", code, out, errOut)
	}
	if _, errOut, code := run("close", itoa(late)); code != 1 || !strings.Contains(errOut, "already closed") && !strings.Contains(errOut, "was closed") {
		t.Errorf("close twice: exit %d %s", code, errOut)
	}
	if _, _, code := run("show", "999"); code != 1 {
		t.Errorf("show an unknown leave: exit %d, want 1", code)
	}
}

// requestAndApprove files a request and completes its steps; it returns
// the id.
func requestAndApprove(t *testing.T, dir string, args ...string) int {
	t.Helper()
	got, _ := requestJSON(t, dir, args...)
	id := int(got["id"].(float64))
	for _, s := range steps(got["steps"]) {
		if out, errOut, code := cli(t, cliTimeout, "--data", dir, "leave", "approve", itoa(id), "--step", s); code != 0 {
			t.Fatalf("approve %s: exit %d\n%s%s", s, code, out, errOut)
		}
	}
	return id
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestLeaveCLIServiceRunning: while serve holds the store, the leave
// commands go through it and print the same.
func TestLeaveCLIServiceRunning(t *testing.T) {
	t.Parallel()
	dir := leaveDir(t)
	s := startServer(t, dir, "serve")
	got, _ := requestJSON(t, dir, "--staff", "S003", "--type", "personal", "--start", "2030-03-04 08:30", "--end", "2030-03-05 18:00", "--substitute", "S004")
	if got["working_days"] != 2.0 || !reflect.DeepEqual(steps(got["steps"]), []string{"home_unit", "office"}) {
		t.Errorf("through the service: %v", got)
	}
	id := itoa(int(got["id"].(float64)))
	if out, errOut, code := cli(t, cliTimeout, "--data", dir, "leave", "approve", id, "--step", "home_unit"); code != 0 || !strings.Contains(out, "下一步 / next: office") {
		t.Errorf("approve through the service: exit %d\n%s%s", code, out, errOut)
	}
	s.stop(5 * time.Second)
	if out, errOut, code := cli(t, cliTimeout, "--data", dir, "leave", "show", id, "--json"); code != 0 || !strings.Contains(out, `"done": [`) || !strings.Contains(out, `"home_unit"`) {
		t.Errorf("show after the service stopped: exit %d\n%s%s", code, out, errOut)
	}
}
