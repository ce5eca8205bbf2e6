package store

import (
	"errors"
	"path/filepath"
	"testing"
)

// TestReadableBy: a migration records the oldest version that can still use
// its result; an older bianmin opens a newer store only when every
// migration it does not know says so (issue 17, "Data across versions").
func TestReadableBy(t *testing.T) {
	put := func(n int) func(tx *Tx) error {
		return func(tx *Tx) error { return tx.Put("things", IDKey(uint64(n)), n) }
	}
	m1 := Migration{Version: 1, Name: "one", Up: put(1)}
	m2 := Migration{Version: 2, Name: "two, readable by 1.4.0", Up: put(2), ReadableBy: "1.4.0"}
	m3 := Migration{Version: 3, Name: "three, only for versions that know it", Up: put(3)}
	dir := t.TempDir()
	openTest(t, dir, m1).Close()
	openTest(t, dir, m1, m2).Close()
	for _, c := range []struct {
		name    string
		version string
		ok      bool
	}{
		{"the version the migration names", "1.4.0", true},
		{"a newer one", "1.4.7", true},
		{"an older one", "1.3.9", false},
		{"a development build without a version", "", false},
	} {
		ok, schema, err := CanOpen(dir, 1, c.version)
		if err != nil || ok != c.ok || schema != 2 {
			t.Errorf("%s: CanOpen = %v, schema %d, %v; want %v", c.name, ok, schema, err, c.ok)
		}
		db, err := Open(dir, Options{Migrations: []Migration{m1}, Version: c.version})
		if c.ok && err != nil || !c.ok && !errors.Is(err, ErrNewerSchema) {
			t.Errorf("%s: Open: %v", c.name, err)
		}
		if db != nil {
			db.Close()
		}
	}
	openTest(t, dir, m1, m2, m3).Close()
	if ok, schema, _ := CanOpen(dir, 1, "9.9.9"); ok || schema != 3 {
		t.Errorf("after a migration readable by no older version: CanOpen = %v (schema %d)", ok, schema)
	}
	if ok, _, _ := CanOpen(dir, 3, ""); !ok {
		t.Error("a version that knows every migration cannot open the store")
	}
	entries, err := AuditAfter(filepath.Join(dir, FileName), 1)
	if err != nil || len(entries) != 2 || entries[0].Seq != 2 || entries[1].Action != "schema.migrate" {
		t.Errorf("AuditAfter(1) = %+v, %v", entries, err)
	}
}
