package ui

// 设置 › 请假规则: the center's leave rules. The office picks a preset (A, B,
// C: who approves at which length, by the regulations) and edits its
// numbers — the tiers' bounds, the monthly quota, when a substitute is
// needed, annual-leave pieces, the training exemption, the absence of an
// uncovered departure. The steps of each tier come with the preset. The
// directors read the page.

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"bianmin/appliance/leave"

	"github.com/labstack/echo/v4"
)

// leaveLimitRow is a limit in the form: value, unit, and whether equal
// counts (含).
type leaveLimitRow struct {
	Name      string // the domain's field: "tiers.0.up_to", "substitute.staff"
	Label     string
	Steps     string // for a tier: who acts
	Value     string
	Unit      string
	Inclusive bool
	Optional  bool // empty turns it off
	Error     string
}

// leaveNumberRow is a number in the form.
type leaveNumberRow struct {
	Name, Label, Value, Hint, Error string
	Step                            string // the input's step: "0.5" or "1"
}

// leaveSettingsData is what leave_settings.html shows.
type leaveSettingsData struct {
	Office  bool
	Presets []decisionOption
	Key     string
	Loaded  bool
	Tiers   []leaveLimitRow
	Last    string // the last tier: beyond the bounds, who acts
	Subs    []leaveLimitRow
	Numbers []leaveNumberRow
	Other   []string
}

func (a *App) leaveSettingsForm(c echo.Context) error {
	if err := a.leaveReady(); err != nil {
		return err
	}
	v := a.newView(c, "leave.rules.title", "leave.rules.lead", "settings")
	r, err := a.Leave.Rules()
	if err != nil {
		return err
	}
	return a.renderLeaveSettings(c, v, r, false, http.StatusOK)
}

func (a *App) renderLeaveSettings(c echo.Context, v *view, r leave.Rules, loaded bool, status int) error {
	d := leaveSettingsData{Office: v.Has("office"), Key: r.Key, Loaded: loaded}
	for _, k := range leave.RulesKeys() {
		d.Presets = append(d.Presets, decisionOption{Value: k, Label: v.T("leave.rules.preset." + k)})
	}
	for i, t := range r.Tiers {
		var steps []string
		for _, s := range t.Steps {
			steps = append(steps, v.T("leave.step_act", "Step", v.T("leave.step."+string(s.Kind)), "Act", v.T("leave.act."+string(s.Act))))
		}
		if t.UpTo == nil {
			d.Last = v.T("leave.rules.over_last") + "：" + strings.Join(steps, " → ")
			continue
		}
		d.Tiers = append(d.Tiers, limitRow(v, fmt.Sprintf("tiers.%d.up_to", i), v.T("leave.rules.tier", "N", i+1), t.UpTo, false))
		d.Tiers[len(d.Tiers)-1].Steps = strings.Join(steps, " → ")
	}
	d.Subs = []leaveLimitRow{
		limitRow(v, "substitute.chief_or_lead", v.T("leave.rules.sub_chief"), r.Substitute.ChiefOrLead, true),
		limitRow(v, "substitute.staff", v.T("leave.rules.sub_staff"), r.Substitute.Staff, true),
		limitRow(v, "substitute.single_staff_window", v.T("leave.rules.sub_single"), r.Substitute.SingleStaffWindow, true),
	}
	num := func(name, label, hint string, val float64, step string) leaveNumberRow {
		value := fmtNum(val)
		if f, ok := v.Form[name]; ok {
			value = f
		}
		return leaveNumberRow{Name: name, Label: v.T(label), Hint: hint, Value: value, Step: step, Error: v.Errors[name]}
	}
	d.Numbers = []leaveNumberRow{
		num("quota.chief_days", "leave.rules.chief_days", "", r.Quota.ChiefDays, "0.5"),
		num("quota.chief_requests", "leave.rules.chief_requests", "", float64(r.Quota.ChiefRequests), "1"),
		num("quota.staff_days", "leave.rules.staff_days", "", r.Quota.StaffDays, "0.5"),
		num("quota.staff_requests", "leave.rules.staff_requests", v.T("leave.rules.quota_hint"), float64(r.Quota.StaffRequests), "1"),
		num("annual_min_piece_days", "leave.rules.annual_min", "", r.AnnualMinPieceDays, "0.5"),
		num("training_exempt_days", "leave.rules.training_days", "", r.TrainingExemptDays, "0.5"),
		num("uncovered_absence_halves", "leave.rules.uncovered_halves", v.T("leave.rules.uncovered_hint"), float64(r.UncoveredAbsenceHalves), "1"),
	}
	shown := map[string]bool{"key": true}
	for _, t := range append(d.Tiers, d.Subs...) {
		shown[t.Name] = true
	}
	for _, n := range d.Numbers {
		shown[n.Name] = true
	}
	for f, msg := range v.Errors {
		if !shown[f] {
			d.Other = append(d.Other, msg)
		}
	}
	v.Data = d
	return a.render(c, status, "leave_settings", v)
}

