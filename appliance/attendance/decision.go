package attendance

// Remedies and objections are records that someone requests and the office
// decides: they are stored with appliance/decision's pending and decided
// indexes, and their pages read one page of each list by key range
// (remedy_page.go, objection_page.go).

import (
	"errors"
	"time"

	"bianmin/appliance/decision"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// DecisionStatus is where a remedy or an objection stands. A decided record
// is never changed again.
type DecisionStatus string

// Decision statuses.
const (
	StatusPending  DecisionStatus = "pending"
	StatusApproved DecisionStatus = "approved" // remedies
	StatusRejected DecisionStatus = "rejected"
	StatusAccepted DecisionStatus = "accepted" // objections
	// StatusWithdrawn: the filer (or the office) took the request back
	// before it was decided.
	StatusWithdrawn DecisionStatus = "withdrawn"
)

// putDecisionRecord stores v (a remedy or an objection with its status
// and, once decided, its decision time) under key with its id index, and
// keeps its pending and decided indexes.
func putDecisionRecord(tx *store.Tx, bucket string, id uint64, key []byte, status DecisionStatus, decidedAt time.Time, v any) error {
	if err := putRecord(tx, bucket, id, key, v); err != nil {
		return err
	}
	return decision.Put(tx, bucket, key, status == StatusPending, decidedAt, string(status))
}

// peopleOf reads the staff members the ids name (active or not); unknown
// ids are left out.
func peopleOf(tx *store.Tx, ids ...uint64) (map[uint64]staff.Staff, error) {
	out := map[uint64]staff.Staff{}
	for _, id := range ids {
		if _, done := out[id]; done {
			continue
		}
		s, err := staff.GetStaffTx(tx, id)
		if errors.Is(err, staff.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out[id] = s
	}
	return out, nil
}
