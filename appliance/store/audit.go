package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// AuditEntry is one link of the audit chain. Hash covers every other field,
// PrevHash included, so editing or removing an entry breaks the chain from
// that entry on.
type AuditEntry struct {
	Seq      uint64          `json:"seq"`
	Time     time.Time       `json:"time"`
	Actor    string          `json:"actor"`
	Action   string          `json:"action"`
	Object   string          `json:"object"`
	Before   json.RawMessage `json:"before,omitempty"`
	After    json.RawMessage `json:"after,omitempty"`
	PrevHash string          `json:"prev_hash"`
	Hash     string          `json:"hash"`
}

const metaAuditHead = "audit_head"

// auditHead is how the chain's head is kept in meta (AuditHead).
type auditHead = AuditHead

// genesisHash is the PrevHash of the first entry.
const genesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// hashEntry returns the hex SHA-256 of the entry with Hash cleared.
func hashEntry(e AuditEntry) (string, error) {
	e.Hash = ""
	data, err := json.Marshal(e)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}

func summary(v any) (json.RawMessage, error) {
	if v == nil {
		return nil, nil
	}
	if raw, ok := v.(json.RawMessage); ok {
		return raw, nil
	}
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	if bytes.Equal(data, []byte("null")) {
		return nil, nil
	}
	return data, nil
}

// Audit appends an entry to the audit chain in this transaction: the
// transaction's actor did action (for example "staff.update") to object
// ("staff/1024"); before and after are summaries (nil when not applicable).
// The entry is bounded (see boundEntry): text from outside cannot make it
// large. It is indexed for search by actor, action and time at once.
func (tx *Tx) Audit(action, object string, before, after any) error {
	b, err := tx.Bucket(bucketAudit)
	if err != nil {
		return err
	}
	head, err := tx.auditHead()
	if err != nil {
		return err
	}
	e := AuditEntry{
		Seq:      head.Seq + 1,
		Time:     tx.Now().UTC(),
		Actor:    tx.actor,
		Action:   action,
		Object:   object,
		PrevHash: head.Hash,
	}
	if e.Before, err = summary(before); err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	if e.After, err = summary(after); err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	boundEntry(&e)
	if e.Hash, err = hashEntry(e); err != nil {
		return err
	}
	data, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if err := b.Put(IDKey(e.Seq), data); err != nil {
		return err
	}
	if err := tx.indexAudit(&e); err != nil {
		return err
	}
	return tx.Put(bucketMeta, []byte(metaAuditHead), auditHead{Seq: e.Seq, Hash: e.Hash})
}

// auditHead is the chain's head as stored (genesis for an empty chain).
func (tx *Tx) auditHead() (auditHead, error) {
	var head auditHead
	if err := tx.Get(bucketMeta, []byte(metaAuditHead), &head); err != nil && err != ErrNotFound {
		return head, err
	}
	if head.Hash == "" {
		head.Hash = genesisHash
	}
	return head, nil
}

// AuditHead is the chain's head: the last entry's sequence number and hash
// (0 and the genesis hash for an empty chain).
func (db *DB) AuditHead() (seq uint64, hash string, err error) {
	err = db.View(func(tx *Tx) error {
		h, err := tx.auditHead()
		seq, hash = h.Seq, h.Hash
		return err
	})
	return seq, hash, err
}

// GenesisHash is the PrevHash of the first entry and the hash of an empty
// chain's head.
const GenesisHash = genesisHash

// AuditVerifyResult is what VerifyAudit found.
type AuditVerifyResult struct {
	Entries  uint64 // entries checked
	OK       bool
	BrokenAt uint64 // first broken entry's sequence number when !OK
	Reason   string // why it is broken
}

// VerifyAudit walks the chain from the first entry and reports the first
// broken link: a changed entry, a missing entry, or a head that does not
// match the last entry.
func (db *DB) VerifyAudit() (AuditVerifyResult, error) { return db.VerifyAuditVisit(nil) }

// VerifyAuditVisit is VerifyAudit calling visit with every entry found
// intact, in order (to check the chain against a head taken before). An
// error from visit ends the walk and is returned.
func (db *DB) VerifyAuditVisit(visit func(e *AuditEntry) error) (AuditVerifyResult, error) {
	var res AuditVerifyResult
	err := db.View(func(tx *Tx) error {
		prev := genesisHash
		var want uint64 = 1
		broken := func(seq uint64, reason string) error {
			res.BrokenAt, res.Reason = seq, reason
			return errStop
		}
		err := tx.ForEach(bucketAudit, func(k, data []byte) error {
			var e AuditEntry
			if err := json.Unmarshal(data, &e); err != nil {
				return broken(KeyID(k), "entry cannot be read: "+err.Error())
			}
			if e.Seq != KeyID(k) || e.Seq != want {
				return broken(want, fmt.Sprintf("entry %d is missing (found %d)", want, KeyID(k)))
			}
			if e.PrevHash != prev {
				return broken(e.Seq, "previous-hash link does not match the entry before it")
			}
			h, err := hashEntry(e)
			if err != nil {
				return err
			}
			if h != e.Hash {
				return broken(e.Seq, "entry content was changed after it was written")
			}
			prev, want = e.Hash, want+1
			res.Entries++
			if res.Entries%8192 == 0 { // about 20 MB read: let go of it
				_ = tx.releaseMapped()
			}
			if visit != nil {
				return visit(&e)
			}
			return nil
		})
		if err == errStop {
			return nil
		}
		if err != nil {
			return err
		}
		var head auditHead
		if err := tx.Get(bucketMeta, []byte(metaAuditHead), &head); err != nil && err != ErrNotFound {
			return err
		}
		if head.Seq != res.Entries || (head.Seq > 0 && head.Hash != prev) {
			res.BrokenAt, res.Reason = res.Entries, fmt.Sprintf("chain head says %d entries, found %d", head.Seq, res.Entries)
			return nil
		}
		res.OK = true
		return nil
	})
	// The whole audit bucket was read through the memory map (636 MB for
	// ten years): let go of the rest of it, as no page of it is needed now.
	_ = db.ReleaseMapped()
	return res, err
}

// AuditEntry returns the entry with sequence number seq.
func (db *DB) AuditEntry(seq uint64) (AuditEntry, error) {
	var e AuditEntry
	err := db.View(func(tx *Tx) error {
		var err error
		e, err = GetAs[AuditEntry](tx, bucketAudit, IDKey(seq))
		return err
	})
	return e, err
}

// AuditEntries returns up to limit entries, newest first, optionally only
// those whose Object starts with objectPrefix.
func (db *DB) AuditEntries(objectPrefix string, limit int) ([]AuditEntry, error) {
	var out []AuditEntry
	err := db.View(func(tx *Tx) error {
		b, _ := tx.Bucket(bucketAudit)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, v := c.Last(); k != nil && len(out) < limit; k, v = c.Prev() {
			var e AuditEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return err
			}
			if objectPrefix == "" || len(e.Object) >= len(objectPrefix) && e.Object[:len(objectPrefix)] == objectPrefix {
				out = append(out, e)
			}
		}
		return nil
	})
	return out, err
}

type stopError struct{}

func (stopError) Error() string { return "stop" }

var errStop error = stopError{}
