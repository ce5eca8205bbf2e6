package ui

// The center's time zone, today, and dates and months as the pages read
// them from forms and query strings and show them.

import (
	"strings"
	"time"

	"bianmin/appliance/calendar"
	"bianmin/appliance/civil"
	"bianmin/appliance/problem"

	"github.com/labstack/echo/v4"
)

// monthLayout is how a month travels in query strings (2026-02).
const monthLayout = "2006-01"

// Bounds of the years the pages accept in a query string.
const (
	minPageYear = 2000
	maxPageYear = 2100
)

// loc is the center's time zone.
func (a *App) loc() *time.Location {
	if a.Location != nil {
		return a.Location
	}
	return time.Local
}

// now is the store's clock in the center's time zone (tests set it).
func (a *App) now() time.Time { return a.DB.Now().In(a.loc()) }

// today is midnight at the start of today in the center's time zone.
func (a *App) today() time.Time { return civilDay(a.now(), a.loc()) }

// civilDay is midnight at the start of t's date in loc.
func civilDay(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// parseLocalDay reads a date of a query string or form (2026-03-02, as
// appliance/civil reads dates) as midnight in the center's time zone; ok
// is false for anything else. A form field shows why with formDay.
func (a *App) parseLocalDay(s string) (time.Time, bool) {
	t, p := civil.ParseIn("", s, a.loc())
	return t, p == nil && t.Year() >= minPageYear && t.Year() <= maxPageYear
}

// monthParam reads ?m=2026-02 (calendar.ParseMonth, the rule the command
// line applies too); anything else is the current month, and a month that
// was given but refused ("0000-01") is said on the page (v) in the
// domain's words. It returns the 1st of the month at midnight in the
// center's time zone.
func (a *App) monthParam(c echo.Context, v *view) time.Time {
	if s := strings.TrimSpace(c.QueryParam("m")); s != "" {
		t, err := calendar.ParseMonth(s, a.loc())
		if err == nil {
			return t
		}
		if p, ok := problem.As(err); ok && v != nil {
			v.Flash, v.FlashOK = v.problemText(p), false
		}
	}
	y, m, _ := a.now().Date()
	return time.Date(y, m, 1, 0, 0, 0, 0, a.loc())
}

// clockText is a moment as pages show it in the center's time zone:
// 2026-02-14 08:30.
func (a *App) clockText(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(a.loc()).Format("2006-01-02 15:04")
}

// dayLabel is a date as pages show it: 2026年2月14日（周六，调休上班）.
func (a *App) dayLabel(v *view, t time.Time) string {
	if a.Calendar == nil {
		return v.Date(t)
	}
	return a.Calendar.Day(t.In(a.loc())).Label(v.Lang, a.translator(v.Lang))
}

// dateLabel is dayLabel of a stored civil date (2026-02-14); the text as
// is when it is not a date.
func (a *App) dateLabel(v *view, date string) string {
	t, ok := a.parseLocalDay(date)
	if !ok {
		return date
	}
	return a.dayLabel(v, t)
}
