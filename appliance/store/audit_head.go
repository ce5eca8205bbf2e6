package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"
)

// BackupAuditHead reads the audit chain's head from a backup file (or any
// bianmin database not in use): the last entry's number, hash and time. A
// backup kept off the box is a head taken when it was made.
func BackupAuditHead(path string) (seq uint64, hash string, at time.Time, err error) {
	if _, err := os.Stat(path); err != nil {
		return 0, "", time.Time{}, fmt.Errorf("backup file %s: %w", path, err)
	}
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return 0, "", time.Time{}, fmt.Errorf("%s is not a bianmin database: %w", path, err)
	}
	defer bdb.Close()
	err = bdb.View(func(btx *bolt.Tx) error {
		meta := btx.Bucket([]byte(bucketMeta))
		if meta == nil {
			return errors.New("it has no meta bucket")
		}
		var head auditHead
		if raw := meta.Get([]byte(metaAuditHead)); raw != nil {
			if err := json.Unmarshal(raw, &head); err != nil {
				return fmt.Errorf("its audit head cannot be read: %w", err)
			}
		}
		seq, hash = head.Seq, head.Hash
		if seq == 0 {
			hash = genesisHash
			return nil
		}
		if b := btx.Bucket([]byte(bucketAudit)); b != nil {
			var e AuditEntry
			if raw := b.Get(IDKey(seq)); raw != nil && json.Unmarshal(raw, &e) == nil {
				at = e.Time
			}
		}
		return nil
	})
	if err != nil {
		return 0, "", time.Time{}, fmt.Errorf("%s is not a bianmin database: %w", path, err)
	}
	return seq, hash, at, nil
}
