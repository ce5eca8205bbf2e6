package account

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
	"bianmin/appliance/store/storetest"

	"golang.org/x/crypto/bcrypt"
)

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newTestService(t *testing.T) (*Service, *clock) {
	t.Helper()
	c := &clock{t: time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)}
	db := storetest.Open(t, store.Options{Now: c.now})
	return New(db, Options{BcryptCost: bcrypt.MinCost}), c
}

func TestEnsureAdminOnce(t *testing.T) {
	s, _ := newTestService(t)
	pw, created, err := s.EnsureAdmin()
	if err != nil || !created || len(pw) != 12 {
		t.Fatalf("first EnsureAdmin: %q %v %v", pw, created, err)
	}
	u, _ := s.UserByName("admin")
	if u.Role != RoleOffice || !u.MustChange || strings.Contains(u.PasswordHash, pw) {
		t.Fatalf("admin = %+v", u)
	}
	if !strings.HasPrefix(u.PasswordHash, "$2") {
		t.Fatalf("password not bcrypt-hashed: %q", u.PasswordHash)
	}
	// With accounts EnsureAdmin only reads: the database file is not
	// written (a write transaction would commit with two fsyncs at every
	// start of the service).
	before, err := os.Stat(s.db.Path())
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond) // past the file system's timestamp granularity
	if _, created, _ := s.EnsureAdmin(); created {
		t.Fatal("second EnsureAdmin created another admin")
	}
	if after, _ := os.Stat(s.db.Path()); !after.ModTime().Equal(before.ModTime()) {
		t.Errorf("the second EnsureAdmin wrote the database (modified %v, then %v)", before.ModTime(), after.ModTime())
	}
}

func TestPasswordPolicy(t *testing.T) {
	cases := []struct {
		pw   string
		want error
	}{
		{"short", ErrPasswordShort},
		{"zhangwei", ErrPasswordWeak}, // equals the username
		{"aaaaaaaa", ErrPasswordWeak},
		{"一一一一一一一一", ErrPasswordWeak}, // one repeated character, counted in runes
		{"12345678", ErrPasswordWeak},
		{"Qingshan-2026", nil},
		{"青山镇便民服务中心", nil}, // Chinese passphrases count runes
	}
	for _, tc := range cases {
		if err := CheckNewPassword("zhangwei", tc.pw); err != tc.want {
			t.Errorf("CheckNewPassword(%q) = %v, want %v", tc.pw, err, tc.want)
		}
	}
}

func TestLoginSessionLifecycle(t *testing.T) {
	s, c := newTestService(t)
	u, pw, err := s.CreateUser("admin", NewUser{Username: "Zhang.Wei", DisplayName: "张伟", Role: RoleStaff})
	if err != nil || u.Username != "zhang.wei" {
		t.Fatalf("create: %+v %v", u, err)
	}
	if _, _, err := s.CreateUser("admin", NewUser{Username: "zhang.wei", DisplayName: "x", Role: RoleStaff}); err != ErrUsernameTaken {
		t.Fatalf("duplicate username: %v", err)
	}
	if _, _, err := s.Login("1.2.3.4", "ua", "zhang.wei", "wrong"); err != ErrBadLogin {
		t.Fatalf("wrong password: %v", err)
	}
	tok, _, err := s.Login("1.2.3.4", "ua", "ZHANG.WEI", pw)
	if err != nil {
		t.Fatal(err)
	}
	sess, got, err := s.Authenticate(tok)
	if err != nil || got.ID != u.ID || len(sess.CSRF) != 64 {
		t.Fatalf("authenticate: %+v %v", sess, err)
	}
	if !sess.CheckCSRF(sess.CSRF) || sess.CheckCSRF("") || sess.CheckCSRF(strings.Repeat("0", 64)) {
		t.Fatal("CSRF check is wrong")
	}
	// The store keeps only the token's hash.
	if sess.Key == tok {
		t.Fatal("session stored under the raw token")
	}
	// Idle past the TTL ends the session.
	c.t = c.t.Add(SessionTTL + time.Minute)
	if _, _, err := s.Authenticate(tok); err != ErrNoSession {
		t.Fatalf("idle session still valid: %v", err)
	}
}

