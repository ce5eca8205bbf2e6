package county_test

import (
	"fmt"
	"testing"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/county"
	"bianmin/appliance/county/countytest"
	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

func newPullCounty(t testing.TB) *county.County {
	t.Helper()
	db, err := store.Open(t.TempDir(), store.Options{Reserve: -1, MinFree: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return county.New(db, nil)
}

func registerBoxes(t testing.TB, c *county.County, names ...string) []*countytest.Box {
	t.Helper()
	var out []*countytest.Box
	for i, n := range names {
		b, err := countytest.Register(c, n, fmt.Sprintf("4201%02d", i+1))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// pullAll pages through everything the scope sees with q's filter.
func pullAll(t *testing.T, c *county.County, s county.Scope, q county.PullQuery) []county.PullRecord {
	t.Helper()
	var out []county.PullRecord
	for range 10000 {
		p, err := c.Pull(s, q)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p.Records...)
		q.Cursor = p.Next
		if !p.More {
			return out
		}
	}
	t.Fatal("the cursor never ended")
	return nil
}

var day0 = time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)

// TestPullFilters: township, kind and time filters; a cursor is bound to
// its filter; limits (issue 16 §3).
func TestPullFilters(t *testing.T) {
	c := newPullCounty(t)
	boxes := registerBoxes(t, c, "城关镇", "青山镇")
	for _, b := range boxes {
		if err := b.SendPunches(0, 300, 100, day0); err != nil {
			t.Fatal(err)
		}
		if _, err := b.Send([]countytest.Record{{Kind: "leave", Time: day0.Add(time.Hour), Payload: map[string]any{"id": 1}}}); err != nil {
			t.Fatal(err)
		}
	}
	all := county.AllTownships()
	for _, tc := range []struct {
		name string
		q    county.PullQuery
		want int
	}{
		{"everything", county.PullQuery{Limit: 7}, 602},
		{"one township", county.PullQuery{Townships: []string{"青山镇"}, Limit: 50}, 301},
		{"one kind", county.PullQuery{Kinds: []string{"leave"}}, 2},
		{"two kinds", county.PullQuery{Kinds: []string{"leave", "punch"}, Limit: 33}, 602},
		{"time: the first 100 minutes", county.PullQuery{Kinds: []string{"punch"}, To: day0.Add(100 * time.Minute), Limit: 9}, 200},
		{"time: from minute 250, one township", county.PullQuery{Townships: []string{"城关镇"}, From: day0.Add(250 * time.Minute), Limit: 9}, 50},
	} {
		got := pullAll(t, c, all, tc.q)
		seen := map[string]bool{}
		for _, r := range got {
			if seen[r.ID] {
				t.Errorf("%s: %s twice", tc.name, r.ID)
			}
			seen[r.ID] = true
		}
		if len(got) != tc.want {
			t.Errorf("%s: %d records, want %d", tc.name, len(got), tc.want)
		}
	}
	p, err := c.Pull(all, county.PullQuery{Kinds: []string{"punch"}, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		q    county.PullQuery
		key  string
	}{
		{"cursor with another filter", county.PullQuery{Kinds: []string{"leave"}, Cursor: p.Next}, "county.api.err.cursor_filter"},
		{"broken cursor", county.PullQuery{Cursor: "!!"}, "county.api.err.cursor"},
		{"limit too high", county.PullQuery{Limit: county.PullMaxLimit + 1}, "county.api.err.limit"},
		{"unknown township", county.PullQuery{Townships: []string{"不存在镇"}}, "county.api.err.township"},
		{"empty period", county.PullQuery{From: day0, To: day0}, "county.api.err.period"},
	} {
		if _, err := c.Pull(all, tc.q); !problem.Is(err, tc.key) {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.key)
		}
	}
}

// TestViewerScope: a viewer limited to one township sees only its box in
// the list and in the records, and asking for another township by name is
// refused like an unknown one; an admin and an unlimited viewer see all
// (issue 16 §4 "a viewer can be limited to some townships").
func TestViewerScope(t *testing.T) {
	c := newPullCounty(t)
	boxes := registerBoxes(t, c, "城关镇", "青山镇", "柳林乡")
	for _, b := range boxes {
		if err := b.SendPunches(0, 40, 40, day0); err != nil {
			t.Fatal(err)
		}
	}
	viewer := account.User{ID: 7, Role: account.RoleCountyViewer}
	if s, err := c.ScopeOf(viewer); err != nil || !s.All() {
		t.Fatalf("an unlimited viewer: %v %v", s, err)
	}
	if err := c.SetViewerTownships("admin", 7, []uint64{999}); !problem.Is(err, "county.err.no_township") {
		t.Fatalf("unknown box: %v", err)
	}
	if err := c.SetViewerTownships("admin", 7, []uint64{boxes[1].Reg.ID}); err != nil {
		t.Fatal(err)
	}
	s, err := c.ScopeOf(viewer)
	if err != nil {
		t.Fatal(err)
	}
	list, err := c.BoxesIn(s)
	if err != nil || len(list) != 1 || list[0].Name != "青山镇" {
		t.Fatalf("the limited viewer's townships: %+v %v", list, err)
	}
	for _, r := range pullAll(t, c, s, county.PullQuery{}) {
		if r.Township != "青山镇" {
			t.Fatalf("the limited viewer got %s's record %s", r.Township, r.ID)
		}
	}
	if n := len(pullAll(t, c, s, county.PullQuery{})); n != 40 {
		t.Errorf("the limited viewer got %d records, want 40", n)
	}
	if _, err := c.Pull(s, county.PullQuery{Townships: []string{"城关镇"}}); !problem.Is(err, "county.api.err.township") {
		t.Errorf("another township by name: %v", err)
	}
	admin := account.User{ID: 1, Role: account.RoleCountyAdmin}
	if s, _ := c.ScopeOf(admin); !s.All() {
		t.Error("the admin is limited")
	}
	if s, _ := c.ScopeOf(account.User{Role: account.RoleOffice}); s.Visible(boxes[0].Reg.ID) {
		t.Error("a hall role sees a township")
	}
	if err := c.SetViewerTownships("admin", 7, nil); err != nil {
		t.Fatal(err)
	}
	if s, _ := c.ScopeOf(viewer); !s.All() {
		t.Error("clearing the limit did not give all townships back")
	}
}

// TestTokens: made, found by secret, stored hashed, revoked; the rate
// limiter refuses past the burst and refills.
func TestTokens(t *testing.T) {
	c := newPullCounty(t)
	boxes := registerBoxes(t, c, "城关镇", "青山镇")
	tok, secret, err := c.CreateToken("admin", "人社系统", []uint64{boxes[0].Reg.ID})
	if err != nil {
		t.Fatal(err)
	}
	if tok.Hash == "" || tok.Hash == secret || len(secret) < 40 {
		t.Fatalf("token %+v secret %q", tok, secret)
	}
	got, err := c.TokenBySecret(secret)
	if err != nil || got.ID != tok.ID || !got.Scope().Visible(boxes[0].Reg.ID) || got.Scope().Visible(boxes[1].Reg.ID) {
		t.Fatalf("by secret: %+v %v", got, err)
	}
	for _, tc := range []struct{ secret, key string }{
		{"", "county.api.err.token_missing"}, {"cty_nope", "county.api.err.token_unknown"}, {secret + "x", "county.api.err.token_unknown"},
	} {
		if _, err := c.TokenBySecret(tc.secret); !problem.Is(err, tc.key) {
			t.Errorf("%q: %v", tc.secret, err)
		}
	}
	if _, _, err := c.CreateToken("admin", " ", nil); !problem.Is(err, "county.tokens.err.name") {
		t.Errorf("no name: %v", err)
	}
	if err := c.AuditCall(county.APICall{Token: tok.ID, Route: "/api/v1/records", Count: 3, Status: 200}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.RevokeToken("admin", tok.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.TokenBySecret(secret); !problem.Is(err, "county.api.err.token_revoked") {
		t.Errorf("revoked: %v", err)
	}
	ts, _ := c.Tokens()
	if len(ts) != 1 || ts[0].Calls != 1 || ts[0].LastUsed.IsZero() || ts[0].Active() {
		t.Errorf("tokens: %+v", ts)
	}
	lim := county.NewRateLimiter(2, 3)
	now := day0
	for i := range 3 {
		if ok, _ := lim.Allow(1, now); !ok {
			t.Fatalf("call %d refused within the burst", i+1)
		}
	}
	if ok, wait := lim.Allow(1, now); ok || wait != 500*time.Millisecond {
		t.Fatalf("past the burst: %v %v", ok, wait)
	}
	if ok, _ := lim.Allow(2, now); !ok {
		t.Fatal("another token is limited by the first's calls")
	}
	if ok, _ := lim.Allow(1, now.Add(500*time.Millisecond)); !ok {
		t.Fatal("not refilled")
	}
}
