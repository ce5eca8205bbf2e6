package attendance

import (
	"bianmin/appliance/problem"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestPresetNumbers pins every number of the built-in presets to the
// regulation line it comes from.
func TestPresetNumbers(t *testing.T) {
	hours := func(i int, md string) func(Preset) string {
		return func(p Preset) string {
			d, err := ParseMonthDay(md)
			if err != nil {
				panic(err)
			}
			s, e := p.Sessions[i].HoursOn(d)
			return fmt.Sprintf("%s %s-%s", p.Sessions[i].Key, s, e)
		}
	}
	rows := []struct {
		reg    string
		preset string
		what   string
		got    func(Preset) string
		want   string
	}{
		{r000Hours, "standard", "morning", hours(0, "01-15"), "morning 08:30-12:00"},
		{r000Seasons, "standard", "afternoon in winter", hours(1, "04-30"), "afternoon 14:00-17:30"},
		{r000Seasons, "standard", "afternoon in summer", hours(1, "05-01"), "afternoon 14:30-18:00"},
		{r000Seasons, "standard", "summer until 31 Oct", hours(1, "10-31"), "afternoon 14:30-18:00"},
		{r000Seasons, "standard", "winter from 1 Nov", hours(1, "11-01"), "afternoon 14:00-17:30"},
		{r000Punch, "standard", "grace", func(p Preset) string { return fmt.Sprint(p.LateGraceMinutes, p.EarlyGraceMinutes) }, "0 0"},
		{r000OneOfTwo, "standard", "missing punch", func(p Preset) string { return string(p.MissingPunch) }, "missed"},
		{r000LateEarly4, "standard", "late+early", func(p Preset) string { return fmt.Sprint(p.LateEarlyEscalation) }, "[{4 1}]"},
		{r000Missed, "standard", "missed", func(p Preset) string { return fmt.Sprint(p.MissedEscalation) }, "[{4 1} {8 2}]"},
		{r000OffPost, "standard", "off post", func(p Preset) string { return fmt.Sprint(p.OffPostOverMinutes, p.OffPostAbsenceHalves) }, "120 1"},

		{r004Hours, "county-b", "morning", hours(0, "07-01"), "morning 08:00-12:00"},
		{r004Hours, "county-b", "afternoon", hours(1, "05-31"), "afternoon 14:30-17:30"},
		{r004Hours, "county-b", "summer afternoon from 1 Jun", hours(1, "06-01"), "afternoon 15:00-18:00"},
		{r004Hours, "county-b", "summer afternoon until 30 Sep", hours(1, "09-30"), "afternoon 15:00-18:00"},
		{r004Hours, "county-b", "afternoon from 1 Oct", hours(1, "10-01"), "afternoon 14:30-17:30"},
		{r004Late, "county-b", "late grace", func(p Preset) string { return fmt.Sprint(p.LateGraceMinutes) }, "20"},
		{r004Early, "county-b", "early grace", func(p Preset) string { return fmt.Sprint(p.EarlyGraceMinutes) }, "20"},
		{r004Late, "county-b", "missing punch", func(p Preset) string { return string(p.MissingPunch) }, "late_early"},
		{r004Five, "county-b", "late+early", func(p Preset) string { return fmt.Sprint(p.LateEarlyEscalation) }, "[{5 2}]"},
		{r004Late, "county-b", "no missed punches to escalate", func(p Preset) string { return fmt.Sprint(len(p.MissedEscalation)) }, "0"},
		{r004Absent, "county-b", "off post", func(p Preset) string { return fmt.Sprint(p.OffPostOverMinutes, p.OffPostAbsenceHalves) }, "60 1"},

		{r003Hours, "nine-to-five", "one whole-day session", func(p Preset) string {
			s := p.Sessions[0]
			return fmt.Sprintf("%d %s %s-%s %d", len(p.Sessions), s.Key, s.Start, s.End, s.Halves)
		}, "1 day 09:00-17:00 2"},
		{r003Hours, "nine-to-five", "grace", func(p Preset) string { return fmt.Sprint(p.LateGraceMinutes, p.EarlyGraceMinutes) }, "0 0"},
		{r003Monthly, "nine-to-five", "escalations", func(p Preset) string {
			return fmt.Sprint(len(p.LateEarlyEscalation), len(p.MissedEscalation), p.OffPostAbsenceHalves)
		}, "0 0 0"},
	}
	for _, r := range rows {
		t.Run(r.preset+"/"+r.what, func(t *testing.T) {
			p := mustPreset(t, r.preset, nil)
			if got := r.got(p); got != r.want {
				t.Errorf("%s: got %q, want %q (%s)", r.what, got, r.want, r.reg)
			}
		})
	}
}

func TestPresetsAndByKey(t *testing.T) {
	ps := Presets()
	var keys []string
	for _, p := range ps {
		keys = append(keys, p.Key)
		if err := p.Validate(); err != nil {
			t.Errorf("built-in preset %s: %v", p.Key, err)
		}
	}
	if got := strings.Join(keys, ","); got != "standard,county-b,nine-to-five" {
		t.Errorf("presets %s", got)
	}
	if ps[0].Key != DefaultPresetKey {
		t.Errorf("default %s is not first", DefaultPresetKey)
	}
	p, ok := PresetByKey("county-b")
	if !ok || p.Key != "county-b" {
		t.Fatalf("PresetByKey(county-b) = %v, %v", p.Key, ok)
	}
	p.Sessions[0].Start = Clock(7, 0, 0)
	p.Sessions[1].Seasons[0].Start = Clock(16, 0, 0)
	again, _ := PresetByKey("county-b")
	if again.Sessions[0].Start != Clock(8, 0, 0) || again.Sessions[1].Seasons[0].Start != Clock(15, 0, 0) {
		t.Error("changing a returned preset changed the built-in one")
	}
	if _, ok := PresetByKey("nonesuch"); ok {
		t.Error("PresetByKey(nonesuch) found something")
	}
}

func TestPresetValidate(t *testing.T) {
	const nonsense = "issue #5: Validate rejects nonsense"
	rows := []struct {
		reg       string
		name      string
		base      string
		edit      func(*Preset)
		wantField string // "" = valid
		wantKey   string
	}{
		{nonsense, "standard as shipped", "standard", func(*Preset) {}, "", ""},
		{nonsense, "county-b as shipped", "county-b", func(*Preset) {}, "", ""},
		{nonsense, "nine-to-five as shipped", "nine-to-five", func(*Preset) {}, "", ""},
		{nonsense, "a center's own key and name", "standard", func(p *Preset) { p.Key, p.Name = "town-2", "某某镇作息" }, "", ""},
		{nonsense, "key missing", "standard", func(p *Preset) { p.Key = "" }, "key", "attendance.err.preset_key_required"},
		{nonsense, "key with capitals", "standard", func(p *Preset) { p.Key = "Standard" }, "key", "attendance.err.preset_key_format"},
		{nonsense, "key starting with -", "standard", func(p *Preset) { p.Key = "-x" }, "key", "attendance.err.preset_key_format"},
		{nonsense, "name too long", "standard", func(p *Preset) { p.Name = strings.Repeat("镇", MaxPresetNameRunes+1) }, "name", "attendance.err.preset_name_too_long"},
		{nonsense, "no sessions", "standard", func(p *Preset) { p.Sessions = nil }, "sessions", "attendance.err.sessions_required"},
		{nonsense, "unknown session", "standard", func(p *Preset) { p.Sessions[0].Key = "evening" }, "sessions[0].key", "attendance.err.session_key_invalid"},
		{nonsense, "session twice", "standard", func(p *Preset) { p.Sessions[1].Key = "morning" }, "sessions[1].key", "attendance.err.session_key_duplicate"},
		{nonsense, "end before start", "standard", func(p *Preset) { p.Sessions[0].Start, p.Sessions[0].End = Clock(12, 0, 0), Clock(8, 30, 0) },
			"sessions[0].end", "attendance.err.end_not_after_start"},
		{nonsense, "end equal to start", "nine-to-five", func(p *Preset) { p.Sessions[0].End = p.Sessions[0].Start }, "sessions[0].end", "attendance.err.end_not_after_start"},
		{nonsense, "time past midnight", "standard", func(p *Preset) { p.Sessions[1].End = Clock(24, 0, 0) }, "sessions[1].end", "attendance.err.time_invalid"},
		{nonsense, "negative time", "standard", func(p *Preset) { p.Sessions[0].Start = -1 }, "sessions[0].start", "attendance.err.time_invalid"},
		{nonsense, "season ends before it starts", "standard", func(p *Preset) { p.Sessions[1].Seasons[0].End = Clock(14, 0, 0) },
			"sessions[1].seasons[0].end", "attendance.err.end_not_after_start"},
		{nonsense, "season on 30 Feb", "standard", func(p *Preset) { p.Sessions[1].Seasons[0].To = MonthDay{time.February, 30} },
			"sessions[1].seasons[0].to", "attendance.err.month_day_invalid"},
		{nonsense, "season in month 13", "standard", func(p *Preset) { p.Sessions[1].Seasons[0].From = MonthDay{13, 1} },
			"sessions[1].seasons[0].from", "attendance.err.month_day_invalid"},
		{nonsense, "seasons overlapping", "standard", func(p *Preset) {
			p.Sessions[1].Seasons = append(p.Sessions[1].Seasons, SeasonHours{From: MonthDay{time.October, 1}, To: MonthDay{time.November, 30}, Start: Clock(14, 0, 0), End: Clock(17, 0, 0)})
		}, "sessions[1].seasons", "attendance.err.seasons_overlap"},
		{nonsense, "sessions overlapping", "standard", func(p *Preset) { p.Sessions[0].End = Clock(15, 0, 0) }, "sessions[1].start", "attendance.err.sessions_overlap"},
		{nonsense, "sessions overlapping in winter only", "standard", func(p *Preset) { p.Sessions[0].End = Clock(14, 15, 0) }, "sessions[1].start", "attendance.err.sessions_overlap"},
		{nonsense, "sessions out of order", "standard", func(p *Preset) { p.Sessions[0], p.Sessions[1] = p.Sessions[1], p.Sessions[0] }, "sessions[1].start", "attendance.err.sessions_overlap"},
		{nonsense, "session worth no half-day", "standard", func(p *Preset) { p.Sessions[0].Halves = 0 }, "sessions[0].halves", "attendance.err.session_halves_range"},
		{nonsense, "sessions worth 1.5 days", "standard", func(p *Preset) { p.Sessions[0].Halves = 2 }, "sessions", "attendance.err.halves_sum"},
		{nonsense, "negative grace", "standard", func(p *Preset) { p.LateGraceMinutes = -1 }, "late_grace_minutes", "attendance.err.grace_range"},
		{nonsense, "grace of two hours is allowed", "standard", func(p *Preset) { p.EarlyGraceMinutes = MaxGraceMinutes }, "", ""},
		{nonsense, "grace over two hours", "standard", func(p *Preset) { p.EarlyGraceMinutes = MaxGraceMinutes + 1 }, "early_grace_minutes", "attendance.err.grace_range"},
		{nonsense, "missing-punch rule unset", "standard", func(p *Preset) { p.MissingPunch = "" }, "missing_punch", "attendance.err.missing_punch_invalid"},
		{nonsense, "escalation at 0", "standard", func(p *Preset) { p.LateEarlyEscalation[0].AtLeast = 0 }, "late_early_escalation[0].at_least", "attendance.err.escalation_count_range"},
		{nonsense, "escalation to no absence", "standard", func(p *Preset) { p.MissedEscalation[0].AbsenceHalves = 0 }, "missed_escalation[0].absence_halves", "attendance.err.escalation_halves_range"},
		{nonsense, "escalation steps out of order", "standard", func(p *Preset) { p.MissedEscalation[1].AtLeast = 3 }, "missed_escalation[1]", "attendance.err.escalation_order"},
		{nonsense, "escalation step without more absence", "standard", func(p *Preset) { p.MissedEscalation[1].AbsenceHalves = 1 }, "missed_escalation[1]", "attendance.err.escalation_order"},
		{nonsense, "negative off-post minutes", "standard", func(p *Preset) { p.OffPostOverMinutes = -1 }, "off_post_over_minutes", "attendance.err.off_post_over_range"},
		{nonsense, "off post worth 1.5 days", "standard", func(p *Preset) { p.OffPostAbsenceHalves = 3 }, "off_post_absence_halves", "attendance.err.off_post_halves_range"},
		{nonsense, "off-post rule off", "standard", func(p *Preset) { p.OffPostAbsenceHalves = 0 }, "", ""},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			p, _ := PresetByKey(r.base)
			r.edit(&p)
			err := p.Validate()
			if r.wantKey == "" {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			probs := problem.All(err)
			if len(probs) == 0 {
				t.Fatalf("want problems with %s, got %v", r.wantKey, err)
			}
			for _, pr := range probs {
				if pr.Field == r.wantField && pr.Key == r.wantKey {
					return
				}
			}
			t.Errorf("want %s on %s, got %v", r.wantKey, r.wantField, err)
		})
	}
}

