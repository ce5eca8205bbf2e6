package ui

// 考核 › 异议: objections to deductions of a published month — pending
// (oldest first) and decided (newest first), paged by the store. The
// office upholds one (the deduction is removed, audited) or rejects it
// with a reason; the others see their own.

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"bianmin/appliance/assess"
	"bianmin/appliance/decision"

	"github.com/labstack/echo/v4"
)

// assessObjRow is one objection in the lists.
type assessObjRow struct {
	ID                  uint64
	Name, Month, Item   string
	Date, Reason, Filed string
	Points              int
	Status, Tone        string
	Decided, DecidedBy  string
	DecisionReason      string
	Href                string
}

// assessObjData is what assess_objections.html shows.
type assessObjData struct {
	Office       bool
	Pending      []assessObjRow
	Decided      []assessObjRow
	PendingPager pager
	DecidedPager pager
	MaxReason    int
	ErrorID      uint64
}

func (a *App) assessObjections(c echo.Context) error {
	v, err := a.assessView(c, "assess.obj.title", "assess.obj.lead")
	if err != nil {
		return err
	}
	return a.renderAssessObjections(c, v, http.StatusOK, 0)
}

func (a *App) renderAssessObjections(c echo.Context, v *view, status int, errID uint64) error {
	sc, err := a.recordsScopeOf(c)
	if err != nil {
		return err
	}
	pp, _ := strconv.Atoi(c.QueryParam("pp"))
	dp, _ := strconv.Atoi(c.QueryParam("dp"))
	ol, err := a.Assess.Objections(decision.Query{Scope: sc.domain(), PendingPage: pp, DecidedPage: dp, PageSize: assessPageSize})
	if err != nil {
		return err
	}
	d := assessObjData{Office: sc.Office, MaxReason: assess.MaxNoteRunes, ErrorID: errID}
	row := func(o assess.Objection) assessObjRow {
		r := assessObjRow{ID: o.ID, Name: staffName(ol.People, o.StaffID), Month: o.Month, Item: assessItemName(v, o.Item, o.Name), Date: a.dateLabel(v, o.Date),
			Reason: o.Reason, Filed: a.clockText(o.FiledAt), Points: o.Points, Status: v.T("assess.obj.status." + o.Status), Tone: objTone(o.Status),
			DecidedBy: o.DecidedBy, DecisionReason: o.DecisionReason, Href: assessStaffURL(o.StaffID, o.Month)}
		if !o.DecidedAt.IsZero() {
			r.Decided = a.clockText(o.DecidedAt)
		}
		return r
	}
	for _, o := range ol.Pending.Rows {
		d.Pending = append(d.Pending, row(o))
	}
	for _, o := range ol.Decided.Rows {
		d.Decided = append(d.Decided, row(o))
	}
	d.PendingPager = newPagerParam("/assess/objections", url.Values{}, "pp", ol.Pending.Total, ol.Pending.Page, assessPageSize)
	d.DecidedPager = newPagerParam("/assess/objections", url.Values{}, "dp", ol.Decided.Total, ol.Decided.Page, assessPageSize)
	v.Data = d
	return a.render(c, status, "assess_objections", v)
}

// assessDecide upholds or rejects an objection (the office).
func (a *App) assessDecide(uphold bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		v, err := a.assessView(c, "assess.obj.title", "assess.obj.lead")
		if err != nil {
			return err
		}
		id, err := pathID(c)
		if err != nil {
			return err
		}
		v.Form["reason"] = strings.TrimSpace(c.FormValue("reason"))
		if _, err := a.Assess.Decide(currentUser(c).Username, id, uphold, v.Form["reason"]); err != nil {
			if errors.Is(err, assess.ErrNotFound) {
				return echo.NewHTTPError(http.StatusNotFound)
			}
			if !showProblem(v, err, map[string]string{"reason": "reason"}, "reason") {
				return err
			}
			return a.renderAssessObjections(c, v, http.StatusBadRequest, id)
		}
		key := "assess.obj.rejected_ok"
		if uphold {
			key = "assess.obj.upheld_ok"
		}
		a.flash(c, "ok", key)
		return c.Redirect(http.StatusSeeOther, "/assess/objections")
	}
}
