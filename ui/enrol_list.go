package ui

// 考勤 › 指纹采集: who has fingers enrolled, the sensor's state, and
// re-enrolment of a replacement sensor from the box's template copies.
// The enrolment pages share the in-memory job set, so their handlers hang
// off enrolPages (made once by the route table) rather than App.

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"bianmin/appliance/punchclock"
	"bianmin/appliance/staff"

	"github.com/labstack/echo/v4"
)

// enrolPages serves the enrolment pages.
type enrolPages struct {
	*App
	jobs *enrolJobs
}

func newEnrolPages(a *App) *enrolPages {
	return &enrolPages{App: a, jobs: newEnrolJobs(time.Now)}
}

// reenrolTimeout bounds writing every template into a replacement sensor.
const reenrolTimeout = 2 * time.Minute

// enrolSensor is the sensor's state as the enrolment pages show it.
type enrolSensor struct {
	Configured bool
	Online     bool
	NoMatches  int64
	Busy       bool   // an enrolment is running
	BusyJob    string // its job id
	BusyName   string // whose
}

func (e *enrolPages) sensorState() enrolSensor {
	s := enrolSensor{Configured: e.Clock != nil, Online: e.sensorOnline()}
	if e.Clock != nil {
		s.NoMatches = e.Clock.NoMatches()
	}
	if job, ok := e.jobs.running(); ok {
		s.Busy, s.BusyJob, s.BusyName = true, job.ID, job.Name
	}
	return s
}

// enrolRow is one person on the enrolment list.
type enrolRow struct {
	staff.Staff
	UnitName     string
	WindowNumber int
	Fingers      int
	Active       bool // the person has not left the hall
}

// enrolListData is what enrol_list.html shows.
type enrolListData struct {
	Rows       []enrolRow
	Units      []staff.Unit
	Pager      pager
	Filtered   bool
	Sensor     enrolSensor
	Enrolled   int // fingers enrolled in all
	People     int // people with at least one finger
	Reenrolled int // templates written by the last re-enrolment, -1 = none just done
}

func (e *enrolPages) list(c echo.Context) error {
	if err := e.needAttendance(); err != nil {
		return err
	}
	v := e.newView(c, "enrol.list.title", "enrol.list.lead", "attendance")
	f := staff.Filter{UnitID: queryID(c, "unit"), Query: strings.TrimSpace(c.QueryParam("q")),
		IncludeInactive: c.QueryParam("inactive") != ""}
	people, err := e.Staff.ListStaff(f)
	if err != nil {
		return err
	}
	units, windows, err := e.unitsAndWindows()
	if err != nil {
		return err
	}
	all, err := e.Enrols.All()
	if err != nil {
		return err
	}
	fingers := map[uint64]int{}
	for _, en := range all {
		fingers[en.StaffID]++
	}
	q := url.Values{}
	for _, k := range []string{"unit", "q", "inactive"} {
		if val := strings.TrimSpace(c.QueryParam(k)); val != "" {
			q.Set(k, val)
			v.Form[k] = val
		}
	}
	page, _ := strconv.Atoi(c.QueryParam("page"))
	d := enrolListData{Units: units, Filtered: len(q) > 0, Sensor: e.sensorState(),
		Enrolled: len(all), People: len(fingers), Reenrolled: -1,
		Pager: newPager("/attendance/enrol", q, len(people), page, staffPageSize)}
	if n, err := strconv.Atoi(c.QueryParam("reenrolled")); err == nil && n >= 0 {
		d.Reenrolled = n
	}
	unitName, windowNo := unitNames(units), windowNumbers(windows)
	if len(people) > 0 {
		for _, s := range people[d.Pager.First-1 : d.Pager.Last] {
			d.Rows = append(d.Rows, enrolRow{Staff: s, UnitName: unitName[s.UnitID],
				WindowNumber: windowNo[s.WindowID], Fingers: fingers[s.ID], Active: !s.Left(e.today().Format(dateLayout))})
		}
	}
	v.Data = d
	return e.render(c, http.StatusOK, "enrol_list", v)
}

// reenrol writes every kept template into the connected sensor (after the
// sensor was replaced) and reports how many were written.
func (e *enrolPages) reenrol(c echo.Context) error {
	if err := e.needAttendance(); err != nil {
		return err
	}
	switch {
	case e.Clock == nil:
		e.flash(c, "err", "enrol.err.no_sensor")
	case !e.Clock.Online():
		e.flash(c, "err", "enrol.err.offline")
	default:
		if _, busy := e.jobs.running(); busy {
			e.flash(c, "err", "enrol.err.busy")
			break
		}
		ctx, cancel := context.WithTimeout(c.Request().Context(), reenrolTimeout)
		defer cancel()
		n, err := e.Clock.Reenrol(ctx)
		if err != nil {
			e.Logger.Error("re-enrolment failed", "written", n, "err", err)
			if errors.Is(err, punchclock.ErrOffline) {
				e.flash(c, "err", "enrol.err.offline")
			} else {
				e.flash(c, "err", "enrol.err.reenrol_failed")
			}
			break
		}
		e.Logger.Info("sensor re-enrolled", "by", currentUser(c).Username, "templates", n)
		return c.Redirect(http.StatusSeeOther, "/attendance/enrol?reenrolled="+strconv.Itoa(n))
	}
	return c.Redirect(http.StatusSeeOther, "/attendance/enrol")
}
