package ui

// 考核 › 扣分标准: the deduction catalog (item, points, the regulation it
// cites, the rule that feeds it) and the assessment's numbers. Everyone
// in 考核 reads it; the office changes an item, adds its own, chooses a
// preset and sets the numbers — each change audited by the domain.

import (
	"net/http"
	"strconv"
	"strings"

	"bianmin/appliance/assess"

	"github.com/labstack/echo/v4"
)

// assessCatRow is one catalog item as the page shows and edits it.
type assessCatRow struct {
	Key, Name, Label string
	Points           int
	CiteFile         string
	CiteLine         int
	Cite             string
	Feed             string
	Off, Custom      bool
}

// assessCatData is what assess_catalog.html shows.
type assessCatData struct {
	CanEdit   bool
	Preset    string
	Presets   []assessItemOption
	Rows      []assessCatRow
	Rules     assess.Rules
	MaxName   int
	MaxPoints int
	EditKey   string // the row whose form has errors
}

func (a *App) assessCatalog(c echo.Context) error {
	v, err := a.assessView(c, "assess.cat.title", "assess.cat.lead")
	if err != nil {
		return err
	}
	return a.renderCatalog(c, v, http.StatusOK)
}

func (a *App) renderCatalog(c echo.Context, v *view, status int) error {
	rules, err := a.Assess.Rules()
	if err != nil {
		return err
	}
	d := assessCatData{CanEdit: currentUser(c).Role == "office", Preset: v.T("assess.preset." + rules.Preset), Rules: rules,
		MaxName: assess.MaxNameRunes, MaxPoints: assess.MaxPoints, EditKey: v.Form["key"]}
	for _, k := range assess.PresetKeys() {
		d.Presets = append(d.Presets, assessItemOption{Key: k, Label: v.T("assess.preset." + k)})
	}
	for _, it := range rules.Items {
		r := assessCatRow{Key: it.Key, Name: it.Name, Label: assessItemName(v, it.Key, it.Name), Points: it.Points, CiteFile: it.Cite.File, CiteLine: it.Cite.Line,
			Cite: assessCite(v, it.Cite), Off: it.Off, Custom: it.Custom, Feed: v.T("assess.feed.inspection")}
		if it.Feed != assess.FeedInspection {
			r.Feed = v.T("assess.feed." + string(it.Feed))
		}
		d.Rows = append(d.Rows, r)
	}
	v.Data = d
	return a.render(c, status, "assess_catalog", v)
}

// assessCatFields maps the domain's field names to the form's.
var assessCatFields = map[string]string{"points": "points", "name": "name", "cite": "cite_line", "key": "name", "items": "name",
	"objection_days": "objection_days", "award_count": "award_count", "preset": "preset"}

// assessSaveItem changes one item or adds the office's own (key empty).
func (a *App) assessSaveItem(c echo.Context) error {
	v, err := a.assessView(c, "assess.cat.title", "assess.cat.lead")
	if err != nil {
		return err
	}
	for _, k := range []string{"key", "name", "points", "cite_file", "cite_line", "off"} {
		v.Form[k] = strings.TrimSpace(c.FormValue(k))
	}
	points, err := strconv.Atoi(v.Form["points"])
	if err != nil {
		v.fieldError("points", "assess.err.points", "Max", assess.MaxPoints)
	}
	line, _ := strconv.Atoi(v.Form["cite_line"])
	if len(v.Errors) == 0 {
		it := assess.Item{Key: v.Form["key"], Name: v.Form["name"], Points: points, Cite: assess.Cite{File: v.Form["cite_file"], Line: line}, Off: v.Form["off"] == "1"}
		_, err = a.Assess.SaveItem(currentUser(c).Username, it)
		if err == nil {
			a.flash(c, "ok", "assess.cat.saved")
			return c.Redirect(http.StatusSeeOther, "/assess/catalog")
		}
		if !showProblem(v, err, assessCatFields, "name") {
			return err
		}
	}
	return a.renderCatalog(c, v, http.StatusBadRequest)
}

// assessSaveSettings sets the objection window, the 先进个人 count and the
// exclusions.
func (a *App) assessSaveSettings(c echo.Context) error {
	v, err := a.assessView(c, "assess.cat.title", "assess.cat.lead")
	if err != nil {
		return err
	}
	for _, k := range []string{"objection_days", "award_count"} {
		v.Form[k] = strings.TrimSpace(c.FormValue(k))
	}
	days, err1 := strconv.Atoi(v.Form["objection_days"])
	award, err2 := strconv.Atoi(v.Form["award_count"])
	if err1 != nil {
		v.fieldError("objection_days", "assess.err.objection_days", "Max", assess.MaxObjectionDays)
	}
	if err2 != nil {
		v.fieldError("award_count", "assess.err.award_count", "Max", assess.MaxAwardCount)
	}
	if len(v.Errors) == 0 {
		_, err = a.Assess.SaveSettings(currentUser(c).Username, assess.Settings{ObjectionDays: days, AwardCount: award,
			ExcludeAbsence: c.FormValue("exclude_absence") == "1", ExcludeBad: c.FormValue("exclude_bad") == "1"})
		if err == nil {
			a.flash(c, "ok", "assess.cat.saved")
			return c.Redirect(http.StatusSeeOther, "/assess/catalog")
		}
		if !showProblem(v, err, assessCatFields, "objection_days") {
			return err
		}
	}
	return a.renderCatalog(c, v, http.StatusBadRequest)
}

// assessPreset replaces the catalog with a preset's.
func (a *App) assessPreset(c echo.Context) error {
	v, err := a.assessView(c, "assess.cat.title", "assess.cat.lead")
	if err != nil {
		return err
	}
	if _, err := a.Assess.ChoosePreset(currentUser(c).Username, c.FormValue("preset")); err != nil {
		if !showProblem(v, err, assessCatFields, "preset") {
			return err
		}
		return a.renderCatalog(c, v, http.StatusBadRequest)
	}
	a.flash(c, "ok", "assess.cat.preset_ok")
	return c.Redirect(http.StatusSeeOther, "/assess/catalog")
}
