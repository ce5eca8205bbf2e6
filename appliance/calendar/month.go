package calendar

import (
	"strings"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// Keys of a refused month.
const (
	errMonthFormat = "calendar.err.month_format"
	errMonthRange  = "calendar.err.month_range"
)

// ParseMonth reads a month as people type it ("2026-02") and returns its
// first day at midnight in loc. A month that is not written that way, or
// lies outside the years records may be dated in (store.MinRecordYear to
// store.MaxRecordYear: "0000-01" and "9999-12" are typos, not months), is
// refused with a problem on the field "month" — the same on the pages and
// on the command line.
func ParseMonth(s string, loc *time.Location) (time.Time, error) {
	if loc == nil {
		loc = time.Local
	}
	s = strings.TrimSpace(s)
	m, err := time.ParseInLocation("2006-01", s, loc)
	if err != nil {
		return time.Time{}, &problem.Problem{Field: "month", Key: errMonthFormat, Value: problem.Bound(s),
			Args: map[string]any{"Month": problem.Bound(s)}}
	}
	if !store.RecordDateOK(m) {
		return time.Time{}, problem.New("month", errMonthRange, "Month", s, "Min", store.MinRecordYear, "Max", store.MaxRecordYear)
	}
	return m, nil
}
