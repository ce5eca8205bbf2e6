package ui

// 设置 › 考勤规则: the center's attendance rules. The office picks a
// built-in preset (standard, county-b, nine-to-five) and edits every number
// of it — sessions and their seasonal hours, grace minutes, what a missing
// punch counts as, the monthly escalations, the off-post limit — and the
// remedy quota, the objection window and the duplicate-punch window. Every
// problem shows next to its field. The directors read the page.

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"bianmin/appliance/attendance"

	"github.com/labstack/echo/v4"
)

// Form rows offered beyond the stored ones (one blank row to add), and
// the most rows a submitted form may have.
const (
	maxSessionRows    = 3 // morning, afternoon, day
	maxSeasonRows     = 4
	maxEscalationRows = 5
)

// formField is one input: its name in the form, an id for its label, the
// value as typed and its error.
type formField struct {
	Name, ID, Value, Error string
}

// attSettingsData is what attsettings.html shows.
type attSettingsData struct {
	Office        bool
	Presets       []pointOption
	PresetKey     string
	PresetLabel   string
	Loaded        string // the defaults of a preset were loaded into the form, not saved yet
	Sessions      []sessionRow
	SessionsN     int
	SessionsError string
	SessionKeys   []pointOption
	MissingRules  []pointOption
	MissingPunch  formField
	Numbers       []formField // grace minutes
	Escalations   []escGroup  // late and early, missed punches
	OffPost       []formField
	Limits        []formField // remedy quota, objection days, dedupe seconds
	Other         []string    // problems that belong to no shown field
	Problems      []fieldLink // every problem, linked to its field, for the banner
	Updated       string
}

// fieldLink is a problem in the banner, linked to its field ("" = none).
type fieldLink struct{ ID, Text string }

// sessionRow is one working session in the form.
type sessionRow struct {
	Index                   int
	Key, Start, End, Halves formField
	Seasons                 []seasonRow
	SeasonsN                formField
	SeasonsError            string
	Error                   string
	New                     bool // an empty row, to add a session
	HasSeasons              bool // some seasonal row is filled in
}

// seasonRow is one seasonal range of a session's hours.
type seasonRow struct {
	From, To, Start, End formField
	New                  bool // an empty row, to add a range
}

// escGroup is one monthly escalation table.
type escGroup struct {
	Field string // late_early_escalation, missed_escalation
	N     formField
	Rows  []escRow
	Error string
}

// escRow is one step: at least N events → M half-days of absence.
type escRow struct {
	AtLeast, Halves formField
	Error           string
	New             bool // an empty row, to add a step
}

func (a *App) attSettingsForm(c echo.Context) error {
	v := a.newView(c, "attui.settings.title", "attui.settings.lead", "settings")
	set, err := attendance.LoadSettingsDB(a.DB)
	if err != nil {
		return err
	}
	v.Form = settingsValues(set, true)
	loaded := ""
	if key := c.QueryParam("preset"); key != "" && v.Has("office") {
		// 载入: the chosen preset's numbers in the form, not saved yet; the
		// limits stay as stored.
		p, ok := attendance.PresetByKey(key)
		if !ok {
			return echo.NewHTTPError(http.StatusNotFound)
		}
		set.Preset = p
		v.Form = settingsValues(set, true)
		loaded = v.T("attui.settings.loaded", "Preset", presetName(v, p))
	}
	return a.renderAttSettings(c, v, set, http.StatusOK, loaded)
}

// settingsValues writes settings as form values; blank adds an empty row
// to each table for adding one.
func settingsValues(s attendance.Settings, blank bool) map[string]string {
	f := map[string]string{"preset": s.Preset.Key}
	extra := 0
	if blank {
		extra = 1
	}
	p := s.Preset
	f["sessions_n"] = strconv.Itoa(min(len(p.Sessions)+extra, maxSessionRows))
	for i, ss := range p.Sessions {
		pre := fmt.Sprintf("sessions[%d]", i)
		f[pre+".key"], f[pre+".start"], f[pre+".end"], f[pre+".halves"] = ss.Key, ss.Start.String(), ss.End.String(), strconv.Itoa(ss.Halves)
		f[pre+".seasons_n"] = strconv.Itoa(min(len(ss.Seasons)+extra, maxSeasonRows))
		for j, h := range ss.Seasons {
			sp := fmt.Sprintf("%s.seasons[%d]", pre, j)
			f[sp+".from"], f[sp+".to"], f[sp+".start"], f[sp+".end"] = h.From.String(), h.To.String(), h.Start.String(), h.End.String()
		}
	}
	for i := len(p.Sessions); i < maxSessionRows; i++ {
		f[fmt.Sprintf("sessions[%d].seasons_n", i)] = strconv.Itoa(extra)
	}
	for _, g := range []struct {
		name  string
		steps []attendance.Escalation
	}{{"late_early_escalation", p.LateEarlyEscalation}, {"missed_escalation", p.MissedEscalation}} {
		f[g.name+"_n"] = strconv.Itoa(min(len(g.steps)+extra, maxEscalationRows))
		for i, e := range g.steps {
			pre := fmt.Sprintf("%s[%d]", g.name, i)
			f[pre+".at_least"], f[pre+".absence_halves"] = strconv.Itoa(e.AtLeast), strconv.Itoa(e.AbsenceHalves)
		}
	}
	for k, n := range map[string]int{
		"late_grace_minutes": p.LateGraceMinutes, "early_grace_minutes": p.EarlyGraceMinutes,
		"off_post_over_minutes": p.OffPostOverMinutes, "off_post_absence_halves": p.OffPostAbsenceHalves,
		"remedy_quota": s.RemedyQuota, "remedy_days": s.RemedyDays, "objection_days": s.ObjectionDays, "dedupe_seconds": s.DedupeSeconds,
	} {
		f[k] = strconv.Itoa(n)
	}
	f["missing_punch"] = string(p.MissingPunch)
	return f
}

