package ui

// 排队叫号 on the menu and the home pages (areas.go): for window staff
// and leads, the tickets waiting for their own window (待办); for the
// office and the directors, a panel of the hall now — waiting per
// service, each window serving, paused or idle.

import (
	"strconv"

	"bianmin/appliance/account"
)

func (a *App) queueArea() area {
	if a.Queue == nil {
		return area{Key: "queue", Href: "/queue", Roles: nil}
	}
	return area{Key: "queue", Href: "/queue", Roles: queueRoles, Lights: []string{"queue-stats"},
		Waiting: a.queueWaiting, Panels: a.queuePanels}
}

// queueWaiting: the tickets the user's own window could call now.
func (a *App) queueWaiting(hc *homeContext) ([]waitItem, error) {
	if !hc.is(account.RoleStaff, account.RoleLead) {
		return nil, nil
	}
	s, err := a.Queue.Settings()
	if err != nil {
		return nil, err
	}
	w := a.consoleWindow(hc.c, s)
	if w == 0 {
		return nil, nil
	}
	h, err := a.Queue.Hall()
	if err != nil {
		return nil, err
	}
	n := h.Window(w).Waiting
	if n == 0 {
		return nil, nil
	}
	return []waitItem{{Label: hc.v.T("queue.home.waiting", "Window", w), Count: n, Href: "/queue?window=" + strconv.Itoa(w)}}, nil
}

// queuePanels: the hall now, for those who run it.
func (a *App) queuePanels(hc *homeContext) ([]homePanel, error) {
	if !hc.is(account.RoleOffice, account.RoleDirector, account.RoleDeputy, account.RoleLead) {
		return nil, nil
	}
	h, err := a.Queue.Hall()
	if err != nil {
		return nil, err
	}
	v := hc.v
	p := homePanel{ID: "queue", Title: v.T("queue.home.title"), Kind: "figures",
		Links: []homeLink{{Href: "/queue", Label: v.T("queue.console.title")}, {Href: "/queue/stats", Label: v.T("queue.stats.title")}}}
	for _, s := range h.Services {
		f := homeFigure{Value: strconv.Itoa(s.Waiting), Label: v.T("queue.home.service_waiting", "Prefix", s.Prefix, "Name", s.Name), Href: "/queue/stats"}
		if s.Waiting >= 10 {
			f.Tone = "warn"
		}
		p.Figures = append(p.Figures, f)
	}
	serving, paused := 0, 0
	for _, w := range h.Windows {
		switch {
		case w.Paused:
			paused++
		case w.Call != nil:
			serving++
		}
	}
	p.Figures = append(p.Figures, homeFigure{Value: strconv.Itoa(serving), Label: v.T("queue.home.serving"), Tone: "ok"})
	if paused > 0 {
		p.Figures = append(p.Figures, homeFigure{Value: strconv.Itoa(paused), Label: v.T("queue.home.paused"), Tone: "warn"})
	}
	return []homePanel{p}, nil
}
