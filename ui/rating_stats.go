package ui

// 评价 › 满意度统计 and 最不满意人员: the satisfaction rate per window,
// staff member, service and month (with a bar chart drawn as SVG), and
// the appraisal periods with who was named and who is flagged.

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"bianmin/appliance/calendar"
	"bianmin/appliance/rating"
	"bianmin/appliance/store"

	"github.com/labstack/echo/v4"
)

// statRow is one line of a statistics table.
type statRow struct {
	Label  string
	Note   string
	Total  int
	Levels [5]int
	Bad    int
	Rate   string
	Low    bool // below the span's overall rate
}

// chartBar is one month's bar of the chart (SVG user units).
type chartBar struct {
	X, Y, W, H  int
	LabelX      int
	Month, Rate string
	Total       int
}

// ratingStatsData is what rating_stats.html shows.
type ratingStatsData struct {
	From, To             string // YYYY-MM
	SpanText             string
	All                  statRow
	Windows, Staff, Svcs []statRow
	Months               []statRow
	Bars                 []chartBar
	ChartW, ChartH       int
	Levels               []string
}

const (
	chartH      = 200
	chartBarW   = 36
	chartGap    = 24
	chartTop    = 20
	chartBottom = 40
)

func (a *App) ratingStats(c echo.Context) error {
	v, err := a.ratingView(c, "rating.stats.title", "rating.stats.lead")
	if err != nil {
		return err
	}
	now := a.now()
	to := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, a.loc())
	from := to.AddDate(0, -5, 0)
	if t, err := calendar.ParseMonth(strings.TrimSpace(c.QueryParam("to")), a.loc()); err == nil {
		to = t
	}
	if t, err := calendar.ParseMonth(strings.TrimSpace(c.QueryParam("from")), a.loc()); err == nil {
		from = t
	}
	if from.After(to) || to.Sub(from) > 3*366*24*time.Hour {
		from = to.AddDate(0, -5, 0)
	}
	end := to.AddDate(0, 1, 0)
	st, err := store.Read(a.DB, func(tx *store.Tx) (rating.Stats, error) { return rating.StatsTx(tx, from, end) })
	if err != nil {
		return err
	}
	d := ratingStatsData{From: from.Format(monthLayout), To: to.Format(monthLayout),
		SpanText: v.T("rating.stats.span", "From", monthText(v, from), "To", monthText(v, to))}
	for _, l := range rating.Levels() {
		d.Levels = append(d.Levels, v.T(l.LocaleKey()))
	}
	overall := st.All.RatePermille()
	row := func(r rating.Row, label string) statRow {
		return statRow{Label: label, Note: r.Unit, Total: r.Total, Levels: r.Levels, Bad: r.Bad, Rate: rateText(r.Tally),
			Low: r.Total > 0 && r.RatePermille() < overall}
	}
	d.All = statRow{Label: v.T("rating.stats.all"), Total: st.All.Total, Levels: st.All.Levels, Bad: st.All.Bad, Rate: rateText(st.All)}
	for _, r := range st.ByWindow {
		d.Windows = append(d.Windows, row(r, v.T("rating.window_n", "N", r.Key)))
	}
	for _, r := range st.ByStaff {
		d.Staff = append(d.Staff, row(r, r.Label))
	}
	for _, r := range st.ByService {
		label := r.Label
		if label == "" {
			label = v.T("rating.stats.no_service")
		}
		d.Svcs = append(d.Svcs, row(r, label))
	}
	byMonth := map[string]rating.Row{}
	for _, r := range st.ByMonth {
		byMonth[r.Key] = r
	}
	x := chartGap
	for m := from; m.Before(end); m = m.AddDate(0, 1, 0) {
		r := byMonth[m.Format(monthLayout)]
		label := v.T("rating.stats.month_short", "Year", m.Year(), "Month", int(m.Month()))
		d.Months = append(d.Months, row(r, monthText(v, m)))
		h := 0
		if r.Total > 0 {
			h = r.RatePermille() * (chartH - chartTop - chartBottom) / 1000
		}
		d.Bars = append(d.Bars, chartBar{X: x, Y: chartH - chartBottom - h, W: chartBarW, H: h, LabelX: x + chartBarW/2,
			Month: label, Rate: rateText(r.Tally), Total: r.Total})
		x += chartBarW + chartGap
	}
	d.ChartW, d.ChartH = x, chartH
	v.Data = d
	return a.render(c, http.StatusOK, "rating_stats", v)
}

