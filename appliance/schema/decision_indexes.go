package schema

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	"bianmin/appliance/store"
)

// decisionIndexes (migration 2) builds, for each bucket of records that
// someone requests and the office decides, the two indexes the list pages
// read by key range (appliance/decision):
//
//	<bucket>_pending  staffID|date|id → stage           the record's own key; the stage of a
//	                                                    multi-step record (leave: its next step)
//	<bucket>_decided  staffID|decidedAt|id → key+status  8-byte big-endian parts
//
// The records' keys are staffID|date|id already (8-byte big-endian staff
// id, date as Unix nanoseconds of its UTC midnight, record id). The
// indexes are rebuilt from scratch, so running it twice does no harm.
func decisionIndexes(buckets ...string) func(tx *store.Tx) error {
	return func(tx *store.Tx) error {
		for _, bucket := range buckets {
			if err := buildDecisionIndexes(tx, bucket); err != nil {
				return fmt.Errorf("%s: %w", bucket, err)
			}
		}
		return nil
	}
}

func buildDecisionIndexes(tx *store.Tx, bucket string) error {
	pendingName, decidedName := bucket+"_pending", bucket+"_decided"
	for _, name := range []string{pendingName, decidedName} {
		if tx.Bolt().Bucket([]byte(name)) != nil {
			if err := tx.Bolt().DeleteBucket([]byte(name)); err != nil {
				return err
			}
		}
	}
	pending, err := tx.Bucket(pendingName)
	if err != nil {
		return err
	}
	decided, err := tx.Bucket(decidedName)
	if err != nil {
		return err
	}
	return tx.ForEach(bucket, func(k, v []byte) error {
		var r struct {
			Status     string    `json:"status"`
			DecidedAt  time.Time `json:"decided_at"`
			RecordedAt time.Time `json:"recorded_at"` // leave decided when recorded (imported, entered)
			Steps      []struct {
				Kind string `json:"kind"`
				Done bool   `json:"done"`
			} `json:"steps"` // leave: the pending entry's stage is the next step
		}
		if len(k) != 24 {
			return fmt.Errorf("key %x is not staffID|date|id", k)
		}
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("decode %x: %w", k, err)
		}
		if r.Status == "pending" {
			stage := ""
			for _, s := range r.Steps {
				if !s.Done {
					stage = s.Kind
					break
				}
			}
			return pending.Put(bytes.Clone(k), []byte(stage))
		}
		at := r.DecidedAt
		if at.IsZero() {
			at = r.RecordedAt
		}
		dk := make([]byte, 24)
		copy(dk[:8], k[:8])
		binary.BigEndian.PutUint64(dk[8:], uint64(at.UnixNano()))
		copy(dk[16:], k[16:])
		return decided.Put(dk, append(bytes.Clone(k), r.Status...))
	})
}
