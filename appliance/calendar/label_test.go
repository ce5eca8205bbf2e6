package calendar

import "testing"

func TestLabel(t *testing.T) {
	c, _ := newCal(t)
	zh, en := translator(t, "zh-CN"), translator(t, "en")
	if err := c.SetDay("office", date(t, "2026-03-11"), false, "停电闭馆"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		rule   string
		date   string
		zh, en string
	}{
		{notice2026 + " 二: 春节调休上班", "2026-02-14", "2026年2月14日（周六，调休上班）", "Sat 14 Feb 2026 (make-up workday)"},
		{notice2026 + " 二: 春节假期中的周日显示节日名", "2026-02-15", "2026年2月15日（周日，春节）", "Sun 15 Feb 2026 (Spring Festival)"},
		{notice2026 + " 七: 国庆节", "2026-10-01", "2026年10月1日（周四，国庆节）", "Thu 1 Oct 2026 (National Day)"},
		{weeklyRule + ": 平常的周一", "2026-03-02", "2026年3月2日（周一，工作日）", "Mon 2 Mar 2026 (workday)"},
		{weeklyRule + ": 平常的周六", "2026-03-07", "2026年3月7日（周六，周末）", "Sat 7 Mar 2026 (weekend)"},
		{"本地闭馆显示原因（无英文名时两种语言都用原因）", "2026-03-11", "2026年3月11日（周三，停电闭馆）", "Wed 11 Mar 2026 (停电闭馆)"},
		{notice2025 + " 六: 合并放假", "2025-10-06", "2025年10月6日（周一，国庆节、中秋节）", "Mon 6 Oct 2025 (National Day and Mid-Autumn Festival)"},
	} {
		d := c.Day(date(t, tc.date))
		if got := d.Label("zh-CN", zh); got != tc.zh {
			t.Errorf("%s: zh-CN label %q, want %q", tc.rule, got, tc.zh)
		}
		if got := d.Label("en", en); got != tc.en {
			t.Errorf("%s: en label %q, want %q", tc.rule, got, tc.en)
		}
	}
	if got := c.Day(date(t, "2026-02-15")).Label("", zh); got != "2026年2月15日（周日，春节）" {
		t.Errorf("no language: label %q, want the Chinese name", got)
	}
}