func TestPresetValidateListsEveryProblem(t *testing.T) {
	p, _ := PresetByKey("standard")
	p.Key, p.LateGraceMinutes, p.MissingPunch = "", -5, "sometimes"
	err := p.Validate()
	probs := problem.All(err)
	if len(probs) != 3 {
		t.Fatalf("want 3 problems, got %v", err)
	}
	for _, k := range []string{"attendance.err.preset_key_required", "attendance.err.grace_range", "attendance.err.missing_punch_invalid"} {
		if !probs.Has(k) {
			t.Errorf("missing %s in %v", k, err)
		}
	}
	if g := probs.For("late_grace_minutes"); len(g) != 1 || g[0].Key != "attendance.err.grace_range" || g[0].Args["Max"] != MaxGraceMinutes {
		t.Errorf("late_grace_minutes: %v", g)
	}
}

// The JSON of a preset is what the settings page edits and what is stored:
// its field names are pinned here.
const standardJSON = `{
  "key": "standard",
  "sessions": [
    {"key": "morning", "start": "08:30", "end": "12:00", "seasons": null, "halves": 1},
    {"key": "afternoon", "start": "14:00", "end": "17:30",
     "seasons": [{"from": "05-01", "to": "10-31", "start": "14:30", "end": "18:00"}], "halves": 1}
  ],
  "late_grace_minutes": 0,
  "early_grace_minutes": 0,
  "missing_punch": "missed",
  "late_early_escalation": [{"at_least": 4, "absence_halves": 1}],
  "missed_escalation": [{"at_least": 4, "absence_halves": 1}, {"at_least": 8, "absence_halves": 2}],
  "off_post_over_minutes": 120,
  "off_post_absence_halves": 1
}`

