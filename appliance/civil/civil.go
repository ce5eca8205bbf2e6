package civil

import (
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/width"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// Layout is how civil dates are written in records, files and exports.
const Layout = store.DateLayout

// Locale keys of the refusals.
const (
	KeyRequired   = "date.err.required"      // nothing typed
	KeyFormat     = "date.err.format"        // not a date: Value
	KeyNoSuchDay  = "date.err.no_such_day"   // Value, Year, Month, Days
	KeyNoSuchMon  = "date.err.no_such_month" // Value, Month
	KeyOutOfRange = "date.err.range"         // Value, Min, Max
)

// Parse reads a required date for field and returns it as YYYY-MM-DD.
func Parse(field, raw string) (string, *problem.Problem) {
	s := normalize(raw)
	if s == "" {
		return "", problem.WithArgs(field, KeyRequired, nil)
	}
	return parse(field, s, raw)
}

// Optional reads a date that may be left empty ("" then, with no problem).
func Optional(field, raw string) (string, *problem.Problem) {
	s := normalize(raw)
	if s == "" {
		return "", nil
	}
	return parse(field, s, raw)
}

// ParseIn reads a required date as midnight in loc.
func ParseIn(field, raw string, loc *time.Location) (time.Time, *problem.Problem) {
	d, p := Parse(field, raw)
	if p != nil {
		return time.Time{}, p
	}
	return Midnight(d, loc), nil
}

// Midnight is the start of a date already checked (YYYY-MM-DD) in loc; the
// zero time when it is not one.
func Midnight(date string, loc *time.Location) time.Time {
	t, err := time.ParseInLocation(Layout, date, loc)
	if err != nil {
		return time.Time{}
	}
	return t
}

// Of is the civil date of t in loc.
func Of(t time.Time, loc *time.Location) string { return t.In(loc).Format(Layout) }

// normalize narrows full-width characters and trims.
func normalize(raw string) string { return strings.TrimSpace(width.Narrow.String(raw)) }

// parse splits s into year, month and day and checks them.
func parse(field, s, raw string) (string, *problem.Problem) {
	value := strings.TrimSpace(raw)
	y, m, d, ok := split(s)
	if !ok {
		return "", problem.WithArgs(field, KeyFormat, map[string]any{"Value": value})
	}
	if y < store.MinRecordYear || y > store.MaxRecordYear {
		return "", problem.WithArgs(field, KeyOutOfRange, map[string]any{"Value": value, "Min": store.MinRecordYear, "Max": store.MaxRecordYear})
	}
	if m < 1 || m > 12 {
		return "", problem.WithArgs(field, KeyNoSuchMon, map[string]any{"Value": value, "Month": m})
	}
	if days := DaysIn(y, time.Month(m)); d < 1 || d > days {
		return "", problem.WithArgs(field, KeyNoSuchDay, map[string]any{"Value": value, "Year": y, "Month": m, "Days": days})
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Format(Layout), nil
}

// DaysIn is the number of days of the month.
func DaysIn(year int, m time.Month) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// split reads the three numbers of a date: separated by "-", "/" or ".",
// written 2026年2月9日, or eight digits in a row.
func split(s string) (y, m, d int, ok bool) {
	var parts []string
	switch {
	case strings.Contains(s, "年"):
		rest := strings.TrimSuffix(s, "日")
		rest = strings.TrimSuffix(rest, "号")
		yy, rest, ok1 := strings.Cut(rest, "年")
		mm, dd, ok2 := strings.Cut(rest, "月")
		if !ok1 || !ok2 {
			return 0, 0, 0, false
		}
		parts = []string{yy, mm, dd}
	case len(s) == 8 && digits(s):
		parts = []string{s[:4], s[4:6], s[6:]}
	default:
		i := strings.IndexAny(s, "-/.")
		if i < 0 {
			return 0, 0, 0, false
		}
		parts = strings.Split(s, s[i:i+1]) // one separator throughout
	}
	if len(parts) != 3 || len(parts[0]) != 4 {
		return 0, 0, 0, false
	}
	var n [3]int
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" || len(p) > 4 || !digits(p) {
			return 0, 0, 0, false
		}
		n[i], _ = strconv.Atoi(p)
	}
	if len(strings.TrimSpace(parts[1])) > 2 || len(strings.TrimSpace(parts[2])) > 2 {
		return 0, 0, 0, false
	}
	return n[0], n[1], n[2], true
}

func digits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}
