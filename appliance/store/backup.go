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
)

// BackupTo writes a consistent copy of the open database to path (the
// automatic backup before a migration, taken at start before anyone else
// uses the store): the copy is written to a temporary file, fsynced, then
// renamed into place, so path is either absent or complete. Downloads and
// the backup command use Snapshot, which holds the store for a bounded time
// only.
func (db *DB) BackupTo(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return err
	}
	return writeAtomic(path, func(w io.Writer) error {
		return guarded(db, "backup", func() error {
			return db.bolt.View(func(btx *bolt.Tx) error {
				_, err := btx.WriteTo(w)
				return err
			})
		})
	})
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

// ErrBadBackup is returned (wrapped) by CheckBackup and Restore for a file
// that is not a sound bianmin database: damaged, cut short, or something
// else altogether.
var ErrBadBackup = errors.New("the backup file is not a sound bianmin database")

// CheckBackup checks a backup file — its structure (CheckFile: cut short,
// zeroed pages, a file that is not a database) and its audit chain — and
// returns its schema version and number of audit entries.
func CheckBackup(path string) (schema int, auditEntries uint64, err error) {
	if _, err := os.Stat(path); err != nil {
		return 0, 0, fmt.Errorf("backup file %s: %w", path, err)
	}
	if err := CheckFile(path); err != nil {
		return 0, 0, fmt.Errorf("%w: %s: %w", ErrBadBackup, path, err)
	}
	err = withFile(path, func(bdb *bolt.DB) error {
		db := &DB{bolt: bdb}
		db.opts.applyDefaults()
		if schema, err = db.SchemaVersion(); err != nil {
			return err
		}
		res, err := db.VerifyAudit()
		if err != nil {
			return err
		}
		if !res.OK {
			return fmt.Errorf("%w: %s: audit chain broken at entry %d (%s)", ErrBadBackup, path, res.BrokenAt, res.Reason)
		}
		auditEntries = res.Entries
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	return schema, auditEntries, nil
}

// Restored says what Restore did.
type Restored struct {
	// Saved is where the database that was replaced now is
	// (DATA/backups/pre-restore-*.db), "" when there was none.
	Saved string
	// Damaged is why the replaced database was unusable, "" when it
	// passed the quick check.
	Damaged string
	Schema  int
	Entries uint64 // audit entries in the restored database
}

// Restore replaces the database in dataDir with the backup at backupPath.
//
// The backup is checked first (CheckBackup; a backup of a newer schema is
// refused with ErrNewerSchema, since this bianmin could not open it) and
// nothing is touched when it fails. The current database is never opened
// with bbolt — it may be cut short, zeroed or unreadable, which is why one
// restores — and never deleted: Restore takes the same exclusive lock bbolt
// takes (ErrLocked while the service runs), gives the current file a second
// name in DATA/backups (a hard link: no byte of it is read, so a file with
// unreadable sectors moves aside too; a copy when the file system has no
// links), then renames the checked copy of the backup over it. At every
// moment DATA/bianmin.db is the old file or the restored one.
func Restore(backupPath, dataDir string, latestSchema int, now func() time.Time) (Restored, error) {
	var res Restored
	schema, entries, err := CheckBackup(backupPath)
	if err != nil {
		return res, err
	}
	res.Schema, res.Entries = schema, entries
	if schema > latestSchema {
		return res, fmt.Errorf("%w: backup %s has schema version %d but this bianmin knows only %d — restore it with the version that wrote it, or choose an older backup; nothing was changed", ErrNewerSchema, backupPath, schema, latestSchema)
	}
	if now == nil {
		now = time.Now
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return res, err
	}
	dbPath := filepath.Join(dataDir, FileName)
	// What was wrong with the current file, for the technician: the full
	// check reads it without changing it (a running service holds its lock
	// and fails this check harmlessly; the lock below then refuses).
	if _, err := os.Stat(dbPath); err == nil {
		if cerr := CheckFile(dbPath); errors.Is(cerr, ErrDamaged) {
			res.Damaged = DamageDetail(cerr)
		}
	}
	tmp := dbPath + ".restore"
	if err := copyFile(tmp, backupPath); err != nil {
		return res, fmt.Errorf("copy the backup into %s: %w", dataDir, err)
	}
	defer os.Remove(tmp) // gone once renamed; left over only on failure
	// The restored history is a new epoch (epoch.go): the uplink's batch
	// numbers start again under a name the county has not seen.
	if err := startEpoch(tmp); err != nil {
		return res, err
	}
	cur, err := os.OpenFile(dbPath, os.O_RDWR, 0)
	switch {
	case errors.Is(err, os.ErrNotExist):
		// A new box, or a database that went missing: nothing to keep aside.
		if err := os.Rename(tmp, dbPath); err != nil {
			return res, err
		}
		return res, finishRestore(dataDir, now)
	case err != nil:
		// A file that cannot even be opened is moved aside by name.
		res.Damaged = err.Error()
		res.Saved, err = setAside(dbPath, dataDir, now, true)
		if err != nil {
			return res, err
		}
	default:
		defer cur.Close() // releases the lock after the restored file is in place
		if err := syscall.Flock(int(cur.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			return res, fmt.Errorf("%w: %s is locked — stop the service first (systemctl stop bianmin)", ErrLocked, dbPath)
		}
		if qerr := quickCheckFile(cur, dbPath); qerr != nil && res.Damaged == "" {
			res.Damaged = DamageDetail(qerr)
		}
		if res.Saved, err = setAside(dbPath, dataDir, now, res.Damaged != ""); err != nil {
			return res, err
		}
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		return res, fmt.Errorf("put the restored database in place (the previous one is kept in %s): %w", res.Saved, err)
	}
	return res, finishRestore(dataDir, now)
}

// setAside gives the database file a second name in DATA/backups and
// returns it: a hard link when the file system has them (nothing is read),
// else a copy (when the file cannot be read either, it is renamed).
func setAside(dbPath, dataDir string, now func() time.Time, damaged bool) (string, error) {
	name := "pre-restore-" + now().UTC().Format("20060102T150405Z")
	if damaged {
		name += "-damaged"
	}
	saved := filepath.Join(dataDir, "backups", name+".db")
	if err := os.MkdirAll(filepath.Dir(saved), 0o750); err != nil {
		return "", err
	}
	if err := os.Link(dbPath, saved); err == nil {
		return saved, syncDir(filepath.Dir(saved))
	}
	if err := copyFile(saved, dbPath); err == nil {
		return saved, nil
	}
	if err := os.Rename(dbPath, saved); err != nil {
		return "", fmt.Errorf("keep the current database aside as %s: %w", saved, err)
	}
	return saved, syncDir(filepath.Dir(saved))
}

// finishRestore syncs the directory and writes the marker (the directory
// now holds a database).
func finishRestore(dataDir string, now func() time.Time) error {
	if err := syncDir(dataDir); err != nil {
		return err
	}
	return writeMarker(dataDir, now())
}

// copyFile copies src to dst atomically.
func copyFile(dst, src string) error {
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