func TestPresetJSON(t *testing.T) {
	for _, p := range Presets() {
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		var back Preset
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: %v\n%s", p.Key, err, b)
		}
		if !reflect.DeepEqual(p, back) {
			t.Errorf("%s: round trip changed the preset:\n%+v\n%+v", p.Key, p, back)
		}
	}
	std, _ := PresetByKey("standard")
	got, _ := json.Marshal(std)
	var a, b any
	if err := json.Unmarshal(got, &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(standardJSON), &b); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Errorf("standard preset JSON changed:\n%s", got)
	}
	var fromDoc Preset
	if err := json.Unmarshal([]byte(standardJSON), &fromDoc); err != nil || !reflect.DeepEqual(fromDoc, std) {
		t.Errorf("decoding the pinned JSON: %v\n%+v", err, fromDoc)
	}
	for _, bad := range []string{
		`{"sessions":[{"key":"morning","start":"25:00","end":"12:00"}]}`,
		`{"sessions":[{"key":"morning","start":"08:30","end":"12:00","seasons":[{"from":"02-30","to":"03-01"}]}]}`,
		`{"sessions":[{"key":"morning","start":830}]}`,
	} {
		var p Preset
		if err := json.Unmarshal([]byte(bad), &p); err == nil {
			t.Errorf("decoding %s: want an error", bad)
		}
	}
}
