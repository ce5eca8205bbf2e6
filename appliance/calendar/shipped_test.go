package calendar

import (
	"bianmin/appliance/problem"
	"slices"
	"testing"
	"testing/fstest"
	"time"
)

// TestShippedNotices checks every date of the shipped notices against the
// notices' text, and a working day either side of each holiday.
func TestShippedNotices(t *testing.T) {
	c, _ := newCal(t)
	for _, tc := range []struct {
		rule    string
		date    string
		kind    Kind
		working bool
		name    string
	}{
		{notice2025 + " 一: 元旦 1月1日（周三）放假", "2025-01-01", KindHoliday, false, "元旦"},
		{notice2025 + " 一: 元旦不调休，1月2日照常上班", "2025-01-02", KindWorkday, true, ""},
		{notice2025 + " 二: 1月26日（周日）春节调休上班", "2025-01-26", KindMakeup, true, "春节调休上班"},
		{notice2025 + " 二: 春节 1月28日（除夕）起放假", "2025-01-28", KindHoliday, false, "春节"},
		{notice2025 + " 二: 春节 2月1日（周六）在假期内", "2025-02-01", KindHoliday, false, "春节"},
		{notice2025 + " 二: 春节至2月4日（正月初七）", "2025-02-04", KindHoliday, false, "春节"},
		{notice2025 + " 二: 2月5日恢复上班", "2025-02-05", KindWorkday, true, ""},
		{notice2025 + " 二: 2月8日（周六）春节调休上班", "2025-02-08", KindMakeup, true, "春节调休上班"},
		{notice2025 + " 三: 清明节 4月4日（周五）", "2025-04-04", KindHoliday, false, "清明节"},
		{notice2025 + " 三: 清明节 4月6日（周日）", "2025-04-06", KindHoliday, false, "清明节"},
		{notice2025 + " 四: 4月27日（周日）劳动节调休上班", "2025-04-27", KindMakeup, true, "劳动节调休上班"},
		{notice2025 + " 四: 劳动节 5月5日（周一）放假", "2025-05-05", KindHoliday, false, "劳动节"},
		{notice2025 + " 五: 端午节 5月31日（周六）", "2025-05-31", KindHoliday, false, "端午节"},
		{notice2025 + " 五: 端午节 6月2日（周一）放假", "2025-06-02", KindHoliday, false, "端午节"},
		{notice2025 + " 六: 9月28日（周日）国庆节调休上班", "2025-09-28", KindMakeup, true, "国庆节调休上班"},
		{notice2025 + " 六: 国庆节、中秋节 10月1日起", "2025-10-01", KindHoliday, false, "国庆节、中秋节"},
		{notice2025 + " 六: 国庆节、中秋节至10月8日（周三）", "2025-10-08", KindHoliday, false, "国庆节、中秋节"},
		{notice2025 + " 六: 10月11日（周六）国庆节调休上班", "2025-10-11", KindMakeup, true, "国庆节调休上班"},
		{notice2025 + ": 10月12日（周日）是周末", "2025-10-12", KindWeekend, false, ""},
		{notice2026 + " 一: 元旦 1月1日至3日", "2026-01-02", KindHoliday, false, "元旦"},
		{notice2026 + " 一: 元旦 1月3日（周六）", "2026-01-03", KindHoliday, false, "元旦"},
		{notice2026 + " 一: 1月4日（周日）元旦调休上班", "2026-01-04", KindMakeup, true, "元旦调休上班"},
		{notice2026 + " 二: 2026-02-14（周六）春节调休上班", "2026-02-14", KindMakeup, true, "春节调休上班"},
		{notice2026 + " 二: 春节 2月15日（腊月二十八，周日）起", "2026-02-15", KindHoliday, false, "春节"},
		{notice2026 + " 二: 春节至2月23日（正月初七，周一）", "2026-02-23", KindHoliday, false, "春节"},
		{notice2026 + " 二: 2月24日恢复上班", "2026-02-24", KindWorkday, true, ""},
		{notice2026 + " 二: 2026-02-28（周六）春节调休上班", "2026-02-28", KindMakeup, true, "春节调休上班"},
		{notice2026 + " 三: 清明节 4月6日（周一）放假", "2026-04-06", KindHoliday, false, "清明节"},
		{notice2026 + " 四: 劳动节 5月1日至5日", "2026-05-04", KindHoliday, false, "劳动节"},
		{notice2026 + " 四: 5月9日（周六）劳动节调休上班", "2026-05-09", KindMakeup, true, "劳动节调休上班"},
		{notice2026 + " 五: 端午节 6月19日（周五）", "2026-06-19", KindHoliday, false, "端午节"},
		{notice2026 + " 六: 9月20日（周日）国庆节调休上班", "2026-09-20", KindMakeup, true, "国庆节调休上班"},
		{notice2026 + " 六: 中秋节 9月25日（周五）", "2026-09-25", KindHoliday, false, "中秋节"},
		{notice2026 + " 七: 国庆节 10月1日（周四）", "2026-10-01", KindHoliday, false, "国庆节"},
		{notice2026 + " 七: 国庆节 10月5日（周一）放假", "2026-10-05", KindHoliday, false, "国庆节"},
		{notice2026 + " 七: 国庆节至10月7日（周三）", "2026-10-07", KindHoliday, false, "国庆节"},
		{notice2026 + " 七: 10月8日恢复上班", "2026-10-08", KindWorkday, true, ""},
		{notice2026 + " 七: 10月10日（周六）国庆节调休上班", "2026-10-10", KindMakeup, true, "国庆节调休上班"},
		{weeklyRule + ": 2024-12-28 周六", "2024-12-28", KindWeekend, false, ""},
		{weeklyRule + ": 2027-01-01 周五（2027 年无数据）", "2027-01-01", KindWorkday, true, ""},
	} {
		d := c.Day(date(t, tc.date))
		if d.Kind != tc.kind || d.Working != tc.working || d.Name != tc.name || d.Override {
			t.Errorf("%s: %s is %+v, want kind %s working %v name %q", tc.rule, tc.date, d, tc.kind, tc.working, tc.name)
		}
		if got := c.IsWorkday(date(t, tc.date)); got != tc.working {
			t.Errorf("%s: IsWorkday(%s) = %v", tc.rule, tc.date, got)
		}
		if iso(d.Date) != tc.date || d.Date.Location() != cst {
			t.Errorf("%s: Day.Date = %v", tc.rule, d.Date)
		}
	}
}

