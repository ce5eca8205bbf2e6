package store

// Backups that never hold the store.
//
// Streaming a backup straight out of a read transaction ties the store to
// the person downloading it: bbolt's read transaction holds the memory map,
// and the next write that grows the file waits for it, with every other
// reader and writer queued behind that write — one browser that stops
// reading froze the hall for two minutes. So a backup is taken in two
// steps: Snapshot copies the database into a temporary file in one read
// transaction bounded in time (local disk to local disk, seconds), checks
// the copy's structure, and hands back the open file, already unlinked;
// the caller then streams it at whatever pace the other end reads, holding
// nothing but a file descriptor.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"bianmin/appliance/problem"

	bolt "go.etcd.io/bbolt"
)

// DefaultSnapshotTimeout bounds the read transaction that copies the
// database for a backup, plus a second for every snapshotRate bytes of the
// file (an SD card writes 10–20 MB/s; ten years of a 60-person hall are
// about 1.4 GB, allowed 8 minutes); a copy that takes longer is abandoned.
const DefaultSnapshotTimeout = 2 * time.Minute

// snapshotRate is the slowest copy rate the bound allows for.
const snapshotRate = 4 << 20

// ErrSnapshotTimeout: the copy did not finish within the bound.
var ErrSnapshotTimeout = errors.New("the backup copy took too long and was abandoned; the store was released")

// AuditHead is the audit chain's head: its last entry's number and hash.
type AuditHead struct {
	Seq  uint64 `json:"seq"`
	Hash string `json:"hash"`
}

// Snapshot is a consistent, checked copy of the database in a temporary
// file that has no name any more: read it, then Close it.
type Snapshot struct {
	file   *os.File
	Size   int64
	SHA256 string    // of the copy's bytes
	Head   AuditHead // the audit chain's head in the copy
	Schema int       // the copy's schema version
	Taken  time.Time // when the copy's transaction began
	Took   time.Duration
}

// Read reads the copy.
func (s *Snapshot) Read(p []byte) (int, error) { return s.file.Read(p) }

// Close releases the copy (its space goes back to the file system).
func (s *Snapshot) Close() error { return s.file.Close() }

