package leave

import (
	"math"
	"slices"
)

// Rules are a center's leave rules as data: the approval tiers by length,
// the monthly quota, when a substitute is needed, annual-leave pieces and
// the training exemption. Every number is a default a center may edit on
// 设置 › 请假规则; the JSON names are stable.
type Rules struct {
	// Key names the preset the tiers came from: "A", "B", "C".
	Key string `json:"key"`
	// Tiers in order of length; the first whose bound the request's length
	// is within decides its steps. The last has no bound.
	Tiers []Tier `json:"tiers"`
	// Quota is the monthly limit (请假月度限额).
	Quota Quota `json:"quota"`
	// Substitute says when a substitute (顶岗) must be named.
	Substitute SubstituteRules `json:"substitute"`
	// AnnualMinPieceDays: when annual leave is split, each piece is at
	// least this many working days.
	AnnualMinPieceDays float64 `json:"annual_min_piece_days"`
	// TrainingExemptDays: documented training (公务/培训 with a written
	// notice) of at least this many working days is outside the quota.
	TrainingExemptDays float64 `json:"training_exempt_days"`
	// UncoveredAbsenceHalves: a departure before the substitute punched in
	// counts this many half-days of absence (旷工).
	UncoveredAbsenceHalves int `json:"uncovered_absence_halves"`
}

// Tier is one band of lengths and who acts on a request within it.
type Tier struct {
	// UpTo bounds the band (nil: no bound, the last tier): a length up to
	// it (≤ when UpTo.Inclusive, else <) is within.
	UpTo  *Limit     `json:"up_to,omitempty"`
	Steps []StepSpec `json:"steps"`
}

// Limit is a length of scheduled working time, days or hours, and whether
// a length equal to it counts as reaching it (含) or not (不含).
type Limit struct {
	Value     float64 `json:"value"`
	Unit      Unit    `json:"unit"`
	Inclusive bool    `json:"inclusive"`
}

// Unit is what a Limit counts.
type Unit string

// Units.
const (
	UnitDay  Unit = "day"
	UnitHour Unit = "hour"
)

// Quota is the monthly leave quota: a chief representative may take at
// most ChiefDays working days or ChiefRequests requests a month,
// everyone else StaffDays or StaffRequests, whichever is reached first.
type Quota struct {
	ChiefDays     float64 `json:"chief_days"`
	ChiefRequests int     `json:"chief_requests"`
	StaffDays     float64 `json:"staff_days"`
	StaffRequests int     `json:"staff_requests"`
}

// SubstituteRules say when a request must name a substitute: a chief
// representative or window lead away for at least ChiefOrLead, window
// staff for at least Staff, anyone at a window they staff alone for at
// least SingleStaffWindow; any length of the types in Types (statutory
// leave in preset A), and any training when Training is set. A nil
// threshold never requires one.
type SubstituteRules struct {
	ChiefOrLead       *Limit `json:"chief_or_lead,omitempty"`
	Staff             *Limit `json:"staff,omitempty"`
	SingleStaffWindow *Limit `json:"single_staff_window,omitempty"`
	Types             []Type `json:"types,omitempty"`
	Training          bool   `json:"training"`
}

// RulesKeys lists the built-in presets in display order; A is the
// default (issue #11).
func RulesKeys() []string { return []string{"A", "B", "C"} }

// DefaultRulesKey is the preset a new center starts with.
const DefaultRulesKey = "A"

// RulesByKey returns a fresh copy of the built-in preset.
func RulesByKey(key string) (Rules, bool) {
	switch key {
	case "A":
		return rulesA(), true
	case "B":
		return rulesB(), true
	case "C":
		return rulesC(), true
	}
	return Rules{}, false
}

// upTo is "up to v days, included" (含); below is "less than v" (不含);
// over is "more than v" (以上, 不含); from is "v or more" (以上, 含).
func upTo(v float64, u Unit) *Limit  { return &Limit{Value: v, Unit: u, Inclusive: true} }
func below(v float64, u Unit) *Limit { return &Limit{Value: v, Unit: u} }
func over(v float64, u Unit) *Limit  { return &Limit{Value: v, Unit: u} }
func from(v float64, u Unit) *Limit  { return &Limit{Value: v, Unit: u, Inclusive: true} }