// TestMonthCounts: working days per month and per year.
func TestMonthCounts(t *testing.T) {
	c, _ := newCal(t)
	for _, tc := range []struct {
		rule  string
		year  int
		month time.Month // 0: the whole year
		want  int
	}{
		{notice2026 + " 二: 2026年2月有 16 个工作日（14日、28日调休上班，15–23日春节）", 2026, time.February, 16},
		{notice2026 + " 六、七: 2026年10月（1–7日国庆，10日调休上班）", 2026, time.October, 18},
		{notice2026 + " 六、七: 2026年9月（20日调休上班，25日中秋）", 2026, time.September, 22},
		{notice2026 + " 一: 2026年1月（1–2日元旦，4日调休上班）", 2026, time.January, 21},
		{notice2025 + " 六: 2025年10月（1–8日放假，11日调休上班）", 2025, time.October, 18},
		{notice2025 + " 二: 2025年1月（1日元旦，28–31日春节，26日调休上班）", 2025, time.January, 19},
		{notice2025 + ": 2025 年全年 248 个工作日", 2025, 0, 248},
		{notice2026 + ": 2026 年全年 248 个工作日", 2026, 0, 248},
		{weeklyRule + ": 2027年2月（无数据：20 个周一至周五）", 2027, time.February, 20},
	} {
		from, to := time.Date(tc.year, 1, 1, 0, 0, 0, 0, cst), time.Date(tc.year, 12, 31, 0, 0, 0, 0, cst)
		if tc.month != 0 {
			from = time.Date(tc.year, tc.month, 1, 0, 0, 0, 0, cst)
			to = from.AddDate(0, 1, -1)
			days := c.Month(tc.year, tc.month)
			n := 0
			for _, d := range days {
				if d.Working {
					n++
				}
			}
			if n != tc.want || len(days) != to.Day() || !days[0].Date.Equal(from) {
				t.Errorf("%s: Month has %d days, %d working, first %v; want %d working", tc.rule, len(days), n, days[0].Date, tc.want)
			}
		}
		if got := c.WorkdaysBetween(from, to); got != tc.want {
			t.Errorf("%s: WorkdaysBetween(%s, %s) = %d, want %d", tc.rule, iso(from), iso(to), got, tc.want)
		}
	}
}

func TestLoadShipped(t *testing.T) {
	c, err := Load(nil, shipped(), cst)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Years(); !slices.Equal(got, []int{2025, 2026}) {
		t.Errorf("Years() = %v, want [2025 2026]", got)
	}
	want := []NoticeInfo{
		{Year: 2025, Source: notice2025, Holidays: 28, Workdays: 5},
		{Year: 2026, Source: notice2026, Holidays: 33, Workdays: 6},
	}
	if got := c.Notices(); !slices.Equal(got, want) {
		t.Errorf("Notices() = %+v,\nwant %+v", got, want)
	}
	if err := c.SetDay("x", date(t, "2026-03-02"), false, "停电"); !problem.Is(err, errReadOnly) {
		t.Errorf("SetDay without a store: %v, want %s", err, errReadOnly)
	}

	for _, tc := range []struct {
		name string
		fs   fstest.MapFS
	}{
		{"file name is not a year", fstest.MapFS{"holidays/new.txt": {Data: []byte("2026-01-01 holiday 元旦\n")}}},
		{"year line disagrees with the file name", fstest.MapFS{"holidays/2026.txt": {Data: []byte("year 2027\n2027-01-01 holiday 元旦\n")}}},
		{"a bad line", fstest.MapFS{"holidays/2026.txt": {Data: []byte("2026-01-02 workday 元旦调休\n")}}},
	} {
		if _, err := Load(nil, tc.fs, cst); err == nil {
			t.Errorf("Load with %s: no error", tc.name)
		}
	}
}
