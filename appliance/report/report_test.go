package report_test

import (
	"strings"
	"testing"

	"bianmin/appliance/problem"
	"bianmin/appliance/report"
)

type check struct {
	what      string
	got, want any
}

func checkAll(t *testing.T, cs []check) {
	t.Helper()
	for _, c := range cs {
		if c.got != c.want {
			t.Errorf("%s: %v, want %v", c.what, c.got, c.want)
		}
	}
}

func TestParsePeriod(t *testing.T) {
	for _, c := range []struct {
		kind      report.Kind
		in        string
		key       string
		first     string
		lastDay   string
		wantError bool
	}{
		{report.Weekly, "2026-03-02", "2026-03-02", "2026-03-02", "2026-03-08", false},
		{report.Weekly, "2026-03-05", "2026-03-02", "2026-03-02", "2026-03-08", false}, // any day names its week
		{report.Weekly, "2026-03-01", "2026-02-23", "2026-02-23", "2026-03-01", false}, // a Sunday ends its week
		{report.Monthly, "2026-02", "2026-02", "2026-02-01", "2026-02-28", false},
		{report.Quarterly, "2026-Q1", "2026-Q1", "2026-01-01", "2026-03-31", false},
		{report.Quarterly, "2026-q4", "2026-Q4", "2026-10-01", "2026-12-31", false},
		{report.Quarterly, "2026-Q5", "", "", "", true},
		{report.Monthly, "2026-13", "", "", "", true},
		{report.Weekly, "next week", "", "", "", true},
		{report.Kind("yearly"), "2026", "", "", "", true},
	} {
		p, err := report.ParsePeriod(c.kind, c.in, shanghai)
		if c.wantError {
			if _, ok := problem.As(err); !ok {
				t.Errorf("%s %q: %v, want a problem", c.kind, c.in, err)
			}
			continue
		}
		if err != nil || p.Key != c.key || p.Start.Format("2006-01-02") != c.first || p.Last().Format("2006-01-02") != c.lastDay {
			t.Errorf("%s %q: %+v %v, want %s %s..%s", c.kind, c.in, p, err, c.key, c.first, c.lastDay)
		}
	}
}

// staffWeek finds a person in a weekly notice.
func staffWeek(t *testing.T, w *report.WeeklyNotice, no string) report.StaffWeek {
	t.Helper()
	for _, u := range w.Units {
		for _, s := range u.Staff {
			if s.StaffNo == no {
				return s
			}
		}
	}
	t.Fatalf("%s not in the notice", no)
	return report.StaffWeek{}
}

// TestWeeklyNotice counts the week of 2 March 2026 by hand (see march).
func TestWeeklyNotice(t *testing.T) {
	fx := newFixture(t)
	fx.march(t)
	r := fx.build(t, report.Weekly, "2026-03-02")
	w := r.Weekly
	wang, li, chen := staffWeek(t, w, "QS001"), staffWeek(t, w, "QS002"), staffWeek(t, w, "QS003")
	checkAll(t, []check{
		{"center", r.Center, centerName},
		{"working days Mon–Fri", r.WorkingDays, 5},
		{"complete week", r.Until, ""},
		{"units in staff order", len(w.Units), 2},
		{"first unit", w.Units[0].Unit, "民政办"},
		{"王 late: Tue 08:45", wang.Counts.Late, 1},
		{"王 missed: Wed afternoon out", wang.Counts.Missed, 1},
		{"王 absent: Thu, two sessions", wang.Counts.Absent, report.HalfDays(2)},
		{"王 details: late, missed, 2 × absent", len(wang.Details), 4},
		{"李 early: Fri 17:10", li.Counts.Early, 1},
		{"李 personal leave: Wed", li.Counts.Leave["personal"], report.HalfDays(2)},
		{"李 absent", li.Counts.Absent, report.HalfDays(0)},
		{"陈 off post", chen.Counts.OffPost, 1},
		{"陈 absent: 150 min > 120", chen.Counts.Absent, report.HalfDays(1)},
		{"total late", w.Total.Late, 1},
		{"total absent 1.5 days", w.Total.Absent.String(), "1.5"},
		{"named", w.Named, 3},
		{"objection days", w.ObjectionDays, 2},
		{"days listed", len(w.Days), 7},
	})
	late := wang.Details[0]
	checkAll(t, []check{
		{"late kind", late.Kind, report.DetailLate},
		{"late point", late.Point, "morning_in"},
		{"late time", late.Time, "08:45"},
		{"late minutes", late.Minutes, 15},
		{"late date label", late.Day.Label("zh-CN", translator(t, "zh-CN")), "2026年3月3日（周二，工作日）"},
		{"missed point", wang.Details[1].Point, "afternoon_out"},
		{"off-post minutes", chen.Details[0].Minutes, 150},
		{"off-post start", chen.Details[0].Time, "09:00"},
	})
	doc := layout(t, r, nil, "zh-CN")
	if got := doc.Sections[0].Paragraphs[0]; got != "本周迟到 1 人次、早退 1 人次、漏签 1 次、旷工 1.5 天，脱岗 1 次。" {
		t.Errorf("summary line: %q", got)
	}
}

