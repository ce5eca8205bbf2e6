package calendar

import (
	"fmt"
	"strings"
	"time"
)

// kindLabels are the names of the kinds by language; they equal
// calendar.kind.* in embedded/locales/calendar.*.json (a test checks that).
var kindLabels = map[string]map[Kind]string{
	"zh-CN": {KindWorkday: "工作日", KindWeekend: "周末", KindHoliday: "法定节假日", KindMakeup: "调休上班"},
	"en":    {KindWorkday: "workday", KindWeekend: "weekend", KindHoliday: "public holiday", KindMakeup: "make-up workday"},
}

// weekdayLabels are the short weekday names by language (calendar.weekday.*).
var weekdayLabels = map[string][7]string{
	"zh-CN": {"周日", "周一", "周二", "周三", "周四", "周五", "周六"},
	"en":    {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"},
}

// labelLang maps a UI language to "zh-CN" or "en"; Chinese is the default.
func labelLang(lang string) string {
	if strings.HasPrefix(strings.ToLower(lang), "en") {
		return "en"
	}
	return "zh-CN"
}

// Label is the kind's name in lang ("zh-CN" or "en").
func (k Kind) Label(lang string) string { return kindLabels[labelLang(lang)][k] }

// WeekdayLabel is the short name of wd in lang: 周六, Sat.
func WeekdayLabel(wd time.Weekday, lang string) string { return weekdayLabels[labelLang(lang)][wd] }

// Label is the date as pages show it:
//
//	2026年2月14日（周六，调休上班）   zh-CN
//	Sat 14 Feb 2026 (make-up workday)   en
//
// A day off that has a name shows the name instead of the kind:
// 2026年10月1日（周四，国庆节）, Thu 1 Oct 2026 (National Day).
func (d Day) Label(lang string) string {
	lang = labelLang(lang)
	y, m, day := d.Date.Date()
	wd := WeekdayLabel(d.Date.Weekday(), lang)
	what := d.Kind.Label(lang)
	if !d.Working && d.Name != "" {
		what = d.Name
		if lang == "en" && d.NameEn != "" {
			what = d.NameEn
		}
	}
	if lang == "en" {
		return fmt.Sprintf("%s %d %s %d (%s)", wd, day, m.String()[:3], y, what)
	}
	return fmt.Sprintf("%d年%d月%d日（%s，%s）", y, int(m), day, wd, what)
}
