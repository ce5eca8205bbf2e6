package store

// Search indexes of the audit chain. Three buckets beside "audit", written
// in the same transaction as each entry:
//
//	audit.by_time    time(8) seq(8)                → (empty)
//	audit.by_actor   actor 0x00 time(8) seq(8)     → action
//	audit.by_action  action 0x00 time(8) seq(8)    → actor
//
// time is the entry's instant in nanoseconds since 1970 (big-endian), so a
// person's, an action's or everyone's entries between two dates are one
// key range, newest first by walking it backwards. Entries written before
// the indexes existed are indexed in the background (BackfillAuditIndex),
// newest first; meta "audit_indexed_from" is the lowest sequence number
// from which every entry is indexed.

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

const (
	bucketAuditByTime   = "audit.by_time"
	bucketAuditByActor  = "audit.by_actor"
	bucketAuditByAction = "audit.by_action"
	metaAuditIndexed    = "audit_indexed_from"
)

// auditPos is an entry's place in the indexes: its time, then its number.
func auditPos(e *AuditEntry) []byte {
	k := make([]byte, 16)
	ns := e.Time.UnixNano()
	if ns < 0 || e.Time.Year() < 1970 {
		ns = 0
	}
	binary.BigEndian.PutUint64(k, uint64(ns))
	binary.BigEndian.PutUint64(k[8:], e.Seq)
	return k
}

func indexKey(name string, pos []byte) []byte {
	k := make([]byte, 0, len(name)+1+len(pos))
	return append(append(append(k, name...), 0), pos...)
}

// indexAudit writes the entry's three index keys.
func (tx *Tx) indexAudit(e *AuditEntry) error {
	return putAuditIndex(tx.btx, e)
}

func putAuditIndex(btx *bolt.Tx, e *AuditEntry) error {
	pos := auditPos(e)
	for _, ix := range []struct {
		bucket string
		key    []byte
		value  string
	}{
		{bucketAuditByTime, pos, ""},
		{bucketAuditByActor, indexKey(e.Actor, pos), e.Action},
		{bucketAuditByAction, indexKey(e.Action, pos), e.Actor},
	} {
		b, err := btx.CreateBucketIfNotExists([]byte(ix.bucket))
		if err != nil {
			return err
		}
		if err := b.Put(ix.key, []byte(ix.value)); err != nil {
			return err
		}
	}
	return nil
}

// initAuditIndex records, on a store opened for writing, from where the
// indexes are complete: everything for a new chain, nothing below the
// current head for a chain written before the indexes existed.
func initAuditIndex(btx *bolt.Tx) error {
	meta := btx.Bucket([]byte(bucketMeta))
	if meta.Get([]byte(metaAuditIndexed)) != nil {
		return nil
	}
	var head auditHead
	if raw := meta.Get([]byte(metaAuditHead)); raw != nil {
		if err := json.Unmarshal(raw, &head); err != nil {
			return fmt.Errorf("read the audit head: %w", err)
		}
	}
	data, _ := json.Marshal(head.Seq + 1)
	return meta.Put([]byte(metaAuditIndexed), data)
}

// AuditIndexedFrom is the lowest sequence number from which every entry is
// in the search indexes (1 when all are).
func (db *DB) AuditIndexedFrom() uint64 {
	from := uint64(1)
	_ = db.View(func(tx *Tx) error {
		if err := tx.Get(bucketMeta, []byte(metaAuditIndexed), &from); err == ErrNotFound {
			from = 1
		}
		return nil
	})
	return from
}

// BackfillAuditIndex indexes up to batch entries below AuditIndexedFrom in
// one transaction and returns how many are left to index. It writes no
// audit entry: the indexes are derived from the chain. When every entry is
// indexed it only reads (it runs at every start, and a write transaction
// commits with two fsyncs).
func (db *DB) BackfillAuditIndex(batch int) (left uint64, err error) {
	if db.AuditIndexedFrom() <= 1 {
		return 0, nil
	}
	err = db.bolt.Update(func(btx *bolt.Tx) error {
		meta := btx.Bucket([]byte(bucketMeta))
		var from uint64 = 1
		if raw := meta.Get([]byte(metaAuditIndexed)); raw != nil {
			if err := json.Unmarshal(raw, &from); err != nil {
				return err
			}
		}
		audit := btx.Bucket([]byte(bucketAudit))
		for n := 0; from > 1 && n < batch; n++ {
			seq := from - 1
			if data := audit.Get(IDKey(seq)); data != nil {
				var e AuditEntry
				if err := json.Unmarshal(data, &e); err != nil {
					return fmt.Errorf("audit entry %d: %w", seq, err)
				}
				if err := putAuditIndex(btx, &e); err != nil {
					return err
				}
			}
			from = seq
		}
		left = from - 1
		data, _ := json.Marshal(from)
		return meta.Put([]byte(metaAuditIndexed), data)
	})
	return left, err
}

// AuditNames lists the distinct actors (or, with actions, the distinct
// actions) in the indexes, in order, at most limit of them: one seek per
// name, however many entries each has.
func (db *DB) AuditNames(actions bool, limit int) ([]string, error) {
	bucket := bucketAuditByActor
	if actions {
		bucket = bucketAuditByAction
	}
	var out []string
	err := db.View(func(tx *Tx) error {
		b, _ := tx.Bucket(bucket)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, _ := c.First(); k != nil && len(out) < limit; {
			i := bytes.IndexByte(k, 0)
			if i < 0 {
				k, _ = c.Next()
				continue
			}
			name := string(k[:i])
			out = append(out, name)
			k, _ = c.Seek(append([]byte(name), 1))
		}
		return nil
	})
	return out, err
}
