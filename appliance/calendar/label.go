package calendar

import (
	"strings"
	"time"
)

// Translator renders a locale key with its arguments in one language (the
// pages and reports bind the catalog, appliance/locale, to theirs). The
// words of the labels live in embedded/locales/calendar.*.json.
type Translator = func(key string, args map[string]any) string

// Label is the kind's name: 调休上班, make-up workday.
func (k Kind) Label(t Translator) string { return t("calendar.kind."+string(k), nil) }

// WeekdayLabel is the short name of wd: 周六, Sat.
func WeekdayLabel(wd time.Weekday, t Translator) string {
	return t("calendar.weekday."+strings.ToLower(wd.String()[:3]), nil)
}

// Label is the date as pages show it, through t in lang:
//
//	2026年2月14日（周六，调休上班）   zh-CN
//	Sat 14 Feb 2026 (make-up workday)   en
//
// A day off that has a name shows the name instead of the kind (its
// English name in English, when the data has one): 2026年10月1日（周四，国庆节）,
// Thu 1 Oct 2026 (National Day).
func (d Day) Label(lang string, t Translator) string {
	y, m, day := d.Date.Date()
	what := d.Kind.Label(t)
	if !d.Working && d.Name != "" {
		what = d.Name
		if strings.HasPrefix(strings.ToLower(lang), "en") && d.NameEn != "" {
			what = d.NameEn
		}
	}
	return t("calendar.day_label", map[string]any{"Year": y, "Month": int(m), "MonthName": m.String()[:3], "Day": day,
		"Weekday": WeekdayLabel(d.Date.Weekday(), t), "What": what})
}
