package auditlog

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/boxkey"
	"bianmin/appliance/store"

	bolt "go.etcd.io/bbolt"
)

func newLog(t *testing.T) (*Log, *store.DB, string) {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return New(db, boxkey.Generate()), db, dir
}

func write(t *testing.T, db *store.DB, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		err := db.Update("wang", func(tx *store.Tx) error {
			return tx.Audit("unit.create", fmt.Sprintf("unit/%d", i), nil, map[string]any{"name": fmt.Sprintf("单位%d", i)})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestHeadFileRoundTrip(t *testing.T) {
	l, db, _ := newLog(t)
	write(t, db, 3)
	h, err := l.SignedHead()
	if err != nil || h.Seq != 3 || len(h.Hash) != 64 || !h.SignatureValid() {
		t.Fatalf("signed head %+v, %v", h, err)
	}
	text := FormatHead(h)
	got, err := ParseHead(text)
	if err != nil || got != h {
		t.Fatalf("round trip: %+v, %v\n%s", got, err, text)
	}
	if got.Fingerprint() != l.Key().Fingerprint() || !strings.Contains(string(text), l.Key().Fingerprint()) {
		t.Fatalf("fingerprint %q, want %q", got.Fingerprint(), l.Key().Fingerprint())
	}
	// Editing the file (a later sequence number) breaks its signature.
	edited := strings.Replace(string(text), "seq: 3", "seq: 2", 1)
	if _, err := ParseHead([]byte(edited)); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("edited head file: %v, want ErrBadSignature", err)
	}
	for _, bad := range []string{"", "hello\n", "bianmin-audit-head/1\nseq: x\n", "bianmin-audit-head/1\nseq: 3\nhash: 12\n"} {
		if _, err := ParseHead([]byte(bad)); !errors.Is(err, ErrNotHead) {
			t.Errorf("ParseHead(%q): %v, want ErrNotHead", bad, err)
		}
	}
}

func TestParseHeadRef(t *testing.T) {
	hash := strings.Repeat("ab", 32)
	for _, tc := range []struct {
		in   string
		seq  uint64
		hash string
		ok   bool
	}{
		{hash, 0, hash, true},
		{"12:" + hash[:16], 12, hash[:16], true},
		{"#12 " + hash[:20], 12, hash[:20], true},
		{" #12:" + strings.ToUpper(hash[:16]), 12, hash[:16], true},
		{hash[:15], 0, "", false},
		{"0:" + hash, 0, "", false},
		{"12:xyz", 0, "", false},
		{hash + "00", 0, "", false},
	} {
		h, err := ParseHeadRef(tc.in)
		if (err == nil) != tc.ok || tc.ok && (h.Seq != tc.seq || h.Hash != tc.hash) {
			t.Errorf("ParseHeadRef(%q) = %+v, %v", tc.in, h, err)
		}
	}
}

// rewriteChain edits entry seq's after in the bbolt file, re-hashes every
// entry from it on and moves the head, as someone who can write the file
// would; cut removes the last n entries and moves the head back instead.
func rewriteChain(t *testing.T, dir string, seq uint64, cut int) {
	t.Helper()
	bdb, err := bolt.Open(dir+"/"+store.FileName, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	err = bdb.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("audit"))
		var entries []store.AuditEntry
		b.ForEach(func(k, v []byte) error {
			var e store.AuditEntry
			json.Unmarshal(v, &e)
			entries = append(entries, e)
			return nil
		})
		if cut > 0 {
			for _, e := range entries[len(entries)-cut:] {
				b.Delete(store.IDKey(e.Seq))
			}
			entries = entries[:len(entries)-cut]
		} else {
			prev := store.GenesisHash
			for i := range entries {
				e := &entries[i]
				if e.Seq == seq {
					e.After = json.RawMessage(`{"name":"改过的单位"}`)
				}
				e.PrevHash, e.Hash = prev, ""
				data, _ := json.Marshal(e)
				e.Hash = fmt.Sprintf("%x", sha256.Sum256(data))
				data, _ = json.Marshal(e)
				b.Put(store.IDKey(e.Seq), data)
				prev = e.Hash
			}
		}
		last := entries[len(entries)-1]
		head, _ := json.Marshal(map[string]any{"seq": last.Seq, "hash": last.Hash})
		return tx.Bucket([]byte("meta")).Put([]byte("audit_head"), head)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestVerifyAgainstHead(t *testing.T) {
	l, db, dir := newLog(t)
	write(t, db, 5)
	taken, _ := l.SignedHead()
	write(t, db, 2)

	c, err := l.VerifyAgainst(taken)
	if err != nil || !c.OK() || c.Outcome != Extends || c.Since != 2 || !c.Signed || !c.ThisBox {
		t.Fatalf("untouched chain: %+v, %v", c, err)
	}
	short, _ := ParseHeadRef(fmt.Sprintf("#%d %s", taken.Seq, taken.HashPrefix(16)))
	if c, _ := l.VerifyAgainst(short); !c.OK() || c.Seq != 5 {
		t.Fatalf("footer head: %+v", c)
	}
	byHash, _ := ParseHeadRef(taken.Hash)
	if c, _ := l.VerifyAgainst(byHash); !c.OK() || c.Seq != 5 {
		t.Fatalf("hash-only head: %+v", c)
	}
	db.Close()

	// Rewrite entry 3, re-hash the chain and re-sign its head with the
	// box's own key: the chain verifies alone, and fails against the head.
	rewriteChain(t, dir, 3, 0)
	db2, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	l2 := New(db2, l.Key())
	if res, _ := db2.VerifyAudit(); !res.OK {
		t.Fatalf("the rewritten chain should verify on its own: %+v", res)
	}
	resigned, _ := l2.SignedHead()
	if c, _ := l2.VerifyAgainst(resigned); !c.OK() {
		t.Fatalf("the attacker's own new head passes, as it must: %+v", c)
	}
	c, _ = l2.VerifyAgainst(taken)
	if c.OK() || c.Outcome != Rewritten || c.Seq != 5 || c.Hash == taken.Hash {
		t.Fatalf("rewritten chain against the head taken before: %+v", c)
	}
	if c, _ := l2.VerifyAgainst(byHash); c.OK() || c.Outcome != NotFound {
		t.Fatalf("rewritten chain against the hash alone: %+v", c)
	}
	db2.Close()

	// Cut the tail back to 4 entries and move the head.
	rewriteChain(t, dir, 0, 3)
	db3, _ := store.Open(dir, store.Options{})
	defer db3.Close()
	l3 := New(db3, l.Key())
	if c, _ := l3.VerifyAgainst(taken); c.OK() || c.Outcome != Cut || c.Chain.Entries != 4 {
		t.Fatalf("cut chain: %+v", c)
	}
	if c := l3.CheckNow(); !c.Result.OK || c.Result.Entries != 4 {
		t.Fatalf("full check of the cut chain: %+v (a cut chain verifies alone)", c)
	}
}

func TestChanges(t *testing.T) {
	for _, tc := range []struct {
		name          string
		before, after string
		want          string
	}{
		{"update shows what changed", `{"name":"民政","active":true,"id":3}`, `{"name":"民政局","active":false,"id":3}`,
			"active:Yes()→No() name:Text(民政)→Text(民政局)"},
		{"create lists every field", ``, `{"name":"税务","hours":{"in":"08:30"},"tags":["a"]}`,
			"hours.in:Absent()→Text(08:30) name:Absent()→Text(税务) tags:Absent()→Data([\"a\"])"},
		{"removal", `{"finger":2}`, ``, "finger:Text(2)→Absent()"},
		{"empty values", `{"note":"x"}`, `{"note":""}`, "note:Text(x)→Empty()"},
		{"cut summary", ``, `{"_truncated":{"bytes":912345},"ip":"10.0.0.9"}`, "_truncated:Absent()→Text(912345) ip:Absent()→Text(10.0.0.9)"},
		{"nothing changed", `{"a":1}`, `{"a":1}`, ""},
	} {
		var parts []string
		for _, c := range Changes(json.RawMessage(tc.before), json.RawMessage(tc.after)) {
			parts = append(parts, fmt.Sprintf("%s:%s→%s", c.Field, kind(c.Before), kind(c.After)))
		}
		if got := strings.Join(parts, " "); got != tc.want {
			t.Errorf("%s: %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

func kind(v Value) string {
	return fmt.Sprintf("%s(%s)", []string{"Absent", "Text", "Yes", "No", "Empty", "Data"}[v.Kind], v.Text)
}

// FuzzParseHead: head files and head references come from outside (a USB
// stick, a typed command line): no input makes the parsers panic, and a
// head file that parses formats back to one that parses the same.
func FuzzParseHead(f *testing.F) {
	k := boxkey.Generate()
	f.Add(string(FormatHead(Sign(Head{Seq: 12, Hash: strings.Repeat("ab", 32), Time: time.Unix(1772400000, 0)}, k))))
	f.Add("bianmin-audit-head/1\nseq: 1\nhash: " + strings.Repeat("0", 64) + "\n")
	f.Add("#12 9f2c4a1b7e3d5a60")
	f.Add("12:" + strings.Repeat("f", 64))
	f.Fuzz(func(t *testing.T, s string) {
		if h, err := ParseHead([]byte(s)); err == nil {
			again, err := ParseHead(FormatHead(h))
			if err != nil || again.Seq != h.Seq || again.Hash != h.Hash || again.Signature != h.Signature {
				t.Fatalf("round trip of %+v: %+v, %v", h, again, err)
			}
		}
		if h, err := ParseHeadRef(s); err == nil && (len(h.Hash) < MinHashPrefix || len(h.Hash) > 64) {
			t.Fatalf("ParseHeadRef(%q) accepted a hash of %d digits", s, len(h.Hash))
		}
	})
}
