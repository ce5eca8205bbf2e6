package ui

// The public status page of a case (办件进度查询), reached by the 128-bit
// token printed on the citizen's documents as a QR code — never by the
// case number — with the masked name and ID number, the step and the due
// date; the comment link beside it; and, for staff, the same status as a
// script to read aloud on the phone.

import (
	"net/http"
	"time"

	"bianmin/appliance/intake"

	"github.com/labstack/echo/v4"
)

// statusPageData is what intake_status.html and intake_phone.html show.
type statusPageData struct {
	S         intake.PublicStatus
	Token     string
	Status    string // 已受理，正在办理
	Step      string // 受理 · 2026年9月24日
	Received  string
	Due       string // 2026年10月9日（还有 5 个工作日）
	Overdue   bool
	Script    []string // the phone script's sentences
	CommentOK bool
	Unknown   bool
	Back      string // the phone script's way back to the case's documents
}

// statusWords words a public status for a page in v's language.
func (a *App) statusWords(v *view, s intake.PublicStatus) statusPageData {
	d := statusPageData{S: s, Status: v.T("intakedoc.status." + string(s.Status))}
	if s.Status == intake.StatusDecided || s.Status == intake.StatusDelivered {
		d.Status += v.T("intakedoc.public.outcome", "Outcome", v.T("intakedoc.notice.outcome."+string(s.Outcome)))
	}
	if day, err := time.ParseInLocation(dateLayout, s.Received, a.loc()); err == nil {
		d.Received = a.dayLabel(v, day)
	}
	if !s.LastStep.At.IsZero() {
		d.Step = v.T("intakedoc.action."+string(s.LastStep.Action)) + " · " + a.dayLabel(v, s.LastStep.At.In(a.loc()))
	}
	switch due := s.Due; due.Kind {
	case intake.DueNotice, intake.DueDecision:
		key := "intakedoc.public.due_left"
		if due.Overdue {
			key, d.Overdue = "intakedoc.public.due_over", true
		}
		d.Due = v.T(key, "Date", a.dayLabel(v, due.Date), "Days", max(due.DaysLeft, -due.DaysLeft))
		if due.Kind == intake.DueNotice {
			d.Due = v.T("intakedoc.public.notice_due", "Due", d.Due)
		}
	case intake.DueSuspended:
		d.Due = v.T("intakedoc.public.suspended")
	}
	return d
}

// statusPage is the public page of the token's case.
func (a *App) statusPage(c echo.Context) error {
	v := a.newView(c, "intakedoc.public.title", "intakedoc.public.lead", "")
	if a.Intake == nil {
		return echo.NewHTTPError(http.StatusServiceUnavailable)
	}
	token := c.Param("token")
	s, err := a.Intake.StatusByToken(token)
	if err != nil {
		if !showProblem(v, err, nil, "token") {
			return err
		}
		v.Data = statusPageData{Unknown: true}
		return a.render(c, http.StatusNotFound, "intake_status", v)
	}
	d := a.statusWords(v, s)
	d.Token, d.CommentOK = token, true
	v.Data = d
	c.Response().Header().Set("Cache-Control", "no-store")
	c.Response().Header().Set("Referrer-Policy", "no-referrer")
	return a.render(c, http.StatusOK, "intake_status", v)
}

// statusComment stores the citizen's comment on the token's case.
func (a *App) statusComment(c echo.Context) error {
	v := a.newView(c, "intakedoc.public.title", "intakedoc.public.lead", "")
	if a.Intake == nil {
		return echo.NewHTTPError(http.StatusServiceUnavailable)
	}
	token := c.Param("token")
	v.Form["text"] = c.FormValue("text")
	if _, err := a.Intake.CommentByToken(token, v.Form["text"]); err != nil {
		if !showProblem(v, err, nil, "text") {
			return err
		}
		s, serr := a.Intake.StatusByToken(token)
		if serr != nil {
			v.Data = statusPageData{Unknown: true}
			return a.render(c, http.StatusNotFound, "intake_status", v)
		}
		d := a.statusWords(v, s)
		d.Token, d.CommentOK = token, true
		v.Data = d
		return a.render(c, http.StatusBadRequest, "intake_status", v)
	}
	a.flash(c, "ok", "intakedoc.public.thanks")
	return c.Redirect(http.StatusSeeOther, "/s/"+token)
}

// phoneScript is the status of a case as staff read it aloud on the
// phone: the same masked facts as the public page, in sentences.
func (a *App) phoneScript(c echo.Context) error {
	cs, err := a.docCase(c)
	if err != nil {
		return err
	}
	s, err := a.Intake.PublicStatusOf(cs.ID)
	if err != nil {
		return err
	}
	v := a.newView(c, "intakedoc.phone.title", "intakedoc.phone.lead", "intake")
	d := a.statusWords(v, s)
	center := a.Center.Get().Name
	d.Script = []string{
		v.T("intakedoc.phone.hello", "Center", center),
		v.T("intakedoc.phone.check", "Name", s.Name),
		v.T("intakedoc.phone.case", "Received", d.Received, "Item", s.ItemName, "Number", s.Number),
		v.T("intakedoc.phone.status", "Status", d.Status),
	}
	if d.Due != "" {
		d.Script = append(d.Script, v.T("intakedoc.phone.due", "Due", d.Due))
	}
	d.Script = append(d.Script, v.T("intakedoc.phone.bye", "Center", center))
	d.Back = "/intake/cases/" + idString(cs.ID) + "/docs"
	v.Data = d
	return a.render(c, http.StatusOK, "intake_phone", v)
}
