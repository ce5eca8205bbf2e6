package account

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"

	"golang.org/x/crypto/bcrypt"
)

// RateLimited is the refusal of a login (or a password change) the
// throttle did not let through: the problem to show (with the minutes to
// wait) that also matches errors.Is(err, ErrRateLimited).
type RateLimited struct {
	RetryIn time.Duration
	p       *problem.Problem
}

func newRateLimited(retryIn time.Duration, field string) *RateLimited {
	mins := int((retryIn + time.Minute - 1) / time.Minute)
	return &RateLimited{RetryIn: retryIn, p: problem.New(field, ErrRateLimited.Key, "Minutes", max(mins, 1))}
}

func (e *RateLimited) Error() string { return e.p.Error() }

// Unwrap lets errors.As find the problem and errors.Is find ErrRateLimited.
func (e *RateLimited) Unwrap() []error { return []error{e.p, ErrRateLimited} }

// dummy is a hash of a random password at the service's own cost, checked
// for unknown and disabled users so that they take as long to refuse as a
// wrong password: timing must not tell which usernames exist.
type dummy struct {
	once sync.Once
	hash []byte
}

func (d *dummy) get(cost int) []byte {
	d.once.Do(func() {
		d.hash, _ = bcrypt.GenerateFromPassword([]byte(RandomPassword()), cost)
	})
	return d.hash
}

// checkSlots bounds the password checks running at once (each is ~70 ms
// of a core on a Pi): a flood of logins waits its turn instead of taking
// the CPU from the punch clock and the pages.
func newCheckSlots(n int) chan struct{} { return make(chan struct{}, max(n, 1)) }

// maxUsernameBytes is longer than any username can be (usernameRE allows
// 32 ASCII characters; spaces around are trimmed).
const maxUsernameBytes = 64

// maxSlowed bounds the logins waiting out an account's slow-down at once;
// beyond it an attempt is refused for a moment (the flood comes from many
// addresses, each of them already limited).
const maxSlowed = 64

// Login checks username and password under the throttle and opens a
// session. It returns the session token for the cookie. What it logs of
// the username is bounded and cleaned (loggedName).
func (s *Service) Login(ip, userAgent, username, password string) (token string, u User, err error) {
	return s.LoginContext(context.Background(), ip, userAgent, username, password)
}

// LoginContext is Login that gives up waiting (the slow-down, a check
// slot) when ctx ends: the client went away.
func (s *Service) LoginContext(ctx context.Context, ip, userAgent, username, password string) (token string, u User, err error) {
	if err := s.throttle(ctx, ip, username, "password"); err != nil {
		return "", User{}, err
	}
	known := false
	if len(username) <= maxUsernameBytes { // longer names cannot exist (usernameRE)
		u, err = s.UserByName(username)
		known = err == nil && !u.Disabled
	}
	hash := []byte(u.PasswordHash)
	if !known {
		hash = s.dummy.get(s.cost)
	}
	ok, err := s.compare(ctx, hash, password)
	if err != nil {
		return "", User{}, err
	}
	if !known || !ok {
		s.limiter.Fail(ip, username)
		s.logins.note(ip, username, false)
		return "", User{}, ErrBadLogin
	}
	token = RandomToken()
	now := s.now().UTC()
	sess := Session{Key: tokenKey(token), UserID: u.ID, CSRF: RandomToken(), CreatedAt: now, LastSeen: now, IP: ip, UserAgent: problem.BoundTo(userAgent, 200)}
	// Essential: with the storage nearly full, people must still sign in
	// to see what is wrong (the technician, the 设备 page).
	err = s.db.UpdateEssential(u.Username, func(tx *store.Tx) error {
		if err := tx.Put(bucketSessions, []byte(sess.Key), sess); err != nil {
			return err
		}
		return tx.Audit("login", objectName(u.ID), nil, map[string]any{"ip": ip})
	})
	if err != nil {
		return "", User{}, err
	}
	s.limiter.Succeeded(ip, username)
	return token, u, nil
}

// throttle applies the limiter's verdict: a refusal (counted in the audit
// window of the address) or a wait.
func (s *Service) throttle(ctx context.Context, ip, username, field string) error {
	v := s.limiter.Check(ip, username)
	if v.Refused {
		s.logins.note(ip, username, true)
		return newRateLimited(v.RetryIn, field)
	}
	if v.Delay <= 0 {
		return nil
	}
	if s.slowed.Add(1) > maxSlowed {
		s.slowed.Add(-1)
		s.logins.note(ip, username, true)
		return newRateLimited(time.Minute, field)
	}
	defer s.slowed.Add(-1)
	t := time.NewTimer(v.Delay)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// compare checks password against hash in one of the check slots.
func (s *Service) compare(ctx context.Context, hash []byte, password string) (bool, error) {
	select {
	case s.slots <- struct{}{}:
	case <-ctx.Done():
		return false, ctx.Err()
	}
	defer func() { <-s.slots }()
	err := bcrypt.CompareHashAndPassword(hash, []byte(password))
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, bcrypt.ErrMismatchedHashAndPassword):
		return false, nil
	default:
		// A damaged stored hash: the password cannot be checked.
		return false, fmt.Errorf("check password: %w", err)
	}
}

// FlushLoginAudit writes the audit entries of failed-login windows that
// have closed (all of them, with all set, at shutdown). The service runs
// it every minute.
func (s *Service) FlushLoginAudit(all bool) { s.logins.flush(all) }
