package attendance

import (
	"bianmin/appliance/problem"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Bounds Validate enforces on a preset's numbers.
const (
	MaxPresetKeyLen     = 40
	MaxPresetNameRunes  = 60
	MaxGraceMinutes     = 120    // a grace longer than two hours is a typo
	MaxOffPostOverMins  = 8 * 60 // a working day
	MaxEscalationCount  = 31 * 4 // punches a month can hold
	MaxEscalationHalves = 2 * 31 // a month of absence
	presetHalvesPerDay  = 2      // the sessions of a day add up to one day
	presetKeyAlphabet   = "abcdefghijklmnopqrstuvwxyz0123456789-"
	validateLeapYear    = 2024 // has every month-day, for the season scan
	presetFieldSessions = "sessions"
)

// presetChecker collects the problems of a preset: the field at fault
// ("sessions[1].end"), a locale key (embedded/locales/attendance.*.json)
// and the arguments of its message.
type presetChecker struct{ problem.List }

func (c *presetChecker) add(field, key string, args map[string]any) {
	c.Add(problem.WithArgs(field, key, args))
}

// Validate reports everything wrong with the preset as a problem.List, or
// nil. A valid preset can be judged with: sessions in order that never
// overlap on any day of the year, ends after starts, sane thresholds.
func (p Preset) Validate() error {
	var c presetChecker
	c.checkKey(p)
	c.checkSessions(p.Sessions)
	for _, g := range []struct {
		field string
		v     int
	}{{"late_grace_minutes", p.LateGraceMinutes}, {"early_grace_minutes", p.EarlyGraceMinutes}} {
		if g.v < 0 || g.v > MaxGraceMinutes {
			c.add(g.field, "attendance.err.grace_range", map[string]any{"Max": MaxGraceMinutes})
		}
	}
	if p.MissingPunch != MissingIsMissed && p.MissingPunch != MissingIsLateEarly {
		c.add("missing_punch", "attendance.err.missing_punch_invalid", nil)
	}
	c.checkEscalation("late_early_escalation", p.LateEarlyEscalation)
	c.checkEscalation("missed_escalation", p.MissedEscalation)
	if p.OffPostOverMinutes < 0 || p.OffPostOverMinutes > MaxOffPostOverMins {
		c.add("off_post_over_minutes", "attendance.err.off_post_over_range", map[string]any{"Max": MaxOffPostOverMins})
	}
	if p.OffPostAbsenceHalves < 0 || p.OffPostAbsenceHalves > presetHalvesPerDay {
		c.add("off_post_absence_halves", "attendance.err.off_post_halves_range", map[string]any{"Max": presetHalvesPerDay})
	}
	return c.Err()
}

func (c *presetChecker) checkKey(p Preset) {
	switch {
	case p.Key == "":
		c.add("key", "attendance.err.preset_key_required", nil)
	case len(p.Key) > MaxPresetKeyLen || strings.Trim(p.Key, presetKeyAlphabet) != "" || p.Key[0] == '-':
		c.add("key", "attendance.err.preset_key_format", map[string]any{"Max": MaxPresetKeyLen})
	}
	if utf8.RuneCountInString(p.Name) > MaxPresetNameRunes {
		c.add("name", "attendance.err.preset_name_too_long", map[string]any{"Max": MaxPresetNameRunes})
	}
}

func (c *presetChecker) checkSessions(ss []Session) {
	if len(ss) == 0 {
		c.add(presetFieldSessions, "attendance.err.sessions_required", nil)
		return
	}
	before := len(c.List)
	halves := 0
	for i, s := range ss {
		f := fmt.Sprintf("%s[%d]", presetFieldSessions, i)
		switch {
		case !slices.Contains(sessionKeys, s.Key):
			c.add(f+".key", "attendance.err.session_key_invalid", map[string]any{"Keys": strings.Join(sessionKeys, ", ")})
		case slices.IndexFunc(ss[:i], func(o Session) bool { return o.Key == s.Key }) >= 0:
			c.add(f+".key", "attendance.err.session_key_duplicate", nil)
		}
		c.checkHours(f, s.Start, s.End)
		for j, h := range s.Seasons {
			g := fmt.Sprintf("%s.seasons[%d]", f, j)
			c.checkHours(g, h.Start, h.End)
			if !h.From.Valid() {
				c.add(g+".from", "attendance.err.month_day_invalid", nil)
			}
			if !h.To.Valid() {
				c.add(g+".to", "attendance.err.month_day_invalid", nil)
			}
		}
		if s.Halves < 1 || s.Halves > presetHalvesPerDay {
			c.add(f+".halves", "attendance.err.session_halves_range", map[string]any{"Max": presetHalvesPerDay})
		}
		halves += s.Halves
	}
	if halves != presetHalvesPerDay {
		c.add(presetFieldSessions, "attendance.err.halves_sum", map[string]any{"Sum": halves, "Want": presetHalvesPerDay})
	}
	if len(c.List) == before { // the year walk needs sound hours
		c.checkYear(ss)
	}
}

func (c *presetChecker) checkHours(field string, start, end ClockTime) {
	switch {
	case !start.Valid():
		c.add(field+".start", "attendance.err.time_invalid", nil)
	case !end.Valid():
		c.add(field+".end", "attendance.err.time_invalid", nil)
	case end <= start:
		c.add(field+".end", "attendance.err.end_not_after_start", map[string]any{"Start": start.String(), "End": end.String()})
	}
}

// checkYear walks every day of a leap year: no two season ranges of a
// session may both apply, and each session must end by the next one's
// start. Each problem is reported once, at its first day.
func (c *presetChecker) checkYear(ss []Session) {
	reported := map[string]bool{}
	once := func(field, key string, args map[string]any) {
		if !reported[field+key] {
			reported[field+key] = true
			c.add(field, key, args)
		}
	}
	for d := time.Date(validateLeapYear, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() == validateLeapYear; d = d.AddDate(0, 0, 1) {
		md := MonthDayOf(d)
		var prevEnd ClockTime
		for i, s := range ss {
			f := fmt.Sprintf("%s[%d]", presetFieldSessions, i)
			n := 0
			for _, h := range s.Seasons {
				if md.InRange(h.From, h.To) {
					n++
				}
			}
			if n > 1 {
				once(f+".seasons", "attendance.err.seasons_overlap", map[string]any{"Date": md.String()})
			}
			start, end := s.HoursOn(md)
			if i > 0 && start < prevEnd {
				once(f+".start", "attendance.err.sessions_overlap", map[string]any{"Date": md.String(), "Start": start.String(), "End": prevEnd.String()})
			}
			prevEnd = end
		}
	}
}

func (c *presetChecker) checkEscalation(field string, steps []Escalation) {
	for i, e := range steps {
		f := fmt.Sprintf("%s[%d]", field, i)
		if e.AtLeast < 1 || e.AtLeast > MaxEscalationCount {
			c.add(f+".at_least", "attendance.err.escalation_count_range", map[string]any{"Max": MaxEscalationCount})
		}
		if e.AbsenceHalves < 1 || e.AbsenceHalves > MaxEscalationHalves {
			c.add(f+".absence_halves", "attendance.err.escalation_halves_range", map[string]any{"Max": MaxEscalationHalves})
		}
		if i > 0 && (e.AtLeast <= steps[i-1].AtLeast || e.AbsenceHalves <= steps[i-1].AbsenceHalves) {
			c.add(f, "attendance.err.escalation_order", nil)
		}
	}
}
