package uplink_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/auditlog"
	"bianmin/appliance/boxkey"
	"bianmin/appliance/county"
	"bianmin/appliance/store"
	"bianmin/appliance/uplink"
)

// rig is one box and one county in a test.
type rig struct {
	t      testing.TB
	dir    string
	db     *store.DB
	key    *boxkey.Key
	box    *uplink.Box
	county *county.County
	srv    *httptest.Server
	down   bool
}

func openBox(t testing.TB, dir string, key *boxkey.Key) (*store.DB, *uplink.Box) {
	t.Helper()
	db, err := store.Open(dir, store.Options{Reserve: -1, MinFree: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, uplink.New(db, auditlog.New(db, key), 7)
}

func newRig(t testing.TB) *rig {
	t.Helper()
	r := &rig{t: t, dir: t.TempDir(), key: boxkey.Generate()}
	r.db, r.box = openBox(t, r.dir, r.key)
	cdb, err := store.Open(t.TempDir(), store.Options{Reserve: -1, MinFree: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cdb.Close() })
	r.county = county.New(cdb, nil)
	if _, err := r.county.AddBox("test", "城关镇", "420102", r.key.PublicText()); err != nil {
		t.Fatal(err)
	}
	h := uplink.Handler(r.county)
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if r.down {
			w.Header().Set("Retry-After", "120")
			http.Error(w, "county maintenance", http.StatusServiceUnavailable)
			return
		}
		h.ServeHTTP(w, req)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

// write appends n records of kind in one transaction, with an audit entry.
func (r *rig) write(kind string, n int, payload func(i int) any) {
	r.t.Helper()
	if err := r.db.Update("test", func(tx *store.Tx) error {
		for i := range n {
			if err := tx.AuditAndOutbox(kind+".write", fmt.Sprintf("%s/%d", kind, i), kind, nil, payload(i)); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		r.t.Fatal(err)
	}
}

func (r *rig) client() *uplink.Client {
	r.t.Helper()
	c, err := uplink.NewClient(uplink.Settings{}, r.srv.URL)
	if err != nil {
		r.t.Fatal(err)
	}
	return c
}

func (r *rig) send() uplink.Result {
	r.t.Helper()
	res, err := r.box.Send(context.Background(), r.client())
	if err != nil {
		r.t.Fatalf("send: %v", err)
	}
	return res
}

func (r *rig) countyBox() county.Box {
	r.t.Helper()
	b, err := r.county.BoxNamed("城关镇")
	if err != nil {
		r.t.Fatal(err)
	}
	return b
}

// records returns the county's records of the box in arrival order.
func (r *rig) records(kind string) []county.Record {
	r.t.Helper()
	var out []county.Record
	if err := r.county.RecordsOf(r.countyBox().ID, kind, func(rec county.Record) error {
		out = append(out, rec)
		return nil
	}); err != nil {
		r.t.Fatal(err)
	}
	return out
}

type punch struct {
	StaffID uint64    `json:"staff_id"`
	Time    time.Time `json:"time"`
	Day     int       `json:"day"`
}

// Issue 15, Done when 1: 30 days of data for 60 staff with the county
// down: everything arrives after it returns, in order, no duplicates, and
// the outbox is empty.
func TestCountyDownThirtyDaysSixtyStaff(t *testing.T) {
	r := newRig(t)
	r.box.MaxRecords = 200
	start := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
	const staffN, days = 60, 30
	for d := range days {
		r.write("punch", staffN*4, func(i int) any {
			return punch{StaffID: uint64(i%staffN + 1), Time: start.AddDate(0, 0, d).Add(time.Duration(i) * time.Minute), Day: d}
		})
		r.write("attendance", staffN, func(i int) any { return map[string]any{"staff_id": i + 1, "day": d, "result": "normal"} })
	}
	want := days * staffN * 5
	r.down = true
	res, err := r.box.Send(context.Background(), r.client())
	var he *uplink.HTTPError
	if !errors.As(err, &he) || he.Status != http.StatusServiceUnavailable || he.RetryAfter != "120" {
		t.Fatalf("county down: err %v, want a 503 with Retry-After 120", err)
	}
	if res.Acknowledged != 0 || res.Pending != want {
		t.Fatalf("county down: %+v, want nothing acknowledged and %d pending", res, want)
	}
	st, _ := r.box.Status()
	if st.LastError == "" || st.Backlog != want || !st.LastSuccess.IsZero() {
		t.Fatalf("status while down: %+v", st)
	}
	r.down = false
	res = r.send()
	if res.Acknowledged != want || res.Pending != 0 || r.db.OutboxLen() != 0 {
		t.Fatalf("after the county returned: %+v, outbox %d; want %d acknowledged, none pending", res, r.db.OutboxLen(), want)
	}
	recs := r.records("")
	if len(recs) != want {
		t.Fatalf("county holds %d records, want %d", len(recs), want)
	}
	seen := map[string]bool{}
	for i, rec := range recs {
		if i > 0 && rec.Outbox <= recs[i-1].Outbox {
			t.Fatalf("record %d (outbox %d) after outbox %d: not in order", i, rec.Outbox, recs[i-1].Outbox)
		}
		k := rec.Kind + string(rec.Payload)
		if seen[k] {
			t.Fatalf("record %s stored twice", k)
		}
		seen[k] = true
	}
	b := r.countyBox()
	if r.county.Count(b, "punch") != days*staffN*4 || r.county.Count(b, "attendance") != days*staffN {
		t.Fatalf("counts %v", b.Counts)
	}
	st, _ = r.box.Status()
	if st.LastError != "" || st.LastSuccess.IsZero() || st.Backlog != 0 || st.Batches != 0 {
		t.Fatalf("status after: %+v", st)
	}
	if b.HeadSeq == 0 || b.Backlog != 0 {
		t.Fatalf("county box after: head %d backlog %d", b.HeadSeq, b.Backlog)
	}
}

// lossy drops the acknowledgement of the first n posts after the county
// stored the batch.
type lossy struct {
	p uplink.Poster
	n int
}

func (l *lossy) Post(ctx context.Context, data []byte) (uplink.Ack, error) {
	a, err := l.p.Post(ctx, data)
	if err == nil && l.n > 0 {
		l.n--
		return uplink.Ack{}, errors.New("connection reset before the acknowledgement")
	}
	return a, err
}

// Issue 15, Done when 3: a resend after a lost acknowledgement is
// acknowledged again and stored once.
func TestLostAckResendStoredOnce(t *testing.T) {
	r := newRig(t)
	r.write("leave", 30, func(i int) any { return map[string]any{"id": i, "days": 2} })
	if _, err := r.box.Send(context.Background(), &lossy{p: r.client(), n: 1}); err == nil {
		t.Fatal("the lost acknowledgement was not reported")
	}
	if r.db.OutboxLen() != 30 {
		t.Fatalf("outbox %d after a lost ack, want all 30 kept", r.db.OutboxLen())
	}
	res := r.send()
	if res.Acknowledged != 30 || res.Pending != 0 {
		t.Fatalf("resend: %+v", res)
	}
	if n := len(r.records("leave")); n != 30 {
		t.Fatalf("county holds %d leave records, want 30", n)
	}
}

// Issue 15, Done when 3: a forged batch (changed byte, wrong key) and a
// same-sequence batch with other content are refused and flagged.
func TestForgedAndConflictingRefused(t *testing.T) {
	r := newRig(t)
	r.write("punch", 5, func(i int) any { return punch{StaffID: uint64(i + 1), Time: time.Unix(1700000000+int64(i), 0).UTC()} })
	if _, err := r.box.ExportTo(t.TempDir()); err != nil { // seals batch 1
		t.Fatal(err)
	}
	dir := t.TempDir()
	ex, err := r.box.ExportTo(dir)
	if err != nil || ex.Batches != 1 {
		t.Fatalf("export: %+v %v", ex, err)
	}
	var m uplink.Manifest
	data, _ := os.ReadFile(ex.Manifest)
	_ = json.Unmarshal(data, &m)
	sealed, _ := os.ReadFile(filepath.Join(dir, m.Batches[0].File))

	changed := []byte(strings.Replace(string(sealed), `"staff_id":1,`, `"staff_id":9,`, 1))
	if string(changed) == string(sealed) {
		t.Fatal("test setup: no byte changed")
	}
	var env uplink.Envelope
	_ = json.Unmarshal(sealed, &env)
	other := boxkey.Generate()
	wrongKey, _ := json.Marshal(uplink.Envelope{Batch: env.Batch, Key: env.Key, Signature: b64(other.Sign(env.Batch))})

	// Same sequence, other content, properly signed by the box.
	o, err := uplink.Open(sealed)
	if err != nil {
		t.Fatal(err)
	}
	o.Records = o.Records[:2]
	conflicting, err := uplink.Seal(o.Batch, r.key)
	if err != nil {
		t.Fatal(err)
	}
	c := r.client()
	for _, tc := range []struct {
		name string
		data []byte
		code string
	}{
		{"changed byte", changed, uplink.CodeSignature},
		{"wrong key", wrongKey, uplink.CodeSignature},
		{"unregistered key", mustSeal(t, o.Batch, other), uplink.CodeUnknownBox},
	} {
		_, err := c.Post(context.Background(), tc.data)
		var ref *uplink.Refused
		if !errors.As(err, &ref) || ref.Code != tc.code {
			t.Errorf("%s: %v, want refused %s", tc.name, err, tc.code)
		}
	}
	if _, err := c.Post(context.Background(), sealed); err != nil {
		t.Fatalf("the genuine batch: %v", err)
	}
	_, err = c.Post(context.Background(), conflicting)
	var ref *uplink.Refused
	if !errors.As(err, &ref) || ref.Code != uplink.CodeConflict {
		t.Fatalf("same seq, other content: %v, want a conflict", err)
	}
	flags, _ := r.county.Flags(0, 100)
	kinds := map[string]int{}
	for _, f := range flags {
		kinds[f.Kind]++
	}
	if kinds[county.FlagForged] != 2 || kinds[county.FlagConflict] != 1 || kinds[county.FlagUnknown] != 1 {
		t.Fatalf("flags %v", kinds)
	}
	if n := len(r.records("punch")); n != 5 {
		t.Fatalf("county holds %d punches, want the genuine 5", n)
	}
}

func mustSeal(t *testing.T, b uplink.Batch, k *boxkey.Key) []byte {
	b.Box = k.Fingerprint()
	b.Head = auditlog.Sign(b.Head, k)
	data, err := uplink.Seal(b, k)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
