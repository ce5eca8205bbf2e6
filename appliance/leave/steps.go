package leave

import (
	"time"

	"bianmin/appliance/account"
)

// StepKind is who acts on a leave request at one step (the step
// vocabulary; the command line prints these words).
type StepKind string

// The steps.
const (
	StepOffice       StepKind = "office"           // 中心办公室
	StepDeputy       StepKind = "deputy_director"  // 中心副主任
	StepDirector     StepKind = "director"         // 中心主任
	StepBusiness     StepKind = "business_section" // 业务科 (业务督查科, the inspectors)
	StepHomeUnit     StepKind = "home_unit"        // 所在单位: the leader's signed, stamped slip
	StepCountyOffice StepKind = "county_office"    // 县政府办公室
	StepCountyLeader StepKind = "county_leader"    // 县政府分管领导
)

// StepKinds lists the steps in the vocabulary's order.
func StepKinds() []StepKind {
	return []StepKind{StepOffice, StepDeputy, StepDirector, StepBusiness, StepHomeUnit, StepCountyOffice, StepCountyLeader}
}

// Valid reports whether k is one of the steps.
func (k StepKind) Valid() bool {
	for _, x := range StepKinds() {
		if k == x {
			return true
		}
	}
	return false
}

// Outside reports whether the step happens on paper outside the center (a
// unit's stamp, a county signature): the office records it as received,
// with the scanned slip.
func (k StepKind) Outside() bool {
	return k == StepHomeUnit || k == StepCountyOffice || k == StepCountyLeader
}

// Role is the account role that completes the step on the box: the
// office records outside steps; 业务科 is the inspectors' role (业务督查科,
// regulation 004 line 354; docs/DECISIONS.md).
func (k StepKind) Role() account.Role {
	switch k {
	case StepDeputy:
		return account.RoleDeputy
	case StepDirector:
		return account.RoleDirector
	case StepBusiness:
		return account.RoleInspector
	}
	return account.RoleOffice
}

// StepAct is what happens at a step: the label on the page and the slip.
type StepAct string

// Step acts.
const (
	ActApprove     StepAct = "approve"      // 批准
	ActFile        StepAct = "file"         // 备案: the office files what the county approved
	ActTold        StepAct = "told"         // 告知: the office is told (≤1 hour, preset C)
	ActSign        StepAct = "sign"         // 领导签字盖章 (outside: the home unit)
	ActEndorse     StepAct = "endorse"      // 签批 (outside: the county)
	ActSignExplain StepAct = "sign_explain" // 主要领导签署并出具情况说明 (outside, preset A over 7 days)
	ActArrange     StepAct = "arrange"      // 单位安排替岗人员 (outside, preset B over 1 day)
)

// StepActs lists the acts.
func StepActs() []StepAct {
	return []StepAct{ActApprove, ActFile, ActTold, ActSign, ActEndorse, ActSignExplain, ActArrange}
}

// StepSpec is one step of a tier: who acts and what they do.
type StepSpec struct {
	Kind StepKind `json:"kind"`
	Act  StepAct  `json:"act"`
}

// Step is one step of a request's approval trail.
type Step struct {
	Kind StepKind `json:"kind"`
	Act  StepAct  `json:"act"`
	// Done once the step is completed: by whom (the account, or the office
	// that recorded an outside step as received) and when.
	Done   bool      `json:"done"`
	DoneBy string    `json:"done_by,omitempty"`
	DoneAt time.Time `json:"done_at,omitzero"`
	// Scan is the attachment holding the scanned or photographed slip of an
	// outside step (0: none on file).
	Scan uint64 `json:"scan,omitempty"`
	Note string `json:"note,omitempty"`
}

// stepsOf makes the trail of a request from its tier's specs.
func stepsOf(specs []StepSpec) []Step {
	out := make([]Step, len(specs))
	for i, s := range specs {
		out[i] = Step{Kind: s.Kind, Act: s.Act}
	}
	return out
}

// Next is the first step not done, and its index; ok is false when every
// step is done.
func (l Leave) Next() (Step, int, bool) {
	for i, s := range l.Steps {
		if !s.Done {
			return s, i, true
		}
	}
	return Step{}, -1, false
}

// StepNames is the trail as the vocabulary's words, in order.
func StepNames(steps []Step) []string {
	out := make([]string, len(steps))
	for i, s := range steps {
		out[i] = string(s.Kind)
	}
	return out
}
