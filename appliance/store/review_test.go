package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReviewReadOnlyOpenWithoutDatabase: a read-only open (bianmin backup,
// audit verify) of a data directory with no database says so, and creates
// nothing; before, it failed with a bare "no such file or directory".
func TestReviewReadOnlyOpenWithoutDatabase(t *testing.T) {
	dir := t.TempDir()
	_, err := Open(dir, Options{ReadOnly: true})
	if !errors.Is(err, ErrNoDatabase) || !strings.Contains(err.Error(), dir) {
		t.Fatalf("read-only open of an empty data directory: %v, want ErrNoDatabase naming %s", err, dir)
	}
	if _, err := os.Stat(filepath.Join(dir, FileName)); !os.IsNotExist(err) {
		t.Fatalf("a database file was created: %v", err)
	}
}

// TestReviewRestoreIntoEmptyDataDir: restoring onto a new box (no database
// yet) puts the backup in place and keeps nothing aside; before, Restore
// created an empty database only to "save" it as pre-restore-*.db.
func TestReviewRestoreIntoEmptyDataDir(t *testing.T) {
	src := t.TempDir()
	db := openTest(t, src)
	writeItems(t, db, 3)
	bak := filepath.Join(t.TempDir(), "b.db")
	if err := db.BackupTo(bak); err != nil {
		t.Fatal(err)
	}
	db.Close()

	dir := filepath.Join(t.TempDir(), "new-box")
	res, err := Restore(bak, dir, 0, nil)
	if err != nil || res.Saved != "" {
		t.Fatalf("restore into an empty data directory: saved %q, %v; want nothing saved, no error", res.Saved, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "backups")); !os.IsNotExist(err) {
		t.Errorf("an empty pre-restore copy was kept: %v", err)
	}
	db = openTest(t, dir)
	defer db.Close()
	if res, _ := db.VerifyAudit(); !res.OK || res.Entries != 3 {
		t.Fatalf("restored data: %+v", res)
	}
}

// TestReviewRestoreRefusesNewerSchema: a backup written by a newer bianmin
// (higher schema version) is refused before anything is touched; before,
// Restore put it in place and the next start failed.
func TestReviewRestoreRefusesNewerSchema(t *testing.T) {
	noop := func(*Tx) error { return nil }
	m1 := Migration{Version: 1, Name: "one", Up: noop}
	m2 := Migration{Version: 2, Name: "two", Up: noop}

	newer := openTest(t, t.TempDir(), m1, m2)
	writeItems(t, newer, 1)
	bak := filepath.Join(t.TempDir(), "newer.db")
	if err := newer.BackupTo(bak); err != nil {
		t.Fatal(err)
	}
	newer.Close()

	dir := t.TempDir()
	cur := openTest(t, dir, m1)
	writeItems(t, cur, 2)
	cur.Close()

	restored, err := Restore(bak, dir, 1, nil)
	if !errors.Is(err, ErrNewerSchema) || !strings.Contains(err.Error(), "schema version 2") || restored.Saved != "" {
		t.Fatalf("restore of a schema-2 backup by a schema-1 bianmin: %q, %v; want ErrNewerSchema", restored.Saved, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "backups")); !os.IsNotExist(err) {
		t.Errorf("a refused restore touched the data directory: %v", err)
	}
	cur = openTest(t, dir, m1)
	defer cur.Close()
	if res, _ := cur.VerifyAudit(); !res.OK || res.Entries != 3 { // 2 items + schema.migrate
		t.Fatalf("current data after the refused restore: %+v", res)
	}
	// Open says the same of a newer file found in place.
	other := t.TempDir()
	if err := copyFile(filepath.Join(other, FileName), bak); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(other, Options{Migrations: []Migration{m1}}); !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("open of a newer file: %v, want ErrNewerSchema", err)
	}
}
