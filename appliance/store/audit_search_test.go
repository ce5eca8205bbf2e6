package store

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// auditClock hands out instants a minute apart from 2026-03-02 08:00 UTC.
type auditClock struct{ t time.Time }

func (c *auditClock) now() time.Time { c.t = c.t.Add(time.Minute); return c.t }

// writeAudit appends one entry per row: actor, action.
func writeAudit(t *testing.T, db *DB, rows ...[2]string) {
	t.Helper()
	for _, r := range rows {
		err := db.Update(r[0], func(tx *Tx) error { return tx.Audit(r[1], "item/1", nil, item{Name: r[1]}) })
		if err != nil {
			t.Fatal(err)
		}
	}
}

func seqs(p AuditPage) []uint64 {
	var out []uint64
	for _, e := range p.Entries {
		out = append(out, e.Seq)
	}
	return out
}

func TestAuditEntryBounded(t *testing.T) {
	db := openTest(t, t.TempDir())
	defer db.Close()
	huge := strings.Repeat("名", 300_000) // 900 kB, as a login form could send
	err := db.Update("anonymous\n"+huge, func(tx *Tx) error {
		if err := tx.Audit("login.failed", "login/"+huge, nil, map[string]any{"username": huge, "ip": "10.0.0.9", "n": 3}); err != nil {
			return err
		}
		return tx.Audit("item.list", "item/x", []string{huge}, nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	page, err := db.SearchAudit(AuditQuery{})
	if err != nil || len(page.Entries) != 2 {
		t.Fatalf("search: %v %+v", err, page)
	}
	for _, e := range page.Entries {
		data, _ := json.Marshal(e)
		if len(data) > 2*MaxAuditSummaryBytes+3*4*MaxAuditTextRunes+400 {
			t.Errorf("entry %d is %d bytes", e.Seq, len(data))
		}
		if strings.ContainsAny(e.Actor, "\n") || len([]rune(e.Actor)) > MaxAuditTextRunes || len([]rune(e.Object)) > MaxAuditTextRunes {
			t.Errorf("entry %d: actor %q object %d runes", e.Seq, e.Actor[:20], len([]rune(e.Object)))
		}
	}
	var after map[string]any
	json.Unmarshal(page.Entries[1].After, &after)
	if after["ip"] != "10.0.0.9" || after["n"] != 3.0 || after[AuditTruncatedField] == nil {
		t.Errorf("login entry after = %.300v; want the small fields kept and the marker", after)
	}
	if u, _ := after["username"].(string); len([]rune(u)) > maxAuditValueRunes {
		t.Errorf("username kept %d runes", len([]rune(u)))
	}
	var before map[string]any
	json.Unmarshal(page.Entries[0].Before, &before)
	if m, _ := before[AuditTruncatedField].(map[string]any); m == nil || m["bytes"].(float64) < 900_000 || m["text"] == "" {
		t.Errorf("array summary: %.300v; want the marker with the size and the start", before)
	}
	if res, _ := db.VerifyAudit(); !res.OK {
		t.Fatalf("chain of bounded entries does not verify: %+v", res)
	}
}

func TestSearchAuditPagesAndFilters(t *testing.T) {
	clk := &auditClock{t: time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)}
	db, err := Open(t.TempDir(), Options{Now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// 1..30: wang and li take turns; every third is a staff.update.
	var rows [][2]string
	for i := 1; i <= 30; i++ {
		actor, action := "wang", "unit.create"
		if i%2 == 0 {
			actor = "li"
		}
		if i%3 == 0 {
			action = "staff.update"
		}
		rows = append(rows, [2]string{actor, action})
	}
	writeAudit(t, db, rows...)

	p1, err := db.SearchAudit(AuditQuery{Size: 8})
	if err != nil || fmt.Sprint(seqs(p1)) != "[30 29 28 27 26 25 24 23]" || p1.Older.IsZero() || !p1.Newer.IsZero() {
		t.Fatalf("newest page: %v %v older=%q newer=%q", seqs(p1), err, p1.Older, p1.Newer)
	}
	cur, err := ParseAuditCursor(p1.Older.String())
	if err != nil {
		t.Fatal(err)
	}
	p2, _ := db.SearchAudit(AuditQuery{Size: 8, Older: cur})
	if fmt.Sprint(seqs(p2)) != "[22 21 20 19 18 17 16 15]" || p2.Newer.IsZero() {
		t.Fatalf("second page: %v newer=%q", seqs(p2), p2.Newer)
	}
	back, _ := db.SearchAudit(AuditQuery{Size: 8, Newer: p2.Newer})
	if fmt.Sprint(seqs(back)) != fmt.Sprint(seqs(p1)) || !back.Newer.IsZero() {
		t.Fatalf("back to the newest: %v newer=%q", seqs(back), back.Newer)
	}
	last, _ := db.SearchAudit(AuditQuery{Size: 8, Older: mustCursor(t, "0", 7)})
	if fmt.Sprint(seqs(last)) != "[]" {
		t.Fatalf("below the first instant: %v", seqs(last))
	}

	for _, tc := range []struct {
		name string
		q    AuditQuery
		want string
	}{
		{"one person", AuditQuery{Actor: "li", Size: 4}, "[30 28 26 24]"},
		{"one action", AuditQuery{Action: "staff.update", Size: 20}, "[30 27 24 21 18 15 12 9 6 3]"},
		{"person and action", AuditQuery{Actor: "wang", Action: "staff.update", Size: 20}, "[27 21 15 9 3]"},
		{"dates: entries 5 to 9", AuditQuery{From: clk0(5), To: clk0(10), Size: 20}, "[9 8 7 6 5]"},
		{"person between dates", AuditQuery{Actor: "li", From: clk0(5), To: clk0(10), Size: 20}, "[8 6]"},
		{"nobody", AuditQuery{Actor: "zhao"}, "[]"},
	} {
		p, err := db.SearchAudit(tc.q)
		if err != nil || fmt.Sprint(seqs(p)) != tc.want {
			t.Errorf("%s: %v %v, want %s", tc.name, seqs(p), err, tc.want)
		}
	}

	// A scan bound: wang's staff.update entries are every sixth key of
	// wang's index; with MaxScan 4 a page stops and says where to go on.
	p, _ := db.SearchAudit(AuditQuery{Actor: "wang", Action: "staff.update", Size: 20, MaxScan: 4})
	if !p.Stopped || p.Older.IsZero() || fmt.Sprint(seqs(p)) != "[27]" {
		t.Fatalf("bounded scan: %v stopped=%v older=%q", seqs(p), p.Stopped, p.Older)
	}
	var all []uint64
	for q := (AuditQuery{Actor: "wang", Action: "staff.update", Size: 20, MaxScan: 4}); ; {
		p, _ := db.SearchAudit(q)
		all = append(all, seqs(p)...)
		if p.Older.IsZero() {
			break
		}
		q.Older = p.Older
	}
	if fmt.Sprint(all) != "[27 21 15 9 3]" {
		t.Fatalf("continued bounded scans found %v", all)
	}

	actors, _ := db.AuditNames(false, 10)
	actions, _ := db.AuditNames(true, 10)
	if fmt.Sprint(actors) != "[li wang]" || fmt.Sprint(actions) != "[staff.update unit.create]" {
		t.Fatalf("names: %v %v", actors, actions)
	}
}

// clk0 is the instant of entry n of TestSearchAuditPagesAndFilters.
func clk0(n int) time.Time {
	return time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Minute)
}

func mustCursor(t *testing.T, ns string, seq int) AuditCursor {
	c, err := ParseAuditCursor(fmt.Sprintf("%s-%d", ns, seq))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestAuditIndexBackfill: a chain written before the indexes existed is
// indexed in batches, newest first, and searchable once done.
func TestAuditIndexBackfill(t *testing.T) {
	dir := t.TempDir()
	db := openTest(t, dir)
	writeAudit(t, db, [2]string{"wang", "unit.create"}, [2]string{"li", "unit.update"}, [2]string{"wang", "unit.update"})
	db.Close()
	// Make it an old store: no indexes, no mark.
	bdb, err := bolt.Open(dir+"/"+FileName, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	bdb.Update(func(tx *bolt.Tx) error {
		for _, b := range []string{bucketAuditByTime, bucketAuditByActor, bucketAuditByAction} {
			tx.DeleteBucket([]byte(b))
		}
		return tx.Bucket([]byte(bucketMeta)).Delete([]byte(metaAuditIndexed))
	})
	bdb.Close()

	db = openTest(t, dir)
	defer db.Close()
	if from := db.AuditIndexedFrom(); from != 4 {
		t.Fatalf("indexed from %d after opening an old store, want 4", from)
	}
	writeAudit(t, db, [2]string{"li", "unit.create"})
	if p, _ := db.SearchAudit(AuditQuery{}); fmt.Sprint(seqs(p)) != "[4]" {
		t.Fatalf("before the backfill: %v", seqs(p))
	}
	left, err := db.BackfillAuditIndex(2)
	if err != nil || left != 1 {
		t.Fatalf("first batch: left %d, %v", left, err)
	}
	if left, _ = db.BackfillAuditIndex(2); left != 0 || db.AuditIndexedFrom() != 1 {
		t.Fatalf("second batch: left %d, from %d", left, db.AuditIndexedFrom())
	}
	if p, _ := db.SearchAudit(AuditQuery{Actor: "wang"}); fmt.Sprint(seqs(p)) != "[3 1]" {
		t.Fatalf("after the backfill: %v", seqs(p))
	}
	txid := func() (id int) { db.bolt.View(func(tx *bolt.Tx) error { id = tx.ID(); return nil }); return id }
	before := txid()
	if left, _ := db.BackfillAuditIndex(2); left != 0 || txid() != before {
		t.Fatalf("backfill of a complete index did something: left %d, %d transaction(s) committed", left, txid()-before)
	}
}