// limitRow is a limit as the form shows it, with what was typed and its
// error when the form came back.
func limitRow(v *view, name, label string, l *leave.Limit, optional bool) leaveLimitRow {
	row := leaveLimitRow{Name: name, Label: label, Optional: optional, Unit: string(leave.UnitDay), Error: v.Errors[name]}
	if l != nil {
		row.Value, row.Unit, row.Inclusive = fmtNum(l.Value), string(l.Unit), l.Inclusive
	}
	if val, ok := v.Form[name]; ok {
		row.Value, row.Unit, row.Inclusive = val, v.Form[name+".unit"], v.Form[name+".inclusive"] != ""
	}
	return row
}

func (a *App) leaveSettingsSubmit(c echo.Context) error {
	if err := a.leaveReady(); err != nil {
		return err
	}
	v := a.newView(c, "leave.rules.title", "leave.rules.lead", "settings")
	if c.FormValue("action") == "preset" {
		r, ok := leave.RulesByKey(c.FormValue("key"))
		if !ok {
			return echo.NewHTTPError(http.StatusBadRequest)
		}
		return a.renderLeaveSettings(c, v, r, true, http.StatusOK)
	}
	r, ok := leave.RulesByKey(c.FormValue("key"))
	if !ok {
		return echo.NewHTTPError(http.StatusBadRequest)
	}
	form, err := c.FormParams()
	if err != nil {
		return err
	}
	for k := range form {
		v.Form[k] = strings.TrimSpace(form.Get(k))
	}
	for i := range r.Tiers {
		if r.Tiers[i].UpTo != nil {
			r.Tiers[i].UpTo = formLimit(v, fmt.Sprintf("tiers.%d.up_to", i), false)
		}
	}
	r.Substitute.ChiefOrLead = formLimit(v, "substitute.chief_or_lead", true)
	r.Substitute.Staff = formLimit(v, "substitute.staff", true)
	r.Substitute.SingleStaffWindow = formLimit(v, "substitute.single_staff_window", true)
	r.Quota.ChiefDays = formFloat(v, "quota.chief_days")
	r.Quota.ChiefRequests = int(formFloat(v, "quota.chief_requests"))
	r.Quota.StaffDays = formFloat(v, "quota.staff_days")
	r.Quota.StaffRequests = int(formFloat(v, "quota.staff_requests"))
	r.AnnualMinPieceDays = formFloat(v, "annual_min_piece_days")
	r.TrainingExemptDays = formFloat(v, "training_exempt_days")
	r.UncoveredAbsenceHalves = int(formFloat(v, "uncovered_absence_halves"))
	if len(v.Errors) == 0 {
		if _, err = a.Leave.SaveRules(leaveActor(c), r); err == nil {
			a.flash(c, "ok", "leave.rules.saved")
			return c.Redirect(http.StatusSeeOther, "/settings/leave")
		}
		if !showProblem(v, err, nil, "key") {
			return err
		}
	}
	return a.renderLeaveSettings(c, v, r, false, http.StatusBadRequest)
}

// formLimit reads a limit's value, unit and 含 box; an empty optional one
// is off (nil).
func formLimit(v *view, name string, optional bool) *leave.Limit {
	raw := v.Form[name]
	if raw == "" && optional {
		return nil
	}
	val, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		v.fieldError(name, "leave.rules.err_number")
		return &leave.Limit{Value: 1, Unit: leave.UnitDay}
	}
	return &leave.Limit{Value: val, Unit: leave.Unit(v.Form[name+".unit"]), Inclusive: v.Form[name+".inclusive"] != ""}
}

// formFloat reads a number, with the error next to its field.
func formFloat(v *view, name string) float64 {
	f, err := strconv.ParseFloat(v.Form[name], 64)
	if err != nil {
		v.fieldError(name, "leave.rules.err_number")
	}
	return f
}