func monthLine(t *testing.T, m *report.MonthlySummary, no string) report.MonthLine {
	t.Helper()
	for _, u := range m.Units {
		for _, l := range u.Staff {
			if l.StaffNo == no {
				return l
			}
		}
	}
	t.Fatalf("%s not in the summary", no)
	return report.MonthLine{}
}

// TestMonthlySummary counts March 2026 by hand: 22 working days; 王建国
// late 4 times (3, 10, 11, 12 Mar) reaches regulation 000 七(5)'s 4 and
// counts half a day of absence on top of Thursday's whole day.
func TestMonthlySummary(t *testing.T) {
	fx := newFixture(t)
	fx.march(t)
	r := fx.build(t, report.Monthly, "2026-03")
	m := r.Monthly
	wang, li, chen := monthLine(t, m, "QS001"), monthLine(t, m, "QS002"), monthLine(t, m, "QS003")
	hasRemark := func(l report.MonthLine, key string) bool {
		for _, rm := range l.Remarks {
			if rm.Key == key {
				return true
			}
		}
		return false
	}
	checkAll(t, []check{
		{"working days", r.WorkingDays, 22},
		{"王 working days", wang.Counts.WorkingDays, 22},
		{"王 late", wang.Counts.Late, 4},
		{"王 missed", wang.Counts.Missed, 1},
		{"王 session absence", wang.SessionAbsent, report.HalfDays(2)},
		{"王 late+early escalation", wang.LateEarlyAbsent, report.HalfDays(1)},
		{"王 absent 1.5 days", wang.Counts.Absent.String(), "1.5"},
		{"王 escalation remark", hasRemark(wang, "attendance.remark.late_early_escalation"), true},
		{"李 early", li.Counts.Early, 1},
		{"李 personal leave 1 day", li.Counts.Leave["personal"].String(), "1"},
		{"陈 off-post absence", chen.OffPostAbsent, report.HalfDays(1)},
		{"陈 off-post remark", hasRemark(chen, "attendance.remark.off_post_escalation"), true},
		{"民政办 late", m.Units[0].Total.Late, 4},
		{"民政办 absent", m.Units[0].Total.Absent.String(), "1.5"},
		{"社保所 absent", m.Units[1].Total.Absent.String(), "0.5"},
		{"all absent", m.Total.Absent.String(), "2"},
		{"leave columns", strings.Join(m.LeaveTypes, ","), "personal"},
	})
	doc := layout(t, r, nil, "zh-CN")
	letters := 0
	for _, s := range doc.Sections {
		if l := s.Letter; l != nil {
			letters++
			if l.Signer != centerName || !strings.HasSuffix(l.To, "：") || l.Date != "2026年4月2日" {
				t.Errorf("letter: to %q signed %q on %q", l.To, l.Signer, l.Date)
			}
		}
	}
	if letters != 2 {
		t.Errorf("%d letters, want one per home unit (2)", letters)
	}
}

