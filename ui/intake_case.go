package ui

// 受理 › 办件: one case — its applicant (the ID number masked; the case's
// unit and the office may show it in full, which is audited), checklist,
// deadline, every step with when, who and its document, and a form for
// each action its status allows (intake.Step checks who may act).

import (
	"net/http"
	"slices"
	"strings"

	"bianmin/appliance/intake"

	"github.com/labstack/echo/v4"
)

// caseData is what intake_case.html shows.
type caseData struct {
	Case       intake.Case
	Unit       string
	Window     string
	Category   string
	Status     string
	StatusKey  string
	Received   string
	Accepted   string
	Due        string
	DueTone    string
	Legal      string
	Deemed     bool
	Overdue    bool
	FullID     string // set once the user asked and may
	MayFull    bool
	Materials  []caseMaterial
	Steps      []caseStep
	Exclusions []caseExclusion
	Actions    []string // the actions the status allows, in flow order
	Missing    []materialCheck
	Kinds      []keyLabel
	IDOverride string
}

type caseMaterial struct {
	Name, Note, ReceivedAt string
	Received, Required     bool
}

type caseStep struct {
	Action, At, By, Doc, Note, To, Status string
}

type caseExclusion struct {
	Kind, Reason, Span, By string
	Days                   int
	Open                   bool
}

func (a *App) caseDetail(c echo.Context) error {
	if err := a.intakeReady(); err != nil {
		return err
	}
	v := a.newView(c, "intake.case.title", "intake.case.lead", "intake")
	return a.renderCase(c, v, http.StatusOK, "")
}

func (a *App) renderCase(c echo.Context, v *view, status int, fullID string) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	cs, err := a.Intake.Case(id)
	if err != nil {
		return notFoundCase(err)
	}
	pl, err := a.places()
	if err != nil {
		return err
	}
	d := caseData{Case: cs, Unit: pl.unitName(cs.UnitID), Window: pl.windowText(v, cs.WindowID),
		Category: v.T("intake.category." + string(cs.Category)), Status: a.statusText(v, cs), StatusKey: string(cs.Status),
		Received: a.clockText(cs.ReceivedAt), Accepted: a.clockText(cs.AcceptedAt), FullID: fullID,
		MayFull: v.Has("office") || a.ownUnit(c) == cs.UnitID && cs.UnitID != 0}
	v.TitleText = v.T("intake.case.title_of", "Number", cs.Number)
	due := a.Intake.Due(cs)
	d.Due, d.DueTone = a.dueText(v, due)
	d.Deemed, d.Overdue = due.DeemedAccepted, due.Overdue
	if !due.Legal.IsZero() {
		d.Legal = a.dayLabel(v, due.Legal)
	}
	if cs.Applicant.IDOverride {
		d.IDOverride = v.T("intake.id_kind."+string(cs.Applicant.IDKind)) + " · " + cs.Applicant.IDOverrideReason
	}
	for i, m := range cs.Materials {
		d.Materials = append(d.Materials, caseMaterial{Name: m.Name, Note: materialNote(v, m.Material), Received: m.Received,
			Required: m.Required, ReceivedAt: a.clockText(m.ReceivedAt)})
		if !m.Received {
			d.Missing = append(d.Missing, materialCheck{Index: i, Name: m.Name, Note: materialNote(v, m.Material)})
		}
	}
	for _, st := range slices.Backward(cs.Steps) {
		d.Steps = append(d.Steps, caseStep{Action: v.T("intake.action." + string(st.Action)), At: a.clockText(st.At), By: st.By,
			Doc: st.Doc, Note: st.Note, To: st.To, Status: v.T("intake.status." + string(st.Status))})
	}
	for _, ex := range cs.Exclusions {
		span := a.dateLabel(v, ex.Start) + " — " + v.T("intake.exclusion.open")
		if ex.End != "" {
			span = a.dateLabel(v, ex.Start) + " — " + a.dateLabel(v, ex.End)
		}
		d.Exclusions = append(d.Exclusions, caseExclusion{Kind: v.T("intake.exclusion." + string(ex.Kind)), Reason: ex.Reason,
			Span: span, By: ex.By, Days: ex.Days, Open: ex.End == ""})
	}
	paused := slices.ContainsFunc(cs.Exclusions, func(e intake.Exclusion) bool { return e.End == "" })
	for _, act := range intake.Actions() {
		switch {
		case !act.Allowed(cs.Status),
			act == intake.ActNotice && !cs.NoticeAt.IsZero(),
			act == intake.ActMaterial && len(d.Missing) == 0,
			act == intake.ActPause && paused,
			act == intake.ActResume && !paused,
			act == intake.ActDecide && paused:
			continue
		}
		d.Actions = append(d.Actions, string(act))
	}
	for _, k := range intake.ExclusionKinds() {
		d.Kinds = append(d.Kinds, keyLabel{string(k), v.T("intake.exclusion." + string(k))})
	}
	v.Data = d
	return a.render(c, status, "intake_case", v)
}

// caseStepFields are the step forms' fields.
var caseStepFields = []string{"action", "note", "to", "missing", "outcome", "kind", "day", "end", "doc"}

// caseStep takes one action on the case and comes back to its page.
func (a *App) caseStepSubmit(c echo.Context) error {
	if err := a.intakeReady(); err != nil {
		return err
	}
	id, err := pathID(c)
	if err != nil {
		return err
	}
	v := a.newView(c, "intake.case.title", "intake.case.lead", "intake")
	for _, k := range caseStepFields {
		v.Form[k] = strings.TrimSpace(c.FormValue(k))
	}
	form, _ := c.FormParams()
	in := intake.StepInput{Action: intake.Action(v.Form["action"]), Doc: v.Form["doc"], Note: v.Form["note"], To: v.Form["to"],
		Materials: form["material"], Outcome: intake.Outcome(v.Form["outcome"]), Kind: intake.ExclusionKind(v.Form["kind"]),
		Day: v.Form["day"], End: v.Form["end"]}
	for _, line := range strings.Split(v.Form["missing"], "\n") {
		if line = strings.TrimSpace(line); line != "" {
			in.Missing = append(in.Missing, line)
		}
	}
	if _, err := a.Intake.Step(intakeActor(c), id, in); err != nil {
		if !showProblem(v, err, nil, "action") {
			return notFoundCase(err)
		}
		v.Flash, v.FlashOK = v.T("intake.case.refused"), false
		return a.renderCase(c, v, http.StatusBadRequest, "")
	}
	a.flash(c, "ok", "intake.action.done."+string(in.Action))
	return c.Redirect(http.StatusSeeOther, caseURL(id))
}

// caseFullID shows the case's page with the full ID number, to the case's
// unit and the office (the reading is audited; the number is never put in
// a link or a cookie).
func (a *App) caseFullID(c echo.Context) error {
	if err := a.intakeReady(); err != nil {
		return err
	}
	id, err := pathID(c)
	if err != nil {
		return err
	}
	v := a.newView(c, "intake.case.title", "intake.case.lead", "intake")
	full, err := a.Intake.FullID(intakeActor(c), id)
	if err != nil {
		if !showProblem(v, err, nil, "id") {
			return notFoundCase(err)
		}
		return a.renderCase(c, v, http.StatusBadRequest, "")
	}
	return a.renderCase(c, v, http.StatusOK, full)
}
