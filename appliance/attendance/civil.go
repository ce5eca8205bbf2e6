package attendance

// Civil dates ("2026-02-09") as records store them and as the center's
// clock reads them.

import (
	"time"

	"bianmin/appliance/civil"
)

// dateLayout is how civil dates are written and stored.
const dateLayout = "2006-01-02"

// parseCivilDate reads a civil date as the forms read it (appliance/civil:
// "2026-02-09", "2026年2月9日", …) as midnight in loc; a refusal says what
// is wrong with it (no date, a date that does not exist, out of range).
func parseCivilDate(s string, loc *time.Location) (time.Time, error) {
	t, p := civil.ParseIn("date", s, loc)
	if p != nil {
		return time.Time{}, p
	}
	return t, nil
}

// civilDay is midnight at the start of t's date in loc.
func civilDay(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// dateKeyTime is the key time of a civil date: its midnight in UTC, so
// that keys do not move when the center's location is corrected.
func dateKeyTime(date string) time.Time {
	t, _ := time.Parse(dateLayout, date)
	return t
}
