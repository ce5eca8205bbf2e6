package attendance

// Storage shared by the records kept beside punches: remedies, errands,
// off-post records and objections. Each kind has a bucket keyed
// staffID|time|id (big-endian, so one person's records of a month read in
// one cursor walk, and the records of several people merge in time order
// by key range: store.Tx.Page) and an index bucket id → key for reading
// one record by id. Remedies and objections, which the office decides,
// keep two more indexes (appliance/decision, via decision.go).

import (
	"encoding/binary"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// Records keeps remedies, errands, off-post records and objections, one
// transaction per call. Dates are civil dates in the center's location;
// cal says which of them are working days.
type Records struct {
	db  *store.DB
	loc *time.Location
	cal WorkingDays
}

// NewRecords returns the records service on db; loc is the center's
// location (time.Local when nil), cal its working-day calendar (Monday to
// Friday when nil).
func NewRecords(db *store.DB, loc *time.Location, cal WorkingDays) *Records {
	if loc == nil {
		loc = time.Local
	}
	if cal == nil {
		cal = MondayToFriday{}
	}
	return &Records{db: db, loc: loc, cal: cal}
}

// MondayToFriday is the working week without holidays: the calendar of
// last resort.
type MondayToFriday struct{}

// IsWorkday reports whether t falls on Monday to Friday.
func (MondayToFriday) IsWorkday(t time.Time) bool {
	return t.Weekday() != time.Saturday && t.Weekday() != time.Sunday
}

// MaxReasonRunes bounds reasons and notes of every record.
const MaxReasonRunes = 200

// recordKey is staffID|at|id, the key of every record kind (at is the
// record's date or start) and of the decided index (at is the decision).
func recordKey(staffID uint64, at time.Time, id uint64) []byte {
	k := make([]byte, 24)
	binary.BigEndian.PutUint64(k, staffID)
	binary.BigEndian.PutUint64(k[8:], uint64(at.UnixNano()))
	binary.BigEndian.PutUint64(k[16:], id)
	return k
}

// instantKey is the 8-byte key part of an instant, for span bounds.
func instantKey(t time.Time) []byte {
	k := make([]byte, 8)
	binary.BigEndian.PutUint64(k, uint64(t.UnixNano()))
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
	pg, err := tx.Page(store.Query{Bucket: bucket,
		Spans: []store.Span{{Prefix: store.IDKey(staffID), From: instantKey(from), To: instantKey(to)}}})
	if err != nil {
		return nil, err
	}
	return decodeEntries[T](bucket, pg.Entries)
}

// decodeEntries decodes the records of a page.
func decodeEntries[T any](bucket string, entries []store.Entry) ([]T, error) {
	out := make([]T, 0, len(entries))
	for _, e := range entries {
		r, err := store.Decode[T](bucket, e.Key, e.Value)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// servingStaff returns the staff member, or a problem when unknown or when
// they had left the hall before day (YYYY-MM-DD; "" is today).
func servingStaff(tx *store.Tx, id uint64, day string) (staff.Staff, error) {
	st, err := staff.GetStaffTx(tx, id)
	if errors.Is(err, staff.ErrNotFound) {
		return st, refuse("staff", keyStaffUnknown, map[string]any{"ID": id})
	}
	if err != nil {
		return st, err
	}
	if day == "" {
		day = tx.Today()
	}
	if st.Left(day) {
		return st, refuse("staff", keyStaffInactive, map[string]any{"Name": st.Name, "StaffNo": st.StaffNo, "End": st.EndDate})
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