// Snapshot copies the database into a temporary file in DATA/backups (its
// own file system, so the copy costs no memory), in one read transaction
// of at most opts.SnapshotTimeout, checks the copy (CheckFile), and returns
// it open and unlinked. One snapshot runs at a time (a second is refused
// with the problem store.err.backup_busy); a damaged store is refused; so
// is a copy that would leave less than the free-space floor. A copy that
// fails its check means the live file is damaged: the store is checked and
// marked so.
func (db *DB) Snapshot(ctx context.Context) (*Snapshot, error) {
	if !db.snap.TryLock() {
		return nil, fmt.Errorf("another backup is being copied: %w", problem.New("", KeyBusy))
	}
	defer db.snap.Unlock()
	if db.health.damaged() {
		return nil, damagedErr("no backup of a damaged database: " + db.health.get().Reason)
	}
	dir, err := db.snapshotDir()
	if err != nil {
		return nil, err
	}
	if err := db.roomForCopy(dir); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(dir, ".snapshot-*.tmp")
	if err != nil {
		return nil, fmt.Errorf("backup copy in %s: %w", dir, err)
	}
	snap, err := db.copyInto(ctx, f)
	if err == nil {
		err = db.checkCopy(f.Name(), snap)
	}
	os.Remove(f.Name()) // the open file stays readable; nothing is left behind on a crash
	if err != nil {
		f.Close()
		return nil, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	snap.file = f
	return snap, nil
}

// snapshotDir is DATA/backups, or the system's temporary directory when
// the data directory cannot be written (a read-only open by a command).
func (db *DB) snapshotDir() (string, error) {
	dir := filepath.Join(db.dataDir, "backups")
	if err := os.MkdirAll(dir, 0o750); err == nil {
		if f, err := os.CreateTemp(dir, ".probe-*"); err == nil {
			f.Close()
			os.Remove(f.Name())
			return dir, nil
		}
	}
	return os.TempDir(), nil
}

// roomForCopy refuses a copy that would leave less than the floor free.
func (db *DB) roomForCopy(dir string) error {
	info, err := os.Stat(db.Path())
	if err != nil {
		return err
	}
	free, _, err := statfs(dir)
	if err != nil {
		return nil
	}
	if free-info.Size() < db.opts.MinFree {
		return diskFullErr(fmt.Sprintf("a backup copy needs %d MiB in %s, %d MiB are free above the floor of %d MiB",
			info.Size()>>20, dir, (free-db.opts.MinFree)>>20, db.opts.MinFree>>20))
	}
	return nil
}

// copyInto writes the database into f in one bounded read transaction.
func (db *DB) copyInto(ctx context.Context, f *os.File) (*Snapshot, error) {
	start := time.Now()
	snap := &Snapshot{}
	sum := sha256.New()
	bound := db.opts.SnapshotTimeout
	if info, err := os.Stat(db.Path()); err == nil {
		bound += time.Duration(info.Size()/snapshotRate) * time.Second
	}
	w := &boundedWriter{w: io.MultiWriter(f, sum), ctx: ctx, deadline: start.Add(bound)}
	err := guarded(db, "backup copy", func() error {
		return db.bolt.View(func(btx *bolt.Tx) error {
			snap.Taken = db.opts.Now()
			if err := readMetaTx(btx, metaAuditHead, &snap.Head); err != nil {
				return err
			}
			if err := readMetaTx(btx, metaSchemaVersion, &snap.Schema); err != nil {
				return err
			}
			n, err := btx.WriteTo(w)
			snap.Size = n
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("backup copy: %w", err)
	}
	snap.SHA256, snap.Took = hex.EncodeToString(sum.Sum(nil)), time.Since(start)
	return snap, nil
}

// checkCopy checks the copy; a copy that fails means the live file is
// damaged, which the live check then records.
func (db *DB) checkCopy(path string, snap *Snapshot) error {
	start := time.Now()
	err := CheckFile(path)
	snap.Took += time.Since(start)
	if err == nil {
		db.checked(nil, snap.Took)
		return nil
	}
	db.opts.Logger.Error("the backup copy failed its structure check; checking the database itself", "err", err)
	if live := db.FullCheck(); live != nil {
		return live
	}
	return fmt.Errorf("the backup copy failed its check though the database passed (the disk may be failing): %w", err)
}

// readMetaTx decodes a value of the meta bucket; absent is left zero.
func readMetaTx(btx *bolt.Tx, key string, v any) error {
	b := btx.Bucket([]byte(bucketMeta))
	if b == nil {
		return nil
	}
	data := b.Get([]byte(key))
	if data == nil {
		return nil
	}
	return json.Unmarshal(data, v)
}

// boundedWriter fails once its deadline has passed or its context ended,
// so that the copy's read transaction ends.
type boundedWriter struct {
	w        io.Writer
	ctx      context.Context
	deadline time.Time
}

func (b *boundedWriter) Write(p []byte) (int, error) {
	if err := b.ctx.Err(); err != nil {
		return 0, err
	}
	if time.Now().After(b.deadline) {
		return 0, ErrSnapshotTimeout
	}
	return b.w.Write(p)
}

// BackupRecord is one backup handed out: who took it, from where, and
// what it holds.
type BackupRecord struct {
	Time   time.Time `json:"time"`
	By     string    `json:"by"`   // the account, or cli:<user>
	From   string    `json:"from"` // the client's address, or "cli"
	Bytes  int64     `json:"bytes"`
	SHA256 string    `json:"sha256"`
	Head   AuditHead `json:"audit_head"`
	Schema int       `json:"schema"`
}

const metaLastBackup = "last_backup"

// Record describes the snapshot handed to by at from.
func (s *Snapshot) Record(by, from string) BackupRecord {
	return BackupRecord{Time: s.Taken, By: by, From: from, Bytes: s.Size, SHA256: s.SHA256, Head: s.Head, Schema: s.Schema}
}

// AuditBackup writes the audit entry of a backup about to be handed out
// (backup.download: who, from where, its size, hash and audit head), before
// the first byte leaves: a full copy holds every password hash and staff
// record, so a download that is cut off is on record too.
func (db *DB) AuditBackup(r BackupRecord) error {
	return db.Update(r.By, func(tx *Tx) error {
		return tx.Audit("backup.download", "backup/"+r.SHA256[:16], nil, r)
	})
}

// BackupDelivered records r as the last backup handed out whole (the 设备
// page shows it).
func (db *DB) BackupDelivered(r BackupRecord) error {
	return db.Update(r.By, func(tx *Tx) error {
		return tx.Put(bucketMeta, []byte(metaLastBackup), r)
	})
}

// LastBackup is the last backup handed out whole; ok is false when there
// has been none.
func (db *DB) LastBackup() (r BackupRecord, ok bool, err error) {
	err = db.View(func(tx *Tx) error {
		err := tx.Get(bucketMeta, []byte(metaLastBackup), &r)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		ok = err == nil
		return err
	})
	return r, ok, err
}
