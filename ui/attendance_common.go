package ui

// 考勤: helpers shared by the punch list, the manual punch form, the
// enrolment pages, the kiosk and the dashboard tile.

import (
	"cmp"
	"net/http"
	"slices"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/staff"

	"github.com/labstack/echo/v4"
)

// dateLayout is how dates travel in forms and query strings (2026-03-02).
const dateLayout = "2006-01-02"

// clockLayout is how a punch's time of day is shown (24-hour, seconds).
const clockLayout = "15:04:05"

// needAttendance answers 503 when the app was built without the punch and
// enrolment services (a tool or test that wires only part of Deps).
func (a *App) needAttendance() error {
	if a.Punches == nil || a.Enrols == nil {
		return echo.NewHTTPError(http.StatusServiceUnavailable)
	}
	return nil
}

// sensorOnline reports whether a fingerprint sensor is configured and
// connected right now.
func (a *App) sensorOnline() bool { return a.Clock != nil && a.Clock.Online() }

// timeUnsure reports whether the box's clock cannot be trusted right now
// (no NTP sync and no RTC, or a jump). Without a time source nothing is
// claimed either way.
func (a *App) timeUnsure() bool {
	return a.Time != nil && a.Time.Quality() == attendance.TimeUnsure
}

// timeQuality is the quality stamped on a punch entered now.
func (a *App) timeQuality() attendance.TimeQuality {
	if a.Time == nil {
		return attendance.TimeUnsure
	}
	return a.Time.Quality()
}

// dayStart is midnight at the start of t's date, in t's location (pass a
// time in the center's zone, e.g. a.now()).
func dayStart(t time.Time) time.Time { return civilDay(t, t.Location()) }

// weekStart is midnight of the Monday of t's week, in t's location (weeks
// start on Monday).
func weekStart(t time.Time) time.Time {
	d := dayStart(t)
	back := (int(d.Weekday()) + 6) % 7 // Monday 0 … Sunday 6
	return d.AddDate(0, 0, -back)
}

// parseDay reads a form date (2026-03-02) as midnight in loc.
func parseDay(s string, loc *time.Location) (time.Time, bool) {
	t, err := time.ParseInLocation(dateLayout, s, loc)
	return t, err == nil
}

// punchesToday counts the punches taken since local midnight.
func (a *App) punchesToday() int {
	if a.Punches == nil {
		return 0
	}
	from := a.today()
	list, err := a.Punches.Between(from, from.AddDate(0, 0, 1), 0)
	if err != nil {
		a.Logger.Warn("count today's punches", "err", err)
		return 0
	}
	return len(list)
}

// staffGroup is one unit's people in a staff select.
type staffGroup struct {
	Unit  string
	Staff []staff.Staff
}

// activeStaffGroups lists the active staff by unit (units in name order as
// the registry keeps them, people by staff number), for staff selects.
func (a *App) activeStaffGroups() ([]staffGroup, error) {
	list, err := a.Staff.ListStaff(staff.Filter{})
	if err != nil {
		return nil, err
	}
	units, err := a.Staff.Units()
	if err != nil {
		return nil, err
	}
	byUnit := map[uint64][]staff.Staff{}
	for _, s := range list {
		byUnit[s.UnitID] = append(byUnit[s.UnitID], s)
	}
	var out []staffGroup
	for _, u := range units {
		if people := byUnit[u.ID]; len(people) > 0 {
			out = append(out, staffGroup{Unit: u.Name, Staff: people})
			delete(byUnit, u.ID)
		}
	}
	// People of a unit that no longer exists, should there be any.
	var rest []staff.Staff
	for _, people := range byUnit {
		rest = append(rest, people...)
	}
	if len(rest) > 0 {
		slices.SortFunc(rest, func(x, y staff.Staff) int { return cmp.Compare(x.StaffNo, y.StaffNo) })
		out = append(out, staffGroup{Staff: rest})
	}
	return out, nil
}
