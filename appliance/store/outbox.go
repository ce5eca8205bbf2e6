package store

import (
	"encoding/json"
	"fmt"
	"time"
)

// OutboxEntry is a record waiting to be uploaded to the county center. Domain
// writes append it in the same transaction as the record itself, so nothing
// committed is ever missing from the upload stream.
type OutboxEntry struct {
	Seq     uint64          `json:"seq"`
	Time    time.Time       `json:"time"`
	Kind    string          `json:"kind"`
	Payload json.RawMessage `json:"payload"`
}

// Outbox appends payload of the given kind ("staff", "punch", …) to the
// outbox in this transaction.
func (tx *Tx) Outbox(kind string, payload any) error {
	data, err := json.Marshal(payload)
	if err != nil {
		return fmt.Errorf("outbox %s: %w", kind, err)
	}
	seq, err := tx.NextID(bucketOutbox)
	if err != nil {
		return err
	}
	return tx.Put(bucketOutbox, IDKey(seq), OutboxEntry{Seq: seq, Time: tx.Now().UTC(), Kind: kind, Payload: data})
}

// OutboxPending returns up to limit entries with Seq > after, oldest first.
func (db *DB) OutboxPending(after uint64, limit int) ([]OutboxEntry, error) {
	var out []OutboxEntry
	err := db.View(func(tx *Tx) error {
		b, _ := tx.Bucket(bucketOutbox)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, v := c.Seek(IDKey(after + 1)); k != nil && len(out) < limit; k, v = c.Next() {
			var e OutboxEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return err
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

// OutboxAck deletes every entry with Seq <= upTo: the county has
// acknowledged them.
func (db *DB) OutboxAck(upTo uint64) error {
	return db.Update("system:uplink", func(tx *Tx) error { return tx.OutboxDeleteThrough(upTo) })
}

// OutboxLen is the number of entries waiting for upload. Entries get
// rising sequence numbers and leave only from the front (OutboxAck), so
// they are one unbroken run and the count is last − first + 1: two cursor
// seeks, where counting the keys would read the whole bucket (hundreds of
// megabytes once a year of punches waits for the uplink).
func (db *DB) OutboxLen() int {
	n := 0
	_ = db.View(func(tx *Tx) error {
		b, _ := tx.Bucket(bucketOutbox)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		first, _ := c.First()
		last, _ := c.Last()
		if first != nil && last != nil {
			n = int(KeyID(last) - KeyID(first) + 1)
		}
		return nil
	})
	return n
}

// OutboxAfter returns, in this transaction, up to limit entries with
// Seq > after, oldest first, stopping early once their payloads reach
// maxBytes (at least one entry is returned when there is one).
func (tx *Tx) OutboxAfter(after uint64, limit, maxBytes int) ([]OutboxEntry, error) {
	var out []OutboxEntry
	b, _ := tx.Bucket(bucketOutbox)
	if b == nil {
		return nil, nil
	}
	size := 0
	c := b.Cursor()
	for k, v := c.Seek(IDKey(after + 1)); k != nil && len(out) < limit; k, v = c.Next() {
		if len(out) > 0 && size+len(v) > maxBytes {
			break
		}
		var e OutboxEntry
		if err := json.Unmarshal(v, &e); err != nil {
			return nil, fmt.Errorf("decode outbox entry %d: %w", KeyID(k), err)
		}
		size += len(v)
		out = append(out, e)
	}
	return out, nil
}

// OutboxDeleteThrough deletes, in this transaction, every entry with
// Seq <= upTo: the county has acknowledged them.
func (tx *Tx) OutboxDeleteThrough(upTo uint64) error {
	b, err := tx.Bucket(bucketOutbox)
	if err != nil || b == nil {
		return err
	}
	c := b.Cursor()
	for k, _ := c.First(); k != nil && KeyID(k) <= upTo; k, _ = c.First() {
		if err := c.Delete(); err != nil {
			return err
		}
	}
	return nil
}

// OutboxOldest is the oldest entry waiting for upload (ok false when the
// outbox is empty).
func (tx *Tx) OutboxOldest() (e OutboxEntry, ok bool, err error) {
	b, _ := tx.Bucket(bucketOutbox)
	if b == nil {
		return e, false, nil
	}
	k, v := b.Cursor().First()
	if k == nil {
		return e, false, nil
	}
	return e, true, json.Unmarshal(v, &e)
}

// OutboxLast is the newest entry's sequence number (0 when empty).
func (tx *Tx) OutboxLast() uint64 {
	b, _ := tx.Bucket(bucketOutbox)
	if b == nil {
		return 0
	}
	k, _ := b.Cursor().Last()
	return KeyID(k)
}
