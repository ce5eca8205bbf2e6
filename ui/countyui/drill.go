package countyui

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"bianmin/appliance/county"
	"bianmin/appliance/report"
	"bianmin/embedded"

	"github.com/labstack/echo/v4"
)

// The drill-down: county → township → unit → person → day, each level a
// table of the period (a month or a quarter) sorted, filtered and paged by
// the domain (county.Table), with an XLSX export of the same rows.

// level is one level of the drill-down as a page shows it.
type level struct {
	Kind    string // county, township, unit, person
	Crumbs  []crumb
	Heading string
	Period  county.Period
	Periods []county.Period
	Query   county.TableQuery
	Columns []string
	Page    county.TablePage
	Base    string // the level's path
	Export  string // the XLSX export's path with the query
	Report  string // the county report's path (county level)
	Next    func(r county.Row) string
}

type crumb struct{ Label, Href string }

func (a *App) periodOf(c echo.Context) (county.Period, error) {
	s := c.QueryParam("period")
	if s == "" {
		return county.MonthPeriod(a.Now().In(a.Location)), nil
	}
	p, err := county.ParsePeriod(s)
	if err != nil {
		return p, echo.NewHTTPError(http.StatusBadRequest)
	}
	return p, nil
}

func tableQuery(c echo.Context) county.TableQuery {
	q := county.TableQuery{Sort: c.QueryParam("sort"), Desc: c.QueryParam("desc") == "1", Q: c.QueryParam("q"), Only: c.QueryParam("only")}
	q.Page, _ = strconv.Atoi(c.QueryParam("page"))
	if len(q.Q) > 60 {
		q.Q = q.Q[:60]
	}
	return q
}

func idParam(c echo.Context, name string) (uint64, error) {
	id, err := strconv.ParseUint(c.Param(name), 10, 64)
	if err != nil {
		return 0, echo.NewHTTPError(http.StatusNotFound)
	}
	return id, nil
}

// levelRows reads the rows of the level the route names.
func (a *App) levelRows(c echo.Context, v *view, p county.Period) (*level, []county.Row, error) {
	q := "?period=" + url.QueryEscape(p.Key)
	l := &level{Period: p, Periods: county.Periods(a.Now().In(a.Location), 12), Query: tableQuery(c), Columns: county.Columns()}
	l.Crumbs = []crumb{{v.T("countyroll.drill.county"), "/county" + q}}
	var rows []county.Row
	scope, err := a.scope(c)
	if err != nil {
		return nil, nil, err
	}
	if c.Param("box") != "" {
		if box, err := idParam(c, "box"); err != nil || !scope.Visible(box) {
			return nil, nil, echo.NewHTTPError(http.StatusNotFound) // another township's: as if it did not exist
		}
	}
	switch {
	case c.Param("staff") != "":
		box, err1 := idParam(c, "box")
		unit, err2 := idParam(c, "unit")
		staffID, err3 := idParam(c, "staff")
		if err1 != nil || err2 != nil || err3 != nil {
			return nil, nil, echo.NewHTTPError(http.StatusNotFound)
		}
		n, err := a.County.NamesOf(box, unit, staffID)
		if err != nil {
			return nil, nil, echo.NewHTTPError(http.StatusNotFound)
		}
		unitBase := fmt.Sprintf("/townships/%d/units/%d", box, unit)
		l.Kind, l.Base = "person", fmt.Sprintf("%s/people/%d", unitBase, staffID)
		l.Crumbs = append(l.Crumbs, crumb{n.Township, fmt.Sprintf("/townships/%d", box) + q}, crumb{unitName(v, n.Unit), unitBase + q},
			crumb{n.Person, l.Base + q})
		l.Heading = v.T("countyroll.drill.days_of", "Person", n.Person, "No", n.No, "Township", n.Township)
		l.Next = func(r county.Row) string { return fmt.Sprintf("%s/days/%s%s", l.Base, r.Name, q) }
		days, err := a.County.Days(box, unit, staffID, p)
		if err != nil {
			return nil, nil, err
		}
		for _, d := range days {
			rows = append(rows, county.Row{Box: box, Unit: unit, Staff: staffID, Name: d.Date, Tally: d.Tally})
		}
	case c.Param("unit") != "":
		box, err1 := idParam(c, "box")
		unit, err2 := idParam(c, "unit")
		if err1 != nil || err2 != nil {
			return nil, nil, echo.NewHTTPError(http.StatusNotFound)
		}
		n, err := a.County.NamesOf(box, unit, 0)
		if err != nil {
			return nil, nil, echo.NewHTTPError(http.StatusNotFound)
		}
		l.Kind, l.Base = "unit", fmt.Sprintf("/townships/%d/units/%d", box, unit)
		l.Crumbs = append(l.Crumbs, crumb{n.Township, fmt.Sprintf("/townships/%d", box) + q}, crumb{unitName(v, n.Unit), l.Base + q})
		l.Heading = v.T("countyroll.drill.people_of", "Unit", unitName(v, n.Unit), "Township", n.Township)
		l.Next = func(r county.Row) string { return fmt.Sprintf("%s/people/%d%s", l.Base, r.Staff, q) }
		rows, err = a.County.People(box, unit, p)
		if err != nil {
			return nil, nil, err
		}
	case c.Param("box") != "":
		box, err := idParam(c, "box")
		if err != nil {
			return nil, nil, err
		}
		n, err := a.County.NamesOf(box, 0, 0)
		if err != nil {
			return nil, nil, echo.NewHTTPError(http.StatusNotFound)
		}
		l.Kind, l.Base = "township", fmt.Sprintf("/townships/%d", box)
		l.Crumbs = append(l.Crumbs, crumb{n.Township, l.Base + q})
		l.Heading = v.T("countyroll.drill.units_of", "Township", n.Township)
		l.Next = func(r county.Row) string { return fmt.Sprintf("%s/units/%d%s", l.Base, r.Unit, q) }
		rows, err = a.County.Units(box, p)
		if err != nil {
			return nil, nil, err
		}
		for i := range rows {
			rows[i].Name = unitName(v, rows[i].Name)
		}
	default:
		l.Kind, l.Base = "county", "/county"
		l.Heading = v.T("countyroll.drill.townships")
		l.Report = "/county/report.pdf?period=" + url.QueryEscape(p.Key)
		l.Next = func(r county.Row) string { return fmt.Sprintf("/townships/%d%s", r.Box, q) }
		rows, err = a.County.Townships(scope, p)
	}
	return l, rows, err
}

