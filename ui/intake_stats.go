package ui

// 受理 › 统计与导出: the month's statistics per unit and item — cases
// received, by category (六件), accepted, refused, decided, completed,
// and the share decided on time — and the XLSX export of a period's
// cases, ID numbers in full only for the reader's own unit (or when the
// county allows it), as appliance/intake ExportCases decides.

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/intake"
	"bianmin/appliance/problem"
	"bianmin/appliance/report"

	"github.com/labstack/echo/v4"
)

// statsRoles read the statistics: the office, the directors, the
// inspectors and the window leads.
var statsRoles = []account.Role{account.RoleOffice, account.RoleDirector, account.RoleDeputy, account.RoleInspector, account.RoleLead}

// statsPageData is what intake_stats.html shows.
type statsPageData struct {
	MonthText, MonthValue, PrevURL, NextURL string
	Cats                                    []intake.Category
	Rows                                    []statsRow
	Total                                   statsRow
	Villages                                []villageRow
	From, To                                string // the export form's period
}

// villageRow is one village's agency cases (代办).
type villageRow struct {
	Village, Agents string
	Line            intake.StatLine
	Share           string
}

// statsRow is one line of the table.
type statsRow struct {
	Name  string
	Unit  bool // a unit's subtotal
	Line  intake.StatLine
	Cats  []int
	Share string // 67% or —
}

func (a *App) statsPage(c echo.Context) error {
	if a.Intake == nil {
		return echo.NewHTTPError(http.StatusServiceUnavailable)
	}
	v := a.newView(c, "intakedoc.stats.title", "intakedoc.stats.lead", "intake")
	first := a.monthParam(c, v)
	st, err := a.Intake.Stats(first, 0)
	if err != nil {
		return err
	}
	d := statsPageData{MonthText: monthText(v, first), MonthValue: first.Format(monthLayout), Cats: intake.Categories(),
		From: first.Format(dateLayout), To: first.AddDate(0, 1, -1).Format(dateLayout)}
	link := func(t time.Time) string { return "/intake/stats?" + url.Values{"m": {t.Format(monthLayout)}}.Encode() }
	d.PrevURL, d.NextURL = link(first.AddDate(0, -1, 0)), link(first.AddDate(0, 1, 0))
	row := func(name string, l intake.StatLine, unit bool) statsRow {
		r := statsRow{Name: name, Unit: unit, Line: l, Share: "—"}
		for _, k := range d.Cats {
			r.Cats = append(r.Cats, l.ByCat[k])
		}
		if p := l.OnTimePercent(); p >= 0 {
			r.Share = strconv.Itoa(p) + "%"
		}
		return r
	}
	for _, u := range st.Units {
		name := idString(u.UnitID)
		if un, err := a.Staff.Unit(u.UnitID); err == nil {
			name = un.Name
		}
		d.Rows = append(d.Rows, row(name, u, true))
		for _, l := range st.Lines {
			if l.UnitID == u.UnitID {
				d.Rows = append(d.Rows, row(l.ItemName, l, false))
			}
		}
	}
	d.Total = row(v.T("intakedoc.stats.total"), st.Total, true)
	for _, vl := range st.Villages {
		name := vl.Village
		if name == "" {
			name = v.T("intakedoc.stats.no_village")
		}
		d.Villages = append(d.Villages, villageRow{Village: name, Agents: strings.Join(vl.Agents, "、"), Line: vl.StatLine, Share: row("", vl.StatLine, false).Share})
	}
	v.Data = d
	return a.render(c, http.StatusOK, "intake_stats", v)
}

// caseExport answers the XLSX of the cases received from ≤ day ≤ to.
func (a *App) caseExport(c echo.Context) error {
	if a.Intake == nil {
		return echo.NewHTTPError(http.StatusServiceUnavailable)
	}
	from, err1 := time.ParseInLocation(dateLayout, c.QueryParam("from"), a.loc())
	to, err2 := time.ParseInLocation(dateLayout, c.QueryParam("to"), a.loc())
	if err1 != nil || err2 != nil || to.Before(from) {
		return a.exportProblem(c, http.StatusBadRequest, "intakedoc.err.export_period")
	}
	rows, err := a.Intake.ExportCases(a.docActor(c), from, to.AddDate(0, 0, 1), 0)
	if err != nil {
		if p, ok := problem.As(err); ok {
			return a.exportProblem(c, http.StatusBadRequest, p.Key, argPairs(p.Args)...)
		}
		return err
	}
	v := &view{app: a, Lang: langOf(c)} // for T only: a download shows no page
	tb := &report.Table{Sheet: v.T("intakedoc.export.sheet")}
	for _, k := range []string{"number", "received", "item", "unit", "category", "applicant", "id", "phone", "village", "agent", "status", "accepted", "due", "decided", "closed", "timing"} {
		tb.Columns = append(tb.Columns, report.Column{Head: v.T("intakedoc.export.col." + k)})
	}
	units := map[uint64]string{}
	for _, r := range rows {
		if _, ok := units[r.UnitID]; !ok {
			if un, err := a.Staff.Unit(r.UnitID); err == nil {
				units[r.UnitID] = un.Name
			}
		}
		agent := ""
		if r.Agent != nil {
			agent = r.Agent.Name
		}
		phone := r.Applicant.Phone
		if !r.Full {
			phone = maskPhone(phone)
		}
		cells := []string{r.Number, a.clockText(r.ReceivedAt), r.ItemName, units[r.UnitID], v.T("intakedoc.cat." + string(r.Category)),
			r.Applicant.Name, r.IDNumber, phone, r.Applicant.Village, agent, v.T("intakedoc.status." + string(r.Status)),
			a.clockOrEmpty(r.AcceptedAt), r.DueDate, a.clockOrEmpty(r.DecidedAt), a.clockOrEmpty(r.ClosedAt), timingText(v, r.Timing)}
		row := report.Row{}
		for _, s := range cells {
			row.Cells = append(row.Cells, report.Cell{Text: s})
		}
		tb.Rows = append(tb.Rows, row)
	}
	period := from.Format(dateLayout) + "_" + to.Format(dateLayout)
	lines := []string{a.Center.Get().Name, v.T("intakedoc.export.title", "From", from.Format(dateLayout), "To", to.Format(dateLayout)),
		v.T("intakedoc.export.masked_note")}
	var buf bytes.Buffer
	if err := report.WriteTableXLSX(&buf, lines, tb); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, attachment(v.T("intakedoc.export.file", "Period", period), "cases-"+period+".xlsx"))
	h.Set("Cache-Control", "no-store")
	defer a.releaseMemory()
	return c.Blob(http.StatusOK, xlsxMIME, buf.Bytes())
}

// clockOrEmpty is clockText, or "" for no time.
func (a *App) clockOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return a.clockText(t)
}

// maskPhone keeps a phone number's first three and last four digits.
func maskPhone(p string) string {
	if len(p) < 8 {
		return p
	}
	return p[:3] + "****" + p[len(p)-4:]
}

// timingText words a case's timing ("—" for none).
func timingText(v *view, t intake.Timing) string {
	if t == intake.TimingNone {
		return v.T("intakedoc.timing.none")
	}
	return v.T("intakedoc.timing." + string(t))
}
