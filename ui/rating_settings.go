package ui

// 设置 › 评价 (the rating rules and the buttons' line map) and the demo
// panel's rating buttons (设备 › 模拟).

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"bianmin/appliance/rating"

	"github.com/labstack/echo/v4"
)

// ratingSettingsData is what rating_settings.html shows.
type ratingSettingsData struct {
	Office  bool
	Levels  []ratingCodeField
	Rules   []decisionOption
	Periods []decisionOption
	LineMap string
}

// ratingCodeField is one level's upload code field.
type ratingCodeField struct{ Name, Label string }

func (a *App) ratingSettingsForm(c echo.Context) error {
	if err := a.ratingReady(); err != nil {
		return err
	}
	v := a.newView(c, "rating.settings.title", "rating.settings.lead", "settings")
	set, err := a.Ratings.Settings()
	if err != nil {
		return err
	}
	fillRatingForm(v, set)
	raw, err := a.Ratings.LineMap()
	if err != nil {
		return err
	}
	v.Form["line_map"] = string(raw)
	return a.renderRatingSettings(c, v, http.StatusOK)
}

func fillRatingForm(v *view, s rating.Settings) {
	f := v.Form
	f["arm_seconds"], f["follow_up_days"], f["area_code"] = strconv.Itoa(s.ArmSeconds), strconv.Itoa(s.FollowUpDays), s.AreaCode
	f["channel_code"], f["rule"], f["min_ratings"] = s.ChannelCode, string(s.Rule.Kind), strconv.Itoa(s.Rule.MinRatings)
	f["period"], f["flag_times"] = string(s.Period), strconv.Itoa(s.FlagTimes)
	for _, l := range rating.Levels() {
		f["codes."+string(l)] = s.Codes[l]
	}
}

func (a *App) renderRatingSettings(c echo.Context, v *view, status int) error {
	d := ratingSettingsData{Office: v.Has("office"), LineMap: v.Form["line_map"]}
	for _, l := range rating.Levels() {
		d.Levels = append(d.Levels, ratingCodeField{Name: "codes." + string(l), Label: l.LocaleKey()})
	}
	for _, k := range []rating.RuleKind{rating.RuleLowestRate, rating.RuleOffice} {
		d.Rules = append(d.Rules, decisionOption{Value: string(k), Label: v.T("rating.rule." + string(k))})
	}
	for _, p := range []rating.PeriodKind{rating.PeriodMonth, rating.PeriodQuarter} {
		d.Periods = append(d.Periods, decisionOption{Value: string(p), Label: v.T("rating.period." + string(p))})
	}
	v.Data = d
	return a.render(c, status, "rating_settings", v)
}

func (a *App) ratingSettingsSubmit(c echo.Context) error {
	if err := a.ratingReady(); err != nil {
		return err
	}
	v := a.newView(c, "rating.settings.title", "rating.settings.lead", "settings")
	names := []string{"arm_seconds", "follow_up_days", "area_code", "channel_code", "rule", "min_ratings", "period", "flag_times"}
	for _, l := range rating.Levels() {
		names = append(names, "codes."+string(l))
	}
	for _, k := range names {
		v.Form[k] = strings.TrimSpace(c.FormValue(k))
	}
	num := func(k string) int {
		n, err := strconv.Atoi(v.Form[k])
		if err != nil {
			v.fieldError(k, "attui.err.whole_number")
		}
		return n
	}
	s := rating.Settings{ArmSeconds: num("arm_seconds"), FollowUpDays: num("follow_up_days"), AreaCode: v.Form["area_code"],
		ChannelCode: v.Form["channel_code"], Rule: rating.Rule{Kind: rating.RuleKind(v.Form["rule"]), MinRatings: num("min_ratings")},
		Period: rating.PeriodKind(v.Form["period"]), FlagTimes: num("flag_times"), Codes: map[rating.Level]string{}}
	for _, l := range rating.Levels() {
		s.Codes[l] = v.Form["codes."+string(l)]
	}
	if len(v.Errors) == 0 {
		_, err := a.Ratings.SaveSettings(currentUser(c).Username, s)
		if err == nil {
			a.flash(c, "ok", "settings.saved")
			return c.Redirect(http.StatusSeeOther, "/settings/rating")
		}
		if !showProblem(v, err, nil, "rule") {
			return err
		}
	}
	raw, err := a.Ratings.LineMap()
	if err != nil {
		return err
	}
	v.Form["line_map"] = string(raw)
	return a.renderRatingSettings(c, v, http.StatusBadRequest)
}