// appraisalLine is one period's appraisal as the page shows it.
type appraisalLine struct {
	Period string
	Rule   string
	Named  []string
	Note   string
	By, At string
}

// flagLine is one flagged staff member.
type flagLine struct {
	Staff, Unit string
	Times       int
	Periods     string
	Evidence    []string
}

// appraisalData is what rating_appraisals.html shows.
type appraisalData struct {
	Lines       []appraisalLine
	Flags       []flagLine
	Rule        string
	OfficeRule  bool
	CanAppraise bool
	Period      string
	Groups      []staffGroup
	FlagTimes   int
	MaxNote     int
}

func (a *App) ratingAppraisals(c echo.Context) error {
	v, err := a.ratingView(c, "rating.appraisal.title", "rating.appraisal.lead")
	if err != nil {
		return err
	}
	return a.renderAppraisals(c, v, http.StatusOK)
}

func (a *App) renderAppraisals(c echo.Context, v *view, status int) error {
	var d appraisalData
	err := a.DB.View(func(tx *store.Tx) error {
		set, err := rating.SettingsTx(tx)
		if err != nil {
			return err
		}
		d.FlagTimes, d.OfficeRule = set.FlagTimes, set.Rule.Kind == rating.RuleOffice
		d.Rule = ruleText(v, set)
		prev := rating.PeriodOf(set.Period, a.now(), a.loc()).From.AddDate(0, 0, -1)
		d.Period = rating.PeriodOf(set.Period, prev, a.loc()).Key
		all, err := rating.AppraisalsTx(tx)
		if err != nil {
			return err
		}
		for _, ap := range all {
			l := appraisalLine{Period: ap.Period, Rule: v.T("rating.rule." + string(ap.Rule.Kind)), Note: ap.Note, By: ap.By, At: a.clockText(ap.At)}
			for _, n := range ap.Named {
				l.Named = append(l.Named, namedText(v, n))
			}
			d.Lines = append(d.Lines, l)
		}
		flags, err := rating.FlagsTx(tx, "")
		if err != nil {
			return err
		}
		for _, f := range flags {
			fl := flagLine{Staff: f.Staff, Unit: f.Unit, Times: f.Times, Periods: strings.Join(f.Keys, "、")}
			for i, n := range f.Periods {
				fl.Evidence = append(fl.Evidence, f.Keys[i]+": "+namedText(v, n))
			}
			d.Flags = append(d.Flags, fl)
		}
		return nil
	})
	if err != nil {
		return err
	}
	d.CanAppraise, d.MaxNote = v.Has("office"), rating.MaxNoteRunes
	if d.CanAppraise && d.OfficeRule {
		if d.Groups, err = a.activeStaffGroups(); err != nil {
			return err
		}
	}
	if v.Form["period"] == "" {
		v.Form["period"] = d.Period
	}
	v.Data = d
	return a.render(c, status, "rating_appraisals", v)
}

// namedText is one named staff member with the evidence: 王建国（人社所）：
// 评价 12 次，差评 5 次，满意率 58.3%.
func namedText(v *view, n rating.Named) string {
	return v.T("rating.appraisal.named", "Staff", n.Staff, "Unit", n.Unit, "Total", n.Total, "Bad", n.Bad, "Rate", rateText(n.Tally))
}

// ruleText words the center's rule.
func ruleText(v *view, set rating.Settings) string {
	if set.Rule.Kind == rating.RuleOffice {
		return v.T("rating.rule.office_text", "Period", v.T("rating.period."+string(set.Period)))
	}
	return v.T("rating.rule.lowest_rate_text", "Min", set.Rule.MinRatings, "Period", v.T("rating.period."+string(set.Period)))
}

func (a *App) ratingAppraise(c echo.Context) error {
	v, err := a.ratingView(c, "rating.appraisal.title", "rating.appraisal.lead")
	if err != nil {
		return err
	}
	v.Form["period"], v.Form["note"] = strings.TrimSpace(c.FormValue("period")), strings.TrimSpace(c.FormValue("note"))
	var ids []uint64
	for _, s := range c.Request().PostForm["staff"] {
		if id, err := strconv.ParseUint(s, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	u := currentUser(c)
	if _, err := a.Ratings.Appraise(rating.Actor{Name: u.Username, Role: u.Role}, v.Form["period"], ids, v.Form["note"]); err != nil {
		if !showProblem(v, err, nil, "period") {
			return err
		}
		return a.renderAppraisals(c, v, http.StatusBadRequest)
	}
	a.flash(c, "ok", "rating.appraisal.done")
	return c.Redirect(http.StatusSeeOther, "/rating/appraisals")
}
