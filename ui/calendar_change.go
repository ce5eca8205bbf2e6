package ui

// 设置 › 日历: the office's changes — a local change of one day, removing
// it, and importing a year's notice file.

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"bianmin/appliance/calendar"
	"bianmin/appliance/problem"

	"github.com/labstack/echo/v4"
)

// calendarYearOf is the year of a form date, or this year.
func (a *App) calendarYearOf(date string) int {
	if t, ok := a.parseLocalDay(date); ok {
		return t.Year()
	}
	return a.now().Year()
}

func (a *App) calendarSetDay(c echo.Context) error {
	if a.Calendar == nil {
		return errNoRecords
	}
	v := a.newView(c, "attui.calendar.title", "attui.calendar.lead", "settings")
	for _, k := range []string{"date", "working", "reason"} {
		v.Form[k] = strings.TrimSpace(c.FormValue(k))
	}
	day, _ := a.formDay(v, "date")
	if v.Form["working"] != "1" && v.Form["working"] != "0" {
		v.fieldError("working", "attui.calendar.err.working")
	}
	if len(v.Errors) == 0 {
		err := a.Calendar.SetDay(currentUser(c).Username, day, v.Form["working"] == "1", v.Form["reason"])
		if err == nil {
			a.flash(c, "ok", "attui.calendar.day_saved")
			return c.Redirect(http.StatusSeeOther, "/settings/calendar?y="+strconv.Itoa(day.Year())+"#overrides")
		}
		if !showProblem(v, err, map[string]string{}, "reason") {
			return err
		}
	}
	return a.renderCalendar(c, v, a.calendarData(v, a.calendarYearOf(v.Form["date"])), http.StatusBadRequest)
}

func (a *App) calendarClearDay(c echo.Context) error {
	if a.Calendar == nil {
		return errNoRecords
	}
	v := a.newView(c, "attui.calendar.title", "attui.calendar.lead", "settings")
	date := strings.TrimSpace(c.FormValue("date"))
	day, ok := a.parseLocalDay(date)
	if !ok {
		v.fieldError("clear", "records.err.date_invalid")
	} else if err := a.Calendar.ClearOverride(currentUser(c).Username, day); err != nil {
		if !showProblem(v, err, map[string]string{}, "clear") {
			return err
		}
	} else {
		a.flash(c, "ok", "attui.calendar.day_cleared")
		return c.Redirect(http.StatusSeeOther, "/settings/calendar?y="+strconv.Itoa(day.Year())+"#overrides")
	}
	v.Form["date"], v.Form["working"] = a.today().Format(dateLayout), "0"
	return a.renderCalendar(c, v, a.calendarData(v, a.calendarYearOf(date)), http.StatusBadRequest)
}

func (a *App) calendarImport(c echo.Context) error {
	if a.Calendar == nil {
		return errNoRecords
	}
	v := a.newView(c, "attui.calendar.title", "attui.calendar.lead", "settings")
	v.Form["date"], v.Form["working"] = a.today().Format(dateLayout), "0"
	v.Form["year"] = strings.TrimSpace(c.FormValue("year"))
	year := 0
	if v.Form["year"] != "" {
		y, err := strconv.Atoi(v.Form["year"])
		if err != nil || y < minPageYear || y > maxPageYear {
			v.fieldError("year", "attui.calendar.err.year", "Min", minPageYear, "Max", maxPageYear)
		}
		year = y
	}
	fh, err := c.FormFile("file")
	if err != nil {
		v.fieldError("file", "attui.calendar.err.no_file")
	}
	shown := a.now().Year() + 1
	if year != 0 {
		shown = year
	}
	if len(v.Errors) > 0 {
		return a.renderCalendar(c, v, a.calendarData(v, shown), http.StatusBadRequest)
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	res, err := a.Calendar.ImportNotice(currentUser(c).Username, year, io.LimitReader(f, maxUploadBytes))
	switch {
	case errors.Is(err, calendar.ErrImportRejected):
		if res.Year >= minPageYear && res.Year <= maxPageYear {
			shown = res.Year
		}
		d := a.calendarData(v, shown)
		probs := problem.All(err)
		d.ImportErrors = problemRows(v, probs, nil)
		v.fieldError("file", "calendar.import.rejected", "Count", len(probs))
		return a.renderCalendar(c, v, d, http.StatusBadRequest)
	case showProblem(v, err, map[string]string{}, "file"):
		return a.renderCalendar(c, v, a.calendarData(v, shown), http.StatusBadRequest)
	case err != nil:
		return err
	}
	a.flash(c, "ok", "attui.calendar.imported")
	q := url.Values{"y": {strconv.Itoa(res.Year)}, "imported": {strconv.Itoa(res.Year)}}
	return c.Redirect(http.StatusSeeOther, "/settings/calendar?"+q.Encode())
}
