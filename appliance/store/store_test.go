package store

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func openTest(t *testing.T, dir string, migs ...Migration) *DB {
	t.Helper()
	db, err := Open(dir, Options{Migrations: migs})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

type item struct {
	Name string `json:"name"`
}

func writeItems(t *testing.T, db *DB, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		err := db.Update("tester", func(tx *Tx) error {
			id, err := tx.NextID("items")
			if err != nil {
				return err
			}
			it := item{Name: strings.Repeat("x", i+1)}
			if err := tx.Put("items", IDKey(id), it); err != nil {
				return err
			}
			if err := tx.Audit("item.create", "item/1", nil, it); err != nil {
				return err
			}
			return tx.Outbox("item", it)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestAuditChainVerifies(t *testing.T) {
	db := openTest(t, t.TempDir())
	defer db.Close()
	writeItems(t, db, 5)
	res, err := db.VerifyAudit()
	if err != nil || !res.OK || res.Entries != 5 {
		t.Fatalf("verify = %+v, %v; want OK with 5 entries", res, err)
	}
	entries, err := db.AuditEntries("item/", 3)
	if err != nil || len(entries) != 3 || entries[0].Seq != 5 || entries[0].Actor != "tester" {
		t.Fatalf("newest entries = %+v, %v", entries, err)
	}
}

// TestAuditTamperDetected changes, removes and reorders entries behind the
// store's back and checks that VerifyAudit names the first broken one.
func TestAuditTamperDetected(t *testing.T) {
	cases := []struct {
		name   string
		tamper func(b *bolt.Bucket) error
		want   uint64
	}{
		{"changed content", func(b *bolt.Bucket) error {
			var e AuditEntry
			json.Unmarshal(b.Get(IDKey(3)), &e)
			e.Actor = "someone-else"
			data, _ := json.Marshal(e)
			return b.Put(IDKey(3), data)
		}, 3},
		{"re-hashed change breaks the next link", func(b *bolt.Bucket) error {
			var e AuditEntry
			json.Unmarshal(b.Get(IDKey(2)), &e)
			e.Action = "nothing.happened"
			e.Hash, _ = hashEntry(e)
			data, _ := json.Marshal(e)
			return b.Put(IDKey(2), data)
		}, 3},
		{"deleted entry", func(b *bolt.Bucket) error { return b.Delete(IDKey(4)) }, 4},
		{"deleted last entry", func(b *bolt.Bucket) error { return b.Delete(IDKey(5)) }, 4},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			db := openTest(t, dir)
			writeItems(t, db, 5)
			db.Close()
			bdb, err := bolt.Open(filepath.Join(dir, FileName), 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := bdb.Update(func(tx *bolt.Tx) error { return tc.tamper(tx.Bucket([]byte(bucketAudit))) }); err != nil {
				t.Fatal(err)
			}
			bdb.Close()
			db = openTest(t, dir)
			defer db.Close()
			res, err := db.VerifyAudit()
			if err != nil {
				t.Fatal(err)
			}
			if res.OK || res.BrokenAt != tc.want {
				t.Fatalf("verify = %+v, want broken at %d", res, tc.want)
			}
		})
	}
}

func TestOutboxAppendAndAck(t *testing.T) {
	db := openTest(t, t.TempDir())
	defer db.Close()
	writeItems(t, db, 4)
	if n := db.OutboxLen(); n != 4 {
		t.Fatalf("outbox has %d, want 4", n)
	}
	got, err := db.OutboxPending(1, 2)
	if err != nil || len(got) != 2 || got[0].Seq != 2 || got[1].Seq != 3 || got[0].Kind != "item" {
		t.Fatalf("pending after 1 = %+v, %v", got, err)
	}
	if err := db.OutboxAck(3); err != nil {
		t.Fatal(err)
	}
	got, _ = db.OutboxPending(0, 10)
	if len(got) != 1 || got[0].Seq != 4 {
		t.Fatalf("after ack 3: %+v", got)
	}
	// The length stays right as entries come and go (it is counted from
	// the first and last keys, not by reading every entry).
	for _, step := range []struct {
		add  int
		ack  uint64
		want int
	}{{0, 0, 1}, {3, 0, 4}, {0, 5, 2}, {0, 7, 0}, {2, 0, 2}} {
		writeItems(t, db, step.add)
		if step.ack > 0 {
			if err := db.OutboxAck(step.ack); err != nil {
				t.Fatal(err)
			}
		}
		if n := db.OutboxLen(); n != step.want {
			t.Fatalf("after adding %d and acking up to %d: outbox has %d, want %d", step.add, step.ack, n, step.want)
		}
	}
}

// TestFailedWriteLeavesNothing: an error inside Update rolls back the record,
// its audit entry and its outbox entry together.
func TestFailedWriteLeavesNothing(t *testing.T) {
	db := openTest(t, t.TempDir())
	defer db.Close()
	boom := errors.New("boom")
	err := db.Update("tester", func(tx *Tx) error {
		tx.Put("items", IDKey(1), item{"a"})
		tx.Audit("item.create", "item/1", nil, nil)
		tx.Outbox("item", item{"a"})
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	res, _ := db.VerifyAudit()
	if res.Entries != 0 || db.OutboxLen() != 0 {
		t.Fatalf("rolled-back write left %d audit and %d outbox entries", res.Entries, db.OutboxLen())
	}
}

func TestSecondOpenIsRefusedClearly(t *testing.T) {
	dir := t.TempDir()
	db := openTest(t, dir)
	defer db.Close()
	start := time.Now()
	_, err := Open(dir, Options{LockTimeout: 200 * time.Millisecond})
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "another bianmin") {
		t.Fatalf("second open: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("second open took %v", d)
	}
}

func TestMigrationsRunOnceWithBackup(t *testing.T) {
	dir := t.TempDir()
	ran := 0
	m1 := Migration{Version: 1, Name: "one", Up: func(tx *Tx) error { ran++; return tx.Put("things", []byte("a"), 1) }}
	db := openTest(t, dir, m1)
	db.Close()
	db = openTest(t, dir, m1)
	db.Close()
	if ran != 1 {
		t.Fatalf("migration 1 ran %d times", ran)
	}
	backups, _ := filepath.Glob(filepath.Join(dir, "backups", "*.db"))
	if len(backups) != 0 {
		t.Fatalf("a fresh store needs no backup, found %v", backups)
	}
	m2 := Migration{Version: 2, Name: "two", Up: func(tx *Tx) error { return tx.Put("things", []byte("b"), 2) }}
	db = openTest(t, dir, m1, m2)
	v, _ := db.SchemaVersion()
	db.Close()
	if v != 2 {
		t.Fatalf("schema version %d, want 2", v)
	}
	backups, _ = filepath.Glob(filepath.Join(dir, "backups", "pre-migration-v1-*.db"))
	if len(backups) != 1 {
		t.Fatalf("want one pre-migration backup, found %v", backups)
	}
	if schema, _, err := CheckBackup(backups[0]); err != nil || schema != 1 {
		t.Fatalf("backup schema %d, %v; want 1", schema, err)
	}
	// A newer file refuses an older binary.
	if _, err := Open(dir, Options{Migrations: []Migration{m1}}); err == nil || !strings.Contains(err.Error(), "newer version") {
		t.Fatalf("older binary on newer data: %v", err)
	}
	// Misnumbered migrations are a programming error caught at start.
	if _, err := Open(t.TempDir(), Options{Migrations: []Migration{m2}}); err == nil {
		t.Fatal("a gap in migration numbers was accepted")
	}
}

func TestBackupAndRestore(t *testing.T) {
	dir := t.TempDir()
	db := openTest(t, dir)
	writeItems(t, db, 3)
	bak := filepath.Join(t.TempDir(), "b.db")
	if err := db.BackupTo(bak); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(bak + ".tmp"); !os.IsNotExist(err) {
		t.Fatal("temporary backup file left behind")
	}
	writeItems(t, db, 2)
	// Restore is refused while the store is open.
	if _, err := Restore(bak, dir, 0, nil); !errors.Is(err, ErrLocked) {
		t.Fatalf("restore while open: %v", err)
	}
	db.Close()
	restored, err := Restore(bak, dir, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(restored.Saved); err != nil {
		t.Fatalf("previous data not kept: %v", err)
	}
	db = openTest(t, dir)
	defer db.Close()
	res, _ := db.VerifyAudit()
	if !res.OK || res.Entries != 3 || db.OutboxLen() != 3 {
		t.Fatalf("after restore: %+v, outbox %d; want 3 and 3", res, db.OutboxLen())
	}
	// Garbage is not restored.
	junk := filepath.Join(t.TempDir(), "junk.db")
	os.WriteFile(junk, []byte("not a database"), 0o600)
	if _, err := Restore(junk, dir, 0, nil); err == nil {
		t.Fatal("restored a file that is not a database")
	}
}

func TestTypedHelpers(t *testing.T) {
	db := openTest(t, t.TempDir())
	defer db.Close()
	writeItems(t, db, 2)
	db.View(func(tx *Tx) error {
		it, err := GetAs[item](tx, "items", IDKey(2))
		if err != nil || it.Name != "xx" {
			t.Errorf("GetAs = %+v, %v", it, err)
		}
		if _, err := GetAs[item](tx, "items", IDKey(9)); err != ErrNotFound {
			t.Errorf("missing key: %v", err)
		}
		if _, err := GetAs[item](tx, "no-bucket", IDKey(1)); err != ErrNotFound {
			t.Errorf("missing bucket: %v", err)
		}
		all, err := All[item](tx, "items")
		if err != nil || len(all) != 2 {
			t.Errorf("All = %+v, %v", all, err)
		}
		return nil
	})
	if KeyID(IDKey(258)) != 258 {
		t.Fatal("IDKey/KeyID do not round-trip")
	}
}

// TestRestoreOverDamagedDatabase: the file bbolt cannot open any more is
// kept aside byte for byte and the backup takes its place.
func TestRestoreOverDamagedDatabase(t *testing.T) {
	dir := t.TempDir()
	db := openTest(t, dir)
	writeItems(t, db, 2)
	bak := filepath.Join(t.TempDir(), "b.db")
	if err := db.BackupTo(bak); err != nil {
		t.Fatal(err)
	}
	db.Close()
	junk := []byte("power cut while the SD card was writing")
	if err := os.WriteFile(filepath.Join(dir, FileName), junk, 0o600); err != nil {
		t.Fatal(err)
	}
	restored, err := Restore(bak, dir, 99, nil)
	if err != nil {
		t.Fatalf("restore over a damaged file: %v", err)
	}
	if restored.Damaged == "" || !strings.HasSuffix(restored.Saved, "-damaged.db") {
		t.Errorf("the replaced file was not reported damaged: %+v", restored)
	}
	if got, _ := os.ReadFile(restored.Saved); string(got) != string(junk) {
		t.Fatalf("damaged file not kept aside: %q", got)
	}
	db = openTest(t, dir)
	defer db.Close()
	if res, _ := db.VerifyAudit(); !res.OK || res.Entries != 2 {
		t.Fatalf("after restore: %+v", res)
	}
}

// Opening an existing, current database writes nothing: every write
// transaction commits with two fsyncs, which on an SD card would be most
// of a restart. A new database is set up, and a pending migration still
// runs.
func TestReopenWritesNothing(t *testing.T) {
	dir := t.TempDir()
	mig := Migration{Version: 1, Name: "items", Up: func(tx *Tx) error { _, err := tx.Bucket("items"); return err }}
	lastTx := func(db *DB) int {
		id := 0
		_ = db.bolt.View(func(btx *bolt.Tx) error { id = btx.ID(); return nil })
		return id
	}
	db := openTest(t, dir)
	created := lastTx(db)
	if created == 0 {
		t.Fatal("a new database was not set up")
	}
	db.Close()
	db = openTest(t, dir, mig)
	migrated := lastTx(db)
	if migrated == created {
		t.Fatal("the pending migration did not run")
	}
	db.Close()
	db = openTest(t, dir, mig)
	defer db.Close()
	if got := lastTx(db); got != migrated {
		t.Fatalf("reopening committed %d transaction(s)", got-migrated)
	}
}

// mappedKB is how much of the database file is resident in this process
// (from /proc/self/smaps).
func mappedKB(t *testing.T, db *DB) int {
	t.Helper()
	data, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		t.Skipf("no /proc/self/smaps: %v", err)
	}
	kb, in := 0, false
	for _, line := range strings.Split(string(data), "\n") {
		fields := strings.Fields(line)
		switch {
		case len(fields) >= 5 && strings.Contains(fields[0], "-"):
			in = strings.HasSuffix(line, db.Path())
		case in && len(fields) == 3 && fields[0] == "Rss:":
			n, _ := strconv.Atoi(fields[1])
			kb += n
		}
	}
	return kb
}

// After the audit chain check, which reads the whole audit bucket through
// the memory map, none of the database stays resident in the process.
func TestChainCheckLeavesNothingMapped(t *testing.T) {
	db := openTest(t, t.TempDir())
	defer db.Close()
	big := strings.Repeat("审计", 400)
	for i := 0; i < 1; i++ {
		err := db.Update("tester", func(tx *Tx) error {
			for j := 0; j < 1000; j++ {
				if err := tx.Audit("item.create", "item/1", nil, item{Name: big}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := db.ReleaseMapped(); err != nil {
		t.Fatal(err)
	}
	if err := db.View(func(tx *Tx) error {
		return tx.ForEach(bucketAudit, func(k, v []byte) error { return nil })
	}); err != nil {
		t.Fatal(err)
	}
	read := mappedKB(t, db)
	t.Logf("a scan of 1,000 entries mapped %d kB", read)
	if read < 1<<10 {
		t.Fatalf("reading 1,000 entries mapped only %d kB of the database", read)
	}
	res, err := db.VerifyAudit()
	if err != nil || !res.OK || res.Entries != 1000 {
		t.Fatalf("verify: %+v %v", res, err)
	}
	if after := mappedKB(t, db); after > 256 {
		t.Fatalf("after the check %d kB of the database stay mapped (%d kB after a scan)", after, read)
	}
	// The pages are still there to read.
	if n := 0; db.View(func(tx *Tx) error { n = tx.Count(bucketAudit); return nil }) != nil || n != 1000 {
		t.Fatalf("after the release the audit bucket has %d entries", n)
	}
}
