package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bianmin/appliance/schema"
	"bianmin/appliance/store"
)

// TestReviewBackupRestoreEdges: backup of a data directory with no database
// says so (and creates none); restore onto a new box keeps nothing aside;
// a backup from a newer bianmin is refused and nothing is changed.
func TestReviewBackupRestoreEdges(t *testing.T) {
	t.Parallel()
	empty := t.TempDir()
	_, errOut, code := cli(t, cliTimeout, "--data", empty, "backup", filepath.Join(t.TempDir(), "b.db"))
	if code != 1 || !strings.Contains(errOut, "no database") {
		t.Errorf("backup of an empty data directory: exit %d, want 1 saying there is no database\n%s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(empty, store.FileName)); !os.IsNotExist(err) {
		t.Errorf("backup created a database: %v", err)
	}

	backupOf := func(migs []store.Migration) string {
		t.Helper()
		db, err := store.Open(t.TempDir(), store.Options{Migrations: migs})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		out := filepath.Join(t.TempDir(), "b.db")
		if err := db.BackupTo(out); err != nil {
			t.Fatal(err)
		}
		return out
	}

	fresh := filepath.Join(t.TempDir(), "new-box")
	out, errOut, code := cli(t, cliTimeout, "--data", fresh, "restore", backupOf(schema.Migrations()))
	if code != 0 || !strings.Contains(out, "restored from") || strings.Contains(out, "previous data kept") {
		t.Errorf("restore onto a new box: exit %d\n%s%s", code, out, errOut)
	}
	if out, errOut, code := cli(t, cliTimeout, "--data", fresh, "audit", "verify"); code != 0 {
		t.Errorf("audit verify after restore: exit %d\n%s%s", code, out, errOut)
	}

	next := append(schema.Migrations(), store.Migration{Version: schema.Latest() + 1, Name: "from the future", Up: func(*store.Tx) error { return nil }})
	newer := backupOf(next)
	before, _ := os.ReadFile(filepath.Join(fresh, store.FileName))
	out, errOut, code = cli(t, cliTimeout, "--data", fresh, "restore", newer)
	if code != 1 || !strings.Contains(errOut, "newer bianmin") {
		t.Errorf("restore of a newer schema: exit %d, want 1 saying it is from a newer bianmin\n%s%s", code, out, errOut)
	}
	if after, _ := os.ReadFile(filepath.Join(fresh, store.FileName)); string(after) != string(before) {
		t.Error("the refused restore changed the database")
	}
}
