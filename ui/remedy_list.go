package ui

// 考勤 › 补签: the remedy (补签) form, prefilled from the month page's
// point, and the requests: pending first — the office approves or rejects
// them — then the decided ones, newest decision first. Each user sees the
// requests of the people the month page would show them.

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"bianmin/appliance/attendance"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"

	"github.com/labstack/echo/v4"
)

// recordsPageSize is how many decided records one page of a list shows.
const recordsPageSize = 50

// remedyPageData is what remedies.html shows.
type remedyPageData struct {
	Scope      recordsScope
	CanFile    bool         // the form is shown: the user is linked to a staff member, or is the office
	FormErrors bool         // the form has problems (not a decision's row)
	FormOpen   bool         // the office's form is shown open: prefilled or with problems
	Groups     []staffGroup // the office's person select
	Points     []pointOption
	Context    string // what the chosen point was judged
	Quota      string // 本月已申请 1 次，每月最多 3 次
	Pending    []remedyRow
	Decided    []remedyRow
	Pager      pager
	MaxReason  int
}

// pointOption is one punch point of the rules in a select.
type pointOption struct{ Key, Label string }

// remedyRow is one remedy in the lists.
type remedyRow struct {
	attendance.Remedy
	Name        string // 刘芳（QS004）
	DateText    string
	PointText   string
	RequestedAt string
	DecidedAt   string
	MonthURL    string
	ReasonField string // the reject form's reason field
}

func (a *App) remedyList(c echo.Context) error {
	if err := a.recordsReady(); err != nil {
		return err
	}
	v := a.newView(c, "attui.remedy.title", "attui.remedy.lead", "attendance")
	for _, k := range []string{"staff", "date", "point"} {
		v.Form[k] = strings.TrimSpace(c.QueryParam(k))
	}
	return a.renderRemedies(c, v, http.StatusOK)
}

// renderRemedies shows the page with the form values in v.Form.
func (a *App) renderRemedies(c echo.Context, v *view, status int) error {
	sc, err := a.recordsScopeOf(c)
	if err != nil {
		return err
	}
	set, err := attendance.LoadSettingsDB(a.DB)
	if err != nil {
		return err
	}
	d := remedyPageData{Scope: sc, CanFile: sc.Office || sc.Own.ID != 0, MaxReason: attendance.MaxReasonRunes}
	for _, k := range pointKeysOf(set.Preset) {
		d.Points = append(d.Points, pointOption{Key: k, Label: v.T("attendance.point." + k)})
	}
	if !sc.Office {
		v.Form["staff"] = idString(sc.Own.ID)
	}
	if v.Form["date"] == "" {
		v.Form["date"] = a.today().Format(dateLayout)
	}
	if sc.Office {
		if d.Groups, err = a.activeStaffGroups(); err != nil {
			return err
		}
	}
	for _, k := range []string{"staff", "date", "point", "reason"} {
		d.FormErrors = d.FormErrors || v.Errors[k] != ""
	}
	d.FormOpen = d.FormErrors || v.Form["point"] != ""
	if d.CanFile {
		if err := a.remedyContext(v, &d, set); err != nil {
			return err
		}
	}
	people, err := a.scopeStaff(sc)
	if err != nil {
		return err
	}
	all, err := a.remediesOf(people)
	if err != nil {
		return err
	}
	var decided []remedyRow
	for _, r := range all {
		row := a.remedyRowOf(v, people, r)
		if r.Status == attendance.StatusPending {
			d.Pending = append(d.Pending, row)
		} else {
			decided = append(decided, row)
		}
	}
	slices.SortStableFunc(d.Pending, func(x, y remedyRow) int { return cmp.Compare(x.Date, y.Date) })
	slices.SortStableFunc(decided, func(x, y remedyRow) int { return y.Remedy.DecidedAt.Compare(x.Remedy.DecidedAt) })
	page, _ := strconv.Atoi(c.QueryParam("page"))
	d.Pager = newPager("/attendance/remedies", url.Values{}, len(decided), page, recordsPageSize)
	if len(decided) > 0 {
		d.Decided = decided[d.Pager.First-1 : d.Pager.Last]
	}
	v.Data = d
	return a.render(c, status, "remedies", v)
}

// remediesOf reads every remedy of the people, in one read transaction.
func (a *App) remediesOf(people map[uint64]staff.Staff) ([]attendance.Remedy, error) {
	var out []attendance.Remedy
	err := a.DB.View(func(tx *store.Tx) error {
		for _, id := range sortedIDs(people) {
			list, err := attendance.RemediesTx(tx, id, allFrom, allTo)
			if err != nil {
				return err
			}
			out = append(out, list...)
		}
		return nil
	})
	return out, err
}

// allFrom and allTo bound "every date" for the records' date ranges.
const (
	allFrom = "2000-01-01"
	allTo   = "2101-01-01"
)

func (a *App) remedyRowOf(v *view, people map[uint64]staff.Staff, r attendance.Remedy) remedyRow {
	row := remedyRow{Remedy: r, Name: staffName(people, r.StaffID), DateText: a.dateLabel(v, r.Date),
		RequestedAt: a.clockText(r.RequestedAt), ReasonField: "reason-" + strconv.FormatUint(r.ID, 10)}
	row.PointText = v.T("attendance.point." + r.Point)
	if r.Point == "" {
		row.PointText = r.Time.In(a.loc()).Format("15:04")
	}
	if !r.DecidedAt.IsZero() {
		row.DecidedAt = a.clockText(r.DecidedAt)
	}
	q := url.Values{"m": {r.Date[:min(7, len(r.Date))]}, "staff": {idString(r.StaffID)}}
	row.MonthURL = "/attendance/month?" + q.Encode() + "#" + issueID(r.Date, r.Point)
	return row
}
