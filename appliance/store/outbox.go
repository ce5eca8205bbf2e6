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
	return db.Update("system:uplink", func(tx *Tx) error {
		b, err := tx.Bucket(bucketOutbox)
		if err != nil {
			return err
		}
		c := b.Cursor()
		for k, _ := c.First(); k != nil && KeyID(k) <= upTo; k, _ = c.First() {
			if err := c.Delete(); err != nil {
				return err
			}
		}
		return nil
	})
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
