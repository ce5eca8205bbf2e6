package ui

// 评价 on the menu and the home pages (areas.go): the follow-ups waiting
// for the office (to call back or verify, to rectify) and for the
// director (a result the citizen rejected); a panel with the month's
// satisfaction and the 差评 in hand; overdue follow-ups and staff flagged
// as 最不满意人员 (regulation 001 line 229) as alerts.

import (
	"strconv"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/rating"
	"bianmin/appliance/store"
)

func (a *App) ratingArea() area {
	return area{Key: "rating", Href: "/rating", Roles: ratingReaders, Waiting: a.ratingWaiting, Panels: a.ratingPanels}
}

// ratingCounts are the home page's numbers, read in one transaction.
type ratingCounts struct {
	open, overdue, director int
	month                   rating.Tally
	flags                   []rating.Flag
}

func (a *App) ratingCountsNow(hc *homeContext) (ratingCounts, error) {
	first := time.Date(hc.now.Year(), hc.now.Month(), 1, 0, 0, 0, 0, a.loc())
	return store.Read(a.DB, func(tx *store.Tx) (ratingCounts, error) {
		var rc ratingCounts
		var err error
		if rc.open, rc.overdue, rc.director, err = rating.OpenCountsTx(tx, hc.now.Format(dateLayout)); err != nil {
			return rc, err
		}
		st, err := rating.StatsTx(tx, first, first.AddDate(0, 1, 0))
		if err != nil {
			return rc, err
		}
		rc.month = st.All
		rc.flags, err = rating.FlagsTx(tx, "")
		return rc, err
	})
}

func (a *App) ratingWaiting(hc *homeContext) ([]waitItem, error) {
	if a.Ratings == nil || !hc.is(account.RoleOffice, account.RoleDirector) {
		return nil, nil
	}
	rc, err := a.ratingCountsNow(hc)
	if err != nil {
		return nil, err
	}
	if hc.is(account.RoleOffice) && rc.open-rc.director > 0 {
		return []waitItem{{Label: hc.v.T("rating.wait.followups"), Count: rc.open - rc.director, Href: "/rating/followups"}}, nil
	}
	if hc.is(account.RoleDirector) && rc.director > 0 {
		return []waitItem{{Label: hc.v.T("rating.wait.director"), Count: rc.director, Href: "/rating/followups"}}, nil
	}
	return nil, nil
}

func (a *App) ratingPanels(hc *homeContext) ([]homePanel, error) {
	if a.Ratings == nil || !hc.is(ratingReaders...) {
		return nil, nil
	}
	rc, err := a.ratingCountsNow(hc)
	if err != nil {
		return nil, err
	}
	v := hc.v
	p := homePanel{ID: "ratings", Title: v.T("rating.home.title"), Kind: "figures",
		Links: []homeLink{{Label: v.T("rating.home.stats"), Href: "/rating/stats"}, {Label: v.T("rating.home.followups"), Href: "/rating/followups"}}}
	p.Figures = []homeFigure{
		{Value: strconv.Itoa(rc.month.Total), Label: v.T("rating.home.month_total"), Href: "/rating"},
		{Value: rateText(rc.month), Label: v.T("rating.home.month_rate"), Href: "/rating/stats"},
		{Value: strconv.Itoa(rc.open), Label: v.T("rating.home.open"), Href: "/rating/followups", Tone: toneIf(rc.open > 0, "warn")},
		{Value: strconv.Itoa(rc.overdue), Label: v.T("rating.home.overdue"), Href: "/rating/followups", Tone: toneIf(rc.overdue > 0, "bad")},
	}
	if rc.overdue > 0 {
		p.Alerts = append(p.Alerts, homeAlert{Key: "rating-overdue", Text: v.T("rating.alert.overdue", "N", rc.overdue), Href: "/rating/followups", Link: v.T("rating.home.followups")})
	}
	for _, f := range rc.flags {
		p.Alerts = append(p.Alerts, homeAlert{Key: "rating-flag", Text: v.T("rating.alert.flag", "Staff", f.Staff, "Unit", f.Unit, "Times", f.Times),
			Href: "/rating/appraisals", Link: v.T("rating.home.appraisals")})
	}
	return []homePanel{p}, nil
}

// toneIf is tone when cond holds, else "".
func toneIf(cond bool, tone string) string {
	if cond {
		return tone
	}
	return ""
}
