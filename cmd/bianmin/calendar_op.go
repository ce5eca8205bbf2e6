package main

import (
	"bytes"
	"fmt"
	"time"

	"bianmin/appliance/calendar"
)

// calendarMonth is what `calendar month` prints: every day of the month,
// and whether the calendar has that year's notice.
type calendarMonth struct {
	Days    []calendar.Day `json:"days"`
	HasYear bool           `json:"has_year"`
}

// calendarDates is the request of `calendar add` (From, N) and `calendar
// between` (From, To); dates are YYYY-MM-DD in the calendar's zone.
type calendarDates struct {
	From string `json:"from"`
	To   string `json:"to,omitempty"`
	N    int    `json:"n,omitempty"`
}

var calendarMonthOp = newOp("calendar month", readsStoreIfAny, func(x *opCall, month string) (calendarMonth, error) {
	m, err := calendar.ParseMonth(month, time.UTC)
	if err != nil {
		return calendarMonth{}, &exitError{2, refused(err)}
	}
	cal, err := x.svc.liveCalendar()
	if err != nil {
		return calendarMonth{}, err
	}
	return calendarMonth{Days: cal.Month(m.Year(), m.Month()), HasYear: cal.HasYear(m.Year())}, nil
})

var calendarAddOp = newOp("calendar add", readsStoreIfAny, func(x *opCall, a calendarDates) (string, error) {
	cal, err := x.svc.liveCalendar()
	if err != nil {
		return "", err
	}
	from, err := parseCalendarDate(a.From, cal.Location())
	if err != nil {
		return "", err
	}
	return cal.AddWorkdays(from, a.N).Format(time.DateOnly), nil
})

var calendarBetweenOp = newOp("calendar between", readsStoreIfAny, func(x *opCall, a calendarDates) (int, error) {
	cal, err := x.svc.liveCalendar()
	if err != nil {
		return 0, err
	}
	from, err := parseCalendarDate(a.From, cal.Location())
	if err != nil {
		return 0, err
	}
	to, err := parseCalendarDate(a.To, cal.Location())
	if err != nil {
		return 0, err
	}
	return cal.WorkdaysBetween(from, to), nil
})

// calendarImportOp imports a year's notice into the service's calendar, so
// the web UI and the attendance judgement use it at once.
var calendarImportOp = newOp("calendar import", writesStore, func(x *opCall, year int) (calendar.ImportResult, error) {
	data, err := x.input(0)
	if err != nil {
		return calendar.ImportResult{}, err
	}
	cal, err := x.svc.liveCalendar()
	if err != nil {
		return calendar.ImportResult{}, err
	}
	return cal.ImportNotice(x.actor, year, bytes.NewReader(data))
})

// parseCalendarDate reads YYYY-MM-DD as a date in loc.
func parseCalendarDate(s string, loc *time.Location) (time.Time, error) {
	t, err := time.ParseInLocation(time.DateOnly, s, loc)
	if err != nil {
		return time.Time{}, &exitError{2, fmt.Errorf("%q 不是日期，请写成 2026-09-24 / %q is not a date; write it like 2026-09-24", s, s)}
	}
	return t, nil
}

// notAMonth refuses a month the command line was given, with the words the
// pages use (calendar.ParseMonth).
func notAMonth(err error) error { return &exitError{2, refused(err)} }
