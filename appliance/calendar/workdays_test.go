package calendar

import (
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // America/New_York for the DST test, on any machine

	"bianmin/appliance/problem"
)

func TestAddWorkdays(t *testing.T) {
	c, _ := newCal(t)
	for _, tc := range []struct {
		rule string
		from string
		n    int
		want string
	}{
		{notice2026 + " 六、七: 9月24日后第 6 个工作日跨中秋、国庆，是10月10日（调休上班）", "2026-09-24", 6, "2026-10-10"},
		{notice2026 + " 六、七: 第 3 个工作日是9月30日", "2026-09-24", 3, "2026-09-30"},
		{notice2026 + " 七: 第 4 个工作日跳过国庆假期到10月8日", "2026-09-24", 4, "2026-10-08"},
		{notice2026 + ": n=0 返回日期本身，即使是节假日", "2026-10-01", 0, "2026-10-01"},
		{notice2026 + " 二: 2月13日（周五）后第 1 个工作日是14日（周六调休上班）", "2026-02-13", 1, "2026-02-14"},
		{notice2026 + " 二: 2月14日后第 1 个工作日跳过春节到24日", "2026-02-14", 1, "2026-02-24"},
		{notice2026 + " 二: 从春节假期中起算（日期本身不算）", "2026-02-18", 1, "2026-02-24"},
		{notice2026 + " 三: 清明节4月6日（周一）放假，4月3日后第 1 个工作日是7日", "2026-04-03", 1, "2026-04-07"},
		{notice2025 + " 六: 9月28日（周日）调休上班，26日（周五）后第 1 个工作日", "2025-09-26", 1, "2025-09-28"},
		{notice2026 + " 一: 跨年：2025-12-31 后第 1 个工作日是2026年1月4日（周日调休上班）", "2025-12-31", 1, "2026-01-04"},
		{notice2026 + " 一: 跨年：2025-12-30 后第 2 个工作日", "2025-12-30", 2, "2026-01-04"},
		{notice2025 + ": 2025 年第 248 个工作日是12月31日", "2024-12-31", 248, "2025-12-31"},
		{notice2025 + " 一: 跨年：2024-12-31 后第 1 个工作日是2025年1月2日（元旦）", "2024-12-31", 1, "2025-01-02"},
		{notice2026 + " 一: 负数：1月5日前第 1 个工作日是1月4日（调休上班）", "2026-01-05", -1, "2026-01-04"},
		{notice2026 + " 一: 负数跨年：1月4日前第 1 个工作日是2025年12月31日", "2026-01-04", -1, "2025-12-31"},
		{notice2026 + " 六、七: 负数：10月10日前第 6 个工作日是9月24日", "2026-10-10", -6, "2026-09-24"},
		{notice2026 + " 二: 负数：2月24日前第 1 个工作日是14日", "2026-02-24", -1, "2026-02-14"},
		{notice2025 + ": 负数跨整年：2026-01-04 前第 249 个工作日是2024年12月31日", "2026-01-04", -249, "2024-12-31"},
		{weeklyRule + ": 2030-01-04（周五）后第 1 个工作日是7日（周一）", "2030-01-04", 1, "2030-01-07"},
		{weeklyRule + ": 2030-01-07（周一）前第 1 个工作日是4日（周五）", "2030-01-07", -1, "2030-01-04"},
	} {
		got := c.AddWorkdays(date(t, tc.from), tc.n)
		if iso(got) != tc.want || got.Location() != cst || got.Hour() != 0 {
			t.Errorf("%s: AddWorkdays(%s, %d) = %v, want %s", tc.rule, tc.from, tc.n, got, tc.want)
		}
	}
}

func TestWorkdaysBetween(t *testing.T) {
	c, _ := newCal(t)
	for _, tc := range []struct {
		rule     string
		from, to string
		want     int
	}{
		{notice2026 + " 二: 2026年2月1日至28日 16 个工作日", "2026-02-01", "2026-02-28", 16},
		{notice2026 + " 二: 两端都算：2月14日（调休上班）当天 = 1", "2026-02-14", "2026-02-14", 1},
		{notice2026 + " 二: 春节当天 = 0", "2026-02-16", "2026-02-16", 0},
		{notice2026 + " 二: 结束早于开始 = 0", "2026-02-28", "2026-02-01", 0},
		{notice2026 + " 二: 两端都算：14日至24日 = 2", "2026-02-14", "2026-02-24", 2},
		{notice2026 + " 六、七: 9月24日至10月10日 = 7", "2026-09-24", "2026-10-10", 7},
		{notice2026 + " 一: 跨年：2025-12-31 至 2026-01-04 = 2", "2025-12-31", "2026-01-04", 2},
		{notice2025 + "/" + notice2026 + ": 两年共 496 个工作日", "2025-01-01", "2026-12-31", 496},
	} {
		if got := c.WorkdaysBetween(date(t, tc.from), date(t, tc.to)); got != tc.want {
			t.Errorf("%s: WorkdaysBetween(%s, %s) = %d, want %d", tc.rule, tc.from, tc.to, got, tc.want)
		}
	}
}

