package ui

// 首页: each role's home page, put together from what the areas provide
// (areas.go): what waits for the user (待办), then each area's panels.

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// homePanel is one block of a home page. Kind picks its layout:
//   - "figures": numbers with their labels (Figures), each maybe a link;
//   - "people": names grouped by state (Groups), e.g. today's attendance;
//   - "rows": a short list (Rows), each maybe a link;
//   - "facts": label and value pairs (Facts), each maybe with an English
//     detail line for the technician;
//   - "chips": punch points as the month view shows them (Chips).
//
// Empty is shown instead when the panel has nothing to show; Links go
// at its foot (查看全部…).
type homePanel struct {
	ID      string // anchor and test hook (data-panel)
	Title   string // translated
	Lead    string // one line under the title, translated
	Kind    string
	Figures []homeFigure
	Groups  []homeGroup
	Rows    []homeRow
	Facts   []homeFact
	Chips   []monthChip
	Empty   string
	Links   []homeLink
	Wide    bool // spans the page's width
	// Alerts are raised at the top of the home page, above 待办: something
	// wrong now that someone must see (a window left without its
	// substitute).
	Alerts []homeAlert
}

// homeAlert is one alert at the top of the home page.
type homeAlert struct {
	Key  string // what it is, for tests and styles (data-alert)
	Text string
	Href string
	Link string // the link's words
}

// homeFigure is one number of a "figures" panel.
type homeFigure struct {
	Value string
	Label string
	Note  string // a smaller line under the label
	Href  string
	Tone  string // "", "ok", "warn", "bad"
}

// homeGroup is one state of a "people" panel and who is in it.
type homeGroup struct {
	Key   string // the state, for tests and styles
	Label string
	Tone  string
	Names []homeName
}

// homeName is one person in a group.
type homeName struct {
	Text  string // 刘芳
	Note  string // 08:21, 病假
	Href  string // their month
	Title string // the note in full, for the tooltip
}

// homeRow is one line of a "rows" panel.
type homeRow struct {
	Text   string
	Note   string // a muted second part
	Tag    string // a short status word
	Tone   string
	Href   string
	Detail string // the technician's English detail line (lang="en")
}

// homeFact is one label and value of a "facts" panel.
type homeFact struct {
	Label  string
	Value  string
	Tone   string
	Detail string // English detail for the technician (lang="en")
}

// homeLink is a link at the foot of a panel.
type homeLink struct{ Label, Href string }

// homeData is what home.html shows.
type homeData struct {
	Waiting []waitItem
	Panels  []homePanel
	Alerts  []homeAlert
	Failed  bool // a provider failed: its part is missing (logged)
	// TimeUnsure: the box's clock cannot be trusted, punches are flagged.
	TimeUnsure bool
}

// home is 首页: what waits for the user, then the areas' panels for the
// user's role, in menu order. Every area is asked (a director sees the
// devices' problems without the 设备 menu entry): the providers decide by
// role.
func (a *App) home(c echo.Context) error {
	v := a.newView(c, "home.title", homeLead(v0Role(c)), "home")
	hc := a.newHomeContext(c, v)
	d := homeData{TimeUnsure: a.timeUnsure()}
	for _, ar := range a.areas() {
		if ar.Waiting != nil {
			items, err := ar.Waiting(hc)
			if err != nil {
				a.Logger.Error("home: what waits", "area", ar.Key, "err", err)
				d.Failed = true
			}
			d.Waiting = append(d.Waiting, items...)
		}
		if ar.Panels != nil {
			panels, err := ar.Panels(hc)
			if err != nil {
				a.Logger.Error("home: panels", "area", ar.Key, "err", err)
				d.Failed = true
			}
			d.Panels = append(d.Panels, panels...)
			for _, p := range panels {
				d.Alerts = append(d.Alerts, p.Alerts...)
			}
		}
	}
	v.Data = d
	return a.render(c, http.StatusOK, "home", v)
}

// v0Role is the signed-in user's role as a string ("" when nobody).
func v0Role(c echo.Context) string {
	if u := currentUser(c); u != nil {
		return string(u.Role)
	}
	return ""
}

// homeLead is the line under 首页: what this role's home page is for.
func homeLead(role string) string {
	switch role {
	case "office", "director", "deputy", "lead", "staff", "inspector", "technician":
		return "home.lead." + role
	}
	return "home.lead.staff"
}