func TestChangePasswordRevokesOtherSessions(t *testing.T) {
	s, _ := newTestService(t)
	u, pw, _ := s.CreateUser("admin", NewUser{Username: "liu", DisplayName: "刘芳", Role: RoleStaff})
	tok1, _, _ := s.Login("ip1", "", "liu", pw)
	tok2, _, _ := s.Login("ip2", "", "liu", pw)
	if err := s.ChangePassword("liu", u.ID, "bad", "Qingshan-2026", SessionKeyOf(tok1)); err != ErrPasswordWrong {
		t.Fatalf("wrong old password: %v", err)
	}
	if err := s.ChangePassword("liu", u.ID, pw, pw, SessionKeyOf(tok1)); err != ErrPasswordSame {
		t.Fatalf("same password: %v", err)
	}
	if err := s.ChangePassword("liu", u.ID, pw, "Qingshan-2026", SessionKeyOf(tok1)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Authenticate(tok1); err != nil {
		t.Fatalf("own session ended: %v", err)
	}
	if _, _, err := s.Authenticate(tok2); err != ErrNoSession {
		t.Fatalf("other session survived: %v", err)
	}
	got, _ := s.User(u.ID)
	if got.MustChange {
		t.Fatal("must-change flag not cleared")
	}
	// Reset gives a new one-time password and ends every session.
	npw, err := s.ResetPassword("admin", u.ID)
	if err != nil || npw == "" {
		t.Fatal(err)
	}
	if _, _, err := s.Authenticate(tok1); err != ErrNoSession {
		t.Fatal("session survived a reset")
	}
	if _, u2, err := s.Login("ip1", "", "liu", npw); err != nil || !u2.MustChange {
		t.Fatalf("login with the reset password: %v", err)
	}
}

func TestDisabledUserCannotLogIn(t *testing.T) {
	s, _ := newTestService(t)
	u, pw, _ := s.CreateUser("admin", NewUser{Username: "gao", DisplayName: "高德明", Role: RoleInspector})
	tok, _, _ := s.Login("ip", "", "gao", pw)
	if _, err := s.UpdateUser("admin", u.ID, "高德明", RoleInspector, 0, true); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Authenticate(tok); err != ErrNoSession {
		t.Fatal("disabled user's session survived")
	}
	if _, _, err := s.Login("ip", "", "gao", pw); err != ErrBadLogin {
		t.Fatalf("disabled login: %v", err)
	}
}

// TestLimiter: rows follow issue 9's rule — limit per client address and
// account, and per address, "without letting one address lock an account
// for everyone": slow, never block, an account globally.
func TestLimiter(t *testing.T) {
	c := &clock{t: time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)}
	type fail struct {
		ip, user string
		n        int
	}
	cases := []struct {
		name     string
		fails    []fail
		after    time.Duration
		ip, user string
		refused  bool
		delay    time.Duration
	}{
		{"4 failures: the 5th attempt is checked", []fail{{"a", "u", 4}}, 0, "a", "u", false, 0},
		{"5 failures: the address is refused on that account", []fail{{"a", "u", 5}}, 0, "a", "u", true, 0},
		{"5 failures: another address gets in (no lockout for everyone)", []fail{{"a", "u", 5}}, 0, "b", "u", false, 0},
		{"5 failures: the same address may try another account", []fail{{"a", "u", 5}}, 0, "a", "v", false, 0},
		{"20 failures over many accounts: the address is refused everywhere", []fail{{"a", "u1", 4}, {"a", "u2", 4}, {"a", "u3", 4}, {"a", "u4", 4}, {"a", "u5", 4}}, 0, "a", "w", true, 0},
		{"refusal ends when the window has passed", []fail{{"a", "u", 5}}, 15 * time.Minute, "a", "u", false, 0},
		{"still refused a minute before", []fail{{"a", "u", 5}}, 14 * time.Minute, "a", "u", true, 0},
		{"10 failures from 3 addresses: the account is slowed, not refused", []fail{{"a", "u", 4}, {"b", "u", 3}, {"c", "u", 3}}, 0, "d", "u", false, 250 * time.Millisecond},
		{"20 failures: slower", []fail{{"a", "u", 4}, {"b", "u", 4}, {"c", "u", 4}, {"d", "u", 4}, {"e", "u", 4}}, 0, "f", "u", false, 500 * time.Millisecond},
		{"60 failures: capped at 3 s", []fail{{"a", "u", 4}, {"b", "u", 4}, {"c", "u", 4}, {"d", "u", 4}, {"e", "u", 4}, {"f", "u", 4}, {"g", "u", 4}, {"h", "u", 4}, {"i", "u", 4}, {"j", "u", 4}, {"k", "u", 4}, {"l", "u", 4}, {"m", "u", 4}, {"n", "u", 4}, {"o", "u", 4}}, 0, "z", "u", false, 3 * time.Second},
		{"usernames are one account whatever their case", []fail{{"a", "Admin ", 5}}, 0, "a", "admin", true, 0},
	}
	for _, tc := range cases {
		l := NewLimiter(LimitConfig{}, c.now)
		start := c.t
		for _, f := range tc.fails {
			for i := 0; i < f.n; i++ {
				l.Fail(f.ip, f.user)
			}
		}
		c.t = c.t.Add(tc.after)
		v := l.Check(tc.ip, tc.user)
		if v.Refused != tc.refused || v.Delay != tc.delay {
			t.Errorf("%s: %+v, want refused=%v delay=%v", tc.name, v, tc.refused, tc.delay)
		}
		if v.Refused && (v.RetryIn <= 0 || v.RetryIn > 15*time.Minute) {
			t.Errorf("%s: retry in %v", tc.name, v.RetryIn)
		}
		c.t = start
	}
}

