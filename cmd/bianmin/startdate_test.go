package main

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// startDateStaff: 王建国 has served since January; 刘芳 joined the hall on
// Tuesday 10 March 2026 (进驻日期) — in the middle of a week, a month and a
// quarter.
const startDateStaff = "工号,姓名,窗口单位,窗口,职务,进驻日期\n" +
	"1001,王建国,民政办,1,staff,2026-01-05\n" +
	"1004,刘芳,社保所,2,staff,2026-03-10\n"

// startDatePunches: both punch on time on every working day they serve,
// 王建国 from 5 January, 刘芳 from 10 March; nobody punches before the box
// went live on 5 January. Working days by 国办发明电〔2025〕7号: 春节 15–23
// February off, Saturdays 14 and 28 February worked; no holiday in March.
func startDatePunches() string {
	var b strings.Builder
	b.WriteString("staff_no,time\n")
	for d := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC); d.Month() <= time.March && d.Year() == 2026; d = d.AddDate(0, 0, 1) {
		weekend := d.Weekday() == time.Saturday || d.Weekday() == time.Sunday
		feb := d.Month() == time.February
		switch {
		case feb && d.Day() >= 15 && d.Day() <= 23: // Spring Festival
			continue
		case feb && (d.Day() == 14 || d.Day() == 28): // make-up Saturdays
		case weekend:
			continue
		}
		people := []string{"1001"}
		if !d.Before(time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)) {
			people = append(people, "1004")
		}
		for _, no := range people {
			for _, t := range []string{"08:20:00", "12:03:00", "13:55:00", "17:35:00"} {
				fmt.Fprintf(&b, "%s,%s %s\n", no, d.Format("2006-01-02"), t)
			}
		}
	}
	return b.String()
}

// TestStartDateMidMonthProcess: a person imported with a start date in the
// middle of March is not absent before it — not in the month, not in the
// weekly notice of the week she joined, not in the monthly summary nor in
// the letter to her unit, not in the quarter — and the reports say she
// joined on 10 March. Run as the box runs it: the real binary on an empty
// data directory, each command its own process.
func TestStartDateMidMonthProcess(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	data := filepath.Join(tmp, "data")
	run := func(args ...string) string {
		t.Helper()
		out, errOut, code := cli(t, cliTimeout, append([]string{"--data", data}, args...)...)
		if code != 0 {
			t.Fatalf("bianmin %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
		}
		return out
	}
	out := run("import", "staff", writeFile(t, tmp, "staff.csv", startDateStaff))
	for _, want := range []string{"added 2", "新建单位 / unit created: 民政办", "新建单位 / unit created: 社保所",
		"新增 / added: 1004 刘芳, 社保所, 进驻 / joined 2026-03-10"} {
		if !strings.Contains(out, want) {
			t.Errorf("import staff does not say %q:\n%s", want, out)
		}
	}
	run("import", "punches", writeFile(t, tmp, "punches.csv", startDatePunches()), "--tz", "Asia/Shanghai")

	// The month: 刘芳 is judged from 10 March only, with no absence.
	var month monthJSON
	if err := json.Unmarshal([]byte(run("attendance", "month", "2026-03", "--json")), &month); err != nil {
		t.Fatal(err)
	}
	for _, s := range month.Staff {
		if s.AbsentHalfDays != 0 || s.Late+s.Early+s.Missed != 0 {
			t.Errorf("March of %s: %+v, want nothing counted", s.Name, s)
		}
	}
	if len(month.Staff) != 2 {
		t.Fatalf("March has %d people, want 2", len(month.Staff))
	}

	// The weekly notice of the week she joined (Mon 9 – Sun 15 March).
	weekly := run("report", "weekly", "2026-03-09")
	liu := lineWith(t, weekly, "刘芳")
	if !strings.Contains(liu, "3月10日进驻") || strings.Fields(liu)[2] != "4" {
		t.Errorf("刘芳 in the weekly notice: %q, want 4 working days and 3月10日进驻", liu)
	}
	if !strings.Contains(weekly, "旷工 0 天") {
		t.Errorf("the weekly notice counts absence:\n%s", weekly)
	}

	// The monthly summary and the letter to 社保所, as the PDF prints them.
	pdf := filepath.Join(tmp, "月汇总.pdf")
	run("report", "monthly", "2026-03", "--pdf", pdf)
	monthly := run("report", "monthly", "2026-03")
	liu = lineWith(t, monthly, "刘芳")
	if !strings.Contains(liu, "3月10日进驻") || strings.Fields(liu)[2] != "16" {
		t.Errorf("刘芳 in the monthly summary: %q, want 16 working days and 3月10日进驻", liu)
	}
	if !strings.Contains(monthly, "旷工 0 天") {
		t.Errorf("the monthly summary counts absence:\n%s", monthly)
	}
	letter := pdfPage(t, pdf, "社保所：")
	if !strings.Contains(letter, "刘芳") || !strings.Contains(letter, "3月10日进驻") || strings.Contains(letter, "旷工 1") {
		t.Errorf("the letter to 社保所:\n%s", letter)
	}

	// The quarter: no absence; January and February not judged for her.
	quarterly := run("report", "quarterly", "2026-Q1")
	liu = lineWith(t, quarterly, "刘芳")
	if !strings.Contains(liu, "3月10日进驻") || strings.Count(liu, "—") != 8 {
		t.Errorf("刘芳 in the quarterly result: %q, want January and February as — and 3月10日进驻", liu)
	}
	if !strings.Contains(quarterly, "需重点关注 0 人") {
		t.Errorf("the quarter flags someone:\n%s", quarterly)
	}
}

// lineWith is the first line of out that contains s.
func lineWith(t *testing.T, out, s string) string {
	t.Helper()
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	t.Fatalf("no line with %q in:\n%s", s, out)
	return ""
}

// pdfPage is the text of the first page of the PDF that contains s
// (pdftotext, which the tests require: make test installs poppler-utils).
func pdfPage(t *testing.T, pdf, s string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", pdf, "-").Output()
	if err != nil {
		t.Skipf("pdftotext: %v", err)
	}
	for _, p := range strings.Split(string(out), "\f") {
		if strings.Contains(strings.Join(strings.Fields(p), ""), s) {
			return p
		}
	}
	t.Fatalf("no page of %s has %q:\n%s", pdf, s, out)
	return ""
}
