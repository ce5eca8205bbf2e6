package ui

// Reading the attendance settings form: every row as typed, blank rows
// left out, then the rules' own checks (Preset.Validate lists every
// problem with its field; Settings.Validate checks the limits), each
// problem put back on the row the person typed it in.

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"bianmin/appliance/attendance"
	"bianmin/appliance/problem"

	"golang.org/x/text/width"
)

// settingsForm reads the submitted form into settings. Problems go to
// v.Errors under the form's field names.
type settingsForm struct {
	v     *view
	remap map[string]string // a field of the parsed preset → the form's (blank rows shift indexes)
}

// parseSettings reads v.Form into settings based on the built-in preset
// the form names (its key and name are kept).
func parseSettings(v *view) attendance.Settings {
	f := settingsForm{v: v, remap: map[string]string{}}
	var s attendance.Settings
	base, ok := attendance.PresetByKey(v.Form["preset"])
	if !ok {
		stored, err := attendance.LoadSettingsDB(v.app.DB)
		if err != nil || stored.Preset.Key != v.Form["preset"] {
			v.fieldError("preset", "records.settings.err.preset_unknown", "Key", v.Form["preset"])
		}
		base = stored.Preset
	}
	p := attendance.Preset{Key: base.Key, Name: base.Name}
	p.Sessions = f.sessions()
	p.LateGraceMinutes = f.number("late_grace_minutes")
	p.EarlyGraceMinutes = f.number("early_grace_minutes")
	p.MissingPunch = attendance.MissingPunchRule(v.Form["missing_punch"])
	p.LateEarlyEscalation = f.escalation("late_early_escalation")
	p.MissedEscalation = f.escalation("missed_escalation")
	p.OffPostOverMinutes = f.number("off_post_over_minutes")
	p.OffPostAbsenceHalves = f.number("off_post_absence_halves")
	s.Preset = p
	s.RemedyQuota = f.number("remedy_quota")
	s.RemedyDays = f.number("remedy_days")
	s.ObjectionDays = f.number("objection_days")
	s.DedupeSeconds = f.number("dedupe_seconds")
	f.validate(s)
	return s
}

// formFieldNames lists every value the form sends, for reading it.
func formFieldNames(get func(string) string) map[string]string {
	vals := map[string]string{"preset": strings.TrimSpace(get("preset"))}
	put := func(name string) { vals[name] = strings.TrimSpace(get(name)) }
	for _, k := range []string{"late_grace_minutes", "early_grace_minutes", "missing_punch", "off_post_over_minutes",
		"off_post_absence_halves", "remedy_quota", "remedy_days", "objection_days", "dedupe_seconds", "sessions_n",
		"late_early_escalation_n", "missed_escalation_n"} {
		put(k)
	}
	for i := range formCount(vals["sessions_n"], maxSessionRows) {
		pre := fmt.Sprintf("sessions[%d]", i)
		for _, k := range []string{".key", ".start", ".end", ".halves", ".seasons_n"} {
			put(pre + k)
		}
		for j := range formCount(vals[pre+".seasons_n"], maxSeasonRows) {
			for _, k := range []string{".from", ".to", ".start", ".end"} {
				put(fmt.Sprintf("%s.seasons[%d]%s", pre, j, k))
			}
		}
	}
	for _, g := range []string{"late_early_escalation", "missed_escalation"} {
		for i := range formCount(vals[g+"_n"], maxEscalationRows) {
			put(fmt.Sprintf("%s[%d].at_least", g, i))
			put(fmt.Sprintf("%s[%d].absence_halves", g, i))
		}
	}
	return vals
}

func (f *settingsForm) sessions() []attendance.Session {
	var out []attendance.Session
	for i := range formCount(f.v.Form["sessions_n"], maxSessionRows) {
		pre := fmt.Sprintf("sessions[%d]", i)
		if f.blank(pre+".key", pre+".start", pre+".end", pre+".halves") {
			continue
		}
		s := attendance.Session{Key: f.v.Form[pre+".key"], Start: f.clock(pre + ".start"), End: f.clock(pre + ".end"), Halves: f.number(pre + ".halves")}
		if s.Key == "" {
			f.v.fieldError(pre+".key", "attui.settings.err.session_key")
		}
		parsed := fmt.Sprintf("sessions[%d]", len(out))
		f.remap[parsed] = pre
		for j := range formCount(f.v.Form[pre+".seasons_n"], maxSeasonRows) {
			sp := fmt.Sprintf("%s.seasons[%d]", pre, j)
			if f.blank(sp+".from", sp+".to", sp+".start", sp+".end") {
				continue
			}
			f.remap[fmt.Sprintf("%s.seasons[%d]", parsed, len(s.Seasons))] = sp
			s.Seasons = append(s.Seasons, attendance.SeasonHours{From: f.monthDay(sp + ".from"), To: f.monthDay(sp + ".to"),
				Start: f.clock(sp + ".start"), End: f.clock(sp + ".end")})
		}
		out = append(out, s)
	}
	return out
}

func (f *settingsForm) escalation(name string) []attendance.Escalation {
	var out []attendance.Escalation
	for i := range formCount(f.v.Form[name+"_n"], maxEscalationRows) {
		pre := fmt.Sprintf("%s[%d]", name, i)
		if f.blank(pre+".at_least", pre+".absence_halves") {
			continue
		}
		f.remap[fmt.Sprintf("%s[%d]", name, len(out))] = pre
		out = append(out, attendance.Escalation{AtLeast: f.number(pre + ".at_least"), AbsenceHalves: f.number(pre + ".absence_halves")})
	}
	return out
}

// blank reports whether every named field is empty (a row left out).
func (f *settingsForm) blank(names ...string) bool {
	return !slices.ContainsFunc(names, func(n string) bool { return f.v.Form[n] != "" })
}

// number reads a whole number, also typed with full-width digits.
func (f *settingsForm) number(name string) int {
	n, err := strconv.Atoi(width.Narrow.String(f.v.Form[name]))
	if err != nil {
		f.v.fieldError(name, "attui.err.whole_number")
		return 0
	}
	return n
}

func (f *settingsForm) clock(name string) attendance.ClockTime {
	c, err := attendance.ParseClock(width.Narrow.String(f.v.Form[name]))
	if err != nil {
		f.v.fieldError(name, "attendance.err.time_invalid")
		return -1
	}
	return c
}

func (f *settingsForm) monthDay(name string) attendance.MonthDay {
	md, err := attendance.ParseMonthDay(width.Narrow.String(f.v.Form[name]))
	if err != nil {
		f.v.fieldError(name, "attendance.err.month_day_invalid")
	}
	return md
}

// validate runs the rules' checks (Settings.Validate lists every problem,
// the preset's each on its own field) and puts each problem on its form
// field, unless the field already has a problem of its own (a number that
// is not a number).
func (f *settingsForm) validate(s attendance.Settings) {
	for _, p := range problem.All(s.Validate()) {
		if p.Key == "records.settings.err.preset" {
			continue // the preset's own problems follow, each on its field
		}
		if field := f.formField(p.Field); f.v.Errors[field] == "" {
			f.v.Errors[field] = f.v.problemText(p)
		}
	}
}

// formField turns a field of the parsed preset into the form's name.
func (f *settingsForm) formField(field string) string {
	best := ""
	for parsed := range f.remap {
		if (field == parsed || strings.HasPrefix(field, parsed+".") || strings.HasPrefix(field, parsed+"[")) && len(parsed) > len(best) {
			best = parsed
		}
	}
	if best == "" {
		return field
	}
	return f.remap[best] + field[len(best):]
}
