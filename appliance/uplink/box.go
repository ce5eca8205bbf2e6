package uplink

import (
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"bianmin/appliance/auditlog"
	"bianmin/appliance/boxkey"
	"bianmin/appliance/store"
)

// Buckets of the box side.
const (
	bucketState   = "uplink"         // "state" → state, "settings" → Settings
	bucketBatches = "uplink.batches" // IDKey(seq) → stored, of the current epoch
	keyState      = "state"
	keySettings   = "settings"
)

// Batch bounds: a batch holds at most MaxRecords records and about
// MaxBytes of outbox payload (one record may exceed it alone).
const (
	DefaultMaxRecords = 500
	DefaultMaxBytes   = 256 << 10
)

// state is the uplink's progress in the box's store.
type state struct {
	Epoch string `json:"epoch"`
	// NextSeq is the next batch's sequence number in Epoch.
	NextSeq uint64 `json:"next_seq"`
	// Batched is the last outbox entry packed into a batch of Epoch.
	Batched uint64 `json:"batched"`
	// Acked is the highest sequence number the county acknowledged in
	// Epoch.
	Acked uint64 `json:"acked"`
	// CountyHead is the seq of the latest audit head the county holds.
	CountyHead uint64 `json:"county_head"`

	LastSuccess time.Time `json:"last_success,omitzero"`
	LastAttempt time.Time `json:"last_attempt,omitzero"`
	LastError   string    `json:"last_error,omitempty"`
	LastErrorAt time.Time `json:"last_error_at,omitzero"`
	// Epochs counts the epochs this store has uploaded under (restores).
	Epochs int `json:"epochs"`
}

// stored is a sealed batch kept until the county acknowledges it.
type stored struct {
	Seq     uint64 `json:"seq"`
	First   uint64 `json:"first"`
	Last    uint64 `json:"last"`
	Records int    `json:"records"`
	Hash    string `json:"hash"`
	Data    []byte `json:"data"` // the sealed envelope
}

// Box is the box side of the uplink over one store.
type Box struct {
	db     *store.DB
	log    *auditlog.Log
	key    *boxkey.Key
	schema int
	// MaxRecords and MaxBytes bound one batch (defaults above).
	MaxRecords, MaxBytes int

	mu sync.Mutex // one sender, export or receipt at a time
}

// ErrNoKey is returned when the box has no signing key.
var ErrNoKey = errors.New("the box has no signing key yet: start bianmin serve once, or run bianmin uplink key")

// New returns the uplink of db; log signs the audit head with the box's
// key; schema is the store's schema version the batches name.
func New(db *store.DB, log *auditlog.Log, schema int) *Box {
	return &Box{db: db, log: log, key: log.Key(), schema: schema, MaxRecords: DefaultMaxRecords, MaxBytes: DefaultMaxBytes}
}

// ID is the box's id: its key's fingerprint.
func (b *Box) ID() string {
	if b.key == nil {
		return ""
	}
	return b.key.Fingerprint()
}

// PublicKey is the box's public key in base64 ("" without a key): what
// the county registers.
func (b *Box) PublicKey() string {
	if b.key == nil {
		return ""
	}
	return b.key.PublicText()
}

func getState(tx *store.Tx) (state, error) {
	var st state
	err := tx.Get(bucketState, []byte(keyState), &st)
	if errors.Is(err, store.ErrNotFound) {
		err = nil
	}
	return st, err
}

func putState(tx *store.Tx, st state) error { return tx.Put(bucketState, []byte(keyState), st) }

// current returns the state of the store's current epoch, starting it
// (and dropping the batches of an earlier one, never acknowledged, whose
// outbox entries are then packed again) when the store was restored.
func current(tx *store.Tx) (state, error) {
	st, err := getState(tx)
	if err != nil {
		return st, err
	}
	ep, err := tx.Epoch()
	if err != nil || st.Epoch == ep.ID || !tx.Bolt().Writable() {
		return st, err
	}
	if err := tx.Bolt().DeleteBucket([]byte(bucketBatches)); err != nil && tx.Bolt().Bucket([]byte(bucketBatches)) != nil {
		return st, err
	}
	st.Epoch, st.NextSeq, st.Batched, st.Acked = ep.ID, 1, 0, 0
	st.Epochs++
	return st, putState(tx, st)
}

