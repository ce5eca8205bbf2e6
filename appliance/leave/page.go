package leave

// What the 请假 pages ask, answered from the store by key range: the
// pending and decided lists of a decision page (each approver's queue is
// the pending list at their steps), one request with the people it names,
// the approvers' waiting counts, the leave still to close (销假).

import (
	"errors"
	"slices"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/decision"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// Page is one page of a leave list.
type Page = decision.Page[Leave]

// ListPage is the two lists of the 请假 page and the people they name
// (the leavers and substitutes), by id.
type ListPage struct {
	Pending, Decided Page
	People           map[uint64]staff.Staff
}

// StagesOf are the steps an account role completes: its queue.
func StagesOf(r account.Role) []string {
	var out []string
	for _, k := range StepKinds() {
		if k.Role() == r {
			out = append(out, string(k))
		}
	}
	return out
}

// Lists reads the pages of pending and decided leave q asks for (with
// q.Stages: the queue of those steps).
func (s *Service) Lists(q decision.Query) (ListPage, error) {
	return store.Read(s.db, func(tx *store.Tx) (ListPage, error) {
		var out ListPage
		var err error
		if out.Pending, out.Decided, err = decision.Lists[Leave](tx, bucketLeave, q); err != nil {
			return out, err
		}
		out.People, err = peopleOf(tx, append(out.Pending.Rows, out.Decided.Rows...))
		return out, err
	})
}

// peopleOf reads the leavers and substitutes the records name.
func peopleOf(tx *store.Tx, list []Leave) (map[uint64]staff.Staff, error) {
	out := map[uint64]staff.Staff{}
	add := func(id uint64) error {
		if _, done := out[id]; done || id == 0 {
			return nil
		}
		st, err := staff.GetStaffTx(tx, id)
		if err == nil {
			out[id] = st
		} else if !errors.Is(err, staff.ErrNotFound) {
			return err
		}
		return nil
	}
	for _, l := range list {
		for _, id := range append([]uint64{l.StaffID, l.SubstituteID}, rotationIDs(l)...) {
			if err := add(id); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func rotationIDs(l Leave) []uint64 {
	var ids []uint64
	for _, r := range l.Rotations {
		ids = append(ids, r.From, r.To)
	}
	return ids
}

// Detail is one leave with what its page shows.
type Detail struct {
	Leave  Leave
	People map[uint64]staff.Staff
	// Unit and Window of the leaver (zero when none).
	Unit   staff.Unit
	Window staff.Window
	// Quota is the leaver's quota in the month the leave starts (for a
	// pending request).
	Quota *QuotaUse
	// Extension is a live extension of the leave (0: none).
	Extension uint64
}

// Detail reads the leave id for its page.
func (s *Service) Detail(id uint64) (Detail, error) {
	return store.Read(s.db, func(tx *store.Tx) (Detail, error) {
		var d Detail
		var err error
		if d.Leave, err = GetTx(tx, id); err != nil {
			return d, err
		}
		if d.People, err = peopleOf(tx, []Leave{d.Leave}); err != nil {
			return d, err
		}
		if st, ok := d.People[d.Leave.StaffID]; ok {
			d.Unit, _ = staff.GetUnitTx(tx, st.UnitID)
			if st.WindowID != 0 {
				d.Window, _ = staff.GetWindowTx(tx, st.WindowID)
			}
			if d.Leave.Status == StatusPending && s.schedule != nil {
				sch, err := s.schedule(tx)
				if err != nil {
					return d, err
				}
				rules, err := LoadRulesTx(tx)
				if err != nil {
					return d, err
				}
				q, err := QuotaUseTx(tx, sch, rules, st, d.Leave.Start, 0)
				if err != nil {
					return d, err
				}
				d.Quota = &q
			}
		}
		d.Extension, err = extensionOf(tx, d.Leave)
		return d, err
	})
}

// Waiting counts the pending requests waiting at the steps of role among
// the scope's people (the approver's badge).
func (s *Service) Waiting(sc decision.Scope, role account.Role) (int, error) {
	stages := StagesOf(role)
	if len(stages) == 0 {
		return 0, nil
	}
	p, err := s.Lists(decision.Query{Scope: sc, Stages: stages, PendingPage: 1, DecidedPage: 1, PageSize: 1})
	return p.Pending.Total, err
}

// QuotaFor is a person's quota in the month containing t, as the request
// form shows it before filing.
func (s *Service) QuotaFor(staffID uint64, t time.Time) (QuotaUse, error) {
	return store.Read(s.db, func(tx *store.Tx) (QuotaUse, error) {
		if s.schedule == nil {
			return QuotaUse{}, nil
		}
		sch, err := s.schedule(tx)
		if err != nil {
			return QuotaUse{}, err
		}
		rules, err := LoadRulesTx(tx)
		if err != nil {
			return QuotaUse{}, err
		}
		st, err := staff.GetStaffTx(tx, staffID)
		if err != nil {
			return QuotaUse{}, err
		}
		return QuotaUseTx(tx, sch, rules, st, t, 0)
	})
}

// toCloseDays bounds how far back ToClose looks: leave that ended longer
// ago and was never closed is in the register, not on the home page.
const toCloseDays = 90

// ToClose lists the approved leave of the scope's people that has begun
// and is not closed (待销假), oldest first, at most limit.
func (s *Service) ToClose(sc decision.Scope, now time.Time, limit int) ([]Leave, map[uint64]staff.Staff, error) {
	type result struct {
		list   []Leave
		people map[uint64]staff.Staff
	}
	r, err := store.Read(s.db, func(tx *store.Tx) (result, error) {
		var out result
		spans, err := sc.Spans(tx, decision.DecidedBucket(bucketLeave), 0, nil, nil)
		if err != nil {
			return out, err
		}
		for _, sp := range spans {
			staffID := store.KeyID(sp.Prefix)
			list, err := ForStaffTx(tx, staffID, now.AddDate(0, 0, -toCloseDays), now.Add(time.Minute))
			if err != nil {
				return out, err
			}
			for _, l := range list {
				if l.Status == StatusApproved && l.Source == SourceRequest && !l.Closed() && !l.Start.After(now) {
					out.list = append(out.list, l)
				}
			}
		}
		slices.SortFunc(out.list, func(a, b Leave) int { return a.Start.Compare(b.Start) })
		if limit > 0 && len(out.list) > limit {
			out.list = out.list[:limit]
		}
		out.people, err = peopleOf(tx, out.list)
		return out, err
	})
	return r.list, r.people, err
}
