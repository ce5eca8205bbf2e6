package attendance

// Records that someone requests and the office decides — remedies and
// objections now; leave, 差评 follow-ups and case steps later — share one
// shape of storage and one read model: the page of pending requests
// (oldest date first) and the page of decisions (newest first), for the
// people a user may see, paged by key range.
//
// Beside its bucket (staffID|date|id → record) and its id index, such a
// kind keeps two index buckets, written in the same transaction as the
// record:
//
//	<bucket>_pending  staffID|date|id → (empty): the keys of pending records
//	<bucket>_decided  staffID|decidedAt|id → key + status: every decision
//
// A decided record is never changed again, so an entry of the decided
// index never moves. Migration 2 (appliance/schema) built both for the
// records stored before them.

import (
	"bytes"
	"errors"
	"time"

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
)

func pendingBucket(bucket string) string { return bucket + "_pending" }
func decidedBucket(bucket string) string { return bucket + "_decided" }

// putDecisionRecord stores v (a record of a decided kind, with its status
// and, once decided, its decision time) under key with its id index, and
// keeps the pending and decided indexes.
func putDecisionRecord(tx *store.Tx, bucket string, id uint64, key []byte, status DecisionStatus, decidedAt time.Time, v any) error {
	if err := putRecord(tx, bucket, id, key, v); err != nil {
		return err
	}
	pending, err := tx.Bucket(pendingBucket(bucket))
	if err != nil {
		return err
	}
	if status == StatusPending {
		return pending.Put(key, []byte{})
	}
	if err := pending.Delete(key); err != nil {
		return err
	}
	decided, err := tx.Bucket(decidedBucket(bucket))
	if err != nil {
		return err
	}
	staffID := store.KeyID(key[:8])
	return decided.Put(recordKey(staffID, decidedAt, id), append(bytes.Clone(key), status...))
}

// DecisionQuery asks for the two lists of a decision page.
type DecisionQuery struct {
	Scope Scope
	// StaffID narrows the lists to one person of the scope; 0: everyone
	// in it.
	StaffID uint64
	// Outcome narrows the decided list to one outcome (approved,
	// accepted, rejected); "": every outcome.
	Outcome DecisionStatus
	// PendingPage and DecidedPage are the 1-based pages wanted; each is
	// clamped to the pages there are.
	PendingPage, DecidedPage int
	// PageSize is the rows a page holds; 0: every row on one page.
	PageSize int
}

// ListPage is one page of a list of records.
type ListPage[T any] struct {
	Rows  []T
	Total int // rows on every page
	Page  int // 1-based
	Pages int // at least 1
}

// listPage decodes a store page of records.
func listPage[T any](bucket string, pg store.Paged, entries []store.Entry) (ListPage[T], error) {
	rows, err := decodeEntries[T](bucket, entries)
	return ListPage[T]{Rows: rows, Total: pg.Total, Page: pg.Page, Pages: pg.Pages}, err
}

// decisionLists reads the page of pending records (date order, then
// request order) and the page of decided ones (newest decision first) of
// bucket, for q's scope and filters.
func decisionLists[T any](tx *store.Tx, bucket string, q DecisionQuery) (pending, decided ListPage[T], err error) {
	spans, err := q.Scope.spans(tx, pendingBucket(bucket), q.StaffID)
	if err != nil {
		return pending, decided, err
	}
	pg, err := tx.Page(store.Query{Bucket: pendingBucket(bucket), Spans: spans, Page: q.PendingPage, Size: q.PageSize})
	if err != nil {
		return pending, decided, err
	}
	if pending, err = listPage[T](bucket, pg, resolve(tx, bucket, pg.Entries, func(e store.Entry) []byte { return e.Key })); err != nil {
		return pending, decided, err
	}
	if spans, err = q.Scope.spans(tx, decidedBucket(bucket), q.StaffID); err != nil {
		return pending, decided, err
	}
	var keep func(k, v []byte) bool
	if q.Outcome != "" {
		keep = func(_, v []byte) bool { return len(v) > 24 && string(v[24:]) == string(q.Outcome) }
	}
	pg, err = tx.Page(store.Query{Bucket: decidedBucket(bucket), Spans: spans, Desc: true, Page: q.DecidedPage, Size: q.PageSize, Keep: keep})
	if err != nil {
		return pending, decided, err
	}
	decided, err = listPage[T](bucket, pg, resolve(tx, bucket, pg.Entries, func(e store.Entry) []byte { return e.Value[:24] }))
	return pending, decided, err
}

// resolve reads, from bucket, the records an index page points at (key
// gives the record's key from an index entry).
func resolve(tx *store.Tx, bucket string, index []store.Entry, key func(store.Entry) []byte) []store.Entry {
	b, _ := tx.Bucket(bucket)
	out := make([]store.Entry, 0, len(index))
	for _, e := range index {
		k := key(e)
		if b == nil {
			break
		}
		if v := b.Get(k); v != nil {
			out = append(out, store.Entry{Key: k, Value: v})
		}
	}
	return out
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
