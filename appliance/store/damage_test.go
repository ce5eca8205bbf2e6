package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bianmin/appliance/problem"
)

// tightStore makes a data directory whose database holds n items and no
// slack at the end of the file (as a restored backup has), and returns the
// directory and a backup of it.
func tightStore(t *testing.T, n int) (dir, backup string) {
	t.Helper()
	src := t.TempDir()
	db := openTest(t, src)
	err := db.Update("tester", func(tx *Tx) error {
		for i := range n {
			if err := tx.Put("items", IDKey(uint64(i+1)), item{Name: strings.Repeat("x", 200)}); err != nil {
				return err
			}
		}
		return tx.Audit("item.bulk", "items", nil, map[string]int{"n": n})
	})
	if err != nil {
		t.Fatal(err)
	}
	backup = filepath.Join(t.TempDir(), "good.db")
	if err := db.BackupTo(backup); err != nil {
		t.Fatal(err)
	}
	db.Close()
	dir = t.TempDir()
	if _, err := Restore(backup, dir, 0, nil); err != nil {
		t.Fatal(err)
	}
	return dir, backup
}

func damagedProblem(t *testing.T, err error) {
	t.Helper()
	if !errors.Is(err, ErrDamaged) || !problem.Is(err, KeyDamaged) {
		t.Fatalf("got %v; want ErrDamaged with the problem %s", err, KeyDamaged)
	}
}

// TestTruncatedStoreRefused: a database cut to 10, 25, 50 or 75 % of its
// size is refused by Open (read-write and read-only) as damaged, before
// bbolt maps it — no panic, no SIGBUS — and Restore puts the backup back,
// keeping the cut file aside. Issue 9 item 4.
func TestTruncatedStoreRefused(t *testing.T) {
	for _, pct := range []int64{10, 25, 50, 75} {
		t.Run(fmt.Sprintf("%d%%", pct), func(t *testing.T) {
			dir, backup := tightStore(t, 3000)
			path := filepath.Join(dir, FileName)
			info, _ := os.Stat(path)
			if err := os.Truncate(path, info.Size()*pct/100); err != nil {
				t.Fatal(err)
			}
			_, err := Open(dir, Options{})
			damagedProblem(t, err)
			_, err = Open(dir, Options{ReadOnly: true})
			damagedProblem(t, err)
			res, err := Restore(backup, dir, 0, nil)
			if err != nil {
				t.Fatalf("restore over the cut file: %v", err)
			}
			if res.Damaged == "" || !strings.HasSuffix(res.Saved, "-damaged.db") {
				t.Errorf("restore did not report the cut file: %+v", res)
			}
			if kept, _ := os.Stat(res.Saved); kept == nil || kept.Size() != info.Size()*pct/100 {
				t.Errorf("the cut file was not kept aside as it was: %v", kept)
			}
			db := openTest(t, dir)
			defer db.Close()
			if err := db.FullCheck(); err != nil {
				t.Fatalf("restored database: %v", err)
			}
			if n := countItems(t, db); n != 3000 {
				t.Fatalf("restored %d items, want 3000", n)
			}
		})
	}
}

