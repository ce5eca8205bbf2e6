package leave

// How leave is stored: one bucket keyed staffID|start|id (one person's
// leave reads in start order), an id index, and appliance/decision's
// pending index (staged by the next step: each approver's queue) and
// decided index (approved, rejected, withdrawn).

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"bianmin/appliance/decision"
	"bianmin/appliance/problem"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// Buckets ("leave." prefix).
const (
	bucketLeave    = "leave.records"   // staffID|start|id → Leave
	bucketByID     = "leave.by_id"     // id → the record's key
	bucketSeq      = "leave.seq"       // leave ids
	bucketFiles    = "leave.files"     // attachment id → Attachment
	bucketFileData = "leave.file_data" // attachment id → the file's bytes
	bucketSettings = "leave.settings"  // "rules" → Rules
)

// Bucket is the records' bucket (for the migration that indexes it).
const Bucket = bucketLeave

func leaveKey(l Leave) []byte {
	k := make([]byte, 24)
	binary.BigEndian.PutUint64(k, l.StaffID)
	binary.BigEndian.PutUint64(k[8:], uint64(l.Start.UnixNano()))
	binary.BigEndian.PutUint64(k[16:], l.ID)
	return k
}

// putLeave stores l under its key with its id and decision indexes: a
// pending request at the stage of its next step, anything else as
// decided (at DecidedAt, with its status as the outcome).
func putLeave(tx *store.Tx, l Leave) error {
	key := leaveKey(l)
	if err := tx.Put(bucketLeave, key, l); err != nil {
		return err
	}
	b, err := tx.Bucket(bucketByID)
	if err != nil {
		return err
	}
	if err := b.Put(store.IDKey(l.ID), key); err != nil {
		return err
	}
	if l.Status == StatusPending {
		next, _, _ := l.Next()
		return decision.PutPending(tx, bucketLeave, key, string(next.Kind))
	}
	at := l.DecidedAt
	if at.IsZero() {
		at = l.RecordedAt
	}
	return decision.Put(tx, bucketLeave, key, false, at, string(l.Status))
}

// GetTx reads the leave id.
func GetTx(tx *store.Tx, id uint64) (Leave, error) {
	b, err := tx.Bucket(bucketByID)
	if err != nil {
		return Leave{}, err
	}
	key := b.Get(store.IDKey(id))
	if key == nil {
		return Leave{}, fmt.Errorf("leave %d: %w", id, ErrNotFound)
	}
	return store.GetAs[Leave](tx, bucketLeave, key)
}

// Get reads the leave id.
func (s *Service) Get(id uint64) (Leave, error) {
	return store.Read(s.db, func(tx *store.Tx) (Leave, error) { return GetTx(tx, id) })
}

// checkOverlap refuses a span that overlaps the person's live leave
// (pending or approved; rejected and withdrawn leave gives its time back),
// except the record skip.
func checkOverlap(tx *store.Tx, staffID uint64, start, end time.Time, skip uint64) error {
	others, err := ForStaffTx(tx, staffID, start, end)
	if err != nil {
		return err
	}
	for _, o := range others {
		if o.ID != skip && o.Status.Live() {
			return problem.WithArgs(colStart, errOverlapStored, map[string]any{"Start": o.Start.Format(layoutMinute), "End": o.End.Format(layoutMinute)})
		}
	}
	return nil
}

// Approved returns one person's approved leave overlapping from ≤ t < to:
// what covers their days (pending, rejected and withdrawn leave never
// does).
func ApprovedTx(tx *store.Tx, staffID uint64, from, to time.Time) ([]Leave, error) {
	all, err := ForStaffTx(tx, staffID, from, to)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, l := range all {
		if l.Status == StatusApproved {
			out = append(out, l)
		}
	}
	return out, nil
}

// activeStaff reads a staff member who has not left the hall (their end
// date is not before today), or refuses on field.
func activeStaff(tx *store.Tx, id uint64, field string) (staff.Staff, error) {
	st, err := staff.GetStaffTx(tx, id)
	if errors.Is(err, staff.ErrNotFound) || (err == nil && st.Left(tx.Today())) {
		return staff.Staff{}, problem.New(field, errNoStaff, "ID", id)
	}
	return st, err
}

// object names a leave in the audit log.
func object(id uint64) string { return fmt.Sprintf("leave/%d", id) }