// build packs the next outbox entries into up to window sealed batches
// (one transaction) and keeps them (false when the outbox has nothing
// left to pack).
func (b *Box) build(window int) (bool, error) {
	if b.key == nil {
		return false, ErrNoKey
	}
	settings, err := b.Settings()
	if err != nil {
		return false, err
	}
	var pre state
	if err := b.db.View(func(tx *store.Tx) (err error) { pre, err = getState(tx); return err }); err != nil {
		return false, err
	}
	head, err := b.log.SignedHead()
	if err != nil {
		return false, fmt.Errorf("sign the audit head: %w", err)
	}
	anchor := Anchor{Seq: pre.CountyHead}
	if anchor.Seq > 0 {
		if e, err := b.db.AuditEntry(anchor.Seq); err == nil {
			anchor.Hash = e.Hash
		} else if !errors.Is(err, store.ErrNotFound) {
			return false, err
		}
	}
	made := 0
	err = b.db.Update("system:uplink", func(tx *store.Tx) error {
		st, err := current(tx)
		if err != nil {
			return err
		}
		if st.NextSeq == 0 {
			st.NextSeq = 1
		}
		for made < window {
			entries, err := tx.OutboxAfter(st.Batched, b.MaxRecords, b.MaxBytes)
			if err != nil {
				return err
			}
			if len(entries) == 0 {
				break
			}
			batch := Batch{
				Box: b.ID(), Epoch: st.Epoch, Seq: st.NextSeq, Schema: b.schema,
				Created: tx.Now().UTC(), Head: head, Anchor: anchor,
				First: entries[0].Seq, Last: entries[len(entries)-1].Seq,
				Records: make([]Record, 0, len(entries)),
			}
			batch.Backlog = tx.OutboxLast() - batch.Last
			for _, e := range entries {
				if p, ok := Filter(e.Kind, e.Payload, settings.FullIDs); ok {
					batch.Records = append(batch.Records, Record{Seq: e.Seq, Time: e.Time, Kind: e.Kind, Payload: p})
				}
			}
			data, hash, err := seal(batch, b.key)
			if err != nil {
				return err
			}
			s := stored{Seq: batch.Seq, First: batch.First, Last: batch.Last, Records: len(batch.Records), Hash: hash, Data: data}
			if err := tx.Put(bucketBatches, store.IDKey(s.Seq), s); err != nil {
				return err
			}
			st.NextSeq++
			st.Batched = batch.Last
			made++
		}
		if made == 0 {
			return nil
		}
		return putState(tx, st)
	})
	return made > 0, err
}

// next returns up to n of the lowest kept batches of the current epoch.
func (b *Box) next(n int) (out []stored, epoch string, err error) {
	if epoch, err = b.syncEpoch(); err != nil {
		return nil, "", err
	}
	err = b.db.View(func(tx *store.Tx) error {
		bk, _ := tx.Bucket(bucketBatches)
		if bk == nil {
			return nil
		}
		c := bk.Cursor()
		for k, v := c.First(); k != nil && len(out) < n; k, v = c.Next() {
			var s stored
			if err := json.Unmarshal(v, &s); err != nil {
				return err
			}
			out = append(out, s)
		}
		return nil
	})
	return out, epoch, err
}

// kept returns every kept batch of the current epoch, in order.
func (b *Box) kept() (out []stored, epoch string, err error) {
	if epoch, err = b.syncEpoch(); err != nil {
		return nil, "", err
	}
	err = b.db.View(func(tx *store.Tx) error {
		out, err = store.All[stored](tx, bucketBatches)
		return err
	})
	return out, epoch, err
}

// syncEpoch returns the store's epoch, first starting the uplink's state
// for it (a write) only when the store was restored or never uploaded.
func (b *Box) syncEpoch() (string, error) {
	var epoch string
	same := false
	if err := b.db.View(func(tx *store.Tx) error {
		st, err := getState(tx)
		if err != nil {
			return err
		}
		ep, err := tx.Epoch()
		epoch, same = ep.ID, err == nil && ep.ID != "" && ep.ID == st.Epoch
		return err
	}); err != nil || same {
		return epoch, err
	}
	err := b.db.Update("system:uplink", func(tx *store.Tx) error {
		st, err := current(tx)
		epoch = st.Epoch
		return err
	})
	return epoch, err
}

