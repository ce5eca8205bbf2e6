package leave

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"bianmin/appliance/staff"
)

// dayLen is a length of d working days of 7 hours (regulation 000 line 84).
func dayLen(d float64) Length {
	return Length{Minutes: int(d * 420), Days: d, WorkingDays: roundHalf(d)}
}

// hourLen is a length of m minutes on a 7-hour day.
func hourLen(m int) Length {
	return Length{Minutes: m, Days: float64(m) / 420, WorkingDays: roundHalf(float64(m) / 420)}
}

// TestStepsFor: the tier of a length and who acts, by preset. Every row
// cites the regulation; where the regulation is silent the issue (#11
// item 8) decides.
func TestStepsFor(t *testing.T) {
	cases := []struct {
		preset string
		length Length
		want   string
		cite   string
	}{
		// Preset A: regulation 000 第二篇 七(二) lines 88–91.
		{"A", hourLen(60), "office", "000 line 88 1天以內(含1天) 報縣政務服務中心批準"},
		{"A", dayLen(1), "office", "000 line 88 (含1天)"},
		{"A", dayLen(1.5), "home_unit,office", "000 line 89 1天以上3天以內 單位領導簽許並加蓋公章,報中心批準並備案"},
		{"A", dayLen(2), "home_unit,office", "000 line 89"},
		{"A", dayLen(3), "home_unit,office", "000 line 89 (含3天)"},
		{"A", dayLen(3.5), "home_unit,county_office,office", "000 line 90 3天以上7天以內 報縣政府辦公室簽批,並報中心備案"},
		{"A", dayLen(7), "home_unit,county_office,office", "000 line 90 (含7天)"},
		{"A", dayLen(7.5), "home_unit,county_leader,office", "000 line 91 7天以上 主要領導簽許…報縣政府分管領導簽批,並報中心備案"},
		{"A", dayLen(30), "home_unit,county_leader,office", "000 line 91"},
		// Preset B: regulation 000 第三篇 一(二) lines 145–150.
		{"B", hourLen(120), "office", "000 lines 145–146 半天以內(不含半天) 報中心辦公室批準"},
		{"B", dayLen(0.5), "deputy_director,office", "000 lines 147–148 半天以上(含半天) 副主任批準,報中心辦公室備案"},
		{"B", dayLen(1), "deputy_director,office", "000 lines 147–148 一天以內"},
		{"B", dayLen(1.5), "home_unit,director,office", "000 lines 149–150 一天以上 單位安排替崗人員,主任批準,辦公室備案"},
		// Preset C: regulation 004 五、5(1) line 355.
		{"C", hourLen(30), "office", "004 line 355 1小時以內的,口頭告知辦公室"},
		{"C", hourLen(60), "office", "004 line 355 (the issue: up to 1 hour, the office is told)"},
		{"C", hourLen(90), "business_section", "004 line 355 1小時以上,1天以內 由業務科審批"},
		{"C", dayLen(1), "business_section", "004 line 355"},
		{"C", dayLen(2), "home_unit,deputy_director", "004 line 355 1天以上3天以內 單位簽出意見,加蓋公章,交中心副主任審批"},
		{"C", dayLen(3), "home_unit,deputy_director", "004 line 355"},
		{"C", dayLen(4), "home_unit,director", "004 line 355 3天以上 單位主要領導簽出意見,交中心主任審批"},
	}
	for _, tc := range cases {
		r, ok := RulesByKey(tc.preset)
		if !ok {
			t.Fatalf("no preset %s", tc.preset)
		}
		var got []string
		for _, s := range r.StepsFor(tc.length) {
			got = append(got, string(s.Kind))
		}
		if strings.Join(got, ",") != tc.want {
			t.Errorf("%s %.2f days (%d min) [%s]: %v, want %s", tc.preset, tc.length.Days, tc.length.Minutes, tc.cite, got, tc.want)
		}
	}
}

// TestStepActs: an office step after a county step is the office filing
// it (备案), labelled so (issue #11 item 8; regulation 000 lines 90–91
// "並報縣政務服務中心備案"), and after the deputy director in B (line 148
// "報中心辦公室備案").
func TestStepActs(t *testing.T) {
	a, _ := RulesByKey("A")
	b, _ := RulesByKey("B")
	c, _ := RulesByKey("C")
	for _, tc := range []struct {
		r    Rules
		l    Length
		want []StepAct
	}{
		{a, dayLen(1), []StepAct{ActApprove}},
		{a, dayLen(2), []StepAct{ActSign, ActApprove}},
		{a, dayLen(5), []StepAct{ActSign, ActEndorse, ActFile}},
		{a, dayLen(10), []StepAct{ActSignExplain, ActEndorse, ActFile}},
		{b, dayLen(1), []StepAct{ActApprove, ActFile}},
		{b, dayLen(2), []StepAct{ActArrange, ActApprove, ActFile}},
		{c, hourLen(45), []StepAct{ActTold}},
	} {
		var got []StepAct
		for _, s := range tc.r.StepsFor(tc.l) {
			got = append(got, s.Act)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s %.1f days: %v, want %v", tc.r.Key, tc.l.Days, got, tc.want)
		}
	}
}