// unitName names a unit; records of no known unit are "未分配".
func unitName(v *view, name string) string {
	if name == "" {
		return v.T("countyroll.drill.no_unit")
	}
	return name
}

// drill is one level's page.
func (a *App) drill(c echo.Context) error {
	p, err := a.periodOf(c)
	if err != nil {
		return err
	}
	v := a.newView(c, "countyroll.drill.title", "countyroll.drill.lead")
	l, rows, err := a.levelRows(c, v, p)
	if err != nil {
		return err
	}
	l.Page = county.Table(rows, l.Query)
	l.Export = l.Base + "/export.xlsx?" + c.QueryString()
	v.Data = l
	return a.render(c, http.StatusOK, "drill", v)
}

// drillXLSX exports one level's table (filtered and sorted as on the
// page, every row).
func (a *App) drillXLSX(c echo.Context) error {
	p, err := a.periodOf(c)
	if err != nil {
		return err
	}
	v := a.newView(c, "countyroll.drill.title", "")
	l, rows, err := a.levelRows(c, v, p)
	if err != nil {
		return err
	}
	q := l.Query
	q.Size = -1
	pg := county.Table(rows, q)
	tb := county.ReportTable(v.T("countyroll.xlsx.sheet"), pg.Rows, func(col string) string { return v.T("countyroll.col." + col) }, v.T("countyroll.drill.total"))
	var crumbs []string
	for _, cr := range l.Crumbs {
		crumbs = append(crumbs, cr.Label)
	}
	lines := []string{v.T("county.brand"), l.Heading + " · " + a.periodLabel(v, p), v.T("countyroll.xlsx.generated", "Time", a.Now().In(a.Location).Format("2006-01-02 15:04"))}
	var buf bytes.Buffer
	if err := report.WriteTableXLSX(&buf, lines, tb); err != nil {
		return err
	}
	name := fmt.Sprintf("county-%s-%s.xlsx", l.Kind, p.Key)
	c.Response().Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	return c.Blob(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buf.Bytes())
}

// periodLabel words a period: 2026年11月, 2026年第四季度.
func (a *App) periodLabel(v *view, p county.Period) string {
	t, _ := time.Parse("2006-01", p.Months[0])
	if p.Quarter() {
		return v.T("countyroll.period.quarter", "Year", t.Year(), "Quarter", (int(t.Month())-1)/3+1)
	}
	return v.T("countyroll.period.month", "Year", t.Year(), "Month", int(t.Month()))
}

