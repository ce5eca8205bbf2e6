package ui

// 考勤 › 考勤总表 (the office month grid): the whole hall, or one unit, for
// a month — a row a person, a column a day, each cell a word and a colour
// (正常 迟 早 漏 旷 假 外 脱 休), clicking through to the person's day in
// the month view. The symbols are the domain's (attendance.DaySymbols over
// the month builder's judgement); the page only lays them out. Printed on
// landscape A4. The office, the directors and the inspectors see
// everyone, a window lead their window.

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/attendance"
	"bianmin/appliance/staff"

	"github.com/labstack/echo/v4"
)

// gridRoles may open the grid.
var gridRoles = []account.Role{account.RoleOffice, account.RoleDirector, account.RoleDeputy, account.RoleInspector, account.RoleLead}

// gridPageSize is how many people one page of the grid shows: a hall of
// 60 fits on one.
const gridPageSize = 60

// gridData is what grid.html shows.
type gridData struct {
	MonthValue, MonthText     string
	PrevURL, NextURL, ThisURL string
	Team                      bool // a lead's window: no unit filter
	Units                     []staff.Unit
	UnitID                    uint64
	UnitName                  string
	Days                      []gridDay
	Rows                      []gridRow
	Pager                     pager
	Legend                    []gridSymbol
	Until                     string // judged up to which day, while the month runs
	Preset                    string
}

// gridDay is one column's heading.
type gridDay struct {
	Day     int
	Weekday string // 一 … 日
	Rest    bool   // not a working day
	Label   string // 2026年12月3日（周四）
}

// gridRow is one person.
type gridRow struct {
	Name, StaffNo, Unit string
	MonthURL            string
	Cells               []gridCell
	Late, Early, Missed int
	Absent              string // days
}

// gridCell is one person's day.
type gridCell struct {
	Class string // the worst symbol: normal, late, …
	Text  string // 正常, 迟, 迟早, 旷, 休, —
	Title string // the date and what happened, in full
	Href  string // the day in the person's month
}

// gridSymbol is one line of the legend.
type gridSymbol struct{ Class, Text, Meaning string }

func (a *App) attendanceGrid(c echo.Context) error {
	if err := a.recordsReady(); err != nil {
		return err
	}
	v := a.newView(c, "attui.grid.title", "attui.grid.lead", "attendance")
	v.PrintLandscape = true
	sc, err := a.recordsScopeOf(c)
	if err != nil {
		return err
	}
	first := a.monthParam(c, v)
	d := gridData{MonthValue: first.Format(monthLayout), MonthText: monthText(v, first), Team: sc.Kind != "all"}
	if d.Team {
		v.Lead = "attui.grid.lead_team"
	}
	f := attendance.HallFilter{}
	if d.Team {
		f.StaffIDs = []uint64{}
		for id := range sc.IDs {
			f.StaffIDs = append(f.StaffIDs, id)
		}
	} else {
		if d.Units, err = a.Staff.Units(); err != nil {
			return err
		}
		d.UnitID = parseID(c.QueryParam("unit"))
		for _, u := range d.Units {
			if u.ID == d.UnitID {
				d.UnitName = u.Name
			}
		}
		if d.UnitName == "" {
			d.UnitID = 0
		}
		f.UnitID = d.UnitID
	}
	page, _ := strconv.Atoi(c.QueryParam("page"))
	hm, err := a.Records.HallMonth(attendance.HallMonthQuery{Filter: f, Year: first.Year(), Month: first.Month(),
		Today: a.today(), Page: page, Size: gridPageSize}, a.Calendar)
	if err != nil {
		return err
	}
	d.Preset = presetName(v, hm.Settings.Preset)
	q := url.Values{"m": {d.MonthValue}}
	if d.UnitID != 0 {
		q.Set("unit", idString(d.UnitID))
	}
	d.Pager = newPager("/attendance/grid", q, hm.Total, hm.Page, gridPageSize)
	link := func(t time.Time) string {
		q := cloneValues(q)
		q.Set("m", t.Format(monthLayout))
		return "/attendance/grid?" + q.Encode()
	}
	d.PrevURL, d.NextURL = link(first.AddDate(0, -1, 0)), link(first.AddDate(0, 1, 0))
	today := a.today()
	if this := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, a.loc()); !this.Equal(first) {
		d.ThisURL = link(this)
	}
	switch next := first.AddDate(0, 1, 0); {
	case !first.After(today) && today.Before(next) && today.After(first):
		d.Until = v.T("attui.month.until", "Date", a.dayLabel(v, today.AddDate(0, 0, -1)))
	case !first.After(today) && today.Before(next):
		d.Until = v.T("attui.month.until_none")
	}
	for _, day := range hm.Days {
		d.Days = append(d.Days, gridDay{Day: day.Date.Day(), Weekday: v.T("attui.grid.wd." + strconv.Itoa(int(day.Date.Weekday()))),
			Rest: !day.Workday, Label: a.dayLabel(v, day.Date)})
	}
	units := map[uint64]string{}
	for _, u := range d.Units {
		units[u.ID] = u.Name
	}
	for _, r := range hm.Rows {
		d.Rows = append(d.Rows, a.gridRow(v, r, hm.Days, first, units))
	}
	for _, s := range []attendance.DaySymbol{attendance.SymbolNormal, attendance.SymbolLate, attendance.SymbolEarly, attendance.SymbolMissed,
		attendance.SymbolAbsent, attendance.SymbolLeave, attendance.SymbolErrand, attendance.SymbolOffPost, attendance.SymbolRest, attendance.SymbolNone} {
		d.Legend = append(d.Legend, gridSymbol{Class: string(s), Text: v.T("attendance.symbol." + string(s)), Meaning: v.T("attendance.symbol_meaning." + string(s))})
	}
	v.Data = d
	return a.render(c, http.StatusOK, "grid", v)
}

// gridRow lays out one person's month.
func (a *App) gridRow(v *view, r attendance.HallMonthRow, days []attendance.HallDay, first time.Time, units map[uint64]string) gridRow {
	month := fmt.Sprintf("/attendance/month?staff=%d&m=%s", r.Staff.ID, first.Format(monthLayout))
	row := gridRow{Name: r.Staff.Name, StaffNo: r.Staff.StaffNo, Unit: units[r.Staff.UnitID], MonthURL: month,
		Late: r.Result.Late, Early: r.Result.Early, Missed: r.Result.Missed, Absent: r.Result.Absent.String()}
	for i, cell := range r.Days {
		date := days[i].Date.Format(dateLayout)
		gc := gridCell{Class: string(cell.Symbols[0]), Href: month + "#" + monthDayID(date)}
		var words []string
		for j, s := range cell.Symbols {
			if j < 2 {
				gc.Text += v.T("attendance.symbol." + string(s))
			}
			words = append(words, v.T("attendance.symbol_meaning."+string(s)))
		}
		title := []string{a.dayLabel(v, days[i].Date) + "：" + strings.Join(words, v.T("attui.grid.and"))}
		if cell.Result.Status == attendance.DayJudged {
			for _, ch := range dayChips(v, a.loc(), cell.Result, date) {
				if ch.Class == "ok" {
					continue
				}
				title = append(title, strings.TrimSpace(ch.What+" "+ch.Text+" "+ch.Time))
			}
		}
		gc.Title = strings.Join(title, "\n")
		row.Cells = append(row.Cells, gc)
	}
	return row
}

// monthDayID is the id of a day's cell in the month view: d-2026-12-03.
func monthDayID(date string) string { return "d-" + date }
