package ui

// 考核 › 督查记录: what inspectors observed on their rounds — the month's
// list, newest first, and the form to record one (inspectors and the
// office) with an optional photo kept in the box.

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"bianmin/appliance/assess"

	"github.com/labstack/echo/v4"
)

const assessPageSize = 50

// inspectionRow is one inspection in the list.
type inspectionRow struct {
	ID               uint64
	When, Name, Item string
	Cite, Note, By   string
	Points           int
	Photo            string
	StaffHref        string
}

// inspectionsData is what assess_inspections.html shows.
type inspectionsData struct {
	MonthText, Month string
	PrevURL, NextURL string
	CanRecord        bool
	Groups           []staffGroup
	Items            []assessItemOption
	Rows             []inspectionRow
	Pager            pager
	MaxNote          int
	MaxPhotoMiB      int
	Focus            uint64
}

// assessItemOption is a catalog item in a select.
type assessItemOption struct {
	Key, Label string
}

func (a *App) assessInspections(c echo.Context) error {
	v, err := a.assessView(c, "assess.insp.title", "assess.insp.lead")
	if err != nil {
		return err
	}
	v.Form["date"], v.Form["time"] = a.today().Format(dateLayout), a.now().Format("15:04")
	return a.renderInspections(c, v, http.StatusOK, 0)
}

// assessInspection is one inspection: its month's list with it marked.
func (a *App) assessInspection(c echo.Context) error {
	v, err := a.assessView(c, "assess.insp.title", "assess.insp.lead")
	if err != nil {
		return err
	}
	id, err := pathID(c)
	if err != nil {
		return err
	}
	in, err := a.Assess.Inspection(id)
	if errors.Is(err, assess.ErrNotFound) {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	if err != nil {
		return err
	}
	sc, err := a.recordsScopeOf(c)
	if err != nil {
		return err
	}
	if !sc.sees(in.StaffID) {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	c.QueryParams().Set("m", in.At.In(a.loc()).Format(monthLayout))
	return a.renderInspections(c, v, http.StatusOK, id)
}

func (a *App) renderInspections(c echo.Context, v *view, status int, focus uint64) error {
	sc, err := a.recordsScopeOf(c)
	if err != nil {
		return err
	}
	first := a.monthParam(c, v)
	d := inspectionsData{MonthText: monthText(v, first), Month: first.Format(monthLayout), MaxNote: assess.MaxNoteRunes, MaxPhotoMiB: assess.MaxPhotoBytes >> 20,
		CanRecord: sc.Office || sc.Inspector, Focus: focus}
	link := func(t time.Time) string {
		return "/assess/inspections?" + url.Values{"m": {t.Format(monthLayout)}}.Encode()
	}
	d.PrevURL, d.NextURL = link(first.AddDate(0, -1, 0)), link(first.AddDate(0, 1, 0))
	if d.CanRecord {
		if d.Groups, err = a.activeStaffGroups(); err != nil {
			return err
		}
		rules, err := a.Assess.Rules()
		if err != nil {
			return err
		}
		for _, it := range rules.Observable() {
			d.Items = append(d.Items, assessItemOption{Key: it.Key, Label: v.T("assess.item_option", "Name", assessItemName(v, it.Key, it.Name), "Points", it.Points)})
		}
	}
	page, _ := strconv.Atoi(c.QueryParam("page"))
	var ip assess.InspectionPage
	if sc.Kind == "all" {
		ip, err = a.Assess.Inspections(first, first.AddDate(0, 1, 0), page, assessPageSize)
	} else {
		ip, err = a.Assess.InspectionsOf(sc.domain().Staff, first, first.AddDate(0, 1, 0), page, assessPageSize)
	}
	if err != nil {
		return err
	}
	for _, in := range ip.Rows {
		r := inspectionRow{ID: in.ID, When: a.clockText(in.At), Name: staffName(ip.People, in.StaffID), Item: assessItemName(v, in.Item, in.Name),
			Cite: assessCite(v, in.Cite), Note: in.Note, By: in.RecordedBy, Points: in.Points, StaffHref: assessStaffURL(in.StaffID, d.Month)}
		if in.Photo != nil {
			r.Photo = "/assess/inspections/" + idString(in.ID) + "/photo"
		}
		d.Rows = append(d.Rows, r)
	}
	d.Pager = newPager("/assess/inspections", url.Values{"m": {d.Month}}, ip.Total, ip.Page, assessPageSize)
	v.Data = d
	return a.render(c, status, "assess_inspections", v)
}

// assessInspect records an observed event (inspectors and the office).
func (a *App) assessInspect(c echo.Context) error {
	v, err := a.assessView(c, "assess.insp.title", "assess.insp.lead")
	if err != nil {
		return err
	}
	for _, k := range []string{"staff", "date", "time", "item", "note"} {
		v.Form[k] = c.FormValue(k)
	}
	n := assess.NewInspection{StaffID: parseID(v.Form["staff"]), Item: v.Form["item"], Note: v.Form["note"]}
	day, okDay := a.formDay(v, "date")
	clock := formClock(v, "time")
	if okDay {
		n.At = clock.On(day)
	}
	if fh, err := c.FormFile("photo"); err == nil && fh.Size > 0 {
		f, err := fh.Open()
		if err != nil {
			return err
		}
		n.Photo, err = io.ReadAll(io.LimitReader(f, assess.MaxPhotoBytes+1))
		f.Close()
		if err != nil {
			return err
		}
	}
	if len(v.Errors) == 0 {
		in, err := a.Assess.RecordInspection(currentUser(c).Username, n)
		if err == nil {
			a.flash(c, "ok", "assess.insp.recorded")
			return c.Redirect(http.StatusSeeOther, "/assess/inspections?m="+in.At.In(a.loc()).Format(monthLayout))
		}
		if !showProblem(v, err, map[string]string{"staff": "staff", "at": "date", "item": "item", "note": "note", "photo": "photo"}, "item") {
			return err
		}
	}
	return a.renderInspections(c, v, http.StatusBadRequest, 0)
}

// assessPhoto is an inspection's photo, for those who see the person.
func (a *App) assessPhoto(c echo.Context) error {
	if a.Assess == nil {
		return echo.NewHTTPError(http.StatusServiceUnavailable)
	}
	id, err := pathID(c)
	if err != nil {
		return err
	}
	in, err := a.Assess.Inspection(id)
	if errors.Is(err, assess.ErrNotFound) {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	if err != nil {
		return err
	}
	sc, err := a.recordsScopeOf(c)
	if err != nil {
		return err
	}
	if !sc.sees(in.StaffID) {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	p, data, err := a.Assess.PhotoOf(id)
	if errors.Is(err, assess.ErrNotFound) {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "private, no-store")
	return c.Blob(http.StatusOK, p.Type, data)
}
