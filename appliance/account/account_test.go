package account

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/store"

	"golang.org/x/crypto/bcrypt"
)

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newTestService(t *testing.T) (*Service, *clock) {
	t.Helper()
	c := &clock{t: time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)}
	db, err := store.Open(t.TempDir(), store.Options{Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
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
	if _, created, _ := s.EnsureAdmin(); created {
		t.Fatal("second EnsureAdmin created another admin")
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

// TestLimiter: rows follow the issue's rule "the 6th failed login in a
// minute is refused", per IP and per user.
func TestLimiter(t *testing.T) {
	c := &clock{t: time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)}
	cases := []struct {
		name     string
		failures int
		ip, user string
		after    time.Duration
		allow    bool
	}{
		{"4 failures: 5th attempt allowed", 4, "ip", "u", 0, true},
		{"5 failures: 6th attempt refused", 5, "ip", "u", 0, false},
		{"5 failures: other user from same IP refused", 5, "ip", "other", 0, false},
		{"5 failures: same user from another IP refused", 5, "ip2", "u", 0, false},
		{"5 failures: allowed again after the minute", 5, "ip", "u", time.Minute, true},
		{"5 failures: still refused at 59 s", 5, "ip", "u", 59 * time.Second, false},
	}
	for _, tc := range cases {
		l := NewLimiter(LimitConfig{}, c.now)
		start := c.t
		for i := 0; i < tc.failures; i++ {
			l.Fail("ip", "u")
		}
		c.t = c.t.Add(tc.after)
		if got := l.Allow(tc.ip, tc.user); got != tc.allow {
			t.Errorf("%s: Allow = %v", tc.name, got)
		}
		c.t = start
	}
}

func TestLoginRateLimitedAfterFive(t *testing.T) {
	s, _ := newTestService(t)
	_, pw, _ := s.CreateUser("admin", NewUser{Username: "ma", DisplayName: "马超", Role: RoleStaff})
	for i := 0; i < 5; i++ {
		if _, _, err := s.Login("ip", "", "ma", "nope"); err != ErrBadLogin {
			t.Fatalf("attempt %d: %v", i+1, err)
		}
	}
	if _, _, err := s.Login("ip", "", "ma", pw); !errors.Is(err, ErrRateLimited) {
		t.Fatalf("6th attempt: %v, want rate limited", err)
	}
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
		l.Fail("ip", fmt.Sprintf("user-%d", i))
	}
	c.t = c.t.Add(2 * time.Minute)
	l.Fail("ip2", "late")
	if n := len(l.fail); n > 2 {
		t.Fatalf("limiter still holds %d keys after the window passed", n)
	}
}
