package attendance

import (
	"time"

	"bianmin/appliance/decision"
	"bianmin/appliance/store"
)

// Waiting counts the attendance records that wait for the office's
// decision, for the menu's badge and the home pages.
type Waiting struct {
	Remedies   int // 补签 requests pending
	Objections int // 异议 pending
}

// Total is every record waiting.
func (w Waiting) Total() int { return w.Remedies + w.Objections }

// Waiting counts the pending remedies and objections of the scope's people
// (everyone's for the office; one's own for a clerk: their open requests).
func (rs *Records) Waiting(scope decision.Scope) (Waiting, error) {
	return store.Read(rs.db, func(tx *store.Tx) (Waiting, error) {
		var w Waiting
		var err error
		if w.Remedies, err = decision.Pending(tx, bucketRemedies, scope); err != nil {
			return w, err
		}
		w.Objections, err = decision.Pending(tx, bucketObjections, scope)
		return w, err
	})
}

// AnyPunchTx reports whether any punch was taken in from ≤ t < to (one
// seek in the time index): whether the hall was running then.
func AnyPunchTx(tx *store.Tx, from, to time.Time) (bool, error) {
	idx, err := tx.Bucket(bucketByTime)
	if err != nil || idx == nil {
		return false, err
	}
	k, _ := idx.Cursor().Seek(timeKey(from, 0))
	return k != nil && string(k) < string(timeKey(to, 0)), nil
}