// TestSubstituteNeeded: when a request must name a substitute.
func TestSubstituteNeeded(t *testing.T) {
	a, _ := RulesByKey("A")
	b, _ := RulesByKey("B")
	c, _ := RulesByKey("C")
	chief := staff.Staff{WindowID: 1, Position: staff.PositionChief}
	lead := staff.Staff{WindowID: 1, Position: staff.PositionLead}
	worker := staff.Staff{WindowID: 1, Position: staff.PositionStaff}
	noWindow := staff.Staff{Position: staff.PositionStaff}
	cases := []struct {
		r        Rules
		who      staff.Staff
		alone    bool
		typ      Type
		training bool
		l        Length
		want     bool
		cite     string
	}{
		{a, chief, false, TypePersonal, false, dayLen(1), true, "000 line 107 首席代表請假1天以上(含1天)"},
		{a, chief, false, TypePersonal, false, dayLen(0.5), false, "000 line 107"},
		{a, lead, false, TypePersonal, false, dayLen(1), true, "000 line 107, the lead as the chief (issue #11)"},
		{a, worker, false, TypePersonal, false, dayLen(1), true, "000 line 108 窗口工作人員請假1天以上(含1天)"},
		{a, worker, false, TypePersonal, false, dayLen(0.5), false, "000 line 108"},
		{a, worker, false, TypeAnnual, false, dayLen(0.5), true, "000 line 109 享受公休假、婚假、產假、探親假的"},
		{a, worker, false, TypeBereavement, false, dayLen(0.5), false, "000 line 109 lists no bereavement leave"},
		{a, worker, false, TypeOfficial, true, dayLen(0.5), true, "000 line 110 參加單位組織的培訓、學習的"},
		{a, worker, true, TypePersonal, false, dayLen(0.5), true, "003 line 237 只有一名工作人員的部門窗口…半天以上(含半天)"},
		{a, worker, true, TypePersonal, false, hourLen(120), false, "003 line 237"},
		{a, noWindow, false, TypePersonal, false, dayLen(5), false, "no window, no post to cover"},
		{b, worker, false, TypePersonal, false, dayLen(1), false, "000 line 149 一天以上 (over one day)"},
		{b, worker, false, TypePersonal, false, dayLen(1.5), true, "000 line 149"},
		{c, worker, false, TypePersonal, false, dayLen(0.5), true, "004 line 358 請假半天以上的(含半天)"},
		{c, worker, false, TypePersonal, false, hourLen(180), false, "004 line 358"},
	}
	for i, tc := range cases {
		if got := tc.r.SubstituteNeeded(tc.who, tc.alone, tc.typ, tc.training, tc.l); got != tc.want {
			t.Errorf("row %d (%s): %v, want %v", i, tc.cite, got, tc.want)
		}
	}
}

// TestRulesValidate: the presets are valid; broken edits are refused by
// field.
func TestRulesValidate(t *testing.T) {
	for _, k := range RulesKeys() {
		r, _ := RulesByKey(k)
		if err := r.Validate(); err != nil {
			t.Errorf("preset %s: %v", k, err)
		}
	}
	a, _ := RulesByKey("A")
	cases := []struct {
		edit  func(r *Rules)
		field string
	}{
		{func(r *Rules) { r.Tiers[1].UpTo.Value = 0.5 }, "tiers.1.up_to"},
		{func(r *Rules) { r.Tiers[3].UpTo = upTo(10, UnitDay) }, "tiers.3.up_to"},
		{func(r *Rules) { r.Tiers[0].UpTo.Value = 1.3 }, "tiers.0.up_to"},
		{func(r *Rules) { r.Quota.StaffDays = -1 }, "quota.staff_days"},
		{func(r *Rules) { r.Quota.ChiefRequests = 40 }, "quota.chief_requests"},
		{func(r *Rules) { r.Tiers[0].Steps = nil }, "tiers.0.steps"},
		{func(r *Rules) { r.Key = "Z" }, "key"},
	}
	for i, tc := range cases {
		r := a
		r.Tiers = cloneTiers(a.Tiers)
		tc.edit(&r)
		err := r.Validate()
		if err == nil || !strings.Contains(fmt.Sprint(err), tc.field) {
			t.Errorf("edit %d: %v, want a problem on %s", i, err, tc.field)
		}
	}
}

func cloneTiers(ts []Tier) []Tier {
	out := slices.Clone(ts)
	for i := range out {
		if out[i].UpTo != nil {
			u := *out[i].UpTo
			out[i].UpTo = &u
		}
		out[i].Steps = slices.Clone(out[i].Steps)
	}
	return out
}
