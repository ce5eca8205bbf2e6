package rating

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// Period is one appraisal period: a month ("2026-11") or a quarter
// ("2026-Q4"), from its first day to the day after its last.
type Period struct {
	Key      string
	From, To time.Time // midnight in the store's location; To is excluded
}

// Last is the period's last day, YYYY-MM-DD.
func (p Period) Last() string { return p.To.AddDate(0, 0, -1).Format(store.DateLayout) }

// ParsePeriod reads a period key in loc.
func ParsePeriod(key string, loc *time.Location) (Period, error) {
	if y, q, ok := strings.Cut(key, "-Q"); ok {
		t, err := time.ParseInLocation("2006", y, loc)
		if err != nil || len(q) != 1 || q[0] < '1' || q[0] > '4' {
			return Period{}, problem.New("period", "rating.err.period_key", "Period", key)
		}
		from := t.AddDate(0, 3*int(q[0]-'1'), 0)
		return Period{Key: key, From: from, To: from.AddDate(0, 3, 0)}, nil
	}
	t, err := time.ParseInLocation("2006-01", key, loc)
	if err != nil {
		return Period{}, problem.New("period", "rating.err.period_key", "Period", key)
	}
	return Period{Key: key, From: t, To: t.AddDate(0, 1, 0)}, nil
}

// PeriodOf is the period of kind that holds t.
func PeriodOf(kind PeriodKind, t time.Time, loc *time.Location) Period {
	t = t.In(loc)
	if kind == PeriodQuarter {
		p, _ := ParsePeriod(fmt.Sprintf("%d-Q%d", t.Year(), (int(t.Month())-1)/3+1), loc)
		return p
	}
	p, _ := ParsePeriod(t.Format("2006-01"), loc)
	return p
}

// Named is one staff member an appraisal named 最不满意人员, with the
// evidence: their ratings in the period.
type Named struct {
	StaffID uint64 `json:"staff_id"`
	Staff   string `json:"staff"`
	UnitID  uint64 `json:"unit_id"`
	Unit    string `json:"unit,omitempty"`
	Tally
}

// Appraisal is one period's naming of its 最不满意人员.
type Appraisal struct {
	Period string    `json:"period"`
	Last   string    `json:"last"` // the period's last day
	Rule   Rule      `json:"rule"`
	Named  []Named   `json:"named"`
	Note   string    `json:"note,omitempty"` // the office's own appraisal: how it was reached
	By     string    `json:"by"`
	At     time.Time `json:"at"`
	// Candidates is how many staff members had enough ratings (RuleLowestRate).
	Candidates int `json:"candidates"`
}

// Appraise names period's 最不满意人员 (the office, once the period has
// ended). Under RuleLowestRate the domain names them: the lowest
// satisfaction rate among staff with at least MinRatings ratings (all of
// those tied at it); under RuleOffice the office names them (staffIDs,
// with a note of how it appraised). Each period is appraised once.
func (s *Service) Appraise(actor Actor, periodKey string, staffIDs []uint64, note string) (Appraisal, error) {
	if !actor.office() {
		return Appraisal{}, problem.New("", "rating.err.not_allowed")
	}
	return store.Write(s.db, actor.Name, func(tx *store.Tx) (Appraisal, error) {
		set, err := SettingsTx(tx)
		if err != nil {
			return Appraisal{}, err
		}
		p, err := ParsePeriod(periodKey, tx.Location())
		if err != nil {
			return Appraisal{}, err
		}
		if (set.Period == PeriodQuarter) != strings.Contains(p.Key, "-Q") {
			return Appraisal{}, problem.New("period", "rating.err.period_kind", "Period", p.Key)
		}
		if tx.Today() <= p.Last() {
			return Appraisal{}, problem.New("period", "rating.err.period_open", "Period", p.Key)
		}
		if _, err := AppraisalTx(tx, p.Key); err == nil {
			return Appraisal{}, problem.New("period", "rating.err.appraised", "Period", p.Key)
		} else if !errors.Is(err, ErrNotFound) {
			return Appraisal{}, err
		}
		a := Appraisal{Period: p.Key, Last: p.Last(), Rule: set.Rule, By: actor.Name, At: tx.Now().UTC()}
		st, err := StatsTx(tx, p.From, p.To)
		if err != nil {
			return Appraisal{}, err
		}
		switch set.Rule.Kind {
		case RuleLowestRate:
			a.Named, a.Candidates = lowestRate(st.ByStaff, set.Rule.MinRatings)
		case RuleOffice:
			if err := checkNote("note", note); err != nil {
				return Appraisal{}, err
			}
			a.Note = strings.TrimSpace(note)
			if a.Named, err = officeNamed(tx, st, staffIDs); err != nil {
				return Appraisal{}, err
			}
		}
		if err := tx.Put(bucketAppraisal, []byte(p.Key), a); err != nil {
			return Appraisal{}, err
		}
		return a, tx.AuditAndOutbox("rating.appraisal", "rating-appraisal/"+p.Key, "rating_appraisal", nil, a)
	})
}

