package account

import (
	"encoding/json"
	"strings"
	"sync"
	"time"
)

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// LimitConfig bounds failed logins: at most MaxFailures within Window, per
// client IP and per username. The next attempt after that is refused
// without checking the password.
type LimitConfig struct {
	MaxFailures int           // default 5
	Window      time.Duration // default 1 minute
}

// Limiter counts recent failed logins in memory. A restart clears it, which
// is acceptable: an attacker cannot restart the box.
type Limiter struct {
	cfg  LimitConfig
	now  func() time.Time
	mu   sync.Mutex
	fail map[string][]time.Time
}

// NewLimiter returns a limiter with defaults applied.
func NewLimiter(cfg LimitConfig, now func() time.Time) *Limiter {
	if cfg.MaxFailures <= 0 {
		cfg.MaxFailures = 5
	}
	if cfg.Window <= 0 {
		cfg.Window = time.Minute
	}
	return &Limiter{cfg: cfg, now: now, fail: map[string][]time.Time{}}
}

func limitKeys(ip, username string) []string {
	return []string{"ip:" + ip, "user:" + strings.ToLower(strings.TrimSpace(username))}
}

// recent drops failures older than the window and returns what is left.
func (l *Limiter) recent(key string, now time.Time) []time.Time {
	ts := l.fail[key]
	i := 0
	for i < len(ts) && now.Sub(ts[i]) >= l.cfg.Window {
		i++
	}
	ts = ts[i:]
	if len(ts) == 0 {
		delete(l.fail, key)
	} else {
		l.fail[key] = ts
	}
	return ts
}

// Allow reports whether another login attempt may be checked.
func (l *Limiter) Allow(ip, username string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	for _, k := range limitKeys(ip, username) {
		if len(l.recent(k, now)) >= l.cfg.MaxFailures {
			return false
		}
	}
	return true
}

// pruneAbove is how many keys the limiter holds before it drops every key
// whose failures are all older than the window: guessing across many
// usernames must not grow memory without bound.
const pruneAbove = 10000

// Fail records a failed attempt.
func (l *Limiter) Fail(ip, username string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	for _, k := range limitKeys(ip, username) {
		l.fail[k] = append(l.recent(k, now), now)
	}
	if len(l.fail) > pruneAbove {
		for k := range l.fail {
			l.recent(k, now) // deletes the key when nothing recent is left
		}
	}
}

// Reset forgets the failures of a user after a successful login (the IP's
// count stays, so one good account cannot unlock guessing at others).
func (l *Limiter) Reset(ip, username string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.fail, limitKeys(ip, username)[1])
}

// AllowUser reports whether another password check for username may be
// made outside the login form (the old password of a password change):
// it spends the same per-user budget as the login, so a signed-in session
// cannot guess its user's password faster than the login page allows.
func (l *Limiter) AllowUser(username string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.recent(limitKeys("", username)[1], l.now())) < l.cfg.MaxFailures
}

// FailUser records a failed password check for username (see AllowUser).
func (l *Limiter) FailUser(username string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	k := limitKeys("", username)[1]
	l.fail[k] = append(l.recent(k, now), now)
}
