package store

import (
	"encoding/json"
	"fmt"
	"path/filepath"
)

// Migration moves the schema from Version-1 to Version. Migrations are
// additive and numbered from 1; each runs in its own transaction together
// with the version bump.
type Migration struct {
	Version int
	Name    string
	Up      func(tx *Tx) error
}

const metaSchemaVersion = "schema_version"

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
			return tx.Audit("schema.migrate", fmt.Sprintf("schema/%d", m.Version), nil, map[string]any{"name": m.Name})
		})
		if err != nil {
			return fmt.Errorf("migration %d (%s): %w", m.Version, m.Name, err)
		}
		db.opts.Logger.Info("migrated", "version", m.Version, "name", m.Name)
	}
	return nil
}
