package leave

// The rules a request is checked by, each in one function: the monthly
// quota (Quota, QuotaUse), the exemption from it (Exempt), annual-leave
// pieces (checkAnnualPiece), when a substitute is needed
// (SubstituteNeeded). The request, the pages and the command line call
// these; nothing else computes them.

import (
	"slices"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// Statutory reports whether t is statutory leave (法定假): annual,
// marriage, maternity, home visit, bereavement — outside the monthly quota
// (regulation 000 line 96).
func Statutory(t Type) bool {
	switch t {
	case TypeAnnual, TypeMarriage, TypeMaternity, TypeHomeVisit, TypeBereavement:
		return true
	}
	return false
}

// Exempt reports whether leave is outside the monthly quota: statutory
// leave, and documented training of at least TrainingExemptDays working
// days ("窗口單位一周以上正常業務培訓學習(需附書面文件)、年休假、婚假、產假、
// 探親假、喪假等法定假除外", regulation 000 line 96).
func (r Rules) Exempt(t Type, training bool, l Length) bool {
	return Statutory(t) || (t == TypeOfficial && training && l.WorkingDays >= r.TrainingExemptDays-epsilon)
}

// QuotaUse is the monthly quota as it stands for one person and month:
// the working days and requests of their live (pending or approved),
// non-exempt leave in the month, against the maximum for their position.
type QuotaUse struct {
	Month       string  `json:"month"` // 2026-03
	Chief       bool    `json:"chief"` // the chief representative's quota applies
	Days        float64 `json:"days"`
	Requests    int     `json:"requests"`
	MaxDays     float64 `json:"max_days"`
	MaxRequests int     `json:"max_requests"`
}

// Allows reports whether leave of days more (and requests more requests)
// stays within the quota: neither the days nor the requests may go past
// their maximum, whichever comes first (0: that limit is off).
func (q QuotaUse) Allows(days float64, requests int) bool {
	if q.MaxRequests > 0 && q.Requests+requests > q.MaxRequests {
		return false
	}
	return q.MaxDays <= 0 || q.Days+days <= q.MaxDays+epsilon
}

// monthOf is the month containing t and the next one's start.
func monthOf(t time.Time, loc *time.Location) (first, next time.Time) {
	y, m, _ := t.In(loc).Date()
	first = time.Date(y, m, 1, 0, 0, 0, 0, loc)
	return first, first.AddDate(0, 1, 0)
}

// QuotaUseTx is the person's quota in the month containing t. A leave
// counts one request in each month it has working time in (an extension
// counts with the leave it extends, not as another request) and its
// working days inside the month; skip leaves one record out.
func QuotaUseTx(tx *store.Tx, sch Schedule, r Rules, st staff.Staff, t time.Time, skip uint64) (QuotaUse, error) {
	loc := sch.Location()
	first, next := monthOf(t, loc)
	q := QuotaUse{Month: first.Format("2006-01"), Chief: st.Position == staff.PositionChief}
	q.MaxDays, q.MaxRequests = r.Quota.maxFor(q.Chief)
	list, err := ForStaffTx(tx, st.ID, first, next)
	if err != nil {
		return q, err
	}
	for _, l := range list {
		if l.ID == skip || !l.Status.Live() || l.QuotaExempt || Statutory(l.Type) {
			continue
		}
		in := Measure(sch, later(l.Start, first), earlier(l.CoverEnd(), next))
		if in.Minutes == 0 {
			continue
		}
		q.Days += in.WorkingDays
		if l.ExtensionOf == 0 {
			q.Requests++
		}
	}
	return q, nil
}

// checkQuota refuses a request that would take the person past the quota
// in any month it touches (regulation 000 line 96).
func checkQuota(tx *store.Tx, sch Schedule, r Rules, st staff.Staff, start, end time.Time, extension bool) error {
	loc := sch.Location()
	for m, _ := monthOf(start, loc); m.Before(end); m = m.AddDate(0, 1, 0) {
		_, next := monthOf(m, loc)
		in := Measure(sch, later(start, m), earlier(end, next))
		if in.Minutes == 0 {
			continue
		}
		q, err := QuotaUseTx(tx, sch, r, st, m, 0)
		if err != nil {
			return err
		}
		add := 1
		if extension {
			add = 0
		}
		if !q.Allows(in.WorkingDays, add) {
			key := errQuotaStaff
			if q.Chief {
				key = errQuotaChief
			}
			return problem.New("start", key, "Month", q.Month, "Days", fmtDays(q.Days), "Requests", q.Requests,
				"Adding", fmtDays(in.WorkingDays), "MaxDays", fmtDays(q.MaxDays), "MaxRequests", q.MaxRequests)
		}
	}
	return nil
}

// checkAnnualPiece: annual leave is taken in one piece, or in pieces of at
// least AnnualMinPieceDays working days each ("公休假應一次性安排,分期休假
// 的,每次不得低於5天", regulation 000 line 95). The person's other live
// annual leave of the same year are the other pieces: a first piece of any
// length is the one piece; once there are two, every piece must reach the
// minimum.
func checkAnnualPiece(r Rules, l Length, year int, others []Leave, sch Schedule) error {
	var pieces []float64
	for _, o := range others {
		if o.Type == TypeAnnual && o.Status.Live() && o.Start.In(sch.Location()).Year() == year {
			pieces = append(pieces, lengthOf(o, sch).WorkingDays)
		}
	}
	if len(pieces) == 0 {
		return nil
	}
	short := slices.IndexFunc(append(pieces, l.WorkingDays), func(d float64) bool { return d < r.AnnualMinPieceDays-epsilon })
	if short < 0 {
		return nil
	}
	return problem.New("end", errAnnualPiece, "Min", fmtDays(r.AnnualMinPieceDays), "Days", fmtDays(l.WorkingDays),
		"Pieces", len(pieces), "Year", year)
}

// lengthOf is a record's length: as measured when it was filed, or on the
// schedule for imported and office-entered leave.
func lengthOf(l Leave, sch Schedule) Length {
	if l.Length.Minutes > 0 {
		return l.Length
	}
	return Measure(sch, l.Start, l.End)
}

// SubstituteNeeded reports whether a request must name a substitute (顶岗):
// training (when the rules say so), the types the rules list, someone who
// staffs their window alone, a chief representative or window lead, or
// window staff, each from its threshold on. Someone with no window has
// no post to cover. Regulation 000 lines 106–110 (preset A), line 149
// (B), 004 line 358 (C); 003 line 237 for the single-staff window.
func (r Rules) SubstituteNeeded(st staff.Staff, aloneAtWindow bool, t Type, training bool, l Length) bool {
	s := r.Substitute
	if st.WindowID == 0 {
		return false
	}
	switch {
	case training && s.Training,
		slices.Contains(s.Types, t),
		aloneAtWindow && s.SingleStaffWindow.reached(l):
		return true
	case st.Position == staff.PositionChief || st.Position == staff.PositionLead:
		return s.ChiefOrLead.reached(l)
	}
	return s.Staff.reached(l)
}

// aloneAtWindow reports whether st is the only active staff member of
// their window.
func aloneAtWindow(tx *store.Tx, st staff.Staff) (bool, error) {
	if st.WindowID == 0 {
		return false, nil
	}
	team, err := staff.ListStaffTx(tx, staff.Filter{WindowID: st.WindowID})
	if err != nil {
		return false, err
	}
	return len(team) <= 1, nil
}
