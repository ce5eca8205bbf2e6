package ui

// The product's areas as the menu and the home pages show them.
//
// Each area describes itself once, as an area value, and is listed in
// App.areas: its menu entry (label, link, the roles that see it, the
// pages that light it), what waits for the signed-in user in it (the menu
// badge and the 待办 lines of the home page) and the panels it adds to
// the user's home page. An area that is not built is simply not listed:
// nothing says "coming soon".
//
// Adding an area (leave, queue, intake, …):
//  1. write ui/<area>_home.go with func (a *App) <area>Area() area, filling
//     Key (menu label nav.<key>, and the Nav value its pages pass to
//     newView), Href, Roles, and, where the area has them, Waiting and
//     Panels;
//  2. add a.<area>Area() to the list in App.areas, in menu order.
//
// The menu shows an area's entry to its Roles; the home page asks every
// area's Waiting and Panels, whatever the menu shows (a director sees the
// devices' problems without a 设备 entry), so providers decide by role
// (hc.is) and return nothing for the others. A panel may carry Alerts:
// something wrong now (a window left without its substitute), raised at
// the top of the home page above 待办.
//
// Waiting returns one waitItem per kind of thing waiting for this user
// (补签 to approve, a leave request to sign, a ticket to call…), with the
// count read from the area's domain read model — a count over an index
// (appliance/decision.Pending, say), never a loop over records in ui. Return
// nothing (not a zero line) when nothing waits. Panels returns the blocks
// the user's role sees on the home page (see homePanel for the kinds:
// figures, people by state, a short list, facts); return none for roles
// that have nothing there. Both get a homeContext: the request's view
// (user, language, T), the user's records scope, and the moment. A
// provider that fails returns its error; the home page then shows the
// other areas and a line saying that part could not be read (logged).

import (
	"slices"
	"time"

	"bianmin/appliance/account"

	"github.com/labstack/echo/v4"
)

// area is one part of the product in the menu and on the home pages.
type area struct {
	Key    string         // menu label nav.<Key>; the Nav its pages pass to newView
	Href   string         // where the menu entry goes
	Roles  []account.Role // who sees the menu entry (the route table still guards every page)
	Lights []string       // other Nav values that light the entry ("sim" lights devices)
	// Waiting lists what waits for the user in this area; nil: never anything.
	Waiting func(hc *homeContext) ([]waitItem, error)
	// Panels are the area's blocks on the user's home page; nil: none.
	Panels func(hc *homeContext) ([]homePanel, error)
}

// areas lists every built area, in menu order.
func (a *App) areas() []area {
	return []area{
		a.attendanceArea(),
		a.reportsArea(),
		a.leaveArea(),
		a.queueArea(),
		a.intakeArea(),
		a.ratingArea(),
		a.assessArea(),
		a.settingsArea(),
		a.devicesArea(),
		a.auditArea(),
		a.accountArea(),
	}
}

// homeContext is what an area's providers get for one request.
type homeContext struct {
	app   *App
	v     *view
	c     echo.Context
	now   time.Time // in the center's location
	today time.Time // midnight of now

	scope    *recordsScope // read on first use
	scopeErr error
}

func (a *App) newHomeContext(c echo.Context, v *view) *homeContext {
	now := a.now()
	return &homeContext{app: a, v: v, c: c, now: now, today: civilDay(now, a.loc())}
}

// role is the signed-in user's role.
func (hc *homeContext) role() account.Role { return hc.v.User.Role }

// is reports whether the user has one of roles.
func (hc *homeContext) is(roles ...account.Role) bool { return slices.Contains(roles, hc.role()) }

// recordsScope is whose attendance records the user sees, read once.
func (hc *homeContext) recordsScope() (recordsScope, error) {
	if hc.scope == nil && hc.scopeErr == nil {
		sc, err := hc.app.recordsScopeOf(hc.c)
		hc.scope, hc.scopeErr = &sc, err
	}
	if hc.scopeErr != nil {
		return recordsScope{}, hc.scopeErr
	}
	return *hc.scope, nil
}

// waitItem is one line of 待办: what waits for the user, how many, and
// where to act on it.
type waitItem struct {
	Label string // translated: 补签申请待审批
	Count int
	Href  string
}

// menuItem is one entry of the left menu.
type menuItem struct {
	Label   string
	Href    string
	Current bool
	Badge   int    // things waiting for the user there; 0: no badge
	BadgeOf string // the badge in words, for screen readers
}

// sees reports whether the user's role sees the area in the menu.
func (ar area) sees(u *account.User) bool { return u != nil && slices.Contains(ar.Roles, u.Role) }

// lit reports whether the page's nav value lights the area's entry.
func (ar area) lit(nav string) bool { return nav == ar.Key || slices.Contains(ar.Lights, nav) }

// menu builds the signed-in user's menu: 首页, then every area the role
// sees, each with the count of what waits there.
func (a *App) menu(c echo.Context, v *view) []menuItem {
	items := []menuItem{{Label: v.T("nav.home"), Href: "/", Current: v.Nav == "home"}}
	var hc *homeContext
	for _, ar := range a.areas() {
		if !ar.sees(v.User) {
			continue
		}
		it := menuItem{Label: v.T("nav." + ar.Key), Href: ar.Href, Current: ar.lit(v.Nav)}
		if ar.Waiting != nil && v.Nav != "" {
			if hc == nil {
				hc = a.newHomeContext(c, v)
			}
			waits, err := ar.Waiting(hc)
			if err != nil {
				a.Logger.Warn("count what waits", "area", ar.Key, "err", err)
			}
			for _, w := range waits {
				it.Badge += w.Count
			}
			if it.Badge > 0 {
				it.BadgeOf = v.T("home.badge", "Count", it.Badge)
			}
		}
		items = append(items, it)
	}
	return items
}
