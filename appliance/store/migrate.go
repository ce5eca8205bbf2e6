package store

import (
	"encoding/json"
	"fmt"
	"path/filepath"

	"bianmin/appliance/version"

	bolt "go.etcd.io/bbolt"
)

// Migration moves the schema from Version-1 to Version. Migrations are
// additive and numbered from 1; each runs in its own transaction together
// with the version bump.
type Migration struct {
	Version int
	Name    string
	Up      func(tx *Tx) error
	// ReadableBy is the oldest bianmin version that can still read and
	// write the store after this migration (it ignores what the migration
	// added): an update that migrates and then fails its trial can roll
	// back to that version without restoring the backup. "" when only
	// versions that know this migration can (the safe default).
	ReadableBy string
}

const metaSchemaVersion = "schema_version"

// metaReadableBy is the prefix of the meta keys that record each applied
// migration's ReadableBy: "readable_by/5".
const metaReadableBy = "readable_by/"

// readableBy reports whether a bianmin of version ver, which knows the
// schema up to known, can use a store at schema cur: every migration after
// known must have recorded a ReadableBy no newer than ver.
func readableBy(btx *bolt.Tx, known, cur int, ver string) bool {
	if cur <= known {
		return true
	}
	b := btx.Bucket([]byte(bucketMeta))
	if b == nil || ver == "" {
		return false
	}
	for n := known + 1; n <= cur; n++ {
		var oldest string
		raw := b.Get([]byte(fmt.Sprintf("%s%d", metaReadableBy, n)))
		if raw == nil || json.Unmarshal(raw, &oldest) != nil || oldest == "" || version.Compare(ver, oldest) < 0 {
			return false
		}
	}
	return true
}

// CanOpen reports whether a bianmin of version ver that knows the schema up
// to known can use the store in dataDir, and the store's schema version.
// It reads the file without the store's checks (the launcher asks before
// it boots an older version; no other process holds the file then).
func CanOpen(dataDir string, known int, ver string) (ok bool, schema int, err error) {
	err = withFile(filepath.Join(dataDir, FileName), func(bdb *bolt.DB) error {
		return bdb.View(func(btx *bolt.Tx) error {
			if err := readMetaTx(btx, metaSchemaVersion, &schema); err != nil {
				return err
			}
			ok = readableBy(btx, known, schema, ver)
			return nil
		})
	})
	return ok, schema, err
}

// SchemaVersion is the version stored in the file.
func (db *DB) SchemaVersion() (int, error) {
	v := 0
	err := db.View(func(tx *Tx) error {
		err := tx.Get(bucketMeta, []byte(metaSchemaVersion), &v)
		if err == ErrNotFound {
			return nil
		}
		return err
	})
	return v, err
}

func (db *DB) migrate() error {
	cur, err := db.SchemaVersion()
	if err != nil {
		return err
	}
	for i, m := range db.opts.Migrations {
		if m.Version != i+1 {
			return fmt.Errorf("migration %q has number %d, want %d: migrations are numbered from 1 without gaps", m.Name, m.Version, i+1)
		}
	}
	if cur > len(db.opts.Migrations) {
		var ok bool
		db.bolt.View(func(btx *bolt.Tx) error {
			ok = readableBy(btx, len(db.opts.Migrations), cur, db.opts.Version)
			return nil
		})
		if ok {
			db.opts.Logger.Warn("the database was written by a newer version whose migrations say this version can still use it",
				"schema", cur, "known", len(db.opts.Migrations), "version", db.opts.Version)
			return nil
		}
		return fmt.Errorf("%w: the database has schema version %d but this bianmin knows only %d — it was written by a newer version; install that version or restore a backup", ErrNewerSchema, cur, len(db.opts.Migrations))
	}
	pending := db.opts.Migrations[cur:]
	if len(pending) == 0 {
		return nil
	}
	if cur > 0 {
		name := fmt.Sprintf("pre-migration-v%d-%s.db", cur, db.Now().UTC().Format("20060102T150405Z"))
		path := filepath.Join(db.dataDir, "backups", name)
		if err := db.BackupTo(path); err != nil {
			return fmt.Errorf("backup before migration: %w", err)
		}
		db.opts.Logger.Info("backed up before migration", "file", path, "from", cur, "to", len(db.opts.Migrations))
	}
	for _, m := range pending {
		err := db.Update("system:migrate", func(tx *Tx) error {
			if err := m.Up(tx); err != nil {
				return err
			}
			data, _ := json.Marshal(m.Version)
			b, err := tx.Bucket(bucketMeta)
			if err != nil {
				return err
			}
			if err := b.Put([]byte(metaSchemaVersion), data); err != nil {
				return err
			}
			oldest, _ := json.Marshal(m.ReadableBy)
			if err := b.Put([]byte(fmt.Sprintf("%s%d", metaReadableBy, m.Version)), oldest); err != nil {
				return err
			}
			return tx.Audit("schema.migrate", fmt.Sprintf("schema/%d", m.Version), nil, map[string]any{"name": m.Name})
		})
		if err != nil {
			return fmt.Errorf("migration %d (%s): %w", m.Version, m.Name, err)
		}
		db.opts.Logger.Info("migrated", "version", m.Version, "name", m.Name)
	}
	return nil
}

// AuditAfter reads the audit entries after seq from the database file at
// path, oldest first, without the store's checks (a file of any schema:
// the trial store an update left behind). The launcher lists what a failed
// trial wrote from them.
func AuditAfter(path string, seq uint64) ([]AuditEntry, error) {
	var out []AuditEntry
	err := withFile(path, func(bdb *bolt.DB) error {
		return bdb.View(func(btx *bolt.Tx) error {
			b := btx.Bucket([]byte(bucketAudit))
			if b == nil {
				return nil
			}
			c := b.Cursor()
			for k, v := c.Seek(IDKey(seq + 1)); k != nil; k, v = c.Next() {
				var e AuditEntry
				if err := json.Unmarshal(v, &e); err != nil {
					return fmt.Errorf("audit entry %x: %w", k, err)
				}
				out = append(out, e)
			}
			return nil
		})
	})
	return out, err
}