// TestQuarterlyResult: January (21 working days: 元旦 1–2 Jan off, Sunday
// 4 Jan a make-up day), February (16) and March (22) side by side; 王建国
// is flagged for absence and for 4 late in March, 陈明 for absence.
func TestQuarterlyResult(t *testing.T) {
	fx := newFixture(t)
	fx.march(t)
	r := fx.build(t, report.Quarterly, "2026-Q1")
	q := r.Quarterly
	flags := map[string][]string{}
	for _, l := range q.Staff {
		for _, f := range l.Flags {
			flags[l.StaffNo] = append(flags[l.StaffNo], f.Key)
		}
	}
	checkAll(t, []check{
		{"months", strings.Join(q.Months, ","), "2026-01,2026-02,2026-03"},
		{"January working days", q.MonthDays[0], 21},
		{"February working days", q.MonthDays[1], 16},
		{"March working days", q.MonthDays[2], 22},
		{"quarter working days", r.WorkingDays, 59},
		{"people", len(q.Staff), 3},
		{"王 January clean", q.Staff[0].Months[0].Clean(), true},
		{"王 March late", q.Staff[0].Months[2].Late, 4},
		{"王 total absent", q.Staff[0].Total.Absent.String(), "1.5"},
		{"王 flags", strings.Join(flags["QS001"], ","), "report.flag.absent,report.flag.late_early"},
		{"李 not flagged", len(flags["QS002"]), 0},
		{"陈 flags", strings.Join(flags["QS003"], ","), "report.flag.absent"},
		{"flagged", q.Flagged, 2},
		{"unit totals", len(q.UnitTotals), 2},
	})
}

// TestUnfinishedPeriod: a month built before it ends is judged until
// yesterday (no absence for days to come) and cannot be published.
func TestUnfinishedPeriod(t *testing.T) {
	fx := newFixture(t)
	fx.march(t)
	fx.now = at("2026-03-06", "09:00")
	r := fx.build(t, report.Monthly, "2026-03")
	wang := monthLine(t, r.Monthly, "QS001")
	checkAll(t, []check{
		{"until", r.Until, "2026-03-05"},
		{"working days 2–5 Mar", r.WorkingDays, 4},
		{"王 absent: Thursday only", wang.Counts.Absent, report.HalfDays(2)},
		{"王 late", wang.Counts.Late, 1},
	})
	if _, err := report.Publish(fx.db, "office", r, ""); !problem.Is(err, "report.err.unfinished") {
		t.Errorf("publishing an unfinished month: %v", err)
	}
	p, _ := report.ParsePeriod(report.Monthly, "2026-04", shanghai)
	if _, err := report.Build(fx.db, p, report.Options{Calendar: fx.cal, Location: shanghai}); !problem.Is(err, "report.err.not_started") {
		t.Errorf("building April on 6 March: %v", err)
	}
}

// TestNoRawKeys lays every report out in both languages and fails on a
// locale key shown as itself (a key missing from the locale files).
func TestNoRawKeys(t *testing.T) {
	fx := newFixture(t)
	fx.march(t)
	for _, k := range []struct {
		kind   report.Kind
		period string
	}{{report.Weekly, "2026-03-02"}, {report.Monthly, "2026-03"}, {report.Quarterly, "2026-Q1"}} {
		r := fx.build(t, k.kind, k.period)
		for _, lang := range []string{"zh-CN", "en"} {
			for _, s := range docTexts(layout(t, r, nil, lang)) {
				if strings.Contains(s, "report.") || strings.Contains(s, "attendance.") || strings.Contains(s, "records.") || strings.Contains(s, "{{") {
					t.Errorf("%s %s shows a raw key: %q", k.kind, lang, s)
				}
			}
		}
	}
}

// docTexts is every text of a document.
func docTexts(d *report.Document) []string {
	out := []string{d.Title, d.Center, d.Period, d.Status, d.Generated, d.PageFormat}
	table := func(tb *report.Table) {
		if tb == nil {
			return
		}
		out = append(out, tb.Sheet, tb.Empty)
		for _, c := range tb.Columns {
			out = append(out, c.Head, c.Group)
		}
		for _, r := range tb.Rows {
			for _, c := range r.Cells {
				out = append(out, c.Text)
			}
		}
	}
	for _, s := range d.Sections {
		out = append(out, s.Heading)
		out = append(out, s.Paragraphs...)
		table(s.Table)
		if l := s.Letter; l != nil {
			out = append(out, l.Title, l.To, l.Signer, l.Date)
			out = append(out, l.Body...)
			out = append(out, l.Closing...)
			table(l.Table)
		}
	}
	return out
}
