package leave

import (
	"errors"
	"fmt"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

const keyRules = "rules"

// LoadRulesTx reads the center's leave rules; a center that never saved
// any has preset A.
func LoadRulesTx(tx *store.Tx) (Rules, error) {
	r, err := store.GetAs[Rules](tx, bucketSettings, []byte(keyRules))
	if errors.Is(err, store.ErrNotFound) {
		d, _ := RulesByKey(DefaultRulesKey)
		return d, nil
	}
	return r, err
}

// Rules reads the center's leave rules.
func (s *Service) Rules() (Rules, error) { return store.Read(s.db, LoadRulesTx) }

// SaveRules checks and stores the leave rules (the office), audited.
func (s *Service) SaveRules(actor Actor, r Rules) (Rules, error) {
	if !actor.Office() {
		return Rules{}, problem.New("", errNotOffice)
	}
	if err := r.Validate(); err != nil {
		return Rules{}, err
	}
	return store.Write(s.db, actor.Name, func(tx *store.Tx) (Rules, error) {
		before, err := LoadRulesTx(tx)
		if err != nil {
			return Rules{}, err
		}
		if err := tx.Put(bucketSettings, []byte(keyRules), r); err != nil {
			return Rules{}, err
		}
		return r, tx.Audit("leave.rules", "settings/leave", before, r)
	})
}

// Limits of the rules' numbers.
const (
	maxRuleDays     = 366
	maxRuleRequests = 31
)

// Validate checks the rules: a known preset, tiers in increasing order
// (hours before days) each with steps of the vocabulary, only the last one
// unbounded; quota and thresholds in range. Problems name the field by its
// JSON path ("tiers.1.up_to", "quota.staff_days").
func (r Rules) Validate() error {
	var probs problem.List
	if _, ok := RulesByKey(r.Key); !ok {
		probs.Add(problem.New("key", errRulesKey, "Key", r.Key))
	}
	if len(r.Tiers) == 0 {
		probs.Add(problem.New("tiers", errRulesNoTiers))
	}
	var prev *Limit
	for i, t := range r.Tiers {
		field := fmt.Sprintf("tiers.%d.up_to", i)
		last := i == len(r.Tiers)-1
		switch {
		case t.UpTo == nil && !last:
			probs.Add(problem.New(field, errRulesBound, "Tier", i+1))
		case t.UpTo != nil && last:
			probs.Add(problem.New(field, errRulesLastBound))
		case t.UpTo != nil:
			if p := checkLimit(field, t.UpTo); p != nil {
				probs.Add(p)
			} else if prev != nil && !(prev.Unit == UnitHour && t.UpTo.Unit == UnitDay) &&
				(prev.Unit != t.UpTo.Unit || t.UpTo.Value <= prev.Value) {
				probs.Add(problem.New(field, errRulesOrder, "Tier", i+1))
			}
			prev = t.UpTo
		}
		if len(t.Steps) == 0 {
			probs.Add(problem.New(fmt.Sprintf("tiers.%d.steps", i), errRulesNoSteps, "Tier", i+1))
		}
		for _, s := range t.Steps {
			if !s.Kind.Valid() || !validAct(s.Act) {
				probs.Add(problem.New(fmt.Sprintf("tiers.%d.steps", i), errRulesStep, "Tier", i+1, "Step", string(s.Kind)))
			}
		}
	}
	q := r.Quota
	for _, d := range []struct {
		field string
		v     float64
	}{{"quota.chief_days", q.ChiefDays}, {"quota.staff_days", q.StaffDays},
		{"annual_min_piece_days", r.AnnualMinPieceDays}, {"training_exempt_days", r.TrainingExemptDays}} {
		if d.v < 0 || d.v > maxRuleDays || d.v*2 != float64(int(d.v*2)) {
			probs.Add(problem.New(d.field, errRulesDays, "Max", maxRuleDays))
		}
	}
	for _, n := range []struct {
		field string
		v     int
	}{{"quota.chief_requests", q.ChiefRequests}, {"quota.staff_requests", q.StaffRequests}} {
		if n.v < 0 || n.v > maxRuleRequests {
			probs.Add(problem.New(n.field, errRulesRequests, "Max", maxRuleRequests))
		}
	}
	for field, l := range map[string]*Limit{"substitute.chief_or_lead": r.Substitute.ChiefOrLead,
		"substitute.staff": r.Substitute.Staff, "substitute.single_staff_window": r.Substitute.SingleStaffWindow} {
		if l != nil {
			if p := checkLimit(field, l); p != nil {
				probs.Add(p)
			}
		}
	}
	for _, t := range r.Substitute.Types {
		if !t.Valid() {
			probs.Add(problem.New("substitute.types", errType))
		}
	}
	if r.UncoveredAbsenceHalves < 0 || r.UncoveredAbsenceHalves > 4 {
		probs.Add(problem.New("uncovered_absence_halves", errRulesHalves, "Max", 4))
	}
	return probs.Err()
}

// checkLimit refuses a limit out of range or of an unknown unit.
func checkLimit(field string, l *Limit) *problem.Problem {
	switch {
	case l.Unit != UnitDay && l.Unit != UnitHour:
		return problem.New(field, errRulesUnit)
	case l.Value <= 0 || l.Value > maxRuleDays*24 || (l.Unit == UnitDay && l.Value > maxRuleDays):
		return problem.New(field, errRulesDays, "Max", maxRuleDays)
	case l.Value*2 != float64(int(l.Value*2)):
		return problem.New(field, errRulesHalf)
	}
	return nil
}

func validAct(a StepAct) bool {
	for _, x := range StepActs() {
		if a == x {
			return true
		}
	}
	return false
}
