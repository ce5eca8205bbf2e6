package schema

import (
	"bytes"

	"bianmin/appliance/store"
)

// leaveIndexes (migration 3) indexes the leave records for the request
// flow (appliance/leave): the pending (staged by the next step) and decided
// indexes every decision page reads (decisionIndexes; leave stored before
// requests existed is approved, decided when it was recorded), and
//
//	leave.by_id   id → the record's key (staffID|start|id)
//
// Rebuilt from scratch, so running it twice does no harm.
func leaveIndexes(tx *store.Tx) error {
	const bucket, byIDName = "leave.records", "leave.by_id"
	if err := decisionIndexes(bucket)(tx); err != nil {
		return err
	}
	if tx.Bolt().Bucket([]byte(byIDName)) != nil {
		if err := tx.Bolt().DeleteBucket([]byte(byIDName)); err != nil {
			return err
		}
	}
	byID, err := tx.Bucket(byIDName)
	if err != nil {
		return err
	}
	return tx.ForEach(bucket, func(k, _ []byte) error {
		return byID.Put(bytes.Clone(k[16:]), bytes.Clone(k))
	})
}