// PeriodLabel is periodLabel for templates.
func (v *view) PeriodLabel(p county.Period) string { return v.app.periodLabel(v, p) }

// SortHref is the link of a column heading: sort by it, the other way
// when it is the current sort; numbers sort largest first at first.
func (l *level) SortHref(col string) string {
	desc := col != county.ColName
	if l.Sorted(col) != "none" {
		desc = !l.Query.Desc
	}
	d := ""
	if desc {
		d = "1"
	}
	return l.Base + "?" + l.query(map[string]string{"sort": col, "desc": d, "page": ""})
}

// Sorted says how the table is sorted by col: "ascending", "descending"
// or "none" (aria-sort).
func (l *level) Sorted(col string) string {
	if l.Query.Sort == col || (col == county.ColName && l.Query.Sort == "") {
		if l.Query.Desc {
			return "descending"
		}
		return "ascending"
	}
	return "none"
}

// PageHref is the link of page n.
func (l *level) PageHref(n int) string {
	return l.Base + "?" + l.query(map[string]string{"page": strconv.Itoa(n)})
}

func (l *level) query(set map[string]string) string {
	v := url.Values{}
	v.Set("period", l.Period.Key)
	if l.Query.Sort != "" {
		v.Set("sort", l.Query.Sort)
	}
	if l.Query.Desc {
		v.Set("desc", "1")
	}
	if l.Query.Q != "" {
		v.Set("q", l.Query.Q)
	}
	if l.Query.Only != "" {
		v.Set("only", l.Query.Only)
	}
	for k, x := range set {
		if x == "" {
			v.Del(k)
		} else {
			v.Set(k, x)
		}
	}
	return v.Encode()
}

// Prev and NextPage are the pager's neighbours (0: none).
func (l *level) Prev() int {
	if l.Page.Page > 1 {
		return l.Page.Page - 1
	}
	return 0
}

// NextPage is the page after this one (0: none).
func (l *level) NextPage() int {
	if l.Page.Page < l.Page.Pages {
		return l.Page.Page + 1
	}
	return 0
}

// dayPage is one person-day.
type dayPage struct {
	Crumbs []crumb
	Names  county.Names
	Day    county.Day
	Back   string
}

// day is one person's day: punches, leave, and the judgement.
func (a *App) day(c echo.Context) error {
	box, err1 := idParam(c, "box")
	unit, err2 := idParam(c, "unit")
	staffID, err3 := idParam(c, "staff")
	if err1 != nil || err2 != nil || err3 != nil {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	date := c.Param("date")
	if scope, err := a.scope(c); err != nil || !scope.Visible(box) {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	n, err := a.County.NamesOf(box, unit, staffID)
	if err != nil {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	d, err := a.County.DayOf(box, unit, staffID, date)
	if err != nil {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	v := a.newView(c, "countyroll.day.title", "")
	v.PageTitle = v.T("countyroll.day.heading", "Person", n.Person, "Date", date)
	q := "?period=" + date[:7]
	unitBase := fmt.Sprintf("/townships/%d/units/%d", box, unit)
	person := fmt.Sprintf("%s/people/%d", unitBase, staffID)
	v.Data = dayPage{Names: n, Day: d, Back: person + q, Crumbs: []crumb{
		{v.T("countyroll.drill.county"), "/county" + q}, {n.Township, fmt.Sprintf("/townships/%d", box) + q},
		{unitName(v, n.Unit), unitBase + q}, {n.Person, person + q}, {date, ""}}}
	return a.render(c, http.StatusOK, "day", v)
}

// countyReport is the county's report of the period as a PDF in the
// official layout.
func (a *App) countyReport(c echo.Context) error {
	p, err := a.periodOf(c)
	if err != nil {
		return err
	}
	v := a.newView(c, "countyroll.drill.title", "")
	scope, err := a.scope(c)
	if err != nil {
		return err
	}
	doc, err := a.County.MonthlyReport(scope, p, v.Lang, func(key string, args map[string]any) string { return a.i18n.T(v.Lang, key, args) },
		a.Now().In(a.Location))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := report.WritePDF(&buf, doc, report.PDFOptions{Font: embedded.Font}); err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `inline; filename="county-report-`+p.Key+`.pdf"`)
	return c.Blob(http.StatusOK, "application/pdf", buf.Bytes())
}
