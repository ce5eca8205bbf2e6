package schema

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	"bianmin/appliance/store"
)

// leaveIndexes (migration 3) indexes the leave records for the request
// flow (appliance/leave):
//
//	leave.by_id             id → the record's key (staffID|start|id)
//	leave.records_pending   key → the next step (a pending request's stage)
//	leave.records_decided   staffID|decidedAt|id → key+status
//
// Leave stored before requests existed is approved (imported or entered by
// the office), decided when it was recorded. Rebuilt from scratch, so
// running it twice does no harm.
func leaveIndexes(tx *store.Tx) error {
	const bucket = "leave.records"
	for _, name := range []string{"leave.by_id", bucket + "_pending", bucket + "_decided"} {
		if tx.Bolt().Bucket([]byte(name)) != nil {
			if err := tx.Bolt().DeleteBucket([]byte(name)); err != nil {
				return err
			}
		}
	}
	byID, err := tx.Bucket("leave.by_id")
	if err != nil {
		return err
	}
	pending, err := tx.Bucket(bucket + "_pending")
	if err != nil {
		return err
	}
	decided, err := tx.Bucket(bucket + "_decided")
	if err != nil {
		return err
	}
	return tx.ForEach(bucket, func(k, v []byte) error {
		var r struct {
			Status     string    `json:"status"`
			DecidedAt  time.Time `json:"decided_at"`
			RecordedAt time.Time `json:"recorded_at"`
			Steps      []struct {
				Kind string `json:"kind"`
				Done bool   `json:"done"`
			} `json:"steps"`
		}
		if len(k) != 24 {
			return fmt.Errorf("leave key %x is not staffID|start|id", k)
		}
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("decode leave %x: %w", k, err)
		}
		if err := byID.Put(bytes.Clone(k[16:]), bytes.Clone(k)); err != nil {
			return err
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