func steps(specs ...StepSpec) []StepSpec { return specs }

// common are the parts the three presets share: regulation 000 第二篇
// 七(二)9 (line 96) for the quota, 8 (line 95) for annual leave, and the
// single-staff window of regulation 003 (line 237 ⒊).
func common(r Rules) Rules {
	// "窗口首席代表請假不得超過5天或5次(以先到限額為準);窗口工作人員請假不得超過3天或3次"
	r.Quota = Quota{ChiefDays: 5, ChiefRequests: 5, StaffDays: 3, StaffRequests: 3}
	// "公休假應一次性安排,分期休假的,每次不得低於5天"
	r.AnnualMinPieceDays = 5
	// "窗口單位一周以上正常業務培訓學習(需附書面文件)…除外": a week of
	// working days.
	r.TrainingExemptDays = 5
	// "只有一名工作人員的部門窗口其窗口工作人員請假半天以上(含半天)的" (003 line 237)
	r.Substitute.SingleStaffWindow = from(0.5, UnitDay)
	// A departure before the substitute arrived is absence ("否則視為擅自
	// 離崗或曠工", 000 line 111); half a day, as leaving the post over the
	// limit (000 line 103).
	r.UncoveredAbsenceHalves = 1
	return r
}

// rulesA: regulation 000 第二篇 七(二)1–4 (lines 88–91) and 七(三) (lines
// 106–111).
func rulesA() Rules {
	return common(Rules{
		Key: "A",
		Tiers: []Tier{
			// "1天以內(含1天)的…報縣政務服務中心批準" (line 88)
			{UpTo: upTo(1, UnitDay), Steps: steps(StepSpec{StepOffice, ActApprove})},
			// "1天以上3天以內(含3天)的…所在單位領導簽許並加蓋公章,報縣政務服務中心批準並備案" (line 89)
			{UpTo: upTo(3, UnitDay), Steps: steps(StepSpec{StepHomeUnit, ActSign}, StepSpec{StepOffice, ActApprove})},
			// "3天以上7天以內(含7天)的…加蓋公章,報縣政府辦公室簽批,並報縣政務服務中心備案" (line 90)
			{UpTo: upTo(7, UnitDay), Steps: steps(StepSpec{StepHomeUnit, ActSign}, StepSpec{StepCountyOffice, ActEndorse}, StepSpec{StepOffice, ActFile})},
			// "7天以上的…所在單位主要領導簽許並加蓋公章,出具情況說明,報縣政府分管領導簽批,並報縣政務服務中心備案" (line 91)
			{Steps: steps(StepSpec{StepHomeUnit, ActSignExplain}, StepSpec{StepCountyLeader, ActEndorse}, StepSpec{StepOffice, ActFile})},
		},
		Substitute: SubstituteRules{
			// "(1)首席代表請假1天以上(含1天)的" (line 107); the window lead
			// is held to the chief's threshold.
			ChiefOrLead: from(1, UnitDay),
			// "(2)窗口工作人員請假1天以上(含1天)的" (line 108)
			Staff: from(1, UnitDay),
			// "(3)…享受公休假、婚假、產假、探親假的" (line 109)
			Types: []Type{TypeAnnual, TypeMarriage, TypeMaternity, TypeHomeVisit},
			// "(4)…參加單位組織的培訓、學習的" (line 110)
			Training: true,
		},
	})
}

