package attendance

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ClockTime is a wall-clock time of day: seconds since local midnight,
// 0 ≤ t < 24h. It is written "08:30" or, with seconds, "08:30:59".
type ClockTime int32

// secondsPerDay bounds a ClockTime.
const secondsPerDay = 24 * 60 * 60

// Clock returns the ClockTime h:m:s.
func Clock(h, m, s int) ClockTime { return ClockTime(h*3600 + m*60 + s) }

// ParseClock reads "8:30", "08:30" or "08:30:59".
func ParseClock(s string) (ClockTime, error) {
	parts := strings.Split(strings.TrimSpace(s), ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, fmt.Errorf("clock time %q: want HH:MM or HH:MM:SS", s)
	}
	limits := []int{23, 59, 59}
	var v [3]int
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		digits := strings.Trim(p, "0123456789") == ""
		if err != nil || !digits || n > limits[i] || len(p) > 2 || i > 0 && len(p) != 2 {
			return 0, fmt.Errorf("clock time %q: want HH:MM or HH:MM:SS", s)
		}
		v[i] = n
	}
	return Clock(v[0], v[1], v[2]), nil
}

// MustClock is ParseClock for literals; it panics on a malformed time.
func MustClock(s string) ClockTime {
	c, err := ParseClock(s)
	if err != nil {
		panic(err)
	}
	return c
}

// ClockOf is the time of day of t in t's location.
func ClockOf(t time.Time) ClockTime {
	h, m, s := t.Clock()
	return Clock(h, m, s)
}

// Valid reports whether c lies within one day.
func (c ClockTime) Valid() bool { return c >= 0 && c < secondsPerDay }

// String gives "08:30", or "08:30:59" when the seconds are not zero.
func (c ClockTime) String() string {
	h, m, s := int(c)/3600, int(c)%3600/60, int(c)%60
	if s != 0 {
		return fmt.Sprintf("%02d:%02d:%02d", h, m, s)
	}
	return fmt.Sprintf("%02d:%02d", h, m)
}

// On is the instant of c on the civil date of day, in day's location.
func (c ClockTime) On(day time.Time) time.Time {
	y, mo, d := day.Date()
	return time.Date(y, mo, d, int(c)/3600, int(c)%3600/60, int(c)%60, 0, day.Location())
}

// MarshalJSON writes c as "08:30".
func (c ClockTime) MarshalJSON() ([]byte, error) { return json.Marshal(c.String()) }

// UnmarshalJSON reads "08:30" or "08:30:59".
func (c *ClockTime) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("clock time: %w", err)
	}
	v, err := ParseClock(s)
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// MonthDay is a day of the year without the year: 1 May is {5, 1}. It is
// written "05-01".
type MonthDay struct {
	Month time.Month
	Day   int
}

// MonthDayOf is the month and day of t in t's location.
func MonthDayOf(t time.Time) MonthDay {
	_, m, d := t.Date()
	return MonthDay{m, d}
}

// ParseMonthDay reads "05-01" or "5-1".
func ParseMonthDay(s string) (MonthDay, error) {
	m, d, ok := strings.Cut(strings.TrimSpace(s), "-")
	mi, err1 := strconv.Atoi(m)
	di, err2 := strconv.Atoi(d)
	md := MonthDay{time.Month(mi), di}
	if !ok || err1 != nil || err2 != nil || !md.Valid() {
		return MonthDay{}, fmt.Errorf("month-day %q: want MM-DD, e.g. 05-01", s)
	}
	return md, nil
}

// Valid reports whether the day exists in some year (29 February does).
func (md MonthDay) Valid() bool {
	if md.Month < time.January || md.Month > time.December || md.Day < 1 {
		return false
	}
	// 2024 is a leap year, so it has every month-day.
	return md.Day <= time.Date(2024, md.Month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// String gives "05-01".
func (md MonthDay) String() string { return fmt.Sprintf("%02d-%02d", int(md.Month), md.Day) }

// ordinal orders month-days within a year.
func (md MonthDay) ordinal() int { return int(md.Month)*100 + md.Day }

// InRange reports whether md lies in from..to, both included. A range
// whose from is after its to runs across the new year (11-01..04-30).
func (md MonthDay) InRange(from, to MonthDay) bool {
	o, f, t := md.ordinal(), from.ordinal(), to.ordinal()
	if f <= t {
		return f <= o && o <= t
	}
	return o >= f || o <= t
}

// MarshalJSON writes md as "05-01".
func (md MonthDay) MarshalJSON() ([]byte, error) { return json.Marshal(md.String()) }

// UnmarshalJSON reads "05-01".
func (md *MonthDay) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("month-day: %w", err)
	}
	v, err := ParseMonthDay(s)
	if err != nil {
		return err
	}
	*md = v
	return nil
}