// TestLoginThrottledPerAddress: five wrong passwords from one address
// refuse that address (even with the right password), while the owner logs
// in from another; the refusal says how long to wait.
func TestLoginThrottledPerAddress(t *testing.T) {
	s, c := newTestService(t)
	_, pw, _ := s.CreateUser("admin", NewUser{Username: "ma", DisplayName: "马超", Role: RoleStaff})
	for i := 0; i < 5; i++ {
		if _, _, err := s.Login("10.0.0.66", "", "ma", "nope"); err != ErrBadLogin {
			t.Fatalf("attempt %d: %v", i+1, err)
		}
	}
	_, _, err := s.Login("10.0.0.66", "", "ma", pw)
	var rl *RateLimited
	if !errors.Is(err, ErrRateLimited) || !errors.As(err, &rl) || rl.RetryIn != 15*time.Minute {
		t.Fatalf("6th attempt from the same address: %v, want rate limited for 15 min", err)
	}
	if p, ok := problem.As(err); !ok || p.Args["Minutes"] != 15 || p.Field != "password" {
		t.Fatalf("refusal problem: %+v", p)
	}
	if _, _, err := s.Login("10.0.0.5", "", "ma", pw); err != nil {
		t.Fatalf("the owner from another address: %v", err)
	}
	c.t = c.t.Add(15 * time.Minute)
	if _, _, err := s.Login("10.0.0.66", "", "ma", pw); err != nil {
		t.Fatalf("after the window: %v", err)
	}
}

// TestDummyHashCost: an unknown username is checked against a hash of the
// service's own cost (issue 9 item 9: cost 4 against 10 told which
// usernames exist by timing).
func TestDummyHashCost(t *testing.T) {
	db := storetest.Open(t, store.Options{})
	for _, cost := range []int{bcrypt.MinCost, 6} {
		s := New(db, Options{BcryptCost: cost})
		if _, _, err := s.Login("ip", "", "nobody", "x"); err != ErrBadLogin {
			t.Fatal(err)
		}
		if got, err := bcrypt.Cost(s.dummy.get(cost)); err != nil || got != cost {
			t.Errorf("dummy hash cost %d (%v), want the service's %d", got, err, cost)
		}
	}
}

// TestFailedLoginsAggregated: a hammering address leaves one entry for its
// first failure and one counted entry for the rest of the window, with a
// bounded, cleaned username — not one entry per attempt.
func TestFailedLoginsAggregated(t *testing.T) {
	s, c := newTestService(t)
	n0 := auditCount(t, s)
	huge := "adm\x1b[2J" + strings.Repeat("名", 300_000)
	for i := 0; i < 200; i++ {
		s.Login("10.0.0.66", "", huge, "nope")
		c.t = c.t.Add(time.Second)
	}
	if n := auditCount(t, s) - n0; n != 1 {
		t.Fatalf("%d audit entries during the window, want 1 (the first failure)", n)
	}
	c.t = c.t.Add(15 * time.Minute)
	s.FlushLoginAudit(false)
	entries, _ := s.db.AuditEntries("login/", 10)
	if len(entries) != 2 || entries[0].Action != "login.failures" || entries[1].Action != "login.failed" {
		t.Fatalf("entries after the window: %+v", entries)
	}
	var after struct {
		IP        string   `json:"ip"`
		Failed    int      `json:"failed"`
		Refused   int      `json:"refused"`
		Usernames []string `json:"usernames"`
	}
	json.Unmarshal(entries[0].After, &after)
	if after.IP != "10.0.0.66" || after.Failed != 4 || after.Refused != 195 || len(after.Usernames) != 1 {
		t.Fatalf("counted entry: %+v", after)
	}
	for _, e := range entries {
		if len(e.Object) > 200 || len(e.After) > 1000 || strings.ContainsRune(e.Object, 0x1b) || e.Actor != "anonymous" {
			t.Errorf("entry %d not bounded: actor %q, object %d bytes, after %d bytes", e.Seq, e.Actor, len(e.Object), len(e.After))
		}
	}
	s.FlushLoginAudit(true)
	if n := auditCount(t, s) - n0; n != 2 {
		t.Fatalf("%d entries after a final flush, want 2", n)
	}
}

func auditCount(t *testing.T, s *Service) int {
	t.Helper()
	seq, _, err := s.db.AuditHead()
	if err != nil {
		t.Fatal(err)
	}
	return int(seq)
}

func TestRandomPassword(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 200; i++ {
		p := RandomPassword()
		if len(p) != 12 || strings.ContainsAny(p, "0O1lI") || seen[p] {
			t.Fatalf("bad or repeated password %q", p)
		}
		seen[p] = true
	}
}

// TestLimiterForgetsOldKeys: failures spread over many usernames do not
// pile up once they are older than the window.
func TestLimiterForgetsOldKeys(t *testing.T) {
	c := &clock{t: time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)}
	l := NewLimiter(LimitConfig{}, c.now)
	for i := 0; i < pruneAbove; i++ {
		l.Fail(fmt.Sprintf("ip-%d", i), fmt.Sprintf("user-%d", i))
	}
	c.t = c.t.Add(16 * time.Minute)
	l.Fail("ip2", "late")
	if n := len(l.fail); n > 3 {
		t.Fatalf("limiter still holds %d keys after the window passed", n)
	}
}
