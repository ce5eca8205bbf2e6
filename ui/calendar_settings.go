package ui

// 设置 › 日历: the working-day calendar of a year — twelve month grids with
// the public holidays (休) and make-up workdays (班) of the State Council's
// notices, and the center's own changes of single days (a closure, a
// Saturday opened). The office changes days and imports next year's notice
// (all or nothing, every problem by line); the directors read the page.

import (
	"net/http"
	"strconv"
	"time"

	"bianmin/appliance/calendar"

	"github.com/labstack/echo/v4"
)

// calendarPageData is what calendar_settings.html shows.
type calendarPageData struct {
	Year         int
	PrevURL      string
	NextURL      string
	Office       bool
	Weekdays     []string
	Months       []calMonth
	Notices      []calendar.NoticeInfo
	HasYear      bool
	Missing      string // next year's notice is due and missing
	Overrides    []calOverride
	Imported     string // what the last import did
	ImportErrors []problemRow
	// A pasted notice's text: the days read from it, waiting for
	// confirmation, or its problems.
	TextPreview *noticeTextPreview
	TextErrors  []problemRow
}

// calMonth is one month's grid.
type calMonth struct {
	Name    string
	Weeks   [][]calDay
	Working string // 工作日：21 天
}

// calDay is one day of a month grid.
type calDay struct {
	Blank    bool
	Day      int
	Kind     string
	Mark     string // 休, 班
	Override bool
	Label    string
	Today    bool
}

// calOverride is one local change in the list.
type calOverride struct {
	Date    string
	Label   string
	Working bool
	Reason  string
}

func (a *App) calendarSettings(c echo.Context) error {
	if a.Calendar == nil {
		return errNoRecords
	}
	v := a.newView(c, "attui.calendar.title", "attui.calendar.lead", "settings")
	year := a.now().Year()
	if y, err := strconv.Atoi(c.QueryParam("y")); err == nil && y >= minPageYear && y <= maxPageYear {
		year = y
	}
	v.Form["date"], v.Form["working"] = a.today().Format(dateLayout), "0"
	d := a.calendarData(v, year)
	if y, err := strconv.Atoi(c.QueryParam("imported")); err == nil {
		for _, n := range d.Notices {
			if n.Year == y {
				d.Imported = v.T("calendar.import.result", "Year", n.Year, "Holidays", n.Holidays, "Workdays", n.Workdays)
			}
		}
	}
	return a.renderCalendar(c, v, d, http.StatusOK)
}

func (a *App) renderCalendar(c echo.Context, v *view, d calendarPageData, status int) error {
	v.Data = d
	return a.render(c, status, "calendar_settings", v)
}

// calendarData lays out the year and lists the notices and local changes.
func (a *App) calendarData(v *view, year int) calendarPageData {
	cal, tr := a.Calendar, a.translator(v.Lang)
	d := calendarPageData{Year: year, Office: v.Has("office"), Notices: cal.Notices(), HasYear: cal.HasYear(year),
		PrevURL: "/settings/calendar?y=" + strconv.Itoa(year-1), NextURL: "/settings/calendar?y=" + strconv.Itoa(year+1)}
	if y, missing := cal.MissingNextYear(a.now()); missing {
		d.Missing = v.T("calendar.missing_year", "Year", y)
	}
	for _, wd := range []int{1, 2, 3, 4, 5, 6, 0} {
		d.Weekdays = append(d.Weekdays, v.T("weekday."+strconv.Itoa(wd)))
	}
	today := a.today()
	for m := time.January; m <= time.December; m++ {
		days := cal.Month(year, m)
		cm := calMonth{Name: monthText(v, time.Date(year, m, 1, 0, 0, 0, 0, a.loc()))}
		var cells []calDay
		for range (int(days[0].Date.Weekday()) + 6) % 7 {
			cells = append(cells, calDay{Blank: true})
		}
		working := 0
		for _, day := range days {
			cd := calDay{Day: day.Date.Day(), Kind: string(day.Kind), Override: day.Override, Label: day.Label(v.Lang, tr),
				Today: day.Date.Equal(today)}
			switch day.Kind {
			case calendar.KindHoliday:
				cd.Mark = v.T("attui.calendar.mark_off")
			case calendar.KindMakeup:
				cd.Mark = v.T("attui.calendar.mark_work")
			}
			if day.Override {
				cd.Label += " · " + v.T("calendar.override") + "：" + day.Name
			}
			if day.Working {
				working++
			}
			cells = append(cells, cd)
		}
		for len(cells)%7 != 0 {
			cells = append(cells, calDay{Blank: true})
		}
		for i := 0; i < len(cells); i += 7 {
			cm.Weeks = append(cm.Weeks, cells[i:i+7])
		}
		cm.Working = v.T("calendar.working_days", "N", working)
		d.Months = append(d.Months, cm)
	}
	for _, o := range cal.Overrides() {
		d.Overrides = append(d.Overrides, calOverride{Date: o.Date.Format(dateLayout), Label: o.Label(v.Lang, tr), Working: o.Working, Reason: o.Name})
	}
	return d
}