// lowestRate names the staff at the lowest rate among those with at
// least min ratings.
func lowestRate(byStaff []Row, min int) (named []Named, candidates int) {
	best := -1
	for _, r := range byStaff {
		if r.Total < min {
			continue
		}
		candidates++
		rate := r.RatePermille()
		switch {
		case best < 0 || rate < best:
			best, named = rate, nil
			fallthrough
		case rate == best:
			named = append(named, namedOf(r))
		}
	}
	return named, candidates
}

func namedOf(r Row) Named {
	id := uint64(atoi(r.Key))
	return Named{StaffID: id, Staff: r.Label, UnitID: r.UnitID, Unit: r.Unit, Tally: r.Tally}
}

func officeNamed(tx *store.Tx, st Stats, ids []uint64) ([]Named, error) {
	if len(ids) == 0 {
		return nil, problem.New("staff", "rating.err.no_staff")
	}
	var out []Named
	for _, id := range ids {
		sm, err := staff.GetStaffTx(tx, id)
		if err != nil {
			return nil, problem.New("staff", "rating.err.staff_unknown", "ID", id)
		}
		n := Named{StaffID: id, Staff: sm.Name, UnitID: sm.UnitID}
		if u, err := staff.GetUnitTx(tx, sm.UnitID); err == nil {
			n.Unit = u.Name
		}
		for _, r := range st.ByStaff {
			if r.Key == fmt.Sprint(id) {
				n.Tally = r.Tally
			}
		}
		out = append(out, n)
	}
	return out, nil
}

// AppraisalTx reads one period's appraisal.
func AppraisalTx(tx *store.Tx, periodKey string) (Appraisal, error) {
	a, err := store.GetAs[Appraisal](tx, bucketAppraisal, []byte(periodKey))
	if errors.Is(err, store.ErrNotFound) {
		return a, ErrNotFound
	}
	return a, err
}

// AppraisalsTx lists every appraisal, the latest period first.
func AppraisalsTx(tx *store.Tx) ([]Appraisal, error) {
	all, err := store.All[Appraisal](tx, bucketAppraisal)
	slices.SortFunc(all, func(a, b Appraisal) int { return cmp.Compare(b.Last, a.Last) })
	return all, err
}

// NamedTx is who period's appraisal named (none when not appraised).
func NamedTx(tx *store.Tx, periodKey string) ([]Named, error) {
	a, err := AppraisalTx(tx, periodKey)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	return a.Named, err
}

// Flag is a staff member named 最不满意人员 Settings.FlagTimes times or
// more: recommended for return to their unit (regulation 001 line 229:
// "经评议被评为‘最不满意人员’达3次及以上的,退回原单位"), with the periods
// that named them as evidence.
type Flag struct {
	StaffID uint64   `json:"staff_id"`
	Staff   string   `json:"staff"`
	UnitID  uint64   `json:"unit_id"`
	Unit    string   `json:"unit,omitempty"`
	Times   int      `json:"times"`
	Periods []Named  `json:"-"`
	Keys    []string `json:"periods"` // the periods, oldest first
}

// FlagsTx lists the staff flagged by the appraisals of periods that ended
// by day (YYYY-MM-DD; "" for all), by unit then staff.
func FlagsTx(tx *store.Tx, day string) ([]Flag, error) {
	set, err := SettingsTx(tx)
	if err != nil {
		return nil, err
	}
	all, err := AppraisalsTx(tx)
	if err != nil {
		return nil, err
	}
	slices.Reverse(all)
	by := map[uint64]*Flag{}
	for _, a := range all {
		if day != "" && a.Last > day {
			continue
		}
		for _, n := range a.Named {
			f := by[n.StaffID]
			if f == nil {
				f = &Flag{StaffID: n.StaffID}
				by[n.StaffID] = f
			}
			f.Staff, f.UnitID, f.Unit = n.Staff, n.UnitID, n.Unit
			f.Times++
			f.Periods = append(f.Periods, n)
			f.Keys = append(f.Keys, a.Period)
		}
	}
	var out []Flag
	for _, f := range by {
		if f.Times >= set.FlagTimes {
			out = append(out, *f)
		}
	}
	slices.SortFunc(out, func(a, b Flag) int { return cmp.Or(cmp.Compare(a.UnitID, b.UnitID), cmp.Compare(a.StaffID, b.StaffID)) })
	return out, nil
}
