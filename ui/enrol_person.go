package ui

// 考勤 › 指纹采集 › one person: their enrolled fingers, the consent form
// that starts an enrolment job, and removal of their fingerprints.

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"bianmin/appliance/enrol"
	"bianmin/appliance/punchclock"
	"bianmin/appliance/staff"

	"github.com/labstack/echo/v4"
)

// removeTimeout bounds clearing a person's pages in the sensor.
const removeTimeout = 30 * time.Second

// enrolPersonData is what enrol_person.html shows.
type enrolPersonData struct {
	Staff        staff.Staff
	UnitName     string
	WindowNumber int
	Enrolled     []enrol.Enrollment
	Max          int
	CanEnrol     bool // fewer than Max fingers
	Sensor       enrolSensor
	Today        string
	Removed      int  // fingers just removed, -1 = no removal just done
	Cleared      bool // … and the sensor pages were cleared
	Gone         bool // the person has left the hall
}

func (e *enrolPages) person(c echo.Context) error {
	if err := e.needAttendance(); err != nil {
		return err
	}
	s, err := e.staffByPath(c)
	if err != nil {
		return err
	}
	v := e.newView(c, "enrol.person.title", "enrol.person.lead", "attendance")
	v.Form["consent_on"] = e.today().Format(dateLayout)
	removed := -1
	if n, err := strconv.Atoi(c.QueryParam("removed")); err == nil && n >= 0 {
		removed = n
	}
	return e.renderPerson(c, v, http.StatusOK, s, removed, c.QueryParam("cleared") == "1")
}

func (e *enrolPages) renderPerson(c echo.Context, v *view, status int, s staff.Staff, removed int, cleared bool) error {
	have, err := e.Enrols.ForStaff(s.ID)
	if err != nil {
		return err
	}
	units, windows, err := e.unitsAndWindows()
	if err != nil {
		return err
	}
	v.Data = enrolPersonData{Staff: s, UnitName: unitNames(units)[s.UnitID], WindowNumber: windowNumbers(windows)[s.WindowID],
		Enrolled: have, Max: enrol.MaxFingers, CanEnrol: len(have) < enrol.MaxFingers, Sensor: e.sensorState(),
		Today: e.today().Format(dateLayout), Removed: removed, Cleared: cleared, Gone: s.Left(e.today().Format(dateLayout))}
	return e.render(c, status, "enrol_person", v)
}

// start checks the consent form and starts an enrolment job, then sends
// the browser to the job's page.
func (e *enrolPages) start(c echo.Context) error {
	if err := e.needAttendance(); err != nil {
		return err
	}
	s, err := e.staffByPath(c)
	if err != nil {
		return err
	}
	v := e.newView(c, "enrol.person.title", "enrol.person.lead", "attendance")
	v.Form["consent"] = strings.TrimSpace(c.FormValue("consent"))
	v.Form["consent_on"] = strings.TrimSpace(c.FormValue("consent_on"))
	have, err := e.Enrols.ForStaff(s.ID)
	if err != nil {
		return err
	}
	e.checkStart(v, s, len(have))
	if len(v.Errors) > 0 {
		return e.renderPerson(c, v, http.StatusBadRequest, s, -1, false)
	}
	job, ok := e.jobs.start(s.ID, s.Name, s.StaffNo)
	if !ok {
		v.fieldError("form", "enrol.err.busy_with", "Name", job.Name)
		return e.renderPerson(c, v, http.StatusConflict, s, -1, false)
	}
	actor, consentOn := currentUser(c).Username, v.Form["consent_on"]
	e.Logger.Info("enrolment started", "by", actor, "staff_id", s.ID, "job", job.ID)
	go e.runJob(job.ID, actor, s.ID, consentOn)
	return c.Redirect(http.StatusSeeOther, "/attendance/enrol/jobs/"+job.ID)
}

// checkStart puts every reason the enrolment cannot start next to its
// field ("form" for the page as a whole).
func (e *enrolPages) checkStart(v *view, s staff.Staff, fingers int) {
	if v.Form["consent"] == "" {
		v.fieldError("consent", "enrol.err.consent_required")
	}
	if day, ok := parseDay(v.Form["consent_on"], e.loc()); !ok {
		v.fieldError("consent_on", "enrol.err.date_required")
	} else if day.After(e.today()) {
		v.fieldError("consent_on", "enrol.err.date_future")
	}
	switch {
	case s.Left(e.today().Format(dateLayout)):
		v.fieldError("form", "enrol.err.inactive")
	case fingers >= enrol.MaxFingers:
		v.fieldError("form", "enrol.err.too_many", "Max", enrol.MaxFingers)
	case e.Clock == nil:
		v.fieldError("form", "enrol.err.no_sensor")
	case !e.Clock.Online():
		v.fieldError("form", "enrol.err.offline")
	}
}

// runJob walks the enrolment through the clock and records the outcome.
func (e *enrolPages) runJob(jobID, actor string, staffID uint64, consentOn string) {
	ctx, cancel := context.WithTimeout(context.Background(), enrolJobTimeout)
	defer cancel()
	res, err := e.Clock.Enrol(ctx, actor, staffID, consentOn, func(s punchclock.EnrolStep) { e.jobs.step(jobID, s) })
	if err != nil {
		e.Logger.Warn("enrolment failed", "staff_id", staffID, "job", jobID, "err", err)
	} else {
		e.Logger.Info("enrolment done", "staff_id", staffID, "job", jobID, "finger", res.Finger, "page", res.Page)
	}
	e.jobs.finish(jobID, res, err)
}

// remove deletes the person's fingerprints from the box and, when it is
// connected, from the sensor.
func (e *enrolPages) remove(c echo.Context) error {
	if err := e.needAttendance(); err != nil {
		return err
	}
	s, err := e.staffByPath(c)
	if err != nil {
		return err
	}
	if job, busy := e.jobs.running(); busy {
		v := e.newView(c, "enrol.person.title", "enrol.person.lead", "attendance")
		v.fieldError("form", "enrol.err.busy_with", "Name", job.Name)
		return e.renderPerson(c, v, http.StatusConflict, s, -1, false)
	}
	actor := currentUser(c).Username
	var n int
	var cleared bool
	if e.Clock == nil {
		list, err := e.Enrols.Remove(actor, s.ID)
		if err != nil {
			return err
		}
		n = len(list)
	} else {
		ctx, cancel := context.WithTimeout(c.Request().Context(), removeTimeout)
		defer cancel()
		if n, cleared, err = e.Clock.RemoveStaff(ctx, actor, s.ID); err != nil {
			return err
		}
	}
	e.Logger.Info("fingerprints removed", "by", actor, "staff_id", s.ID, "fingers", n, "sensor_cleared", cleared)
	loc := "/attendance/enrol/" + strconv.FormatUint(s.ID, 10) + "?removed=" + strconv.Itoa(n)
	if cleared {
		loc += "&cleared=1"
	}
	return c.Redirect(http.StatusSeeOther, loc)
}
