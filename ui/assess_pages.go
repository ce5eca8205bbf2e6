package ui

// 考核: the monthly 100-point assessment (appliance/assess) — everyone's
// month ranked per unit, one person's month with each deduction and its
// evidence, objections to a published month. Every rule is the assess
// domain's; the pages read its results and call its writes.

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"bianmin/appliance/assess"
	"bianmin/appliance/problem"

	"github.com/labstack/echo/v4"
)

func (a *App) assessView(c echo.Context, title, lead string) (*view, error) {
	if a.Assess == nil {
		return nil, echo.NewHTTPError(http.StatusServiceUnavailable)
	}
	return a.newView(c, title, lead, "assess"), nil
}

func assessStaffURL(id uint64, month string) string {
	return fmt.Sprintf("/assess/staff/%d?%s", id, url.Values{"m": {month}}.Encode())
}

// assessRow is one person's line of the month table.
type assessRow struct {
	Rank       int
	CenterRank int // among everyone the month assesses
	Name       string
	StaffNo    string
	Unit       string
	Deductions int
	Lost       int
	Score      int
	SendBack   bool
	SendBackAt bool // late, early and off-post reached the center's number
	Href       string
}

// assessUnit is one unit's ranked people.
type assessUnit struct {
	ID        uint64
	Name      string
	Rows      []assessRow
	PDF, XLSX string // the unit's report
}

// assessMonthData is what assess.html shows.
type assessMonthData struct {
	MonthText, Month, PrevURL, NextURL string
	Units                              []assessUnit
	Published                          bool
	PublishedAt, Deadline              string
	CanPublish                         bool
	Ended                              bool
}

// rankUnits groups a month's people by unit, each unit ranked by score
// (highest first; ties share a rank), units in name order.
func rankUnits(months []assess.StaffMonth, keep func(assess.StaffMonth) bool) []assessUnit {
	center := centerRanks(months)
	by := map[uint64][]assess.StaffMonth{}
	for _, sm := range months {
		if keep(sm) {
			by[sm.Staff.UnitID] = append(by[sm.Staff.UnitID], sm)
		}
	}
	var out []assessUnit
	for unitID, list := range by {
		slices.SortStableFunc(list, func(x, y assess.StaffMonth) int {
			return cmp.Or(cmp.Compare(y.Score, x.Score), cmp.Compare(x.Staff.StaffNo, y.Staff.StaffNo))
		})
		u := assessUnit{ID: unitID, Name: list[0].Unit}
		if unitID != 0 {
			q := url.Values{"m": {list[0].Month}, "unit": {idString(unitID)}}.Encode()
			u.PDF, u.XLSX = "/assess/report.pdf?"+q, "/assess/report.xlsx?"+q
		}
		for i, sm := range list {
			rank := i + 1
			if i > 0 && list[i-1].Score == sm.Score {
				rank = u.Rows[i-1].Rank
			}
			u.Rows = append(u.Rows, assessRow{Rank: rank, CenterRank: center[sm.Staff.ID], SendBackAt: sm.SendBackAttendance, Name: sm.Staff.Name, StaffNo: sm.Staff.StaffNo, Unit: sm.Unit, Deductions: len(sm.Deductions),
				Lost: sm.Lost, Score: sm.Score, SendBack: sm.SendBack, Href: assessStaffURL(sm.Staff.ID, sm.Month)})
		}
		out = append(out, u)
	}
	slices.SortFunc(out, func(x, y assessUnit) int { return cmp.Compare(x.Name, y.Name) })
	return out
}

// centerRanks is everyone's rank in the center by score (ties share a
// rank).
func centerRanks(months []assess.StaffMonth) map[uint64]int {
	list := slices.Clone(months)
	slices.SortStableFunc(list, func(x, y assess.StaffMonth) int { return cmp.Compare(y.Score, x.Score) })
	out := map[uint64]int{}
	for i, sm := range list {
		out[sm.Staff.ID] = i + 1
		if i > 0 && list[i-1].Score == sm.Score {
			out[sm.Staff.ID] = out[list[i-1].Staff.ID]
		}
	}
	return out
}

// assessMonth is 考核 › 月度考核: everyone the user sees, ranked per unit.
// A person who sees only themselves goes to their own month.
func (a *App) assessMonth(c echo.Context) error {
	v, err := a.assessView(c, "assess.month.title", "assess.month.lead")
	if err != nil {
		return err
	}
	sc, err := a.recordsScopeOf(c)
	if err != nil {
		return err
	}
	first := a.monthParam(c, v)
	month := first.Format(monthLayout)
	if sc.Kind == "own" {
		return c.Redirect(http.StatusSeeOther, assessStaffURL(sc.Own.ID, month))
	}
	d := assessMonthData{MonthText: monthText(v, first), Month: month, Ended: !a.today().Before(first.AddDate(0, 1, 0))}
	link := func(t time.Time) string { return "/assess?" + url.Values{"m": {t.Format(monthLayout)}}.Encode() }
	d.PrevURL, d.NextURL = link(first.AddDate(0, -1, 0)), link(first.AddDate(0, 1, 0))
	months, err := a.Assess.Month(month)
	if err != nil {
		return err
	}
	d.Units = rankUnits(months, func(sm assess.StaffMonth) bool { return sc.sees(sm.Staff.ID) })
	pub, ok, err := a.Assess.Publication(month)
	if err != nil {
		return err
	}
	d.Published = ok
	if ok {
		d.PublishedAt, d.Deadline = a.clockText(pub.At), a.dateLabel(v, pub.Deadline)
	}
	d.CanPublish = sc.Office && !ok && d.Ended
	v.Data = d
	return a.render(c, http.StatusOK, "assess", v)
}

