package decision

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"time"

	"bianmin/appliance/store"
)

// PendingBucket and DecidedBucket name the indexes of bucket.
func PendingBucket(bucket string) string { return bucket + "_pending" }
func DecidedBucket(bucket string) string { return bucket + "_decided" }

// Put keeps the indexes of the record stored under key (owner|date|id,
// 8 bytes each) in bucket: while pending, its key is in the pending index; once decided
// (at decidedAt, with outcome), it leaves the pending index and enters
// the decided one. Call it in the transaction that stores the record.
func Put(tx *store.Tx, bucket string, key []byte, pending bool, decidedAt time.Time, outcome string) error {
	if len(key) != 24 {
		return fmt.Errorf("decision index of %s: key %x is not owner|date|id (24 bytes)", bucket, key)
	}
	if pending {
		return PutPending(tx, bucket, key, "")
	}
	p, err := tx.Bucket(PendingBucket(bucket))
	if err != nil {
		return err
	}
	if err := p.Delete(key); err != nil {
		return err
	}
	d, err := tx.Bucket(DecidedBucket(bucket))
	if err != nil {
		return err
	}
	return d.Put(DecidedKey(key, decidedAt), append(bytes.Clone(key), outcome...))
}

// PutPending keeps the record stored under key in bucket's pending index
// at stage: for records decided in several steps (leave: the office, then
// the director, …) the stage says whose turn it is, so that each approver's
// queue is a filter on the index (Query.Stages) that decodes no record.
// "" is the stage of single-step records. Call it in the transaction that
// stores the record, each time the stage moves; Put with pending false
// takes the record out once it is decided.
func PutPending(tx *store.Tx, bucket string, key []byte, stage string) error {
	if len(key) != 24 {
		return fmt.Errorf("decision index of %s: key %x is not owner|date|id (24 bytes)", bucket, key)
	}
	p, err := tx.Bucket(PendingBucket(bucket))
	if err != nil {
		return err
	}
	return p.Put(key, []byte(stage))
}

// DecidedKey is the decided index's key of the record stored under key:
// owner|decidedAt|id, 8-byte big-endian parts (decidedAt in Unix
// nanoseconds).
func DecidedKey(key []byte, decidedAt time.Time) []byte {
	k := make([]byte, 24)
	copy(k[:8], key[:8])
	binary.BigEndian.PutUint64(k[8:], uint64(decidedAt.UnixNano()))
	copy(k[16:], key[len(key)-8:])
	return k
}

// Query asks for the two lists of a decision page.
type Query struct {
	Scope Scope
	// StaffID narrows the lists to one person of the scope; 0: everyone
	// in it.
	StaffID uint64
	// Outcome narrows the decided list to one outcome ("approved",
	// "rejected", …); "": every outcome.
	Outcome string
	// Stages narrows the pending list to the records waiting at one of
	// these stages (PutPending); none: every pending record.
	Stages []string
	// PendingPage and DecidedPage are the 1-based pages wanted; each is
	// clamped to the pages there are.
	PendingPage, DecidedPage int
	// PageSize is the rows a page holds; 0: every row on one page.
	PageSize int
}

// Page is one page of a list of records.
type Page[T any] struct {
	Rows  []T
	Total int // rows on every page
	Page  int // 1-based
	Pages int // at least 1
}

// PageOf decodes the records of a store page (entries: their keys and
// values in bucket).
func PageOf[T any](bucket string, pg store.Paged, entries []store.Entry) (Page[T], error) {
	out := Page[T]{Rows: make([]T, 0, len(entries)), Total: pg.Total, Page: pg.Page, Pages: pg.Pages}
	for _, e := range entries {
		r, err := store.Decode[T](bucket, e.Key, e.Value)
		if err != nil {
			return out, err
		}
		out.Rows = append(out.Rows, r)
	}
	return out, nil
}

// Lists reads the page of pending records of bucket (date order, then
// request order) and the page of decided ones (newest decision first) that
// q asks for. Only the pages' records are read and decoded.
func Lists[T any](tx *store.Tx, bucket string, q Query) (pending, decided Page[T], err error) {
	spans, err := q.Scope.Spans(tx, PendingBucket(bucket), q.StaffID, nil, nil)
	if err != nil {
		return pending, decided, err
	}
	var atStage func(k, v []byte) bool
	if len(q.Stages) > 0 {
		atStage = func(_, v []byte) bool { return slices.Contains(q.Stages, string(v)) }
	}
	pg, err := tx.Page(store.Query{Bucket: PendingBucket(bucket), Spans: spans, Page: q.PendingPage, Size: q.PageSize, Keep: atStage})
	if err != nil {
		return pending, decided, err
	}
	if pending, err = PageOf[T](bucket, pg, resolve(tx, bucket, pg.Entries, func(e store.Entry) []byte { return e.Key })); err != nil {
		return pending, decided, err
	}
	if spans, err = q.Scope.Spans(tx, DecidedBucket(bucket), q.StaffID, nil, nil); err != nil {
		return pending, decided, err
	}
	var keep func(k, v []byte) bool
	if q.Outcome != "" {
		keep = func(_, v []byte) bool { return len(v) > 24 && string(v[24:]) == q.Outcome }
	}
	pg, err = tx.Page(store.Query{Bucket: DecidedBucket(bucket), Spans: spans, Desc: true, Page: q.DecidedPage, Size: q.PageSize, Keep: keep})
	if err != nil {
		return pending, decided, err
	}
	decided, err = PageOf[T](bucket, pg, resolve(tx, bucket, pg.Entries, func(e store.Entry) []byte { return e.Value[:24] }))
	return pending, decided, err
}

// resolve reads, from bucket, the records an index page points at (key
// gives the record's key from an index entry).
func resolve(tx *store.Tx, bucket string, index []store.Entry, key func(store.Entry) []byte) []store.Entry {
	b, _ := tx.Bucket(bucket)
	if b == nil {
		return nil
	}
	out := make([]store.Entry, 0, len(index))
	for _, e := range index {
		k := key(e)
		if v := b.Get(k); v != nil {
			out = append(out, store.Entry{Key: k, Value: v})
		}
	}
	return out
}
