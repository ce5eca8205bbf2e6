package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// BackupTo writes a consistent copy of the open database to path while the
// appliance keeps running: the copy is written to a temporary file, fsynced,
// then renamed into place, so path is either absent or complete.
func (db *DB) BackupTo(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return err
	}
	return writeAtomic(path, func(w io.Writer) error {
		return db.bolt.View(func(btx *bolt.Tx) error {
			_, err := btx.WriteTo(w)
			return err
		})
	})
}

// WriteBackup streams a consistent copy of the open database to w (for a
// download from the web UI) and returns its size.
func (db *DB) WriteBackup(w io.Writer) (int64, error) {
	var n int64
	err := db.bolt.View(func(btx *bolt.Tx) error {
		var err error
		n, err = btx.WriteTo(w)
		return err
	})
	return n, err
}

// writeAtomic writes a file of the store's (mode 0600) with WriteFileAtomic.
func writeAtomic(path string, fill func(w io.Writer) error) error {
	return WriteFileAtomic(path, 0o600, fill)
}

// WriteFileAtomic writes through fill into path.tmp (mode perm), fsyncs
// it, renames it to path and fsyncs the directory: path is either as it
// was or complete, even across a power cut. When fill fails, path.tmp is
// removed and path is left alone.
func WriteFileAtomic(path string, perm os.FileMode, fill func(w io.Writer) error) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, perm)
	if err != nil {
		return err
	}
	if err := fill(f); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(filepath.Dir(path))
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// CheckBackup opens a backup file read-only and reports whether it is a
// bianmin database, with its schema version and audit entry count.
func CheckBackup(path string) (schema int, auditEntries uint64, err error) {
	if _, err := os.Stat(path); err != nil {
		return 0, 0, fmt.Errorf("backup file %s: %w", path, err)
	}
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return 0, 0, fmt.Errorf("backup file %s is not a bianmin database: %w", path, err)
	}
	defer bdb.Close()
	db := &DB{bolt: bdb, opts: Options{}}
	db.opts.applyDefaults()
	if err := bdb.View(func(btx *bolt.Tx) error {
		if btx.Bucket([]byte(bucketMeta)) == nil {
			return errors.New("it has no meta bucket")
		}
		return nil
	}); err != nil {
		return 0, 0, fmt.Errorf("backup file %s is not a bianmin database: %w", path, err)
	}
	if schema, err = db.SchemaVersion(); err != nil {
		return 0, 0, err
	}
	res, err := db.VerifyAudit()
	if err != nil {
		return 0, 0, err
	}
	if !res.OK {
		return 0, 0, fmt.Errorf("backup file %s: audit chain broken at entry %d (%s)", path, res.BrokenAt, res.Reason)
	}
	return schema, res.Entries, nil
}

// Restore replaces the database in dataDir with the backup at backupPath.
// The appliance must be stopped: Restore holds the file's exclusive lock
// while it keeps the current database aside (dataDir/backups/pre-restore-*.db)
// and renames the restored copy into place, and fails with ErrLocked when
// another process holds it. A data directory with no database yet (a new
// box) simply receives the copy: saved is then "". latestSchema is the
// schema version this bianmin writes; a backup of a newer schema is refused
// with ErrNewerSchema before anything is touched, since this bianmin could
// not open it afterwards.
func Restore(backupPath, dataDir string, latestSchema int, now func() time.Time) (saved string, err error) {
	schema, _, err := CheckBackup(backupPath)
	if err != nil {
		return "", err
	}
	if schema > latestSchema {
		return "", fmt.Errorf("%w: backup %s has schema version %d but this bianmin knows only %d — restore it with the version that wrote it, or choose an older backup; nothing was changed", ErrNewerSchema, backupPath, schema, latestSchema)
	}
	if now == nil {
		now = time.Now
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return "", err
	}
	dbPath := filepath.Join(dataDir, FileName)
	if _, err := os.Stat(dbPath); errors.Is(err, os.ErrNotExist) {
		// Nothing to keep aside; opening it here would only create an
		// empty database to "save".
		return "", copyInto(dbPath, backupPath)
	}
	cur, err := bolt.Open(dbPath, 0o600, &bolt.Options{Timeout: time.Second})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return "", fmt.Errorf("%w: %s is locked — stop the service first (systemctl stop bianmin)", ErrLocked, dbPath)
	}
	if err != nil {
		// The current file is damaged (the usual reason to restore): keep
		// its bytes aside under the same lock bbolt takes, and replace it.
		return restoreOverDamaged(dbPath, backupPath, dataDir, now, err)
	}
	defer cur.Close() // held until the restored file is in place
	saved = filepath.Join(dataDir, "backups", "pre-restore-"+now().UTC().Format("20060102T150405Z")+".db")
	if err := os.MkdirAll(filepath.Dir(saved), 0o750); err != nil {
		return "", err
	}
	err = writeAtomic(saved, func(w io.Writer) error {
		return cur.View(func(btx *bolt.Tx) error { _, err := btx.WriteTo(w); return err })
	})
	if err != nil {
		return "", fmt.Errorf("save current database before restore: %w", err)
	}
	return saved, copyInto(dbPath, backupPath)
}

// copyInto copies the file at src to dst atomically.
func copyInto(dst, src string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	return writeAtomic(dst, func(w io.Writer) error {
		_, err := io.Copy(w, f)
		return err
	})
}

// restoreOverDamaged replaces a database bbolt cannot open. It takes the
// same exclusive flock bbolt uses, so a running service still blocks it,
// copies the damaged file aside byte for byte, then puts the backup in place.
func restoreOverDamaged(dbPath, backupPath, dataDir string, now func() time.Time, openErr error) (string, error) {
	f, err := os.OpenFile(dbPath, os.O_RDWR, 0)
	if err != nil {
		return "", fmt.Errorf("open current database %s: %w (bbolt: %v)", dbPath, err, openErr)
	}
	defer f.Close() // releases the lock after the restored file is in place
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		return "", fmt.Errorf("%w: %s is locked — stop the service first (systemctl stop bianmin)", ErrLocked, dbPath)
	}
	saved := filepath.Join(dataDir, "backups", "pre-restore-"+now().UTC().Format("20060102T150405Z")+"-damaged.db")
	if err := os.MkdirAll(filepath.Dir(saved), 0o750); err != nil {
		return "", err
	}
	if err := copyInto(saved, dbPath); err != nil {
		return "", fmt.Errorf("keep the damaged database aside: %w", err)
	}
	return saved, copyInto(dbPath, backupPath)
}