// renderAttSettings lays the form values in v.Form out as the page's rows.
func (a *App) renderAttSettings(c echo.Context, v *view, stored attendance.Settings, status int, loaded string) error {
	used := map[string]bool{}
	var problems []fieldLink
	field := func(name string) formField {
		used[name] = true
		f := formField{Name: name, ID: "f-" + strings.NewReplacer("[", "-", "]", "", ".", "-").Replace(name),
			Value: v.Form[name], Error: v.Errors[name]}
		if f.Error != "" {
			problems = append(problems, fieldLink{ID: f.ID, Text: f.Error})
		}
		return f
	}
	errOf := func(name string) string {
		used[name] = true
		if e := v.Errors[name]; e != "" {
			problems = append(problems, fieldLink{Text: e})
		}
		return v.Errors[name]
	}
	d := attSettingsData{Office: v.Has("office"), PresetKey: v.Form["preset"], Loaded: loaded, SessionsError: errOf("sessions")}
	for _, p := range attendance.Presets() {
		d.Presets = append(d.Presets, pointOption{Key: p.Key, Label: v.T("attendance.preset." + p.Key)})
	}
	if _, ok := attendance.PresetByKey(stored.Preset.Key); !ok {
		d.Presets = append(d.Presets, pointOption{Key: stored.Preset.Key, Label: presetName(v, stored.Preset)})
	}
	for _, p := range d.Presets {
		if p.Key == d.PresetKey {
			d.PresetLabel = p.Label
		}
	}
	for _, k := range []string{attendance.SessionMorning, attendance.SessionAfternoon, attendance.SessionDay} {
		d.SessionKeys = append(d.SessionKeys, pointOption{Key: k, Label: v.T("attendance.session." + k)})
	}
	for _, r := range []attendance.MissingPunchRule{attendance.MissingIsMissed, attendance.MissingIsLateEarly} {
		d.MissingRules = append(d.MissingRules, pointOption{Key: string(r), Label: v.T("attendance.missing_punch." + string(r))})
	}
	d.SessionsN = formCount(v.Form["sessions_n"], maxSessionRows)
	for i := range d.SessionsN {
		pre := fmt.Sprintf("sessions[%d]", i)
		row := sessionRow{Index: i, Key: field(pre + ".key"), Start: field(pre + ".start"), End: field(pre + ".end"),
			Halves: field(pre + ".halves"), SeasonsN: field(pre + ".seasons_n"), SeasonsError: errOf(pre + ".seasons"), Error: errOf(pre)}
		for j := range formCount(row.SeasonsN.Value, maxSeasonRows) {
			sp := fmt.Sprintf("%s.seasons[%d]", pre, j)
			sr := seasonRow{From: field(sp + ".from"), To: field(sp + ".to"), Start: field(sp + ".start"), End: field(sp + ".end")}
			sr.New = emptyFields(sr.From, sr.To, sr.Start, sr.End)
			row.HasSeasons = row.HasSeasons || !sr.New
			row.Seasons = append(row.Seasons, sr)
			if e := errOf(sp); e != "" {
				addTo(&row.SeasonsError, e)
			}
		}
		row.New = emptyFields(row.Key, row.Start, row.End, row.Halves) && !row.HasSeasons && row.Error == "" && row.SeasonsError == ""
		d.Sessions = append(d.Sessions, row)
	}
	d.MissingPunch = field("missing_punch")
	d.Numbers = []formField{field("late_grace_minutes"), field("early_grace_minutes")}
	for _, g := range []*escGroup{{Field: "late_early_escalation"}, {Field: "missed_escalation"}} {
		g.N, g.Error = field(g.Field+"_n"), errOf(g.Field)
		for i := range formCount(g.N.Value, maxEscalationRows) {
			pre := fmt.Sprintf("%s[%d]", g.Field, i)
			er := escRow{AtLeast: field(pre + ".at_least"), Halves: field(pre + ".absence_halves"), Error: errOf(pre)}
			er.New = emptyFields(er.AtLeast, er.Halves) && er.Error == ""
			g.Rows = append(g.Rows, er)
		}
		d.Escalations = append(d.Escalations, *g)
	}
	d.OffPost = []formField{field("off_post_over_minutes"), field("off_post_absence_halves")}
	d.Limits = []formField{field("remedy_quota"), field("remedy_days"), field("objection_days"), field("dedupe_seconds")}
	d.Problems = problems
	used["preset"] = true
	for name, msg := range v.Errors {
		if !used[name] {
			d.Other = append(d.Other, msg)
		}
	}
	if v.Errors["preset"] != "" {
		d.Other = append(d.Other, v.Errors["preset"])
	}
	if stored.UpdatedBy != "" {
		d.Updated = v.T("attui.settings.updated", "By", stored.UpdatedBy, "At", a.clockText(stored.UpdatedAt))
	}
	v.Data = d
	return a.render(c, status, "attsettings", v)
}

// emptyFields reports whether every field is empty and has no problem.
func emptyFields(fs ...formField) bool {
	for _, f := range fs {
		if f.Value != "" || f.Error != "" {
			return false
		}
	}
	return true
}

// formCount reads a row count from the form, within 0..limit.
func formCount(s string, limit int) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 {
		return 0
	}
	return min(n, limit)
}

// addTo joins a second message to a first.
func addTo(dst *string, msg string) {
	if *dst != "" && *dst != msg {
		*dst += "；" + msg
		return
	}
	*dst = msg
}