// rulesB: regulation 000 第三篇 一(二)1–3 (lines 145–150).
func rulesB() Rules {
	return common(Rules{
		Key: "B",
		Tiers: []Tier{
			// "離開崗位半天以內(不含半天)的…報中心辦公室批準" (lines 145–146)
			{UpTo: below(0.5, UnitDay), Steps: steps(StepSpec{StepOffice, ActApprove})},
			// "半天以上(含半天)一天以內的…經政務服務中心副主任批準後,報中心辦公室備案" (lines 147–148)
			{UpTo: upTo(1, UnitDay), Steps: steps(StepSpec{StepDeputy, ActApprove}, StepSpec{StepOffice, ActFile})},
			// "一天以上的…待所在單位領導安排好替崗人員後,報政務服務中心主任批準、中心辦公室備案" (lines 149–150)
			{Steps: steps(StepSpec{StepHomeUnit, ActArrange}, StepSpec{StepDirector, ActApprove}, StepSpec{StepOffice, ActFile})},
		},
		Substitute: SubstituteRules{
			// "待所在單位領導安排好替崗人員後" (line 149): over one day.
			ChiefOrLead: over(1, UnitDay), Staff: over(1, UnitDay),
		},
	})
}

// rulesC: regulation 004 五、5 (lines 355–358).
func rulesC() Rules {
	return common(Rules{
		Key: "C",
		Tiers: []Tier{
			// "因事請假1小時以內的,口頭告知辦公室" (line 355)
			{UpTo: upTo(1, UnitHour), Steps: steps(StepSpec{StepOffice, ActTold})},
			// "1小時以上,1天以內的,需寫好請假條,由業務科審批"
			{UpTo: upTo(1, UnitDay), Steps: steps(StepSpec{StepBusiness, ActApprove})},
			// "1天以上3天以內的,由單位簽出意見,加蓋公章,交中心副主任審批"
			{UpTo: upTo(3, UnitDay), Steps: steps(StepSpec{StepHomeUnit, ActSign}, StepSpec{StepDeputy, ActApprove})},
			// "3天以上的,由單位主要領導簽出意見,交中心主任審批"
			{Steps: steps(StepSpec{StepHomeUnit, ActSign}, StepSpec{StepDirector, ActApprove})},
		},
		Substitute: SubstituteRules{
			// "請假半天以上的(含半天),須由單位派出代岗人員後,方可離岗" (line 358)
			ChiefOrLead: from(0.5, UnitDay), Staff: from(0.5, UnitDay),
		},
	})
}

// within reports whether a length is inside the band: up to the bound.
func (t Tier) within(l Length) bool {
	if t.UpTo == nil {
		return true
	}
	v := t.UpTo.of(l)
	if t.UpTo.Inclusive {
		return v <= t.UpTo.Value+epsilon
	}
	return v < t.UpTo.Value-epsilon
}

// of is the length in the limit's unit.
func (m Limit) of(l Length) float64 {
	if m.Unit == UnitHour {
		return float64(l.Minutes) / 60
	}
	return l.Days
}

// reached reports whether the length reaches the limit: at least it when
// Inclusive, more than it otherwise; a nil limit is never reached.
func (m *Limit) reached(l Length) bool {
	if m == nil {
		return false
	}
	if m.Inclusive {
		return m.of(l) >= m.Value-epsilon
	}
	return m.of(l) > m.Value+epsilon
}

// epsilon absorbs the rounding of day fractions (minutes / a day's
// scheduled minutes).
const epsilon = 1e-6

// StepsFor is who acts on a request of the length, in order: the steps of
// the first tier the length is within (regulation 000 lines 88–91 and
// 145–150, 004 line 355 by preset).
func (r Rules) StepsFor(l Length) []StepSpec {
	for _, t := range r.Tiers {
		if t.within(l) {
			return slices.Clone(t.Steps)
		}
	}
	return nil
}

// maxFor is the person's monthly quota: days and requests.
func (q Quota) maxFor(chief bool) (days float64, requests int) {
	if chief {
		return q.ChiefDays, q.ChiefRequests
	}
	return q.StaffDays, q.StaffRequests
}

// roundHalf rounds working days up to the next half day (a half-day
// touched counts as a half-day, as attendance counts in half-days).
func roundHalf(d float64) float64 { return math.Ceil(d*2-epsilon) / 2 }