// TestAgainstDayByDay compares the table arithmetic with stepping one day at
// a time, for every start date from December 2024 to January 2027.
func TestAgainstDayByDay(t *testing.T) {
	c, _ := newCal(t)
	if err := c.SetDay("office", date(t, "2026-03-11"), false, "停电闭馆"); err != nil {
		t.Fatal(err)
	}
	end := date(t, "2027-01-31")
	for d := date(t, "2024-12-01"); d.Before(end); d = d.AddDate(0, 0, 1) {
		for _, n := range []int{-40, -7, -1, 1, 2, 5, 40} {
			if got, want := c.AddWorkdays(d, n), naiveAdd(c, d, n); !got.Equal(want) {
				t.Fatalf("AddWorkdays(%s, %d) = %s, day by day %s", iso(d), n, iso(got), iso(want))
			}
		}
		to := d.AddDate(0, 0, 45)
		if got, want := c.WorkdaysBetween(d, to), naiveBetween(c, d, to); got != want {
			t.Fatalf("WorkdaysBetween(%s, %s) = %d, day by day %d", iso(d), iso(to), got, want)
		}
	}
	from, to := date(t, "2020-06-15"), date(t, "2031-03-02")
	if got, want := c.WorkdaysBetween(from, to), naiveBetween(c, from, to); got != want {
		t.Errorf("ten years: WorkdaysBetween = %d, day by day %d", got, want)
	}
	if got, want := c.AddWorkdays(from, 2600), naiveAdd(c, from, 2600); !got.Equal(want) {
		t.Errorf("ten years: AddWorkdays = %s, day by day %s", iso(got), iso(want))
	}
}

// TestCalendarDates: instants are read as dates in the calendar's zone, and
// stepping works on dates, not 24-hour durations, across a DST change.
func TestCalendarDates(t *testing.T) {
	c, _ := newCal(t)
	// 16:30 UTC on the 14th is 00:30 on 15 Feb in China: Spring Festival.
	if d := c.Day(time.Date(2026, 2, 14, 16, 30, 0, 0, time.UTC)); iso(d.Date) != "2026-02-15" || d.Kind != KindHoliday {
		t.Errorf("Day(2026-02-14T16:30Z) = %+v, want 15 Feb, holiday", d)
	}
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	c2, err := Load(nil, shipped(), ny)
	if err != nil {
		t.Fatal(err)
	}
	// Clocks go forward on Sunday 8 March 2026 in New York.
	fri := time.Date(2026, 3, 6, 23, 30, 0, 0, ny)
	got := c2.AddWorkdays(fri, 1)
	if want := time.Date(2026, 3, 9, 0, 0, 0, 0, ny); !got.Equal(want) {
		t.Errorf("AddWorkdays across DST = %v, want %v", got, want)
	}
	if got := c2.AddWorkdays(time.Date(2026, 11, 2, 0, 0, 0, 0, ny), -1); iso(got) != "2026-10-30" || got.Hour() != 0 {
		t.Errorf("AddWorkdays back across DST end = %v, want 2026-10-30 00:00", got)
	}
	if n := c2.WorkdaysBetween(time.Date(2026, 3, 1, 0, 0, 0, 0, ny), time.Date(2026, 3, 31, 23, 59, 0, 0, ny)); n != 22 {
		t.Errorf("March 2026 in New York: %d working days, want 22", n)
	}
}

func BenchmarkWorkdaysBetweenTenYears(b *testing.B) {
	c, _ := newCal(b)
	from, to := time.Date(2020, 3, 15, 0, 0, 0, 0, cst), time.Date(2030, 3, 14, 0, 0, 0, 0, cst)
	c.WorkdaysBetween(from, to) // build the weekly-rule years once; b.Loop times what follows
	for b.Loop() {
		c.WorkdaysBetween(from, to)
	}
}

func BenchmarkAddWorkdaysTenYears(b *testing.B) {
	c, _ := newCal(b)
	from := time.Date(2020, 3, 15, 0, 0, 0, 0, cst)
	c.AddWorkdays(from, 2500)
	for b.Loop() {
		c.AddWorkdays(from, 2500)
	}
}

// TestParseMonth: rows follow issue 9 (the command line accepted 0000-01
// and 9999-12) and store.RecordDateOK's years.
func TestParseMonth(t *testing.T) {
	for _, tc := range []struct {
		in, key string
	}{
		{"2026-02", ""},
		{" 2000-01 ", ""},
		{"2099-12", ""},
		{"0000-01", "calendar.err.month_range"},
		{"9999-12", "calendar.err.month_range"},
		{"1999-12", "calendar.err.month_range"},
		{"2100-01", "calendar.err.month_range"},
		{"2026-13", "calendar.err.month_format"},
		{"2026/02", "calendar.err.month_format"},
		{"", "calendar.err.month_format"},
	} {
		m, err := ParseMonth(tc.in, time.UTC)
		p, _ := problem.As(err)
		switch {
		case tc.key == "" && (err != nil || m.Day() != 1 || m.Format("2006-01") != strings.TrimSpace(tc.in)):
			t.Errorf("ParseMonth(%q) = %v, %v", tc.in, m, err)
		case tc.key != "" && (p == nil || p.Key != tc.key || p.Field != "month"):
			t.Errorf("ParseMonth(%q): %v, want %s", tc.in, err, tc.key)
		}
	}
	if _, err := ParseMonth(strings.Repeat("9", 10000), nil); err == nil || len(err.Error()) > 400 {
		t.Errorf("a long input is echoed in full: %d bytes", len(err.Error()))
	}
}