func countItems(t *testing.T, db *DB) int {
	t.Helper()
	n := 0
	if err := db.View(func(tx *Tx) error { n = tx.Count("items"); return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestZeroedPagesFound: 16 KB of zeros in the middle of the file pass the
// quick check (the metas are fine) but not the full check, which marks the
// store damaged: writes are refused with the damaged problem, a backup
// snapshot is refused, and the backup file itself fails CheckBackup. Issue
// 9 item 6.
func TestZeroedPagesFound(t *testing.T) {
	dir, backup := tightStore(t, 3000)
	path := filepath.Join(dir, FileName)
	zeroMiddle(t, path, 16<<10)
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatalf("open (quick check): %v", err)
	}
	defer db.Close()
	if db.Health().State != StateUnchecked {
		t.Fatalf("state before the full check: %v", db.Health().State)
	}
	damagedProblem(t, db.FullCheck())
	if h := db.Health(); h.State != StateDamaged || h.Reason == "" || h.Checked.IsZero() {
		t.Fatalf("health after the check: %+v", h)
	}
	damagedProblem(t, db.Update("tester", func(tx *Tx) error { return tx.Put("items", IDKey(1), item{}) }))
	damagedProblem(t, db.UpdateEssential("tester", func(tx *Tx) error { return tx.Put("items", IDKey(1), item{}) }))
	_, err = db.Snapshot(context.Background())
	damagedProblem(t, err)

	bad := filepath.Join(t.TempDir(), "bad.db")
	if err := copyFile(bad, path); err != nil {
		t.Fatal(err)
	}
	if _, _, err := CheckBackup(bad); !errors.Is(err, ErrBadBackup) {
		t.Fatalf("CheckBackup of the zeroed file: %v, want ErrBadBackup", err)
	}
	if _, _, err := CheckBackup(backup); err != nil {
		t.Fatalf("CheckBackup of the good backup: %v", err)
	}
}

func zeroMiddle(t *testing.T, path string, n int64) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, _ := f.Stat()
	at := info.Size()/2 - n/2
	at -= at % 4096
	if _, err := f.WriteAt(make([]byte, n), at); err != nil {
		t.Fatal(err)
	}
}

// TestEmptyAndMissingStore: a 0-byte database is never taken for a new
// one, and a data directory that held a database (its marker) does not
// start over when the file is gone. Issue 9 item 5.
func TestEmptyAndMissingStore(t *testing.T) {
	dir, backup := tightStore(t, 10)
	if _, err := os.Stat(filepath.Join(dir, MarkerName)); err != nil {
		t.Fatalf("restore wrote no marker: %v", err)
	}
	path := filepath.Join(dir, FileName)
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, Options{}); !errors.Is(err, ErrDataMissing) {
		t.Fatalf("open of a 0-byte database: %v, want ErrDataMissing", err)
	}
	if info, _ := os.Stat(path); info.Size() != 0 {
		t.Fatal("the 0-byte file was initialised")
	}
	if _, err := Open(dir, Options{ReadOnly: true}); !errors.Is(err, ErrDataMissing) {
		t.Fatalf("read-only open of a 0-byte database: %v", err)
	}
	os.Remove(path)
	if _, err := Open(dir, Options{}); !errors.Is(err, ErrDataMissing) || !strings.Contains(err.Error(), MarkerName) {
		t.Fatalf("open with the database gone: %v, want ErrDataMissing naming the marker", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatal("a new database was created in its place")
	}
	if _, err := Restore(backup, dir, 0, nil); err != nil {
		t.Fatal(err)
	}
	db := openTest(t, dir)
	defer db.Close()
	if n := countItems(t, db); n != 10 {
		t.Fatalf("restored %d items", n)
	}

	// A new box: no marker, no backups — a new database, and the marker.
	fresh := t.TempDir()
	db2 := openTest(t, fresh)
	db2.Close()
	if _, err := os.Stat(filepath.Join(fresh, MarkerName)); err != nil {
		t.Fatalf("first start wrote no marker: %v", err)
	}
}

// TestFaultBecomesDamaged: a page of the memory map that the file no
// longer backs (the file was cut while open, as a failing card or a
// mistaken command can do) faults with SIGBUS; the read returns
// ErrDamaged and the store is marked damaged instead of the process dying.
func TestFaultBecomesDamaged(t *testing.T) {
	dir, _ := tightStore(t, 3000)
	db := openTest(t, dir)
	defer db.Close()
	if err := os.Truncate(filepath.Join(dir, FileName), 8192); err != nil {
		t.Fatal(err)
	}
	err := db.View(func(tx *Tx) error {
		return tx.ForEach("items", func(k, v []byte) error { return nil })
	})
	damagedProblem(t, err)
	if !strings.Contains(err.Error(), "memory fault") {
		t.Errorf("want a memory fault named: %v", err)
	}
	if db.Health().State != StateDamaged {
		t.Fatal("the store was not marked damaged")
	}
}

// TestOtherPanicsPassThrough: a panic in the caller's own code (a bug, not
// damage) is not mistaken for a damaged file.
func TestOtherPanicsPassThrough(t *testing.T) {
	db := openTest(t, t.TempDir())
	defer db.Close()
	defer func() {
		if r := recover(); r == nil {
			t.Fatal("the panic was swallowed")
		}
		if db.Health().State == StateDamaged {
			t.Fatal("a caller's panic marked the store damaged")
		}
	}()
	_ = db.View(func(tx *Tx) error { panic("a bug in the caller") })
}

// TestSnapshot: a snapshot is a checked copy that holds nothing of the
// store: with one open and unread, writes go on and the file can grow.
func TestSnapshot(t *testing.T) {
	db := openTest(t, t.TempDir())
	defer db.Close()
	writeItems(t, db, 5)
	snap, err := db.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	if snap.Head.Seq != 5 || snap.Size == 0 || len(snap.SHA256) != 64 {
		t.Fatalf("snapshot: %+v", snap)
	}
	if h := db.Health(); h.State != StateOK {
		t.Fatalf("a checked snapshot leaves the store ok: %+v", h)
	}
	left, _ := filepath.Glob(filepath.Join(db.DataDir(), "backups", ".snapshot-*"))
	if len(left) != 0 {
		t.Fatalf("snapshot files left with a name: %v", left)
	}
	// Grow the file well past its map while the snapshot is unread.
	big := bytes.Repeat([]byte("y"), 1<<20)
	for i := range 40 {
		if err := db.Update("tester", func(tx *Tx) error {
			b, _ := tx.Bucket("big")
			return b.Put(IDKey(uint64(i)), big)
		}); err != nil {
			t.Fatal(err)
		}
	}
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	f, _ := os.Create(copyPath)
	if _, err := io.Copy(f, snap); err != nil {
		t.Fatal(err)
	}
	f.Close()
	schema, entries, err := CheckBackup(copyPath)
	if err != nil || entries != 5 || schema != 0 {
		t.Fatalf("the snapshot as a backup: schema %d, %d entries, %v", schema, entries, err)
	}
	r := snap.Record("admin", "192.0.2.7")
	if err := db.AuditBackup(r); err != nil {
		t.Fatal(err)
	}
	if err := db.BackupDelivered(r); err != nil {
		t.Fatal(err)
	}
	last, ok, err := db.LastBackup()
	if err != nil || !ok || last.SHA256 != snap.SHA256 || last.From != "192.0.2.7" {
		t.Fatalf("last backup: %+v %v %v", last, ok, err)
	}
	entriesNow, _ := db.AuditEntries("backup/", 1)
	if len(entriesNow) != 1 || entriesNow[0].Action != "backup.download" || !strings.Contains(string(entriesNow[0].After), "192.0.2.7") {
		t.Fatalf("backup audit entry: %+v", entriesNow)
	}
}

// TestSnapshotOneAtATime: a second snapshot while one is being copied is
// refused with the busy problem.
func TestSnapshotOneAtATime(t *testing.T) {
	db := openTest(t, t.TempDir())
	defer db.Close()
	db.snap.Lock()
	_, err := db.Snapshot(context.Background())
	db.snap.Unlock()
	if !problem.Is(err, KeyBusy) {
		t.Fatalf("second snapshot: %v", err)
	}
}

// TestLowSpaceRefusesOrdinaryWrites: below the floor an ordinary write is
// refused with the disk-full problem; an essential one (a punch) goes on.
func TestLowSpaceRefusesOrdinaryWrites(t *testing.T) {
	db, err := Open(t.TempDir(), Options{MinFree: 1 << 62})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	put := func(tx *Tx) error { return tx.Put("items", IDKey(1), item{Name: "a"}) }
	err = db.Update("tester", put)
	if !errors.Is(err, ErrDiskFull) || !problem.Is(err, KeyDiskFull) {
		t.Fatalf("ordinary write below the floor: %v", err)
	}
	if err := db.UpdateEssential("clock", put); err != nil {
		t.Fatalf("essential write below the floor: %v", err)
	}
	if s := db.Space(); !s.Low || s.Free <= 0 {
		t.Fatalf("space: %+v", s)
	}
}
