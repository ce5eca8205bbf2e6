package account

import (
	"errors"
	"testing"
	"time"
)

// TestReviewRevokedSessionStaysRevoked: Authenticate reads the session in
// one transaction and refreshes LastSeen in another. A session revoked in
// between (log out everywhere, a password change, disabling) used to be
// written back whole by that refresh — a revoked cookie working again.
func TestReviewRevokedSessionStaysRevoked(t *testing.T) {
	s, c := newTestService(t)
	u, pw, err := s.CreateUser("admin", NewUser{Username: "wang", DisplayName: "王建国", Role: RoleStaff})
	if err != nil {
		t.Fatal(err)
	}
	token, _, err := s.Login("10.0.0.5", "test", "wang", pw)
	if err != nil {
		t.Fatal(err)
	}
	c.t = c.t.Add(2 * time.Minute) // due for a LastSeen refresh

	// Revoke between Authenticate's read and its refresh: Authenticate
	// asks the clock exactly there.
	revoked := false
	s.now = func() time.Time {
		if !revoked {
			revoked = true
			if err := s.LogoutEverywhere("admin", u.ID, ""); err != nil {
				t.Error(err)
			}
		}
		return c.t
	}
	if _, _, err := s.Authenticate(token); !errors.Is(err, ErrNoSession) {
		t.Errorf("authenticate racing a revocation: %v, want ErrNoSession", err)
	}
	if list, _ := s.Sessions(u.ID); len(list) != 0 {
		t.Fatalf("revoked session written back: %+v", list)
	}
	if _, _, err := s.Authenticate(token); !errors.Is(err, ErrNoSession) {
		t.Fatalf("the revoked cookie works again: %v", err)
	}
}

// TestReviewPasswordChangeDoesNotUndoReset: ChangePassword checks the old
// password against the account read in one transaction and writes the new
// one in another. An office reset in between (say, because the password
// leaked) used to be overwritten by the change made with the leaked
// password.
func TestReviewPasswordChangeDoesNotUndoReset(t *testing.T) {
	s, c := newTestService(t)
	u, oldPW, err := s.CreateUser("admin", NewUser{Username: "wang", DisplayName: "王建国", Role: RoleStaff})
	if err != nil {
		t.Fatal(err)
	}
	// The limiter asks the clock after the account was read and before
	// anything is written: reset the password right there.
	var resetPW string
	s.limiter.now = func() time.Time {
		if resetPW == "" {
			if resetPW, err = s.ResetPassword("admin", u.ID); err != nil {
				t.Error(err)
			}
		}
		return c.t
	}
	err = s.ChangePassword("wang", u.ID, oldPW, "Qingshan-2026-new", "")
	if resetPW == "" {
		t.Fatal("the reset did not run between the read and the write")
	}
	if !errors.Is(err, ErrPasswordWrong) {
		t.Errorf("change racing a reset: %v, want ErrPasswordWrong", err)
	}
	if _, _, err := s.Login("10.0.0.5", "test", "wang", resetPW); err != nil {
		t.Errorf("the office's reset password does not work: %v", err)
	}
}
