package ui

// The enrolment job page: the current step in big words, then the result.
// kiosk.js polls the same address with .json appended; without JS the page
// reloads itself while the job runs.

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"bianmin/appliance/enrol"
	"bianmin/appliance/punchclock"

	"github.com/labstack/echo/v4"
)

// enrolSteps are the steps in the order the page lists them.
var enrolSteps = []punchclock.EnrolStep{punchclock.StepPressFirst, punchclock.StepLift,
	punchclock.StepPressSecond, punchclock.StepSaving, punchclock.StepDone}

// enrolJobStatus is a job as its page and its JSON show it.
type enrolJobStatus struct {
	State  string `json:"state"` // running, done, failed
	Step   string `json:"step"`
	Text   string `json:"text"`             // the big words
	Detail string `json:"detail,omitempty"` // the line under them
	Finger int    `json:"finger,omitempty"`
}

// enrolStepItem is one line of the step list.
type enrolStepItem struct {
	Step  punchclock.EnrolStep
	State string // done, current, todo
}

// enrolJobData is what enrol_job.html shows.
type enrolJobData struct {
	Job     enrolJob
	Status  enrolJobStatus
	Steps   []enrolStepItem
	JSONURL string
	PollMS  int64
	More    bool // the person may enrol another finger
}

func (e *enrolPages) job(c echo.Context) error {
	if err := e.needAttendance(); err != nil {
		return err
	}
	id, asJSON := strings.CutSuffix(c.Param("job"), ".json")
	job, ok := e.jobs.get(id)
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	v := e.newView(c, "enrol.job.title", "enrol.job.lead", "attendance")
	st := jobStatus(v, job)
	if asJSON {
		c.Response().Header().Set("Cache-Control", "no-store")
		return c.JSON(http.StatusOK, st)
	}
	d := enrolJobData{Job: job, Status: st, JSONURL: "/attendance/enrol/jobs/" + job.ID + ".json",
		PollMS: enrolPollEvery.Milliseconds()}
	if !job.Running {
		have, err := e.Enrols.ForStaff(job.StaffID)
		if err != nil {
			return err
		}
		d.More = len(have) < enrol.MaxFingers
	}
	current := indexOfStep(job.Step)
	for i, s := range enrolSteps {
		item := enrolStepItem{Step: s, State: "todo"}
		switch {
		case i < current || job.Step == punchclock.StepDone:
			item.State = "done"
		case i == current:
			item.State = "current"
		}
		d.Steps = append(d.Steps, item)
	}
	v.Data = d
	return e.render(c, http.StatusOK, "enrol_job", v)
}

func indexOfStep(s punchclock.EnrolStep) int {
	for i, x := range enrolSteps {
		if x == s {
			return i
		}
	}
	return 0
}

// jobStatus words the job's state in the viewer's language.
func jobStatus(v *view, job enrolJob) enrolJobStatus {
	st := enrolJobStatus{State: "running", Step: string(job.Step), Text: v.T("enrol.step." + string(job.Step))}
	switch {
	case job.Running:
		st.Detail = v.T("enrol.job.for", "Name", job.Name, "StaffNo", job.StaffNo)
	case job.Err != nil:
		st.State = "failed"
		key, detail := enrolErrorKey(job.Err)
		st.Text = v.T("enrol.job.failed")
		st.Detail = v.T(key, "Detail", detail, "Max", enrol.MaxFingers)
	default:
		st.State, st.Finger = "done", job.Result.Finger
		st.Detail = v.T("enrol.job.done", "Name", job.Name, "Finger", job.Result.Finger, "Page", job.Result.Page)
	}
	return st
}

// enrolErrorKey translates why an enrolment failed; detail is the
// technical text for the errors that have no plainer words.
func enrolErrorKey(err error) (key, detail string) {
	switch {
	case errors.Is(err, punchclock.ErrNotSameFinger):
		return "enrol.err.not_same", ""
	case errors.Is(err, punchclock.ErrOffline):
		return "enrol.err.offline", ""
	case errors.Is(err, punchclock.ErrLibraryFull):
		return "enrol.err.library_full", ""
	case errors.Is(err, punchclock.ErrBadImage):
		return "enrol.err.bad_image", ""
	case errors.Is(err, punchclock.ErrNoFinger), errors.Is(err, context.DeadlineExceeded):
		return "enrol.err.no_finger", ""
	case errors.Is(err, enrol.ErrTooManyFingers):
		return "enrol.err.too_many", ""
	case errors.Is(err, enrol.ErrConsentMissing):
		return "enrol.err.consent_required", ""
	}
	return "enrol.err.failed", err.Error()
}