// Acked is what one acknowledgement deleted.
type Acked struct {
	Batches, Records int
}

// ack applies the county's acknowledgement of 1..upTo in epoch: kept
// batches up to it and their outbox entries are deleted. An
// acknowledgement of another epoch changes nothing.
func (b *Box) ack(epoch string, upTo, countyHead uint64, at time.Time) (Acked, error) {
	var a Acked
	err := b.db.Update("system:uplink", func(tx *store.Tx) error {
		st, err := current(tx)
		if err != nil || st.Epoch != epoch {
			return err
		}
		bk, _ := tx.Bucket(bucketBatches)
		c := bk.Cursor()
		var last uint64
		for k, v := c.First(); k != nil && store.KeyID(k) <= upTo; k, v = c.First() {
			var s stored
			if err := json.Unmarshal(v, &s); err != nil {
				return err
			}
			last = s.Last
			a.Batches++
			a.Records += int(s.Last - s.First + 1)
			if err := c.Delete(); err != nil {
				return err
			}
		}
		if last > 0 {
			if err := tx.OutboxDeleteThrough(last); err != nil {
				return err
			}
		}
		st.Acked = max(st.Acked, upTo)
		st.CountyHead = max(st.CountyHead, countyHead)
		if !at.IsZero() {
			st.LastSuccess, st.LastAttempt, st.LastError = at, at, ""
		}
		return putState(tx, st)
	})
	return a, err
}

// noteError records a failed attempt for the status page (only when the
// error changes, so a long outage does not write on every retry).
func (b *Box) noteError(msg string, at time.Time) {
	_ = b.db.Update("system:uplink", func(tx *store.Tx) error {
		st, err := getState(tx)
		if err != nil || (st.LastError == msg && at.Sub(st.LastAttempt) < time.Hour) {
			return err
		}
		st.LastError, st.LastErrorAt, st.LastAttempt = msg, at, at
		return putState(tx, st)
	})
}

// Status is what the status page and the dashboard show.
type Status struct {
	Box         string
	Epoch       string
	Epochs      int
	LastSuccess time.Time
	LastAttempt time.Time
	LastError   string
	LastErrorAt time.Time
	// Backlog is the number of outbox entries not yet acknowledged, and
	// Oldest the commit time of the oldest of them (zero when none).
	Backlog int
	Oldest  time.Time
	// Batches is the number of sealed batches waiting for acknowledgement.
	Batches  int
	Settings Settings
}

// Waiting is since when records have waited for the county: the last
// success, or the oldest waiting record when it came later (zero when
// nothing waits).
func (s Status) Waiting() time.Time {
	if s.Backlog == 0 {
		return time.Time{}
	}
	since := s.LastSuccess
	if since.IsZero() || s.Oldest.After(since) {
		since = s.Oldest
	}
	return since
}

// Overdue says whether the dashboard warns: records have waited for the
// county longer than the settings' WarnDays.
func (s Status) Overdue(now time.Time) bool {
	w := s.Waiting()
	return !w.IsZero() && now.Sub(w) > time.Duration(s.Settings.warnDays())*24*time.Hour
}

// DaysWaiting is how many whole days records have waited (Waiting).
func (s Status) DaysWaiting(now time.Time) int {
	w := s.Waiting()
	if w.IsZero() {
		return 0
	}
	return int(now.Sub(w) / (24 * time.Hour))
}

// Status reads the uplink's status.
func (b *Box) Status() (Status, error) {
	s := Status{Box: b.ID()}
	set, err := b.Settings()
	if err != nil {
		return s, err
	}
	s.Settings = set
	s.Backlog = b.db.OutboxLen()
	err = b.db.View(func(tx *store.Tx) error {
		st, err := getState(tx)
		if err != nil {
			return err
		}
		ep, err := tx.Epoch()
		if err != nil {
			return err
		}
		s.Epoch, s.Epochs = ep.ID, st.Epochs
		s.LastSuccess, s.LastAttempt, s.LastError, s.LastErrorAt = st.LastSuccess, st.LastAttempt, st.LastError, st.LastErrorAt
		if st.Epoch == ep.ID {
			s.Batches = tx.Count(bucketBatches)
		}
		if e, ok, err := tx.OutboxOldest(); err != nil {
			return err
		} else if ok {
			s.Oldest = e.Time
		}
		return nil
	})
	return s, err
}
