package ui

// 帮助: a short page per area in plain words — what its pages are for,
// the rules they apply with the regulation each comes from, and what to
// do when something looks wrong. Every page's title links to its area's
// help (view.Help). The words live in embedded/locales/help.*.json:
// help.<area>.title, .purpose, .rule.1…n, .wrong.1…n; an area with
// help.<area>.title has a help page, so a new area adds its keys and
// nothing else.

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
)

// helpData is what help.html shows.
type helpData struct {
	Area    string
	Title   string
	Purpose string
	Rules   []string
	Wrong   []string
	Back    string // the area's first page
	Others  []helpLink
}

// helpLink is another area's help page.
type helpLink struct{ Href, Label string }

// helpAreas lists the areas with a help page that the user sees in the
// menu, home first.
func (a *App) helpAreas(v *view) []string {
	keys := []string{"home"}
	for _, ar := range a.areas() {
		if ar.sees(v.User) {
			keys = append(keys, ar.Key)
		}
	}
	var out []string
	for _, k := range keys {
		if a.i18n.HasKey("help." + k + ".title") {
			out = append(out, k)
		}
	}
	return out
}

// helpFor is the help page of the area a page lights in the menu ("" for
// none): the area itself, or the area whose entry the page lights.
func (a *App) helpFor(nav string) string {
	for _, ar := range a.areas() {
		if ar.lit(nav) {
			nav = ar.Key
			break
		}
	}
	if nav != "" && a.i18n.HasKey("help."+nav+".title") {
		return "/help/" + nav
	}
	return ""
}

// helpPage shows one area's help.
func (a *App) helpPage(c echo.Context) error {
	key := c.Param("area")
	if !a.i18n.HasKey("help." + key + ".title") {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	v := a.newView(c, "help.title", "help.lead", "help")
	d := helpData{Area: key, Title: v.T("help." + key + ".title"), Purpose: v.T("help." + key + ".purpose"), Back: "/"}
	v.TitleText = v.T("help.title") + " · " + d.Title
	for _, list := range []struct {
		part string
		to   *[]string
	}{{"rule", &d.Rules}, {"wrong", &d.Wrong}} {
		for i := 1; a.i18n.HasKey("help." + key + "." + list.part + "." + strconv.Itoa(i)); i++ {
			*list.to = append(*list.to, v.T("help."+key+"."+list.part+"."+strconv.Itoa(i)))
		}
	}
	for _, ar := range a.areas() {
		if ar.Key == key {
			d.Back = ar.Href
		}
	}
	for _, k := range a.helpAreas(v) {
		if k != key {
			d.Others = append(d.Others, helpLink{Href: "/help/" + k, Label: v.T("help." + k + ".title")})
		}
	}
	v.Data = d
	return a.render(c, http.StatusOK, "help", v)
}
