package store

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// The store's epoch names one unbroken history of this database file. A
// restore (Restore) rewinds the file to an earlier state — its outbox, its
// counters, the uplink's batch numbers — so it starts a new epoch: the
// county then never takes a rewound batch number for a duplicate of one it
// already holds (appliance/uplink). A database that never had one gets its
// first epoch when something first asks for it (Tx.Epoch).
const metaEpoch = "epoch"

// EpochLen is the length of an epoch's name: 16 hex digits.
const EpochLen = 16

// Epoch is one epoch of the store.
type Epoch struct {
	ID string `json:"id"` // 16 hex digits, random
	// Restored: the epoch was started by a restore (not the first start).
	Restored bool `json:"restored,omitempty"`
}

func newEpoch(restored bool) (Epoch, error) {
	var b [EpochLen / 2]byte
	if _, err := rand.Read(b[:]); err != nil {
		return Epoch{}, err
	}
	return Epoch{ID: hex.EncodeToString(b[:]), Restored: restored}, nil
}

// Epoch returns the store's current epoch; in a write transaction, a store
// that has none gets its first one now. In a read transaction of such a
// store the zero Epoch is returned.
func (tx *Tx) Epoch() (Epoch, error) {
	var e Epoch
	err := tx.Get(bucketMeta, []byte(metaEpoch), &e)
	if err == nil || err != ErrNotFound {
		return e, err
	}
	if !tx.btx.Writable() {
		return Epoch{}, nil
	}
	if e, err = newEpoch(false); err != nil {
		return e, err
	}
	return e, tx.Put(bucketMeta, []byte(metaEpoch), e)
}

// startEpoch writes a new epoch into the database file at path, which no
// one else has open (the checked copy of a backup, before Restore puts it
// in place).
func startEpoch(path string) error {
	bdb, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		return fmt.Errorf("open %s to start a new epoch: %w", path, err)
	}
	e, err := newEpoch(true)
	if err != nil {
		bdb.Close()
		return err
	}
	data, _ := json.Marshal(e)
	err = bdb.Update(func(btx *bolt.Tx) error {
		b, err := btx.CreateBucketIfNotExists([]byte(bucketMeta))
		if err != nil {
			return err
		}
		return b.Put([]byte(metaEpoch), data)
	})
	if cerr := bdb.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("start a new epoch in %s: %w", path, err)
	}
	return nil
}