// ratingLineMapSubmit keeps the buttons' line map once hw/button's rules
// (CheckLineMap, from cmd) find nothing wrong with it.
func (a *App) ratingLineMapSubmit(c echo.Context) error {
	if err := a.ratingReady(); err != nil {
		return err
	}
	v := a.newView(c, "rating.settings.title", "rating.settings.lead", "settings")
	raw := strings.TrimSpace(c.FormValue("line_map"))
	check := a.CheckLineMap
	if check == nil {
		check = func(json.RawMessage) error { return echo.NewHTTPError(http.StatusServiceUnavailable) }
	}
	err := a.Ratings.SaveLineMap(currentUser(c).Username, json.RawMessage(raw), check)
	if err == nil {
		a.flash(c, "ok", "rating.settings.line_map_saved")
		return c.Redirect(http.StatusSeeOther, "/settings/rating")
	}
	if !showProblem(v, err, map[string]string{}, "line_map") {
		return err
	}
	set, err := a.Ratings.Settings()
	if err != nil {
		return err
	}
	fillRatingForm(v, set)
	v.Form["line_map"] = raw
	return a.renderRatingSettings(c, v, http.StatusBadRequest)
}

// simWindow is one window's rating buttons on the demo panel.
type simWindow struct {
	Number int
	Name   string
	Armed  bool
	Until  string
	Ticket string
	Staff  string
	Levels []simLevel
}

// simLevel is one of a window's five buttons.
type simLevel struct{ Value, Label string }

// SimRatingWindows is simRatingWindows for the panel's template (the
// rating block reads it itself, so the panel's handler needs no change); a
// failure is logged and shows no windows.
func (v *view) SimRatingWindows() []simWindow {
	out, err := v.app.simRatingWindows(v)
	if err != nil {
		v.app.Logger.Warn("sim: rating windows", "err", err)
	}
	return out
}

// simRatingWindows lists the active windows with their buttons' state.
func (a *App) simRatingWindows(v *view) ([]simWindow, error) {
	if a.RatingFlow == nil || a.Staff == nil {
		return nil, nil
	}
	ws, err := a.Staff.Windows()
	if err != nil {
		return nil, err
	}
	var out []simWindow
	for _, w := range ws {
		if !w.Active {
			continue
		}
		sw := simWindow{Number: w.Number, Name: w.Name}
		if ref, until, ok := a.RatingFlow.Armed(w.Number); ok {
			sw.Armed, sw.Until, sw.Ticket, sw.Staff = true, until.In(a.loc()).Format("15:04:05"), ref.Ticket, ref.Staff
		}
		for _, l := range rating.Levels() {
			sw.Levels = append(sw.Levels, simLevel{Value: string(l), Label: v.T(l.LocaleKey())})
		}
		out = append(out, sw)
	}
	slices.SortFunc(out, func(x, y simWindow) int { return x.Number - y.Number })
	return out, nil
}

// simRatingServe finishes a service at the window on the panel: the
// window is armed for a rating (rating.Service.ArmWindow) — what the
// queue's finish does once it is wired.
func (a *App) simRatingServe(c echo.Context) error {
	if a.Sim == nil || a.RatingFlow == nil || a.Ratings == nil {
		return echo.NewHTTPError(http.StatusNotFound, "err.sim_demo_only")
	}
	n, err := strconv.Atoi(c.Param("window"))
	if err != nil {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	if _, err := a.Ratings.ArmWindow(a.RatingFlow, n, time.Now()); err != nil {
		v := a.newView(c, "sim.title", "sim.lead", "sim")
		if !showProblem(v, err, map[string]string{}, "rating") {
			return err
		}
		a.flash(c, "err", "rating.sim.serve_failed")
		return c.Redirect(http.StatusSeeOther, "/sim#rating")
	}
	a.flash(c, "ok", "rating.sim.armed")
	return c.Redirect(http.StatusSeeOther, "/sim#rating")
}

// simRatingPress presses one of a window's five buttons on the panel:
// the press goes to the rating flow as a button's would.
func (a *App) simRatingPress(c echo.Context) error {
	if a.Sim == nil || a.RatingFlow == nil {
		return echo.NewHTTPError(http.StatusNotFound, "err.sim_demo_only")
	}
	n, err := strconv.Atoi(c.Param("window"))
	l := rating.Level(c.Param("level"))
	if err != nil || !l.Valid() {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	a.RatingFlow.Press(rating.Press{Window: n, Level: l, At: time.Now(), Device: rating.PanelDevice})
	a.flash(c, "ok", "rating.sim.pressed")
	return c.Redirect(http.StatusSeeOther, "/sim#rating")
}