// assessLine is one deduction as the person's month shows it.
type assessLine struct {
	Ref         string
	Date        string
	Item        string
	Cite        string
	Points      int
	Count       int
	Evidence    string
	Href        string
	Consequence string
	Objection   string // the objection's state, when there is one
	ObjTone     string
	CanObject   bool
	ObjectedBy  string
}

// assessStaffData is what assess_staff.html shows.
type assessStaffData struct {
	Name, StaffNo, Unit       string
	MonthText, Month          string
	PrevURL, NextURL, BackURL string
	Assessed                  bool
	Lines, Removed            []assessLine
	Lost, Score               int
	SendBack                  bool
	SendBackAt                bool
	Published                 bool
	Deadline                  string
	WindowOpen                bool
	MaxReason                 int
	StaffID                   uint64
	Partial                   bool
	SpanFrom, SpanTo          string
}

// assessStaff is one person's month: each deduction with its evidence,
// what objections removed, and the objection form while the window is
// open (the person, or the office for them).
func (a *App) assessStaff(c echo.Context) error {
	v, err := a.assessView(c, "assess.staff.title", "assess.staff.lead")
	if err != nil {
		return err
	}
	return a.renderAssessStaff(c, v, http.StatusOK)
}

func (a *App) renderAssessStaff(c echo.Context, v *view, status int) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	sc, err := a.recordsScopeOf(c)
	if err != nil {
		return err
	}
	if !sc.sees(id) {
		return echo.NewHTTPError(http.StatusNotFound) // someone else's month: not there for this user
	}
	person, err := a.Staff.GetStaff(id)
	if err != nil {
		return notFoundOr(err)
	}
	first := a.monthParam(c, v)
	if m := strings.TrimSpace(c.FormValue("m")); m != "" {
		if t, err := assess.ParseMonth(m, a.loc()); err == nil {
			first = t
		}
	}
	month := first.Format(monthLayout)
	d := assessStaffData{StaffID: id, Name: person.Name, StaffNo: person.StaffNo, MonthText: monthText(v, first), Month: month, BackURL: "/assess?m=" + month, MaxReason: assess.MaxNoteRunes}
	d.PrevURL, d.NextURL = assessStaffURL(id, first.AddDate(0, -1, 0).Format(monthLayout)), assessStaffURL(id, first.AddDate(0, 1, 0).Format(monthLayout))
	sm, err := a.Assess.StaffMonth(id, month)
	switch {
	case errors.Is(err, assess.ErrNotAssessed):
	case err != nil:
		return err
	default:
		d.Assessed, d.Unit, d.Lost, d.Score, d.SendBack, d.SendBackAt = true, sm.Unit, sm.Lost, sm.Score, sm.SendBack, sm.SendBackAttendance
		d.Partial, d.SpanFrom, d.SpanTo = sm.Span.Partial(), a.dateLabel(v, sm.Span.From), a.dateLabel(v, sm.Span.To)
	}
	pub, published, err := a.Assess.Publication(month)
	if err != nil {
		return err
	}
	d.Published = published
	if published {
		d.Deadline = a.dateLabel(v, pub.Deadline)
		d.WindowOpen = a.today().Format(dateLayout) <= pub.Deadline
	}
	objected, err := a.Assess.Objected(id, month)
	if err != nil {
		return err
	}
	mayObject := d.WindowOpen && (sc.Office || id == sc.Own.ID)
	for _, ded := range sm.Deductions {
		l := a.assessLineOf(v, id, month, ded)
		if o, ok := objected[ded.Ref]; ok {
			l.Objection, l.ObjTone = v.T("assess.obj.status."+o.Status), objTone(o.Status)
		} else {
			l.CanObject = mayObject
		}
		d.Lines = append(d.Lines, l)
	}
	for _, r := range sm.Removed {
		l := a.assessLineOf(v, id, month, r.Deduction)
		l.Objection, l.ObjTone = v.T("assess.obj.status."+assess.ObjUpheld), "ok"
		d.Removed = append(d.Removed, l)
	}
	v.Data = d
	return a.render(c, status, "assess_staff", v)
}

func objTone(status string) string {
	switch status {
	case assess.ObjUpheld:
		return "ok"
	case assess.ObjRejected:
		return "err"
	}
	return "warn"
}

