package attendance

// Storage and checks shared by the records kept beside punches: remedies,
// errands, off-post records and objections. Each kind has a bucket keyed
// staffID|time|id, so one person's records of a month read in one cursor
// walk, and an index bucket id → key for reading one record by id.

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// Records keeps remedies, errands, off-post records and objections, one
// transaction per call. Dates are civil dates in the center's location.
type Records struct {
	db  *store.DB
	loc *time.Location
}

// NewRecords returns the records service on db; loc is the center's
// location (time.Local when nil).
func NewRecords(db *store.DB, loc *time.Location) *Records {
	if loc == nil {
		loc = time.Local
	}
	return &Records{db: db, loc: loc}
}

// writeTx runs fn in one write transaction for actor.
func writeTx[T any](db *store.DB, actor string, fn func(tx *store.Tx) (T, error)) (T, error) {
	var out T
	err := db.Update(actor, func(tx *store.Tx) error {
		var err error
		out, err = fn(tx)
		return err
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return out, nil
}

// readTx runs fn in one read transaction.
func readTx[T any](db *store.DB, fn func(tx *store.Tx) (T, error)) (T, error) {
	var out T
	err := db.View(func(tx *store.Tx) error {
		var err error
		out, err = fn(tx)
		return err
	})
	return out, err
}

// MaxReasonRunes bounds reasons and notes of every record.
const MaxReasonRunes = 200

// dateLayout is how civil dates are written and stored.
const dateLayout = "2006-01-02"

func recordKey(staffID uint64, at time.Time, id uint64) []byte {
	k := make([]byte, 24)
	binary.BigEndian.PutUint64(k, staffID)
	binary.BigEndian.PutUint64(k[8:], uint64(at.UnixNano()))
	binary.BigEndian.PutUint64(k[16:], id)
	return k
}

func indexBucket(bucket string) string { return bucket + "_by_id" }

// putRecord stores v under key and indexes it by id.
func putRecord(tx *store.Tx, bucket string, id uint64, key []byte, v any) error {
	if err := tx.Put(bucket, key, v); err != nil {
		return err
	}
	b, err := tx.Bucket(indexBucket(bucket))
	if err != nil {
		return err
	}
	return b.Put(store.IDKey(id), key)
}

// getRecord reads the record with the id, or a "not found" problem.
func getRecord[T any](tx *store.Tx, bucket string, id uint64) (T, []byte, error) {
	var v T
	idx, err := tx.Bucket(indexBucket(bucket))
	if err != nil {
		return v, nil, err
	}
	var key []byte
	if idx != nil {
		key = idx.Get(store.IDKey(id))
	}
	if key == nil {
		return v, nil, refuse("id", keyNotFound, map[string]any{"ID": id})
	}
	key = append([]byte(nil), key...)
	return v, key, tx.Get(bucket, key, &v)
}

// staffRecords returns one person's records whose key time lies in
// from ≤ t < to, in time order.
func staffRecords[T any](tx *store.Tx, bucket string, staffID uint64, from, to time.Time) ([]T, error) {
	b, err := tx.Bucket(bucket)
	if err != nil || b == nil {
		return nil, err
	}
	var out []T
	end := recordKey(staffID, to, 0)
	c := b.Cursor()
	for k, v := c.Seek(recordKey(staffID, from, 0)); k != nil && string(k) < string(end); k, v = c.Next() {
		var r T
		if err := json.Unmarshal(v, &r); err != nil {
			return nil, fmt.Errorf("decode %s/%x: %w", bucket, k, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// activeStaff returns the staff member, or a problem when unknown or
// inactive.
func activeStaff(tx *store.Tx, id uint64) (staff.Staff, error) {
	st, err := staff.GetStaffTx(tx, id)
	if errors.Is(err, staff.ErrNotFound) {
		return st, refuse("staff", keyStaffUnknown, map[string]any{"ID": id})
	}
	if err != nil {
		return st, err
	}
	if !st.Active {
		return st, refuse("staff", keyStaffInactive, map[string]any{"Name": st.Name, "StaffNo": st.StaffNo})
	}
	return st, nil
}

// checkText trims s and checks it against MaxReasonRunes; required says
// whether it may be empty.
func checkText(field, s string, required bool) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "" && required:
		return s, refuse(field, keyReasonRequired, nil)
	case utf8.RuneCountInString(s) > MaxReasonRunes:
		key := keyReasonTooLong
		if field == "note" {
			key = keyNoteTooLong
		}
		return s, refuse(field, key, map[string]any{"Max": MaxReasonRunes})
	}
	return s, nil
}

// parseCivilDate reads a civil date "2026-02-09" as midnight in loc.
func parseCivilDate(s string, loc *time.Location) (time.Time, error) {
	t, err := time.ParseInLocation(dateLayout, strings.TrimSpace(s), loc)
	if err != nil {
		return time.Time{}, refuse("date", keyDateInvalid, map[string]any{"Value": s})
	}
	return t, nil
}

// civilDay is midnight at the start of t's date in loc.
func civilDay(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// dateKeyTime is the key time of a civil date: its midnight in UTC, so
// that keys do not move when the center's location is corrected.
func dateKeyTime(date string) time.Time {
	t, _ := time.Parse(dateLayout, date)
	return t
}

// pointKeys lists the punch points of the preset: "morning_in",
// "morning_out", ….
func pointKeys(p Preset) []string {
	var out []string
	for _, s := range p.Sessions {
		out = append(out, pointKey(s.Key, true), pointKey(s.Key, false))
	}
	return out
}

// PointDue is the due time of punch point key ("morning_in") on date under
// the preset: the session's start for an in-point, its end for an out-point.
func PointDue(p Preset, key string, date time.Time) (time.Time, bool) {
	for _, s := range p.Sessions {
		start, end := s.HoursOn(MonthDayOf(date))
		switch key {
		case pointKey(s.Key, true):
			return start.On(date), true
		case pointKey(s.Key, false):
			return end.On(date), true
		}
	}
	return time.Time{}, false
}

// auditRecord appends the audit entry and outbox record of one write.
func auditRecord(tx *store.Tx, action, object, kind string, before, after any) error {
	if err := tx.Audit(action, object, before, after); err != nil {
		return err
	}
	return tx.Outbox(kind, after)
}
