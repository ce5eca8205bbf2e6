package ui

// 受理 › 办件: the cases, newest first, found by number, applicant's name or
// phone, service, status, unit and received date — one page at a time over
// the intake's indexes (intake.Search). ID numbers show masked here.

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"bianmin/appliance/intake"

	"github.com/labstack/echo/v4"
)

// caseListData is what intake_cases.html shows.
type caseListData struct {
	Items    []intake.Item
	Units    []unitOption
	Statuses []keyLabel
	Rows     []caseRow
	Pager    pager
	Filtered bool
}

type unitOption struct {
	ID   uint64
	Name string
}

type keyLabel struct{ Key, Label string }

// caseRow is one case in a list.
type caseRow struct {
	URL, Number, Name, IDMasked, Phone, Item, Unit, Window, Category, Status, Received string
	StatusKey                                                                          string
	Due, DueTone                                                                       string
}

// caseFilterFields are the list's query parameters.
var caseFilterFields = []string{"number", "name", "phone", "item", "status", "unit", "from", "to"}

func (a *App) caseList(c echo.Context) error {
	if err := a.intakeReady(); err != nil {
		return err
	}
	v := a.newView(c, "intake.cases.title", "intake.cases.lead", "intake")
	q := intake.Query{Size: recordsPageSize}
	keep := url.Values{}
	for _, k := range caseFilterFields {
		if s := strings.TrimSpace(c.QueryParam(k)); s != "" {
			v.Form[k] = s
			keep.Set(k, s)
		}
	}
	q.Number, q.Name, q.Phone = v.Form["number"], v.Form["name"], v.Form["phone"]
	q.ItemID, q.UnitID = parseID(v.Form["item"]), parseID(v.Form["unit"])
	if s := intake.Status(v.Form["status"]); s.Valid() {
		q.Status = s
	}
	if t, ok := a.formDayIn(v, "from"); ok {
		q.From = t
	}
	if t, ok := a.formDayIn(v, "to"); ok {
		q.To = t.AddDate(0, 0, 1)
	}
	q.Page, _ = strconv.Atoi(c.QueryParam("page"))
	page, err := a.Intake.Search(q)
	if err != nil {
		return err
	}
	pl, err := a.places()
	if err != nil {
		return err
	}
	items, err := a.Intake.Items(true)
	if err != nil {
		return err
	}
	d := caseListData{Items: items, Filtered: len(keep) > 0}
	for _, u := range pl.Units {
		d.Units = append(d.Units, unitOption{u.ID, u.Name})
	}
	for _, s := range intake.Statuses() {
		d.Statuses = append(d.Statuses, keyLabel{string(s), v.T("intake.status." + string(s))})
	}
	for _, cs := range page.Cases {
		d.Rows = append(d.Rows, a.caseRowOf(v, pl, cs))
	}
	d.Pager = newPager("/intake", keep, page.Total, page.Page, recordsPageSize)
	v.Data = d
	return a.render(c, http.StatusOK, "intake_cases", v)
}

// formDayIn reads an optional date field (2026-09-24); a bad one is a
// field error.
func (a *App) formDayIn(v *view, field string) (t time.Time, ok bool) {
	s := v.Form[field]
	if s == "" {
		return t, false
	}
	t, ok = a.parseLocalDay(s)
	if !ok {
		v.fieldError(field, "intake.err.day")
	}
	return t, ok
}

func (a *App) caseRowOf(v *view, pl places, cs intake.Case) caseRow {
	row := caseRow{URL: caseURL(cs.ID), Number: cs.Number, Name: cs.Applicant.Name, IDMasked: cs.Applicant.IDMasked,
		Phone: cs.Applicant.Phone, Item: cs.ItemName, Unit: pl.unitName(cs.UnitID), Window: pl.windowText(v, cs.WindowID),
		Category: v.T("intake.category." + string(cs.Category)), Status: a.statusText(v, cs), StatusKey: string(cs.Status),
		Received: a.clockText(cs.ReceivedAt)}
	row.Due, row.DueTone = a.dueShort(v, a.Intake.Due(cs))
	return row
}

// statusText is the case's status in words (已决定 · 准予).
func (a *App) statusText(v *view, cs intake.Case) string {
	s := v.T("intake.status." + string(cs.Status))
	if cs.Outcome != "" {
		s += " · " + v.T("intake.outcome."+string(cs.Outcome))
	}
	return s
}