// assessItemName is a catalog item's name: the office's own, else the
// built-in item's translated name.
func assessItemName(v *view, key, name string) string {
	if name != "" {
		return name
	}
	return v.T("assess.item." + key)
}

// assessCite is a regulation cite as pages print it.
func assessCite(v *view, c assess.Cite) string {
	if c.File == "DOMAIN" {
		return v.T("assess.cite_domain", "Line", c.Line)
	}
	return v.T("assess.cite", "File", c.File, "Line", c.Line)
}

// assessEvidenceText is a deduction's evidence line in the user's
// language: the domain's key with its arguments, the point, level and
// leave type translated.
func assessEvidenceText(v *view, ev assess.Evidence) string {
	var args []any
	for k, val := range ev.Args {
		switch k {
		case "Point":
			val = v.T("attendance.point." + fmt.Sprint(val))
		case "Level":
			val = v.T("rating.level." + fmt.Sprint(val))
		case "Type":
			val = v.T("leave.type." + fmt.Sprint(val))
		case "Met":
			if met, _ := val.(bool); met {
				val = v.T("assess.ev.met")
			} else {
				val = v.T("assess.ev.still_late")
			}
		}
		args = append(args, k, val)
	}
	return v.T(ev.Detail, args...)
}

// assessEvidenceHref is where a deduction's evidence is.
func assessEvidenceHref(staffID uint64, month string, ev assess.Evidence) string {
	switch ev.Kind {
	case assess.EvDay:
		return "/attendance/month?" + url.Values{"staff": {idString(staffID)}, "m": {month}}.Encode() + "#" + monthDayID(ev.Key)
	case assess.EvMonth:
		return "/attendance/month?" + url.Values{"staff": {idString(staffID)}, "m": {month}}.Encode()
	case assess.EvLeave:
		return fmt.Sprintf("/leave/%d", ev.ID)
	case assess.EvCase:
		return fmt.Sprintf("/intake/cases/%d", ev.ID)
	case assess.EvRating:
		return fmt.Sprintf("/rating/followups/%d", ev.ID)
	case assess.EvAppraisal:
		return "/rating/appraisals"
	case assess.EvInspection:
		return fmt.Sprintf("/assess/inspections/%d", ev.ID)
	}
	return ""
}

func (a *App) assessLineOf(v *view, staffID uint64, month string, d assess.Deduction) assessLine {
	l := assessLine{Ref: d.Ref, Date: a.dateLabel(v, d.Date), Item: assessItemName(v, d.Item, d.Name), Cite: assessCite(v, d.Cite),
		Points: d.Points, Count: d.Count, Evidence: assessEvidenceText(v, d.Ev), Href: assessEvidenceHref(staffID, month, d.Ev)}
	if d.Consequence != "" {
		l.Consequence = v.T("assess.consequence." + string(d.Consequence))
	}
	return l
}

// assessObject files an objection to one deduction (the person, or the
// office for them).
func (a *App) assessObject(c echo.Context) error {
	v, err := a.assessView(c, "assess.staff.title", "assess.staff.lead")
	if err != nil {
		return err
	}
	sc, err := a.recordsScopeOf(c)
	if err != nil {
		return err
	}
	id := parseID(c.FormValue("staff"))
	switch {
	case id == 0:
		return echo.NewHTTPError(http.StatusBadRequest)
	case !(sc.Office || id == sc.Own.ID):
		return echo.NewHTTPError(http.StatusNotFound) // only one's own deductions (or the office for anyone)
	}
	month, ref := strings.TrimSpace(c.FormValue("m")), c.FormValue("ref")
	v.Form["reason"], v.Form["ref"] = strings.TrimSpace(c.FormValue("reason")), ref
	if _, err := a.Assess.Object(currentUser(c).Username, id, month, ref, v.Form["reason"]); err != nil {
		if !showProblem(v, err, map[string]string{"reason": "reason", "ref": "reason", "month": "reason"}, "reason") {
			return err
		}
		c.SetParamNames("id")
		c.SetParamValues(idString(id))
		return a.renderAssessStaff(c, v, http.StatusBadRequest)
	}
	a.flash(c, "ok", "assess.obj.filed")
	return c.Redirect(http.StatusSeeOther, assessStaffURL(id, month))
}

// assessPublish publishes a month that has ended (the office).
func (a *App) assessPublish(c echo.Context) error {
	if a.Assess == nil {
		return echo.NewHTTPError(http.StatusServiceUnavailable)
	}
	month := strings.TrimSpace(c.FormValue("m"))
	if _, err := a.Assess.Publish(currentUser(c).Username, month); err != nil {
		p, ok := problem.As(err)
		if !ok {
			return err
		}
		a.flash(c, "err", p.Key) // the month's keys need no arguments
		return c.Redirect(http.StatusSeeOther, "/assess?m="+url.QueryEscape(month))
	}
	a.flash(c, "ok", "assess.month.published_ok")
	return c.Redirect(http.StatusSeeOther, "/assess?m="+url.QueryEscape(month))
}
