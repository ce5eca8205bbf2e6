package calendar

import (
	"fmt"
	"time"
)

// dayNum is a civil date counted in days since 1970-01-01 (proleptic
// Gregorian). Arithmetic on it is arithmetic on calendar days: adding one
// is "the next date", whatever the clocks did that night.
type dayNum int

// civil returns the day number of year-month-day. Out-of-range months and
// days normalise as time.Date does (the 32nd of January is 1 February).
func civil(y int, m time.Month, d int) dayNum {
	return dayNum(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// date returns the year, month and day of n.
func (n dayNum) date() (int, time.Month, int) {
	return time.Unix(int64(n)*86400, 0).UTC().Date()
}

func (n dayNum) year() int {
	y, _, _ := n.date()
	return y
}

func (n dayNum) month() int {
	_, m, _ := n.date()
	return int(m)
}

// weekday of n; 1970-01-01 was a Thursday.
func (n dayNum) weekday() time.Weekday {
	return time.Weekday((int(n)%7 + 7 + int(time.Thursday)) % 7)
}

// weekend reports whether n is a Saturday or Sunday.
func (n dayNum) weekend() bool {
	wd := n.weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// String is the ISO form YYYY-MM-DD, also the storage key of a day.
func (n dayNum) String() string {
	y, m, d := n.date()
	return fmt.Sprintf("%04d-%02d-%02d", y, int(m), d)
}

// parseDay reads a strict YYYY-MM-DD date.
func parseDay(s string) (dayNum, bool) {
	if len(s) != len("2006-01-02") {
		return 0, false
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return 0, false
	}
	return civil(t.Date()), true
}

// yearStart is 1 January of y.
func yearStart(y int) dayNum { return civil(y, time.January, 1) }

// dayOf is the calendar date of t as seen in loc.
func dayOf(t time.Time, loc *time.Location) dayNum {
	return civil(t.In(loc).Date())
}

// timeIn is midnight at the start of n in loc.
func (n dayNum) timeIn(loc *time.Location) time.Time {
	y, m, d := n.date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}
