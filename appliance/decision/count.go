package decision

import "bianmin/appliance/store"

// Pending counts the records of bucket that wait for a decision within
// the scope (a walk over the pending index's keys; nothing is decoded).
// It is what a badge or a "waiting for you" line shows.
func Pending(tx *store.Tx, bucket string, s Scope) (int, error) {
	spans, err := s.Spans(tx, PendingBucket(bucket), 0, nil, nil)
	if err != nil || len(spans) == 0 {
		return 0, err
	}
	pg, err := tx.Page(store.Query{Bucket: PendingBucket(bucket), Spans: spans, Size: 1})
	return pg.Total, err
}
